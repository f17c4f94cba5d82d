"""The modes: one table of speeds and detour factors (with sources), and the OSM rules."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import sociale_basis as sb
from sociale_basis.streets import modes
from sociale_basis.streets.modes import DETOUR_FACTOR, MODI, Modus, get_modus

SRC = Path(__file__).parents[2] / "src" / "sociale_basis"

# --- the table ---------------------------------------------------------------------------


def test_the_table_holds_the_design_defaults():
    assert list(MODI) == ["lopen", "fiets", "auto"] == list(modes.MODES)
    assert MODI["lopen"].speed_kmh == 4.8 and MODI["fiets"].speed_kmh == 15.0  # DESIGN §4
    assert MODI["auto"].speed_kmh == 30.0
    assert [m.detour_factor for m in MODI.values()] == [1.27, 1.33, 1.89]
    assert MODI["lopen"].speed_ms == pytest.approx(4.8 / 3.6)
    assert MODI["auto"].speed_by_class_kmh["residential"] == 30.0
    assert not MODI["fiets"].speed_by_class_kmh
    for m in MODI.values():
        assert isinstance(m, Modus) and m.naam in MODI
        assert m.label and m.speed_source and m.detour_source  # every default has a source
    assert "DESIGN.md" in MODI["lopen"].speed_source
    assert "bench_reach.py --detour" in MODI["fiets"].detour_source


def test_the_table_cannot_be_changed_by_accident():
    with pytest.raises(TypeError):
        MODI["boot"] = MODI["lopen"]  # type: ignore[index]
    with pytest.raises(AttributeError):
        MODI["lopen"].speed_kmh = 3.0  # type: ignore[misc]
    with pytest.raises(TypeError):
        DETOUR_FACTOR["lopen"] = 1.0  # type: ignore[index]


def test_detour_factor_is_read_from_the_table():
    assert dict(DETOUR_FACTOR) == {n: m.detour_factor for n, m in MODI.items()}
    assert sb.DETOUR_FACTOR is DETOUR_FACTOR is sb.streets.DETOUR_FACTOR


def test_get_modus():
    assert get_modus("fiets") is MODI["fiets"]
    with pytest.raises(ValueError, match="onbekende modus 'boot'; kies een van: lopen, fiets"):
        get_modus("boot")


def test_no_other_module_writes_a_default_down():
    """Speeds and detour factors are numbers in modes.py only (everything reads MODI)."""
    defaults = {m.speed_kmh for m in MODI.values()} - {15.0, 30.0}  # also class speeds
    defaults |= {m.detour_factor for m in MODI.values()}
    found = [
        f"{path.relative_to(SRC)}:{node.lineno}: {node.value}"
        for path in sorted(SRC.rglob("*.py"))
        if path.name != "modes.py"
        for node in ast.walk(ast.parse(path.read_text("utf-8")))
        if isinstance(node, ast.Constant) and isinstance(node.value, float)
        if node.value in defaults
    ]
    assert found == []


# --- mode rules --------------------------------------------------------------------------


def test_mode_rules():
    hw = [
        "motorway",
        "trunk_link",
        "footway",
        "steps",
        "cycleway",
        "residential",
        None,
        "unknown",
        ["footway", "residential"],
        "busway",
    ]
    lopen = modes.allowed_edges(hw, "lopen")
    assert lopen.tolist() == [False, False, True, True, True, True, True, True, True, True]
    bike = ["no", None, None, "designated", None, None, None, None, None, None]
    fiets = modes.allowed_edges(hw, "fiets", bicycle=bike)
    assert fiets.tolist() == [False, False, False, True, True, True, True, True, True, True]
    car = [False] * 6 + [True, False, False, True]
    auto = modes.allowed_edges(hw, "auto", car_road=car)
    assert auto.tolist() == [True, True, False, False, False, True, True, False, True, False]
    # no car_road column, no class: an untyped network allows everything
    assert modes.allowed_edges([None, None], "auto").all()
    # motor_only wins over an unknown class; foot=no closes a way to walkers
    assert not modes.allowed_edges([None], "lopen", motor_only=[True])[0]
    assert not modes.allowed_edges(["path"], "lopen", foot=["no"])[0]
    with pytest.raises(ValueError, match="onbekende modus"):
        modes.allowed_edges(["x"], "boot")


def test_speeds():
    s = modes.edge_speeds_kmh(
        ["residential", "primary", None, "service"],
        [None, None, None, "['20', '30']"],
        "auto",
        None,
    )
    assert s.tolist() == [30.0, 50.0, modes.MODI["auto"].speed_kmh, 30.0]
    assert modes.edge_speeds_kmh([None], None, "lopen", None)[0] == 4.8
    assert modes.edge_speeds_kmh([None], None, "fiets", 18.0)[0] == 18.0
    with pytest.raises(ValueError, match="positief"):
        modes.edge_speeds_kmh([None], None, "fiets", -1.0)


def test_highway_classes():
    assert modes.highway_classes("['residential', 'footway']") == {"residential", "footway"}
    assert modes.highway_classes(float("nan")) == frozenset()
    assert modes.highway_classes("unknown") == frozenset()


def test_old_keyword_mode_still_works():
    with pytest.warns(DeprecationWarning, match=r"allowed_edges\(mode=\.\.\.\) heet nu modus="):
        assert modes.allowed_edges(["footway"], mode="fiets").tolist() == [False]
    with pytest.warns(DeprecationWarning, match="heet nu modus="):
        assert modes.edge_speeds_kmh([None], None, mode="fiets", speed_kmh=None)[0] == 15.0
