"""Issue 5 on the seed, end to end: the real extractor's claims, ingested into a
real ledger, read right as quantities, conflicts and estimates."""
import json

from claimledger import Document
from claimledger.conflicts import find_conflicts
from claimledger.ledger import Ledger
from claimledger.quantities import list_quantities, open_ledger
from scoring import SHARED

SEED = SHARED / "corpus" / "seed"


def seed_ledger(tmp_path):
    meta = json.loads((SEED / "paris-summit.meta.json").read_text())
    document = Document(id=meta["id"], text=(SEED / "paris-summit.txt").read_text(encoding="utf-8"),
                        published=meta["published"], title=meta["title"])
    path = tmp_path / "seed.db"
    with Ledger(path) as ledger:
        ledger.ingest([document])
    return open_ledger(path)


def test_seed_quantities_from_the_extractor(tmp_path):
    quantities = {q.id: q for q in list_quantities(seed_ledger(tmp_path))}
    killed = quantities["killed/Ukraine/people@russia-ukraine-war"]
    assert {"Volodymyr Zelensky", "US officials", "Douglas Macgregor", "Putin"} <= set(killed.sources)
    assert killed.lowest == 31000 and killed.highest == 400000
    casualties = quantities["casualties/Ukraine/people@russia-ukraine-war"]
    assert {"Mark Milley", "officials"} <= set(casualties.sources)
    assert (casualties.lowest, casualties.highest) == (100000, 120000)


def test_seed_conflicts_from_the_extractor(tmp_path):
    found = find_conflicts(seed_ledger(tmp_path))

    dispute = next(c for c in found if c.kind == "dispute")
    disputed = [r for r in dispute.claims if r.disputed_by]
    assert sorted(r.value for r in disputed) == [150000, 300000]
    assert {r.speaker for r in disputed} == {"Putin"}
    assert {r.disputed_by for r in disputed} == {"Volodymyr Zelensky"}

    falls = [c for c in found if c.kind == "cumulative-fall"]
    assert any({(r.speaker, r.value, r.as_of[:7]) for r in c.claims} >= {
        ("US officials", 70000, "2023-08"), ("Volodymyr Zelensky", 31000, "2024-02")} for c in falls)

    rate = next(c for c in found if c.kind == "rate-vs-total")
    assert rate.consistent and all(r.projected for r in rate.claims)
    assert sorted(r.value for r in rate.claims) == [3600, 1300000]
    for conflict in found:  # provenance: every claim named down to its offsets
        assert all(r.doc == "paris-summit" and r.end > r.start for r in conflict.claims)
