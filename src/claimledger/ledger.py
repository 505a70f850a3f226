"""The ledger: documents and their claims in one SQLite file that survives runs.

    with Ledger("claimledger.db") as ledger:
        stats = ledger.ingest(read_inputs(["corpus.jsonl"]))
        for claim in ledger.claims(measure="killed", since="2024-01"):
            ...

Guarantees, and how they are kept:

- Idempotent: a document whose content hash and extractor version are already
  stored is passed over; a changed one has its claims replaced.
- Nothing half-written: documents are committed in batches, each batch one
  transaction, so a process killed at any moment leaves whole batches only,
  and a rerun (which passes over what is stored) ends with the same ledger.
- Concurrent writers: WAL mode and a long busy timeout; extraction runs
  outside the write transaction so the write lock is held for milliseconds.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib.resources import files
from pathlib import Path
from typing import Any

from . import EXTRACTOR_VERSION
from .pipeline import extract
from .quantities import DERIVED_COLUMNS, DERIVED_TYPES, derived_columns, fill_from_row
from .record import CLAIM_FIELDS, Claim, Document, Failure

# 3: derived columns for the reconcile reports; 4: their indexes; 5: the
# figures' interval bounds (lo, hi) as derived columns, in the (quantity, at)
# index; 6: the month a claim is compared in and whether it is a running total
# (month, running), and the index of the claims compared, by quantity and month;
# 7: the search index declared with content="claims", which Datasette and
# sqlite-utils recognise (see `_declare_search_again`)
SCHEMA_VERSION = 8
BATCH_SIZE = 200
BUSY_TIMEOUT_SECONDS = 300.0

_SELECT_CLAIMS = "SELECT " + ", ".join(f'c."{name}"' for name in CLAIM_FIELDS) + " FROM claims AS c"
def _quoted(name: str) -> str:
    return f'"{name}"'


# A claim's row: the spec's fields, then the columns derived from them.
_INSERTED = (*CLAIM_FIELDS, *DERIVED_COLUMNS)
_INSERT_CLAIM = (f"INSERT INTO claims ({', '.join(map(_quoted, _INSERTED))}) "
                 f"VALUES ({', '.join('?' * len(_INSERTED))})")
_UPSERT_DOCUMENT = """
INSERT INTO documents (id, url, title, published, author, site, meta, source, content_hash,
                       text, ingested_at, extractor_version)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT(id) DO UPDATE SET
    url = excluded.url, title = excluded.title, published = excluded.published,
    author = excluded.author, site = excluded.site, meta = excluded.meta,
    source = excluded.source, content_hash = excluded.content_hash, text = excluded.text,
    ingested_at = excluded.ingested_at, extractor_version = excluded.extractor_version
"""
_RECORD_FAILURE = """
INSERT INTO failures (input, reason, at) VALUES (?, ?, ?)
ON CONFLICT(input, reason) DO UPDATE SET at = excluded.at
"""


@dataclass
class IngestStats:
    added: int = 0
    updated: int = 0  # changed content, or stored by an older extractor
    unchanged: int = 0
    claims: int = 0  # claims written for added and updated documents
    failures: int = 0

    @property
    def documents(self) -> int:
        return self.added + self.updated + self.unchanged


@dataclass
class ReextractStats:
    documents: int = 0
    claims: int = 0
    failures: list[Failure] = field(default_factory=list)


def content_hash(doc: Document) -> str:
    """sha256 of everything stored about a document except where it was read
    from: the same article read from another path is the same document."""
    payload = json.dumps([doc.text, doc.published, doc.title, doc.url, doc.extra],
                         ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _claim_row(claim: Claim, doc_id: str, published: str | None) -> tuple:
    """A claim's row: its spec fields, then the columns derived from it."""
    row = claim.to_dict()
    row["doc"] = doc_id
    return (*(int(v) if isinstance(v, bool) else v for v in row.values()),
            *derived_columns(row, doc_id, published))


class Ledger:
    """One SQLite ledger file; open it with `with Ledger(path) as ledger:`."""

    def __init__(self, path: str | Path = "claimledger.db", *, batch_size: int = BATCH_SIZE,
                 busy_timeout: float = BUSY_TIMEOUT_SECONDS) -> None:
        self.path = Path(path)
        self.batch_size = batch_size
        # isolation_level=None: transactions are begun and ended here, explicitly.
        self._db = sqlite3.connect(self.path, timeout=busy_timeout, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        self._db.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
        self._db.execute("PRAGMA journal_mode = WAL")
        # NORMAL is durable against a killed process (not against power loss)
        # and spares an fsync per commit.
        self._db.execute("PRAGMA synchronous = NORMAL")
        self._db.execute("PRAGMA foreign_keys = ON")
        self._create_schema()

    def _create_schema(self) -> None:
        if self._db.execute("PRAGMA user_version").fetchone()[0] >= SCHEMA_VERSION:
            return
        schema = files("claimledger").joinpath("data/schema.sql").read_text(encoding="utf-8")
        with self._transaction():  # two processes creating one ledger take turns
            existing = {row[1] for row in self._db.execute("PRAGMA table_info(claims)")}
            if existing and "place" not in existing:  # a ledger from before `place` (schema 8)
                self._db.execute("ALTER TABLE claims ADD COLUMN place TEXT")
                self._db.execute("DROP VIEW IF EXISTS claims_view")  # schema.sql makes it again, with place
            added = [name for name in DERIVED_COLUMNS if existing and name not in existing]
            for name in added:  # a ledger from before these derived columns: add them
                self._db.execute(f'ALTER TABLE claims ADD COLUMN "{name}" {DERIVED_TYPES[name]}')
            # Those SQL derives, for every row (before their indexes are made).
            fill_from_row(self._db, "claims", added)
            rebuild_search = self._declare_search_again()
            for statement in _split_sql(schema):
                self._db.execute(statement)
            if rebuild_search:
                self._db.execute("INSERT INTO claims_fts(claims_fts) VALUES ('rebuild')")
            self._fill_derived()
            self._db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def _declare_search_again(self) -> bool:
        """Drop a search index declared in a form that Datasette and sqlite-utils
        do not detect (content='claims', before schema 7), for schema.sql to
        declare it again; True if it did (the index is then rebuilt)."""
        row = self._db.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'claims_fts'").fetchone()
        if row is None or 'content="claims"' in row[0]:
            return False
        self._db.execute("DROP TABLE claims_fts")
        return True

    def _fill_derived(self) -> None:
        """Derive the columns of claims that lack them (older ledgers)."""
        rows = self._db.execute(
            f"SELECT c.id, c.doc, d.published, "
            f"{', '.join('c.' + _quoted(name) for name in CLAIM_FIELDS)} "
            f"FROM claims AS c LEFT JOIN documents AS d ON d.id = c.doc "
            f"WHERE c.quantity IS NULL").fetchall()
        self._db.executemany(
            f"UPDATE claims SET {', '.join(_quoted(name) + ' = ?' for name in DERIVED_COLUMNS)} "
            f"WHERE id = ?",
            [(*derived_columns(dict(zip(CLAIM_FIELDS, row[3:])), row[1], row[2]), row[0])
             for row in rows])

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> "Ledger":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        # IMMEDIATE takes the write lock up front (waiting up to busy_timeout):
        # a deferred transaction that later upgrades can fail with SQLITE_BUSY
        # at once in WAL mode when another writer got in between.
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    # ---- writing -----------------------------------------------------------

    def ingest(self, items: Iterable[Document | Failure],
               on_progress: Callable[[int], None] | None = None,
               on_failure: Callable[[Failure], None] | None = None) -> IngestStats:
        """Store documents with their claims and record failures, a batch per
        transaction. `on_progress(n)` is told of each batch of n items written;
        `on_failure` of each failure as it is recorded."""
        stats = IngestStats()
        batch: list[Document | Failure] = []
        for item in items:
            batch.append(item)
            if len(batch) >= self.batch_size:
                self._ingest_batch(batch, stats, on_failure)
                if on_progress:
                    on_progress(len(batch))
                batch = []
        if batch:
            self._ingest_batch(batch, stats, on_failure)
            if on_progress:
                on_progress(len(batch))
        return stats

    def _stored(self, ids: list[str]) -> dict[str, tuple[str, str]]:
        """(content hash, extractor version) of the stored documents among ids."""
        found: dict[str, tuple[str, str]] = {}
        for start in range(0, len(ids), 500):  # under SQLite's bound-parameter limit
            chunk = ids[start:start + 500]
            rows = self._db.execute(
                f"SELECT id, content_hash, extractor_version FROM documents "
                f"WHERE id IN ({', '.join('?' * len(chunk))})", chunk)
            found.update((row[0], (row[1], row[2])) for row in rows)
        return found

    def _ingest_batch(self, batch: list[Document | Failure], stats: IngestStats,
                      on_failure: Callable[[Failure], None] | None) -> None:
        failures = [item for item in batch if isinstance(item, Failure)]
        documents: dict[str, Document] = {}
        for item in batch:
            if isinstance(item, Document):
                documents.pop(item.id, None)  # the later of two with one id wins
                documents[item.id] = item
        hashes = {doc_id: content_hash(doc) for doc_id, doc in documents.items()}
        stored = self._stored(list(documents))

        # Extract before taking the write lock: extraction is the slow part.
        extracted: dict[str, list[tuple]] = {}
        for doc_id, doc in documents.items():
            if stored.get(doc_id) == (hashes[doc_id], EXTRACTOR_VERSION):
                continue
            try:
                claims = extract(doc.text, published=doc.published, doc_id=doc_id)
            except Exception as error:  # one bad document must not stop the run
                failures.append(Failure(doc.source or doc_id,
                                        f"extractor error: {type(error).__name__}: {error}"))
                continue
            extracted[doc_id] = [_claim_row(claim, doc_id, doc.published) for claim in claims]

        now = _now()
        with self._transaction():
            current = self._stored(list(extracted))  # another writer may have been here
            written: list[list[tuple]] = []
            for failure in failures:
                self._db.execute(_RECORD_FAILURE, (failure.input, failure.reason, now))
            for doc_id, doc in documents.items():
                if doc_id not in extracted:  # stored as it is, or failed extraction
                    if stored.get(doc_id) == (hashes[doc_id], EXTRACTOR_VERSION):
                        stats.unchanged += 1
                    continue
                if current.get(doc_id) == (hashes[doc_id], EXTRACTOR_VERSION):
                    stats.unchanged += 1
                    continue
                if doc_id in current:
                    self._db.execute("DELETE FROM claims WHERE doc = ?", (doc_id,))
                    stats.updated += 1
                else:
                    stats.added += 1
                extra = dict(doc.extra)
                author, site = extra.pop("author", None), extra.pop("site", None)
                self._db.execute(_UPSERT_DOCUMENT, (
                    doc_id, doc.url, doc.title, doc.published,
                    None if author is None else str(author), None if site is None else str(site),
                    json.dumps(extra, ensure_ascii=False, default=str) if extra else None,
                    doc.source, hashes[doc_id], doc.text, now, EXTRACTOR_VERSION))
                written.append(extracted[doc_id])
                stats.claims += len(extracted[doc_id])
                if doc.source:  # read fine now: an earlier failure of it is over
                    self._db.execute("DELETE FROM failures WHERE input = ?", (doc.source,))
            self._insert_claims(written)
        stats.failures += len(failures)
        if on_failure:
            for failure in failures:
                on_failure(failure)

    def _insert_claims(self, claim_rows: list[list[tuple]]) -> None:
        """Insert claims and index their sentences in one statement. Called
        after the transaction's deletes: new rows then get ids above the
        largest id left, which is how they are told apart for indexing."""
        last_claim = self._db.execute("SELECT coalesce(max(id), 0) FROM claims").fetchone()[0]
        for rows in claim_rows:
            self._db.executemany(_INSERT_CLAIM, rows)
        self._db.execute("INSERT INTO claims_fts (rowid, sentence) "
                         "SELECT id, sentence FROM claims WHERE id > ?", (last_claim,))

    def reextract(self, *, everything: bool = False,
                  on_progress: Callable[[int], None] | None = None) -> ReextractStats:
        """Extract again the stored documents of other extractor versions (all
        of them with `everything`), a batch per transaction, resumable."""
        stats = ReextractStats()
        condition = "1" if everything else "extractor_version != ?"
        params: tuple = () if everything else (EXTRACTOR_VERSION,)
        after = ""
        while True:
            rows = self._db.execute(
                f"SELECT id, text, published, content_hash FROM documents "
                f"WHERE {condition} AND id > ? ORDER BY id LIMIT ?",
                (*params, after, self.batch_size)).fetchall()
            if not rows:
                return stats
            after = rows[-1]["id"]
            extracted: dict[str, tuple[str, list[tuple]]] = {}
            for row in rows:
                try:
                    claims = extract(row["text"], published=row["published"], doc_id=row["id"])
                except Exception as error:
                    stats.failures.append(Failure(row["id"], f"extractor error: {type(error).__name__}: {error}"))
                    continue
                extracted[row["id"]] = (row["content_hash"], [
                    _claim_row(c, row["id"], row["published"]) for c in claims])
            with self._transaction():
                current = self._stored(list(extracted))
                written: list[list[tuple]] = []
                for doc_id, (hash_read, claim_rows) in extracted.items():
                    if current.get(doc_id, (None,))[0] != hash_read:
                        continue  # replaced or removed meanwhile by another writer
                    self._db.execute("DELETE FROM claims WHERE doc = ?", (doc_id,))
                    written.append(claim_rows)
                    self._db.execute("UPDATE documents SET extractor_version = ? WHERE id = ?",
                                     (EXTRACTOR_VERSION, doc_id))
                    stats.documents += 1
                    stats.claims += len(claim_rows)
                self._insert_claims(written)
            if on_progress:
                on_progress(len(rows))

    # ---- reading -----------------------------------------------------------

    def claims(self, *, speaker: str | None = None, measure: str | None = None,
               group: str | None = None, since: str | None = None, until: str | None = None,
               doc: str | None = None, search: str | None = None,
               limit: int | None = None) -> Iterator[dict[str, Any]]:
        """Stored claims as spec dicts, filtered, in time order (undated last).

        speaker: part of the speaker's name, any case ("Zelensky").
        measure, doc: exact. group: exact, any case.
        since, until: dates at any precision (2024, 2024-02, 2024-02-26),
            compared with `as_of` at the coarser of the two precisions, so a
            claim "as of 2024" is within --since 2024-02; undated claims are out.
        search: full-text query over sentences (FTS5 syntax, or plain words).
        """
        where, params = [], []
        if speaker:
            where.append("c.speaker LIKE ? ESCAPE '\\'")
            params.append("%" + speaker.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
        if measure:
            where.append("c.measure = ?")
            params.append(measure)
        if group:
            where.append('c."group" = ? COLLATE NOCASE')
            params.append(group)
        if since:
            where.append("c.as_of >= substr(?, 1, length(c.as_of))")
            params.append(since)
        if until:
            where.append("substr(c.as_of, 1, length(?)) <= ?")
            params.extend([until, until])
        if doc:
            where.append("c.doc = ?")
            params.append(doc)
        if search:
            where.append("c.id IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH ?)")
            params.append(self._fts_query(search))
        sql = _SELECT_CLAIMS
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY c.as_of IS NULL, c.as_of, c.doc, c.start"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        for row in self._db.execute(sql, params):
            claim = Claim.from_dict(dict(zip(CLAIM_FIELDS, row)))
            claim.approx, claim.projected = bool(claim.approx), bool(claim.projected)  # stored as 0/1
            yield claim.to_dict()

    def _fts_query(self, search: str) -> str:
        """The search as FTS5 syntax if it parses, else as plain quoted words."""
        try:
            self._db.execute("SELECT rowid FROM claims_fts WHERE claims_fts MATCH ? LIMIT 1",
                             (search,)).fetchall()
            return search
        except sqlite3.OperationalError:
            return " ".join('"' + word.replace('"', '""') + '"' for word in search.split())

    def failures(self) -> list[Failure]:
        rows = self._db.execute("SELECT input, reason FROM failures ORDER BY input, reason")
        return [Failure(row[0], row[1]) for row in rows]

    def counts(self) -> dict[str, int]:
        return {table: self._db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                for table in ("documents", "claims", "failures")}


def _split_sql(script: str) -> list[str]:
    """Statements of schema.sql; sqlite3.complete_statement keeps trigger
    bodies, whose inner semicolons do not end the statement, whole."""
    statements, current = [], ""
    for line in script.splitlines(keepends=True):
        if not current and (not line.strip() or line.lstrip().startswith("--")):
            continue
        current += line
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    return statements
