"""Signal ``te_weinig_capaciteit``: little capacity of professionals within reach.

Per rol, the 2SFCA access of every inwoner (:meth:`Metingen.toegang
<sociale_basis.gaps.metingen.Metingen.toegang>`: the capacity of each professional within
``max_m`` shared among the demand within its reach), averaged over the demand of the area
and compared with the same average over the gemeente:

    verhouding(a) = mean_{i in a, vraag} A_i / mean_{i in gemeente, vraag} A_i   < min_verhouding
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np

from ...core import taxonomy
from ..context import Context, Rij
from ..maten import Aanbod, Gemiddelde, Maat, Telling
from ..metingen import Metingen
from ..reasons import ROL_ZIN, VRAAG_ZIN, format_m, format_pct, format_ratio, rol_kort
from ..registry import register_signal
from ..schema import NUM, Controle, Deeltabel, Drempelgroep

VRAAG: tuple[str, ...] = ("alle", "65plus", "hulpvraag", "rol")
"""Who counts as demand for a rol (see ``drempels.toml``)."""


@dataclass(frozen=True)
class Rolcapaciteit:
    """Capacity threshold of one rol (2SFCA), relative to the gemeente mean."""

    max_m: float
    vraag: str
    min_verhouding: float
    aan: bool = True
    reden: str = ""


@dataclass(frozen=True)
class Capaciteit:
    """Signal ``te_weinig_capaciteit``."""

    aan: bool
    rollen: dict[str, Rolcapaciteit]
    reden: str = ""


def _check(cap: Capaciteit, _: Any, c: Controle) -> None:
    for r, rc in cap.rollen.items():
        c.positive(f"capaciteit.rollen.{r}.max_m", rc.max_m)
        if rc.vraag not in VRAAG:
            c.bad(
                f"capaciteit.rollen.{r}.vraag",
                rc.vraag,
                "onbekende vraag",
                taxonomy.suggest(rc.vraag, VRAAG),
            )
        if rc.min_verhouding < 0:
            c.bad(
                f"capaciteit.rollen.{r}.min_verhouding",
                rc.min_verhouding,
                "moet 0 of groter zijn",
                "0.6 = 60% van het gemiddelde van de gemeente",
            )


def access_mean(m: Metingen, niveau: str, *, rol: str, max_m: float, vraag: str) -> list[Maat]:
    """``toegang_<rol>``: the mean 2SFCA access over the demand in each area, with the
    mean over the gemeente as reference (``verhouding_toegang_<rol>`` is their ratio).
    Inwoners who cannot reach the network are left out of both."""
    access = m.toegang(rol, max_m, vraag)
    demand = m.demand(rol, vraag) & np.isfinite(access)
    n = m.count(niveau, demand)
    total = m.total(niveau, np.where(demand, access, 0.0))
    with np.errstate(divide="ignore", invalid="ignore"):
        per_area = total / n
    gemeente = float(access[demand].sum() / demand.sum()) if demand.any() else np.nan
    return [
        Gemiddelde(
            f"toegang_{rol}",
            per_area,
            Telling(f"vraag_{rol}", n),
            # "rol": the people whose hulpvraag this rol helps with
            "hulpvraag" if vraag == "rol" else vraag,
            referentie=gemeente,
            verhouding=f"verhouding_toegang_{rol}",
        )
    ]


def _who(rol: str) -> str:
    return ROL_ZIN.get(rol, f"de rol '{taxonomy.ROLLEN[rol].label}'")


def _access_label(rol: str, _modus: str) -> str:
    wie = ROL_ZIN.get(rol, taxonomy.ROLLEN[rol].label)
    return f"toegang tot {wie} (capaciteit binnen bereik, 2SFCA)"


def _maten(d: Any) -> list[Aanbod]:
    cap: Capaciteit = d.capaciteit
    return [
        Aanbod(
            f"toegang_{rol}",
            partial(access_mean, rol=rol, max_m=rc.max_m, vraag=rc.vraag),
            eigen=cap.aan and rc.aan,
            omschrijving=partial(_access_label, rol),
            aandeel=False,
        )
        for rol, rc in cap.rollen.items()
    ]


@register_signal(
    "te_weinig_capaciteit",
    "te weinig capaciteit van professionals",
    drempels=Drempelgroep(
        "capaciteit",
        Capaciteit,
        {"aan": bool, "rollen": dict, "reden": str},
        deeltabellen={
            "rollen": Deeltabel(
                Rolcapaciteit,
                {"aan": bool, "max_m": NUM, "vraag": str, "min_verhouding": NUM, "reden": str},
                lambda: list(taxonomy.ROLLEN),
                "rol",
            )
        },
        controle=_check,
    ),
    maten=_maten,
    eenheid="verhouding",
    kort=lambda rol: f"Weinig capaciteit {rol_kort(rol)}",
)
def te_weinig_capaciteit(ctx: Context, cap: Capaciteit) -> list[Rij]:
    """An area's access to a rol is below ``min_verhouding`` of the gemeente's mean."""
    rows = []
    for rol, t in cap.rollen.items():
        column = f"verhouding_toegang_{rol}"
        if not t.aan or column not in ctx.tabel.columns:
            continue
        maat = ctx.maat(f"toegang_{rol}")
        mean = maat.referentie if isinstance(maat, Gemiddelde) else np.nan
        if not np.isfinite(mean) or mean <= 0:
            ctx.gemeente_row(
                "te_weinig_capaciteit",
                rol,
                f"In de gegevens van {ctx.gemeentenaam} heeft geen enkele professional van "
                f"{_who(rol)} capaciteit binnen bereik van de vraag; per {ctx.niveau} is de "
                "capaciteit daarom niet te vergelijken.",
            )
            continue

        def zin(
            code: object, v: float, rol: str = rol, t: Rolcapaciteit = t, mean: float = mean
        ) -> str:
            toegang = float(ctx.tabel[f"toegang_{rol}"].to_numpy(float)[ctx.position(code)])
            return (
                f"In {ctx.names[code]} is de capaciteit van {_who(rol)} binnen "
                f"{format_m(t.max_m)} {ctx.modus}{ctx.hemelsbreed} "
                f"{format_pct(v, t.min_verhouding)} van het gemiddelde in {ctx.gemeentenaam}: "
                f"{format_ratio(toegang)} plaats {VRAAG_ZIN[t.vraag]} tegen {format_ratio(mean)} "
                f"gemiddeld (drempel: minstens {format_pct(t.min_verhouding)} van het gemiddelde)."
            )

        rows += ctx.share_rows(
            column, "te_weinig_capaciteit", rol, t.vraag, t.min_verhouding, "min", zin
        )
    return rows
