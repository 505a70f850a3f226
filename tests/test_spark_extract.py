"""The Spark engine on local[2] gives the local engine's claims, field for
field, over the sample, every text set (as folders of text files, JSON Lines,
gzip, CSV, Parquet and WARC), and records every broken document as a failure."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimledger import extract
from claimledger.record import CLAIM_FIELDS, Claim
from spark_support import corpus, extracted, get_spark, local_items, scratch, spark_or_skip


@pytest.fixture(scope="module")
def spark():
    return spark_or_skip()


def _table(path: str):
    import pyarrow.dataset as ds
    return ds.dataset(path, format="parquet", partitioning="hive")


def _local_claims() -> list[dict]:
    documents, _ = local_items()
    return [claim.to_dict() for doc in documents
            for claim in extract(doc.text, published=doc.published, doc_id=doc.id)]


def test_the_same_claims_field_for_field(spark):
    out = extracted()
    rows = _table(f"{out}/claims").to_table().sort_by([("doc_seq", "ascending"),
                                                       ("n", "ascending")]).to_pylist()
    ours = [Claim.from_dict(row).to_dict() for row in rows]
    theirs = _local_claims()
    assert len(theirs) > 2000  # every set's texts, some several times
    assert ours == theirs  # in the same order, every field, value for value
    assert all(set(CLAIM_FIELDS) <= set(row) for row in rows)


def test_the_same_documents_in_the_same_order(spark):
    documents, _ = local_items()
    rows = _table(f"{extracted()}/documents").to_table().to_pylist()
    rows.sort(key=lambda row: row["doc_seq"])
    assert [(r["id"], r["published"], r["title"], r["source"], r["text"]) for r in rows] == \
        [(d.id, d.published, d.title, d.source, d.text) for d in documents]
    ids = {row["id"] for row in rows}
    # default ids as the local readers make them: NAME:LINE, NAME:ROW; a WARC page's URI
    assert {"feed:3", "table:1", "https://news.example/harbour"} <= ids


def test_claims_are_partitioned_by_publication_month(spark):
    months = sorted(p.name for p in Path(extracted(), "claims").iterdir() if p.is_dir())
    assert months and all(m.startswith("published_month=") for m in months)
    table = _table(f"{extracted()}/claims").to_table(columns=["published", "published_month"])
    for published, month in zip(*(table.column(c).to_pylist() for c in table.column_names)):
        assert month == (published[:7] if published else None) or month == "__HIVE_DEFAULT_PARTITION__"


def test_broken_documents_are_recorded_failures(spark):
    _, local_failures = local_items()
    rows = _table(f"{extracted()}/failures").to_table().sort_by("seq").to_pylist()
    failures = [(row["input"], row["reason"]) for row in rows]
    assert failures == [(f.input, f.reason) for f in local_failures]
    reasons = "\n".join(f"{i}: {r}" for i, r in failures)
    assert "feed.jsonl:5: not JSON" in reasons  # a JSON line cut short
    assert "feed.jsonl:7: not a JSON object" in reasons
    assert 'feed.jsonl:8: no "text" field' in reasons
    assert "latin1.txt: not UTF-8" in reasons and "binary.txt: binary file" in reasons
    assert "bad-meta.meta.json: unreadable metadata" in reasons
    assert "cut.warc.gz: truncated or corrupt WARC" in reasons
    assert "missing.jsonl: no such file or directory" in reasons
    manifest = json.loads(Path(extracted(), "_claimledger.json").read_text())
    assert manifest["failures"] == len(failures) and manifest["claims"] == len(_local_claims())


def test_json_lines_out_one_document_per_batch(spark):
    """Claims as JSON Lines are the local engine's lines; with one record per
    Arrow batch the claims are the same: nothing depends on batch neighbours."""
    from claimledger.spark.extract import extract_corpus

    inputs = corpus()[:1] + [corpus()[2]]  # the sample folder and the JSON Lines feed
    out = scratch() / "out-jsonl-1"
    spark.conf.set("spark.sql.execution.arrow.maxRecordsPerBatch", "1")
    try:
        extract_corpus(spark, inputs, str(out), fmt="jsonl", partitions=3)
    finally:
        spark.conf.set("spark.sql.execution.arrow.maxRecordsPerBatch", "64")
    ours = sorted(line for path in Path(out, "claims").rglob("part-*")
                  for line in path.read_text(encoding="utf-8").splitlines())
    from claimledger.readers import read_inputs
    theirs = sorted(json.dumps(c.to_dict(), ensure_ascii=False)
                    for doc in read_inputs(inputs) if hasattr(doc, "text")
                    for c in extract(doc.text, published=doc.published, doc_id=doc.id))
    assert ours == theirs and len(ours) > 100


def test_the_pipeline_is_loaded_once_per_worker(spark):
    """Python workers are reused: the pipeline a task loaded is there for the next."""
    from claimledger.spark import extract as spark_extract

    def probe(_):
        import os
        loaded = spark_extract.loads_in_this_process()
        spark_extract._extractor()
        return [(os.getpid(), loaded)]

    seen = spark.sparkContext.parallelize(range(8), 8).mapPartitions(probe).collect()
    pids = {pid for pid, _ in seen}
    assert len(pids) <= 2  # local[2]: two reused workers for eight tasks
    assert sum(1 for _, loaded in seen if not loaded) <= len(pids)
