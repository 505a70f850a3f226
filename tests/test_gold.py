"""The project's own gold articles (tests/gold, our own texts), scored by the shared scorer.

The floors hold what the rules reach now; they go up, never down."""
from pathlib import Path

from scoring import score

GOLD = Path(__file__).parent / "gold"


def test_gold_set_is_large_enough():
    assert len(list(GOLD.glob("*.gold.jsonl"))) >= 10


def test_gold_detection_and_full_claim_floor(tmp_path):
    report = score(GOLD, tmp_path)
    print(f"\nown gold: {report['gold']} claims; detection F1 {report['detection']['f1']:.3f}; "
          f"full-claim F1 {report['full_claim']['f1']:.3f}; fields {report['fields']}")
    assert report["detection"]["f1"] >= 0.97
    assert report["full_claim"]["f1"] >= 0.55
    for field, floor in {"value": 0.98, "unit": 0.85, "measure": 0.8, "speaker": 0.88, "as_of": 0.85}.items():
        assert report["fields"][field] >= floor, field
