"""The `sociale-basis` command."""

from __future__ import annotations

import pandas as pd
import pytest

from sociale_basis import cli


def test_demo_writes_the_wijk_overview(tmp_path, delft, capsys):
    # `delft` fills the session cache, so the command loads instead of generating again
    assert cli.main(["demo", "--uit", str(tmp_path)]) == cli.EXIT_OK
    table = pd.read_csv(
        tmp_path / "delft_wijken_overzicht.csv", sep=";", decimal=",", index_col="wijkcode"
    )
    assert len(table) == 13
    assert table["inwoners_cbs"].sum() == 110_170  # CBS wijk figures, rounded to 5 by CBS
    # 20 real huisartsen and synthetic social services: every wijk row is counted once
    assert (
        table["voorzieningen_zorg"].sum()
        == (
            delft.voorzieningen["soort"].map(
                lambda s: (
                    s
                    in {
                        "huisarts",
                        "wijkteam",
                        "maatschappelijk_werk",
                        "wijkverpleging",
                        "jongerenwerk",
                        "welzijnsorganisatie",
                        "gemeenteloket",
                        "apotheek",
                        "tandarts",
                        "kliniek",
                        "ziekenhuis",
                        "verpleeghuis",
                    }
                )
            )
        ).sum()
    )
    out = capsys.readouterr().out
    assert "synthetische inwoners (seed 2025)" in out
    assert "© OpenStreetMap contributors" in out


def test_unknown_gemeente_exits_1_without_traceback(tmp_path, capsys):
    assert cli.main(["demo", "--gemeente", "atlantis", "--uit", str(tmp_path)]) == cli.EXIT_DATA
    err = capsys.readouterr().err
    assert "Geen bundel gevonden voor gemeente 'atlantis'" in err
    assert "Traceback" not in err


def test_wrong_arguments_exit_2():
    with pytest.raises(SystemExit) as exit_:
        cli.main(["onzin"])
    assert exit_.value.code == cli.EXIT_USAGE
