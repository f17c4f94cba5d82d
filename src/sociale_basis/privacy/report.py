"""A protected table (Beveiligd), its audit summary, and the Markdown report of what each rule
hid."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..core.html import card
from .rules import AFRONDING, REGELS, Kolom, format_value, status_label

AUDIT_KOLOMMEN = ["kolom", "gebied", "regel", "laagste", "hoogste", "vereist", "in_orde"]
"""Columns of :attr:`Beveiligd.audit`."""


def empty_audit() -> pd.DataFrame:
    return pd.DataFrame(columns=AUDIT_KOLOMMEN)


@dataclass
class Beveiligd:
    """A protected table: the values that may be shown and why the others are hidden.

    Attributes
    ----------
    waarden
        Indexed by area code; numbers (float) or text, NaN/None where hidden or missing.
    status
        Same shape: ``""`` where the value may be shown, else the code of the rule that
        hid it (``"R2"`` ... ``"R5"``).
    kolommen
        The :class:`Kolom` of every column, in order.
    log
        One row per hidden cell: ``regel``, ``kolom``, ``gebied``, ``toelichting``.
    afgerond
        Per column, how many shown counts were rounded (R1).
    audit
        The interval audit of secondary suppression: one row per count hidden by R2, R3
        or R4 (or the teller of such a share): ``kolom``, ``gebied``, ``regel``,
        ``laagste`` and ``hoogste`` (the smallest and largest whole value that agrees with
        every published figure of the tables protected together), ``vereist`` (the width
        that ``hoogste - laagste`` must reach, see :data:`MIN_BREEDTE`) and ``in_orde``.
        Internal: the report gives only widths per column.
    """

    waarden: pd.DataFrame
    status: pd.DataFrame
    kolommen: dict[str, Kolom]
    log: pd.DataFrame
    afgerond: dict[str, int] = field(default_factory=dict)
    audit: pd.DataFrame = field(default_factory=empty_audit)

    def weergave(self) -> pd.DataFrame:
        """The table as people see it: numbers where shown, the rule's label where hidden
        (``"geheim"``, ``"te weinig inwoners"``, ...), None where there is no value."""
        out = self.waarden.astype(object).copy()
        for name in out.columns:
            codes = self.status[name]
            hidden = codes != ""
            out.loc[hidden, name] = codes[hidden].map(lambda c: status_label(str(c)))
            shown = ~hidden & out[name].isna()
            out.loc[shown, name] = None
        return out

    def weergave_tekst(self) -> pd.DataFrame:
        """:meth:`weergave` as Dutch text (``"1.234"``, ``"23,5%"``, ``"geheim"``), with the
        column labels as headers."""
        shown = self.weergave()
        # Hidden cells already hold their rule's label, and format_value passes text through.
        out = pd.DataFrame(
            {
                name: shown[name].map(lambda v, k=self.kolommen[name]: format_value(v, k))
                for name in shown.columns
            },
            index=shown.index,
        )
        # Set afterwards: two columns with the same label must not merge into one.
        out.columns = pd.Index([self.kolommen[name].label for name in shown.columns])
        return out

    def verborgen_tekst(self) -> str:
        """How many cells each rule hid, e.g. ``"Verborgen: 1 cel door R2 (geheim), ..."``."""
        if self.log.empty:
            return "Niets verborgen."
        counts = self.log["regel"].value_counts().sort_index()
        parts = [
            f"{n} {'cel' if n == 1 else 'cellen'} door {code} ({REGELS[str(code)].label})"
            for code, n in counts.items()
        ]
        return "Verborgen: " + ", ".join(parts) + "."

    def _repr_html_(self) -> str:
        rounded = sum(self.afgerond.values())
        return card(
            "Beveiligde tabel",
            [
                f"{len(self.waarden)} gebieden, {len(self.kolommen)} kolommen.",
                self.verborgen_tekst(),
                f"R1: {rounded} getoonde aantallen afgerond op {AFRONDING}-tallen.",
            ],
            frame=self.weergave_tekst(),
            footnote="Regels R1-R5: zie sociale_basis.privacy.REGELS.",
        )

    def tekst(self, kolom: str, gebied: object) -> str:
        """One cell as Dutch text: ``"1.234"``, ``"23,5%"``, ``"geheim"`` or ``"onbekend"``."""
        code = str(self.status.at[gebied, kolom])
        if code:
            return status_label(code)
        return format_value(self.waarden.at[gebied, kolom], self.kolommen[kolom])


def audit_summary(tabel: Beveiligd) -> pd.DataFrame:
    """The interval audit per column: how many hidden counts were audited, the smallest
    width reached (``hoogste - laagste``) and, for the cell where the margin is smallest,
    the width required there.

    Returns
    -------
    pandas.DataFrame
        Indexed by column: ``cellen``, ``kleinste_breedte``, ``vereist``, ``in_orde``.
    """
    audit = tabel.audit
    if audit.empty:
        return pd.DataFrame(columns=["cellen", "kleinste_breedte", "vereist", "in_orde"])
    frame = audit.assign(
        breedte=audit["hoogste"].astype(float) - audit["laagste"].astype(float),
        marge=lambda f: f["breedte"] - f["vereist"].astype(float),
    )
    rows = {}
    for kolom, part in frame.groupby("kolom", sort=False):
        tight = part.sort_values(["marge", "breedte"], kind="stable").iloc[0]
        rows[kolom] = (
            len(part),
            float(part["breedte"].min()),
            float(tight["vereist"]),
            bool(part["in_orde"].all()),
        )
    return pd.DataFrame.from_dict(
        rows, orient="index", columns=["cellen", "kleinste_breedte", "vereist", "in_orde"]
    )


def disclosure_report(tabellen: dict[str, Beveiligd], *, titel: str) -> str:
    """A short Markdown report: which rule hid what, per table and column, and the
    interval audit of secondary suppression.

    Parameters
    ----------
    tabellen
        Name (``"buurten: bevolking"``) -> protected table.
    titel
        First heading, e.g. ``"Afscherming Delft"``.
    """
    lines = [f"# {titel}", "", "Welke regels zijn toegepast en wat ze verborgen hebben.", ""]
    lines += ["## Regels", ""]
    lines += [f"- **{r.code}** {r.uitleg}" for r in REGELS.values()]
    lines.append("")
    totals = {code: 0 for code in REGELS if code != "R1"}
    audited = failed = 0
    for tabel in tabellen.values():
        for code, n in tabel.log["regel"].value_counts().items():
            totals[str(code)] = totals.get(str(code), 0) + int(n)
        audited += len(tabel.audit)
        failed += int((~tabel.audit["in_orde"].astype(bool)).sum()) if len(tabel.audit) else 0
    lines += ["## Controle", ""]
    lines.append(
        "- Verborgen cellen per regel, alle tabellen samen: "
        + ", ".join(f"{code} {n}" for code, n in totals.items())
        + "."
    )
    lines.append(
        f"- Intervalcontrole: {audited} verborgen aantallen (en tellers van verborgen "
        "aandelen) nagerekend met een lineair programma tegen alle getoonde cijfers van "
        "buurten en wijken samen; "
        + (
            "bij elk blijven minstens de vereiste mogelijke waarden open."
            if failed == 0
            else f"BIJ {failed} CELLEN TE SMAL."
        )
    )
    lines.append("")
    for naam, tabel in tabellen.items():
        lines += [f"## {naam}", ""]
        rounded = sum(tabel.afgerond.values())
        lines.append(f"- R1: {rounded} getoonde aantallen afgerond op {AFRONDING}-tallen.")
        if tabel.log.empty:
            lines += ["- Niets verborgen.", ""]
            continue
        for code, part in tabel.log.groupby("regel", sort=True):
            per_kolom = part.groupby("kolom", sort=False)["gebied"].apply(list)
            lines.append(f"- {code!s} ({REGELS[str(code)].label}): {len(part)} cellen verborgen.")
            for kolom, gebieden in per_kolom.items():
                label = tabel.kolommen[str(kolom)].label
                shown = ", ".join(map(str, gebieden[:12]))
                more = f" en {len(gebieden) - 12} andere" if len(gebieden) > 12 else ""
                lines.append(f"  - {label} (`{kolom}`): {shown}{more}")
        summary = audit_summary(tabel)
        if len(summary):
            lines.append("- Intervalcontrole (breedte = grootste min kleinste mogelijke waarde):")
            for kolom, row in summary.iterrows():
                lines.append(
                    f"  - `{kolom!s}`: {int(row['cellen'])} cellen, kleinste breedte "
                    f"{int(row['kleinste_breedte'])} (daar vereist {int(row['vereist'])})"
                    + ("" if row["in_orde"] else " TE SMAL")
                )
        lines.append("")
    return "\n".join(lines)
