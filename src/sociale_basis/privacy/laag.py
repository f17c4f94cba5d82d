"""A level's raw table to protect (Laag) and the state of its protection while the rules run."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from .rules import Kolom


@dataclass
class Laag:
    """One level of areas to protect together with the others (:func:`protect_levels`).

    Attributes
    ----------
    ruw
        Raw figures, indexed by area code (see ``ruw`` of :func:`protect`).
    kolommen
        What to publish and how.
    inwoners
        Number of inhabitants per area (R3); missing counts as fewer than 10.
    ouder
        The area of the next level that each area lies in (the ``wijkcode`` of each
        buurt); None for the top level.
    bovengrens
        A public, exact number of persons per area that bounds every count of the table
        (the CBS inhabitants, when the persons in the data are exactly those); None when
        nothing public bounds the counts. The audit uses it as what a reader knows anyway:
        a count in an area of 0 inhabitants is known to be 0 and protects nothing.
    verbergbaar
        Whether secondary suppression may hide cells of this level. False for totals
        that are assumed to be published elsewhere as they are (see :func:`protect`).
    """

    ruw: pd.DataFrame
    kolommen: Sequence[Kolom]
    inwoners: pd.Series
    ouder: pd.Series | None = None
    bovengrens: pd.Series | None = None
    verbergbaar: bool = True


@dataclass
class State:
    """The values and rule codes of one level while it is being protected."""

    index: pd.Index
    values: dict[str, pd.Series]
    status: dict[str, pd.Series]
    changed: dict[str, pd.Series]


def blank_hidden(state: State, spec: dict[str, Kolom]) -> None:
    """Blank the numbers of every hidden count and measure (text is blanked at once)."""
    for name, codes in state.status.items():
        if spec[name].soort in ("aantal", "hulpvraag", "maat"):
            state.values[name] = state.values[name].where(codes == "")
