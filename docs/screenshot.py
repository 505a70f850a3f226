"""Make docs/report.png: the report of the sample corpus (examples/sample) as
headless Chromium shows it. Run by `make screenshot`; needs chromium."""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from claimledger.ledger import Ledger
from claimledger.readers import read_inputs
from claimledger.report import write_report

ROOT = Path(__file__).resolve().parents[1]
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars"]


def main() -> int:
    chromium = shutil.which("chromium")
    if chromium is None:
        print("needs chromium: make browser", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "sample.db"
        with Ledger(db) as ledger:
            ledger.ingest(read_inputs([str(ROOT / "examples" / "sample")]))
        out = Path(tmp) / "report.html"
        # The overview, then the quantity with most voices among those in conflict.
        write_report(db, out, quantity_ids=["killed/Tajikistan/people"])
        target = ROOT / "docs" / "report.png"
        subprocess.run([chromium, *FLAGS, f"--user-data-dir={Path(tmp) / 'profile'}",
                        "--window-size=1200,2300", f"--screenshot={target}", out.as_uri()],
                       check=True, capture_output=True, timeout=120)
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
