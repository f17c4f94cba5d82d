"""Synthetic places and people who work there: voorzieningen, professionals, verenigingen.

**Voorzieningen.** The real ones are returned unchanged. For every soort the bundle asks to
add (``Bron.aanvullen``; ``["alles"]`` means every soort of
:data:`~sociale_basis.synthetic.aannames.VOORZIENING_NORMEN`) the expected number is
``round(basis / per)`` (at least 1 when the basis is positive) and only the difference with
the real points of that soort is added. Wijkteams follow their own rule: one per wijk with at
least 1,000 inwoners that has no real one (and one in the largest wijk when no wijk reaches
1,000). The synthetic ones are allocated to wijken by largest remainder on the basis
population, and placed inside a wijk by k-means (:func:`scipy.cluster.vq.kmeans2`, seeded) on
a sample of its inwoners, each on the address point nearest a cluster centre.

**Professionals.** Per role (:data:`~sociale_basis.synthetic.aannames.ROL_NORMEN`) the number
is ``round(basis / per_fte / fte)`` (at least 1), allocated to wijken by largest remainder.
Each professional's base is the voorziening of the role's ``werkplek`` soort nearest a random
inwoner of the wijk served (a population-weighted spot). When the gemeente has no voorziening
of that soort the base is the nearest buurthuis, else the nearest wijkteam.

**Verenigingen.** Per kind (:data:`~sociale_basis.synthetic.aannames.VERENIGING_NORMEN`) the
same way; each meets at the voorziening of a fitting soort nearest a population-weighted
spot of its wijk and takes that voorziening's geometry and area codes. When the gemeente has
no fitting soort, the nearest meeting place of the first soort with ``taxonomy.Soort.ontmoeting``
(in taxonomy order: buurthuis, bibliotheek, café, ...) that exists.
"""

from __future__ import annotations

import re
import warnings

import geopandas as gpd
import numpy as np
import pandas as pd
from scipy.cluster.vq import kmeans2
from scipy.spatial import cKDTree

from ..core.crs import RD_NEW
from ..core.errors import Problem, ValidationError
from ..core.taxonomy import ROLLEN, SOORTEN, VERENIGING_SOORTEN, suggest
from . import aannames as A
from .tools import IntArray, largest_remainder

SYNTHETISCH = "synthetisch"


def short_name(wijknaam: str) -> str:
    """A wijk name without the CBS prefix: "Wijk 24 Voorhof" -> "Voorhof"."""
    return re.sub(r"^Wijk\s+\d+\s+", "", str(wijknaam)).strip() or str(wijknaam)


def basis_mask(leeftijd: IntArray, basis: str) -> np.ndarray:
    """Which inwoners count for a basis ``"inwoners"`` or ``"leeftijd:lo-hi"``."""
    if basis.startswith("leeftijd:"):
        lo, hi = (int(v) for v in basis.split(":", 1)[1].split("-"))
        return np.asarray((leeftijd >= lo) & (leeftijd <= hi))
    return np.ones(len(leeftijd), dtype=bool)


class Wijken:
    """Inwoners grouped by wijk, for allocation and population-weighted spots."""

    def __init__(self, personen: pd.DataFrame, wijkcodes: list[str], namen: dict[str, str]):
        self.codes = list(wijkcodes)
        self.namen = namen
        self.leeftijd = personen["leeftijd"].to_numpy()
        self.xy = personen[["x", "y"]].to_numpy()
        pos = pd.Index(self.codes).get_indexer(pd.Index(personen["wijkcode"]))
        self.wijk = pos

    def basis_per_wijk(self, basis: str) -> np.ndarray:
        mask = basis_mask(self.leeftijd, basis)
        return np.bincount(self.wijk[mask], minlength=len(self.codes)).astype(float)

    def spots(
        self, wijk: int, k: int, basis: str, rng: np.random.Generator, sample: bool = False
    ) -> np.ndarray:
        """Coordinates of `k` random inwoners (of the basis) of one wijk: population-weighted
        spots. With `sample`, at most `k` distinct inwoners (a sample for k-means)."""
        members = np.flatnonzero((self.wijk == wijk) & basis_mask(self.leeftijd, basis))
        if len(members) == 0:
            members = np.flatnonzero(self.wijk == wijk)
        if sample:
            k = min(k, len(members))
        return np.asarray(self.xy[rng.choice(members, size=k, replace=not sample)])

    def naam(self, wijkcode: str) -> str:
        return short_name(self.namen.get(wijkcode, wijkcode))


def expected_count(basis_total: float, per: float) -> int:
    """round(basis / per), at least 1 when there is any basis."""
    return max(1, round(basis_total / per)) if basis_total > 0 else 0


# --- voorzieningen -----------------------------------------------------------------------------


def soorten_to_add(aanvullen: list[str], naam: str = "gemeente") -> list[str]:
    """The soorten to add, checked against the ratio table.

    Raises
    ------
    ValidationError
        For a soort without a ratio in ``VOORZIENING_NORMEN``.
    """
    if "alles" in aanvullen:
        return list(A.VOORZIENING_NORMEN)
    bad = [s for s in aanvullen if s not in A.VOORZIENING_NORMEN]
    if bad:
        allowed = list(A.VOORZIENING_NORMEN)
        raise ValidationError(
            [
                Problem(
                    f"manifest van {naam}",
                    None,
                    "synthetisch.aanvullen",
                    s,
                    "geen verhouding bekend om deze soort aan te vullen",
                    f"{suggest(s, allowed)} (of 'alles')",
                )
                for s in bad
            ],
            f"manifest van {naam}",
        )
    return list(dict.fromkeys(aanvullen))


def add_voorzieningen(
    real: gpd.GeoDataFrame,
    adressen: gpd.GeoDataFrame,
    wijken: Wijken,
    aanvullen: list[str],
    rng: np.random.Generator,
    naam: str = "gemeente",
) -> gpd.GeoDataFrame:
    """The real voorzieningen plus synthetic ones for the soorten in `aanvullen`."""
    soorten = soorten_to_add(aanvullen, naam)
    addr_xy = np.column_stack([adressen.geometry.x.to_numpy(), adressen.geometry.y.to_numpy()])
    addr_wijk = pd.Index(wijken.codes).get_indexer(pd.Index(adressen["wijkcode"]))
    trees: dict[int, tuple[np.ndarray, cKDTree]] = {}
    real_wijk = real["wijkcode"] if "wijkcode" in real.columns else pd.Series(dtype=object)
    population = wijken.basis_per_wijk("inwoners")

    chosen: list[tuple[str, int, int]] = []  # (soort, wijk, address position)
    used: set[int] = set()
    for soort in soorten:
        norm = A.VOORZIENING_NORMEN[soort]
        is_real = (real["soort"] == soort).to_numpy() if len(real) else np.zeros(0, bool)
        if norm.basis == "wijk":
            need = (population >= norm.per).astype(np.int64)
            if need.sum() == 0 and population.sum() > 0:
                need[int(np.argmax(population))] = 1
            have = pd.Index(wijken.codes).get_indexer(pd.Index(real_wijk[is_real]))
            need[have[have >= 0]] = 0
            per_wijk = need
        else:
            basis = wijken.basis_per_wijk(norm.basis)
            missing = max(0, expected_count(basis.sum(), norm.per) - int(is_real.sum()))
            per_wijk = largest_remainder(missing, basis) if missing else np.zeros(len(basis), int)
        for w in (int(i) for i in np.flatnonzero(per_wijk)):
            if w not in trees:
                own = np.flatnonzero(addr_wijk == w)
                trees[w] = (own, cKDTree(addr_xy[own]))
            own, tree = trees[w]
            centres = _centres(
                wijken.spots(w, A.KMEANS_STEEKPROEF, "inwoners", rng, sample=True),
                int(per_wijk[w]),
                rng,
            )
            # the nearest address not yet taken by another synthetic voorziening, so that
            # soorten with one place per wijk do not all land on the wijk's centre address
            _, near = tree.query(centres, k=min(A.ADRES_KANDIDATEN, len(own)))
            for row in np.atleast_2d(np.asarray(near).reshape(len(centres), -1)):
                free = [int(own[i]) for i in row if int(own[i]) not in used]
                at = free[0] if free else int(own[row[0]])
                used.add(at)
                chosen.append((soort, int(w), at))

    synth = _voorzieningen_frame(chosen, adressen, wijken, _new_ids(real.index, len(chosen)))
    if len(real) == 0:
        return synth
    if len(synth) == 0:
        return real.copy()
    return gpd.GeoDataFrame(pd.concat([real, synth]), geometry="geometry", crs=real.crs)


def _centres(points: np.ndarray, k: int, rng: np.random.Generator) -> np.ndarray:
    unique = np.unique(points, axis=0)
    if k >= len(unique):  # fewer distinct homes than places to put: use the homes themselves
        return np.asarray(unique[rng.choice(len(unique), size=k, replace=k > len(unique))])
    with warnings.catch_warnings():
        # an empty cluster only means two centres share a spot; the result stays usable
        warnings.simplefilter("ignore")
        centres, _ = kmeans2(points, k, minit="++", seed=rng)
    return np.asarray(centres)


def _new_ids(real_ids: pd.Index, n: int) -> list[int] | list[str]:
    """Ids after the largest real int id, or "S0", "S1", ... when real ids are not ints."""
    if len(real_ids) == 0 or pd.api.types.is_integer_dtype(real_ids.dtype):
        start = int(real_ids.max()) + 1 if len(real_ids) else 0
        return list(range(start, start + n))
    return [f"S{i}" for i in range(n)]


def _voorzieningen_frame(
    chosen: list[tuple[str, int, int]],
    adressen: gpd.GeoDataFrame,
    wijken: Wijken,
    ids: list[int] | list[str],
) -> gpd.GeoDataFrame:
    soort = [c[0] for c in chosen]
    pos = np.array([c[2] for c in chosen], dtype=np.int64)
    frame = pd.DataFrame(
        {
            "soort": soort,
            "buurtcode": adressen["buurtcode"].to_numpy()[pos],
            "wijkcode": adressen["wijkcode"].to_numpy()[pos],
        },
        index=pd.Index(ids, name="voorziening_id"),
    )
    number = frame.groupby(["soort", "wijkcode"]).cumcount() + 1
    frame["naam"] = [
        f"{A.VOORZIENING_NAMEN.get(s, SOORTEN[s].label)} {wijken.naam(w)} {k}"
        for s, w, k in zip(frame["soort"], frame["wijkcode"], number, strict=True)
    ]
    frame["bron"] = SYNTHETISCH
    geometry = adressen.geometry.to_numpy()[pos]
    return gpd.GeoDataFrame(
        frame[["soort", "naam", "buurtcode", "wijkcode", "bron"]],
        geometry=gpd.GeoSeries(geometry, index=frame.index, crs=RD_NEW),
        crs=RD_NEW,
    )


# --- bases: nearest voorziening of some soorten -------------------------------------------------


class Plekken:
    """Voorzieningen with a location, searchable by soort."""

    def __init__(self, voorzieningen: gpd.GeoDataFrame):
        geom = voorzieningen.geometry
        ok = (geom.notna() & ~geom.is_empty).to_numpy()
        self.frame = voorzieningen[ok]
        self.xy = np.column_stack([self.frame.geometry.x, self.frame.geometry.y])
        self.soort = self.frame["soort"].to_numpy()

    def nearest(
        self, spots: np.ndarray, soorten: tuple[str, ...], fallback: tuple[str, ...], what: str
    ) -> np.ndarray:
        """Row positions (in :attr:`frame`) of the nearest voorziening of `soorten` to each
        spot; when there is none, of the first soort in `fallback` that exists.

        Raises
        ------
        ValueError
            When the gemeente has no voorziening of any of these soorten.
        """
        for group in (soorten, *((s,) for s in fallback)):
            rows = np.flatnonzero(np.isin(self.soort, group))
            if len(rows):
                _, i = cKDTree(self.xy[rows]).query(spots)
                return np.asarray(rows[np.atleast_1d(i)])
        tried = ", ".join(dict.fromkeys((*soorten, *fallback)))
        raise ValueError(
            f"Geen plek voor {what}: de gemeente heeft geen voorziening van de soort {tried}. "
            "Oplossing: voeg zulke voorzieningen toe, of zet 'buurthuis' of 'wijkteam' in "
            "[synthetisch] aanvullen van het manifest."
        )


def _allocate(wijken: Wijken, basis: str, per: float) -> np.ndarray:
    counts = wijken.basis_per_wijk(basis)
    total = expected_count(counts.sum(), per)
    return largest_remainder(total, counts) if total else np.zeros(len(counts), np.int64)


def make_professionals(
    plekken: Plekken, wijken: Wijken, rng: np.random.Generator
) -> gpd.GeoDataFrame:
    """Synthetic professionals of every role in :data:`taxonomy.ROLLEN`."""
    rol_list: list[str] = []
    rows: list[np.ndarray] = []
    for rol, info in ROLLEN.items():
        norm = A.ROL_NORMEN[rol]
        per_wijk = _allocate(wijken, norm.basis, norm.per_fte * norm.fte)
        for w in (int(i) for i in np.flatnonzero(per_wijk)):
            spots = wijken.spots(w, int(per_wijk[w]), norm.basis, rng)
            rows.append(
                plekken.nearest(spots, (info.werkplek,), A.WERKPLEK_TERUGVAL, f"rol '{rol}'")
            )
            rol_list += [rol] * int(per_wijk[w])
    at = np.concatenate(rows) if rows else np.zeros(0, np.int64)
    base = plekken.frame.iloc[at]
    fte = np.array([A.ROL_NORMEN[r].fte for r in rol_list])
    cap = np.array(
        [round(A.ROL_NORMEN[r].capaciteit_per_fte * A.ROL_NORMEN[r].fte) for r in rol_list]
    )
    frame = pd.DataFrame(
        {
            "rol": rol_list,
            "voorziening_id": base.index.to_numpy(),
            "capaciteit": cap.astype(np.int64),
            "fte": fte.astype(float),
            "buurtcode": base["buurtcode"].to_numpy(),
            "wijkcode": base["wijkcode"].to_numpy(),
            "bron": SYNTHETISCH,
        },
        index=pd.RangeIndex(len(rol_list), name="professional_id"),
    )
    return gpd.GeoDataFrame(
        frame, geometry=gpd.GeoSeries(base.geometry.to_numpy(), index=frame.index), crs=RD_NEW
    )


def make_verenigingen(
    plekken: Plekken, wijken: Wijken, rng: np.random.Generator
) -> gpd.GeoDataFrame:
    """Synthetic verenigingen of every kind in :data:`taxonomy.VERENIGING_SOORTEN`."""
    meeting = tuple(s for s, info in SOORTEN.items() if info.ontmoeting)
    soort_list: list[str] = []
    rows: list[np.ndarray] = []
    for soort in VERENIGING_SOORTEN:
        norm = A.VERENIGING_NORMEN[soort]
        per_wijk = _allocate(wijken, norm.basis, norm.per)
        for w in (int(i) for i in np.flatnonzero(per_wijk)):
            spots = wijken.spots(w, int(per_wijk[w]), norm.basis, rng)
            rows.append(plekken.nearest(spots, norm.plekken, meeting, f"vereniging '{soort}'"))
            soort_list += [soort] * int(per_wijk[w])
    at = np.concatenate(rows) if rows else np.zeros(0, np.int64)
    base = plekken.frame.iloc[at]
    frame = pd.DataFrame(
        {
            "soort": soort_list,
            "voorziening_id": base.index.to_numpy(),
            "buurtcode": base["buurtcode"].to_numpy(),
            "wijkcode": base["wijkcode"].to_numpy(),
            "bron": SYNTHETISCH,
        },
        index=pd.RangeIndex(len(soort_list), name="vereniging_id"),
    )
    number = frame.groupby(["soort", "wijkcode"]).cumcount() + 1
    frame.insert(
        0,
        "naam",
        [
            f"{A.VERENIGING_NORMEN[s].naam} {wijken.naam(w)} {k}"
            for s, w, k in zip(frame["soort"], frame["wijkcode"], number, strict=True)
        ],
    )
    return gpd.GeoDataFrame(
        frame, geometry=gpd.GeoSeries(base.geometry.to_numpy(), index=frame.index), crs=RD_NEW
    )
