"""The whole demo for Delft and Zwolle, audited as a reader would: every published file
(the CSV tables, every sheet of the Excel books, the GeoJSON tooltips and flag popups of
the HTML maps, the handout's table) is parsed, and from what is shown there an integer
program bounds every hidden count (:func:`sociale_basis.privacy.feasible_interval`).

The reader's model here is built from the files alone, apart from the library's own
bookkeeping: a number ``r`` is ``r-2 .. r+2`` (rounded to 5; a shown hulpvraag count is
8 or more), "geheim" is 0-7, "afgeschermd" is anything (8 or more for a hulpvraag
count), and every count of an area is at most its public number of inhabitants (the
synthetic inwoners equal CBS). A wijk is the sum of its buurten; per row the age groups
are part of ``personen``, 75+ of 65+, and ``met_hulpvraag`` is the sum of the kinds.
"""

from __future__ import annotations

import contextlib
import html
import io
import json
import re
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from sociale_basis import cli
from sociale_basis.core.taxonomy import HULPVRAGEN
from sociale_basis.present.figures import kerncijfers_beide
from sociale_basis.present.handout import _table
from sociale_basis.present.signals import table_column
from sociale_basis.privacy import MIN_BREEDTE, feasible_interval

pytestmark = pytest.mark.slow

LABELS = {
    "geheim": "R2",
    "te weinig inwoners": "R3",
    "te weinig personen": "R4",
    "afgeschermd": "R5",
}
HULP = ["met_hulpvraag", *(f"hulpvraag_{k}" for k in HULPVRAGEN)]
COUNTS = ["personen", "inwoners_0_17", "inwoners_65plus", "inwoners_75plus", *HULP]
PART_OF = {
    "inwoners_0_17": "personen",
    "inwoners_65plus": "personen",
    "inwoners_75plus": "inwoners_65plus",
    "met_hulpvraag": "personen",
}
# the count behind each share of the reach and cohesion tables, by its group
BASIS = {"": "personen", "_65plus": "inwoners_65plus", "_hulpvraag": "met_hulpvraag"}
COHESIE = {
    "pct_geisoleerd": "",
    "pct_geisoleerd_65plus": "_65plus",
    "pct_geisoleerd_hulpvraag": "_hulpvraag",
    "pct_alleen_professioneel": "",
    "pct_lid": "",
    "pct_hulpvraag_binnen_k": "_hulpvraag",
}


@pytest.fixture(scope="module", params=["delft", "zwolle"])
def demo(request, tmp_path_factory):
    """The full demo (flags and cohesion too), once per gemeente."""
    naam = request.param
    gebied = request.getfixturevalue(naam)  # fills the session cache: the demo loads it
    folder = tmp_path_factory.mktemp(f"demo_{naam}")
    args = ["demo", "--gemeente", naam, "--uit", str(folder), "--offline"]
    if naam == "zwolle":
        args.append("--geen-wijkkaarten")  # Delft's wijk maps are audited; enough
    with contextlib.redirect_stdout(io.StringIO()):
        assert cli.main(args) == cli.EXIT_OK
    return naam, folder, gebied


def _csv(folder: Path, naam: str, niveau: str, thema: str) -> pd.DataFrame:
    return pd.read_csv(
        folder / f"{naam}_{niveau}_{thema}.csv",
        sep=";",
        dtype=str,
        keep_default_na=False,
        index_col=0,
        encoding="utf-8-sig",
    )


def _number(text: str) -> float | None:
    """A published cell as a number (None for a label or an empty cell)."""
    text = str(text).strip()
    if text in LABELS or text in ("", "onbekend", "None"):
        return None
    return float(text.replace(".", "").replace(",", ".").rstrip("%m ").strip())


def _cell(text: str) -> tuple[str, float | None]:
    """("", number) for a shown cell, (rule, None) for a hidden one."""
    text = str(text).strip()
    if text in LABELS:
        return LABELS[text], None
    return "", _number(text)


def _bounds(rule: str, value: float | None, hulp: bool, cap: float) -> tuple[float, float]:
    low = 8.0 if hulp else 0.0
    if rule == "":
        assert value is not None
        return max(value - 2, low), min(value + 2, cap)
    if rule == "R2":
        return 0.0, min(7.0, cap)
    if rule == "R5":
        return low, cap
    return 0.0, cap


def _families(gebied, buurt: pd.DataFrame, wijk: pd.DataFrame):
    cbs = pd.to_numeric(gebied.buurten["inwoners"])
    ouder = gebied.buurten["wijkcode"].astype(str)
    for wijkcode, rows in ouder.groupby(ouder).groups.items():
        areas = [*map(str, rows), str(wijkcode)]
        caps = {**{str(r): float(cbs[r]) for r in rows}, str(wijkcode): float(cbs[rows].sum())}
        tables = {str(r): buurt for r in rows} | {str(wijkcode): wijk}
        yield str(wijkcode), areas, caps, tables


def _audit_bevolking(gebied, buurt: pd.DataFrame, wijk: pd.DataFrame) -> list[str]:
    problems: list[str] = []
    for wijkcode, areas, caps, tables in _families(gebied, buurt, wijk):
        cells: list[tuple[str, str, str, float | None, bool, float]] = []
        position: dict[tuple[str, str], int] = {}
        public = []
        for area in areas:
            for column in COUNTS:
                rule, value = _cell(tables[area].at[area, column])
                if column == "personen":  # public: the CBS figure itself
                    public.append(len(cells))
                position[(area, column)] = len(cells)
                cells.append((area, column, rule, value, column in HULP, caps[area]))
        sums = [
            (position[(wijkcode, column)], [position[(a, column)] for a in areas[:-1]])
            for column in COUNTS[1:]
        ]
        sums += [
            (position[(a, "met_hulpvraag")], [position[(a, h)] for h in HULP[1:]]) for a in areas
        ]
        at_most = [
            (position[(a, part)], position[(a, whole)])
            for a in areas
            for part, whole in PART_OF.items()
        ]
        problems += _audit(cells, sums, at_most, public, _free_totals(cells, sums))
    return problems


def _free_totals(
    cells: list[tuple[str, str, str, float | None, bool, float]], sums: list[tuple[int, list[int]]]
) -> list[tuple[float, float] | None]:
    """What a reader knows of an "afgeschermd" hulpvraag total whose parts are all hidden by
    R2, R3 or R4 and small (R5 in REGELS: such a total is hidden whatever its value): only
    0 to its public bound, not "8 or more". Decided from the published rules alone."""
    given: list[tuple[float, float] | None] = [None] * len(cells)
    changed = True
    while changed:
        changed = False
        for total, parts in sums:
            _, _, rule, _, hulp, cap = cells[total]
            if given[total] is not None or rule != "R5" or not hulp:
                continue
            highs = []
            for p in parts:
                if given[p] is not None:
                    highs.append(given[p][1])  # type: ignore[index]
                elif cells[p][2] in ("R2", "R3", "R4"):
                    highs.append(_bounds(cells[p][2], None, False, cells[p][5])[1])
                else:
                    break
            else:
                if highs and sum(highs) - max(highs) <= 7:
                    given[total] = (0.0, cap)
                    changed = True
    return given


def _audit(
    cells: list[tuple[str, str, str, float | None, bool, float]],
    sums: list[tuple[int, list[int]]],
    at_most: list[tuple[int, int]],
    public: list[int],
    given: list[tuple[float, float] | None] | None = None,
) -> list[str]:
    """Every hidden R2/R3/R4 cell of one wijk (and its buurten) against all the others.

    ``cells``: (area, column, rule, shown value, hulpvraag, public bound); the cells in
    ``public`` are known exactly (their public bound); ``given`` holds bounds worked out
    elsewhere (a count behind a shown share), None where the cell itself says them.
    """
    lower, upper = [], []
    for i, (_, _, rule, value, hulp, cap) in enumerate(cells):
        if given is not None and given[i] is not None:
            lo, hi = given[i]  # type: ignore[misc]
        else:
            lo, hi = (cap, cap) if i in public else _bounds(rule, value, hulp, cap)
        lower.append(float(lo))
        upper.append(float(hi))
    problems = []
    for i, (area, column, rule, _, _, _) in enumerate(cells):
        if rule not in ("R2", "R3", "R4") or i in public:
            continue
        low, high = feasible_interval(i, lower, upper, sums, at_most)
        required = min(MIN_BREEDTE, upper[i] - lower[i])
        if not high - low >= required:
            problems.append(f"{column} {area} ({rule}): {low:g}-{high:g}")
        if rule == "R2" and not (low == 0 and high >= min(7, upper[i])):
            problems.append(f"{column} {area} geheim but {low:g}-{high:g}")
    return problems


def _audit_shares(
    gebied, bev: dict[str, pd.DataFrame], table: dict[str, pd.DataFrame], columns: dict[str, str]
) -> list[str]:
    """The counts behind the shares of a reach or cohesion table, per wijk: a shown share
    times its shown basis gives the count rounded to 5; with the basis hidden the count is
    taken as unknown (this reader does not guess it)."""
    problems: list[str] = []
    for column, suffix in columns.items():
        if column not in table["buurt"].columns:
            continue
        basis = BASIS[suffix]
        hulp = suffix == "_hulpvraag"
        for wijkcode, areas, caps, _ in _families(gebied, table["buurt"], table["wijk"]):
            cells = []
            given: list[tuple[float, float] | None] = []
            published: list[str] = []
            for area in areas:
                level = "wijk" if area == wijkcode else "buurt"
                rule, share = _cell(table[level].at[area, column])
                published.append(rule)
                # the basis as published: personen (public) rounded like every count
                public = float(np.floor(caps[area] / 5 + 0.5) * 5)
                b = public if basis == "personen" else _number(bev[level].at[area, basis])
                bounds = None
                if rule == "":
                    if share is None or b is None:
                        rule = "R5"  # shown, but the count behind it is not known here
                    else:
                        # the share is shown with one decimal: the rounded count is a
                        # multiple of 5 within (share +- 0.05%) of the basis
                        low = np.ceil((share - 0.05) / 100 * b / 5 - 1e-9) * 5
                        high = np.floor((share + 0.05) / 100 * b / 5 + 1e-9) * 5
                        floor = 8.0 if hulp else 0.0
                        bounds = (max(low - 2, floor), min(high + 2, caps[area]))
                cells.append((area, column, rule, None, hulp, caps[area]))
                given.append(bounds)
            sums = [(len(areas) - 1, list(range(len(areas) - 1)))]
            free = _free_totals(cells, sums)
            given = [
                f if f is not None and published[i] == "R5" else g
                for i, (g, f) in enumerate(zip(given, free, strict=True))
            ]
            problems += _audit(cells, sums, [], [], given)
    return problems


def test_no_hidden_count_can_be_narrowed_in_the_published_tables(demo) -> None:
    naam, folder, gebied = demo
    bev = {n: _csv(folder, naam, f"{n}en", "bevolking") for n in ("buurt", "wijk")}
    assert _audit_bevolking(gebied, bev["buurt"], bev["wijk"]) == []
    bereik = {n: _csv(folder, naam, f"{n}en", "bereik") for n in ("buurt", "wijk")}
    soorten = {c[: -len("_pct_verder")] for c in bereik["buurt"] if c.endswith("_pct_verder")}
    shares = {f"{s}_pct_verder{x}": x for s in soorten for x in BASIS}
    assert _audit_shares(gebied, bev, bereik, shares) == []
    if (folder / f"{naam}_buurten_cohesie.csv").exists():
        cohesie = {n: _csv(folder, naam, f"{n}en", "cohesie") for n in ("buurt", "wijk")}
        assert _audit_shares(gebied, bev, cohesie, COHESIE) == []
    report = (folder / f"{naam}_afscherming.md").read_text("utf-8")
    assert "bij elk blijven minstens de vereiste mogelijke waarden open" in report
    assert "TE SMAL" not in report


def test_no_hidden_share_has_its_numerator_published(demo) -> None:
    naam, folder, _ = demo
    for niveau in ("buurten", "wijken"):
        bev = _csv(folder, naam, niveau, "bevolking")
        hidden = bev["pct_hulpvraag"].isin(["te weinig personen"])
        assert hidden.any() or niveau == "wijken"
        for column in HULP:
            shown = bev.loc[hidden, column].map(_number).notna()
            assert not shown.any(), (niveau, column, list(bev.index[hidden][shown]))


def test_every_excel_sheet_shows_what_the_csv_shows(demo) -> None:
    naam, folder, _ = demo
    flags = pd.read_csv(folder / f"{naam}_signalen.csv", sep=";", dtype=str, encoding="utf-8-sig")
    keys = set(zip(flags["gebiedcode"], flags["signaal"], flags["reden"], strict=True))
    for niveau in ("buurten", "wijken"):
        book = openpyxl.load_workbook(folder / f"{naam}_{niveau}.xlsx", read_only=True)
        for sheet in book.sheetnames:
            rows = list(book[sheet].iter_rows(values_only=True))
            header, body = rows[0], rows[1:]
            # a sheet on synthetic people says so in its name: "bevolking (synthetisch)"
            name = sheet.removesuffix(" (synthetisch)")
            if name == "signalen":
                for row in body:
                    record = dict(zip(header, row, strict=True))
                    assert (record["gebiedcode"], record["signaal"], record["reden"]) in keys
                continue
            if name == "kansen":
                kansen = pd.read_csv(folder / f"{naam}_kansen.csv", sep=";", dtype=str)
                assert len(body) == len(kansen)
                continue
            if name in ("uitleg", "bronnen"):
                continue
            csv = _csv(folder, naam, niveau, name)
            for row in body:
                for column, value in zip(header[1:], row[1:], strict=True):
                    text = csv.at[row[0], column]
                    if value is None:
                        assert text == "", (name, row[0], column)
                    elif isinstance(value, str):
                        assert value == text, (name, row[0], column)
                    else:
                        assert _number(text) == pytest.approx(value), (name, row[0], column)
        book.close()


def _tips(path: Path) -> dict[str, str]:
    """The tooltip of every area in a map's GeoJSON, by code."""
    out = {}
    for match in re.finditer(r'"tip": "((?:[^"\\]|\\.)*)"', path.read_text("utf-8")):
        tip = json.loads(f'"{match.group(1)}"')
        code = re.search(r"\((BU\d+|WK\d+)\)</small>", tip)
        if code:
            out[code.group(1)] = tip
    return out


def _popups(path: Path) -> dict[str, list[str]]:
    """The reasons in the flag popups of a map, by area code."""
    text = path.read_text("utf-8")
    out: dict[str, list[str]] = {}
    for match in re.finditer(r'"((?:[^"\\]|\\.)*Signalen voor(?:[^"\\]|\\.)*)"', text):
        popup = json.loads(f'"{match.group(1)}"')
        code = re.search(r"\((BU\d+|WK\d+)\)</small>", popup)
        assert code is not None
        reasons = re.findall(r"</b>(?: \([a-z]+\))?: (.*?)(?:<br><small>|</li>)", popup)
        out.setdefault(code.group(1), []).extend(html.unescape(r) for r in reasons)
    return out


def test_maps_show_what_the_tables_show(demo) -> None:
    naam, folder, _ = demo
    flags = pd.read_csv(folder / f"{naam}_signalen.csv", sep=";", dtype=str, encoding="utf-8-sig")
    reasons = flags.groupby("gebiedcode")["reden"].apply(set).to_dict()
    maps = [folder / f"{naam}_kaart_buurten.html", folder / f"{naam}_kaart_wijken.html"]
    maps += sorted((folder / "wijken").glob("*.html"))
    assert len(maps) >= 2
    tables = {n: _csv(folder, naam, n, "bevolking") for n in ("buurten", "wijken")}
    seen = 0
    for path in maps:
        for code, tip in _tips(path).items():
            table = tables["wijken" if code.startswith("WK") else "buurten"]
            shown = re.search(r"Aandeel 65-plussers: <b>(.*?)</b>", tip)
            assert shown is not None
            value = html.unescape(shown.group(1))
            text = table.at[code, "pct_65plus"]
            if value in LABELS:
                assert value == text, (path.name, code)
            else:
                assert _number(value) == pytest.approx(_number(text)), (path.name, code)
            seen += 1
        for code, found in _popups(path).items():
            assert set(found) <= reasons.get(code, set()), (path.name, code)
    assert seen > 0


def test_every_flag_agrees_with_the_table_protection(demo) -> None:
    naam, folder, _ = demo
    flags = pd.read_csv(folder / f"{naam}_signalen.csv", sep=";", dtype=str, encoding="utf-8-sig")
    tables: dict[str, dict[str, pd.DataFrame]] = {}
    for niveau in ("buurt", "wijk"):
        tables[niveau] = {
            thema: _csv(folder, naam, f"{niveau}en", thema)
            for thema in ("bereik", "cohesie")
            if (folder / f"{naam}_{niveau}en_{thema}.csv").exists()
        }
    checked = 0
    for row in flags.itertuples():
        if row.niveau not in tables:
            continue
        column = table_column(row.signaal, row.onderwerp, row.groep)
        for table in tables[row.niveau].values():
            if column is None or column not in table.columns:
                continue
            text = table.at[row.gebiedcode, column]
            assert _number(text) is not None, (row.gebiedcode, column, text)
            if row.signaal == "hulp_te_ver" and row.onderwerp == "huisarts":
                # the same distance (1.000 m) as the table: the same number
                waarde = float(str(row.waarde).replace(",", "."))
                assert waarde * 100 == pytest.approx(_number(text), abs=0.051)
            checked += 1
    assert checked > 0


def test_the_handout_table_shows_what_the_csv_shows(demo) -> None:
    naam, folder, gebied = demo
    cijfers = kerncijfers_beide(gebied)
    tables = {n: _csv(folder, naam, n, "bevolking") for n in ("buurten", "wijken")}
    names = {str(c): str(n) for c, n in gebied.buurten["buurtnaam"].items()}
    checked = 0
    for wijkcode in gebied.wijken.index[:4]:
        page = _table(gebied, wijkcode, cijfers["buurt"], cijfers["wijk"])
        head = re.findall(r'<th title="[^"]*">(.*?)</th>', page)
        assert head
        # FIGURES of the handout, as far as the figures without reach have them
        columns = ["inwoners", "pct_65plus", "pct_75plus", "met_hulpvraag", "pct_hulpvraag"]
        inside = gebied.buurten.index[gebied.buurten["wijkcode"] == wijkcode]
        for row in re.findall(r"<tr(?: class=\"totaal\")?><th>(.*?)</th>(.*?)</tr>", page):
            label, cells = row
            values = [html.unescape(v) for v in re.findall(r"<td>(.*?)</td>", cells)]
            if not values:  # the header
                continue
            checked += 1
            if html.unescape(label) == "Hele wijk":
                code, table = str(wijkcode), tables["wijken"]
            else:
                code = next(str(c) for c in inside if names[str(c)] == html.unescape(label))
                table = tables["buurten"]
            for column, value in zip(columns, values, strict=False):
                text = table.at[code, column]
                if value in LABELS or text in LABELS:
                    assert value == text, (wijkcode, code, column)
                else:
                    assert _number(value) == pytest.approx(_number(text)), (code, column)
    assert checked > 4
