"""Areas a bundle has no data for: buurten outside the OSM extract it was built from.

A bundle built with ``toestaan_gedeeltelijk`` (:func:`sociale_basis.datasets.build`)
marks such buurten ``buiten_osm``: they have no addresses, voorzieningen, streets or
synthetic inwoners. Their figures would be zeros that mean "unknown", so every output
shows the text of :data:`~sociale_basis.privacy.GEEN_CIJFERS` instead: a buurt outside
the extract is ``"buiten het OSM-bestand"``, a wijk with such a buurt ``"deels buiten het
OSM-bestand"``. The CBS inhabitants stay: they do not come from OSM.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from ..core.gebied import Gebied
from ..privacy import Beveiligd

KEEP = frozenset({"inwoners"})
"""Columns that keep their figure outside the extract (from CBS, not from OSM)."""


def outside_osm(gebied: Gebied) -> dict[str, pd.Series]:
    """Per level the areas without (all) data, with their status code (``"OSM"`` or
    ``"OSM-deels"``); empty Series for a bundle that covers the whole gemeente."""
    buurten = gebied.buurten
    if "buiten_osm" not in buurten.columns:
        empty = pd.Series(dtype=object)
        return {"buurt": empty, "wijk": empty}
    flag = buurten["buiten_osm"].fillna(False).astype(bool)
    buurt = pd.Series("OSM", index=buurten.index[flag.to_numpy()], dtype=object)
    share = flag.groupby(buurten["wijkcode"].astype(str)).mean()
    share = share[share > 0]
    wijk = pd.Series(np.where(share >= 1, "OSM", "OSM-deels"), index=share.index, dtype=object)
    return {"buurt": buurt, "wijk": wijk}


def without_figures(tabel: Beveiligd, codes: pd.Series) -> Beveiligd:
    """A copy of ``tabel`` in which the areas of ``codes`` show their status instead of a
    figure (every column but :data:`KEEP`)."""
    rows = codes.index.intersection(tabel.waarden.index)
    if rows.empty:
        return tabel
    columns = [c for c in tabel.waarden.columns if c not in KEEP]
    waarden = tabel.waarden.copy()
    status = tabel.status.copy()
    for column in columns:
        if waarden[column].dtype.kind in "biu":
            waarden[column] = waarden[column].astype("float64")
        waarden.loc[rows, column] = np.nan
        status.loc[rows, column] = codes[rows].to_numpy()
    return Beveiligd(waarden, status, tabel.kolommen, tabel.log, tabel.afgerond, tabel.audit)


def mark_outside(themas: Mapping[str, Beveiligd], codes: pd.Series) -> dict[str, Beveiligd]:
    """Every theme with the areas of ``codes`` shown without figures."""
    return {thema: without_figures(tabel, codes) for thema, tabel in themas.items()}
