"""Extraction on Spark: `extract_corpus(spark, inputs, out)`.

The executors turn each unit of the corpus (corpus.py) into documents with
the project's readers and call the public `claimledger.extract` on one
document at a time (`mapInArrow`): a document's claims never depend on which
documents share its batch, and whatever the pipeline loads (rules, lexicons,
a parser) is loaded once per Python worker process, which Spark reuses
across tasks. A document that cannot be read or extracted is a failure row,
never an error of the job.

OUT is a folder:

    OUT/claims/published_month=YYYY-MM/*.parquet   every field of the claim spec,
                                                   then doc_seq, n, published, url
    OUT/documents/*.parquet                        the ledger's documents columns, and doc_seq
                                                   (each file in doc_seq order)
    OUT/failures/*.parquet                         seq, input, reason
    OUT/_claimledger.json                          what was run, and the counts

`doc_seq` orders the documents as the local engine reads them and `n` is a
claim's place in its document: (doc_seq, n) is the order of a local ingest,
which is how `ingest OUT` and the Spark reports number claims as the ledger
does. With `fmt="jsonl"` the claims are JSON Lines, the local engine's lines
byte for byte, in the same month folders.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..readers import _decode_utf8, _jsonl_lines, _Reader, document_from_record
from ..record import CLAIM_FIELDS, Document, Failure
from ..writers import BOOLEAN_FIELDS, INTEGER_FIELDS, NUMBER_FIELDS
from .corpus import FileInfo, _meta_of, is_text_file, line_bases, list_corpus, unit_key, units

MANIFEST = "_claimledger.json"
SEQ_SHIFT = 32  # seq = the file's place << 32 | the record's place in the file


def _spark_type(name: str) -> str:
    if name in NUMBER_FIELDS:
        return "double"
    if name in INTEGER_FIELDS:
        return "bigint"
    if name in BOOLEAN_FIELDS:
        return "boolean"
    return "string"


def claim_struct_ddl() -> str:
    """The claim spec's fields as a Spark struct, in the spec's order."""
    return ", ".join(f"`{name}`: {_spark_type(name)}" for name in CLAIM_FIELDS)


DOCUMENT_COLUMNS = ("id", "url", "title", "published", "author", "site", "meta", "source",
                    "content_hash", "text", "extractor_version")


def item_ddl() -> str:
    """What the executors return: one row per document or failure."""
    return ("seq bigint, " + ", ".join(f"`{c}` string" for c in DOCUMENT_COLUMNS)
            + ", aliases array<string>, failure_input string, failure_reason string, "
            + f"claims array<struct<{claim_struct_ddl()}>>, lines array<string>")


# --- in the executors ------------------------------------------------------------

_EXTRACT = None  # the pipeline, once per Python worker process
_SCRATCH: str | None = None  # a folder per worker for the readers that want a file


def _extractor() -> Any:
    global _EXTRACT
    if _EXTRACT is None:
        from claimledger import extract  # the public API, whatever it becomes
        _EXTRACT = extract
    return _EXTRACT


def loads_in_this_process() -> bool:
    """Whether this process has loaded the pipeline (for tests)."""
    return _EXTRACT is not None


def _scratch() -> str:
    global _SCRATCH
    if _SCRATCH is None or not os.path.isdir(_SCRATCH):
        _SCRATCH = tempfile.mkdtemp(prefix="claimledger-")
    return _SCRATCH


@dataclass(slots=True)
class Plan:
    """What the executor function is given (by closure; the file table is a broadcast)."""

    files: Any  # Broadcast[dict[str, FileInfo]]
    bases: Any  # Broadcast[dict[(key, block), int]]
    text_column: str | None
    published: str | None
    jsonl: bool


def _renamed(name: str, scratch: str, real: str) -> str:
    return real + name[len(scratch):] if name.startswith(scratch) else name


def _whole_file(info: FileInfo, data: bytes, meta: bytes | None) -> Iterator[Document | Failure]:
    """The documents of one file read whole, as the local readers give them."""
    if is_text_file(info.name):
        yield _text_file(info, data, meta)  # NAME.txt, or a text file named directly
        return
    # The readers read paths: the file goes to this worker's scratch folder under
    # its own relative path, and the names they report are put back.
    scratch = Path(_scratch())
    path = scratch / info.relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    try:
        for item in _Reader(stdin=None, fetcher=None).read_file(path, root=scratch,
                                                                doc_id=info.rel):
            if isinstance(item, Failure):
                item.input = _renamed(item.input, str(path), info.name)
            else:
                if item.source:
                    item.source = _renamed(item.source, str(path), info.name)
                if item.aliases:  # named by its file: the file's own longer ids
                    item.aliases = info.aliases
            yield item
    finally:
        path.unlink(missing_ok=True)


def _text_file(info: FileInfo, data: bytes, meta: bytes | None) -> Document | Failure:
    """As readers.read_text_file, from the bytes of the file and its metadata."""
    text = _decode_utf8(data, info.name)
    if isinstance(text, Failure):
        return text
    fields: dict[str, Any] = {}
    if meta is not None:
        meta_name = str(_meta_of(Path(info.name)))
        try:
            fields = json.loads(meta.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            return Failure(meta_name, f"unreadable metadata: {error}")
        if not isinstance(fields, dict):
            return Failure(meta_name, "metadata is not a JSON object")
    doc = document_from_record({**fields, "text": text}, default_id=info.rel, source=info.name)
    if isinstance(doc, Document) and not fields.get("id"):  # the id is the file's name
        doc.aliases = info.aliases
    return doc


def _unit_items(row: dict, plan: Plan) -> Iterator[tuple[int, Document | Failure]]:
    """(seq, document or failure) for one unit."""
    kind = row["kind"]
    info: FileInfo | None = plan.files.value.get(unit_key(kind, row["key"]))
    if info is None:
        yield 0, Failure(row["key"], "not among the files listed for this run")
        return
    base = info.seq << SEQ_SHIFT
    if kind == "line":
        bases = plan.bases.value
        number = row["mid"] + bases[(row["key"], row["block"])] + 1
        lines, newline_at_end = bases[row["key"]]
        data = row["data"] + b"\n" if number < lines or newline_at_end else row["data"]
        for item in _jsonl_lines([data], name=info.name, default_prefix=info.prefix,
                                 first_line_number=number):
            yield base | number, item
    elif kind == "row":
        number = row["pos"]
        record = json.loads(row["data"].decode("utf-8"))
        yield base | number, document_from_record(
            record, default_id=f"{info.prefix}:{number}", source=f"{info.name}:{number}",
            text_key=plan.text_column or "text")
    else:
        for number, item in enumerate(_whole_file(info, row["data"], row["meta"]), 1):
            yield base | number, item


def _item_rows(row: dict, plan: Plan) -> Iterator[dict]:
    extract = _extractor()
    for seq, item in _unit_items(row, plan):
        if isinstance(item, Failure):
            yield {"seq": seq, "failure_input": item.input, "failure_reason": item.reason}
            continue
        if plan.published and not item.published:
            item.published = plan.published
        try:
            claims = extract(item.text, published=item.published, doc_id=item.id)
        except Exception as error:  # one bad document must not stop the run
            yield {"seq": seq, "failure_input": item.source or item.id,
                   "failure_reason": f"extractor error: {type(error).__name__}: {error}"}
            continue
        yield _document_row(seq, item, [claim.to_dict() for claim in claims], plan.jsonl)


def _document_row(seq: int, doc: Document, claims: list[dict], jsonl: bool) -> dict:
    from .. import EXTRACTOR_VERSION
    from ..ledger import content_hash

    extra = dict(doc.extra)
    author, site = extra.pop("author", None), extra.pop("site", None)
    return {
        "seq": seq, "id": doc.id, "url": doc.url, "title": doc.title, "published": doc.published,
        "author": None if author is None else str(author), "site": None if site is None else str(site),
        "meta": json.dumps(extra, ensure_ascii=False, default=str) if extra else None,
        "source": doc.source, "content_hash": content_hash(doc), "text": doc.text,
        "extractor_version": EXTRACTOR_VERSION, "claims": claims, "aliases": list(doc.aliases),
        "lines": [json.dumps(c, ensure_ascii=False) for c in claims] if jsonl else None,
    }


def _extract_batches(plan: Plan, schema: Any) -> Any:
    def run(batches: Iterator[Any]) -> Iterator[Any]:
        import pyarrow as pa

        for batch in batches:
            rows = [out for row in batch.to_pylist() for out in _item_rows(row, plan)]
            yield pa.RecordBatch.from_pylist(rows, schema=schema)
    return run


# --- on the driver -----------------------------------------------------------------

@dataclass(slots=True)
class ExtractStats:
    documents: int = 0
    claims: int = 0
    failures: int = 0


def extract_corpus(spark: Any, inputs: list[str], out: str, *, fmt: str = "parquet",
                   published: str | None = None, partitions: int | None = None) -> ExtractStats:
    """Extract every document of the inputs with Spark and write OUT (above)."""
    from pyspark import StorageLevel
    from pyspark.sql import functions as F
    from pyspark.sql.pandas.types import to_arrow_schema

    if fmt not in ("parquet", "jsonl"):
        raise ValueError("the Spark engine writes claims as parquet or jsonl")
    # Finer tasks than one per core, so that cores finish together.
    spark.conf.set("spark.sql.files.minPartitionNum",
                   str(partitions or 4 * spark.sparkContext.defaultParallelism))
    corpus = list_corpus(inputs, spark)
    work = units(spark, corpus)
    sc = spark.sparkContext
    plan = Plan(sc.broadcast(corpus.files), sc.broadcast(line_bases(spark, corpus)),
                corpus.text_column, published, fmt == "jsonl")
    ddl = item_ddl()
    schema = to_arrow_schema(spark.createDataFrame([], ddl).schema)
    items = work.mapInArrow(_extract_batches(plan, schema), ddl).persist(StorageLevel.DISK_ONLY)
    try:
        items = _unique_ids(spark, items)
        documents = items.where(F.col("failure_reason").isNull())
        claims = documents.select(
            F.col("seq").alias("doc_seq"), "published", "url",
            F.posexplode(F.arrays_zip("claims", F.coalesce("lines", F.array()).alias("lines")))
            .alias("n", "claim"))
        month = F.when(F.length("published") >= 7, F.substring("published", 1, 7)) \
            .otherwise(F.substring("published", 1, 4))
        claims = claims.withColumn("published_month", month)
        # No shuffle: each task writes its claims of each month (in order)
        # and its documents (in order, for `ingest OUT` to merge the files).
        by_month = ["published_month", "doc_seq", "n"]
        if fmt == "jsonl":
            (claims.select(F.col("claim.lines").alias("value"), *by_month)
             .sortWithinPartitions(*by_month).select("value", "published_month")
             .write.mode("overwrite").partitionBy("published_month").text(f"{out}/claims"))
        else:
            (claims.select("claim.claims.*", "doc_seq", "n", "published", "url", "published_month")
             .sortWithinPartitions(*by_month)
             .write.mode("overwrite").partitionBy("published_month").parquet(f"{out}/claims"))
        (documents.select(F.col("seq").alias("doc_seq"), *DOCUMENT_COLUMNS)
         .sortWithinPartitions("doc_seq").write.mode("overwrite").parquet(f"{out}/documents"))
        failed = items.where(F.col("failure_reason").isNotNull()).select(
            "seq", F.col("failure_input").alias("input"), F.col("failure_reason").alias("reason"))
        if corpus.failures:
            failed = failed.unionByName(spark.createDataFrame(
                [(seq << SEQ_SHIFT, name, reason) for seq, name, reason in corpus.failures],
                "seq bigint, input string, reason string"))
        failed.coalesce(1).sortWithinPartitions("seq").write.mode("overwrite").parquet(
            f"{out}/failures")
        counts = items.agg(F.sum(F.when(F.col("failure_reason").isNull(), 1).otherwise(0)),
                           F.sum(F.when(F.col("failure_reason").isNull(), F.size("claims"))),
                           F.sum(F.when(F.col("failure_reason").isNotNull(), 1).otherwise(0))).first()
        stats = ExtractStats(int(counts[0] or 0), int(counts[1] or 0),
                             int(counts[2] or 0) + len(corpus.failures))
    finally:
        items.unpersist()
    _write_manifest(spark, out, {
        "format": "claimledger-spark", "claims_format": fmt, "inputs": list(inputs),
        "extractor_version": _version(), "documents": stats.documents, "claims": stats.claims,
        "failures": stats.failures})
    return stats


def _unique_ids(spark: Any, items: Any) -> Any:
    """Ids made from file names made unique across the run, in reading order,
    by the local engine's own rule (readers._unique_id): a document whose id
    another input took takes its longer alias, or fails naming both."""
    from pyspark.sql import functions as F

    from ..readers import _unique_id

    named = items.where(F.size("aliases") > 0).select("seq", "id", "aliases", "source") \
        .orderBy("seq").collect()
    taken: dict[str, str] = {}
    changes = []
    for row in named:
        doc = Document(id=row["id"], text="", source=row["source"], aliases=tuple(row["aliases"]))
        found = _unique_id(doc, taken)
        if isinstance(found, Failure):
            changes.append((row["seq"], None, found.input, found.reason))
        elif found.id != row["id"]:
            changes.append((row["seq"], found.id, None, None))
    if not changes:
        return items
    fixes = spark.createDataFrame(changes, "seq bigint, new_id string, new_input string, "
                                           "new_reason string")
    fixed = items.join(F.broadcast(fixes), "seq", "left")
    failed = F.col("new_reason").isNotNull()
    renamed = F.col("new_id").isNotNull()
    return fixed.select(
        "seq", *[F.when(failed, None).when(renamed & (F.lit(c) == "id"), F.col("new_id"))
                 .otherwise(F.col(c)).alias(c) for c in DOCUMENT_COLUMNS], "aliases",
        F.when(failed, F.col("new_input")).otherwise(F.col("failure_input")).alias("failure_input"),
        F.when(failed, F.col("new_reason")).otherwise(F.col("failure_reason")).alias("failure_reason"),
        F.when(failed, None).when(renamed, F.transform(
            "claims", lambda c: c.withField("doc", F.col("new_id")))).otherwise(F.col("claims"))
        .alias("claims"),
        F.when(failed, None).otherwise(F.col("lines")).alias("lines"))


def _version() -> str:
    from .. import EXTRACTOR_VERSION
    return EXTRACTOR_VERSION


def _write_manifest(spark: Any, out: str, manifest: dict) -> None:
    text = json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
    from .corpus import is_local
    if is_local(out):
        Path(out.removeprefix("file:"), MANIFEST).write_text(text, encoding="utf-8")
        return
    jvm = spark.sparkContext._jvm
    path = jvm.org.apache.hadoop.fs.Path(f"{out.rstrip('/')}/{MANIFEST}")
    stream = path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration()).create(path, True)
    stream.write(bytearray(text.encode("utf-8")))
    stream.close()


def read_failures(spark: Any, out: str) -> list[Failure]:
    rows = spark.read.parquet(f"{out}/failures").orderBy("seq").collect()
    return [Failure(row["input"], row["reason"]) for row in rows]


def cleanup_scratch() -> None:
    if _SCRATCH and os.path.isdir(_SCRATCH):
        shutil.rmtree(_SCRATCH, ignore_errors=True)
