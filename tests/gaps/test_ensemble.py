"""The ensemble over seeds (sb.ensemble, sociale_basis.gaps.over_seeds) on a tiny gebied whose
seeds differ in a way that can be followed by hand."""

from __future__ import annotations

from functools import partial

import pandas as pd
import pytest
from gaps_fixtures import Bouwer, only

from sociale_basis.gaps import ROBUUST, find_signalen, only_robust, over_seeds
from sociale_basis.gaps.ensemble import summarise

ONTMOETING = only("ontmoeting")


def dorp(seed: int, *, per_seed: int = 10):
    """Buurt A of 200 inwoners. Seed s: 10 * s have a hulpvraag; 45 + 5 * s live 1,270 m
    walking from the buurthuis, so the ontmoeting signal (more than 25 % farther than
    800 m) fires from seed 2 on (55 of 200 = 27.5 %), not in seed 1 (50 = 25 %)."""
    b = Bouwer()
    b.buurt("A")
    far = 45 + 5 * seed
    hulp = per_seed * seed
    b.inwoners("A", hulp, at=(500, 500), hulpvraag="eenzaamheid")
    b.inwoners("A", 200 - far - hulp, at=(500, 500))
    b.inwoners("A", far, at=(500, 1500))
    b.voorziening("buurthuis", (500, 500))
    return b.gebied()


@pytest.fixture(scope="module")
def vijf():
    return over_seeds(dorp, seeds=[1, 2, 3, 4, 5], niveau="buurt", drempels=ONTMOETING)


def test_median_and_90_percent_interval_by_hand(vijf) -> None:
    # aandeel_hulpvraag over the seeds: 0.05, 0.10, 0.15, 0.20, 0.25. Median 0.15; the 5th
    # percentile lies 0.05 * 4 = 0.2 of the way from the first to the second: 0.06; the
    # 95th at 3.8: 0.20 + 0.8 * 0.05 = 0.24
    row = vijf.maten.loc[("A", "aandeel_hulpvraag")]
    assert row["mediaan"] == pytest.approx(0.15)
    assert row["p05"] == pytest.approx(0.06)
    assert row["p95"] == pytest.approx(0.24)
    assert row["seeds"] == 5
    raw = vijf.per_seed[vijf.per_seed["maat"] == "aandeel_hulpvraag"]
    assert raw.sort_values("seed")["value"].tolist() == pytest.approx([0.05, 0.1, 0.15, 0.2, 0.25])
    # no relaties: nobody has an informal tie in any seed, so the interval has no width
    iso = vijf.maten.loc[("A", "aandeel_geisoleerd")]
    assert (iso["mediaan"], iso["p05"], iso["p95"]) == (1.0, 1.0, 1.0)


def test_summarise_is_the_same_computation_on_a_hand_table() -> None:
    per_seed = pd.DataFrame(
        {"gebiedcode": ["X"] * 3, "maat": ["m"] * 3, "value": [3.0, 1.0, 2.0], "seed": [1, 2, 3]}
    )
    row = summarise(per_seed).loc[("X", "m")]
    # sorted 1, 2, 3: median 2; p05 at 0.1 of the way from 1 to 2; p95 at 1.9
    assert row.tolist() == pytest.approx([2.0, 1.1, 2.9, 3])


def test_a_signal_in_four_of_five_seeds_is_robust_at_80_percent(vijf) -> None:
    assert ROBUUST == 0.8 and vijf.drempel == 0.8
    found = vijf.signalen.set_index(["gebiedcode", "signaal"])
    row = found.loc[("A", "geen_ontmoetingsplek")]
    assert row["aandeel_seeds"] == pytest.approx(0.8)
    assert bool(row["robuust"])
    assert "800 m" in row["reden"]
    assert len(vijf.robuuste_signalen()) == len(vijf.signalen[vijf.signalen["robuust"]])


def test_a_stricter_share_makes_the_same_signal_not_robust() -> None:
    strict = over_seeds(
        dorp, seeds=[1, 2, 3, 4, 5], niveau="buurt", drempels=ONTMOETING, drempel=0.9
    )
    row = strict.signalen.set_index(["gebiedcode", "signaal"]).loc[("A", "geen_ontmoetingsplek")]
    assert row["aandeel_seeds"] == pytest.approx(0.8) and not bool(row["robuust"])
    # left: the privacy note on the 65-plussers (fewer than 100), the same in every seed
    assert strict.robuuste_signalen()["signaal"].tolist() == ["geen_uitspraak"]
    # one run's signals then lose the ontmoeting signal; robust ones keep their share
    one = find_signalen(dorp(3), drempels=ONTMOETING)
    assert set(one["signaal"]) == {"geen_ontmoetingsplek", "geen_uitspraak"}
    assert only_robust(one, strict)["signaal"].tolist() == ["geen_uitspraak"]
    kept = only_robust(one, over_seeds(dorp, seeds=[2, 3], niveau="buurt", drempels=ONTMOETING))
    assert sorted(kept["signaal"]) == ["geen_ontmoetingsplek", "geen_uitspraak"]
    assert kept["aandeel_seeds"].tolist() == [1.0, 1.0]


def test_processes_give_the_same_answer() -> None:
    maak = partial(dorp, per_seed=20)
    alone = over_seeds(maak, seeds=[1, 2], niveau="buurt", signalen=False)
    together = over_seeds(maak, seeds=[1, 2], niveau="buurt", signalen=False, processen=2)
    pd.testing.assert_frame_equal(alone.maten, together.maten)
    assert alone.maten.loc[("A", "aandeel_hulpvraag"), "mediaan"] == pytest.approx(0.15)
    assert alone.signalen.empty


def test_both_levels_at_once() -> None:
    both = over_seeds(dorp, seeds=[1, 2], niveau="beide", signalen=False)
    codes = set(both.maten.index.get_level_values("gebiedcode"))
    assert codes == {"A", "W1"}


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"seeds": [1]}, "minstens twee seeds"), ({"drempel": 1.5}, "tussen 0 en 1")],
)
def test_bad_options_say_what_is_wrong(kwargs, message) -> None:
    kwargs = {"seeds": [1, 2], **kwargs}
    with pytest.raises(ValueError, match=message):
        over_seeds(dorp, **kwargs)


def test_the_written_table_keeps_shares_and_means_of_areas_of_100_or_more(vijf) -> None:
    from sociale_basis.present.overzicht import ensemble_table

    gebied = dorp(1)
    gebied.buurten["inwoners"] = [200]
    gebied.wijken["inwoners"] = [200]
    table = ensemble_table(vijf, gebied)
    assert table["maat"].str.startswith(("aandeel_", "gem_")).all()
    assert "componenten" not in set(table["maat"])
    row = table.set_index("maat").loc["aandeel_hulpvraag"]
    assert (row["niveau"], row["gebiedcode"], row["naam"]) == ("buurt", "A", "Buurt A")
    assert (row["mediaan"], row["p05"], row["p95"]) == pytest.approx((0.15, 0.06, 0.24))
    gebied.buurten["inwoners"] = [99]  # fewer than 100 CBS inhabitants: left out
    assert ensemble_table(vijf, gebied).empty
