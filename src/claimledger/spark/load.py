"""A ledger from the Spark engine's output, without re-extracting and without
Spark: pyarrow reads OUT (extract.py) and the ledger stores its documents and
claims as a local ingest of the same corpus would, in the same order (so the
claims get the same ids), with the same idempotence.

    claimledger ingest OUT            # OUT holds _claimledger.json

Claims extracted by another extractor version than this one are extracted
again here (the documents carry their text): a ledger's claims are always
those of the version it records.
"""
from __future__ import annotations

import heapq
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from operator import itemgetter
from pathlib import Path
from typing import Any

from ..record import CLAIM_FIELDS, Claim, Document, Failure
from .extract import MANIFEST


def is_spark_output(name: str) -> bool:
    """Whether an input is a folder the Spark engine wrote."""
    return Path(name, MANIFEST).is_file()


def manifest(out: str | Path) -> dict[str, Any]:
    return json.loads(Path(out, MANIFEST).read_text(encoding="utf-8"))


def _files(path: Path) -> list[Path]:
    return sorted(p for p in path.rglob("*.parquet") if not p.name.startswith((".", "_")))


def _dataset(path: Path) -> Any:
    import pyarrow.dataset as ds

    files = [str(p) for p in _files(path)]
    return ds.dataset(files, format="parquet", partitioning=ds.partitioning(flavor="hive"),
                      partition_base_dir=str(path)) if files else None


def _claims_by_document(out: Path) -> dict[int, list[Claim]]:
    """Every claim of OUT, by its document's doc_seq, in document order."""
    dataset = _dataset(out / "claims")
    if dataset is None:
        return {}
    table = dataset.to_table(columns=[*CLAIM_FIELDS, "doc_seq", "n"])
    found: dict[int, list[tuple[int, Claim]]] = defaultdict(list)
    for row in table.to_pylist():
        found[row["doc_seq"]].append((row["n"], Claim.from_dict(row)))
    return {seq: [claim for _, claim in sorted(claims, key=lambda pair: pair[0])]
            for seq, claims in found.items()}


def _documents(out: Path) -> Iterator[tuple[int, Document]]:
    """OUT's documents by doc_seq, a batch at a time: each file holds its
    documents in order (Spark sorts within each task), so the files are
    merged as they are read; a file out of order is sorted on its own."""
    files = _files(out / "documents")
    for seq, row in heapq.merge(*(_rows_in_order(path) for path in files), key=itemgetter(0)):
        extra = json.loads(row["meta"]) if row.get("meta") else {}
        for key in ("author", "site"):
            if row.get(key) is not None:
                extra[key] = row[key]
        yield seq, Document(id=row["id"], text=row["text"], published=row["published"],
                            title=row["title"], url=row["url"], source=row["source"], extra=extra)


def _rows_in_order(path: Path) -> Iterator[tuple[int, dict]]:
    import pyarrow.parquet as pq

    parquet = pq.ParquetFile(path)
    seqs = parquet.read(columns=["doc_seq"]).column("doc_seq").to_pylist()
    if seqs != sorted(seqs):
        for row in parquet.read().sort_by("doc_seq").to_pylist():
            yield row["doc_seq"], row
        return
    for batch in parquet.iter_batches(batch_size=256):
        for row in batch.to_pylist():
            yield row["doc_seq"], row


def _failures(out: Path) -> Iterator[tuple[int, Failure]]:
    dataset = _dataset(out / "failures")
    if dataset is None:
        return
    for row in dataset.to_table().sort_by("seq").to_pylist():
        yield row["seq"], Failure(row["input"], row["reason"])


def read_output(out: str | Path, published: str | None = None) -> tuple[Iterator[Document | Failure],
                                          Callable[[Document], list[Claim] | None]]:
    """(documents and failures in corpus order, claims_of) for Ledger.ingest."""
    from .. import EXTRACTOR_VERSION

    out = Path(out)
    current = manifest(out).get("extractor_version") == EXTRACTOR_VERSION
    claims = _claims_by_document(out) if current else {}
    pending: dict[int, list[Claim]] = {}  # by id() of the Document handed out

    def items() -> Iterator[Document | Failure]:
        for seq, item in heapq.merge(_documents(out), _failures(out), key=lambda pair: pair[0]):
            if isinstance(item, Document):
                found = claims.pop(seq, [])
                if published and not item.published:
                    item.published = published  # extracted without it: extracted again
                elif current:
                    pending[id(item)] = found
            yield item

    def claims_of(doc: Document) -> list[Claim] | None:
        return pending.pop(id(doc), None)

    return items(), claims_of


def ingest_inputs(inputs: Iterable[str], *, published: str | None = None,
                  read: Callable[..., Iterator[Document | Failure]] | None = None,
                  ) -> tuple[Iterator[Document | Failure], Callable[[Document], list[Claim] | None]]:
    """Items for Ledger.ingest from any inputs: Spark outputs with their
    claims, everything else read by `read` (readers.read_inputs)."""
    if read is None:
        from ..readers import read_inputs as read
    lookups: list[Callable[[Document], list[Claim] | None]] = []

    def items() -> Iterator[Document | Failure]:
        for name in inputs:
            if is_spark_output(name):
                found, claims_of = read_output(name, published)
                lookups.append(claims_of)
                yield from found
            else:
                yield from read([name], published=published)

    def claims_of(doc: Document) -> list[Claim] | None:
        for lookup in lookups:
            found = lookup(doc)
            if found is not None:
                return found
        return None

    return items(), claims_of
