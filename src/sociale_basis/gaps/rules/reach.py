"""Signals about reach: help too far, no meeting place, a component missing.

================================  =================================================  =======
signaal                           waarde                                             signal
================================  =================================================  =======
``hulp_te_ver``                   share of a group farther than ``afstand_m`` from   > max
                                  the nearest voorziening of a hulp soort
``geen_ontmoetingsplek``          share of a group farther than ``afstand_m`` from   > max
                                  any meeting place of ``ontmoeting.soorten``
``component_ontbreekt``           straight-line metres from the area to the nearest  > max
                                  voorziening of one of the eight components
================================  =================================================  =======

Distances are over the network for the mode (:meth:`Metingen.afstand
<sociale_basis.gaps.metingen.Metingen.afstand>`); the component distance is always straight
from the area's border: the question is whether there is anything *near*, not how far
each home is.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

from ...core import taxonomy
from ..context import Context, Rij
from ..maten import Aanbod, Aandeel, Kenmerk, Maat, Telling
from ..metingen import Metingen
from ..reasons import format_m, format_pct, join_dutch, soort_kort, soort_zin
from ..registry import register_signal
from ..schema import NUM, Controle, Deeltabel, Drempelgroep
from ..thresholds import GROEPEN


def far_share(
    m: Metingen,
    niveau: str,
    *,
    rest: str,
    soorten: tuple[str, ...],
    afstand_m: float,
    groep: str,
) -> list[Maat]:
    """The share of ``groep`` with no voorziening of ``soorten`` within ``afstand_m``,
    ``aandeel_ver_<rest>``, also shown as ``aandeel_dichtbij_<rest>``.

        aandeel_ver(a) = |{i in a, groep : min_s afstand(i, s) > afstand_m}| / |{i in a, groep}|

    An inwoner who cannot reach the network counts as far away.
    """
    members = m.groep(groep)
    return [
        Aandeel(
            f"aandeel_ver_{rest}",
            Telling(f"ver_{rest}", m.count(niveau, m.far(soorten, afstand_m) & members)),
            Telling(f"n_{groep}", m.count(niveau, members)),
            groep,
            tegendeel=f"aandeel_dichtbij_{rest}",
        )
    ]


def _near(groep: str, afstand_m: float, waarvan: str, modus: str) -> str:
    return f"aandeel {GROEPEN[groep]} binnen {format_m(afstand_m)} {modus} van {waarvan}"


def check_groups(c: Controle, path: str, groepen: tuple[str, ...]) -> None:
    """Every group must be one of :data:`~sociale_basis.gaps.thresholds.GROEPEN`."""
    c.names(path, groepen, list(GROEPEN))


# --- hulp_te_ver -------------------------------------------------------------------------


@dataclass(frozen=True)
class Afstand:
    """Threshold of one hulp soort: share of a group beyond ``afstand_m``."""

    afstand_m: float
    max_aandeel: float
    aan: bool = True
    reden: str = ""


@dataclass(frozen=True)
class HulpTeVer:
    """Signal ``hulp_te_ver``: help too far, per soort and group."""

    aan: bool
    groepen: tuple[str, ...]
    soorten: dict[str, Afstand]
    reden: str = ""


def _check_hulp(h: HulpTeVer, _: Any, c: Controle) -> None:
    check_groups(c, "hulp_te_ver.groepen", h.groepen)
    for s, t in h.soorten.items():
        c.positive(f"hulp_te_ver.soorten.{s}.afstand_m", t.afstand_m)
        c.share(f"hulp_te_ver.soorten.{s}.max_aandeel", t.max_aandeel)


def _hulp_maten(d: Any) -> list[Aanbod]:
    h: HulpTeVer = d.hulp_te_ver
    return [
        Aanbod(
            f"aandeel_dichtbij_{s}_{g}",
            partial(far_share, rest=f"{s}_{g}", soorten=(s,), afstand_m=t.afstand_m, groep=g),
            eigen=h.aan and t.aan,
            omschrijving=partial(_near, g, t.afstand_m, soort_zin(s)),
        )
        for s, t in h.soorten.items()
        for g in h.groepen
    ]


@register_signal(
    "hulp_te_ver",
    "hulp te ver weg",
    drempels=Drempelgroep(
        "hulp_te_ver",
        HulpTeVer,
        {"aan": bool, "groepen": list, "soorten": dict, "reden": str},
        deeltabellen={
            "soorten": Deeltabel(
                Afstand,
                {"aan": bool, "afstand_m": NUM, "max_aandeel": NUM, "reden": str},
                lambda: [s for s, v in taxonomy.SOORTEN.items() if v.hulp],
                "soort",
            )
        },
        controle=_check_hulp,
    ),
    maten=_hulp_maten,
    kort=lambda soort: f"{soort_kort(soort)} ver weg",
)
def hulp_te_ver(ctx: Context, h: HulpTeVer) -> list[Rij]:
    """A share of a group lives farther than ``afstand_m`` from a soort of help."""
    rows = []
    for soort, t in h.soorten.items():
        if not t.aan:
            continue
        if not (ctx.metingen.gebied.voorzieningen["soort"] == soort).any():
            ctx.gemeente_row(
                "hulp_te_ver",
                soort,
                f"In de gegevens van {ctx.gemeentenaam} staat geen enkele voorziening van de "
                f"soort '{soort}'; iedereen woont dus verder dan {format_m(t.afstand_m)} van "
                f"{soort_zin(soort)}. Klopt dat niet, vul dan de voorzieningen aan.",
            )
        for g in h.groepen:

            def zin(code: object, v: float, g: str = g, t: Afstand = t, soort: str = soort) -> str:
                return (
                    f"In {ctx.names[code]} woont {format_pct(v, t.max_aandeel)} van de "
                    f"{GROEPEN[g]} verder dan {format_m(t.afstand_m)} {ctx.modus}"
                    f"{ctx.hemelsbreed} van {soort_zin(soort)} (drempel "
                    f"{format_pct(t.max_aandeel)})."
                )

            rows += ctx.share_rows(
                f"aandeel_ver_{soort}_{g}", "hulp_te_ver", soort, g, t.max_aandeel, "max", zin
            )
    return rows


# --- geen_ontmoetingsplek ----------------------------------------------------------------


@dataclass(frozen=True)
class Ontmoeting:
    """Signal ``geen_ontmoetingsplek``: no free meeting place within ``afstand_m``."""

    aan: bool
    soorten: tuple[str, ...]
    afstand_m: float
    max_aandeel: float
    groepen: tuple[str, ...]
    reden: str = ""


def _check_ontmoeting(o: Ontmoeting, _: Any, c: Controle) -> None:
    meeting = [s for s, v in taxonomy.SOORTEN.items() if v.ontmoeting]
    c.names("ontmoeting.soorten", o.soorten, meeting)
    check_groups(c, "ontmoeting.groepen", o.groepen)
    c.positive("ontmoeting.afstand_m", o.afstand_m)
    c.share("ontmoeting.max_aandeel", o.max_aandeel)


def _ontmoeting_maten(d: Any) -> list[Aanbod]:
    o: Ontmoeting = d.ontmoeting
    return [
        Aanbod(
            f"aandeel_dichtbij_ontmoetingsplek_{g}",
            partial(
                far_share,
                rest=f"ontmoetingsplek_{g}",
                soorten=o.soorten,
                afstand_m=o.afstand_m,
                groep=g,
            ),
            eigen=o.aan,
            omschrijving=partial(_near, g, o.afstand_m, "een ontmoetingsplek"),
        )
        for g in o.groepen
    ]


@register_signal(
    "geen_ontmoetingsplek",
    "geen ontmoetingsplek in de buurt",
    drempels=Drempelgroep(
        "ontmoeting",
        Ontmoeting,
        {
            "aan": bool,
            "soorten": list,
            "afstand_m": NUM,
            "max_aandeel": NUM,
            "groepen": list,
            "reden": str,
        },
        controle=_check_ontmoeting,
    ),
    maten=_ontmoeting_maten,
    kort=lambda _: "Ontmoetingsplek ver weg",
)
def geen_ontmoetingsplek(ctx: Context, o: Ontmoeting) -> list[Rij]:
    """A share of a group has no free meeting place within ``afstand_m``."""
    plekken = join_dutch([s.replace("_", " ") for s in o.soorten]).replace(" en ", " of ")
    rows = []
    for g in o.groepen:

        def zin(code: object, v: float, g: str = g) -> str:
            return (
                f"In {ctx.names[code]} woont {format_pct(v, o.max_aandeel)} van de "
                f"{GROEPEN[g]} verder dan {format_m(o.afstand_m)} {ctx.modus}{ctx.hemelsbreed} "
                f"van een ontmoetingsplek ({plekken}) (drempel {format_pct(o.max_aandeel)})."
            )

        rows += ctx.share_rows(
            f"aandeel_ver_ontmoetingsplek_{g}",
            "geen_ontmoetingsplek",
            "ontmoetingsplek",
            g,
            o.max_aandeel,
            "max",
            zin,
        )
    return rows


# --- component_ontbreekt -----------------------------------------------------------------


@dataclass(frozen=True)
class Componenten:
    """Signal ``component_ontbreekt``: a component of the eight without any voorziening."""

    aan: bool
    componenten: tuple[str, ...]
    afstand_m: float
    reden: str = ""


def _check_componenten(c: Componenten, _: Any, check: Controle) -> None:
    check.names("componenten.componenten", c.componenten, list(taxonomy.COMPONENTEN))
    check.positive("componenten.afstand_m", c.afstand_m)


def component_distance(m: Metingen, niveau: str, *, component: str) -> list[Maat]:
    """``afstand_component_<component>``: metres from the area to the nearest voorziening
    of the component (0 inside; about places, so shown as it is)."""
    return [Kenmerk(f"afstand_component_{component}", m.component_afstand(niveau, component))]


def _component_maten(d: Any) -> list[Aanbod]:
    c: Componenten = d.componenten
    return [
        Aanbod(
            f"afstand_component_{comp}",
            partial(component_distance, component=comp),
            eigen=c.aan,
            aandeel=False,
        )
        for comp in c.componenten
    ]


@register_signal(
    "component_ontbreekt",
    "onderdeel van de sociale infrastructuur ontbreekt",
    drempels=Drempelgroep(
        "componenten",
        Componenten,
        {"aan": bool, "componenten": list, "afstand_m": NUM, "reden": str},
        controle=_check_componenten,
    ),
    maten=_component_maten,
    eenheid="m",
    kort=lambda comp: f"Geen {taxonomy.COMPONENTEN_KORT.get(comp, comp).lower()} dichtbij",
    over_inwoners=False,
)
def component_ontbreekt(ctx: Context, c: Componenten) -> list[Rij]:
    """No voorziening of a component in the area or within ``afstand_m`` of its border."""
    rows = []
    grens = f"{ctx.niveau}grens"
    for comp in c.componenten:
        values = ctx.tabel[f"afstand_component_{comp}"]
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
