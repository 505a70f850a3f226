"""Issue 15, item 7: progress with a total and the time left on a terminal
(a real pseudo-terminal here), nothing when piped."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

from terminal import CLAIMLEDGER, run_on_a_terminal


def corpus(tmp_path: Path, n: int = 40) -> Path:
    path = tmp_path / "corpus.jsonl"
    path.write_text("".join(json.dumps({"id": f"d{i}", "text": f"Officials said {i} people died on Monday."}) + "\n"
                            for i in range(n)))
    return path


def on_a_terminal(*args: str) -> str:
    """What a person at a terminal sees (stdout and stderr are the terminal)."""
    return run_on_a_terminal(*args)[1]


def test_ingest_shows_done_of_total_and_time_left_on_a_terminal(tmp_path):
    seen = on_a_terminal("ingest", str(corpus(tmp_path)), "--db", str(tmp_path / "l.db"), "--batch-size", "5")
    assert "ingesting" in seen and "/40" in seen and "eta" in seen
    assert "40 documents (40 new" in seen


def test_extract_to_a_file_shows_progress_on_a_terminal(tmp_path):
    seen = on_a_terminal("extract", str(corpus(tmp_path)), "-o", str(tmp_path / "out.csv"))
    assert "extracting" in seen and "/40" in seen


def test_quiet_when_piped_or_asked(tmp_path):
    path = corpus(tmp_path)
    piped = subprocess.run([CLAIMLEDGER, "ingest", str(path), "--db", str(tmp_path / "l.db")],
                           capture_output=True, text=True, timeout=60)
    assert piped.stderr == f"{tmp_path / 'l.db'}: 40 documents (40 new, 0 updated, 0 unchanged), 40 claims written, 0 failed\n"
    seen = on_a_terminal("ingest", str(path), "--db", str(tmp_path / "l2.db"), "--quiet")
    assert seen == ""
