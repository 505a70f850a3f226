"""Runs the project's extractor over a folder of gold articles and scores it
with the shared scorer (../shared/eval/score.py), as users and CI do."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import claimledger

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SCORER = SHARED / "eval" / "score.py"


def predict(folder: Path, out: Path, gold_out: Path, without: tuple[str, ...] = ()) -> None:
    with out.open("w") as pred, gold_out.open("w") as gold:
        for gold_file in sorted(folder.glob("*.gold.jsonl")):
            name = gold_file.name[: -len(".gold.jsonl")]
            meta = json.loads((folder / f"{name}.meta.json").read_text())
            text = (folder / f"{name}.txt").read_text(encoding="utf-8")
            for line in gold_file.read_text().splitlines():
                if line.strip():
                    row = json.loads(line)
                    gold.write(json.dumps({k: v for k, v in row.items() if k not in without}) + "\n")
            for claim in claimledger.extract(text, published=meta.get("published"), doc_id=meta.get("id", name)):
                pred.write(json.dumps(claim.to_dict()) + "\n")


def score(folder: Path, tmp_path: Path, without: tuple[str, ...] = ()) -> dict:
    """The shared scorer's report; `without` leaves gold fields out of scoring ("place")."""
    pred, gold = tmp_path / "pred.jsonl", tmp_path / "gold.jsonl"
    predict(folder, pred, gold, without)
    result = subprocess.run([sys.executable, str(SCORER), str(gold), str(pred), "--json"],
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout)
