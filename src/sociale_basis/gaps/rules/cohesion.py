"""Signals about the social network: isolation, the bridge to professionals, fragility.

================================  =================================================  =======
signaal                           waarde                                             signal
================================  =================================================  =======
``dunne_sociale_basis``           share of a group without any informal tie          > max
``zwakke_brug``                   share of people with a hulpvraag within ``k``      < min
                                  informal steps of someone who knows a professional
``kwetsbaar_netwerk``             share of people with a hulpvraag cut off from      > max
                                  professionals when the area's critical node (the
                                  one node whose loss cuts off the most) drops out
================================  =================================================  =======

Each counts one of the social measures per area (:class:`~sociale_basis.gaps.metingen.
Metingen`): isolation as :func:`~sociale_basis.social.aandeel_geisoleerd`, reach as
:func:`~sociale_basis.social.aandeel_hulpvraag_binnen_k` (without places), the critical
node as :func:`~sociale_basis.social.kritieke_schakels` (with ``brug.k``). The sentence names
the critical node by its kind only ("één persoon"), never who it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

from ...social.areas import group_suffix
from ..context import Context, Rij
from ..maten import Aanbod, Aandeel, Kenmerk, Maat, Telling
from ..metingen import Metingen
from ..reasons import SCHAKEL_ZIN, format_pct
from ..registry import register_signal
from ..schema import NUM, Controle, Drempelgroep
from ..thresholds import GROEPEN
from .reach import check_groups

# --- dunne_sociale_basis -----------------------------------------------------------------


@dataclass(frozen=True)
class Isolatie:
    """Signal ``dunne_sociale_basis``: above ``max_aandeel`` without an informal tie."""

    aan: bool
    max_aandeel: float
    groepen: tuple[str, ...]
    reden: str = ""


def _check_isolatie(i: Isolatie, _: Any, c: Controle) -> None:
    check_groups(c, "isolatie.groepen", i.groepen)
    c.share("isolatie.max_aandeel", i.max_aandeel)


def isolated_share(m: Metingen, niveau: Any, *, groep: str) -> list[Maat]:
    """``aandeel_geisoleerd[_<groep>]``: the share of the group without an informal tie."""
    return [
        Aandeel(
            "aandeel_geisoleerd" + group_suffix(groep),
            Telling(f"geisoleerd_{groep}", m.geisoleerd(niveau, groep)),
            Telling(f"c_n_{groep}", m.groepsgrootte(niveau, groep)),
            groep,
        )
    ]


def _isolatie_maten(d: Any) -> list[Aanbod]:
    i: Isolatie = d.isolatie
    return [
        Aanbod("aandeel_geisoleerd" + group_suffix(g), partial(isolated_share, groep=g), i.aan)
        for g in i.groepen
    ]


@register_signal(
    "dunne_sociale_basis",
    "dunne sociale basis (inwoners zonder informele band)",
    drempels=Drempelgroep(
        "isolatie",
        Isolatie,
        {"aan": bool, "max_aandeel": NUM, "groepen": list, "reden": str},
        controle=_check_isolatie,
    ),
    maten=_isolatie_maten,
    kort=lambda _: "Veel mensen zonder informele band",
)
def dunne_sociale_basis(ctx: Context, i: Isolatie) -> list[Rij]:
    """Many inwoners of a group have no informal tie at all."""
    rows = []
    for g in i.groepen:

        def zin(code: object, v: float, g: str = g) -> str:
            return (
                f"In {ctx.names[code]} heeft {format_pct(v, i.max_aandeel)} van de "
                f"{GROEPEN[g]} geen enkele informele band (huishouden, buur, vriend, familie "
                f"of mantelzorg) (drempel {format_pct(i.max_aandeel)})."
            )

        rows += ctx.share_rows(
            "aandeel_geisoleerd" + group_suffix(g),
            "dunne_sociale_basis",
            "informele banden",
            g,
            i.max_aandeel,
            "max",
            zin,
        )
    return rows


# --- zwakke_brug ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Brug:
    """Signal ``zwakke_brug``: below ``min_aandeel`` within ``k`` informal steps."""

    aan: bool
    k: int
    min_aandeel: float
    reden: str = ""


def _check_brug(b: Brug, _: Any, c: Controle) -> None:
    c.share("brug.min_aandeel", b.min_aandeel)
    if b.k < 0:
        c.bad("brug.k", b.k, "k moet 0 of groter zijn", "het aantal informele stappen")


def bridge_share(m: Metingen, niveau: Any, *, k: int) -> list[Maat]:
    """``aandeel_hulpvraag_binnen_k``: the share of people with a hulpvraag who reach a
    professional within ``k`` informal steps (protected as its complement, the share that
    does not: that is the count the social measure gives)."""
    return [
        Aandeel(
            "aandeel_niet_binnen_k",
            Telling("niet_binnen_k", m.niet_binnen_k(niveau, k)),
            Telling("c_n_hulpvraag", m.groepsgrootte(niveau, "hulpvraag")),
            "hulpvraag",
            tegendeel="aandeel_hulpvraag_binnen_k",
            toon_zelf=False,
        )
    ]


def _within_label(k: int, _modus: str) -> str:
    return f"aandeel mensen met een hulpvraag binnen {k} informele stappen van een professional"


def _brug_maten(d: Any) -> list[Aanbod]:
    b: Brug = d.brug
    return [
        Aanbod(
            "aandeel_hulpvraag_binnen_k",
            partial(bridge_share, k=b.k),
            eigen=b.aan,
            omschrijving=partial(_within_label, b.k),
        )
    ]


@register_signal(
    "zwakke_brug",
    "zwakke brug tussen informele en formele steun",
    drempels=Drempelgroep(
        "brug",
        Brug,
        {"aan": bool, "k": int, "min_aandeel": NUM, "reden": str},
        controle=_check_brug,
    ),
    maten=_brug_maten,
    kort=lambda _: "Zwakke brug naar professionele hulp",
)
def zwakke_brug(ctx: Context, b: Brug) -> list[Rij]:
    """Few people with a hulpvraag reach a professional through their own network."""

    def zin(code: object, v: float) -> str:
        return (
            f"In {ctx.names[code]} komt {format_pct(v, b.min_aandeel)} van de mensen met een "
            f"hulpvraag via hoogstens {b.k} informele stappen bij iemand die een professional "
            f"kent (drempel: minstens {format_pct(b.min_aandeel)})."
        )

    return ctx.share_rows(
        "aandeel_hulpvraag_binnen_k",
        "zwakke_brug",
        "brug formeel-informeel",
        "hulpvraag",
        b.min_aandeel,
        "min",
        zin,
    )


# --- kwetsbaar_netwerk --------------------------------------------------------------------


@dataclass(frozen=True)
class Kwetsbaar:
    """Signal ``kwetsbaar_netwerk``: above ``max_aandeel`` cut off by the critical node."""

    aan: bool
    max_aandeel: float
    reden: str = ""


def _check_kwetsbaar(kw: Kwetsbaar, _: Any, c: Controle) -> None:
    c.share("kwetsbaar.max_aandeel", kw.max_aandeel)


def fragility_share(m: Metingen, niveau: Any, *, k: int) -> list[Maat]:
    """``aandeel_kwetsbaar_bij_uitval``: the share of people with a hulpvraag cut off from
    professionals when the area's critical node drops out, and ``kritieke_schakel_soort``,
    what kind of node that is. Not additive: every area has its own critical node."""
    schakels = m.kritieke_schakels(niveau, k)
    return [
        Aandeel(
            "aandeel_kwetsbaar_bij_uitval",
            Telling("kwetsbaar", schakels["afgesneden"].to_numpy(float)),
            Telling("kwetsbaar_noemer", schakels["hulpvraag"].to_numpy(float)),
            "hulpvraag",
            optelbaar=False,
        ),
        Kenmerk("kritieke_schakel_soort", schakels["soort"].to_numpy(object)),
    ]


def _kwetsbaar_maten(d: Any) -> list[Aanbod]:
    # the critical node cuts off reach within the bridge's k steps
    return [
        Aanbod(
            "aandeel_kwetsbaar_bij_uitval",
            partial(fragility_share, k=d.brug.k),
            eigen=d.kwetsbaar.aan,
        )
    ]


@register_signal(
    "kwetsbaar_netwerk",
    "kwetsbaar netwerk (hangt aan één schakel)",
    drempels=Drempelgroep(
        "kwetsbaar",
        Kwetsbaar,
        {"aan": bool, "max_aandeel": NUM, "reden": str},
        controle=_check_kwetsbaar,
    ),
    maten=_kwetsbaar_maten,
    kort=lambda _: "Netwerk hangt aan één schakel",
)
def kwetsbaar_netwerk(ctx: Context, kw: Kwetsbaar) -> list[Rij]:
    """Losing one node (the critical one) cuts many people off from professional help."""
    soort = ctx.tabel.get("kritieke_schakel_soort")

    def zin(code: object, v: float) -> str:
        wie = SCHAKEL_ZIN.get(str(soort.at[code]) if soort is not None else "", "één schakel")
        return (
            f"In {ctx.names[code]} verliest {format_pct(v, kw.max_aandeel)} van de mensen met "
            f"een hulpvraag de verbinding met een professional als {wie} wegvalt: de ene "
            f"schakel die in deze {ctx.niveau} de meesten afsnijdt (drempel "
            f"{format_pct(kw.max_aandeel)})."
        )

    return ctx.share_rows(
        "aandeel_kwetsbaar_bij_uitval",
        "kwetsbaar_netwerk",
        "kritieke schakel",
        "hulpvraag",
        kw.max_aandeel,
        "max",
        zin,
    )
