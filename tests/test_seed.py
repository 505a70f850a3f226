"""The seed article (../shared/corpus/seed), scored on every field by the shared scorer."""
from scoring import SHARED, score

SEED = SHARED / "corpus" / "seed"


def test_seed_full_claim_f1_floor(tmp_path):
    report = score(SEED, tmp_path)
    print(f"\nseed: full-claim F1 {report['full_claim']['f1']:.3f}, fields {report['fields']}")
    assert report["detection"]["f1"] == 1.0
    assert report["full_claim"]["f1"] >= 0.95


def test_seed_speakers_and_disputes():
    import json
    import claimledger

    text = (SEED / "paris-summit.txt").read_text()
    published = json.loads((SEED / "paris-summit.meta.json").read_text())["published"]
    claims = {c.text: c for c in claimledger.extract(text, published=published, doc_id="seed")}
    assert claims["31,000"].speaker == "Volodymyr Zelensky" and claims["31,000"].cue == "claimed"
    assert claims["300,000"].speaker == "Putin" and claims["300,000"].disputed_by == "Volodymyr Zelensky"
    assert claims["70,000"].speaker == "US officials" and claims["70,000"].via == "New York Times"
    assert claims["100,000"].speaker == "Mark Milley" and claims["100,000"].as_of == "2022-11"
    assert claims["3,600"].projected and claims["3,600"].as_of == "2023-09"
    assert claims["1.3 million"].projected and claims["1.3 million"].measure == "casualties"
