"""Safe tables per wijk and buurt: key figures by theme, CSV, Excel and a disclosure report.

:func:`kerncijfers` gathers the figures of one level (wijk or buurt) by theme and protects
them with :func:`sociale_basis.privacy.protect` (rules R1-R5). The maps take their values
from the same object, so a table and a map never disagree about what may be shown.
:func:`write_tables` writes them as CSV (``;``, decimal comma, UTF-8 with BOM, as Dutch
Excel opens it) and as Excel (a sheet per theme), plus a Markdown report of what was
hidden and why. Text cells (names, reasons, sources) are written as text, never as
formulas (:mod:`sociale_basis._spreadsheet`).
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
from ..privacy.rules import (
    MIN_INWONERS,
    REGELS,
    Beveiligd,
    Kolom,
    Laag,
    disclosure_report,
    protect,
    protect_levels,
)
from .spreadsheet import write_csv, write_xlsx
from .themes import (
    Niveau,
    areas_of,
    bereik,
    bevolking,
    code_of,
    personen_publiek,
    voorzieningen,
)
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
    andere: Kerncijfers | None = field(default=None, compare=False, repr=False)
    """The figures of the other level, protected together with these (see
    :func:`kerncijfers_beide`): what a wijk table shows is audited with its buurten."""
    drempel_m: float | None = None
    """The distance of the reach shares ``..._pct_verder``, when there are any."""

    def niveaus(self) -> dict[str, Kerncijfers]:
        """These figures and those protected together with them, by level."""
        out: dict[str, Kerncijfers] = {self.niveau: self}
        if self.andere is not None:
            out[self.andere.niveau] = self.andere
        return out

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
    cohesie: pd.DataFrame | Mapping[str, pd.DataFrame] | None = None,
    drempel_m: float = DREMPEL_M,
) -> Kerncijfers:
    """Protected key figures per wijk or buurt, by theme.

    Themes: ``bevolking`` (CBS inhabitants; counts and shares of age groups and of
    hulpvragen from the inwoners), ``voorzieningen`` (places per component of social
    infrastructure, verenigingen, professionals by base), ``cohesie`` (from
    :func:`~sociale_basis.social.table.measure_cohesion`, when given) and ``bereik`` (from
    :func:`~sociale_basis.streets.reach.distances_by_category` over the inwoners, when given).

    The figures of both levels are protected together (:func:`kerncijfers_beide`), so
    that no hidden buurt can be worked out from a published wijk figure; the result holds
    the other level in :attr:`Kerncijfers.andere`.

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
        Result of ``measure_cohesion(G, niveau=niveau)``, or ``{"wijk": ..., "buurt": ...}``.
        The node id of the top broker is left out (it can be an inwoner); only its kind is
        shown.
    drempel_m
        Distance for the shares "verder dan ... m".

    Returns
    -------
    Kerncijfers
    """
    areas_of(gebied, niveau)  # an unknown level is refused before any work
    if isinstance(cohesie, pd.DataFrame):
        cohesie = {niveau: cohesie}
    return kerncijfers_beide(gebied, afstanden=afstanden, cohesie=cohesie, drempel_m=drempel_m)[
        niveau
    ]


def kerncijfers_beide(
    gebied: Gebied,
    *,
    afstanden: pd.DataFrame | None = None,
    cohesie: Mapping[str, pd.DataFrame] | None = None,
    drempel_m: float = DREMPEL_M,
) -> dict[Niveau, Kerncijfers]:
    """Protected key figures per buurt and per wijk, protected together.

    Every theme passes :func:`~sociale_basis.privacy.protect_levels` with the buurten
    below their wijken: primary suppression per level, then secondary suppression by an
    interval audit over both (a wijk's count is the sum of its buurten's). Where a theme
    exists at one level only (cohesion given for buurten alone), the wijk totals are
    assumed to be published as well, which is the safe assumption. When the inwoners in
    the data are exactly the CBS inhabitants
    (:func:`~sociale_basis.tables_themes.personen_publiek`) their number is public: the
    audit takes it as known, also as the bound of every count in an area.

    Parameters
    ----------
    gebied, afstanden, drempel_m
        See :func:`kerncijfers`.
    cohesie
        ``{"wijk": measure_cohesion(G, niveau="wijk"), "buurt": ...}``;
        either may be left out.

    Returns
    -------
    dict
        ``{"buurt": Kerncijfers, "wijk": Kerncijfers}``, each with the other as ``andere``.
    """
    niveaus: tuple[Niveau, Niveau] = ("buurt", "wijk")
    cohesie = cohesie or {}
    for key in cohesie:
        if key not in niveaus:
            raise ValueError(f"cohesie per '{key}'? verwacht 'wijk' of 'buurt'")
    result: dict[Niveau, Kerncijfers] = {}
    publiek = len(gebied.inwoners) > 0 and personen_publiek(gebied)
    parts: dict[Niveau, dict[str, tuple[pd.DataFrame, list[Kolom]]]] = {}
    lagen: dict[Niveau, tuple[pd.Series, pd.Series | None, pd.Series | None]] = {}
    for niveau in niveaus:
        areas = areas_of(gebied, niveau)
        index = areas.index
        naam = "wijknaam" if niveau == "wijk" else "buurtnaam"
        gebieden = pd.DataFrame({"naam": areas[naam].astype(str)}, index=index)
        ouder = None
        if niveau == "buurt":
            gebieden["wijkcode"] = areas["wijkcode"].astype(str)
            ouder = gebieden["wijkcode"]
        inwoners = pd.to_numeric(areas["inwoners"], errors="coerce")
        theme = {
            "bevolking": bevolking(gebied, niveau, index),
            "voorzieningen": voorzieningen(gebied, niveau, index),
        }
        bovengrens = theme["bevolking"][0]["personen"] if publiek else None
        if cohesie.get(niveau) is not None:
            theme["cohesie"] = cohesie_theme(gebied, niveau, index, cohesie[niveau])
        if afstanden is not None and len(gebied.inwoners):
            theme["bereik"] = bereik(gebied, niveau, index, afstanden, drempel_m)
        parts[niveau] = theme
        lagen[niveau] = (inwoners, ouder, bovengrens)
        result[niveau] = Kerncijfers(
            niveau,
            gebieden,
            drempel_m=drempel_m if "bereik" in theme else None,
        )
    for thema in THEMAS:
        present = [n for n in niveaus if thema in parts[n]]
        if not present:
            continue
        if present == list(niveaus):
            levels = [
                Laag(*parts[n][thema], lagen[n][0], ouder=lagen[n][1], bovengrens=lagen[n][2])
                for n in niveaus
            ]
            for n, tabel in zip(niveaus, protect_levels(levels), strict=True):
                result[n].themas[thema] = tabel
            continue
        (n,) = present
        raw, kolommen = parts[n][thema]
        inwoners, ouder, bovengrens = lagen[n]
        result[n].themas[thema] = protect(
            raw, kolommen, inwoners=inwoners, groep=ouder, bovengrens=bovengrens
        )
    result["buurt"].andere = result["wijk"]
    result["wijk"].andere = result["buurt"]
    return result


# --- flags ---------------------------------------------------------------------------

SIGNAAL_KOLOMMEN = ("gebiedcode", "niveau", "signaal", "ernst", "waarde", "drempel", "reden")


GROEP_SUFFIX = {"alle": "", "65plus": "_65plus", "hulpvraag": "_hulpvraag"}


def table_column(signaal: object, onderwerp: object, groep: object) -> str | None:
    """The column of :func:`kerncijfers` that holds the figure a flag is about, if any.

    ``hulp_te_ver`` about a soort and a group is the reach share ``<soort>_pct_verder``
    of that group; ``dunne_sociale_basis`` is ``pct_geisoleerd`` of the group;
    ``zwakke_brug`` and ``kwetsbaar_netwerk`` are ``pct_hulpvraag_binnen_k`` and
    ``pct_kwetsbaar_bij_uitval``. The tables may measure at another distance or ``k``
    than the flags; the flag is then taken as the same figure anyway (holding back one
    flag too many is safe, publishing one too many is not).

    ``table_column("hulp_te_ver", "huisarts", "hulpvraag") == "huisarts_pct_verder_hulpvraag"``
    """
    suffix = GROEP_SUFFIX.get(str(groep))
    if signaal == "hulp_te_ver" and suffix is not None:
        return f"{onderwerp}_pct_verder{suffix}"
    if signaal == "dunne_sociale_basis" and suffix is not None:
        return f"pct_geisoleerd{suffix}"
    if signaal == "zwakke_brug":
        return "pct_hulpvraag_binnen_k"
    if signaal == "kwetsbaar_netwerk":
        return "pct_kwetsbaar_bij_uitval"
    return None


def safe_signalen(
    signalen: pd.DataFrame,
    gebied: Gebied,
    *,
    cijfers: Kerncijfers | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Flags that may be shown, and those left out with the reason.

    The one gate for flags on their way to a table, a map or a handout:

    - a flag about an area with fewer than 10 inhabitants is left out (R3): its numbers
      would be statistics about those few people;
    - with ``cijfers``, a flag about a figure that the tables hide in that area
      (:func:`table_column`) is left out with the table's rule: a flag may never publish
      what the protected tables hide (the flags' own shares are protected with the same
      rules, :meth:`sociale_basis.gaps_basis.Basis.metingen`, but a table can hide more,
      e.g. as a partner in secondary suppression);
    - codes that are no wijk or buurt of the gemeente are left out too (rows with
      ``niveau == "gemeente"`` are about the whole gemeente and stay), so nothing
      disappears silently.

    Parameters
    ----------
    signalen
        Flags, e.g. from ``sociale_basis.gaps.find_signalen``.
    gebied
        The gemeente.
    cijfers
        The protected figures the flags are published beside (one level; the other comes
        with it as :attr:`Kerncijfers.andere`).

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
    regel = np.where(~known, "onbekend gebied", np.where(small, "R3", "")).astype(object)
    if cijfers is not None:
        niveaus = cijfers.niveaus()
        onderwerp = frame["onderwerp"] if "onderwerp" in frame.columns else None
        groep = frame["groep"] if "groep" in frame.columns else None
        for pos in np.flatnonzero(regel == "").tolist():
            k = niveaus.get(str(frame.at[pos, "niveau"]))
            figure = table_column(
                frame.at[pos, "signaal"],
                None if onderwerp is None else onderwerp.iat[pos],
                None if groep is None else groep.iat[pos],
            )
            if k is None or figure is None or figure not in k.maten():
                continue
            tabel = k.themas[k.thema_van(figure)]
            if codes.iat[pos] in tabel.status.index:
                regel[pos] = str(tabel.status.at[codes.iat[pos], figure])
    out = regel != ""
    left = frame[out].copy()
    left["regel"] = regel[out]
    left["toelichting"] = [
        "geen wijk of buurt van deze gemeente" if r == "onbekend gebied" else REGELS[r].label
        for r in regel[out]
    ]
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
                    "hulpvraag": "R2, R3" + (", R4" if kolom.gevoelig else "") + ", R5",
                    "aandeel": "R3"
                    + (", R4" if kolom.gevoelig else "")
                    + ", verborgen waar teller of noemer verborgen is",
                    "maat": "R3" + (", R4" if kolom.gevoelig else "") + ", R5",
                    "plek": "geen (gaat over plekken, niet over personen)",
                    "tekst": "R3",
                }[kolom.soort]
                if not kolom.secundair and kolom.soort != "plek":
                    rules = rules.replace(", R5", "") + " (openbaar cijfer)"
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

    Text cells (names, reasons, sources, column names, area codes) are written as text,
    never as formulas: in CSV a text starting with ``=``, ``+``, ``-``, ``@``, a tab or a
    carriage return gets a ``'`` in front (OWASP), in Excel it is a string cell. Numbers
    stay numbers (see :mod:`sociale_basis._spreadsheet`).

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
        ``drempel``, ``reden``), e.g. from ``sociale_basis.gaps.find_signalen``.
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
        shown_flags, left_flags = safe_signalen(signalen, gebied, cijfers=tabellen["buurt"])
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
            write_csv(frame, path)
            written.append(path)
        blad: dict[str, tuple[pd.DataFrame, bool]] = {t: (f, True) for t, f in sheets.items()}
        if shown_flags is not None:
            level_flags = shown_flags[shown_flags["niveau"].astype(str) == level]
            blad["signalen"] = (level_flags, False)
        blad["uitleg"] = (uitleg[uitleg["niveau"] == level], False)
        blad["bronnen"] = (bronnen, False)
        xlsx = folder / f"{prefix}_{plural}.xlsx"
        write_xlsx(xlsx, blad)
        written.append(xlsx)
    if shown_flags is not None:
        path = folder / f"{prefix}_signalen.csv"
        write_csv(shown_flags, path, index=False)
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
    """How many flags were held back, per rule, without naming them: a flag held back
    says that its hidden figure is past a threshold, so naming it would tell that."""
    if left is None:
        return ""
    lines = ["## Signalen", ""]
    if left.empty:
        lines.append("- Alle signalen getoond.")
    for regel, part in left.groupby("regel", sort=True):
        n = len(part)
        if regel == "onbekend gebied":
            what = "over gebieden die geen wijk of buurt van de gemeente zijn"
        elif regel == "R3":
            what = f"over gebieden met minder dan {MIN_INWONERS} inwoners (R3)"
        else:
            label = REGELS[str(regel)].label
            what = f"over een cijfer dat de tabellen verbergen ({regel}: {label})"
        lines.append(f"- {n} {'signaal' if n == 1 else 'signalen'} niet getoond: {what}.")
    if not left.empty:
        lines.append(
            "- Welke dat zijn staat er bewust niet bij: een signaal zegt dat een cijfer "
            "voorbij een drempel ligt, en dat mag van een verborgen cijfer niet bekend worden."
        )
    return "\n".join(lines) + "\n"
