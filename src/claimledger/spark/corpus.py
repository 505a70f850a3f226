"""The corpus as Spark reads it: the files of the inputs listed on the driver
in the order the local engine reads them (readers.py), then read by Spark as
units of work, each turned into documents in the executors by the project's
own readers, so that ids, sources and failures are the local engine's.

    JSON Lines (.jsonl .ndjson .json)   Spark's text source: split across tasks,
                                        one unit per line (its line number
                                        counted as the local reader does)
    Parquet (.parquet .pq)              Spark's Parquet source: one unit per row
    everything else the local engine    Spark's binaryFile source: one unit per
    reads from a file: NAME.txt (with   file (gzip and multi-line CSV are not
    NAME.meta.json), .gz, .csv, WARC,   splittable; a WARC archive is read as a
    HTML                                stream of its records)

URLs, feeds (whose entries are fetched), and stdin are the local engine's:
each is a recorded failure here, saying so.

Every unit carries `key` (its file, as Spark names it) and the driver's
`FileInfo` for each key travels to the executors in a broadcast: its order in
the corpus, the name the local engine reports it by, the default id prefix.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from ..readers import (
    FEED_SUFFIXES, FOLDER_SUFFIXES, JSONL_SUFFIXES, META_SUFFIX, PARQUET_SUFFIXES, TEXT_COLUMNS,
    _aliases, _direct_file_ids, _doc_name, _strip_suffixes, is_url,
)

PLAIN_JSONL = tuple(s for s in JSONL_SUFFIXES if not s.endswith(".gz"))
# Units: one JSON line, one Parquet row (as a JSON object), or one whole file.
UNIT_DDL = ("key string, kind string, pos long, block long, mid long, data binary, "
            "meta binary")


@dataclass(slots=True, frozen=True)
class FileInfo:
    """What the executors need to know of one file of the corpus."""

    seq: int  # its place in the local engine's reading order
    name: str  # how the local engine names it in sources and failures
    rel: str  # its path below the folder given, without suffix (a text file's default id)
    relpath: str  # its path below the folder given
    prefix: str  # the default id prefix of its records (JSON Lines, CSV, Parquet)
    meta: str | None = None  # the key of its NAME.meta.json, for a text file
    aliases: tuple[str, ...] = ()  # longer ids, for a document named by its file (readers._aliases)


@dataclass(slots=True)
class Corpus:
    """The inputs' files by how Spark reads them, and the inputs that fail."""

    files: dict[str, FileInfo]
    jsonl: list[str]
    parquet: list[str]
    whole: list[str]  # read whole by binaryFile
    metas: list[str]
    failures: list[tuple[int, str, str]]  # (seq, input, reason)
    text_column: str | None = None  # of the Parquet files


def is_text_file(name: str) -> bool:
    """A file the local engine reads as one plain text (with NAME.meta.json)."""
    from ..readers import CSV_SUFFIXES, HTML_SUFFIXES, WARC_SUFFIXES
    return not name.lower().endswith(JSONL_SUFFIXES + CSV_SUFFIXES + HTML_SUFFIXES
                                     + WARC_SUFFIXES + PARQUET_SUFFIXES + FEED_SUFFIXES)


def _kind(name: str) -> str:
    lower = name.lower()
    if lower.endswith(PLAIN_JSONL):
        return "jsonl"
    if lower.endswith(PARQUET_SUFFIXES):
        return "parquet"
    if lower.endswith(FEED_SUFFIXES):
        return "feed"
    return "whole"


def is_local(name: str) -> bool:
    scheme = urlparse(name).scheme
    return scheme in ("", "file") or len(scheme) == 1  # a Windows drive letter


def local_key(path: Path) -> str:
    """How Spark names a local file it lists (binaryFile's `path`)."""
    return "file:" + os.path.abspath(path)


def unit_key(kind: str, spark_path: str) -> str:
    """The key of a unit's file: a `_metadata.file_path` (lines and rows) is
    a percent-encoded URI, a binaryFile `path` is not."""
    return unquote(spark_path) if kind in ("line", "row") else spark_path


def _walk(folder: Path) -> list[Path]:
    """The files of a folder in the order `readers._Reader.read_folder` reads them."""
    found = []
    for directory, subfolders, files in os.walk(folder, onerror=None):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
        for file in sorted(files):
            lower = file.lower()
            if file.startswith(".") or lower.endswith(META_SUFFIX):
                continue
            if lower.endswith(FOLDER_SUFFIXES):
                found.append(Path(directory, file))
    return found


def _relpath(path: Path, root: Path) -> str:
    return (path.relative_to(root) if path.is_relative_to(root) else Path(path.name)).as_posix()


def _meta_of(path: Path) -> Path:
    return path.with_name(path.name[: -len(path.suffix)] + META_SUFFIX) if path.suffix \
        else path.with_name(path.name + META_SUFFIX)


def list_corpus(inputs: list[str], spark: Any = None) -> Corpus:
    """The files of the inputs, in the local engine's order."""
    corpus = Corpus({}, [], [], [], [], [])
    direct = _direct_file_ids([n for n in inputs if is_local(n) and not n.startswith("file:")])
    seq = 0
    for name in inputs:
        seq += 1
        if name == "-":
            corpus.failures.append((seq, "stdin", "stdin is read by the local engine only "
                                                  "(--engine local)"))
            continue
        if is_url(name):
            corpus.failures.append((seq, name, "URLs are fetched by the local engine only "
                                               "(--engine local)"))
            continue
        if is_local(name):
            path = Path(unquote(urlparse(name).path) if name.startswith("file:") else name)
            if path.is_dir():
                listed = [(p, path, local_key(p)) for p in _walk(path)]
            elif path.exists():
                listed = [(path, None, local_key(path))]
            else:
                corpus.failures.append((seq, name, "no such file or directory"))
                continue
            for file, root, key in listed:
                seq += 1
                meta = _meta_of(file)
                doc_id = direct.get(name, file.stem) if root is None else _doc_name(file, root)
                _add(corpus, key, FileInfo(
                    seq, str(file), doc_id, _relpath(file, root or file.parent),
                    _strip_suffixes(file),
                    local_key(meta) if is_text_file(file.name) and meta.exists() else None,
                    _aliases(file, doc_id)),
                    file.name)
        else:
            seq = _list_hadoop(corpus, name, seq, spark)
    return corpus


def _add(corpus: Corpus, key: str, info: FileInfo, file_name: str) -> None:
    kind = _kind(file_name)
    if kind == "feed":
        corpus.failures.append((info.seq, info.name, "feeds are fetched by the local engine "
                                                     "only (--engine local)"))
        return
    corpus.files[key] = info
    {"jsonl": corpus.jsonl, "parquet": corpus.parquet, "whole": corpus.whole}[kind].append(key)
    if info.meta:
        corpus.metas.append(info.meta)


def _list_hadoop(corpus: Corpus, name: str, seq: int, spark: Any) -> int:
    """Files on HDFS, S3 and the like, by Hadoop's FileSystem (the driver's
    JVM), in the order the local engine walks a folder."""
    if spark is None:
        corpus.failures.append((seq, name, "a remote path needs a Spark session"))
        return seq
    jvm = spark.sparkContext._jvm
    hadoop_path = jvm.org.apache.hadoop.fs.Path(name)
    fs = hadoop_path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())
    if not fs.exists(hadoop_path):
        corpus.failures.append((seq, name, "no such file or directory"))
        return seq
    root = fs.getFileStatus(hadoop_path)
    statuses = []
    if root.isDirectory():
        found = fs.listFiles(hadoop_path, True)
        while found.hasNext():
            statuses.append(found.next().getPath().toString())
        base = root.getPath().toString().rstrip("/") + "/"
    else:
        statuses = [root.getPath().toString()]
        base = statuses[0].rsplit("/", 1)[0] + "/"
    all_files = set(statuses)

    def walk_order(uri: str) -> tuple:
        parts = uri[len(base):].split("/")
        return tuple((1, p) for p in parts[:-1]) + ((0, parts[-1]),)

    for uri in sorted(statuses, key=walk_order):
        file = uri.rsplit("/", 1)[-1]
        lower = file.lower()
        relative = uri[len(base):]
        if root.isDirectory() and (any(p.startswith(".") for p in relative.split("/"))
                                   or lower.endswith(META_SUFFIX)
                                   or not lower.endswith(FOLDER_SUFFIXES)):
            continue
        seq += 1
        meta = uri[: -len(file)] + _meta_of(Path(file)).name
        rel = relative.rsplit(".", 1)[0] if "." in file else relative
        _add(corpus, uri, FileInfo(seq, uri, rel, relative, _strip_suffixes(Path(file)),
                                   meta if meta in all_files and is_text_file(file) else None),
             file)
    return seq


def units(spark: Any, corpus: Corpus) -> Any:
    """One DataFrame of units (UNIT_DDL) over every file of the corpus."""
    from pyspark.sql import functions as F

    frames = []
    if corpus.jsonl:
        lines = (spark.read.format("text").load(corpus.jsonl)
                 .select(F.col("_metadata.file_path").alias("key"), F.lit("line").alias("kind"),
                         F.lit(None).cast("long").alias("pos"),
                         F.col("_metadata.file_block_start").alias("block"),
                         F.monotonically_increasing_id().alias("mid"),
                         F.col("value").cast("binary").alias("data"),
                         F.lit(None).cast("binary").alias("meta")))
        frames.append(lines)
    if corpus.parquet:
        rows = spark.read.parquet(*corpus.parquet)
        columns = [c for c in rows.columns if not c.startswith("_")]
        corpus.text_column = next((c for c in TEXT_COLUMNS if c in columns), None)
        if corpus.text_column is None:
            return _without_text(spark, corpus)
        record = F.to_json(F.struct(*[F.col(f"`{c}`") for c in columns]),
                           {"timestampFormat": "yyyy-MM-dd'T'HH:mm:ss",
                            "timestampNTZFormat": "yyyy-MM-dd'T'HH:mm:ss"})
        frames.append(rows.select(
            F.col("_metadata.file_path").alias("key"), F.lit("row").alias("kind"),
            (F.col("_metadata.row_index") + 1).alias("pos"), F.lit(None).cast("long").alias("block"),
            F.lit(None).cast("long").alias("mid"), F.encode(record, "UTF-8").alias("data"),
            F.lit(None).cast("binary").alias("meta")))
    if corpus.whole:
        files = spark.read.format("binaryFile").load(corpus.whole).select(
            F.col("path").alias("key"), F.col("content").alias("data"))
        if corpus.metas:
            links = spark.createDataFrame(
                [(k, corpus.files[k].meta) for k in corpus.whole if corpus.files[k].meta],
                "key string, meta_key string")
            metas = spark.read.format("binaryFile").load(corpus.metas).select(
                F.col("path").alias("meta_key"), F.col("content").alias("meta"))
            files = files.join(F.broadcast(links), "key", "left").join(metas, "meta_key", "left")
        else:
            files = files.withColumn("meta", F.lit(None).cast("binary"))
        frames.append(files.select(
            "key", F.lit("file").alias("kind"), F.lit(None).cast("long").alias("pos"),
            F.lit(None).cast("long").alias("block"), F.lit(None).cast("long").alias("mid"),
            "data", "meta"))
    if not frames:
        return spark.createDataFrame([], UNIT_DDL)
    found = frames[0]
    for frame in frames[1:]:
        found = found.unionByName(frame)
    return found


def _without_text(spark: Any, corpus: Corpus) -> Any:
    """Parquet files without a text column: each a failure, as locally."""
    for key in corpus.parquet:
        info = corpus.files.pop(key)
        corpus.failures.append((info.seq, info.name,
                                f"no text column (looked for {', '.join(TEXT_COLUMNS)})"))
    corpus.parquet = []
    return units(spark, corpus)


def line_bases(spark: Any, corpus: Corpus) -> dict[Any, Any]:
    """For each block of each JSON Lines file, what turns a line's
    monotonically increasing id into its line number: the lines of the
    file's earlier blocks, less the block's first id (a pass that counts);
    and for each file, (its lines, whether it ends with a newline)."""
    if not corpus.jsonl:
        return {}
    from pyspark.sql import functions as F

    blocks = (spark.read.format("text").load(corpus.jsonl)
              .select(F.col("_metadata.file_path").alias("key"),
                      F.col("_metadata.file_block_start").alias("block"),
                      F.monotonically_increasing_id().alias("mid"))
              .groupBy("key", "block").agg(F.count("*").alias("n"), F.min("mid").alias("first"))
              .collect())
    bases: dict[Any, Any] = {}
    before: dict[str, int] = {}
    for row in sorted(blocks, key=lambda r: (r["key"], r["block"])):
        done = before.get(row["key"], 0)
        bases[(row["key"], row["block"])] = done - row["first"]
        before[row["key"]] = done + row["n"]
    # The local reader sees each line with its newline (which JSON error
    # messages count): all lines have one but a last line the file does not end with.
    for key, lines in before.items():
        bases[key] = (lines, _ends_with_newline(unit_key("line", key)))
    return bases


def _ends_with_newline(key: str) -> bool:
    if not key.startswith("file:"):
        return True
    try:
        with open(key[5:], "rb") as stream:
            stream.seek(-1, os.SEEK_END)
            return stream.read(1) == b"\n"
    except OSError:
        return True
