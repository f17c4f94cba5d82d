"""`sociale-basis regio` without a cluster: its help and its checks of what was asked
(the runs themselves: test_cluster.py)."""

from __future__ import annotations

import contextlib
import io

import pytest

from sociale_basis import cli


def _run(args: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(args)
    return code, out.getvalue(), err.getvalue()


def test_the_help_says_what_regio_does_in_dutch():
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit):
        cli.main(["regio", "--help"])
    text = " ".join(out.getvalue().split())  # argparse wraps the lines
    for option in ("--gemeenten", "--uit", "--scheduler", "--workers", "--geheugen", "--snel"):
        assert option in text
    assert "per 100.000 inwoners" in text


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--gemeenten", " , "], "geef minstens één gemeente"),
        (["--gemeenten", "delft", "--workers", "0"], "--workers moet minstens 1 zijn"),
    ],
)
def test_what_was_asked_is_checked_before_a_cluster_starts(tmp_path, extra, message):
    code, _, err = _run(["regio", "--uit", str(tmp_path), *extra])
    assert code == cli.EXIT_DATA
    assert message in err


def test_the_gemeenten_are_required():
    with contextlib.redirect_stderr(io.StringIO()) as err, pytest.raises(SystemExit) as stop:
        cli.main(["regio", "--uit", "x"])
    assert stop.value.code == cli.EXIT_USAGE
    assert "deze argumenten ontbreken: --gemeenten" in err.getvalue()


def test_a_scheduler_that_does_not_answer_is_said_in_dutch(tmp_path, monkeypatch):
    from sociale_basis.regio import cluster

    monkeypatch.setattr(cluster, "VERBINDEN_S", 1)
    args = ["regio", "--gemeenten", "delft", "--uit", str(tmp_path)]
    code, _, err = _run([*args, "--scheduler", "tcp://127.0.0.1:9"])
    assert code == cli.EXIT_DATA
    assert "kan de Dask-scheduler op tcp://127.0.0.1:9 niet bereiken" in err
