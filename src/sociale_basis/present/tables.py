"""Safe tables per wijk and buurt: key figures by theme, CSV, Excel and a disclosure report.

:func:`kerncijfers` gathers the figures of one level (wijk or buurt) by theme and protects
them with :func:`sociale_basis.privacy.protect` (rules R1-R5). The maps take their values
from the same object, so a table and a map never disagree about what may be shown.
:func:`write_tables` writes them as CSV (``;``, decimal comma, UTF-8 with BOM, as Dutch
Excel opens it) and as Excel (a sheet per theme), plus a Markdown report of what was
hidden and why.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..core.gebied import Gebied
from ..core.html import card
from ..core.paths import file_stem
from ..privacy.rules import MIN_INWONERS, REGELS, Beveiligd, Kolom, disclosure_report, protect
from .themes import Niveau, areas_of, bereik, bevolking, code_of, voorzieningen
from .themes import cohesie as cohesie_theme

THEMAS: tuple[str, ...] = ("bevolking", "voorzieningen", "cohesie", "bereik")
"""Themes of :class:`Kerncijfers`, in the order of the sheets; ``signalen`` is added by
:func:`write_tables` when flags are given."""

DREMPEL_M = 1000.0
"""Default distance threshold for the reach shares (``..._pct_verder``), in metres."""

BRON_LABELS: dict[str, str] = {
    "osm_2022": "OpenStreetMap (2022)",
    "duo_2017": "DUO (2017)",
    "synthetisch": "synthetisch (geen echte gegevens)",
}
"""How a ``bron`` value is shown to people."""


@dataclass
class Kerncijfers:
    """The protected figures of one level, by theme.

    Attributes
    ----------
    niveau
        ``"wijk"`` or ``"buurt"``.
    gebieden
        Indexed by area code: ``naam`` and, for buurten, ``wijkcode``. Names are public.
    themas
        Theme -> :class:`~sociale_basis.privacy.Beveiligd`; only themes with data.
    """

    niveau: Niveau
    gebieden: pd.DataFrame
    themas: dict[str, Beveiligd] = field(default_factory=dict)

    def thema_van(self, maat: str) -> str:
        """The theme that holds column ``maat``."""
        for thema, tabel in self.themas.items():
            if maat in tabel.kolommen:
                return thema
        known = ", ".join(self.maten())
        raise KeyError(f"onbekende maat '{maat}'; beschikbaar: {known}")

    def maten(self) -> list[str]:
        """Every column over all themes."""
        return [k for t in self.themas.values() for k in t.kolommen]

    def kolom(self, maat: str) -> Kolom:
        """The :class:`~sociale_basis.privacy.Kolom` of ``maat``."""
        return self.themas[self.thema_van(maat)].kolommen[maat]

    def waarden(self, maat: str) -> pd.Series:
        """Shown values of ``maat`` (NaN where hidden or missing), indexed by area code."""
        return self.themas[self.thema_van(maat)].waarden[maat]

    def tekst(self, maat: str, code: object) -> str:
        """One cell as Dutch text (``"23,5%"``, ``"geheim"``, ``"te weinig inwoners"``)."""
        return self.themas[self.thema_van(maat)].tekst(maat, code)

    def _repr_html_(self) -> str:
        first = next(iter(self.themas), None)
        frame = None
        shown = "geen thema's met gegevens"
        if first is not None:
            # names first: people know their buurt by name, not by its code
            # concat, not join: a column label equal to "naam" must not raise
            frame = pd.concat(
                [self.gebieden[["naam"]], self.themas[first].weergave_tekst()], axis=1
            )
            frame.index.name = code_of(self.niveau)
            shown = f"De tabel toont thema {first}; alle thema's staan in .themas"
        return card(
            f"Kerncijfers per {self.niveau}",
            [f"{len(self.gebieden)} gebieden. Thema's en hun kolommen:"],
            pairs={thema: ", ".join(t.kolommen) for thema, t in self.themas.items()},
            frame=frame,
            footnote=f"{shown}. Beveiligd met de regels R1-R5 (sociale_basis.privacy.REGELS).",
        )


def kerncijfers(
    gebied: Gebied,
    niveau: Niveau = "buurt",
    *,
    afstanden: pd.DataFrame | None = None,
    cohesie: pd.DataFrame | None = None,
    drempel_m: float = DREMPEL_M,
) -> Kerncijfers:
    """Protected key figures per wijk or buurt, by theme.

    Themes: ``bevolking`` (CBS inhabitants; counts and shares of age groups and of
    hulpvragen from the inwoners), ``voorzieningen`` (places per component of social
    infrastructure, verenigingen, professionals by base), ``cohesie`` (from
    :func:`~sociale_basis.social.table.measure_cohesion`, when given) and ``bereik`` (from
    :func:`~sociale_basis.streets.reach.distances_by_category` over the inwoners, when given).
    Every theme passes :func:`~sociale_basis.privacy.protect`; buurten get secondary
    suppression within their wijk (R5).

    Parameters
    ----------
    gebied
        The gemeente.
    niveau
        ``"wijk"`` or ``"buurt"``.
    afstanden
        Result of ``distances_by_category(network, gebied.inwoners, ...)``: indexed by
        (``categorie``, ``inwoner_id``).
    cohesie
        Result of ``measure_cohesion(G, niveau=niveau)``. The node id of the top broker is left
        out (it can be an inwoner); only its kind is shown.
    drempel_m
        Distance for the shares "verder dan ... m".

    Returns
    -------
    Kerncijfers
    """
    areas = areas_of(gebied, niveau)
    index = areas.index
    naam = "wijknaam" if niveau == "wijk" else "buurtnaam"
    gebieden = pd.DataFrame({"naam": areas[naam].astype(str)}, index=index)
    groep = None
    if niveau == "buurt":
        gebieden["wijkcode"] = areas["wijkcode"].astype(str)
        groep = gebieden["wijkcode"]
    inwoners = pd.to_numeric(areas["inwoners"], errors="coerce")
    result = Kerncijfers(niveau, gebieden)
    parts = [bevolking(gebied, niveau, index), voorzieningen(gebied, niveau, index)]
    names = ["bevolking", "voorzieningen"]
    if cohesie is not None:
        parts.append(cohesie_theme(gebied, niveau, index, cohesie))
        names.append("cohesie")
    if afstanden is not None and len(gebied.inwoners):
        parts.append(bereik(gebied, niveau, index, afstanden, drempel_m))
        names.append("bereik")
    for thema, (raw, kolommen) in zip(names, parts, strict=True):
        result.themas[thema] = protect(raw, kolommen, inwoners=inwoners, groep=groep)
    return result


# --- flags ---------------------------------------------------------------------------

SIGNAAL_KOLOMMEN = ("gebiedcode", "niveau", "signaal", "ernst", "waarde", "drempel", "reden")


def safe_signalen(signalen: pd.DataFrame, gebied: Gebied) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Flags that may be shown, and those left out with the reason.

    A flag about an area with fewer than 10 inhabitants is left out (R3): its numbers
    would be statistics about those few people. Codes that are no wijk or buurt of the
    gemeente are left out too (rows with ``niveau == "gemeente"`` are about the whole
    gemeente and stay), so nothing disappears silently.

    Returns
    -------
    (shown, left_out)
        ``shown`` has the columns of :data:`SIGNAAL_KOLOMMEN` first, then any others
        (``gebiednaam``, ``onderwerp``, ...), without geometry; ``left_out`` adds
        ``regel`` and ``toelichting``.
    """
    missing = [c for c in ("gebiedcode", "signaal", "reden") if c not in signalen.columns]
    if missing:
        raise ValueError(
            f"de signalen missen de kolom(men) {', '.join(missing)}; verwacht: "
            f"{', '.join(SIGNAAL_KOLOMMEN)}"
        )
    frame = pd.DataFrame(signalen).drop(columns="geometry", errors="ignore").copy()
    for column in SIGNAAL_KOLOMMEN:
        if column not in frame.columns:
            frame[column] = None
    rest = [c for c in frame.columns if c not in SIGNAAL_KOLOMMEN]
    frame = frame[[*SIGNAAL_KOLOMMEN, *rest]].reset_index(drop=True)
    sizes = pd.concat(
        [
            pd.to_numeric(gebied.wijken["inwoners"], errors="coerce"),
            pd.to_numeric(gebied.buurten["inwoners"], errors="coerce"),
        ]
    )
    codes = frame["gebiedcode"].astype(str)
    gemeente = (frame["niveau"].astype(str) == "gemeente").to_numpy()
    known = codes.isin(sizes.index).to_numpy() | gemeente
    small = codes.isin(sizes.index).to_numpy() & (
        sizes.reindex(codes).fillna(0).to_numpy() < MIN_INWONERS
    )
    out = ~known | small
    left = frame[out].copy()
    left["regel"] = np.where(small[out], "R3", "onbekend gebied")
    left["toelichting"] = np.where(
        small[out], REGELS["R3"].label, "geen wijk of buurt van deze gemeente"
    )
    return frame[~out].reset_index(drop=True), left.reset_index(drop=True)


# --- writing -------------------------------------------------------------------------


def _cell(value: object, kolom: Kolom | None) -> object:
    """A value for Excel: a rounded number, a label, or None."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, int | float | np.integer | np.floating):
        decimals = kolom.decimalen if kolom is not None else 2
        number = round(float(value), decimals)
        return int(number) if decimals == 0 else number
    return str(value)


def _csv_text(value: object) -> str:
    """A cell as Dutch CSV text: decimal comma, no thousands separator."""
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value).replace(".", ",") if not value.is_integer() else str(int(value))
    return str(value)


def sheet(k: Kerncijfers, thema: str) -> pd.DataFrame:
    """One theme as it is written: names first, then every column as shown."""
    tabel = k.themas[thema]
    shown = tabel.weergave()
    out = k.gebieden.copy()
    for name in shown.columns:
        kolom = tabel.kolommen[name]
        out[name] = pd.Series([_cell(v, kolom) for v in shown[name]], index=out.index, dtype=object)
    out.index.name = code_of(k.niveau)
    return out


def _uitleg(tabellen: Mapping[str, Kerncijfers]) -> pd.DataFrame:
    rows = []
    for niveau, k in tabellen.items():
        for thema, tabel in k.themas.items():
            for kolom in tabel.kolommen.values():
                rules = {
                    "aantal": "R1, R3, R5",
                    "hulpvraag": "R2, R3, R5",
                    "aandeel": "R3" + (", R4" if kolom.gevoelig else "") + ", R5",
                    "maat": "R3" + (", R4" if kolom.gevoelig else "") + ", R5",
                    "plek": "geen (gaat over plekken, niet over personen)",
                    "tekst": "R3, R5",
                }[kolom.soort]
                if not kolom.secundair and kolom.soort != "plek":
                    rules = rules.replace(", R5", "")
                rows.append((niveau, thema, kolom.naam, kolom.label, kolom.eenheid, rules))
    return pd.DataFrame(
        rows, columns=["niveau", "thema", "kolom", "betekenis", "eenheid", "regels"]
    ).drop_duplicates(["niveau", "kolom"])


def write_tables(
    gebied: Gebied,
    map: str | Path,
    *,
    afstanden: pd.DataFrame | None = None,
    cohesie: Mapping[str, pd.DataFrame] | None = None,
    signalen: pd.DataFrame | None = None,
    naam: str | None = None,
    drempel_m: float = DREMPEL_M,
    cijfers: Mapping[str, Kerncijfers] | None = None,
) -> list[Path]:
    """Write the protected figures per wijk and per buurt, and the disclosure report.

    Files (``<naam>`` defaults to the gemeente's name in lower case):

    - ``<naam>_wijken_<thema>.csv`` and ``<naam>_buurten_<thema>.csv``: one per theme,
      separator ``;``, decimal comma, UTF-8 with BOM; hidden cells hold the rule's label
      (``geheim``, ``te weinig inwoners``, ``te weinig personen``, ``afgeschermd``);
    - ``<naam>_wijken.xlsx`` and ``<naam>_buurten.xlsx``: a sheet per theme, plus
      ``uitleg`` (what each column means and which rules apply) and ``bronnen``;
    - ``<naam>_signalen.csv`` (when ``signalen`` are given), also a sheet ``signalen``;
    - ``<naam>_afscherming.md``: per rule what was hidden.

    Parameters
    ----------
    gebied
        The gemeente.
    map
        Folder to write into (made when missing).
    afstanden, drempel_m
        See :func:`kerncijfers`.
    cohesie
        ``{"wijk": measure_cohesion(G, niveau="wijk"), "buurt": measure_cohesion(G,
        niveau="buurt")}``;
        either may be left out.
    signalen
        Flags (``gebiedcode``, ``niveau``, ``signaal``, ``ernst``, ``waarde``,
        ``drempel``, ``reden``), e.g. from ``sociale_basis.gaps.flag_gaps``.
    cijfers
        Figures already made with :func:`kerncijfers`, by level (``"wijk"``, ``"buurt"``),
        so they are not computed twice; a level not given is computed from the inputs.

    Returns
    -------
    list of Path
        Every file written.
    """
    folder = Path(map)
    folder.mkdir(parents=True, exist_ok=True)
    prefix = file_stem(naam or gebied.naam)
    written: list[Path] = []
    tabellen: dict[str, Kerncijfers] = {}
    niveaus: tuple[Niveau, ...] = ("wijk", "buurt")
    for niveau in niveaus:
        given = (cijfers or {}).get(niveau)
        if given is not None and given.niveau != niveau:
            raise ValueError(f"cijfers['{niveau}'] zijn per {given.niveau}")
        tabellen[niveau] = given or kerncijfers(
            gebied,
            niveau,
            afstanden=afstanden,
            cohesie=(cohesie or {}).get(niveau),
            drempel_m=drempel_m,
        )
    shown_flags = left_flags = None
    if signalen is not None:
        shown_flags, left_flags = safe_signalen(signalen, gebied)
    uitleg = _uitleg(tabellen)
    bronnen = pd.DataFrame(
        {
            "bron": [b.get("naam", "") for b in gebied.bronnen] + ["inwoners en hun banden"],
            "licentie": [b.get("licentie", "") for b in gebied.bronnen] + [""],
            "vermelding": [b.get("attributie", "") for b in gebied.bronnen]
            + [
                "synthetisch (geen echte personen)" if gebied.seed is not None else "eigen gegevens"
            ],
        }
    )
    for level, k in tabellen.items():
        plural = f"{level}en"
        sheets = {thema: sheet(k, thema) for thema in k.themas}
        for thema, frame in sheets.items():
            path = folder / f"{prefix}_{plural}_{thema}.csv"
            _write_csv(frame, path)
            written.append(path)
        xlsx = folder / f"{prefix}_{plural}.xlsx"
        with pd.ExcelWriter(xlsx, engine="openpyxl") as writer:
            for thema, frame in sheets.items():
                frame.to_excel(writer, sheet_name=thema)
            if shown_flags is not None:
                level_flags = shown_flags[shown_flags["niveau"].astype(str) == level]
                level_flags.to_excel(writer, sheet_name="signalen", index=False)
            uitleg[uitleg["niveau"] == level].to_excel(writer, sheet_name="uitleg", index=False)
            bronnen.to_excel(writer, sheet_name="bronnen", index=False)
        written.append(xlsx)
    if shown_flags is not None:
        path = folder / f"{prefix}_signalen.csv"
        _write_csv(shown_flags, path, index=False)
        written.append(path)
    report = disclosure_report(
        {
            f"{niveau}en: {thema}": tabel
            for niveau, k in tabellen.items()
            for thema, tabel in k.themas.items()
        },
        titel=f"Afscherming van de tabellen en kaarten van {gebied.naam}",
    )
    report += _flag_report(left_flags)
    report += (
        "\n## Bronnen\n\n"
        + gebied.attributie
        + "\n\nDe cijfers over inwoners, hulpvragen, banden en bereik zijn berekend op een "
        "synthetische bevolking en gaan niet over echte mensen.\n"
        if gebied.seed is not None
        else "\n## Bronnen\n\n" + gebied.attributie + "\n"
    )
    path = folder / f"{prefix}_afscherming.md"
    path.write_text(report, encoding="utf-8")
    written.append(path)
    return written


def _flag_report(left: pd.DataFrame | None) -> str:
    if left is None:
        return ""
    lines = ["## Signalen", ""]
    if left.empty:
        lines.append("- Alle signalen getoond.")
    for _, row in left.iterrows():
        lines.append(
            f"- {row['gebiedcode']}: signaal '{row['signaal']}' niet getoond "
            f"({row['regel']}: {row['toelichting']})."
        )
    return "\n".join(lines) + "\n"


def _write_csv(frame: pd.DataFrame, path: Path, *, index: bool = True) -> None:
    text = frame.map(_csv_text) if len(frame.columns) else frame
    text.to_csv(path, sep=";", encoding="utf-8-sig", index=index)
