"""Write docs/synthetische_bevolking.md: the synthetic Delft and Zwolle (default seed) next
to national references, each with its source, year and tolerance.

    python scripts/maak_plausibiliteit.py

Rows and references: sociale_basis.synthetic.plausibiliteit. The test
tests/synthetic/test_plausibiliteit.py checks that every row is within its tolerance or
explained.
"""

from __future__ import annotations

from pathlib import Path

import sociale_basis as sb
from sociale_basis.synthetic.plausibiliteit import plausibility

DOC = Path(__file__).resolve().parents[1] / "docs" / "synthetische_bevolking.md"


def table(naam: str) -> str:
    g = sb.datasets.load(naam.lower())
    t = plausibility(g.naam, g.inwoners, g.relaties, g.verenigingen, g.professionals)
    lines = [
        f"### {g.naam} (synthetisch, seed {g.seed})",
        "",
        "| maat | synthetisch | referentie | tolerantie | binnen | verklaring | bron |",
        "|---|---|---|---|---|---|---|",
    ]
    for _, r in t.iterrows():
        fmt = lambda v: f"{v:g}".replace(".", ",")  # noqa: E731
        lines.append(
            f"| {r['maat']} ({r['eenheid']}) | {fmt(r['synthetisch'])} | {fmt(r['referentie'])} "
            f"| ± {fmt(r['tolerantie'])} | {'ja' if r['binnen'] else 'nee'} | {r['verklaring']} "
            f"| {r['bron']} |"
        )
    return "\n".join(lines)


def main() -> None:
    head = (
        "# De synthetische bevolking: hoe plausibel?\n\n"
        "Gemaakt door `python scripts/maak_plausibiliteit.py`. De synthetische inwoners van "
        "Delft en Zwolle (standaardseed) naast landelijke cijfers. De referenties zijn ordes "
        "van grootte uit openbare bronnen (bron en jaar per rij); de tolerantie zegt hoever "
        "een gemeente mag afwijken voordat het verschil een verklaring nodig heeft. Eenzaamheid, "
        "mantelzorgers en vrijwilligerswerk zijn op de landelijke cijfers geijkt (tenzij een "
        "bundel of gebruiker eigen ijkpunten geeft), de rest volgt uit de determinanten in "
        "`sociale_basis/synthetic/aannames.py`. Alles hier beschrijft synthetische inwoners.\n"
    )
    DOC.write_text(head + "\n" + table("Delft") + "\n\n" + table("Zwolle") + "\n", "utf-8")
    print(f"geschreven: {DOC}")


if __name__ == "__main__":
    main()
