"""Quantities: the ledger's claims grouped by what they count.

A quantity is one measure of one group, in one unit, at one rate ("killed,
Ukraine, people", "casualties, United States, people, per day"). Its ID is a
readable slug built from those fields, so it is stable across runs and ledgers:
`killed/Ukraine/people`, `casualties/United-States/people/per-day`.

How the subject enters. For counts of people (killed, wounded, casualties,
missing, captured, displaced, strength) the measure and group already say what
is counted, so the subject's wording is dropped: "Ukrainian soldiers killed",
"Ukrainian troops who died" and "Ukrainian men killed" are one quantity. The
one distinction kept is civilians (and children among them), which are
reported as quantities of their own: `killed/Ukraine/people/civilians`. For
the other measures (count, share, cost, aid) the subject's head noun says what
is counted ("protesters", "votes", "budget"), so it is part of the ID.

Everything here reads the ledger only. The ledger stores, with each claim,
columns derived from it (quantity ID, source, the time it holds for, whether
it is a period total: `derived_columns`) and indexes them, so the reports are
SQL over indexes rather than Python loops over pairs. For claims inserted
without them, `prepare` derives them into a TEMP copy of `claims`.
"""
from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from collections.abc import Iterable
from typing import Any

from .writers import format_figure

PEOPLE_MEASURES = frozenset(
    {"killed", "wounded", "casualties", "missing", "captured", "displaced", "strength"})
# Counts that only grow: the dead "since the start of the war" cannot fall.
CUMULATIVE_MEASURES = frozenset({"killed", "wounded", "casualties", "captured"})
# Stands for "no upper bound" ("at least 40,000") in SQL comparisons.
UNBOUNDED = 1e300

_CIVILIAN_WORDS = {
    "civilian", "civilians", "resident", "residents", "inhabitants", "noncombatants",
    "non-combatants", "bystanders", "passersby",
}
_CHILD_WORDS = {"child", "children", "kids", "minors", "infants", "babies", "boys", "girls"}
_HEAD_SYNONYMS = {
    "protester": "protester", "demonstrator": "protester", "marcher": "protester",
    "vote": "vote", "ballot": "vote",
}

# A figure for a bounded period or one event ("within the last month", "in a
# strike yesterday") is not the running total of its quantity; such claims are
# kept out of the cumulative checks and of fused estimates.
_PERIOD_TOTAL = re.compile(
    r"\b(within|in|over|during) the (last|past|previous|first|second|same) "
    r"|\byesterday\b|\bovernight\b|\blast (night|week|weekend)\b|\bthis (week|weekend)\b"
    r"|\bon (monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
    r"|\bin (a|an|the|one) (single )?(strike|attack|bombing|raid|shelling|blast|explosion|assault)",
    re.IGNORECASE)


def is_period_total(sentence: str | None) -> bool:
    """Whether a sentence gives a figure for a bounded period or one event."""
    return bool(sentence) and _PERIOD_TOTAL.search(sentence) is not None


def _slug(part: str) -> str:
    # Kept to plain replacements so that the SQL in `_QUANTITY_ID_SQL` matches.
    return part.strip(" ").replace(" ", "-").replace("/", "-")


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


@lru_cache(maxsize=65536)
def subject_key(measure: str | None, subject: str | None) -> str:
    """The part of the subject that changes what is counted ("" if none)."""
    words = re.findall(r"[a-z][a-z-]*", (subject or "").lower())
    if measure in PEOPLE_MEASURES:
        if any(w in _CHILD_WORDS for w in words):
            return "children"
        if any(w in _CIVILIAN_WORDS for w in words):
            return "civilians"
        return ""
    if measure == "aid" or not words:
        return ""  # "military aid", "assistance", "package": all the same aid
    head = _singular(words[-1])
    return _HEAD_SYNONYMS.get(head, head)


def quantity_id(measure: str | None, group: str | None, unit: str | None, per: str | None,
                subject: str | None = None) -> str:
    """The stable, readable ID of the quantity a claim is about."""
    parts = [measure or "count", _slug(group) if group is not None else "-",
             _slug(unit) if unit is not None else "-"]
    if per:
        parts.append(f"per-{per}")
    return "/".join(parts) + subject_suffix(measure, subject)


@lru_cache(maxsize=65536)
def subject_suffix(measure: str | None, subject: str | None) -> str:
    """"/civilians", "/protester" or "": the subject's part of a quantity ID."""
    key = subject_key(measure, subject) if subject else ""
    return "/" + _slug(key) if key else ""


# The same ID in SQL, so that grouping runs inside SQLite; only the subject
# needs Python, and only for claims that have one.
_QUANTITY_ID_SQL = """
COALESCE(c.measure, 'count') || '/'
|| COALESCE(replace(replace(trim(c."group", ' '), ' ', '-'), '/', '-'), '-') || '/'
|| COALESCE(replace(replace(trim(c.unit, ' '), ' ', '-'), '/', '-'), '-')
|| CASE WHEN c.per IS NULL OR c.per = '' THEN '' ELSE '/per-' || c.per END
|| CASE WHEN c.subject IS NULL THEN '' ELSE subject_suffix(c.measure, c.subject) END
"""


def describe_quantity(qid: str) -> str:
    """A quantity ID in words: "killed/Ukraine/people/per-day" -> "Ukraine killed per day"."""
    measure, group, unit, *rest = qid.split("/")
    words = [] if group == "-" else [group.replace("-", " ")]
    words.append(measure)
    if unit not in ("people", "-"):
        words.append(f"({unit})")
    for part in rest:
        words.append(part.replace("-", " "))
    return " ".join(words)


def open_ledger(path: str | Path) -> sqlite3.Connection:
    """A read-only connection to a ledger file (an error if there is none)."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no ledger at {path}")
    conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    return conn


def source_key(speaker: str | None, doc: str) -> str:
    """The key one voice's claims share: the speaker, or the document in its
    own voice, lower case ("document:<doc>")."""
    return (speaker if speaker is not None else f"document:{doc}").lower()


# The claims columns derived by the ledger on insert (see schema.sql), with
# their SQL types; the reports read them, and their indexes, instead of
# recomputing per claim.
DERIVED_TYPES = {"quantity": "TEXT", "source": "TEXT", "at": "TEXT", "period_total": "INTEGER",
                 "lo": "REAL", "hi": "REAL", "month": "TEXT", "running": "INTEGER"}
DERIVED_COLUMNS = tuple(DERIVED_TYPES)


def derived_columns(claim: dict[str, Any], doc: str, published: str | None) -> tuple:
    """The derived columns' values for a claim (a spec dict) of a document:
    quantity ID, source key, the time it holds for (its as_of, else the
    publication date, as CLAIMS.md does for present-tense figures), whether
    its sentence gives a period or event total (0/1), its figure as an
    interval (`bounds`), the month it is compared in (`conflict_month`) and
    whether it is a running total (0/1, `is_running_total`)."""
    at = claim.get("as_of") or published
    period_total = int(is_period_total(claim.get("sentence")))
    lo, hi = bounds(claim.get("value"), claim.get("low"), claim.get("high"))
    month = conflict_month(at, lo, claim.get("projected"), period_total,
                           is_proportion(claim.get("value"), claim.get("total")))
    return (quantity_id(claim.get("measure"), claim.get("group"), claim.get("unit"),
                        claim.get("per"), claim.get("subject")),
            source_key(claim.get("speaker"), doc), at, period_total, lo, hi, month,
            int(is_running_total(claim.get("measure"), claim.get("per"), month)))


def bounds(value: float | None, low: float | None, high: float | None) -> tuple:
    """A figure as an interval (lo, hi): "at least 40,000" is (40000, UNBOUNDED),
    "up to 1,900" is (0, 1900); (None, None) without a figure. As `ROW_SQL`."""
    lo = low if low is not None else (0.0 if high is not None else value)
    hi = high if high is not None else (UNBOUNDED if low is not None else value)
    return lo, hi


def conflict_month(at: str | None, lo: float | None, projected: Any, period_total: Any,
                   proportion: bool = False) -> str | None:
    """The month (YYYY-MM) in which a claim is compared with others for
    contradictions and falls; the year (YYYY) for one dated only by a year.
    None for a claim that takes no part: a projection or a period total
    (neither speaks to the running figure), a proportion ("half of our
    members" is 1 of 2, not one person), or one without a figure or without
    a time at either precision. As `ROW_SQL`."""
    if projected or period_total or proportion or lo is None or at is None:
        return None
    if len(at) == 4:
        return at
    return at[:7] if len(at) >= 7 else None


def is_proportion(value: float | None, total: float | None) -> bool:
    """'Half', 'one in three', 'two-thirds': a part of a small whole, a share
    rather than a count. ("60 of its 400" is a count of 60.) As `ROW_SQL`."""
    return total is not None and value is not None and total <= PROPORTION_WHOLE and value < total


PROPORTION_WHOLE = 10  # "nine out of ten" is the largest whole a proportion is written with


def is_running_total(measure: str | None, per: str | None, month: str | None) -> bool:
    """Whether a claim is a running total whose falls are checked: killed,
    wounded, casualties or captured, not a rate, compared in a month (not
    only a year). As `ROW_SQL`."""
    return (month is not None and len(month) == 7 and measure in CUMULATIVE_MEASURES
            and per is None)


# The derived columns that SQL computes from a row's other columns, each
# from those before it (over the row's own columns, unqualified): the ledger
# fills them so when it upgrades an older ledger, and `prepare` on the fly.
ROW_SQL = {
    "lo": "COALESCE(low, CASE WHEN high IS NOT NULL THEN 0.0 ELSE value END)",
    "hi": f"COALESCE(high, CASE WHEN low IS NOT NULL THEN {UNBOUNDED!r} ELSE value END)",
    "month": ('CASE WHEN NOT projected AND NOT period_total AND lo IS NOT NULL '
              f'AND NOT (total IS NOT NULL AND value IS NOT NULL AND total <= {PROPORTION_WHOLE} AND value < total) THEN '
              'CASE WHEN length("at") = 4 THEN "at" '
              'WHEN length("at") >= 7 THEN substr("at", 1, 7) END END'),
    "running": ("CASE WHEN length(month) = 7 AND measure IN ("
                + ", ".join(f"'{m}'" for m in sorted(CUMULATIVE_MEASURES))
                + ") AND per IS NULL THEN 1 ELSE 0 END"),
}


# The other derived columns in SQL (with Python functions), for claims
# inserted by hand without them: see `prepare`.
_DERIVE_SQL = {
    "quantity": _QUANTITY_ID_SQL,
    "source": "source_key(c.speaker, c.doc)",
    "at": "COALESCE(c.as_of, d.published)",
    "period_total": "is_period_total(c.sentence)",
}


def _quote(name: str) -> str:
    return f'"{name}"'


def fill_from_row(conn: sqlite3.Connection, table: str, names: Iterable[str]) -> None:
    """Fill these derived columns of every row of `table` by `ROW_SQL`, in its
    order, so that each reads the columns filled before it."""
    names = set(names)
    for name, sql in ROW_SQL.items():
        if name in names:
            conn.execute(f"UPDATE {table} SET {_quote(name)} = {sql}")


def _schema_indexes() -> list[str]:
    """The CREATE INDEX statements for `claims` in schema.sql."""
    schema = files("claimledger").joinpath("data/schema.sql").read_text(encoding="utf-8")
    return re.findall(r"CREATE INDEX IF NOT EXISTS claims_\w+ ON claims\([^;]*;", schema)


def prepare(conn: sqlite3.Connection) -> None:
    """Make `keyed`, the claims with their derived columns, once per connection.

    A ledger written by claimledger has them: `keyed` is then a TEMP view of
    `claims`, which SQLite flattens into the reports' queries, so they use the
    ledger's indexes. When some are missing (claims inserted by hand, or a
    ledger from before they existed, until a `Ledger` opens it), `keyed` is a
    TEMP copy of `claims` with them derived and the same indexes (TEMP tables
    work on a read-only connection)."""
    # Lower case as `source` is (SQLite's lower() folds ASCII only).
    conn.create_function("lower_key", 1, lambda text: None if text is None else text.lower(),
                         deterministic=True)
    if conn.execute("SELECT 1 FROM temp.sqlite_master WHERE name = 'keyed'").fetchone():
        return
    columns = [(row[1], row[2]) for row in conn.execute("PRAGMA main.table_info(claims)")]
    names = [name for name, _ in columns]
    keyed_by_ledger = "quantity" in names and conn.execute(
        "SELECT 1 FROM main.claims WHERE quantity IS NULL LIMIT 1").fetchone() is None
    if keyed_by_ledger and all(name in names for name in DERIVED_COLUMNS):
        conn.execute("CREATE TEMP VIEW keyed AS SELECT * FROM main.claims")
        return
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.create_function("subject_suffix", 2, subject_suffix, deterministic=True)
    conn.create_function("source_key", 2, source_key, deterministic=True)
    conn.create_function("is_period_total", 1, lambda s: int(is_period_total(s)),
                         deterministic=True)
    spec = [(name, kind) for name, kind in columns if name not in DERIVED_COLUMNS]
    definitions = [f'"{name}" {kind}' + (" PRIMARY KEY" if name == "id" else "")
                   for name, kind in spec] + [f'"{name}"' for name in DERIVED_COLUMNS]
    conn.execute(f"CREATE TEMP TABLE keyed ({', '.join(definitions)})")
    # The keys an older ledger wrote for every claim are copied, the others
    # derived; claims inserted by hand have all of theirs derived.
    copied = [name for name, _ in spec] + [
        name for name in DERIVED_COLUMNS if keyed_by_ledger and name in names]
    derived = {name: sql for name, sql in _DERIVE_SQL.items() if name not in copied}
    selected = [f'c."{name}"' for name in copied] + list(derived.values())
    conn.execute(
        f"INSERT INTO temp.keyed ({', '.join(map(_quote, [*copied, *derived]))}) "
        f"SELECT {', '.join(selected)} "
        f"FROM main.claims AS c LEFT JOIN main.documents AS d ON d.id = c.doc")
    fill_from_row(conn, "temp.keyed", [name for name in ROW_SQL if name not in copied])
    for statement in _schema_indexes():
        conn.execute(statement.replace("IF NOT EXISTS claims_", "IF NOT EXISTS temp.keyed_")
                     .replace(" ON claims(", " ON keyed("))


@dataclass(slots=True)
class ClaimRef:
    """A claim as the reports cite it: enough to find it in the document."""

    id: int
    doc: str
    start: int
    end: int
    speaker: str | None
    value: float | None
    low: float | None = None
    high: float | None = None
    approx: bool = False
    as_of: str | None = None
    text: str = ""
    via: str | None = None
    disputed_by: str | None = None
    projected: bool = False
    url: str | None = None
    published: str | None = None

    def __post_init__(self) -> None:
        self.approx, self.projected = bool(self.approx), bool(self.projected)

    def figure(self) -> str:
        return format_figure(self.value, self.low, self.high, self.approx)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# ClaimRef's fields in order, then what timelines and fusion also need.
_REF_COLUMNS = """c.id, c.doc, c.start, c."end", c.speaker, c.value, c.low, c.high,
    c.approx = 1, c.as_of, c.text, c.via, c.disputed_by, c.projected = 1, d.url, d.published"""
_REF_WIDTH = 16
_CLAIM_DETAILS = f"""SELECT {_REF_COLUMNS}, c.cue, c.sentence, c.measure, c."group", c.unit,
    c.per, c.subject, c.speaker_kind, d.title
FROM claims AS c LEFT JOIN documents AS d ON d.id = c.doc"""


def claim_details(conn: sqlite3.Connection, where: str = "", params: Any = ()) -> list[tuple]:
    """(ClaimRef, row) for claims matching a WHERE clause over `claims AS c`."""
    rows = conn.execute(f"{_CLAIM_DETAILS} {where}", params).fetchall()
    return [(ClaimRef(*tuple(row)[:_REF_WIDTH]), row) for row in rows]


# The claims' own columns of a ClaimRef; the document's (url, published) are
# read once per document, not once per claim.
_REF_CLAIM_COLUMNS = """c.id, c.doc, c.start, c."end", c.speaker, c.value, c.low, c.high,
    c.approx = 1, c.as_of, c.text, c.via, c.disputed_by, c.projected = 1"""


_REF_CLAIM_WIDTH = _REF_WIDTH - 2
_NO_DOCUMENT = (None, None)  # the (url, published) of a claim whose document is gone


def _fetch_refs(conn: sqlite3.Connection, claim_ids: Iterable[int],
                extra: str = "") -> tuple[list[tuple], dict[str, tuple]]:
    """Rows of the ClaimRef claim columns (then `extra`) for the given claim
    IDs, and their documents' (url, published) by document ID."""
    cursor = conn.cursor()
    cursor.row_factory = None  # plain tuples: this can be many rows
    # One statement for any number of IDs: the list goes in as one JSON array
    # (in order and without repeats, so joined as it is, with no IN-list to build).
    rows = cursor.execute(
        f"SELECT {_REF_CLAIM_COLUMNS}{extra} FROM json_each(?) AS j "
        f"CROSS JOIN claims AS c ON c.id = j.value",
        (json.dumps(sorted(set(claim_ids))),)).fetchall()
    documents = {row[0]: row[1:] for row in cursor.execute(
        "SELECT id, url, published FROM documents WHERE id IN (SELECT value FROM json_each(?))",
        (json.dumps(sorted({row[1] for row in rows})),))}
    return rows, documents


def refs_with_sentences(conn: sqlite3.Connection,
                        claim_ids: Iterable[int]) -> dict[int, tuple[ClaimRef, str]]:
    """(ClaimRef, sentence) for the given claim IDs, by ID."""
    rows, documents = _fetch_refs(conn, claim_ids, ", c.sentence")
    return {row[0]: (ClaimRef(*row[:_REF_CLAIM_WIDTH], *documents.get(row[1], _NO_DOCUMENT)),
                     row[_REF_CLAIM_WIDTH]) for row in rows}


def ref_of(conn: sqlite3.Connection, claim_ids: Iterable[int]) -> dict[int, ClaimRef]:
    """ClaimRefs for the given claim IDs, by ID."""
    rows, documents = _fetch_refs(conn, claim_ids)
    return {row[0]: ClaimRef(*row, *documents.get(row[1], _NO_DOCUMENT)) for row in rows}


def source_name(ref: ClaimRef) -> str:
    """Who puts a claim forward: its speaker, or the document in its own voice."""
    return ref.speaker or f"the document {ref.doc}"


@dataclass(slots=True)
class Quantity:
    """One quantity with the summary `claimledger quantities` lists."""

    id: str
    claims: int
    sources: list[str]
    first: str | None  # time span of the claims that have a time
    last: str | None
    lowest: float | None
    highest: float | None
    latest_by_source: dict[str, ClaimRef] = field(default_factory=dict)

    @property
    def spread(self) -> float | None:
        """Highest figure divided by the lowest (None when the lowest is 0)."""
        if self.lowest and self.highest is not None:
            return self.highest / self.lowest
        return None

    def to_dict(self) -> dict[str, Any]:
        out = {name: getattr(self, name) for name in (
            "id", "claims", "sources", "first", "last", "lowest", "highest")}
        out["spread"] = self.spread
        out["latest_by_source"] = {s: ref.to_dict() for s, ref in self.latest_by_source.items()}
        return out


# Per quantity: its claims, time span and extremes (from the covering index).
_BY_QUANTITY = """
SELECT quantity, COUNT(*), MIN("at"), MAX("at"), MIN(COALESCE(low, value, high)),
       MAX(COALESCE(high, value, low))
FROM keyed GROUP BY quantity
"""
# Per quantity and source, the source's latest claim (SQLite takes the bare
# column `id` from the row holding MAX(latest): by time, then by the
# later-ingested row), with that claim's details; the latest sources first.
_LATEST_BY_SOURCE = f"""
WITH by_source AS (
    SELECT quantity, MAX(COALESCE("at", '') || printf('%012d', id)) AS latest, id
    FROM keyed GROUP BY quantity, source)
SELECT {_REF_COLUMNS}, s.quantity
FROM by_source AS s JOIN claims AS c ON c.id = s.id LEFT JOIN documents AS d ON d.id = c.doc
ORDER BY s.quantity, s.latest DESC
"""


def list_quantities(conn: sqlite3.Connection) -> list[Quantity]:
    """Every quantity in the ledger, with counts, span, extremes and latest claims."""
    prepare(conn)
    cursor = conn.cursor()
    cursor.row_factory = None  # plain tuples: there is a row per quantity and source
    quantities = {row[0]: Quantity(row[0], row[1], [], *row[2:])
                  for row in cursor.execute(_BY_QUANTITY)}
    for row in cursor.execute(_LATEST_BY_SOURCE):
        ref = ClaimRef(*row[:_REF_WIDTH])
        quantity, name = quantities[row[_REF_WIDTH]], source_name(ref)
        quantity.sources.append(name)
        quantity.latest_by_source[name] = ref
    return sorted(quantities.values(), key=lambda q: q.id)


@dataclass(slots=True)
class TimelineEntry:
    """One claim in a quantity's timeline."""

    claim: ClaimRef
    at: str | None  # as_of, or the publication date for an undated claim
    source: str
    cue: str | None
    sentence: str
    period_total: bool

    def to_dict(self) -> dict[str, Any]:
        out = {name: getattr(self, name) for name in (
            "at", "source", "cue", "sentence", "period_total")}
        out["figure"] = self.claim.figure()
        out["claim"] = self.claim.to_dict()
        return out


def timeline(conn: sqlite3.Connection, qid: str) -> list[TimelineEntry]:
    """Every claim of one quantity, by the time it holds for (undated last)."""
    prepare(conn)
    ids = [row[0] for row in conn.execute("SELECT id FROM keyed WHERE quantity = ?", (qid,))]
    entries = []
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        for ref, row in claim_details(conn, f"WHERE c.id IN ({','.join('?' * len(chunk))})",
                                      chunk):
            entries.append(TimelineEntry(
                claim=ref, at=ref.as_of or ref.published, source=source_name(ref),
                cue=row["cue"], sentence=row["sentence"],
                period_total=is_period_total(row["sentence"])))
    entries.sort(key=lambda e: (e.at is None, e.at or "", e.claim.published or "",
                                e.claim.doc, e.claim.start))
    return entries
