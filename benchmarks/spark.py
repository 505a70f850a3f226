"""The Spark engine beside the local engine, in one run, on this machine.

    python benchmarks/spark.py [--mb 50] [--small-mb 12] [--work DIR]

1. Generates a JSON Lines corpus of at least --mb MB of text from the
   project's own texts (examples/sample and every tests/ set): each document
   is one of them with its paragraphs in another order, its figures' digits
   redrawn and another publication date, so no two are the same.
2. Extracts it with the local engine (one process: read, extract, write
   Parquet, as `claimledger extract CORPUS -o claims.parquet`), then with the
   Spark engine on local[1] and on local[2] (`extract --engine spark -o OUT`,
   the session started before the clock starts; its start-up is printed
   apart), and checks that all three give the same number of claims.
3. Prints throughput (MB of text per second, documents per second), the
   scaling from one core to two (target >= 1.6x) and the overhead of Spark
   over the local engine at one core (target < 25%).
4. Memory per executor: peak RSS of the JVM and of each Python worker while
   local[2] extracts the first --small-mb MB and the whole corpus (target:
   flat as the corpus grows).

Never run in the tests: the machine is shared, so run it when it is quiet,
repeat it, and quote ratios from one run.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

SOURCES = [ROOT / "examples" / "sample"] + [ROOT / "tests" / name for name in (
    "gold", "heldout", "dev", "final", "spring", "summer", "autumn", "fresh")]


def _texts() -> list[tuple[str, dict]]:
    found = []
    for folder in SOURCES:
        for path in sorted(folder.glob("*.txt")):
            meta_path = path.with_name(path.stem + ".meta.json")
            meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
            found.append((path.read_text(encoding="utf-8"), meta))
    return found


def _variant(text: str, rng: random.Random) -> str:
    """Another article from one of ours: the paragraphs after the headline in
    another order, and the digits of its figures redrawn (years left alone),
    so the figures, and what conflicts, differ."""
    head, *paragraphs = text.split("\n\n")
    rng.shuffle(paragraphs)

    def redraw(match: re.Match) -> str:
        digits, first = [], True
        for char in match.group(0):
            if char.isdigit():
                digits.append(str(rng.randint(1 if first else 0, 9)))
                first = False
            else:
                digits.append(char)
        return "".join(digits)

    body = "\n\n".join([head, *paragraphs])
    # Days of dates stay as they are ("Feb. 26", "26 February"): only figures change.
    return _FIGURE.sub(lambda m: m.group(0) if _MONTH_BEFORE.search(body, 0, m.start())
                       or _MONTH_AFTER.match(body, m.end()) else redraw(m), body)


_MONTHS = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_MONTH_BEFORE = re.compile(_MONTHS + r"\s+$")
_MONTH_AFTER = re.compile(r"(?:st|nd|rd|th)?\s+" + _MONTHS)
_FIGURE = re.compile(r"(?<![\d,.])\d{1,3}(?:,\d{3})*(?![\d,])")  # 7, 31,000; not 2024


def generate(path: Path, megabytes: float, seed: int = 7) -> tuple[int, int]:
    """A corpus of at least `megabytes` MB of text; (documents, bytes of text)."""
    rng = random.Random(seed)
    texts = _texts()
    documents = size = 0
    with path.open("w", encoding="utf-8") as out:
        while size < megabytes * 1e6:
            text, meta = texts[documents % len(texts)]
            variant = _variant(text, rng) if documents >= len(texts) else text
            published = f"20{rng.randint(22, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            record = {"id": f"bench-{documents}", "title": meta.get("title"),
                      "published": meta.get("published") if documents < len(texts) else published,
                      "text": variant}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            documents += 1
            size += len(variant.encode("utf-8"))
    return documents, size


def head(source: Path, target: Path, megabytes: float) -> tuple[int, int]:
    """The first documents of a corpus, up to `megabytes` MB of text."""
    documents = size = 0
    with source.open(encoding="utf-8") as lines, target.open("w", encoding="utf-8") as out:
        for line in lines:
            if size >= megabytes * 1e6:
                break
            out.write(line)
            documents += 1
            size += len(json.loads(line)["text"].encode("utf-8"))
    return documents, size


def run_local(corpus: Path, out: Path) -> tuple[float, int]:
    """The local engine: read, extract, write Parquet, in this process."""
    from claimledger.pipeline import extract
    from claimledger.readers import read_inputs
    from claimledger.record import Failure
    from claimledger.writers import ParquetWriter

    start = time.perf_counter()
    claims = 0
    with out.open("wb") as stream:
        writer = ParquetWriter(stream)
        for doc in read_inputs([str(corpus)]):
            if isinstance(doc, Failure):
                continue
            for claim in extract(doc.text, published=doc.published, doc_id=doc.id):
                writer.write(claim.to_dict())
                claims += 1
        writer.close()
    return time.perf_counter() - start, claims


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    ppid = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            tree.setdefault(ppid, []).append(int(entry))
    return tree


def _is_python(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/comm") as comm:
            return comm.read().startswith("python")
    except OSError:
        return False


class MemoryWatch:
    """Peak RSS of the JVM (the driver and, in local mode, the executor) and
    of each Python worker (processes below it), sampled every 0.2 s."""

    def __init__(self) -> None:
        self.jvm_peak = 0
        self.worker_peak = 0
        self.workers: set[int] = set()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> "MemoryWatch":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        me = os.getpid()
        while not self._stop.is_set():
            tree = _children()
            for jvm in tree.get(me, []):
                self.jvm_peak = max(self.jvm_peak, _rss_kb(jvm))
                below, stack = [], list(tree.get(jvm, []))
                while stack:
                    pid = stack.pop()
                    below.append(pid)
                    stack.extend(tree.get(pid, []))
                for pid in below:
                    if _is_python(pid):
                        self.workers.add(pid)
                        self.worker_peak = max(self.worker_peak, _rss_kb(pid))
            self._stop.wait(0.2)


def spark_child(master: str, corpus: Path, out: Path) -> dict:
    """One Spark run in this process (a fresh JVM): the session started
    before the clock starts."""
    from claimledger.spark import session
    from claimledger.spark.extract import extract_corpus

    start = time.perf_counter()
    spark = session(master, app_name=f"claimledger-bench-{master}")
    started = time.perf_counter() - start
    shutil.rmtree(out, ignore_errors=True)
    with MemoryWatch() as memory:
        start = time.perf_counter()
        stats = extract_corpus(spark, [str(corpus)], str(out))
        seconds = time.perf_counter() - start
    spark.stop()
    return {"master": master, "startup": started, "seconds": seconds, "claims": stats.claims,
            "documents": stats.documents, "jvm_mb": memory.jvm_peak / 1024,
            "worker_mb": memory.worker_peak / 1024, "workers": len(memory.workers)}


def run_spark(master: str, corpus: Path, out: Path) -> dict:
    """A Spark run in a child process of its own, so that each has a fresh
    JVM (whose memory is then that run's)."""
    import subprocess

    result = subprocess.run([sys.executable, __file__, "--child", master, str(corpus), str(out)],
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=50.0, help="MB of text (at least)")
    parser.add_argument("--small-mb", type=float, default=12.0,
                        help="MB of text of the smaller corpus for the memory check")
    parser.add_argument("--work", default=str(ROOT / ".bench-spark"), help="scratch folder")
    parser.add_argument("--skip-local", action="store_true")
    parser.add_argument("--child", nargs=3, metavar=("MASTER", "CORPUS", "OUT"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        master, corpus, out = args.child
        print(json.dumps(spark_child(master, Path(corpus), Path(out))))
        return
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    corpus, small = work / "corpus.jsonl", work / "corpus-small.jsonl"
    documents, size = generate(corpus, args.mb)
    small_documents, small_size = head(corpus, small, args.small_mb)
    mb = size / 1e6
    print(f"corpus: {documents} documents, {mb:.1f} MB of text "
          f"(small: {small_documents} documents, {small_size / 1e6:.1f} MB)", flush=True)
    print(f"load average before: {os.getloadavg()[0]:.2f}", flush=True)

    results = []
    if not args.skip_local:
        seconds, claims = run_local(corpus, work / "local.parquet")
        results.append({"master": "local engine", "seconds": seconds, "claims": claims,
                        "documents": documents})
        print(f"local engine: {seconds:.1f} s, {mb / seconds:.3f} MB/s, "
              f"{documents / seconds:.1f} docs/s, {claims} claims", flush=True)
    for master in ("local[1]", "local[2]"):
        result = run_spark(master, corpus, work / f"out-{master[6]}")
        results.append(result)
        print(f"spark {master}: {result['seconds']:.1f} s (+{result['startup']:.1f} s start-up), "
              f"{mb / result['seconds']:.3f} MB/s, {result['documents'] / result['seconds']:.1f} "
              f"docs/s, {result['claims']} claims; peak JVM {result['jvm_mb']:.0f} MB, "
              f"peak Python worker {result['worker_mb']:.0f} MB", flush=True)
    db = work / "from-out.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    start = time.perf_counter()
    from claimledger.ledger import Ledger
    from claimledger.spark.load import ingest_inputs
    items, claims_of = ingest_inputs([str(work / "out-2")])
    try:
        with Ledger(db) as ledger:
            loaded = ledger.ingest(items, claims_of=claims_of)
        load_seconds = time.perf_counter() - start
        print(f"ingest OUT (local[2]'s) into a ledger, no extraction: {load_seconds:.1f} s, "
              f"{loaded.claims} claims stored ({loaded.copies} copies), "
              f"{loaded.claims / load_seconds:.0f} claims/s, "
              f"{loaded.documents / load_seconds:.0f} documents/s", flush=True)
    except Exception as error:  # the ledger's own error, reported, not the benchmark's end
        print(f"ingest OUT failed: {type(error).__name__}: {error}", flush=True)
    small_run = run_spark("local[2]", small, work / "out-small")
    print(f"spark local[2], small corpus: {small_run['seconds']:.1f} s, peak JVM "
          f"{small_run['jvm_mb']:.0f} MB, peak Python worker {small_run['worker_mb']:.0f} MB",
          flush=True)
    print(f"load average after: {os.getloadavg()[0]:.2f}")

    by = {r["master"]: r for r in results}
    one, two = by["local[1]"], by["local[2]"]
    print()
    print(f"scaling local[1] -> local[2]: {one['seconds'] / two['seconds']:.2f}x (target >= 1.6x)")
    if "local engine" in by:
        local = by["local engine"]
        print(f"Spark overhead at one core: {one['seconds'] / local['seconds'] - 1:+.1%} "
              f"(target < 25%)")
        same = local["claims"] == one["claims"] == two["claims"]
        print(f"same claims count in all three: {same}")
    print(f"memory, {small_size / 1e6:.0f} MB -> {mb:.0f} MB: JVM {small_run['jvm_mb']:.0f} -> "
          f"{two['jvm_mb']:.0f} MB, Python worker {small_run['worker_mb']:.0f} -> "
          f"{two['worker_mb']:.0f} MB")


if __name__ == "__main__":
    main()
