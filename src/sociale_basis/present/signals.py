"""Which signals may be shown: none about an area under 10 inhabitants, none about a figure that
the tables hide.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.gebied import Gebied
from ..privacy import (
    GEEN_CIJFERS,
    MIN_INWONERS,
    REGELS,
    status_label,
)
from .coverage import outside_osm
from .figures import Kerncijfers

GROEP_SUFFIX = {"alle": "", "65plus": "_65plus", "hulpvraag": "_hulpvraag"}

SIGNAAL_KOLOMMEN = ("gebiedcode", "niveau", "signaal", "ernst", "waarde", "drempel", "reden")


def table_column(signaal: object, onderwerp: object, groep: object) -> str | None:
    """The column of :func:`kerncijfers` that holds the figure a flag is about, if any.

    ``hulp_te_ver`` about a soort and a group is the reach share ``<soort>_pct_verder``
    of that group, ``geen_ontmoetingsplek`` the share ``ontmoetingsplek_pct_verder``;
    ``dunne_sociale_basis`` is ``pct_geisoleerd`` of the group;
    ``zwakke_brug`` and ``kwetsbaar_netwerk`` are ``pct_hulpvraag_binnen_k`` and
    ``pct_kwetsbaar_bij_uitval``. The tables measure at the same distance as the flags
    (:func:`sociale_basis.gaps.afstand_m`); with other thresholds or another ``k`` the flag
    is taken as the same figure anyway (holding back one flag too many is safe, publishing
    one too many is not).

    ``table_column("hulp_te_ver", "huisarts", "hulpvraag") == "huisarts_pct_verder_hulpvraag"``
    """
    suffix = GROEP_SUFFIX.get(str(groep))
    if signaal == "hulp_te_ver" and suffix is not None:
        return f"{onderwerp}_pct_verder{suffix}"
    if signaal == "geen_ontmoetingsplek" and suffix is not None:
        return f"ontmoetingsplek_pct_verder{suffix}"
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

    - a flag about an area outside the OSM extract of a partial bundle is left out with
      ``"buiten het OSM-bestand"`` (``"deels ..."`` for a wijk), as its figures are
      (:mod:`sociale_basis.present.coverage`);
    - a flag about an area with fewer than 10 inhabitants is left out (R3): its numbers
      would be statistics about those few people;
    - with ``cijfers``, a flag about a figure that the tables hide in that area
      (:func:`table_column`) is left out with the table's rule: a flag may never publish
      what the protected tables hide (the flags' own shares are protected with the same
      rules, :class:`sociale_basis.gaps.cijfers.Cijfers`, but a table can hide more,
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
    outside = pd.concat(list(outside_osm(gebied).values()))
    if len(outside):  # a partial bundle: nothing is known about these areas
        status = codes.map(outside).to_numpy()
        regel = np.where(pd.notna(status) & known, status, regel).astype(object)
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
        "geen wijk of buurt van deze gemeente" if r == "onbekend gebied" else status_label(r)
        for r in regel[out]
    ]
    return frame[~out].reset_index(drop=True), left.reset_index(drop=True)


def flag_report(left: pd.DataFrame | None) -> str:
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
        elif regel in GEEN_CIJFERS:
            what = f"over gebieden {GEEN_CIJFERS[str(regel)]}"
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
