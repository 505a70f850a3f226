"""How well quantities group claims across articles, on tests/events/corpus.

    python tests/events/measure.py            # ingests the corpus into a temporary ledger

The corpus is our own invented texts (see README.md beside this file): five
events, several outlets each, at different dates, with look-alikes. gold.jsonl
gives every figure of every article the real-world quantity it is about.

Pairs are pairs of claims from two different articles. A pair the ledger puts
in one quantity is right when the gold gives both claims one quantity
(precision); of the pairs the gold puts together, the share the ledger puts
together is the recall. A claim the extractor found but the gold does not list
is a quantity of its own. Claims of a copy that the ledger did not store (it
repeats its original) take no part. Then every conflict and fused estimate is
checked: its claims must all be of one real-world quantity.
"""
from __future__ import annotations

import json
import sys
import tempfile
from collections import defaultdict
from itertools import combinations
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
GOLD = HERE / "gold.jsonl"


def gold_labels() -> dict[tuple[str, str], str]:
    labels = {}
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            labels[row["doc"], row["text"]] = row["quantity"]
    return labels


def build(path: Path) -> None:
    from claimledger.ledger import Ledger
    from claimledger.readers import read_inputs

    with Ledger(path) as ledger:
        ledger.ingest(read_inputs([str(CORPUS)]))


def _what(qid: str) -> str:
    """The key without its event: what is counted (the key before issue 12;
    a count of people's act was not in it either)."""
    what = qid.partition("@")[0]
    for act in ("/crowd", "/arrested"):
        what = what.removesuffix(act)
    return what


def measure(path: Path) -> dict:
    from claimledger.conflicts import find_conflicts
    from claimledger.fusion import estimates
    from claimledger.quantities import open_ledger

    labels = gold_labels()
    conn = open_ledger(path)
    claims = conn.execute("SELECT id, doc, text, quantity FROM claims").fetchall()

    def label(claim_id: int, doc: str, text: str) -> str:
        return labels.get((doc, text), f"unlisted:{claim_id}")

    gold_of = {row[0]: label(*row[:3]) for row in claims}
    predicted_pairs = gold_pairs = right = before_pairs = before_right = 0
    wrong: list[tuple] = []
    missed: list[tuple] = []
    for (a, doc_a, text_a, q_a), (b, doc_b, text_b, q_b) in combinations(claims, 2):
        if doc_a == doc_b:
            continue
        same_gold = gold_of[a] == gold_of[b]
        same_predicted = q_a == q_b
        predicted_pairs += same_predicted
        gold_pairs += same_gold
        right += same_predicted and same_gold
        same_before = _what(q_a) == _what(q_b)
        before_pairs += same_before
        before_right += same_before and same_gold
        if same_predicted and not same_gold:
            wrong.append((doc_a, text_a, doc_b, text_b, q_a))
        if same_gold and not same_predicted:
            missed.append((doc_a, text_a, q_a, doc_b, text_b, q_b))
    mixed = []
    for conflict in find_conflicts(conn):
        kinds = {gold_of[ref.id] for ref in conflict.claims}
        if len(kinds) > 1:
            mixed.append(("conflict", conflict.kind, conflict.quantity, sorted(kinds)))
    for estimate in estimates(conn):
        kinds = {gold_of[ref.id] for ref in estimate.used}
        if len(kinds) > 1:
            mixed.append(("estimate", estimate.period, estimate.quantity, sorted(kinds)))
    listed = {key for key in labels}
    found = {(doc, text) for _, doc, text, _ in claims}
    return {
        "documents": conn.execute("SELECT count(*) FROM documents").fetchone()[0],
        "copies": conn.execute("SELECT count(*) FROM documents WHERE copy_of IS NOT NULL").fetchone()[0],
        "events": conn.execute("SELECT count(*) FROM events").fetchone()[0],
        "claims": len(claims),
        "gold_figures": len(labels),
        "gold_not_found": sorted(listed - found),
        "predicted_pairs": predicted_pairs, "gold_pairs": gold_pairs, "right_pairs": right,
        "precision": right / predicted_pairs if predicted_pairs else 1.0,
        "before_pairs": before_pairs, "before_right": before_right,
        "before_precision": before_right / before_pairs if before_pairs else 1.0,
        "before_recall": before_right / gold_pairs if gold_pairs else 1.0,
        "recall": right / gold_pairs if gold_pairs else 1.0,
        "wrong": wrong, "missed": missed, "mixed": mixed,
    }


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "events.db"
        build(path)
        result = measure(path)
    print(f"{result['documents']} documents ({result['copies']} copies), {result['events']} events, "
          f"{result['claims']} claims stored; {result['gold_figures']} gold figures, "
          f"{len(result['gold_not_found'])} not stored: {result['gold_not_found']}")
    print(f"cross-article pairs: {result['predicted_pairs']} put together, {result['gold_pairs']} "
          f"belong together, {result['right_pairs']} both")
    print(f"precision {result['precision']:.3f}, recall {result['recall']:.3f}")
    print(f"without events in the key: {result['before_pairs']} put together, "
          f"precision {result['before_precision']:.3f}, recall {result['before_recall']:.3f}")
    for row in result["wrong"]:
        print("  wrong:", row)
    for row in result["missed"]:
        print("  missed:", row)
    for row in result["mixed"]:
        print("  mixed:", row)
    return 0


if __name__ == "__main__":
    sys.exit(main())
