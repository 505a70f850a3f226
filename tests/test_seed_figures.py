"""The seed article (../shared/corpus/seed/paris-summit): every gold figure is
found, nothing else is emitted, and each figure's numbers, unit and rate are
right. Read from ../shared in place, published date from its .meta.json.

Matching is the scorer's: spans overlap, one to one, largest overlap first.
Checked fields: value, low, high, total (within 1%; a field the gold leaves
out must be null), approx (missing in gold: false), unit and per (exactly).
The other fields wait for attribution (issue 3). The last test runs
../shared/eval/score.py itself on the same claims.
"""
import json
import subprocess
import sys

import pytest

import claimledger
from peer_cases import SHARED, close

SEED = SHARED / "corpus" / "seed"
TEXT = (SEED / "paris-summit.txt").read_text(encoding="utf-8")
META = json.loads((SEED / "paris-summit.meta.json").read_text(encoding="utf-8"))
GOLD_PATH = SEED / "paris-summit.gold.jsonl"
GOLD = [json.loads(line) for line in GOLD_PATH.read_text(encoding="utf-8").splitlines() if line.strip()]
NUMBERS = ("value", "low", "high", "total")


@pytest.fixture(scope="module")
def claims():
    return claimledger.extract(TEXT, published=META.get("published"), doc_id=META.get("id", "paris-summit"))


def overlap(gold, claim):
    return min(gold["end"], claim.end) - max(gold["start"], claim.start)


def pairs(claims):
    """gold index -> claim, one to one, largest overlap first (as the scorer)."""
    candidates = sorted((-overlap(g, c), gi, ci) for gi, g in enumerate(GOLD) for ci, c in enumerate(claims)
                        if overlap(g, c) > 0)
    matched, used = {}, set()
    for _, gi, ci in candidates:
        if gi not in matched and ci not in used:
            matched[gi] = claims[ci]
            used.add(ci)
    return matched


def test_gold_has_18_figures():
    assert len(GOLD) == 18


def test_every_gold_figure_found(claims):
    matched = pairs(claims)
    missed = [GOLD[i]["text"] for i in range(len(GOLD)) if i not in matched]
    assert not missed, f"gold figures not found: {missed}"


def test_no_extra_claim(claims):
    matched = {id(c) for c in pairs(claims).values()}
    extra = [(c.start, c.text) for c in claims if id(c) not in matched]
    assert not extra, f"claims that are no gold figure: {extra}"


@pytest.mark.parametrize("index", range(len(GOLD)), ids=[f"{g['start']}:{g['text']}" for g in GOLD])
def test_figure_fields(claims, index):
    gold = GOLD[index]
    claim = pairs(claims).get(index)
    assert claim is not None, f"{gold['text']!r} not found"
    wrong = {}
    for name in NUMBERS:
        want, got = gold.get(name), getattr(claim, name)
        if not (got is None if want is None else close(got, want)):
            wrong[name] = (want, got)
    if bool(gold.get("approx")) != claim.approx:
        wrong["approx"] = (bool(gold.get("approx")), claim.approx)
    for name in ("unit", "per"):
        if gold.get(name) != getattr(claim, name):
            wrong[name] = (gold.get(name), getattr(claim, name))
    assert not wrong, f"{gold['text']!r} (gold, got): {wrong}"


def test_scorer_agrees(claims, tmp_path):
    predicted = tmp_path / "pred.jsonl"
    predicted.write_text("".join(json.dumps(c.to_dict()) + "\n" for c in claims), encoding="utf-8")
    run = subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), str(GOLD_PATH), str(predicted), "--json"],
                         capture_output=True, text=True, check=True)
    report = json.loads(run.stdout)
    assert report["detection"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    fields = {k: report["fields"][k] for k in ("value", "low", "high", "total", "approx", "unit", "per")}
    assert fields == dict.fromkeys(fields, 1.0)
