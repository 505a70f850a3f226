"""Time `claimledger report` on synthetic ledgers (those of benchmarks/reconcile.py).

    python benchmarks/report.py [--claims 10000 30000 100000] [--runs N] [--pages auto|one|split]
    python benchmarks/report.py --ledger PATH

For each size: the time to write the report (reading quantities, conflicts
and estimates included), the files and megabytes written, and the time
headless Chromium takes to open the overview and the largest page (when
Chromium is installed). Target: under 10 s for 100,000 claims.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from reconcile import build  # benchmarks/reconcile.py: the same synthetic ledger

from claimledger.report import write_report

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def open_in_chromium(page: Path, profile: Path) -> float | None:
    """Seconds for headless Chromium to load the page and print its DOM."""
    chromium = shutil.which("chromium")
    if chromium is None:
        return None
    started = time.perf_counter()
    done = subprocess.run([chromium, *FLAGS, f"--user-data-dir={profile}", "--dump-dom",
                           page.resolve().as_uri()], capture_output=True, timeout=300)
    elapsed = time.perf_counter() - started
    return elapsed if done.returncode == 0 and b"</html>" in done.stdout else None


def bench(ledger: Path, out_dir: Path, runs: int, pages: str) -> float:
    times = []
    for _ in range(runs):
        shutil.rmtree(out_dir, ignore_errors=True)
        out_dir.mkdir(parents=True)
        started = time.perf_counter()
        result = write_report(ledger, out_dir / "report.html", pages=pages)
        times.append(time.perf_counter() - started)
    sizes = sorted((path.stat().st_size, path) for path in result.files)
    print(f"  {result.claims:,} claims, {result.quantities:,} quantities, "
          f"{result.conflicts:,} conflicts: {len(result.files):,} files, "
          f"{result.bytes / 1e6:.1f} MB (overview {result.files[0].stat().st_size / 1e6:.2f} MB, "
          f"largest page {sizes[-1][0] / 1e6:.2f} MB)")
    print(f"  written in {min(times):.2f} s (min), {statistics.median(times):.2f} s (median) "
          f"over {runs} run{'s' if runs != 1 else ''}")
    with tempfile.TemporaryDirectory() as profile:
        overview = open_in_chromium(result.files[0], Path(profile))
        largest = open_in_chromium(sizes[-1][1], Path(profile))
    if overview is not None:
        print(f"  Chromium opens the overview in {overview:.1f} s, the largest page in "
              f"{largest:.1f} s (process start included)" if largest else "  Chromium: failed")
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, nargs="+", default=[10_000, 30_000, 100_000])
    parser.add_argument("--ledger", type=Path)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--pages", choices=["auto", "one", "split"], default="auto")
    args = parser.parse_args(argv)
    slowest_at_100k = None
    with tempfile.TemporaryDirectory() as tmp:
        ledgers = [(None, args.ledger)] if args.ledger else []
        for n in [] if args.ledger else args.claims:
            path = Path(tmp) / f"bench-{n}.db"
            started = time.perf_counter()
            build(path, n)
            print(f"built {n:,} claims in {time.perf_counter() - started:.1f} s")
            ledgers.append((n, path))
        for n, path in ledgers:
            print(f"report of {path.name}:")
            taken = bench(path, Path(tmp) / f"out-{n}", max(1, args.runs), args.pages)
            if n == 100_000:
                slowest_at_100k = taken
    if slowest_at_100k is not None:
        print("target (100,000 claims under 10 s):", "met" if slowest_at_100k < 10 else "MISSED")
        return 0 if slowest_at_100k < 10 else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
