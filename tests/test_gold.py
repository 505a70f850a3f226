"""Our own gold articles, scored by the shared scorer (../shared/eval/score.py).

- tests/gold: 14 articles the rules were developed on;
- tests/heldout: 8 articles in other styles, first measured untouched (full-claim F1 0.285), then used
  to find general mechanisms that were missing;
- tests/dev: 10 more in other house styles, first measured untouched (0.333), then used for development;
- tests/final: 8 more, kept untouched for three sessions (0.345 at first, 0.397 at its last untouched
  measurement), then spent: developed on from the session that wrote tests/fresh;
- tests/spring: 10 conflict and crisis stories, written blind to the rules (0.469 when first measured),
  then developed on;
- tests/summer: 10 in registers plain news lacks (sports, press release, feature, live blog, inquiry,
  transcript, state media, fact-check, study, economy), written blind (0.480 at first), then developed on;
- tests/fresh: 8 in styles the others lack, never used for tuning (0.299 when first measured);
- tests/autumn: 8 mainstream news stories written only for measuring, never used for tuning (0.531 when
  first measured).

The floors hold what the rules reach now; they go up, never down. On fresh and autumn they guard
against regressions only: their errors are never read.

In this session the older sets were aligned with CLAIMS.md's decisions (plans and intentions are projected,
disease cases count people, measurement units are symbols: see each README), and gold, spring, summer and dev
got `place` on every line. Their full-claim floors are scored without `place` (the field they were set
without), on the aligned gold; `place` has floors of its own on the sets that have it. The extractor now
reads a dependency parse (issue 10): measured on the aligned gold, the rules before it reached gold 0.742,
heldout 0.654, dev 0.575, final 0.581, spring 0.585, summer 0.606, fresh 0.363, autumn 0.474."""
from pathlib import Path

import pytest

from scoring import score

HERE = Path(__file__).parent
FLOORS = {  # folder: (detection F1, full-claim F1 without place)
    "gold": (0.98, 0.72),
    "heldout": (0.98, 0.68),
    "dev": (0.97, 0.63),
    "final": (0.97, 0.55),
    "spring": (0.98, 0.64),
    "summer": (0.98, 0.64),
    "fresh": (0.95, 0.36),
    "autumn": (0.96, 0.53),
}
PLACE_FLOORS = {"gold": 0.59, "dev": 0.44, "spring": 0.82, "summer": 0.57}


def test_gold_sets_are_large_enough():
    assert len(list((HERE / "gold").glob("*.gold.jsonl"))) >= 10
    assert all(len(list((HERE / folder).glob("*.gold.jsonl"))) >= 8 for folder in ("heldout", "dev", "final", "fresh", "autumn"))
    assert all(len(list((HERE / folder).glob("*.gold.jsonl"))) >= 10 for folder in ("spring", "summer"))


@pytest.mark.parametrize("folder", sorted(FLOORS))
def test_gold_set_floor(folder, tmp_path):
    report = score(HERE / folder, tmp_path, without=("place",))
    print(f"\n{folder}: {report['gold']} claims; detection F1 {report['detection']['f1']:.3f}; "
          f"full-claim F1 {report['full_claim']['f1']:.3f}; fields {report['fields']}")
    detection, full = FLOORS[folder]
    assert report["detection"]["f1"] >= detection
    assert report["full_claim"]["f1"] >= full


def test_gold_field_floors(tmp_path):
    fields = score(HERE / "gold", tmp_path)["fields"]
    for field, floor in {"value": 0.98, "unit": 0.95, "measure": 0.9, "speaker": 0.92, "as_of": 0.93}.items():
        assert fields[field] >= floor, field


@pytest.mark.parametrize("folder", sorted(PLACE_FLOORS))
def test_place_floor(folder, tmp_path):
    assert score(HERE / folder, tmp_path)["fields"]["place"] >= PLACE_FLOORS[folder]
