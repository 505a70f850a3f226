"""Ingest against extract alone, and memory against corpus size.

    python benchmarks/ingest.py [--docs 10000] [--small 2000] [--sentences 8] [--repeat 2]

Generates a JSON Lines corpus of news-like articles from templates (our own
text), then times, each as a separate `claimledger` process on one core:

    extract   claimledger extract corpus.jsonl > /dev/null
    ingest    claimledger ingest corpus.jsonl --db fresh.db --quiet
    again     the same ingest once more (every document unchanged)

and reports the ingest/extract ratio (target: at most 1.3) and the peak
resident memory of each process at two corpus sizes (target: flat), read
with os.wait4, which gives the rusage of that one child. The ratio is of CPU
time (user + system), which other work on a shared machine does not inflate
the way it does wall time; wall times are printed beside it.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CLAIMLEDGER = str(Path(sys.executable).with_name("claimledger"))

PLACES = ["Northbridge", "Kessel", "Alder Bay", "Marrow Hill", "Dunmore", "Eastwick", "Port Selden"]
OFFICIALS = ["the regional governor", "a ministry spokeswoman", "the city council",
             "the harbour authority", "local police", "the relief agency"]
TEMPLATES = [
    "Emergency services in {place} said {n:,} people had been moved to shelters by Sunday.",
    "{official} approved a budget of ${m} million for road repairs on Tuesday.",
    "About {k} volunteers joined the clean-up, and {a} of {b} pumps were working again.",
    "Between {a} and {b} homes lost power overnight, {official} reported.",
    "Turnout reached {p} percent, up from {q} percent four years earlier.",
    "Organisers counted more than {n:,} runners at the start of the {place} marathon.",
    "The storm destroyed {k} boats and damaged at least {n:,} buildings, {official} said.",
    "Repairs are expected to cost roughly {m} million euros over the next two years.",
    "Residents of {place} waited for hours as crews cleared fallen trees from the main road.",
    "Schools in {place} will reopen on Monday, according to {official}.",
    "Nearly {p} percent of the district's farms reported flood damage.",
    "Some {k} soldiers were deployed to help with the evacuation, {official} said.",
]


def article(i: int, sentences: int) -> str:
    rng = random.Random(i)  # the same corpus on every run
    return " ".join(_sentence(rng) for _ in range(sentences))


def _sentence(rng: random.Random) -> str:
    text = rng.choice(TEMPLATES).format(
        place=rng.choice(PLACES), official=rng.choice(OFFICIALS), n=rng.randint(1_000, 90_000),
        m=rng.randint(2, 80), k=rng.randint(20, 900), a=rng.randint(3, 40), b=rng.randint(50, 400),
        p=rng.randint(30, 70), q=rng.randint(20, 60))
    return text[0].upper() + text[1:]


def write_corpus(path: Path, count: int, sentences: int) -> tuple[int, int]:
    """(bytes, words) of a corpus of `count` articles."""
    words = 0
    with path.open("w", encoding="utf-8") as out:
        for i in range(count):
            text = article(i, sentences)
            words += len(text.split())
            out.write(json.dumps({"id": f"story-{i:06d}", "text": text,
                                  "published": f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}",
                                  "title": f"Story {i}"}) + "\n")
    return path.stat().st_size, words


def timed(args: list[str]) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, peak resident MB) of one claimledger process."""
    started = time.perf_counter()
    with open(os.devnull, "wb") as devnull:
        process = subprocess.Popen([CLAIMLEDGER, *args], stdout=devnull)
        _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"claimledger {' '.join(args)} exited with {process.returncode}")
    # ru_maxrss is in KiB on Linux
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def run(folder: Path, count: int, sentences: int, repeat: int) -> dict[str, float]:
    corpus = folder / f"corpus-{count}.jsonl"
    size, words = write_corpus(corpus, count, sentences)
    db = folder / f"ledger-{count}.db"
    extracts, ingests = [], []
    for _ in range(repeat):  # interleaved, best of each: other load hits both alike
        extracts.append(timed(["extract", str(corpus)]))
        for stale in folder.glob(f"ledger-{count}.db*"):
            stale.unlink()
        ingests.append(timed(["ingest", str(corpus), "--db", str(db), "--quiet"]))
    extract_wall, extract_cpu = min(t[0] for t in extracts), min(t[1] for t in extracts)
    ingest_wall, ingest_cpu = min(t[0] for t in ingests), min(t[1] for t in ingests)
    extract_mb, ingest_mb = max(t[2] for t in extracts), max(t[2] for t in ingests)
    _, again_cpu, _ = timed(["ingest", str(corpus), "--db", str(db), "--quiet"])
    return dict(docs=count, mb=size / 1e6, words=words, extract_wall=extract_wall,
                extract_cpu=extract_cpu, extract_mb=extract_mb, ingest_wall=ingest_wall,
                ingest_cpu=ingest_cpu, ingest_mb=ingest_mb, again_cpu=again_cpu,
                db_mb=sum(p.stat().st_size for p in folder.glob(f"ledger-{count}.db*")) / 1e6)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--small", type=int, default=2_000, help="the smaller corpus, for memory")
    parser.add_argument("--sentences", type=int, default=8, help="sentences per article")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each, the best kept")
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="claimledger-bench-") as tmp:
        results = [run(Path(tmp), n, options.sentences, options.repeat)
                   for n in (options.small, options.docs)]

    print(f"{'docs':>7} {'MB':>5} {'words':>9} | {'extract':>15} {'ingest':>15} {'ratio':>5} "
          f"{'re-ingest':>9} | {'peak MB':>15} | {'ledger':>6}")
    print(f"{'':>7} {'':>5} {'':>9} | {'cpu s (wall)':>15} {'cpu s (wall)':>15} {'cpu':>5} "
          f"{'cpu s':>9} | {'extract ingest':>15} | {'MB':>6}")
    for r in results:
        print(f"{r['docs']:>7,} {r['mb']:>5.1f} {r['words']:>9,} | "
              f"{r['extract_cpu']:>7.2f} ({r['extract_wall']:>6.2f}) "
              f"{r['ingest_cpu']:>7.2f} ({r['ingest_wall']:>6.2f}) "
              f"{r['ingest_cpu'] / r['extract_cpu']:>5.2f} {r['again_cpu']:>9.2f} | "
              f"{r['extract_mb']:>7.0f} {r['ingest_mb']:>7.0f} | {r['db_mb']:>6.1f}")
    small, large = results
    ratio = large["ingest_cpu"] / large["extract_cpu"]
    print(f"\ningest / extract on {large['docs']:,} documents: {ratio:.2f}x CPU time, "
          f"{large['ingest_wall'] / large['extract_wall']:.2f}x wall time "
          f"(target <= 1.3x: {'met' if ratio <= 1.3 else 'NOT met'})")
    print(f"peak memory, {small['docs']:,} -> {large['docs']:,} documents: "
          f"extract {small['extract_mb']:.0f} -> {large['extract_mb']:.0f} MB, "
          f"ingest {small['ingest_mb']:.0f} -> {large['ingest_mb']:.0f} MB")


if __name__ == "__main__":
    main()
