"""One gemeente of a region run, in this process: failures come back with their step and
a Dutch message; the marker says when a gemeente's outputs are complete and current."""

from __future__ import annotations

import json

from sociale_basis.regio.gemeente import (
    MARKER,
    Afloop,
    Opties,
    fout_tekst,
    read_marker,
    run_gemeente,
)


def test_an_unknown_gemeente_fails_in_the_first_step(tmp_path):
    afloop = run_gemeente("atlantis", tmp_path)
    assert afloop.status == "mislukt"
    assert afloop.stap == "bundel zoeken"
    assert "Geen bundel gevonden voor gemeente 'atlantis'" in afloop.fout
    assert "MISLUKT bij stap 'bundel zoeken'" in afloop.regel()
    assert not any(tmp_path.iterdir())  # nothing written


def test_an_unknown_gemeentecode_lists_the_bundles_there_are(tmp_path):
    afloop = run_gemeente("GM9999", tmp_path)
    assert afloop.stap == "bundel zoeken"
    assert "Geen bundel met gemeentecode GM9999" in afloop.fout
    assert "GM0503 (delft)" in afloop.fout


def test_an_unknown_maat_fails_before_the_slow_steps(tmp_path, zwolle):
    afloop = run_gemeente("zwolle", tmp_path, Opties(maat="bestaat_niet", snel=True))
    assert (afloop.status, afloop.stap) == ("mislukt", "maat controleren")
    assert afloop.fout.startswith("onbekende maat 'bestaat_niet'")
    assert afloop.naam == "Zwolle" and afloop.gemeentecode == "GM0193"
    assert not (tmp_path / "zwolle" / MARKER).exists()


def test_errors_that_are_not_ours_are_named_in_dutch():
    assert fout_tekst(KeyError("x")) == "onverwachte fout (KeyError): 'x'"
    assert "te weinig geheugen" in fout_tekst(MemoryError())
    assert fout_tekst(FileNotFoundError(2, "weg", "a.csv")) == "bestand niet gevonden: a.csv"


def _marker(folder, **changes):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a.csv").write_text("x")
    marker = {"sleutel": "abc", "versie": "1", "opties": {"maat": "m"}, "bestanden": ["a.csv"]}
    marker.update(changes)
    (folder / MARKER).write_text(json.dumps(marker))
    return {k: marker[k] for k in ("sleutel", "versie", "opties")}


def test_the_marker_holds_only_when_complete_and_current(tmp_path):
    expected = _marker(tmp_path)
    assert read_marker(tmp_path, expected)["bestanden"] == ["a.csv"]
    assert read_marker(tmp_path, {**expected, "sleutel": "other"}) is None  # new bundle
    assert read_marker(tmp_path, {**expected, "versie": "2"}) is None  # new package
    assert read_marker(tmp_path, {**expected, "opties": {"maat": "n"}}) is None
    (tmp_path / "a.csv").unlink()
    assert read_marker(tmp_path, expected) is None  # a file gone
    (tmp_path / MARKER).write_text("{niet af")
    assert read_marker(tmp_path) is None  # a broken marker: run again


def test_the_console_line_of_a_finished_gemeente():
    a = Afloop("delft", "klaar", naam="Delft", gemeentecode="GM0503", seconden=12.4)
    a.inwoners, a.piek_mb = 110160, 1234.5
    assert a.regel() == (
        "Delft (GM0503): klaar in 12 s, 110.160 inwoners, piek 1.235 MB op de worker"
    )
    skipped = Afloop("zwolle", "overgeslagen", naam="Zwolle", gemeentecode="GM0193")
    assert skipped.regel() == "Zwolle (GM0193): overgeslagen, de uitvoer is compleet en actueel"
