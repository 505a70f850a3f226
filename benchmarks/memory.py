"""Peak memory of `claimledger extract` on one large document with the limit
raised, by hand (never in tests):

    python benchmarks/memory.py --sizes 1,20,200 [--sparse]

Each run writes one text file (dense in figures: a claim every ~60 bytes;
--sparse: one every ~2 KB), with paragraph breaks or on one line, and runs
the CLI on it in a fresh process, JSON Lines to /dev/null; prints seconds,
claims and peak RSS (MB).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DENSE = ("The regional governor said on Tuesday that 1,200 people had been evacuated from three villages. "
         "Officials put the damage at about $4.5 million. Between 300 and 350 volunteers joined the search. ")
FILLER = "The river rose through the night and the roads to the valley were closed to traffic again. "


def write(path: Path, megabytes: int, breaks: bool, sparse: bool) -> None:
    unit = (FILLER * 20 + DENSE) if sparse else DENSE
    unit += "\n\n" if breaks else ""
    block = unit * (1_000_000 // len(unit) + 1)
    with open(path, "w", encoding="utf-8") as stream:
        for _ in range(megabytes):
            stream.write(block[:1_000_000])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1,20,200")
    parser.add_argument("--sparse", action="store_true")
    args = parser.parse_args()
    claimledger = str(Path(sys.executable).with_name("claimledger"))
    folder = Path(tempfile.mkdtemp())
    for megabytes in map(int, args.sizes.split(",")):
        for breaks in (True, False):
            path = folder / f"doc-{megabytes}.txt"
            write(path, megabytes, breaks, args.sparse)
            begin = time.perf_counter()
            probe = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE);"
                     "print(r.returncode, r.stdout.count(b'\\n'),"
                     " resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)")
            out = subprocess.run([sys.executable, "-c", probe, claimledger, "extract", str(path),
                                  "--max-size", str(os.path.getsize(path)), "-q"],
                                 capture_output=True, text=True)
            code, claims, peak = out.stdout.split()
            print(json.dumps({"megabytes": megabytes, "line_breaks": breaks, "sparse": args.sparse,
                              "exit": int(code), "claims": int(claims), "seconds": round(time.perf_counter() - begin, 1),
                              "peak_rss_mb": round(float(peak), 1)}), flush=True)
            path.unlink()


if __name__ == "__main__":
    main()
