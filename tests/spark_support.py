"""What the Spark tests share: one SparkSession on local[2] for the whole test
session, and one corpus extracted once by the Spark engine, with the local
engine's reading of the same corpus to compare with."""
from __future__ import annotations

import atexit
import csv
import gzip
import json
import shutil
import tempfile
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SETS = ("gold", "heldout", "dev", "final", "spring", "summer", "autumn", "fresh")


def spark_or_skip():
    pytest.importorskip("pyspark", reason="pyspark is installed by `make test` ([spark] extra)")
    if not (shutil.which("java") or __import__("os").environ.get("JAVA_HOME")):
        pytest.skip("the Spark engine needs Java 17")
    return get_spark()


@cache
def get_spark():
    from claimledger.spark import session
    return session("local[2]", app_name="claimledger-tests")


@cache
def scratch() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="claimledger-spark-tests-"))
    atexit.register(shutil.rmtree, folder, True)
    return folder


def _texts(folder: Path, into: Path) -> None:
    """A set's texts and their metadata (not its gold claims)."""
    into.mkdir(parents=True, exist_ok=True)
    for path in sorted(folder.glob("*.txt")):
        shutil.copy(path, into / path.name)
        meta = path.with_name(path.stem + ".meta.json")
        if meta.exists():
            shutil.copy(meta, into / meta.name)


@cache
def corpus() -> list[str]:
    """The inputs of the parity corpus: the sample and every text set in
    folders of text files, some of them again as JSON Lines (plain and gzip),
    CSV and Parquet, a WARC archive, and broken documents of every kind."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    from test_warc import write_archive

    base = scratch() / "corpus"
    inputs = []
    _texts(ROOT / "examples" / "sample", base / "sample")
    inputs.append(str(base / "sample"))
    texts = base / "sets"
    for name in SETS:
        _texts(ROOT / "tests" / name, texts / name)
    _texts(SHARED / "corpus" / "seed", texts / "seed")
    inputs.append(str(texts))
    records = []
    for path in sorted((ROOT / "tests" / "heldout").glob("*.txt")):
        meta = json.loads(path.with_name(path.stem + ".meta.json").read_text(encoding="utf-8"))
        records.append({**meta, "id": f"jsonl-{path.stem}", "text": path.read_text(encoding="utf-8")})
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    lines[2] = json.dumps({k: v for k, v in records[2].items() if k != "id"})  # default id NAME:LINE
    broken = ['{"id": "cut", "text": "31,000 soldiers', "", "[1, 2]", '{"id": "no-text"}']
    (base / "feed.jsonl").write_text("\n".join(lines[:4] + broken + lines[4:]) + "\n",
                                     encoding="utf-8")
    inputs.append(str(base / "feed.jsonl"))
    with gzip.open(base / "feed2.jsonl.gz", "wt", encoding="utf-8") as out:
        out.write("\n".join(json.dumps({**r, "id": "gz-" + r["id"]}) for r in records[:3]) + "\n")
    inputs.append(str(base / "feed2.jsonl.gz"))
    with (base / "table.csv").open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, ["id", "published", "title", "text"], extrasaction="ignore")
        writer.writeheader()
        for record in records[:3]:
            writer.writerow({**record, "id": "csv-" + record["id"]})
    inputs.append(str(base / "table.csv"))
    pq.write_table(pa.table({
        "id": [None] + ["pq-" + r["id"] for r in records[1:4]],
        "published": [r.get("published") for r in records[:4]],
        "text": [r["text"] for r in records[:4]]}), base / "table.parquet")
    inputs.append(str(base / "table.parquet"))
    broken_dir = base / "broken"
    broken_dir.mkdir()
    (broken_dir / "latin1.txt").write_bytes("Le bilan: 1 200 morts à Gaza.".encode("latin-1"))
    (broken_dir / "binary.txt").write_bytes(b"\x00\x01\x02 30 killed")
    (broken_dir / "bad-meta.txt").write_text("At least 12 people were killed.", encoding="utf-8")
    (broken_dir / "bad-meta.meta.json").write_text("{not json", encoding="utf-8")
    write_archive(broken_dir / "crawl.warc.gz", compressed=True)
    write_archive(broken_dir / "cut.warc.gz", compressed=True)
    data = (broken_dir / "cut.warc.gz").read_bytes()
    (broken_dir / "cut.warc.gz").write_bytes(data[: len(data) - 300])
    (broken_dir / "after.txt").write_text("Read after the broken archive: 40 people died.",
                                          encoding="utf-8")
    inputs.append(str(broken_dir))
    inputs.append(str(base / "missing.jsonl"))
    return inputs


@cache
def extracted(fmt: str = "parquet") -> str:
    """OUT of `extract --engine spark` over the parity corpus."""
    from claimledger.spark.extract import extract_corpus

    out = scratch() / f"out-{fmt}"
    extract_corpus(get_spark(), corpus(), str(out), fmt=fmt)
    return str(out)


@cache
def local_items() -> tuple:
    """The local engine's reading of the parity corpus: (documents, failures)."""
    from claimledger.readers import read_inputs
    from claimledger.record import Failure

    items = list(read_inputs(corpus()))
    return ([i for i in items if not isinstance(i, Failure)],
            [i for i in items if isinstance(i, Failure)])
