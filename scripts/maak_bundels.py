"""Build the embedded bundles data/wijken/delft/ and data/wijken/zwolle/ from the raw files.

    python scripts/maak_bundels.py            # both
    python scripts/maak_bundels.py delft      # one
    python scripts/maak_bundels.py --controle # build in a temporary folder and compare

Reads the raw files in ../shared/data/ (beside the repository) through the source
manifests in scripts/bronnen/<gemeente>.toml, with the package's own readers
(sociale_basis.datasets.read_bron), and writes GeoParquet in EPSG:28992 with only the
columns the package uses, every CBS key figure per buurt, a manifest, a licence file per
source and HERKOMST.md. The committed files are exactly what this script writes:
``--controle`` checks that (same bytes).
"""

from __future__ import annotations

import argparse
import filecmp
import sys
import tempfile
from pathlib import Path

from sociale_basis.datasets.bron import read_bron
from sociale_basis.datasets.write import Bundelinfo, write_bundle

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "scripts" / "bronnen"

BUNDLES = {
    "delft": Bundelinfo(
        map="delft",
        jaar_bevolking=2025,
        beschrijving=(
            "CBS-wijken en -buurten 2025 met kerncijfers (en die van 2023: inkomen, "
            "uitkeringen, opleiding, wonen), OSM-adressen en -straatnetwerk, "
            "OSM/DUO-voorzieningen; inwoners en hun relaties synthetisch."
        ),
        herkomst=(SOURCES / "delft_herkomst.md").read_text("utf-8"),
    ),
    "zwolle": Bundelinfo(
        map="zwolle",
        jaar_bevolking=2024,
        beschrijving=(
            "Wijken en buurten van Zwolle met bevolking naar leeftijd 2024, adrespunten; "
            "geen straatnetwerk en geen voorzieningen: die zijn synthetisch, net als "
            "inwoners en relaties."
        ),
        herkomst=(SOURCES / "zwolle_herkomst.md").read_text("utf-8"),
    ),
}


def build(gemeente: str, uit: Path) -> list[Path]:
    """Build one embedded bundle into ``uit``."""
    bron = read_bron(SOURCES / f"{gemeente}.toml")
    return write_bundle(bron, uit, BUNDLES[gemeente])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gemeenten", nargs="*", help=f"standaard alle: {', '.join(BUNDLES)}")
    parser.add_argument(
        "--controle", action="store_true", help="bouw in een tijdelijke map en vergelijk"
    )
    args = parser.parse_args(argv)
    unknown = sorted(set(args.gemeenten) - set(BUNDLES))
    if unknown:
        parser.error(f"onbekende bundel {', '.join(unknown)}; kies uit {', '.join(BUNDLES)}")
    different = []
    for gemeente in args.gemeenten or list(BUNDLES):
        target = ROOT / "data" / "wijken" / gemeente
        if not args.controle:
            written = build(gemeente, target)
            size = sum(p.stat().st_size for p in written) / 1e6
            print(f"{gemeente}: {len(written)} bestanden, {size:.1f} MB in {target}")
            continue
        with tempfile.TemporaryDirectory() as tmp:
            written = build(gemeente, Path(tmp))
            for path in written:
                if not filecmp.cmp(path, target / path.name, shallow=False):
                    different.append(f"{gemeente}/{path.name}")
    if different:
        print("Anders dan in de repository: " + ", ".join(different))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
