"""Which group opportunities may be shown: the one gate for tables, maps and handouts.

:func:`sociale_basis.gaps.group_opportunities` counts, per buurt, the people with one
hulpvraag within reach of a place for a group (rounded to 5, "geheim" at 0-7). Such a
count is a part of the buurt's count of that hulpvraag, which the tables may hide (R2-R5):
published beside a hidden total it would tell how large that total at least is. So an
opportunity is shown only where the tables show the buurt's count of that hulpvraag, and
only with a number (a "geheim" count would tell that it is 5 to 7, given at least ``k = 5``).
"""

from __future__ import annotations

import pandas as pd

from ..privacy import REGELS
from .figures import Kerncijfers

KANS_KOLOMMEN = (
    "buurtcode",
    "buurtnaam",
    "rang",
    "hulpvraag",
    "naam",
    "soort",
    "echt",
    "aantal",
    "minuten",
    "reden",
)
"""The columns of an opportunity as the tables publish it (then any others)."""


def safe_kansen(kansen: pd.DataFrame, cijfers: Kerncijfers) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Opportunities that may be shown, and those left out with the rule.

    Parameters
    ----------
    kansen
        From :func:`sociale_basis.gaps.group_opportunities`.
    cijfers
        The protected figures per buurt (theme ``bevolking`` with ``hulpvraag_<soort>``).

    Returns
    -------
    (shown, left_out)
        ``shown``: the rows whose buurt count of that hulpvraag the tables show and whose
        own count is a number, ranked again per buurt (``rang`` 1, 2, ...), without
        geometry; ``left_out`` adds ``regel`` (the rule that hides the buurt's count, or
        ``"R2"`` for a count of 0-7) and ``toelichting``.

    Raises
    ------
    ValueError
        When ``cijfers`` are not per buurt, or ``kansen`` lack their columns.
    """
    if cijfers.niveau != "buurt":
        raise ValueError(
            f"de kansen gaan over buurten; geef de kerncijfers per buurt, niet per {cijfers.niveau}"
        )
    missing = [c for c in ("buurtcode", "hulpvraag", "aantal") if c not in kansen.columns]
    if missing:
        raise ValueError(
            f"de kansen missen de kolom(men) {', '.join(missing)} (zie group_opportunities)"
        )
    frame = pd.DataFrame(kansen).drop(columns="geometry", errors="ignore").reset_index(drop=True)
    status = cijfers.themas["bevolking"].status if "bevolking" in cijfers.themas else None
    regel = []
    for row in frame.itertuples():
        column = f"hulpvraag_{row.hulpvraag}"
        code = str(row.buurtcode)
        if status is None or column not in status.columns or code not in status.index:
            regel.append("R3")  # nothing published about this buurt's people
        elif str(status.at[code, column]) != "":
            regel.append(str(status.at[code, column]))
        elif pd.isna(row.aantal):  # type: ignore[arg-type]
            regel.append("R2")
        else:
            regel.append("")
    hidden = pd.Series(regel, index=frame.index) != ""
    left = frame[hidden.to_numpy()].assign(regel=[r for r in regel if r])
    left["toelichting"] = [REGELS[r].label for r in left["regel"]]
    shown = frame[~hidden.to_numpy()].copy()
    if "rang" in shown.columns:
        shown["rang"] = shown.groupby("buurtcode").cumcount().to_numpy() + 1
    first = [c for c in KANS_KOLOMMEN if c in shown.columns]
    shown = shown[[*first, *(c for c in shown.columns if c not in first)]]
    return shown.reset_index(drop=True), left.reset_index(drop=True)


def kansen_report(left: pd.DataFrame | None, shown: int) -> str:
    """How many opportunities were held back, per rule, without naming them."""
    if left is None:
        return ""
    lines = ["## Kansen voor groepen", "", f"- {shown} kansen getoond."]
    for regel, part in left.groupby("regel", sort=True):
        n = len(part)
        what = (
            "het aantal mensen is 0 tot en met 7 (geheim)"
            if regel == "R2"
            else f"de tabellen verbergen het aantal mensen met die hulpvraag in de buurt "
            f"({regel}: {REGELS[str(regel)].label})"
        )
        lines.append(f"- {n} {'kans' if n == 1 else 'kansen'} niet getoond: {what}.")
    return "\n".join(lines) + "\n"
