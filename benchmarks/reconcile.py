"""Time `quantities` and `conflicts` on a synthetic 100,000-claim ledger.

    python benchmarks/reconcile.py [--claims 100000] [--keep PATH] [--runs N]
    python benchmarks/reconcile.py --ledger PATH [--runs N]   # time a ledger already built

With --runs N each report is timed N times (the machine is noisy): each time,
then the minimum and the median, which the target is checked against.

The rows are made up but shaped like the reporting of wars: each article is
about one of twenty wars (its event, between two sides, in the quantity key)
and four in five of its claims count one of the two sides' people,
a few hundred quantities whose running totals grow month by month, figures scattered around
the trend with a few outliers, ranges and bounds, undated, disputed and
projected claims, rates stated alongside their yearly totals, and period
totals ("within the last month"). Target: each report under one second.
"""
from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from importlib.resources import files
from pathlib import Path

from claimledger.conflicts import find_conflicts
from claimledger.events import Event
from claimledger.quantities import (
    DERIVED_COLUMNS, KeyContext, derived_columns, list_quantities, open_ledger,
)

GROUPS = ["Ukraine", "Russia", "Israel", "Gaza", "Sudan", "Yemen", "Syria", "Lebanon",
          "Myanmar", "Ethiopia", "Somalia", "Mali", "Haiti", "Iraq", "Afghanistan",
          "Nigeria", "Congo", "Libya", "Armenia", "Azerbaijan"]
MEASURES = ["killed", "wounded", "casualties", "captured", "displaced", "strength", "missing"]
SUBJECTS = [None, "soldiers", "troops", "civilians", "children", "people"]
MONTHS = [f"{y}-{m:02d}" for y in (2022, 2023, 2024) for m in range(1, 13)]
# Twenty wars, each between two of the groups.
WARS = [sorted((GROUPS[i], GROUPS[(i + 7) % len(GROUPS)])) for i in range(len(GROUPS))]
EVENTS = [Event(id=f"{a.lower()}-{b.lower()}-war", kind="war", label=f"{a}–{b} war",
                lasting=True, place=None, area=[a, b], sides=[a, b]) for a, b in WARS]


def build(path: Path, n_claims: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    conn = sqlite3.connect(path)
    conn.executescript(files("claimledger").joinpath("data/schema.sql").read_text())
    n_docs = max(1, n_claims // 25)
    docs = []
    event_of: dict[str, Event] = {}
    for i in range(n_docs):
        month = rng.choice(MONTHS)
        docs.append((f"doc{i}", f"https://outlet{i % 40}.example/{i}", f"Article {i}",
                     f"{month}-{rng.randint(1, 28):02d}"))
        event_of[f"doc{i}"] = rng.choice(EVENTS)
    conn.executemany("INSERT INTO events (id, kind, label, lasting, place, area, sides, first_day, "
                     "last_day) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", [e.row() for e in EVENTS])
    columns = [name for _, name, *_ in conn.execute("PRAGMA table_info(documents)")]
    required = {"text": "", "content_hash": "", "ingested_at": "", "extractor_version": "bench",
                "version": 1}
    rows = []
    for doc_id, url, title, published in docs:
        row = {"id": doc_id, "url": url, "title": title, "published": published,
               "event": event_of[doc_id].id, **required}
        rows.append([row.get(c, "") if c in row else None for c in columns])
    conn.executemany(f"INSERT INTO documents VALUES ({','.join('?' * len(columns))})", rows)

    # Few sources say most: a ministry, a few officials, then a long tail.
    speakers = [f"Speaker {i}" for i in range(300)] + [None]
    weights = [1 / (rank + 1) for rank in range(len(speakers))]
    claims = []
    while len(claims) < n_claims:
        doc_id, _, _, published = rng.choice(docs)
        # Mostly the war's two sides' people; one claim in five another group's.
        sides = event_of[doc_id].sides
        group = rng.choice(sides) if rng.random() < 0.8 else rng.choice(GROUPS)
        measure = rng.choice(MEASURES)
        as_of = rng.choices([published[:7], published, published[:4], None],
                            [0.745, 0.1, 0.005, 0.15])[0]
        # A running total that grows through the war, stated with some noise.
        months_in = (MONTHS.index(published[:7]) if as_of != published[:4]
                     else MONTHS.index(published[:4] + "-12")) + 12
        trend = 1000.0 * months_in * (1 + GROUPS.index(group) % 5)
        value = trend * rng.lognormvariate(0, 0.12)
        if rng.random() < 0.005:
            value *= rng.choice([0.1, 0.2, 4.0, 8.0])  # an outlier
        low = high = None
        shape = rng.random()
        if shape < 0.05:
            low, high, value = value * 0.9, value * 1.1, None
        elif shape < 0.08:
            low = value
        sentence = ("Within the last month they lost many." if rng.random() < 0.05
                    else "Officials said the toll had risen.")
        speaker = rng.choices(speakers, weights)[0]
        base = dict(doc=doc_id, start=len(claims) % 5000, end=len(claims) % 5000 + 6,
                    text="figure", value=value, low=low, high=high, total=None,
                    approx=int(rng.random() < 0.2), unit="people", per=None, measure=measure,
                    subject=rng.choice(SUBJECTS), group=group, speaker=speaker,
                    speaker_kind="person" if speaker else "document", via=None, cue="said",
                    disputed_by="A Critic" if rng.random() < 0.005 else None,
                    projected=int(rng.random() < 0.02), as_of=as_of, sentence=sentence)
        claims.append(base)
        if rng.random() < 0.01 and value:  # a rate with its yearly total beside it
            daily = value / 365
            claims.append({**base, "value": daily, "low": None, "high": None, "per": "day"})
            claims.append({**base, "value": value * rng.choice([1.0, 1.0, 1.6]), "low": None,
                           "high": None, "per": "year"})
    # As the ledger writes claims: the spec's fields, then the derived columns.
    published = {doc_id: date for doc_id, _, _, date in docs}
    names = [*claims[0], *DERIVED_COLUMNS]
    conn.executemany(
        f"INSERT INTO claims ({', '.join(repr(n).replace(chr(39), chr(34)) for n in names)}) "
        f"VALUES ({', '.join('?' * len(names))})",
        [[*c.values(), *derived_columns(c, c["doc"], published[c["doc"]], KeyContext(
            event_of[c["doc"]].id, event_of[c["doc"]].sides, event_of[c["doc"]].area))]
         for c in claims[:n_claims]])
    conn.commit()
    conn.close()


def timed(label: str, action) -> tuple[float, float]:  # noqa: ANN001
    """(wall, CPU) seconds of one run: on a shared machine the CPU time of this
    process (SQLite runs in it) is what other sessions' load does not inflate."""
    started, cpu = time.perf_counter(), time.process_time()
    result = action()
    elapsed, used = time.perf_counter() - started, time.process_time() - cpu
    print(f"{label:<12} {elapsed:6.3f} s  (CPU {used:.3f} s, {len(result):,} results)")
    return elapsed, used


REPORTS = {"quantities": list_quantities, "conflicts": find_conflicts}


def time_reports(path: Path, runs: int) -> float:
    """Time each report `runs` times, a fresh connection each (so each timing
    includes building its TEMP tables); the slowest report's median wall time."""
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in REPORTS}
    for _ in range(runs):
        for name, report in REPORTS.items():
            times[name].append(timed(name, lambda: report(open_ledger(path))))
    if runs > 1:
        for name, taken in times.items():
            wall, cpu = [t[0] for t in taken], [t[1] for t in taken]
            print(f"{name:<12} min {min(wall):.3f} s, median {statistics.median(wall):.3f} s over "
                  f"{runs} runs (CPU min {min(cpu):.3f} s, median {statistics.median(cpu):.3f} s)")
    return max(statistics.median(t[0] for t in taken) for taken in times.values())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="write the ledger here and keep it")
    parser.add_argument("--ledger", type=Path, help="time this ledger instead of building one")
    parser.add_argument("--runs", type=int, default=1, help="time each report this many times")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        path = args.ledger or args.keep or Path(tmp) / "bench.db"
        if not args.ledger:
            path.unlink(missing_ok=True)
            started = time.perf_counter()
            build(path, args.claims)
            print(f"built {args.claims:,} claims in {time.perf_counter() - started:.1f} s")
        slowest = time_reports(path, max(1, args.runs))
    print("target: under 1 s each:", "met" if slowest < 1 else "MISSED")
    return 0 if slowest < 1 else 1


if __name__ == "__main__":
    sys.exit(main())
