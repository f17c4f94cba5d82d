"""The flag rules of :func:`~sociale_basis.gaps.flag_gaps`: one function per ``signaal``.

Each rule reads the shown measures of one level (:meth:`Basis.metingen
<sociale_basis.gaps.basis.Basis.metingen>`), compares them with its threshold and writes a
Dutch sentence with the numbers. Definitions, thresholds and severity: see
:mod:`sociale_basis.gaps` and ``docs/signalen.md``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..core import taxonomy
from ..privacy import MIN_INWONERS
from ..streets import MODI
from .basis import GROEP_KOLOM, Basis
from .clusters import cluster_rows
from .reasons import (
    ROL_ZIN,
    SCHAKEL_ZIN,
    STATUS_TE_WEINIG,
    VRAAG_ZIN,
    format_factor,
    format_m,
    format_number,
    format_pct,
    format_ratio,
    join_dutch,
    short_name,
    soort_zin,
)
from .thresholds import GROEPEN, Drempels


def level_rows(
    basis: Basis, niveau: str, naam: str, rapport: list[str]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Every flag row of one level, and the rows about the whole gemeente it found."""
    ctx = _Context(basis, niveau, naam)
    rows: list[dict[str, Any]] = []
    for rule in (
        _hulp_te_ver,
        _geen_ontmoetingsplek,
        _component_ontbreekt,
        _dunne_sociale_basis,
        _zwakke_brug,
        _kwetsbaar_netwerk,
        _te_weinig_capaciteit,
    ):
        rows += rule(ctx)
    rows += cluster_rows(ctx, rapport)
    rows += _geen_uitspraak(ctx)
    return rows, ctx.gemeente


class _Context:
    """What every rule needs for one level: the measures, their status, names, geometry."""

    def __init__(self, basis: Basis, niveau: str, naam: str) -> None:
        self.basis = basis
        self.d = basis.drempels
        self.niveau = niveau
        self.gemeentenaam = naam
        self.metingen, self.status = basis.metingen(niveau)
        self.ruw = basis.ruw(niveau)
        areas = basis.areas(niveau)
        name_col = f"{niveau}naam"
        names = areas[name_col] if name_col in areas.columns else pd.Series(None, index=areas.index)
        self.names = {c: short_name(n, str(c)) for c, n in names.items()}
        self.inwoners = self.ruw["n_alle"]
        self.gemeente: list[dict[str, Any]] = []
        self.modus = MODI[basis.modus].label
        self.hemelsbreed = ""
        if basis.methode == "hemelsbreed":
            factor = format_factor(MODI[basis.modus].detour_factor)
            self.hemelsbreed = f" (hemelsbreed × omwegfactor {factor})"

    def position(self, code: object) -> int:
        """Row number of an area in the measures."""
        return int(self.metingen.index.get_indexer(pd.Index([code]))[0])

    def shown(self) -> pd.Index:
        """Areas with at least 10 inwoners: the only ones that get flags."""
        return self.inwoners.index[self.inwoners.to_numpy() >= MIN_INWONERS]

    def row(
        self,
        code: object,
        signaal: str,
        onderwerp: str,
        groep: str | None,
        waarde: float,
        drempel: float,
        reden: str,
        richting: str | None,
    ) -> dict[str, Any]:
        ernst = None if richting is None else severity(waarde, drempel, richting, self.d)
        return {
            "gebiedcode": code,
            "gebiednaam": self.names.get(code, str(code)),
            "niveau": self.niveau,
            "signaal": signaal,
            "onderwerp": onderwerp,
            "groep": groep,
            "ernst": ernst,
            "waarde": float(waarde),
            "drempel": float(drempel),
            "methode": self.basis.methode,
            "reden": reden,
        }

    def gemeente_row(self, signaal: str, onderwerp: str, reden: str) -> None:
        code = str(getattr(self.basis.gebied, "gemeentecode", "gemeente"))
        row = self.row(code, signaal, onderwerp, None, np.nan, np.nan, reden, None)
        row.update(niveau="gemeente", gebiednaam=self.gemeentenaam)
        self.gemeente.append(row)


def severity(waarde: float, drempel: float, richting: str, d: Drempels) -> str:
    """``laag``, ``midden`` or ``hoog`` from how far ``waarde`` is past ``drempel``.

    ``richting="max"`` (flag when above): ratio ``waarde / drempel``; ``"min"`` (flag when
    below, also p-values): ratio ``drempel / waarde``. Ratio up to ``ernst_midden``:
    laag; up to ``ernst_hoog``: midden; beyond (or a zero in the denominator): hoog.
    """
    num, den = (waarde, drempel) if richting == "max" else (drempel, waarde)
    ratio = np.inf if den <= 0 else num / den
    if ratio <= d.algemeen.ernst_midden:
        return "laag"
    if ratio <= d.algemeen.ernst_hoog:
        return "midden"
    return "hoog"


def _share_rows(
    ctx: _Context,
    column: str,
    signaal: str,
    onderwerp: str,
    groep: str,
    drempel: float,
    richting: str,
    zin: Any,
) -> list[dict[str, Any]]:
    """Rows for one share column: flag where past ``drempel`` (shown values only)."""
    if column not in ctx.metingen.columns:
        return []
    values = dict(zip(ctx.metingen.index, ctx.metingen[column].to_numpy(float), strict=True))
    rows = []
    for code in ctx.shown():
        v = float(values[code])
        if not np.isfinite(v):
            continue
        if (richting == "max" and v > drempel) or (richting == "min" and v < drempel):
            rows.append(
                ctx.row(code, signaal, onderwerp, groep, v, drempel, zin(code, v), richting)
            )
    return rows


def _hulp_te_ver(ctx: _Context) -> list[dict[str, Any]]:
    h = ctx.d.hulp_te_ver
    if not h.aan:
        return []
    rows = []
    for soort, t in h.soorten.items():
        if not t.aan:
            continue
        if not (ctx.basis.gebied.voorzieningen["soort"] == soort).any():
            ctx.gemeente_row(
                "hulp_te_ver",
                soort,
                f"In de gegevens van {ctx.gemeentenaam} staat geen enkele voorziening van de "
                f"soort '{soort}'; iedereen woont dus verder dan {format_m(t.afstand_m)} van "
                f"{soort_zin(soort)}. Klopt dat niet, vul dan de voorzieningen aan.",
            )
        for g in h.groepen:

            def zin(code: object, v: float, g: str = g, soort: str = soort) -> str:
                pct = format_pct(v, h.soorten[soort].max_aandeel)
                return (
                    f"In {ctx.names[code]} woont {pct} van de {GROEPEN[g]} verder "
                    f"dan {format_m(h.soorten[soort].afstand_m)} {ctx.modus}{ctx.hemelsbreed} "
                    f"van {soort_zin(soort)} (drempel {format_pct(h.soorten[soort].max_aandeel)})."
                )

            rows += _share_rows(
                ctx, f"aandeel_ver_{soort}_{g}", "hulp_te_ver", soort, g, t.max_aandeel, "max", zin
            )
    return rows


def _geen_ontmoetingsplek(ctx: _Context) -> list[dict[str, Any]]:
    o = ctx.d.ontmoeting
    if not o.aan:
        return []
    plekken = join_dutch([s.replace("_", " ") for s in o.soorten]).replace(" en ", " of ")
    rows = []
    for g in o.groepen:

        def zin(code: object, v: float, g: str = g) -> str:
            pct = format_pct(v, o.max_aandeel)
            return (
                f"In {ctx.names[code]} woont {pct} van de {GROEPEN[g]} verder dan "
                f"{format_m(o.afstand_m)} {ctx.modus}{ctx.hemelsbreed} van een "
                f"ontmoetingsplek ({plekken}) (drempel {format_pct(o.max_aandeel)})."
            )

        rows += _share_rows(
            ctx,
            f"aandeel_ver_ontmoetingsplek_{g}",
            "geen_ontmoetingsplek",
            "ontmoetingsplek",
            g,
            o.max_aandeel,
            "max",
            zin,
        )
    return rows


def _component_ontbreekt(ctx: _Context) -> list[dict[str, Any]]:
    c = ctx.d.componenten
    if not c.aan:
        return []
    rows = []
    grens = f"{ctx.niveau}grens"
    for comp in c.componenten:
        values = ctx.metingen[f"afstand_component_{comp}"]
        label = taxonomy.COMPONENTEN[comp]
        if values.isna().all():
            ctx.gemeente_row(
                "component_ontbreekt",
                comp,
                f"In de gegevens van {ctx.gemeentenaam} staat geen enkele voorziening voor "
                f"het onderdeel '{label}' van de sociale infrastructuur; per "
                f"{ctx.niveau} is daarom niet te zeggen of het ontbreekt.",
            )
            continue
        distance = dict(zip(values.index, values.to_numpy(float), strict=True))
        for code in ctx.shown():
            v = float(distance[code])
            if v > c.afstand_m:
                reden = (
                    f"In {ctx.names[code]} en binnen {format_m(c.afstand_m)} van de {grens} is "
                    f"geen voorziening bekend voor het onderdeel '{label}'; de dichtstbijzijnde "
                    f"ligt op {format_m(v)} hemelsbreed (drempel {format_m(c.afstand_m)})."
                )
                rows.append(
                    ctx.row(code, "component_ontbreekt", comp, None, v, c.afstand_m, reden, "max")
                )
    return rows


def _dunne_sociale_basis(ctx: _Context) -> list[dict[str, Any]]:
    i = ctx.d.isolatie
    if not i.aan or i.max_aandeel is None:
        return []
    rows = []
    threshold = i.max_aandeel
    for g in i.groepen:

        def zin(code: object, v: float, g: str = g) -> str:
            pct = format_pct(v, threshold)
            return (
                f"In {ctx.names[code]} heeft {pct} van de {GROEPEN[g]} geen enkele "
                "informele band (huishouden, buur, vriend, familie of mantelzorg) (drempel "
                f"{format_pct(threshold)})."
            )

        rows += _share_rows(
            ctx,
            "aandeel_geisoleerd" + GROEP_KOLOM[g],
            "dunne_sociale_basis",
            "informele banden",
            g,
            threshold,
            "max",
            zin,
        )
    return rows


def _zwakke_brug(ctx: _Context) -> list[dict[str, Any]]:
    b = ctx.d.brug
    if not b.aan or b.min_aandeel is None:
        return []
    threshold = b.min_aandeel

    def zin(code: object, v: float) -> str:
        pct = format_pct(v, threshold)
        return (
            f"In {ctx.names[code]} komt {pct} van de mensen met een hulpvraag via "
            f"hoogstens {b.k} informele stappen bij iemand die een professional kent "
            f"(drempel: minstens {format_pct(threshold)})."
        )

    return _share_rows(
        ctx,
        "aandeel_hulpvraag_binnen_k",
        "zwakke_brug",
        "brug formeel-informeel",
        "hulpvraag",
        threshold,
        "min",
        zin,
    )


def _kwetsbaar_netwerk(ctx: _Context) -> list[dict[str, Any]]:
    k = ctx.d.kwetsbaar
    if not k.aan or k.max_aandeel is None:
        return []
    threshold = k.max_aandeel
    soort = ctx.metingen.get("kritieke_schakel_soort")

    def zin(code: object, v: float) -> str:
        wie = SCHAKEL_ZIN.get(str(soort.at[code]) if soort is not None else "", "één schakel")
        pct = format_pct(v, threshold)
        return (
            f"In {ctx.names[code]} verliest {pct} van de mensen met een hulpvraag "
            f"de verbinding met een professional als {wie} wegvalt: de ene schakel die in "
            f"deze {ctx.niveau} de meesten afsnijdt (drempel {format_pct(threshold)})."
        )

    return _share_rows(
        ctx,
        "aandeel_kwetsbaar_bij_uitval",
        "kwetsbaar_netwerk",
        "kritieke schakel",
        "hulpvraag",
        threshold,
        "max",
        zin,
    )


def _te_weinig_capaciteit(ctx: _Context) -> list[dict[str, Any]]:
    cap = ctx.d.capaciteit
    if not cap.aan:
        return []
    rows = []
    for rol, t in cap.rollen.items():
        column = f"verhouding_toegang_{rol}"
        if not t.aan or column not in ctx.metingen.columns:
            continue
        wie = ROL_ZIN.get(rol, f"de rol '{taxonomy.ROLLEN[rol].label}'")
        mean = float(ctx.ruw[f"toegang_gemeente_{rol}"].iloc[0]) if len(ctx.ruw) else np.nan
        if not np.isfinite(mean) or mean <= 0:
            ctx.gemeente_row(
                "te_weinig_capaciteit",
                rol,
                f"In de gegevens van {ctx.gemeentenaam} heeft geen enkele professional van "
                f"{wie} capaciteit binnen bereik van de vraag; per {ctx.niveau} is de "
                "capaciteit daarom niet te vergelijken.",
            )
            continue

        def zin(code: object, v: float, rol: str = rol, wie: str = wie, mean: float = mean) -> str:
            t = cap.rollen[rol]
            toegang = float(ctx.metingen[f"toegang_{rol}"].to_numpy(float)[ctx.position(code)])
            pct = format_pct(v, t.min_verhouding)
            return (
                f"In {ctx.names[code]} is de capaciteit van {wie} binnen "
                f"{format_m(t.max_m)} {ctx.modus}{ctx.hemelsbreed} {pct} van het "
                f"gemiddelde in {ctx.gemeentenaam}: {format_ratio(toegang)} plaats "
                f"{VRAAG_ZIN[t.vraag]} tegen {format_ratio(mean)} gemiddeld (drempel: "
                f"minstens {format_pct(t.min_verhouding)} van het gemiddelde)."
            )

        rows += _share_rows(
            ctx, column, "te_weinig_capaciteit", rol, t.vraag, t.min_verhouding, "min", zin
        )
    return rows


def _hidden_groups(ctx: _Context, code: object) -> list[str]:
    """Groups (Dutch) whose shares are hidden in an area because they are too small."""
    found: list[str] = []
    for column, st in ctx.status.items():
        pos = ctx.metingen.index.get_loc(code)
        if st[pos] != STATUS_TE_WEINIG:
            continue
        if column.startswith(("toegang_", "verhouding_toegang_")):
            rol = column.rsplit("toegang_", 1)[1]
            vraag = ctx.d.capaciteit.rollen[rol].vraag
            label = GROEPEN["hulpvraag"] if vraag == "rol" else GROEPEN[vraag]
        elif column in ("aandeel_hulpvraag_binnen_k", "aandeel_kwetsbaar_bij_uitval"):
            label = GROEPEN["hulpvraag"]
        else:
            g = next((g for g in ("65plus", "hulpvraag") if column.endswith(g)), "alle")
            label = GROEPEN[g]
        if label not in found:
            found.append(label)
    return found


def _geen_uitspraak(ctx: _Context) -> list[dict[str, Any]]:
    rows = []
    m = ctx.d.algemeen.min_personen
    for code, n in ctx.inwoners.items():
        name = ctx.names[code]
        if n < MIN_INWONERS:
            reden = (
                f"In {name} wonen minder dan {MIN_INWONERS} inwoners; daarover geven we geen "
                "cijfers en geen signalen (privacyregel)."
            )
        else:
            groups = _hidden_groups(ctx, code)
            if not groups:
                continue
            if GROEPEN["alle"] in groups:
                reden = (
                    f"In {name} wonen minder dan {format_number(m)} inwoners; over aandelen van "
                    "personen doen we hier geen uitspraak (privacyregel), alleen over "
                    "voorzieningen."
                )
            elif len(groups) == 1:
                reden = (
                    f"In {name} telt de groep {groups[0]} minder dan {format_number(m)} "
                    "personen; over aandelen in die groep doen we hier geen uitspraak "
                    "(privacyregel)."
                )
            else:
                reden = (
                    f"In {name} tellen de groepen {join_dutch(groups)} elk minder dan "
                    f"{format_number(m)} personen; over aandelen in die groepen doen we hier "
                    "geen uitspraak (privacyregel)."
                )
        rows.append(ctx.row(code, "geen_uitspraak", "privacy", None, np.nan, m, reden, None))
    return rows
