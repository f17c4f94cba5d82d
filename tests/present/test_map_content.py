"""Pieces of the maps (present/map_content.py), on hand-made input."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box

from sociale_basis.present.map_content import (
    cbs_fallback,
    isochrone_bands,
    missing_reasons,
    point_text,
)
from sociale_basis.present.map_layers import (
    ISOCHROON_VULLING,
    legend_row_area,
    legend_row_line,
    rgba,
)

RD = "EPSG:28992"


def test_isochrone_bands_are_rings_each_place_in_one() -> None:
    """Place A reaches a 10 x 10 square in 5 minutes and 20 x 20 in 10; place B a 10 x 10
    square far away in 10 minutes only. Band 0-5: A's 100 m2; band 5-10: A's ring
    (400 - 100) plus B's square (100)."""
    zones = gpd.GeoDataFrame(
        {"minuten": [5.0, 10.0, 10.0]},
        geometry=[box(0, 0, 10, 10), box(0, 0, 20, 20), box(100, 100, 110, 110)],
        crs=RD,
    )
    bands = isochrone_bands(zones)
    assert [(a, b) for a, b, _ in bands] == [(0.0, 5.0), (5.0, 10.0)]
    assert bands[0][2].area == pytest.approx(100.0)
    assert bands[1][2].area == pytest.approx(400.0)
    assert bands[0][2].intersection(bands[1][2]).area == pytest.approx(0.0)


def test_a_larger_step_always_holds_the_smaller() -> None:
    """A 5-minute zone that pokes out of the 10-minute zone (another place) is still
    reached within 10 minutes: it is in band 0-5, and not also in band 5-10."""
    zones = gpd.GeoDataFrame(
        {"minuten": [5.0, 10.0]}, geometry=[box(0, 0, 10, 10), box(5, 0, 25, 10)], crs=RD
    )
    (_, _, first), (_, _, second) = isochrone_bands(zones)
    assert first.area == pytest.approx(100.0)
    assert second.area == pytest.approx(150.0)  # 0..25 minus 0..10


def test_legend_box_is_filled_as_the_band_is_drawn() -> None:
    assert rgba("#54278f", 0.4) == "rgba(84,39,143,0.4)"
    row = legend_row_area("#54278f", "x", rand="#54278f", vulling=ISOCHROON_VULLING, laag="b-0")
    assert 'data-laag="b-0"' in row and f"background:{rgba('#54278f', 0.4)}" in row
    assert "border-top-width:3px" in legend_row_line("#333", 3.0, "hoofdweg")


def test_cbs_fallback_fills_only_what_privacy_hid() -> None:
    """a: our own figure; b: hidden for privacy, CBS gives 33; c: hidden, CBS has none;
    d: fewer than 10 inhabitants (stays empty, even if CBS had a figure)."""
    values = pd.Series([20.0, np.nan, np.nan, np.nan], index=list("abcd"))
    leeg = pd.Series(["", "privacy", "privacy", "geen-inwoners"], index=list("abcd"))
    areas = pd.DataFrame(
        {"percentage_personen_65_jaar_en_ouder": [21.0, 33.0, np.nan, 50.0]}, index=list("abcd")
    )
    filled, used = cbs_fallback(values, leeg, areas, "pct_65plus")
    assert filled.tolist()[:2] == [20.0, 33.0]
    assert filled[["c", "d"]].isna().all()
    assert used.tolist() == [False, True, False, False]
    # a measure CBS does not publish stays as it is
    same, none = cbs_fallback(values, leeg, areas, "pct_hulpvraag")
    assert same.equals(values) and not none.any()


def test_missing_reasons_name_the_rule(delft) -> None:
    from sociale_basis.present.figures import kerncijfers

    cijfers = kerncijfers(delft, "buurt")
    reasons = missing_reasons(cijfers, "pct_65plus")
    small = delft.buurten.index[delft.buurten["inwoners"] < 10]
    assert len(small) > 0 and set(reasons[small]) == {"geen-inwoners"}
    shown = cijfers.waarden("pct_65plus").notna()
    assert (reasons[shown] == "").all()


def test_a_place_without_a_name_is_called_by_its_kind_once() -> None:
    tip, popup = point_text(None, "café", "osm_2022")
    assert tip == "Café"
    assert "café / café" not in popup.lower() and "naam niet bekend" in popup
    tip, popup = point_text("De <b>Kroeg</b>", "café", "osm_2022")
    assert tip == "De &lt;b&gt;Kroeg&lt;/b&gt; <small>(café)</small>"
    assert "bron: OpenStreetMap (2022)" in popup
