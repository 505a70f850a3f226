"""Quantities: the ledger's claims grouped by what they count.

A quantity is one measure of one group, in one unit, at one rate, in one event
("killed, Ukraine, people, in the Russia–Ukraine war"; "killed, in the
earthquake in eastern Turkey of 2024-06-01, in Malatya"). Its ID is a
readable slug built from those fields, so it is stable across runs and ledgers:
`killed/Ukraine/people@russia-ukraine-war`,
`killed/-/people@turkey-earthquake-2024-06-01/in-Malatya`. The part before `@`
is what is counted (`quantity_id`), the part after it where (`quantity_key`):
the event (events.py), and the claim's place where it is one part of the
event's area. A claim whose key is underspecified (no event; no side in an
event with sides, for a count of people) is a quantity of its own document,
`killed/-/people@doc:story-17`: it is never compared or fused across documents.

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
from itertools import groupby
from operator import itemgetter
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


# The key in SQL: the one Python function, over the claim's columns, its
# event (the claim's own, else its document's) and that event's sides and area.
_QUANTITY_KEY_SQL = """quantity_key(c.measure, c."group", c.unit, c.per, c.subject, c.doc,
    {event}, e.sides, e.area, {place}, c.sentence, c.text)"""


def describe_quantity(qid: str, events: dict[str, str] | None = None) -> str:
    """A quantity ID in words: "killed/Ukraine/people/per-day@russia-ukraine-war"
    -> "Ukraine killed per day · Russia–Ukraine war" (the event's label from
    `events`, {id: label}, else its id)."""
    what, _, where = qid.partition("@")
    measure, group, unit, *rest = what.split("/")
    words = [] if group == "-" else [group.replace("-", " ")]
    words.append(measure)
    if unit not in ("people", "-"):
        words.append(f"({unit})")
    for part in rest:
        words.append(part.replace("-", " "))
    return " ".join(words) + (f" · {_where_label(where, events)}" if where else "")


def event_of(qid: str) -> str | None:
    """The event in a quantity ID ("killed/-/people@quake-2024/in-Malatya" ->
    "quake-2024"); None for a quantity of one document or with no event."""
    where = qid.partition("@")[2]
    if not where or where.startswith(OWN_DOCUMENT):
        return None
    return where.partition("/in-")[0]


def _where_label(where: str, events: dict[str, str] | None) -> str:
    if where.startswith(OWN_DOCUMENT):
        return f"in {where[len(OWN_DOCUMENT):]} only"
    event, _, place = where.partition("/in-")
    label = (events or {}).get(event, event)
    return label + (f" · {place.replace('-', ' ')}" if place else "")


@lru_cache(maxsize=4096)
def _demonym_of() -> dict[str, str]:
    from .lexicon import rows
    found: dict[str, str] = {}
    for written, group in rows("demonyms.tsv"):
        if written[:1].isupper() and written.endswith(("an", "sh", "ch", "se", "ese", "i", "ic")) \
                and group not in found and written != group:
            found[group] = written
    return found


def quantity_label(qid: str, events: dict[str, str] | None = None,
                   subject: str | None = None) -> str:
    """A quantity as a reader names it: "killed · Ukrainian soldiers · Russia–Ukraine war"
    (for counts of people, the subject as most often written if given, and
    the group as its adjective; then what they did, the unit, the event)."""
    what, _, where = qid.partition("@")
    label = _what_label(what, subject if what.split("/", 1)[0] in PEOPLE_MEASURES else None)
    return label + (f" · {_where_label(where, events)}" if where else "")


@lru_cache(maxsize=65536)
def _what_label(what: str, subject: str | None) -> str:
    measure, group, unit, *rest = what.split("/")
    per = next((p[4:] for p in rest if p.startswith("per-")), None)
    kept = [p.replace("-", " ") for p in rest if not p.startswith("per-")]
    group = None if group == "-" else group.replace("-", " ")
    parts = [measure + (f" per {per}" if per else "")]
    if unit == "people":
        noun = (subject or "").strip() or (kept[0] if kept and kept[0] not in ("crowd",) else "people")
        adjective = _demonym_of().get(group or "", group or "")
        if group and group.lower() not in noun.lower() and adjective.lower() not in noun.lower():
            noun = f"{adjective} {noun}"
        parts.append(noun)
    else:
        if group:
            parts.append(group)
        if kept:
            parts.append(kept[0])
        if unit != "-" and unit not in kept[:1]:
            parts.append(unit)
    parts.extend(k for k in kept[1:] if k not in parts[-1])
    return " · ".join(parts)


OWN_DOCUMENT = "doc:"  # the event part of the key of a claim that stays in its document


def place_in_key(place: str | None, sentence: str | None, area: Iterable[str]) -> str | None:
    """The claim's place, where it is one part of its event's area: named in
    the claim's own sentence (not the story's place taken for it) and not
    the event's own place, country or sides ("Malatya" in a quake across
    eastern Turkey; not "Turkey")."""
    if not place or not sentence or place.lower() in {a.lower() for a in area}:
        return None
    return place if re.search(r"(?<![\w])" + re.escape(place) + r"(?![\w])", sentence) else None


@lru_cache(maxsize=1)
def _acts() -> tuple[re.Pattern, dict[str, str]]:
    from .lexicon import rows
    table = {row[0]: row[1] for row in rows("count_acts.tsv")[1:]}
    words = sorted(table, key=len, reverse=True)
    return re.compile(r"(?<![\w])(" + "|".join(re.escape(w) for w in words) + r")(?![\w])",
                      re.IGNORECASE), table


def count_act(sentence: str | None, figure: str | None) -> str | None:
    """What the people a `count` counts did ("arrested", "crowd"): the act
    word of data/count_acts.tsv nearest after the figure in its sentence,
    else nearest before it; None if the sentence has none."""
    if not sentence:
        return None
    pattern, table = _acts()
    at = sentence.find(figure) if figure else -1
    at = max(at, 0)
    after = pattern.search(sentence, at + len(figure or ""))
    if after is not None:
        return table[after.group(1).lower()]
    before = None
    for before in pattern.finditer(sentence, 0, at):
        pass
    return table[before.group(1).lower()] if before is not None else None


def quantity_key(measure: str | None, group: str | None, unit: str | None, per: str | None,
                 subject: str | None, doc: str, event: str | None,
                 event_sides: Any = None, event_area: Any = None, place: str | None = None,
                 sentence: str | None = None, figure: str | None = None) -> str:
    """THE quantity key of a claim: what it counts (`quantity_id`), then
    `@` and where: its event, and its place where that is one part of the
    event's area (`place_in_key`); or `@doc:DOC` when the key would be
    underspecified: no event, or a count of people without a side in an
    event between sides (whose dead? in a war that is the question).
    In an event without sides (a flood, a quake), a group that is one of its
    places is no part of the key ("Kenyan dead" are the flood's dead); a
    count of people takes what they did (`count_act`: "arrested", "crowd").

    One function for Python and SQL (registered as `quantity_key` by
    `register_functions`), and for other engines (Spark) as a UDF: the
    event's sides and area may be given as lists or as their JSON text."""
    sides, area = _as_list(event_sides), _as_list(event_area)
    if event is not None and not sides and group is not None \
            and group.lower() in {a.lower() for a in area}:
        group = None  # in a flood in Kenya, "Kenya's dead" are the flood's dead
    what = quantity_id(measure, group, unit, per, subject)
    if measure == "count" and unit == "people":
        act = count_act(sentence, figure)
        what += f"/{act}" if act else ""
    if event is None or (measure in PEOPLE_MEASURES and group is None and len(sides) >= 2):
        return f"{what}@{OWN_DOCUMENT}{doc}"
    where = place_in_key(place, sentence, [*area, *sides])
    return f"{what}@{event}" + (f"/in-{_slug(where)}" if where else "")


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return list(json.loads(value)) if value.startswith("[") else [value]
    return list(value)


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
                 "lo": "REAL", "hi": "REAL", "month": "TEXT", "running": "INTEGER",
                 "event": "TEXT"}
DERIVED_COLUMNS = tuple(DERIVED_TYPES)


@dataclass(slots=True)
class KeyContext:
    """What a claim's key needs beyond the claim: its event (id, sides and
    area) and the document whose own voice it speaks in (a copy speaks in
    its original's: ledger.py)."""

    event: str | None = None
    sides: list[str] = field(default_factory=list)
    area: list[str] = field(default_factory=list)
    voice: str | None = None


def derived_columns(claim: dict[str, Any], doc: str, published: str | None,
                    context: KeyContext | None = None) -> tuple:
    """The derived columns' values for a claim (a spec dict) of a document:
    quantity key (`quantity_key`, with the claim's event from `context`),
    source key, the time it holds for (its as_of, else the publication date,
    as CLAIMS.md does for present-tense figures), whether its sentence gives
    a period or event total (0/1), its figure as an interval (`bounds`), the
    month it is compared in (`conflict_month`), whether it is a running total
    (0/1, `is_running_total`) and its event."""
    context = context or KeyContext()
    at = claim.get("as_of") or published
    period_total = int(is_period_total(claim.get("sentence")))
    lo, hi = bounds(claim.get("value"), claim.get("low"), claim.get("high"))
    month = conflict_month(at, lo, claim.get("projected"), period_total,
                           is_proportion(claim.get("value"), claim.get("total")))
    return (quantity_key(claim.get("measure"), claim.get("group"), claim.get("unit"),
                         claim.get("per"), claim.get("subject"), doc, context.event,
                         context.sides, context.area, claim.get("place"), claim.get("sentence"),
                         claim.get("text")),
            source_key(claim.get("speaker"), context.voice or doc), at, period_total, lo, hi,
            month, int(is_running_total(claim.get("measure"), claim.get("per"), month)),
            context.event)


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
    "quantity": _QUANTITY_KEY_SQL,
    "source": "source_key(c.speaker, COALESCE(d.copy_of, c.doc))",
    "at": "COALESCE(c.as_of, d.published)",
    "period_total": "is_period_total(c.sentence)",
    "event": "{event}",
}


def register_functions(conn: sqlite3.Connection) -> None:
    """The Python functions the SQL derivations call."""
    conn.create_function("quantity_key", 12, quantity_key, deterministic=True)
    conn.create_function("subject_suffix", 2, subject_suffix, deterministic=True)
    conn.create_function("source_key", 2, source_key, deterministic=True)
    conn.create_function("is_period_total", 1, lambda s: int(is_period_total(s)),
                         deterministic=True)


def _quote(name: str) -> str:
    return f'"{name}"'


def fill_from_row(conn: sqlite3.Connection, table: str, names: Iterable[str]) -> None:
    """Fill these derived columns of every row of `table` by `ROW_SQL`, in its
    order, so that each reads the columns filled before it."""
    names = set(names)
    for name, sql in ROW_SQL.items():
        if name in names:
            conn.execute(f"UPDATE {table} SET {_quote(name)} = {sql}")


def _document_events(conn: sqlite3.Connection) -> tuple[str, str]:
    """The tables of documents (with their event and copy_of) and of events
    for keying on the fly: the ledger's own, or for a ledger from before
    events (until a `Ledger` upgrades it) TEMP ones found now, as the upgrade
    finds them (events.assign_events)."""
    names = {row[1] for row in conn.execute("PRAGMA main.table_info(documents)")}
    if {"event", "copy_of"} <= names:
        return "main.documents", "main.events"
    from .events import assign_events
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS events (id TEXT PRIMARY KEY, kind TEXT, "
                 "label TEXT, lasting INTEGER, place TEXT, area TEXT, sides TEXT, "
                 "first_day TEXT, last_day TEXT)")
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS document_events "
                 "(id TEXT PRIMARY KEY, published TEXT, event TEXT, copy_of TEXT)")
    rows = conn.execute("SELECT id, text, title, published FROM main.documents ORDER BY rowid")
    conn.executemany("INSERT INTO temp.document_events VALUES (?, ?, ?, NULL)",
                     [(doc_id, published, event) for doc_id, published, event, _
                      in assign_events(conn, rows)])
    return "temp.document_events", "temp.events"


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
    register_functions(conn)
    spec = [(name, kind) for name, kind in columns if name not in DERIVED_COLUMNS]
    definitions = [f'"{name}" {kind}' + (" PRIMARY KEY" if name == "id" else "")
                   for name, kind in spec] + [f'"{name}"' for name in DERIVED_COLUMNS]
    conn.execute(f"CREATE TEMP TABLE keyed ({', '.join(definitions)})")
    # The keys an older ledger wrote for every claim are copied, the others
    # derived; claims inserted by hand have all of theirs derived.
    # (A ledger from before events keyed its quantities without them: keyed again.)
    copied = [name for name, _ in spec] + [
        name for name in DERIVED_COLUMNS if keyed_by_ledger and name in names
        and not (name == "quantity" and "event" not in names)]
    documents, events = _document_events(conn)
    event = "COALESCE(c.event, d.event)" if "event" in names else "d.event"
    place = "c.place" if "place" in names else "NULL"
    derived = {name: sql.format(event=event, place=place)
               for name, sql in _DERIVE_SQL.items() if name not in copied}
    selected = [f'c."{name}"' for name in copied] + list(derived.values())
    conn.execute(
        f"INSERT INTO temp.keyed ({', '.join(map(_quote, [*copied, *derived]))}) "
        f"SELECT {', '.join(selected)} "
        f"FROM main.claims AS c LEFT JOIN {documents} AS d ON d.id = c.doc "
        f"LEFT JOIN {events} AS e ON e.id = {event}")
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


def event_labels(conn: sqlite3.Connection) -> dict[str, str]:
    """{event id: label} of the ledger's events (after `prepare`: for a ledger
    from before events, those found on the fly)."""
    try:
        return dict(conn.execute("SELECT id, label FROM events"))
    except sqlite3.OperationalError:  # no events table
        return {}


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
    label: str = ""  # "killed · Ukrainian soldiers · Russia–Ukraine war"

    @property
    def spread(self) -> float | None:
        """Highest figure divided by the lowest (None when the lowest is 0)."""
        if self.lowest and self.highest is not None:
            return self.highest / self.lowest
        return None

    def to_dict(self) -> dict[str, Any]:
        out = {name: getattr(self, name) for name in (
            "id", "label", "claims", "sources", "first", "last", "lowest", "highest")}
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
# later-ingested row), over the (quantity, source) index; the claims are then
# read by ID in ID order (`_fetch_refs`), cheaper than a join in quantity order.
_LATEST_BY_SOURCE = """
SELECT quantity, MAX(COALESCE("at", '') || printf('%012d', id)) AS latest, id
FROM keyed GROUP BY quantity, source
"""


def list_quantities(conn: sqlite3.Connection) -> list[Quantity]:
    """Every quantity in the ledger, with counts, span, extremes and latest claims."""
    prepare(conn)
    cursor = conn.cursor()
    cursor.row_factory = None  # plain tuples: there is a row per quantity and source
    quantities = {row[0]: Quantity(row[0], row[1], [], *row[2:])
                  for row in cursor.execute(_BY_QUANTITY)}
    latest = cursor.execute(_LATEST_BY_SOURCE).fetchall()
    rows, documents = _fetch_refs(conn, (row[2] for row in latest), ", c.subject")
    return assemble_quantities(quantities, latest, rows, documents, event_labels(conn))


def assemble_quantities(quantities: dict[str, Quantity], latest: list[tuple], rows: list[tuple],
                        documents: dict[str, tuple], labels: dict[str, str]) -> list[Quantity]:
    """The quantities with their sources' latest claims and their labels, from
    `_LATEST_BY_SOURCE`'s rows and those claims' (`_fetch_refs`, with the
    subject): shared by the ledger's report and the Spark engine's."""
    by_id = {row[0]: row for row in rows}
    # Each quantity's subjects as written by its sources' latest claims, for
    # its label: the most common names the people counted ("Ukrainian soldiers").
    subjects: dict[str, dict[str, int]] = {}
    # By quantity (a stable sort), the latest sources first within each.
    latest.sort(key=itemgetter(1), reverse=True)
    latest.sort(key=itemgetter(0))
    for qid, group in groupby(latest, key=itemgetter(0)):
        quantity = quantities[qid]
        sources, by_source = quantity.sources, quantity.latest_by_source
        people = qid.split("/", 1)[0] in PEOPLE_MEASURES
        counts: dict[str, int] = {}
        for _, _, claim_id in group:
            row = by_id[claim_id]
            ref = ClaimRef(*row[:_REF_CLAIM_WIDTH], *documents.get(row[1], _NO_DOCUMENT))
            name = ref.speaker or f"the document {ref.doc}"  # source_name, inline
            sources.append(name)
            by_source[name] = ref
            subject = row[_REF_CLAIM_WIDTH]
            if people and subject is not None:
                counts[subject] = counts.get(subject, 0) + 1
        if counts:
            subjects[qid] = counts
    for quantity in quantities.values():
        counts = subjects.get(quantity.id)
        quantity.label = quantity_label(quantity.id, labels,
                                        max(counts, key=counts.__getitem__) if counts else None)
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
        entries += [_entry(ref, row) for ref, row in
                    claim_details(conn, f"WHERE c.id IN ({','.join('?' * len(chunk))})", chunk)]
    return sorted(entries, key=_in_time)


def timelines(conn: sqlite3.Connection, qids: Iterable[str] | None = None) -> dict[str, list[TimelineEntry]]:
    """The timelines of many quantities (all, or `qids`) in one pass over the
    claims: what a report of thousands of quantities needs, where one query per
    quantity would cost seconds."""
    prepare(conn)
    wanted = None if qids is None else set(qids)
    quantity_of = {claim_id: qid for claim_id, qid in conn.execute("SELECT id, quantity FROM keyed")
                   if wanted is None or qid in wanted}
    found: dict[str, list[TimelineEntry]] = {}
    for ref, row in claim_details(conn):
        qid = quantity_of.get(ref.id)
        if qid is not None:
            found.setdefault(qid, []).append(_entry(ref, row))
    return {qid: sorted(entries, key=_in_time) for qid, entries in found.items()}


def _entry(ref: ClaimRef, row: Any) -> TimelineEntry:
    return TimelineEntry(claim=ref, at=ref.as_of or ref.published, source=source_name(ref), cue=row["cue"],
                         sentence=row["sentence"], period_total=is_period_total(row["sentence"]))


def _in_time(entry: TimelineEntry) -> tuple:
    return (entry.at is None, entry.at or "", entry.claim.published or "", entry.claim.doc, entry.claim.start)
