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

Everything here reads the ledger only. `prepare` copies the claims once into a
TEMP table with the derived columns (quantity ID, source, figure bounds,
effective time) and indexes it, so the reports are SQL over indexes rather
than Python loops over pairs; TEMP tables work on a read-only connection.
"""
from __future__ import annotations

import re
import sqlite3
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

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
    return re.sub(r"[\s/]+", "-", part.strip())


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


@lru_cache(maxsize=65536)
def quantity_id(measure: str | None, group: str | None, unit: str | None, per: str | None,
                subject: str | None = None) -> str:
    """The stable, readable ID of the quantity a claim is about."""
    parts = [measure or "count", _slug(group) if group else "-", _slug(unit) if unit else "-"]
    if per:
        parts.append(f"per-{per}")
    extra = subject_key(measure, subject)
    if extra:
        parts.append(_slug(extra))
    return "/".join(parts)


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


# One row per claim with what every report needs. `lo`/`hi` are the figure as an
# interval ("at least 40,000" is [40000, UNBOUNDED], "up to 1,900" is [0, 1900]);
# `fig_lo`/`fig_hi` are the lowest and highest numbers the claim states. `at` is
# the time the claim holds for: its as_of, or for an undated claim the
# document's publication date (as CLAIMS.md does for present-tense figures);
# `t_hi` closes the prefix interval, so "2024-02" covers "2024-02-15".
_KEYED = """
CREATE TEMP TABLE keyed AS
SELECT c.id, c.doc, c.start, c."end" AS end_, c.text, c.value, c.low, c.high, c.total,
       c.approx, c.unit, c.per, c.measure, c.subject, c."group" AS grp, c.speaker,
       c.speaker_kind, c.via, c.cue, c.disputed_by, c.projected, c.as_of, c.sentence,
       d.url, d.title, d.published,
       quantity_id(c.measure, c."group", c.unit, c.per, c.subject) AS qid,
       quantity_id(c.measure, c."group", c.unit, NULL, c.subject) AS base_qid,
       COALESCE(c.speaker, 'the document ' || c.doc) AS source,
       lower(COALESCE(c.speaker, 'document:' || c.doc)) AS source_key,
       lower(c.disputed_by) AS disputed_key,
       COALESCE(c.low, CASE WHEN c.high IS NOT NULL THEN 0 ELSE c.value END) AS lo,
       COALESCE(c.high, CASE WHEN c.low IS NOT NULL THEN {unbounded} ELSE c.value END) AS hi,
       COALESCE(c.low, c.value, c.high) AS fig_lo,
       COALESCE(c.high, c.value, c.low) AS fig_hi,
       COALESCE(c.as_of, d.published) AS at,
       COALESCE(c.as_of, d.published) || '~' AS t_hi,
       c.as_of IS NULL AND d.published IS NOT NULL AS at_from_published,
       period_total(c.sentence) AS period_total
FROM claims AS c LEFT JOIN documents AS d ON d.id = c.doc
""".format(unbounded=UNBOUNDED)

_KEYED_INDEXES = (
    "CREATE INDEX temp.keyed_qid ON keyed(qid, lo)",
    "CREATE INDEX temp.keyed_doc ON keyed(doc, base_qid)",
    "CREATE INDEX temp.keyed_id ON keyed(id)",
)


def prepare(conn: sqlite3.Connection) -> None:
    """Build the TEMP `keyed` table once per connection."""
    if conn.execute("SELECT 1 FROM temp.sqlite_master WHERE name = 'keyed'").fetchone():
        return
    conn.create_function("quantity_id", 5, quantity_id, deterministic=True)
    conn.create_function("period_total", 1, is_period_total, deterministic=True)
    conn.execute(_KEYED)
    for statement in _KEYED_INDEXES:
        conn.execute(statement)


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

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> "ClaimRef":
        return cls(id=row["id"], doc=row["doc"], start=row["start"], end=row["end_"],
                   speaker=row["speaker"], value=row["value"], low=row["low"],
                   high=row["high"], approx=bool(row["approx"]), as_of=row["as_of"],
                   text=row["text"], via=row["via"], disputed_by=row["disputed_by"],
                   projected=bool(row["projected"]), url=row["url"],
                   published=row["published"])

    def figure(self) -> str:
        return format_figure(self.value, self.low, self.high, self.approx)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def format_number(number: float) -> str:
    if number == int(number) and abs(number) < 1e15:
        return f"{int(number):,}"
    return f"{number:,.2f}".rstrip("0").rstrip(".")


def format_figure(value: float | None, low: float | None, high: float | None,
                  approx: bool = False) -> str:
    """A claim's figure in words: "31,000", "about 120,000", "300,000–350,000"."""
    if low is not None and high is not None:
        text = f"{format_number(low)}–{format_number(high)}"
    elif low is not None:
        text = f"at least {format_number(low)}"
    elif high is not None:
        text = f"up to {format_number(high)}"
    elif value is not None:
        text = format_number(value)
    else:
        text = "?"
    return f"about {text}" if approx and not text.startswith(("at", "up")) else text


def ref_of(conn: sqlite3.Connection, claim_ids: list[int]) -> dict[int, ClaimRef]:
    """ClaimRefs for the given claim IDs, by ID."""
    refs: dict[int, ClaimRef] = {}
    for i in range(0, len(claim_ids), 500):
        chunk = claim_ids[i:i + 500]
        rows = conn.execute(
            f"SELECT * FROM keyed WHERE id IN ({','.join('?' * len(chunk))})", chunk)
        refs.update((row["id"], ClaimRef.from_row(row)) for row in rows)
    return refs


@dataclass(slots=True)
class Quantity:
    """One quantity with the summary `claimledger quantities` lists."""

    id: str
    measure: str
    group: str | None
    unit: str | None
    per: str | None
    claims: int
    sources: list[str]
    first: str | None  # time span of the claims with a time
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
            "id", "measure", "group", "unit", "per", "claims", "sources", "first", "last",
            "lowest", "highest")}
        out["spread"] = self.spread
        out["latest_by_source"] = {s: ref.to_dict() for s, ref in self.latest_by_source.items()}
        return out


_SUMMARY = """
SELECT qid, measure, grp, unit, per, COUNT(*) AS claims,
       MIN(at) AS first, MAX(at) AS last, MIN(fig_lo) AS lowest, MAX(fig_hi) AS highest
FROM keyed GROUP BY qid ORDER BY qid
"""
# The latest claim of each source in each quantity: by time, then by the
# document's publication, then by position (a later sentence updates an earlier).
_LATEST = """
SELECT * FROM (
    SELECT *, ROW_NUMBER() OVER (
        PARTITION BY qid, source_key
        ORDER BY at DESC NULLS LAST, published DESC NULLS LAST, doc DESC, start DESC) AS rank
    FROM keyed)
WHERE rank = 1 {where} ORDER BY qid, at DESC NULLS LAST, source
"""


def list_quantities(conn: sqlite3.Connection) -> list[Quantity]:
    """Every quantity in the ledger, with counts, span, extremes and latest claims."""
    prepare(conn)
    quantities = {
        row["qid"]: Quantity(
            id=row["qid"], measure=row["measure"], group=row["grp"], unit=row["unit"],
            per=row["per"], claims=row["claims"], sources=[], first=row["first"],
            last=row["last"], lowest=row["lowest"], highest=row["highest"])
        for row in conn.execute(_SUMMARY)
    }
    for row in conn.execute(_LATEST.format(where="")):
        quantity = quantities[row["qid"]]
        quantity.sources.append(row["source"])
        quantity.latest_by_source[row["source"]] = ClaimRef.from_row(row)
    return list(quantities.values())


@dataclass(slots=True)
class TimelineEntry:
    """One claim in a quantity's timeline."""

    claim: ClaimRef
    at: str | None
    at_from_published: bool
    source: str
    cue: str | None
    sentence: str
    period_total: bool

    def to_dict(self) -> dict[str, Any]:
        out = {name: getattr(self, name) for name in (
            "at", "at_from_published", "source", "cue", "sentence", "period_total")}
        out["claim"] = self.claim.to_dict()
        out["figure"] = self.claim.figure()
        return out


def timeline(conn: sqlite3.Connection, qid: str) -> list[TimelineEntry]:
    """Every claim of one quantity, by the time it holds for (undated last)."""
    prepare(conn)
    rows = conn.execute(
        "SELECT * FROM keyed WHERE qid = ? "
        "ORDER BY at NULLS LAST, published NULLS LAST, doc, start", (qid,))
    return [TimelineEntry(claim=ClaimRef.from_row(row), at=row["at"],
                          at_from_published=bool(row["at_from_published"]),
                          source=row["source"], cue=row["cue"], sentence=row["sentence"],
                          period_total=bool(row["period_total"]))
            for row in rows]
