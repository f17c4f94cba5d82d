"""Safe tables per wijk and buurt: kerncijfers, CSV, Excel and the disclosure report."""

from __future__ import annotations

import numpy as np
import openpyxl
import pandas as pd
import pytest

from sociale_basis.present.tables import kerncijfers, safe_signalen, sheet, write_tables
from sociale_basis.streets.reach import distances_by_category

PERSON_SOORTEN = ("aantal", "hulpvraag", "aandeel", "maat", "tekst")


@pytest.fixture(scope="module")
def afstanden(delft):
    # straight line (no network): fast, and exercises the "hemelsbreed" labels
    return distances_by_category(
        None, delft.inwoners, delft.voorzieningen, soorten=["huisarts", "buurthuis"]
    )


@pytest.fixture(scope="module")
def cohesie_buurt(delft):
    """A hand-made cohesion table (the real one needs the whole graph)."""
    codes = delft.buurten.index
    rng = np.random.default_rng(0)
    table = pd.DataFrame(
        {
            "inwoners": delft.buurten["inwoners"].astype(float).to_numpy(),
            "aandeel_geisoleerd": rng.uniform(0, 0.2, len(codes)),
            "aandeel_geisoleerd_hulpvraag": rng.uniform(0, 0.3, len(codes)),
            "top_broker": [f"inwoner:{i}" for i in range(len(codes))],
            "top_broker_soort": "inwoner",
        },
        index=codes,
    )
    table.attrs["niveau"] = "buurt"
    return table


@pytest.fixture(scope="module")
def buurt(delft, afstanden, cohesie_buurt):
    return kerncijfers(delft, "buurt", afstanden=afstanden, cohesie=cohesie_buurt)


def test_themes_present(buurt) -> None:
    assert list(buurt.themas) == ["bevolking", "voorzieningen", "cohesie", "bereik"]
    assert "huisarts_gem_m" in buurt.maten()
    assert "hemelsbreed" in buurt.kolom("huisarts_gem_m").label


def test_small_buurten_get_no_figures_about_persons(delft, buurt) -> None:
    small = delft.buurten.index[delft.buurten["inwoners"] < 10]
    assert len(small) == 9
    for tabel in buurt.themas.values():
        for name, kolom in tabel.kolommen.items():
            if kolom.soort in PERSON_SOORTEN:
                assert (tabel.status.loc[small, name] == "R3").all(), name
                assert tabel.waarden.loc[small, name].isna().all(), name


def test_shown_counts_are_multiples_of_5_and_support_needs_above_7(buurt) -> None:
    tabel = buurt.themas["bevolking"]
    for name, kolom in tabel.kolommen.items():
        if kolom.soort in ("aantal", "hulpvraag"):
            shown = tabel.waarden[name].dropna()
            assert (shown % 5 == 0).all(), name
        if kolom.soort == "hulpvraag":
            assert (tabel.waarden[name].dropna() >= 10).all(), name


def test_rates_are_computed_after_rounding(buurt) -> None:
    w = buurt.themas["bevolking"].waarden
    shown = w["pct_65plus"].notna()
    expected = w.loc[shown, "inwoners_65plus"] / w.loc[shown, "personen"] * 100
    assert np.allclose(w.loc[shown, "pct_65plus"], expected)


def test_no_wijk_has_exactly_one_hidden_buurt_in_any_column(buurt) -> None:
    wijk = buurt.gebieden["wijkcode"]
    for thema, tabel in buurt.themas.items():
        for name, kolom in tabel.kolommen.items():
            if kolom.soort == "plek" or not kolom.secundair:
                continue
            hidden = (tabel.status[name] != "").groupby(wijk).sum()
            shown = ((tabel.status[name] == "") & tabel.waarden[name].notna()).groupby(wijk).sum()
            # exactly one hidden is allowed only where nothing is left to hide beside it
            lonely = hidden[(hidden == 1) & (shown > 0)]
            assert lonely.empty, (thema, name, lonely.index.tolist())


@pytest.mark.parametrize("thema", ["bereik", "cohesie"])
def test_shares_of_persons_are_published_from_rounded_counts(
    delft, afstanden, cohesie_buurt, buurt, thema
) -> None:
    """R1 for shares whose counts are not published: the shown share times the rounded
    number of persons behind it is a multiple of 5, and never a raw share."""
    from sociale_basis.present import themes as tables_themes

    index = delft.buurten.index
    if thema == "bereik":
        raw, kolommen = tables_themes.bereik(delft, "buurt", index, afstanden, 1000.0)
    else:
        raw, kolommen = tables_themes.cohesie(delft, "buurt", index, cohesie_buurt)
    tabel = buurt.themas[thema]
    checked = 0
    for k in kolommen:
        if k.teller is None:
            continue
        shown = tabel.waarden[k.naam].dropna()
        n = (raw.loc[shown.index, k.basis] / 5 + 0.5).astype(int) * 5  # rounded half up
        persons = shown / 100 * n
        assert np.allclose(persons, (persons / 5).round() * 5), k.naam
        assert np.allclose(
            persons, raw.loc[shown.index, k.teller].map(lambda v: 5 * int(v / 5 + 0.5))
        )
        checked += len(shown)
        if k.teller_hulpvraag:  # R2: a count of 0 to 7 persons with a hulpvraag is geheim
            assert (raw.loc[shown.index, k.teller] > 7).all(), k.naam
    assert checked > 100


def test_sensitive_cohesion_measures_need_100_persons(buurt) -> None:
    tabel = buurt.themas["cohesie"]
    n = buurt.themas["bevolking"].waarden  # only for orientation; the rule uses raw counts
    assert "top_broker" not in tabel.waarden.columns  # an inwoner's node id never leaves
    assert set(tabel.waarden["top_verbinder_soort"].dropna()) == {"inwoner"}
    # persons with a hulpvraag are < 100 in most buurten: their share is hidden there
    assert (tabel.status["pct_geisoleerd_hulpvraag"] == "R4").sum() > 10
    assert len(n) == len(tabel.waarden)


def test_cohesion_of_the_wrong_level_is_refused(delft, cohesie_buurt) -> None:
    with pytest.raises(ValueError, match="per buurt"):
        kerncijfers(delft, "wijk", cohesie=cohesie_buurt)


def test_unknown_level_is_refused(delft) -> None:
    with pytest.raises(ValueError, match="niveau"):
        kerncijfers(delft, "gemeente")  # type: ignore[arg-type]


def test_unknown_measure_names_the_known_ones(buurt) -> None:
    with pytest.raises(KeyError, match="pct_65plus"):
        buurt.kolom("onzin")


def test_sheet_shows_labels_for_hidden_cells(buurt) -> None:
    frame = sheet(buurt, "bevolking")
    assert frame.index.name == "buurtcode"
    assert list(frame.columns[:2]) == ["naam", "wijkcode"]
    values = set(frame["met_hulpvraag"].map(str))
    assert "te weinig inwoners" in values


def _signalen() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "gebiedcode": ["WK050323", "BU05031100", "BU99999999", "BU05032301"],
            "niveau": ["wijk", "buurt", "buurt", "buurt"],
            "signaal": ["afstand_huisarts", "isolatie", "x", "<b>vet</b>"],
            "ernst": ["hoog", "laag", "laag", "middel"],
            "waarde": [0.23, 0.5, 1.0, 1200.0],
            "drempel": [0.15, 0.1, 0.5, 1000.0],
            "reden": ["23% van de 65-plussers woont verder dan 1.000 m", "r", "r", "r"],
        }
    )


def test_safe_signalen_leaves_out_small_and_unknown_areas(delft) -> None:
    shown, left = safe_signalen(_signalen(), delft)
    assert shown["gebiedcode"].tolist() == ["WK050323", "BU05032301"]
    assert left.set_index("gebiedcode")["regel"].to_dict() == {
        "BU05031100": "R3",
        "BU99999999": "onbekend gebied",
    }


def test_safe_signalen_needs_its_columns(delft) -> None:
    with pytest.raises(ValueError, match="reden"):
        safe_signalen(pd.DataFrame({"gebiedcode": ["WK050323"], "signaal": ["x"]}), delft)


def test_write_tables_writes_csv_excel_and_report(
    delft, afstanden, cohesie_buurt, tmp_path
) -> None:
    paths = write_tables(
        delft,
        tmp_path,
        afstanden=afstanden,
        cohesie={"buurt": cohesie_buurt},
        signalen=_signalen(),
    )
    names = {p.name for p in paths}
    for niveau in ("wijken", "buurten"):
        assert f"delft_{niveau}.xlsx" in names
        for thema in ("bevolking", "voorzieningen", "bereik"):
            assert f"delft_{niveau}_{thema}.csv" in names
    assert "delft_buurten_cohesie.csv" in names
    assert "delft_wijken_cohesie.csv" not in names  # no wijk cohesion given
    assert {"delft_signalen.csv", "delft_afscherming.md"} <= names

    raw = (tmp_path / "delft_buurten_bevolking.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # utf-8-sig: Excel reads the ë right
    text = raw.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("buurtcode;naam;wijkcode;inwoners;")
    table = pd.read_csv(
        tmp_path / "delft_buurten_bevolking.csv", sep=";", decimal=",", index_col=0, dtype=str
    )
    pct = table.loc["BU05031101", "pct_65plus"]
    assert "," in pct and "." not in pct  # decimal comma
    assert table.loc["BU05031100", "personen"] == "te weinig inwoners"

    book = openpyxl.load_workbook(tmp_path / "delft_buurten.xlsx", read_only=True)
    assert book.sheetnames == [
        "bevolking",
        "voorzieningen",
        "cohesie",
        "bereik",
        "signalen",
        "uitleg",
        "bronnen",
    ]
    rows = list(book["bevolking"].iter_rows(values_only=True))
    header = rows[0]
    row = next(r for r in rows if r[0] == "BU05031101")
    assert isinstance(row[header.index("pct_65plus")], float)  # a number, not text
    book.close()

    report = (tmp_path / "delft_afscherming.md").read_text("utf-8")
    assert report.startswith("# Afscherming van de tabellen en kaarten van Delft")
    assert "R3 (te weinig inwoners)" in report
    assert "BU05031100: signaal 'isolatie' niet getoond (R3" in report
    assert "synthetische bevolking" in report


def test_write_tables_without_inwoners_gives_only_public_figures(delft, tmp_path) -> None:
    import dataclasses

    leeg = dataclasses.replace(delft, inwoners=delft.inwoners.iloc[:0], seed=None)
    k = kerncijfers(leeg, "wijk")
    assert list(k.themas["bevolking"].kolommen) == ["inwoners"]
    paths = write_tables(leeg, tmp_path, naam="eigen")
    assert (tmp_path / "eigen_wijken_bevolking.csv") in paths


def test_write_tables_refuses_figures_of_the_wrong_level(delft, tmp_path):
    with pytest.raises(ValueError, match="per buurt"):
        write_tables(delft, tmp_path, cijfers={"wijk": kerncijfers(delft, "buurt")})
