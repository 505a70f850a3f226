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
- Nothing lost or doubled: an id made from a file name that another input
  holds in the ledger takes its longer alias (readers.py); the same body read
  again under another id (a file and its URL, a wire story run twice) is
  stored as a copy of the first (`copy_of`, duplicates.py) without the claims
  it repeats, and speaks with its original's voice; a changed document keeps
  its earlier versions and their claims (`document_versions`,
  `superseded_claims`), which the reports never read.
- Every document's frame and event (events.py) are stored with it, and every
  claim's quantity key with its event (quantities.quantity_key).
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

from . import EXTRACTOR_VERSION, duplicates
from .events import Event, EventBook, assign_events, claim_event, frame_text, summarize
from .pipeline import extract_pieces
from .quantities import (
    DERIVED_COLUMNS, DERIVED_TYPES, KeyContext, derived_columns, fill_from_row,
)
from .record import CLAIM_FIELDS, Claim, Document, Failure, UnreadableText, check_date, scrub

# 3: derived columns for the reconcile reports; 4: their indexes; 5: the
# figures' interval bounds (lo, hi) as derived columns, in the (quantity, at)
# index; 6: the month a claim is compared in and whether it is a running total
# (month, running), and the index of the claims compared, by quantity and month;
# 7: the search index declared with content="claims", which Datasette and
# sqlite-utils recognise (see `_declare_search_again`); 8: events in the
# quantity key (documents' frame and event, the events table, claims' event
# and place), duplicates (body hash, sketch, copy_of) and history (version,
# document_versions, superseded_claims)
SCHEMA_VERSION = 8
EVENTS_SCHEMA = 8  # the first with events, duplicates and history
# Columns of documents added since the first schema, with their SQL types.
DOCUMENT_TYPES = {"body_hash": "TEXT", "sketch": "BLOB", "copy_of": "TEXT", "similarity": "REAL",
                  "version": "INTEGER NOT NULL DEFAULT 1", "frame": "TEXT", "event": "TEXT"}
BATCH_SIZE = 200
BUSY_TIMEOUT_SECONDS = 300.0

# Where each claim comes from, beside its spec fields in every export: its id in
# the ledger, and its document's URL, title and publication date.
PROVENANCE_FIELDS = ("doc_url", "doc_title", "doc_published")
FAILURE_COLUMNS = ("input", "reason", "at")


class LedgerError(Exception):
    """A ledger that cannot be opened as asked: missing (when reading), not a
    claimledger ledger, or not writable. `str()` is one line naming the file."""

    def __init__(self, path: str | Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path, self.reason = str(path), reason

def _quoted(name: str) -> str:
    return f'"{name}"'


# A claim's row: the spec's fields, then the columns derived from them.
_INSERTED = (*CLAIM_FIELDS, *DERIVED_COLUMNS)
_INSERT_CLAIM = (f"INSERT INTO claims ({', '.join(map(_quoted, _INSERTED))}) "
                 f"VALUES ({', '.join('?' * len(_INSERTED))})")
_UPSERT_DOCUMENT = """
INSERT INTO documents (id, url, title, published, author, site, meta, source, content_hash,
                       text, ingested_at, extractor_version, body_hash, sketch, copy_of,
                       similarity, version, frame, event)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT(id) DO UPDATE SET
    url = excluded.url, title = excluded.title, published = excluded.published,
    author = excluded.author, site = excluded.site, meta = excluded.meta,
    source = excluded.source, content_hash = excluded.content_hash, text = excluded.text,
    ingested_at = excluded.ingested_at, extractor_version = excluded.extractor_version,
    body_hash = excluded.body_hash, sketch = excluded.sketch, copy_of = excluded.copy_of,
    similarity = excluded.similarity, version = excluded.version, frame = excluded.frame,
    event = excluded.event
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
    copies: int = 0  # of the added and updated, those stored as copies of another document
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


def _spec_row(claim: Claim | dict[str, Any], doc_id: str) -> dict[str, Any]:
    row = claim.to_dict() if isinstance(claim, Claim) else dict(claim)
    row["doc"] = doc_id
    return {name: row.get(name) for name in CLAIM_FIELDS}


def _claim_row(row: dict[str, Any], published: str | None, context: KeyContext) -> tuple:
    """A claim's row: its spec fields, then the columns derived from it."""
    return (*(int(v) if isinstance(v, bool) else v for v in row.values()),
            *derived_columns(row, row["doc"], published, context))


def _signature(row: dict[str, Any]) -> tuple:
    """What a claim says, wherever it stands in its text: a copy's claim with
    its original's signature repeats it."""
    return tuple(row.get(name) for name in (
        "value", "low", "high", "total", "unit", "per", "measure", "group", "speaker",
        "disputed_by", "projected", "as_of"))


class _Keys:
    """The claims' key contexts of one document: its event, or the lasting
    event a claim's own sentence names (events.claim_event)."""

    def __init__(self, book: EventBook, frame: dict[str, Any], event: Event | None,
                 voice: str) -> None:
        self.book, self.frame, self.event, self.voice = book, frame, event, voice

    def context(self, row: dict[str, Any]) -> KeyContext:
        event = claim_event(row.get("sentence"), self.event, self.frame, self.book,
                            row.get("place"))
        if event is None:
            return KeyContext(voice=self.voice)
        return KeyContext(event=event.id, sides=event.sides, area=event.area, voice=self.voice)

class Ledger:
    """One SQLite ledger file; open it with `with Ledger(path) as ledger:`."""

    def __init__(self, path: str | Path = "claimledger.db", *, batch_size: int = BATCH_SIZE,
                 busy_timeout: float = BUSY_TIMEOUT_SECONDS, read_only: bool = False,
                 model: str | None = None) -> None:
        """Open (or, unless `read_only`, create) the ledger at `path`.

        Read-only, a missing file, a file that is not SQLite or a SQLite file
        without the ledger's tables raise `LedgerError`, and nothing is ever
        created or written. Otherwise the schema is created or upgraded, and a
        file that cannot be written raises `LedgerError` too.
        """
        self.path = Path(path)
        self.batch_size = batch_size
        self.read_only = read_only
        self.model = model  # the spaCy pipeline that reads claims (None: claimledger's own)
        if read_only and not self.path.exists():
            raise LedgerError(path, "no ledger here (create one with `claimledger ingest`)")
        if self.path.is_dir():
            raise LedgerError(path, "is a folder, not a ledger file")
        try:
            if read_only:
                self._db = sqlite3.connect(self.path.resolve().as_uri() + "?mode=ro", uri=True,
                                           timeout=busy_timeout, isolation_level=None)
            else:
                # isolation_level=None: transactions are begun and ended here, explicitly.
                self._db = sqlite3.connect(self.path, timeout=busy_timeout, isolation_level=None)
        except sqlite3.Error as error:
            raise LedgerError(path, f"cannot open: {error}") from None
        try:
            self._db.row_factory = sqlite3.Row
            self._db.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
            try:
                tables = self._tables()
            except sqlite3.OperationalError:
                if not read_only:
                    raise
                # A ledger in a folder that cannot be written (WAL needs its
                # -shm file): read it as a file that nobody changes.
                self._db.close()
                self._db = sqlite3.connect(self.path.resolve().as_uri() + "?mode=ro&immutable=1",
                                           uri=True, isolation_level=None)
                self._db.row_factory = sqlite3.Row
                tables = self._tables()
            if (read_only or tables) and not {"documents", "claims"} <= tables:
                raise LedgerError(path, "a SQLite file, but not a claimledger ledger "
                                        "(no documents and claims tables)")
            if read_only:
                return
            self._db.execute("PRAGMA journal_mode = WAL")
            # NORMAL is durable against a killed process (not against power loss)
            # and spares an fsync per commit.
            self._db.execute("PRAGMA synchronous = NORMAL")
            self._db.execute("PRAGMA foreign_keys = ON")
            self._create_schema()
        except sqlite3.DatabaseError as error:
            self._db.close()
            message = str(error)
            if "not a database" in message:
                raise LedgerError(path, "not a claimledger ledger (not a SQLite file)") from None
            if "readonly" in message or "unable to open" in message:
                raise LedgerError(path, f"cannot write the ledger here ({message})") from None
            raise LedgerError(path, message) from None
        except LedgerError:
            self._db.close()
            raise

    def _tables(self) -> set[str]:
        return {row[0] for row in self._db.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}

    @property
    def connection(self) -> sqlite3.Connection:
        """The SQLite connection, for the reconcile reports (`quantities`,
        `conflicts`, `fusion` take it)."""
        return self._db

    def _create_schema(self) -> None:
        if self._db.execute("PRAGMA user_version").fetchone()[0] >= SCHEMA_VERSION:
            return
        schema = files("claimledger").joinpath("data/schema.sql").read_text(encoding="utf-8")
        with self._transaction():  # two processes creating one ledger take turns
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            if version >= SCHEMA_VERSION:
                return
            existing = {row[1] for row in self._db.execute("PRAGMA table_info(claims)")}
            for name in CLAIM_FIELDS:  # spec fields added since (place)
                if existing and name not in existing:
                    self._db.execute(f'ALTER TABLE claims ADD COLUMN "{name}" TEXT')
            added = [name for name in DERIVED_COLUMNS if existing and name not in existing]
            for name in added:  # a ledger from before these derived columns: add them
                self._db.execute(f'ALTER TABLE claims ADD COLUMN "{name}" {DERIVED_TYPES[name]}')
            documents = {row[1] for row in self._db.execute("PRAGMA table_info(documents)")}
            for name, kind in DOCUMENT_TYPES.items():
                if documents and name not in documents:
                    self._db.execute(f'ALTER TABLE documents ADD COLUMN "{name}" {kind}')
            # Those SQL derives, for every row (before their indexes are made).
            fill_from_row(self._db, "claims", added)
            rebuild_search = self._declare_search_again()
            for statement in _split_sql(schema):
                self._db.execute(statement)
            if rebuild_search:
                self._db.execute("INSERT INTO claims_fts(claims_fts) VALUES ('rebuild')")
            if existing and version < EVENTS_SCHEMA:  # a ledger from before events: frame every document
                self._upgrade_documents()
                self._fill_derived(everything=True)
            else:
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

    def _upgrade_documents(self) -> None:
        """Body hash, sketch, frame and event of every document of an older
        ledger, in the order they were stored (as ingest would have found
        them); documents given an event already (by hand) keep it. Copies
        among them are not looked for: they keep their claims."""
        rows = self._db.execute(
            "SELECT id, text, title, published FROM documents "
            "WHERE frame IS NULL AND event IS NULL ORDER BY rowid").fetchall()
        for (doc_id, _, event, frame), row in zip(assign_events(self._db, rows), rows):
            hashes = duplicates.sketch(row[1])
            self._db.execute(
                "UPDATE documents SET body_hash = ?, sketch = ?, frame = ?, event = ? WHERE id = ?",
                (duplicates.body_hash(row[1]), duplicates.to_blob(hashes),
                 json.dumps(frame, ensure_ascii=False), event, doc_id))
            self._index_sketch(doc_id, hashes)

    def _index_sketch(self, doc_id: str, hashes: list[int]) -> None:
        self._db.execute("DELETE FROM document_sketch WHERE doc = ?", (doc_id,))
        self._db.executemany("INSERT INTO document_sketch (hash, doc) VALUES (?, ?)",
                             [(h, doc_id) for h in duplicates.lookup(hashes)])

    def _keys(self, doc_id: str, frame: dict[str, Any] | None = None,
              event_id: str | None = None, voice: str | None = None,
              book: EventBook | None = None) -> _Keys:
        """The key contexts of a stored document's claims."""
        book = book or EventBook(self._db)
        if frame is None:
            row = self._db.execute("SELECT frame, event, copy_of FROM documents WHERE id = ?",
                                   (doc_id,)).fetchone()
            frame = json.loads(row[0]) if row and row[0] else {}
            event_id, voice = (row[1], row[2]) if row else (None, None)
        return _Keys(book, frame, book.get(event_id), voice or doc_id)

    def _fill_derived(self, everything: bool = False) -> None:
        """Derive the columns of claims that lack them (older ledgers), or of
        every claim."""
        rows = self._db.execute(
            f"SELECT c.id, c.doc, d.published, "
            f"{', '.join('c.' + _quoted(name) for name in CLAIM_FIELDS)} "
            f"FROM claims AS c LEFT JOIN documents AS d ON d.id = c.doc "
            f"{'' if everything else 'WHERE c.quantity IS NULL'} ORDER BY c.doc").fetchall()
        book, keys, updates = EventBook(self._db), None, []
        for row in rows:
            if keys is None or keys_doc != row[1]:
                keys, keys_doc = self._keys(row[1], book=book), row[1]
            claim = dict(zip(CLAIM_FIELDS, row[3:]))
            updates.append((*derived_columns(claim, row[1], row[2], keys.context(claim)), row[0]))
        self._db.executemany(
            f"UPDATE claims SET {', '.join(_quoted(name) + ' = ?' for name in DERIVED_COLUMNS)} "
            f"WHERE id = ?", updates)

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
               on_failure: Callable[[Failure], None] | None = None,
               claims_of: Callable[[Document], list[Claim] | None] | None = None) -> IngestStats:
        """Store documents with their claims and record failures, a batch per
        transaction. `on_progress(n)` is told of each batch of n items written;
        `on_failure` of each failure as it is recorded; `claims_of(doc)`, if
        given, is asked for a document's claims before extracting them (the
        claims the Spark engine extracted: None to extract here)."""
        stats = IngestStats()
        batch: list[Document | Failure] = []
        for item in items:
            if isinstance(item, Document) and item.stream is not None:
                try:  # the ledger keeps the text: a document streamed by its reader is read whole
                    item.read()
                except (UnreadableText, OSError) as error:
                    item = Failure(item.source or item.id, str(error) if isinstance(error, UnreadableText)
                                   else error.strerror or str(error))
            batch.append(item)
            if len(batch) >= self.batch_size:
                self._ingest_batch(batch, stats, on_failure, claims_of)
                if on_progress:
                    on_progress(len(batch))
                batch = []
        if batch:
            self._ingest_batch(batch, stats, on_failure, claims_of)
            if on_progress:
                on_progress(len(batch))
        return stats

    def _stored(self, ids: list[str], *, with_source: bool = False) -> dict[str, tuple]:
        """(content hash, extractor version) of the stored documents among ids
        (and where each was read from, `with_source`)."""
        found: dict[str, tuple] = {}
        for start in range(0, len(ids), 500):  # under SQLite's bound-parameter limit
            chunk = ids[start:start + 500]
            rows = self._db.execute(
                f"SELECT id, content_hash, extractor_version, source FROM documents "
                f"WHERE id IN ({', '.join('?' * len(chunk))})", chunk)
            found.update((row[0], (row[1], row[2], row[3]) if with_source else (row[1], row[2]))
                         for row in rows)
        return found

    def _resolve_ids(self, batch: list[Document | Failure]) -> list[Document | Failure]:
        """Documents whose id was made from a file name take the first of their
        id and aliases that no other input holds in the ledger (the one stored
        from the same input, else a free one); when none is left, a Failure
        naming both inputs (readers.py does the same within one run)."""
        named = [d for d in batch if isinstance(d, Document) and d.aliases and d.source]
        if not named:
            return batch
        stored = self._stored([i for d in named for i in (d.id, *d.aliases)], with_source=True)
        resolved: list[Document | Failure] = []
        for item in batch:
            if not (isinstance(item, Document) and item.aliases and item.source):
                resolved.append(item)
                continue
            candidates = [item.id, *item.aliases]
            same = [c for c in candidates if c in stored and stored[c][2] in (None, item.source)]
            free = [c for c in candidates if c not in stored]
            chosen = (same or free or [None])[0]
            if chosen is None:
                resolved.append(Failure(item.source, (
                    f"document id {item.id!r} is also that of {stored[item.id][2]} in the ledger, "
                    f"and so are its longer forms: rename one, or give it an id in NAME.meta.json")))
                continue
            item.id = chosen
            resolved.append(item)
        return resolved

    def _ingest_batch(self, batch: list[Document | Failure], stats: IngestStats,
                      on_failure: Callable[[Failure], None] | None,
                      claims_of: Callable[[Document], list[Claim] | None] | None = None) -> None:
        batch = self._resolve_ids(batch)
        failures = [item for item in batch if isinstance(item, Failure)]
        documents: dict[str, Document] = {}
        for item in batch:
            if isinstance(item, Document):
                documents.pop(item.id, None)  # the later of two with one id wins
                documents[item.id] = item
        hashes = {doc_id: content_hash(doc) for doc_id, doc in documents.items()}
        stored = self._stored(list(documents))

        # Extract and frame before taking the write lock: they are the slow part.
        extracted: dict[str, list[dict[str, Any]]] = {}
        frames: dict[str, dict[str, Any]] = {}
        for doc_id, doc in documents.items():
            if stored.get(doc_id) == (hashes[doc_id], EXTRACTOR_VERSION):
                continue
            claims = claims_of(doc) if claims_of else None  # the Spark engine's, as extracted
            if claims is None:
                claims = _claims_or_failure(doc, self.model)  # a Failure, never an exception
            if isinstance(claims, Failure):
                failures.append(claims)
                continue
            try:
                frames[doc_id] = summarize(frame_text(doc.title, doc.text), doc.published)
            except Exception as error:  # one bad document must not stop the run
                failures.append(Failure(doc.source or doc_id,
                                        f"extractor error: {type(error).__name__}: {error}"))
                continue
            extracted[doc_id] = [_spec_row(claim, doc_id) for claim in claims]

        now = _now()
        with self._transaction():
            current = self._stored(list(extracted))  # another writer may have been here
            written: list[list[tuple]] = []
            book = EventBook(self._db)
            batch_signatures: dict[str, set[tuple]] = {}  # of documents not yet written
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
                version = 1
                if doc_id in current:
                    if current[doc_id][0] != hashes[doc_id]:  # changed: keep what it was
                        version = self._supersede(doc_id, now)
                    else:  # the same text, read by an older extractor
                        version = self._db.execute("SELECT version FROM documents WHERE id = ?",
                                                   (doc_id,)).fetchone()[0] or 1
                    self._db.execute("DELETE FROM claims WHERE doc = ?", (doc_id,))
                    stats.updated += 1
                else:
                    stats.added += 1
                body = duplicates.body_hash(doc.text)
                hashes_of_body = duplicates.sketch(doc.text)
                original, similarity = self._original_of(doc_id, body, hashes_of_body)
                frame = frames[doc_id]
                event = book.assign(frame, doc.published)
                extra = dict(doc.extra)
                author, site = extra.pop("author", None), extra.pop("site", None)
                self._db.execute(_UPSERT_DOCUMENT, (
                    doc_id, doc.url, doc.title, doc.published,
                    None if author is None else str(author), None if site is None else str(site),
                    scrub(json.dumps(extra, ensure_ascii=False, default=str)) if extra else None,
                    doc.source, hashes[doc_id], doc.text, now, EXTRACTOR_VERSION,
                    body, duplicates.to_blob(hashes_of_body), original, similarity, version,
                    json.dumps(frame, ensure_ascii=False), event.id if event else None))
                self._index_sketch(doc_id, hashes_of_body)
                claims = extracted[doc_id]
                if original is not None:  # a copy: only what it says that its original does not
                    stats.copies += 1
                    repeated = (self._signatures(original) | batch_signatures.get(original, set())
                                if similarity < 1 else None)
                    claims = [] if repeated is None else [
                        c for c in claims if _signature(c) not in repeated]
                keys = _Keys(book, frame, event, original or doc_id)
                rows = [_claim_row(c, doc.published, keys.context(c)) for c in claims]
                batch_signatures[doc_id] = {_signature(c) for c in claims}
                written.append(rows)
                stats.claims += len(rows)
                if doc.source:  # read fine now: an earlier failure of it is over
                    self._db.execute("DELETE FROM failures WHERE input = ?", (doc.source,))
            self._insert_claims(written)
        stats.failures += len(failures)
        if on_failure:
            for failure in failures:
                on_failure(failure)

    def _original_of(self, doc_id: str, body: str,
                     hashes: list[int]) -> tuple[str | None, float | None]:
        """The stored document (not itself a copy) whose body this one's is,
        exactly (similarity 1) or nearly (the estimated Jaccard similarity of
        their shingles at duplicates.NEAR_DUPLICATE or more), else (None, None)."""
        row = self._db.execute(
            "SELECT id FROM documents WHERE body_hash = ? AND id <> ? AND copy_of IS NULL "
            "ORDER BY rowid LIMIT 1", (body, doc_id)).fetchone()
        if row is not None:
            return row[0], 1.0
        lookup = duplicates.lookup(hashes)
        if not lookup:
            return None, None
        candidates = self._db.execute(
            f"SELECT d.id, d.sketch FROM (SELECT doc, count(*) AS shared FROM document_sketch "
            f"WHERE hash IN ({', '.join('?' * len(lookup))}) AND doc <> ? GROUP BY doc) AS s "
            f"JOIN documents AS d ON d.id = s.doc WHERE d.copy_of IS NULL "
            f"ORDER BY s.shared DESC, d.rowid LIMIT 8", (*lookup, doc_id)).fetchall()
        alike = [(duplicates.is_copy(hashes, duplicates.from_blob(blob)), -i, other)
                 for i, (other, blob) in enumerate(candidates)]
        best = max(((score, i, other) for score, i, other in alike if score is not None),
                   default=None)
        if best is None:
            return None, None
        return best[2], round(best[0], 3)

    def _signatures(self, doc_id: str) -> set[tuple]:
        rows = self._db.execute(
            f"SELECT {', '.join(_quoted(n) for n in CLAIM_FIELDS)} FROM claims WHERE doc = ?",
            (doc_id,))
        return {_signature(dict(zip(CLAIM_FIELDS, row))) for row in rows}

    def _supersede(self, doc_id: str, now: str) -> int:
        """Keep the stored version of a document and its claims, marked
        superseded now; the number of the version that replaces it."""
        version = self._db.execute("SELECT version FROM documents WHERE id = ?",
                                   (doc_id,)).fetchone()[0] or 1
        self._db.execute(
            "INSERT INTO document_versions (doc, version, url, title, published, source, "
            "content_hash, text, ingested_at, superseded_at, extractor_version) "
            "SELECT id, ?, url, title, published, source, content_hash, text, ingested_at, ?, "
            "extractor_version FROM documents WHERE id = ?", (version, now, doc_id))
        fields = ", ".join(_quoted(n) for n in CLAIM_FIELDS)
        self._db.execute(
            f"INSERT INTO superseded_claims (claim, version, superseded_at, quantity, {fields}) "
            f"SELECT id, ?, ?, quantity, {fields} FROM claims WHERE doc = ?", (version, now, doc_id))
        return version + 1

    def _insert_claims(self, claim_rows: list[list[tuple]]) -> None:
        """Insert claims and index their sentences in one statement. Called
        after the transaction's deletes: new rows then get ids above the
        largest id left, which is how they are told apart for indexing."""
        last_claim = self._db.execute("SELECT coalesce(max(id), 0) FROM claims").fetchone()[0]
        for rows in claim_rows:
            self._db.executemany(_INSERT_CLAIM, rows)
        self._db.execute("INSERT INTO claims_fts (rowid, sentence) "
                         "SELECT id, sentence FROM claims WHERE id > ?", (last_claim,))

    def to_reextract(self, *, everything: bool = False) -> int:
        """How many documents `reextract` would extract again."""
        if everything:
            return self._db.execute("SELECT count(*) FROM documents").fetchone()[0]
        return self._db.execute("SELECT count(*) FROM documents WHERE extractor_version != ?",
                                (EXTRACTOR_VERSION,)).fetchone()[0]

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
                f"SELECT id, text, published, content_hash, copy_of, similarity FROM documents "
                f"WHERE {condition} AND id > ? ORDER BY id LIMIT ?",
                (*params, after, self.batch_size)).fetchall()
            if not rows:
                return stats
            after = rows[-1]["id"]
            extracted: dict[str, tuple[str, list[tuple]]] = {}
            for row in rows:
                claims = _claims_or_failure(Document(row["id"], row["text"], row["published"]), self.model)
                if isinstance(claims, Failure):
                    stats.failures.append(claims)
                    continue
                keys = self._keys(row["id"])
                specs = [_spec_row(c, row["id"]) for c in claims]
                if row["copy_of"] is not None:  # a copy: only what its original does not say
                    repeated = self._signatures(row["copy_of"]) if row["similarity"] < 1 else None
                    specs = [] if repeated is None else [
                        c for c in specs if _signature(c) not in repeated]
                extracted[row["id"]] = (row["content_hash"], [
                    _claim_row(spec, row["published"], keys.context(spec)) for spec in specs])
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
               limit: int | None = None, include_superseded: bool = False,
               with_keys: bool = False, id: int | None = None,
               provenance: bool = False) -> Iterator[dict[str, Any]]:
        """Stored claims as spec dicts, filtered, in time order (undated last).

        id: one claim, by its id (as conflicts cite it: #6).
        provenance: each dict also carries the claim's `id` in the ledger
            (first) and its document's `doc_url`, `doc_title` and
            `doc_published` (last).
        speaker: part of the speaker's name, any case ("Zelensky").
        measure, doc: exact. group: exact, any case.
        since, until: dates at any precision (2024, 2024-02, 2024-02-26),
            compared with `as_of` at the coarser of the two precisions, so a
            claim "as of 2024" is within --since 2024-02; undated claims are out.
        search: full-text query over sentences (FTS5 syntax: plain words, OR,
            "a phrase"); a query FTS5 cannot read is a ValueError saying why.
        include_superseded: also the claims of earlier versions of documents
            (not searched: the full-text index holds current claims).
        with_keys: each record also has `quantity` (its quantity key) and
            `superseded` (true for a claim of an earlier version).
        """
        since, until = check_date(since, "since"), check_date(until, "until")
        where: list[str] = []
        params: list[Any] = []
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
        columns = ", ".join(f'c."{name}"' for name in CLAIM_FIELDS) + ", c.quantity"
        current = f"SELECT {columns}, 0 AS superseded, c.id AS claim_id FROM claims AS c"
        current_where = list(where)
        current_params = list(params)
        if id is not None:
            current_where.append("c.id = ?")
            current_params.append(id)
        if search:
            current_where.append("c.id IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH ?)")
            current_params.append(self._fts_query(search))
        if current_where:
            current += " WHERE " + " AND ".join(current_where)
        sql, all_params = current, current_params
        if include_superseded and not search and id is None:
            earlier = f"SELECT {columns}, 1 AS superseded, c.claim AS claim_id FROM superseded_claims AS c"
            if where:
                earlier += " WHERE " + " AND ".join(where)
            sql = f"{current} UNION ALL {earlier}"
            all_params = current_params + params
        sql = (f"SELECT c.*, d.url, d.title, d.published FROM ({sql}) AS c "
               f"LEFT JOIN documents AS d ON d.id = c.doc "
               f"ORDER BY c.as_of IS NULL, c.as_of, c.doc, c.superseded DESC, c.start")
        if limit is not None:
            sql += " LIMIT ?"
            all_params.append(limit)
        for row in self._db.execute(sql, all_params):
            claim = Claim.from_dict(dict(zip(CLAIM_FIELDS, row)))
            claim.approx, claim.projected = bool(claim.approx), bool(claim.projected)  # stored as 0/1
            record = claim.to_dict()
            if with_keys:
                record["quantity"] = row[len(CLAIM_FIELDS)]
                record["superseded"] = bool(row[len(CLAIM_FIELDS) + 1])
            if provenance:
                record = {"id": row[len(CLAIM_FIELDS) + 2], **record,
                          **dict(zip(PROVENANCE_FIELDS, tuple(row)[len(CLAIM_FIELDS) + 3:]))}
            yield record

    def documents(self, doc: str | None = None) -> list[dict[str, Any]]:
        """Stored documents (one, with `doc`): id, version, where read from,
        title, date, URL, event, the document it is a copy of, and when stored."""
        rows = self._db.execute(
            "SELECT d.id, d.version, d.source, d.title, d.published, d.url, d.event, e.label, "
            "d.copy_of, d.similarity, d.ingested_at, "
            "(SELECT count(*) FROM claims AS c WHERE c.doc = d.id) "
            "FROM documents AS d LEFT JOIN events AS e ON e.id = d.event "
            + ("WHERE d.id = ? " if doc is not None else "") + "ORDER BY d.id",
            (doc,) if doc is not None else ()).fetchall()
        names = ("id", "version", "source", "title", "published", "url", "event", "event_label",
                 "copy_of", "similarity", "ingested_at", "claims")
        return [dict(zip(names, row)) for row in rows]

    def history(self, doc: str) -> list[dict[str, Any]]:
        """Every version of a document, oldest first: its number, when it was
        stored and superseded, title, date, text and claims (spec dicts)."""
        fields = ", ".join(f'"{name}"' for name in CLAIM_FIELDS)
        versions = []
        for row in self._db.execute(
                "SELECT version, ingested_at, superseded_at, title, published, text, source "
                "FROM document_versions WHERE doc = ? ORDER BY version", (doc,)).fetchall():
            claims = self._db.execute(
                f"SELECT {fields} FROM superseded_claims WHERE doc = ? AND version = ? "
                f"ORDER BY start", (doc, row[0])).fetchall()
            versions.append({"version": row[0], "ingested_at": row[1], "superseded_at": row[2],
                             "title": row[3], "published": row[4], "text": row[5],
                             "source": row[6], "claims": [_record(c) for c in claims]})
        current = self._db.execute(
            "SELECT version, ingested_at, title, published, text, source FROM documents "
            "WHERE id = ?", (doc,)).fetchone()
        if current is not None:
            claims = self._db.execute(f"SELECT {fields} FROM claims WHERE doc = ? ORDER BY start",
                                      (doc,)).fetchall()
            versions.append({"version": current[0], "ingested_at": current[1],
                             "superseded_at": None, "title": current[2], "published": current[3],
                             "text": current[4], "source": current[5],
                             "claims": [_record(c) for c in claims]})
        return versions

    def _fts_query(self, search: str) -> str:
        """The search if FTS5 reads it; else a ValueError saying why, never a
        silent rewrite (plain words are valid FTS5: `prisoners OR captured`)."""
        if not search.strip():
            raise ValueError("an empty query")
        try:
            self._db.execute("SELECT rowid FROM claims_fts WHERE claims_fts MATCH ? LIMIT 1",
                             (search,)).fetchall()
        except sqlite3.OperationalError as error:
            raise ValueError(f"{search!r} is not a full-text query ({error}); "
                             f"put words in double quotes to find them as written") from None
        return search

    def failure_records(self) -> Iterator[dict[str, Any]]:
        """The recorded failures: input, reason and when (UTC), by input."""
        for row in self._db.execute("SELECT input, reason, at FROM failures ORDER BY input, reason"):
            yield dict(zip(FAILURE_COLUMNS, row))

    def failures(self) -> list[Failure]:
        rows = self._db.execute("SELECT input, reason FROM failures ORDER BY input, reason")
        return [Failure(row[0], row[1]) for row in rows]

    def counts(self) -> dict[str, int]:
        return {table: self._db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                for table in ("documents", "claims", "failures")}


def _record(row: Any) -> dict[str, Any]:
    claim = Claim.from_dict(dict(zip(CLAIM_FIELDS, row)))
    claim.approx, claim.projected = bool(claim.approx), bool(claim.projected)
    return claim.to_dict()


def history_changes(older: dict[str, Any], newer: dict[str, Any]) -> dict[str, Any]:
    """What changed from one version of a document to the next: the text
    (a unified diff), and the claims (by figure and what it counts: those
    gone, those new)."""
    import difflib

    def said(claim: dict[str, Any]) -> tuple:
        return (claim["text"], claim["measure"], claim["group"], claim["speaker"], claim["as_of"])

    before, after = {said(c) for c in older["claims"]}, {said(c) for c in newer["claims"]}
    diff = list(difflib.unified_diff(
        (older["text"] or "").splitlines(), (newer["text"] or "").splitlines(),
        f"version {older['version']}", f"version {newer['version']}", lineterm="", n=0))
    return {"from": older["version"], "to": newer["version"], "at": older["superseded_at"],
            "text_diff": diff,
            "claims_gone": [c for c in older["claims"] if said(c) not in after],
            "claims_new": [c for c in newer["claims"] if said(c) not in before]}


def _claims_or_failure(doc: Document, model: str | None = None) -> list[Claim] | Failure:
    """Every claim of a document (read in pieces when long), or its Failure."""
    claims = []
    for claim in extract_pieces(doc, model=model):
        if isinstance(claim, Failure):
            return claim
        claims.append(claim)
    return claims


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
