"""Overviews the command writes beside the maps: the overview per wijk of the first demo (no
counts of persons) and the fit report of the synthetic population as written."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..core.gebied import Gebied
from ..core.paths import file_stem
from ..gaps import Ensemble
from .spreadsheet import write_csv

MIN_BASIS = 100
"""Areas with fewer units than this get no synthetic value in the written fit report (the
rule for shares of sensitive attributes, DESIGN §5)."""


def fit_table(ijking: pd.DataFrame) -> pd.DataFrame:
    """The fit report as written: synthetic values of areas with fewer than MIN_BASIS units
    left out (with the reason), and a column saying the values describe synthetic inwoners."""
    out = ijking.copy()
    small = out["basis"] < MIN_BASIS
    out.loc[small, ["synthetisch_pct", "verschil_pct"]] = np.nan
    out["opmerking"] = np.where(small, f"minder dan {MIN_BASIS}: niet getoond", "")
    out["herkomst"] = "synthetische bevolking, geijkt"
    return out


def wijk_overzicht(gebied: Gebied) -> pd.DataFrame:
    """Per wijk: real CBS inhabitants and counts of voorzieningen, verenigingen and
    professionals. Contains no counts of (synthetic) persons, so nothing needs suppressing;
    a column ``bron`` says which counts are synthetic. A partial bundle adds `opmerking`:
    which wijken lie (partly) outside its OSM file.
    """
    from ..core.taxonomy import CAFE, COMPONENTEN, SOORTEN
    from ..privacy import status_label
    from .coverage import outside_osm
    from .tables import bron_of

    vz = gebied.voorzieningen
    component = vz["soort"].map(lambda s: SOORTEN[s].component)
    per_component = pd.crosstab(vz["wijkcode"], component)
    per_component = per_component.reindex(columns=[*COMPONENTEN, CAFE], fill_value=0)
    per_component.columns = [f"voorzieningen_{c}" for c in per_component.columns]
    synthetisch = (vz["bron"] == "synthetisch").groupby(vz["wijkcode"]).sum()
    tabel = gebied.wijken[["wijknaam", "inwoners"]].rename(columns={"inwoners": "inwoners_cbs"})
    tabel = tabel.join(per_component).join(synthetisch.rename("voorzieningen_synthetisch"))
    tabel["verenigingen"] = gebied.verenigingen.groupby("wijkcode").size()
    tabel["professionals"] = gebied.professionals.groupby("wijkcode").size()
    counts = [c for c in tabel.columns if c not in ("wijknaam",)]
    tabel[counts] = tabel[counts].fillna(0).astype("int64")
    outside = outside_osm(gebied)["wijk"]
    if len(outside):  # a partial bundle: its zeros there mean "not in the OSM file"
        tabel["opmerking"] = outside.map(status_label).reindex(tabel.index).fillna("")
    bron = bron_of(gebied, "voorzieningen")
    if bron is not None:  # synthetic verenigingen, professionals or voorzieningen: say so
        tabel["bron"] = bron
    return pd.DataFrame(tabel)


def ensemble_table(uitslag: Ensemble, gebied: Gebied) -> pd.DataFrame:
    """The ensemble's median and 90 % interval per area and measure, as written by
    ``demo --seeds``: only shares and means (``aandeel_*``, ``gem_*``) and only areas with
    at least MIN_BASIS CBS inhabitants (the rule for shares of sensitive attributes)."""
    maten = uitslag.maten.reset_index()
    maten = maten[maten["maat"].str.startswith(("aandeel_", "gem_"))]
    areas = pd.concat(
        [
            gebied.wijken[["wijknaam", "inwoners"]].set_axis(["naam", "inwoners"], axis=1),
            gebied.buurten[["buurtnaam", "inwoners"]].set_axis(["naam", "inwoners"], axis=1),
        ]
    )
    areas["niveau"] = ["wijk"] * len(gebied.wijken) + ["buurt"] * len(gebied.buurten)
    out = maten.merge(areas, left_on="gebiedcode", right_index=True, how="inner")
    inwoners = pd.to_numeric(out.pop("inwoners"), errors="coerce")
    out = out[inwoners >= MIN_BASIS]
    out["herkomst"] = "synthetische bevolking, ensemble over seeds"
    columns = ["niveau", "gebiedcode", "naam", "maat", "mediaan", "p05", "p95", "seeds"]
    return out[[*columns, "herkomst"]].reset_index(drop=True)


def write_overzicht(gebied: Gebied, uit: Path, naam: str) -> None:
    """The demo's own tables in ``uit``: ``<naam>_ijking.csv``, the fit of the synthetic
    population to its ijkpunten (when it has one), and ``<naam>_wijken_overzicht.csv``
    (:func:`wijk_overzicht`)."""
    if gebied.ijking is not None:
        ijking = uit / f"{file_stem(naam)}_ijking.csv"
        write_csv(fit_table(gebied.ijking), ijking)
        print(f"\nIjking van de synthetische bevolking geschreven naar {ijking}")
    csv = uit / f"{file_stem(naam)}_wijken_overzicht.csv"
    write_csv(wijk_overzicht(gebied), csv)
    print(f"\nOverzicht per wijk geschreven naar {csv}")


# --- ensemble: one analysis over many synthetic populations ------------------------------
