"""Scorer for tests/sentences/sentences.jsonl (345 real-style sentences from
business, markets, technology, science, sports and weather news, each with
the gold list of every quantity; see tests/sentences/README.md).

    python tests/sentence_scoring.py [--show-errors] [--json]

Two measures, as the set's README asks:

- every-quantity mode (`extract(..., all_quantities=True)`): predictions are
  matched to gold quantities one to one by overlapping spans (the nearest
  start first, as eval/score.py does for claims); a pair counts when its
  number is right (value, or each bound given, within 1%; a gold score has
  no number and counts on its span). Value F1 over all gold quantities and
  all predictions. Unit and kind agreement are printed for the matched pairs.
- claims mode (`extract(...)`): precision on the figures that should be
  claims: a predicted claim is right when it overlaps a gold quantity with
  `claim: true` and has its number; any other prediction (on a
  `not_quantities` string, on a duration, age, modifier, score or rank, or on
  nothing) is a false positive. Recall over the gold claims is printed too.

Run against another checkout with PYTHONPATH=that/src: an extractor without
the every-quantity mode is scored on what it emits.
"""
from __future__ import annotations

import argparse
import inspect
import json
import sys
from pathlib import Path

import claimledger

SENTENCES = Path(__file__).parent / "sentences" / "sentences.jsonl"


def load() -> list[dict]:
    return [json.loads(line) for line in SENTENCES.read_text(encoding="utf-8").splitlines() if line.strip()]


def close(got, want) -> bool:
    if want is None:
        return True
    return isinstance(got, (int, float)) and abs(got - want) <= 0.01 * abs(want) + 1e-9


def right_number(pred, gold: dict) -> bool:
    if gold["value"] is None and gold["low"] is None and gold["high"] is None:
        return True  # a score ("won 3-1") has no number of its own
    if gold["value"] is not None:
        return close(pred.value, gold["value"]) or (gold["low"] is None and gold["high"] is None
                                                    and close(pred.low if pred.low is not None else pred.high,
                                                              gold["value"]) and pred.value is None)
    return pred.value is None and close(pred.low, gold["low"]) and close(pred.high, gold["high"])


def overlaps(a_start, a_end, b_start, b_end) -> bool:
    return a_start < b_end and b_start < a_end


def match(preds, golds) -> list[tuple[object, dict]]:
    """One-to-one pairs by overlapping spans, the pairs with the nearest starts first."""
    candidates = sorted(((abs(p.start - g["start"]), i, j) for i, p in enumerate(preds) for j, g in enumerate(golds)
                         if overlaps(p.start, p.end, g["start"], g["end"])))
    used_p, used_g, pairs = set(), set(), []
    for _, i, j in candidates:
        if i not in used_p and j not in used_g:
            used_p.add(i), used_g.add(j)
            pairs.append((preds[i], golds[j]))
    return pairs


def extract(text: str, all_quantities: bool):
    if all_quantities and "all_quantities" in inspect.signature(claimledger.extract).parameters:
        return claimledger.extract(text, all_quantities=True)
    return claimledger.extract(text)


def f1(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 1.0
    r = tp / n_gold if n_gold else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(show_errors: bool = False) -> dict:
    records = load()
    errors: list[str] = []
    # every-quantity mode
    tp = n_pred = n_gold = unit_ok = kind_ok = matched = 0
    for record in records:
        preds, golds = extract(record["text"], True), record["quantities"]
        n_pred, n_gold = n_pred + len(preds), n_gold + len(golds)
        pairs = match(preds, golds)
        hit = {id(p) for p, g in pairs if right_number(p, g)}
        tp += len(hit)
        for p, g in pairs:
            matched += 1
            unit_ok += p.unit == g["unit"]
            kind_ok += (getattr(p, "kind", None) or "claim") == g["kind"]
            if show_errors and (id(p) not in hit or p.unit != g["unit"]):
                errors.append(f"[all] {record['id']}: {g['text']!r} gold {g['value']}/{g['low']}/{g['high']} "
                              f"{g['unit']} {g['kind']}; got {p.text!r} {p.value}/{p.low}/{p.high} {p.unit} "
                              f"{getattr(p, 'kind', None)}")
        if show_errors:
            paired = {id(p) for p, _ in pairs}
            golds_paired = {id(g) for _, g in pairs}
            errors += [f"[all] {record['id']}: extra {p.text!r} {p.value} {p.unit}" for p in preds if id(p) not in paired]
            errors += [f"[all] {record['id']}: missed {g['text']!r} {g['kind']}" for g in golds if id(g) not in golds_paired]
    all_p, all_r, all_f = f1(tp, n_pred, n_gold)
    # claims mode
    c_tp = c_pred = c_gold = c_found = 0
    for record in records:
        preds = extract(record["text"], False)
        claims = [g for g in record["quantities"] if g["claim"]]
        c_pred, c_gold = c_pred + len(preds), c_gold + len(claims)
        pairs = match(preds, claims)
        right = {id(p) for p, g in pairs if right_number(p, g)}
        c_tp += len(right)
        c_found += len(right)
        if show_errors:
            for p in preds:
                if id(p) not in right:
                    errors.append(f"[claims] {record['id']}: false or wrong {p.text!r} {p.value}/{p.low}/{p.high} {p.unit}")
    c_p, c_r, c_f = f1(c_tp, c_pred, c_gold)
    return {"sentences": len(records), "every_quantity": {"gold": n_gold, "predicted": n_pred, "right": tp,
                                                           "precision": round(all_p, 4), "recall": round(all_r, 4),
                                                           "value_f1": round(all_f, 4),
                                                           "unit_agreement": round(unit_ok / matched, 4) if matched else None,
                                                           "kind_agreement": round(kind_ok / matched, 4) if matched else None},
            "claims": {"gold": c_gold, "predicted": c_pred, "right": c_tp, "precision": round(c_p, 4),
                       "recall": round(c_r, 4)},
            "errors": errors}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--show-errors", action="store_true")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    result = score(args.show_errors)
    errors = result.pop("errors")
    if args.json:
        print(json.dumps(result))
    else:
        print(json.dumps(result, indent=1))
        for line in errors:
            print(line)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    main()
