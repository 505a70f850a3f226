"""Our own gold articles, scored by the shared scorer (../shared/eval/score.py).

- tests/gold: 14 articles the rules were developed on;
- tests/heldout: 8 articles in other styles, first measured untouched (full-claim F1 0.285), then used
  to find general mechanisms that were missing;
- tests/dev: 10 more in other house styles, first measured untouched (0.333), then used for development;
- tests/final: 8 more, kept untouched for three sessions (0.345 at first, 0.397 at its last untouched
  measurement), then spent: developed on from the session that wrote tests/fresh;
- tests/fresh: 8 more in styles the others lack (inquiry, transcript, press release, live blog, state
  media), first measured untouched at 0.299 and never used for tuning: the honest estimate.

The floors hold what the rules reach now; they go up, never down."""
from pathlib import Path

import pytest

from scoring import score

HERE = Path(__file__).parent
FLOORS = {  # folder: (detection F1, full-claim F1)
    "gold": (0.98, 0.75),
    "heldout": (0.98, 0.64),
    "dev": (0.97, 0.59),
    "final": (0.97, 0.56),
    "fresh": (0.95, 0.32),
}


def test_gold_sets_are_large_enough():
    assert len(list((HERE / "gold").glob("*.gold.jsonl"))) >= 10
    assert all(len(list((HERE / folder).glob("*.gold.jsonl"))) >= 8 for folder in ("heldout", "dev", "final", "fresh"))


@pytest.mark.parametrize("folder", sorted(FLOORS))
def test_gold_set_floor(folder, tmp_path):
    report = score(HERE / folder, tmp_path)
    print(f"\n{folder}: {report['gold']} claims; detection F1 {report['detection']['f1']:.3f}; "
          f"full-claim F1 {report['full_claim']['f1']:.3f}; fields {report['fields']}")
    detection, full = FLOORS[folder]
    assert report["detection"]["f1"] >= detection
    assert report["full_claim"]["f1"] >= full


def test_gold_field_floors(tmp_path):
    fields = score(HERE / "gold", tmp_path)["fields"]
    for field, floor in {"value": 0.98, "unit": 0.95, "measure": 0.9, "speaker": 0.93, "as_of": 0.93}.items():
        assert fields[field] >= floor, field
