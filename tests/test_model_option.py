"""`--model` / `extract(..., model=...)`: another spaCy pipeline with a parser may
read the claims; ours is the default and is never required to be named."""
import subprocess
import sys
from pathlib import Path

import claimledger
from claimledger.parse import SHIPPED_MODEL

TEXT = "The agency's spokeswoman, Col. Jane Doe, told reporters on Tuesday that 40 people had died in Goma."


def test_the_library_takes_a_model_by_path_and_reads_the_same():
    ours = [c.to_dict() for c in claimledger.extract(TEXT, published="2024-03-14")]
    named = [c.to_dict() for c in claimledger.extract(TEXT, published="2024-03-14", model=str(SHIPPED_MODEL))]
    assert ours == named and ours[0]["speaker"] == "Jane Doe" and ours[0]["place"] == "Goma"


def test_a_model_that_is_no_pipeline_is_one_line_and_exit_2(tmp_path):
    story = tmp_path / "story.txt"
    story.write_text(TEXT)
    cli = Path(sys.executable).with_name("claimledger")
    done = subprocess.run([str(cli), "extract", str(story), "--model", str(tmp_path)],
                          capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0 and str(tmp_path) in done.stderr and "Traceback" not in done.stderr
