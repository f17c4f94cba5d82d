"""Safe tables per wijk and buurt: kerncijfers, CSV, Excel and the disclosure report."""

from __future__ import annotations

import numpy as np
import openpyxl
import pandas as pd
import pytest

from sociale_basis.present.figures import kerncijfers
from sociale_basis.present.signals import safe_signalen
from sociale_basis.present.tables import sheet, write_tables
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


def test_every_hidden_count_keeps_its_interval_against_wijk_and_buurten(buurt) -> None:
    wijk = buurt.andere
    assert wijk is not None and wijk.niveau == "wijk" and wijk.andere is buurt
    for k in (buurt, wijk):
        for thema, tabel in k.themas.items():
            audit = tabel.audit
            assert audit["in_orde"].all(), (k.niveau, thema)
            width = audit["hoogste"] - audit["laagste"]
            assert (width >= audit["vereist"]).all()
            # a geheim count keeps the whole of 0-7
            geheim = audit[audit["regel"] == "R2"]
            assert (geheim["laagste"] == 0).all() and (geheim["hoogste"] >= 7).all()
    assert len(buurt.themas["bevolking"].audit) > 0


def test_a_hidden_share_hides_its_numerator(buurt) -> None:
    # R4: pct_hulpvraag needs 100 persons; then met_hulpvraag (its teller) is hidden too,
    # else the share is met_hulpvraag / personen (Delft BU05031208: 15 of 60)
    b = buurt.themas["bevolking"]
    hidden = b.status["pct_hulpvraag"] == "R4"
    assert hidden["BU05031208"]
    assert (b.status.loc[hidden, "met_hulpvraag"] != "").all()
    for key in ("psychisch", "financien"):
        assert (b.status.loc[hidden, f"hulpvraag_{key}"] != "").all()


def test_personen_equal_to_cbs_is_public_and_never_hidden_as_partner(buurt) -> None:
    b = buurt.themas["bevolking"]
    assert not b.kolommen["personen"].secundair  # synthetic = CBS, so public
    assert set(b.status["personen"]) <= {"", "R3"}
    # where personen is shown, it is the CBS figure beside it
    shown = b.status["personen"] == ""
    assert (b.waarden.loc[shown, "personen"] == b.waarden.loc[shown, "inwoners"]).all()


@pytest.mark.parametrize("thema", ["bereik", "cohesie"])
def test_shares_of_persons_are_published_from_rounded_counts(
    delft, afstanden, cohesie_buurt, buurt, thema
) -> None:
    """R1 for shares whose counts are not published: the shown share times the rounded
    number of persons behind it is a multiple of 5, and never a raw share."""
    from sociale_basis.present import themes as tables_themes

    index = delft.buurten.index
    if thema == "bereik":
        # the distances of the thresholds, per category, as kerncijfers uses them
        raw, kolommen = tables_themes.bereik(delft, "buurt", index, afstanden)
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
    # every sheet that rests on the synthetic inwoners says so in its name
    assert book.sheetnames == [
        "bevolking (synthetisch)",
        "voorzieningen (synthetisch)",
        "cohesie (synthetisch)",
        "bereik (synthetisch)",
        "signalen (synthetisch)",
        "uitleg",
        "bronnen",
    ]
    rows = list(book["bevolking (synthetisch)"].iter_rows(values_only=True))
    header = rows[0]
    row = next(r for r in rows if r[0] == "BU05031101")
    assert isinstance(row[header.index("pct_65plus")], float)  # a number, not text
    book.close()

    report = (tmp_path / "delft_afscherming.md").read_text("utf-8")
    assert report.startswith("# Afscherming van de tabellen en kaarten van Delft")
    assert "R3 (te weinig inwoners)" in report
    # held-back flags are counted, never named (naming says the figure is past a threshold)
    assert "1 signaal niet getoond: over gebieden met minder dan 10 inwoners (R3)." in report
    assert "BU05031100: signaal" not in report
    assert "Intervalcontrole:" in report and "bij elk blijven minstens" in report
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


# --- text cells are never formulas (OWASP CSV injection) ------------------------------

HOSTILE = ['=HYPERLINK("http://x","klik")', "\t=1+1", "+1", "-1+1", "@SUM(A1)", "\r=1"]


@pytest.fixture(scope="module")
def hostile_tables(delft, tmp_path_factory):
    """Delft with hostile names of buurten, a wijk and a source, and hostile flags."""
    import dataclasses

    buurten = delft.buurten.copy()
    codes = list(buurten.index[buurten["inwoners"].fillna(0) >= 100][: len(HOSTILE)])
    buurten.loc[codes, "buurtnaam"] = HOSTILE
    wijken = delft.wijken.copy()
    wijken.loc["WK050323", "wijknaam"] = HOSTILE[0]
    bronnen = [{**delft.bronnen[0], "naam": "=1+2", "attributie": "@bron"}, *delft.bronnen[1:]]
    gebied = dataclasses.replace(delft, buurten=buurten, wijken=wijken, bronnen=bronnen)
    flags = _signalen()
    flags["reden"] = ["-1+1", "=2", "+3", "@4"]
    flags["waarde"] = [-3.5, 0.5, 1.0, -1200.0]  # negative numbers stay numbers
    flags["=extra"] = ["x", "=5", "y", "z"]  # a column header from the user
    folder = tmp_path_factory.mktemp("hostile")
    write_tables(gebied, folder, signalen=flags)
    return folder, codes


def test_no_excel_cell_is_a_formula(hostile_tables) -> None:
    folder, codes = hostile_tables
    for niveau in ("wijken", "buurten"):
        book = openpyxl.load_workbook(folder / f"delft_{niveau}.xlsx")
        formulas = [
            f"{sheet.title}!{cell.coordinate}"
            for sheet in book.worksheets
            for row in sheet.iter_rows()
            for cell in row
            if cell.data_type == "f"
        ]
        assert formulas == []
    book = openpyxl.load_workbook(folder / "delft_buurten.xlsx")
    rows = {r[0].value: r for r in book["bevolking (synthetisch)"].iter_rows(min_row=2)}
    names = [rows[code][1] for code in codes]
    assert [c.value for c in names] == [*HOSTILE[:5], "\n=1"]  # XML: \r reads back as \n
    assert all(c.data_type == "s" for c in names)
    wijken = openpyxl.load_workbook(folder / "delft_wijken.xlsx")
    signalen = list(wijken["signalen (synthetisch)"].iter_rows(values_only=True))
    assert "=extra" in signalen[0]  # a header is text too
    waarde = wijken["signalen (synthetisch)"].cell(row=2, column=signalen[0].index("waarde") + 1)
    assert (waarde.value, waarde.data_type) == (-3.5, "n")
    bronnen = list(wijken["bronnen"].iter_rows(values_only=True))
    assert bronnen[1][:1] == ("=1+2",)


def _csv_rows(path) -> list[list[str]]:
    import csv

    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f, delimiter=";"))


def test_csv_text_cells_that_could_be_formulas_get_a_quote(hostile_tables) -> None:
    folder, codes = hostile_tables
    rows = {r[0]: r for r in _csv_rows(folder / "delft_buurten_bevolking.csv")}
    assert [rows[code][1] for code in codes] == ["'" + t for t in HOSTILE]
    wijk = {r[0]: r for r in _csv_rows(folder / "delft_wijken_bevolking.csv")}
    assert wijk["WK050323"][1] == "'" + HOSTILE[0]
    flags = _csv_rows(folder / "delft_signalen.csv")
    header = flags[0]
    assert "'=extra" in header
    # shown: BU05032301 and WK050323, buurten first (the others are about small or
    # unknown areas)
    assert [r[header.index("reden")] for r in flags[1:]] == ["'@4", "'-1+1"]
    # numbers the package formats are numbers: no quote in front of -3,5
    assert [r[header.index("waarde")] for r in flags[1:]] == ["-1200", "-3,5"]
    for path in folder.glob("*.csv"):
        for row in _csv_rows(path):
            bad = [c for c in row if c[:1] in ("=", "+", "@", "\t", "\r")]
            assert bad == [], (path.name, bad)


def test_table_column_names_the_figure_a_flag_is_about() -> None:
    from sociale_basis.present.signals import table_column

    assert table_column("hulp_te_ver", "huisarts", "hulpvraag") == "huisarts_pct_verder_hulpvraag"
    assert table_column("hulp_te_ver", "huisarts", "alle") == "huisarts_pct_verder"
    assert table_column("dunne_sociale_basis", "informele banden", "65plus") == (
        "pct_geisoleerd_65plus"
    )
    assert table_column("zwakke_brug", "brug", "hulpvraag") == "pct_hulpvraag_binnen_k"
    assert table_column("kwetsbaar_netwerk", "x", "hulpvraag") == "pct_kwetsbaar_bij_uitval"
    assert table_column("component_ontbreekt", "cultuur", None) is None


def test_safe_signalen_holds_back_a_flag_about_a_figure_the_table_hides(delft, buurt) -> None:
    """Bosrand's huisarts/hulpvraag was "afgeschermd" in the table and 100% in the flags:
    a flag may never publish what the table hides, whatever rule hid it."""
    tabel = buurt.themas["bereik"]
    column = "huisarts_pct_verder_hulpvraag"
    codes = tabel.status[column]
    hidden = codes[(codes != "") & (codes != "R3")].index[0]
    shown = codes[codes == ""].index[0]
    flags = pd.DataFrame(
        {
            "gebiedcode": [hidden, shown, hidden],
            "niveau": ["buurt", "buurt", "buurt"],
            "signaal": ["hulp_te_ver", "hulp_te_ver", "component_ontbreekt"],
            "onderwerp": ["huisarts", "huisarts", "cultuur"],
            "groep": ["hulpvraag", "hulpvraag", None],
            "ernst": ["hoog"] * 3,
            "waarde": [1.0, 0.5, 1500.0],
            "drempel": [0.15, 0.15, 500.0],
            "reden": ["r"] * 3,
        }
    )
    out, left = safe_signalen(flags, delft, cijfers=buurt)
    assert out["gebiedcode"].tolist() == [shown, hidden]  # the place figure stays
    assert left["gebiedcode"].tolist() == [hidden]
    assert left["regel"].tolist() == [codes[hidden]]
    # without the figures only R3 applies
    assert len(safe_signalen(flags, delft)[0]) == 3
    # a wijk flag is checked against the wijk table that came with the buurt figures
    assert buurt.niveaus()["wijk"] is buurt.andere


# --- synthetic is said wherever it is -----------------------------------------------------


def test_every_table_on_synthetic_people_has_a_column_bron(
    delft, afstanden, cohesie_buurt, tmp_path
) -> None:
    write_tables(
        delft, tmp_path, afstanden=afstanden, cohesie={"buurt": cohesie_buurt}, signalen=_signalen()
    )
    for path in sorted(tmp_path.glob("*.csv")):
        table = pd.read_csv(path, sep=";", dtype=str, encoding="utf-8-sig")
        assert table.columns[-1] == "bron", path.name
        assert table["bron"].str.contains("synthetisch").all(), path.name
    bevolking = pd.read_csv(
        tmp_path / "delft_buurten_bevolking.csv", sep=";", dtype=str, encoding="utf-8-sig"
    )
    assert bevolking["bron"].iloc[0] == (
        "synthetische inwoners (geen echte mensen); alleen de kolom inwoners is van het CBS"
    )
    book = openpyxl.load_workbook(tmp_path / "delft_wijken.xlsx", read_only=True)
    uitleg = list(book["uitleg"].iter_rows(values_only=True))
    assert any(row[2] == "bron" and "synthetische bevolking" in row[3] for row in uitleg)
    book.close()


def test_real_figures_carry_no_mark(delft, tmp_path) -> None:
    import dataclasses

    from sociale_basis.present.tables import bron_of, sheet_title

    echt = dataclasses.replace(
        delft,
        inwoners=delft.inwoners.iloc[:0],
        verenigingen=delft.verenigingen.iloc[:0],
        professionals=delft.professionals.iloc[:0],
        voorzieningen=delft.voorzieningen[delft.voorzieningen["bron"] != "synthetisch"],
        seed=None,
    )
    assert {bron_of(echt, t) for t in ("bevolking", "voorzieningen", "signalen")} == {None}
    assert sheet_title("bevolking", None) == "bevolking"
    write_tables(echt, tmp_path, naam="echt")
    book = openpyxl.load_workbook(tmp_path / "echt_buurten.xlsx", read_only=True)
    assert book.sheetnames == ["bevolking", "voorzieningen", "uitleg", "bronnen"]
    book.close()
    table = pd.read_csv(tmp_path / "echt_buurten_voorzieningen.csv", sep=";", dtype=str)
    assert "bron" not in table.columns
    # voorzieningen partly synthetic: said, naming what
    assert bron_of(delft, "voorzieningen") == (
        "deels synthetisch: verenigingen, professionals en aangevulde voorzieningen "
        "(geen echte plekken of personen)"
    )


# --- group opportunities: only beside a count the tables show ------------------------------


def test_safe_kansen_shows_only_opportunities_whose_buurt_count_is_shown(delft, buurt) -> None:
    from sociale_basis.present.kansen import kansen_report, safe_kansen

    status = buurt.themas["bevolking"].status["hulpvraag_psychisch"]
    shown_code = status.index[status == ""][0]
    hidden_code = status.index[status.isin(["R4", "R5", "R2"])][0]
    kansen = pd.DataFrame(
        {
            "buurtcode": [shown_code, shown_code, hidden_code, shown_code],
            "buurtnaam": ["a", "a", "b", "a"],
            "rang": [1, 2, 1, 3],
            "hulpvraag": ["psychisch", "psychisch", "psychisch", "psychisch"],
            "naam": ["x", "y", "z", "w"],
            "aantal": pd.array([20, None, 15, 10], dtype="Int64"),
            "reden": ["r"] * 4,
        }
    )
    shown, left = safe_kansen(kansen, buurt)
    # the second is "geheim" (0-7, with k = 5 that would tell 5-7), the third's buurt
    # count is hidden by the tables
    assert shown["naam"].tolist() == ["x", "w"] and shown["rang"].tolist() == [1, 2]
    assert left["regel"].tolist() == ["R2", str(status[hidden_code])]
    report = kansen_report(left, len(shown))
    assert "- 2 kansen getoond." in report and "z" not in report
    with pytest.raises(ValueError, match="per buurt"):
        safe_kansen(kansen, buurt.andere)
    with pytest.raises(ValueError, match="aantal"):
        safe_kansen(kansen.drop(columns="aantal"), buurt)
    assert kansen_report(None, 0) == ""


def test_write_tables_writes_the_kansen(delft, afstanden, tmp_path) -> None:
    from sociale_basis.gaps import group_opportunities

    kansen = group_opportunities(delft)
    write_tables(delft, tmp_path, afstanden=afstanden, kansen=kansen)
    table = pd.read_csv(tmp_path / "delft_kansen.csv", sep=";", dtype=str, encoding="utf-8-sig")
    assert len(table) > 20
    assert (table.groupby("buurtcode").size() <= 3).all()
    assert table["bron"].str.startswith("synthetische inwoners").all()
    # real places first in every buurt
    echt = table["echt"].map({"ja": 1, "nee": 0})
    assert echt.notna().all()
    assert (echt.groupby(table["buurtcode"]).diff().fillna(0) <= 0).all()
    book = openpyxl.load_workbook(tmp_path / "delft_buurten.xlsx", read_only=True)
    assert "kansen (synthetisch)" in book.sheetnames
    book.close()
    assert "## Kansen voor groepen" in (tmp_path / "delft_afscherming.md").read_text("utf-8")
