"""A user's own verenigingen, professionals and voorzieningen in place of synthetic ones.

A bundle's population is synthetic, but a gemeente often knows its own verenigingen,
professionals and voorzieningen. :class:`EigenDelen` holds those tables (read and checked by
the readers of :mod:`sociale_basis.io`); the generator then uses them instead of drawing
synthetic ones of that kind, and builds the synthetic inwoners around them: memberships are
drawn to the real verenigingen (per soort, the nearer the likelier, as for synthetic ones),
caseloads go to the real professionals (clients with a hulpvraag that fits the role, within
the professional's ``capaciteit``). Own voorzieningen replace the bundle's; the generator
only adds synthetic voorzieningen of the soorten the file lacks (``bron = "synthetisch"``),
so that every role and vereniging still has a place.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd

from ..core.crs import require_rd
from ..core.gebied import DELEN, EIGEN_BESTAND


@dataclass(frozen=True)
class EigenDelen:
    """A user's own parts; ``None`` where the synthetic (or bundle's) part stays."""

    voorzieningen: gpd.GeoDataFrame | None = None
    verenigingen: gpd.GeoDataFrame | None = None
    professionals: gpd.GeoDataFrame | None = None

    def __post_init__(self) -> None:
        for naam in DELEN:
            frame = getattr(self, naam)
            if frame is not None:
                require_rd(frame, f"eigen {naam}")

    @property
    def namen(self) -> tuple[str, ...]:
        """The parts that come from the user."""
        return tuple(n for n in DELEN if getattr(self, n) is not None)

    def aanvullen(self, aanvullen: list[str]) -> list[str]:
        """The soorten the generator still adds: none the user's voorzieningen already have."""
        if self.voorzieningen is None:
            return list(aanvullen)
        have = set(self.voorzieningen["soort"].astype(str))
        return [s for s in aanvullen if s not in have]

    def verenigingen_frame(self) -> gpd.GeoDataFrame | None:
        """The user's verenigingen with every column of the contract."""
        return None if self.verenigingen is None else _with_columns(self.verenigingen, "naam")

    def professionals_frame(self) -> gpd.GeoDataFrame | None:
        """The user's professionals with every column of the contract (``fte`` only when
        the file has it: it is optional)."""
        return None if self.professionals is None else _with_columns(self.professionals, "rol")


def _with_columns(frame: gpd.GeoDataFrame, first: str) -> gpd.GeoDataFrame:
    out = frame.copy()
    for column in ("voorziening_id", "buurtcode", "wijkcode"):
        if column not in out.columns:
            out[column] = pd.NA
    if "bron" not in out.columns:
        out["bron"] = EIGEN_BESTAND
    out["bron"] = out["bron"].fillna(EIGEN_BESTAND).astype(str)
    if first not in out.columns:
        raise ValueError(f"eigen tabel mist de kolom {first}")
    return out


def within_capacity(
    lid: tuple[np.ndarray, np.ndarray],
    verenigingen: gpd.GeoDataFrame,
    member_xy: np.ndarray,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """Memberships (inwoner position, vereniging position) within each vereniging's
    ``capaciteit`` (the most members, where the user's file gives it; empty: no limit).

    In a random order, a member drawn to a full vereniging goes to the nearest vereniging
    of the same soort that still has room; when there is none, that inwoner is no member
    of that soort. Without any ``capaciteit`` the memberships are returned unchanged.
    """
    if "capaciteit" not in verenigingen.columns or len(lid[0]) == 0:
        return lid
    cap = pd.to_numeric(verenigingen["capaciteit"], errors="coerce").to_numpy(dtype=float)
    if np.isnan(cap).all():
        return lid
    room = np.where(np.isnan(cap), np.inf, cap)
    soort = verenigingen["soort"].to_numpy()
    v_xy = np.column_stack([verenigingen.geometry.x, verenigingen.geometry.y])
    a, b = lid
    target = b.copy()
    keep = np.zeros(len(a), dtype=bool)
    counts = np.zeros(len(room))
    for i in rng.permutation(len(a)):  # one step per membership: only with capacities
        v = b[i]
        if counts[v] >= room[v]:
            same = np.flatnonzero((soort == soort[v]) & (counts < room))
            if not len(same):
                continue
            v = same[np.argmin(np.hypot(*(v_xy[same] - member_xy[a[i]]).T))]
        counts[v] += 1
        target[i] = v
        keep[i] = True
    return a[keep], target[keep]
