"""The notebooks in notebooks/: stored without outputs, linked from the README, and run top
to bottom in a real Jupyter kernel (nbclient + ipykernel), as an analyst would run them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
EXPECTED = [
    "01_verkenning.ipynb",
    "02_bereikbaarheid.ipynb",
    "03_signalen_en_scenarios.ipynb",
    "04_kaart_voor_wijkgesprek.ipynb",
]
CELL_TIMEOUT_S = 600


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def test_the_four_notebooks_are_there():
    assert [p.name for p in NOTEBOOKS] == EXPECTED


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_stored_without_outputs(path: Path):
    code = [c for c in _cells(path) if c["cell_type"] == "code"]
    assert code, "a notebook without code"
    for cell in code:
        assert cell["outputs"] == [], f"{path.name}: outputs stored in {cell['source'][:1]}"
        assert cell["execution_count"] is None


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_opens_with_a_question_in_dutch(path: Path):
    first = "".join(_cells(path)[0]["source"])
    assert first.startswith("# "), "the first cell is the title"
    assert "**De vraag van de gemeente:**" in first


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_readme_links_every_notebook(path: Path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(rf"\]\(notebooks/{re.escape(path.name)}\)", readme)


def _stderr(nb) -> str:  # type: ignore[no-untyped-def]
    """Everything the cells wrote to stderr (progress bars, warnings)."""
    return "".join(
        out.get("text", "")
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.outputs
        if out.output_type == "stream" and out.name == "stderr"
    )


def _rich(nb) -> list[str]:  # type: ignore[no-untyped-def]
    """The text/html outputs of the notebook, in order."""
    return [
        out["data"]["text/html"]
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.outputs
        if "data" in out and "text/html" in out["data"]
    ]


@pytest.mark.slow
@pytest.mark.usefixtures("delft")  # generates the bundle into the session cache first
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_runs_top_to_bottom(path: Path, tmp_path: Path):
    """Every cell runs without error or warning, in a fresh kernel whose working folder is
    a temporary one (notebook 4 writes its files there). The session's temporary cache,
    filled by the ``delft`` fixture, reaches the kernel through the environment."""
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    nb = nbformat.read(path, as_version=4)
    # IPython hides library DeprecationWarnings; here every warning is an error, as in the
    # rest of the suite (the cell is added to the copy in memory, not to the file).
    nb.cells.insert(0, nbformat.v4.new_code_cell("import warnings\nwarnings.simplefilter('error')"))
    client = nbclient.NotebookClient(
        nb,
        timeout=CELL_TIMEOUT_S,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
    )
    client.execute()  # raises CellExecutionError with the cell and traceback on failure

    assert "Warning" not in _stderr(nb)
    html = _rich(nb)
    assert html, "no rich output at all"
    if path.name.startswith("01"):
        assert "Delft" in html[0] and "synthetisch" in html[0]  # the bundle's own card
    if path.name.startswith("02"):
        assert "modus" in html[0]  # the prepared network's card
    if path.name.startswith("03"):
        assert any("Signalen" in h and "verdwenen" in h for h in html)  # the scenario
    if path.name.startswith("04"):
        uit = tmp_path / "uitvoer"
        assert (uit / "delft_tanthof_oost.html").stat().st_size > 100_000
        assert (uit / "delft_afscherming.md").exists()
        assert (uit / "delft_buurten.xlsx").exists()
        if Path("/usr/bin/chromium").exists():  # CI installs it; elsewhere the cell says why
            assert (uit / "delft_tanthof_oost.pdf").read_bytes()[:5] == b"%PDF-"
