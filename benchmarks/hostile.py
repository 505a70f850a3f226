"""Time per byte and peak memory on the hostile shapes of issue 15, by hand
(never in tests): `python benchmarks/hostile.py [--sizes 10000,1000000,4000000]`.

Shapes:
  figures-line  one long sentence of figures and names, no sentence end
  news-line     ordinary news sentences on one line (no line breaks)
  quotes        unattributed quotations, one after another
Each size is run in a fresh process (peak RSS is per process), through
`extract_pieces` (what the CLI and the ledger run) unless --whole is given.
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time

FIGURES = ('General Ivan Petrov said 1,200 men, about 300 tanks and 40 of 200 villages, '
           'according to officials in Kharkiv, while Maria Kovalenko put it at 5,000 ')
NEWS = ('The regional governor, Oleh Synyehubov, said on Tuesday that 1,200 people had been evacuated '
        'from three villages near Kharkiv. Officials put the damage at about $4.5 million. '
        'Between 300 and 350 volunteers joined the search, and 40 of 200 boats returned, '
        'the emergency service said. ')
QUOTES = '"We have lost 40 soldiers and 12 tanks," ' 
SHAPES = {"figures-line": FIGURES, "news-line": NEWS, "quotes": QUOTES}


def text_of(shape: str, size: int) -> str:
    unit = SHAPES[shape]
    return (unit * (size // len(unit) + 1))[:size]


def run_one(shape: str, size: int, whole: bool) -> dict:
    import claimledger
    from claimledger import Document

    text = text_of(shape, size)
    begin = time.perf_counter()
    if whole:
        claims = len(claimledger.extract(text, published="2024-01-01"))
    else:
        from claimledger.pipeline import extract_pieces
        claims = sum(1 for _ in extract_pieces(Document("x", text, "2024-01-01")))
    seconds = time.perf_counter() - begin
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"shape": shape, "bytes": size, "claims": claims, "seconds": round(seconds, 3),
            "us_per_byte": round(seconds / size * 1e6, 2), "peak_mb": round(peak_mb, 1)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,1000000,4000000")
    parser.add_argument("--shapes", default=",".join(SHAPES))
    parser.add_argument("--whole", action="store_true", help="claimledger.extract on the whole text")
    parser.add_argument("--one", nargs=2, metavar=("SHAPE", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one[0], int(args.one[1]), args.whole)))
        return
    for shape in args.shapes.split(","):
        for size in map(int, args.sizes.split(",")):
            command = [sys.executable, __file__, "--one", shape, str(size)] + (["--whole"] if args.whole else [])
            out = subprocess.run(command, capture_output=True, text=True)
            print(out.stdout.strip() or out.stderr.strip()[-300:], flush=True)


if __name__ == "__main__":
    main()
