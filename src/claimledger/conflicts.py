"""Conflicts: where the ledger's claims disagree, each with its evidence.

Kinds, in the order they are reported:

- `dispute`: a speaker in a document rejects another's figures (`disputed_by`).
- `contradiction`: two sources give figures for one quantity at overlapping
  times (as_of prefixes: "2024" covers "2024-02", which covers "2024-02-15")
  whose ranges do not overlap and differ by more than `factor`.
- `cumulative-fall`: a running total (killed, wounded, casualties, captured; not
  a rate) lower than a figure of the same quantity from an earlier month by
  more than `factor`, from any source.
- `rate-vs-total`, `killed-plus-wounded`: arithmetic within one document,
  reported when they hold too (`consistent` True): "it adds up" is an answer.
- `part-exceeds-whole`: "40 of 30", or killed or wounded above the casualties
  of the same group given in the same document for the same time.

An undated claim holds at its article's publication date (CLAIMS.md does the
same for present-tense figures). Projections, and figures for a bounded period
or one event ("within the last month"), say nothing about the running figure
and take no part in contradictions and falls. A pair one of whose speakers
disputes the other is reported once, as the dispute.

The pairs come from SQL joins over the indexed TEMP table `keyed`, narrowed by
aggregates first (a month of a quantity can hold a contradiction only if its
highest lower bound exceeds `factor` times its lowest upper bound; a claim can
fall only below the running maximum of the months before it), so the work
grows with the conflicts found, not with the pairs of claims.
"""
from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .quantities import (
    CUMULATIVE_MEASURES, UNBOUNDED, ClaimRef, describe_quantity, format_number, is_period_total,
    prepare, ref_of, refs_with_sentences, source_name,
)

DEFAULT_FACTOR = 1.5
DEFAULT_TOLERANCE = 0.05
DAYS_PER = {"day": 1.0, "week": 7.0, "month": 365.0 / 12, "year": 365.0}
_MAX_NAMED = 3  # claims named in an explanation; all of them are in `claims`


@dataclass(slots=True)
class Conflict:
    kind: str
    quantity: str | None
    explanation: str
    claims: list[ClaimRef] = field(default_factory=list)
    consistent: bool = False  # True only for arithmetic checks that hold

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "quantity": self.quantity, "consistent": self.consistent,
                "explanation": self.explanation, "claims": [c.to_dict() for c in self.claims]}


def find_conflicts(conn: sqlite3.Connection, factor: float = DEFAULT_FACTOR,
                   tolerance: float = DEFAULT_TOLERANCE) -> list[Conflict]:
    """Every conflict and arithmetic check in the ledger, disputes first."""
    if factor < 1:
        raise ValueError("factor must be at least 1")
    return [*disputes(conn), *contradictions(conn, factor), *cumulative_falls(conn, factor),
            *arithmetic(conn, tolerance)]


# --- wording -----------------------------------------------------------------

def _when(ref: ClaimRef) -> str:
    if ref.as_of:
        return ref.as_of
    return f"undated, published {ref.published}" if ref.published else "undated"


def _cite(refs: list[ClaimRef]) -> str:
    """"31,000 (2024-02), 70,000 (2023-08) and 2 more"."""
    named = ", ".join(f"{r.figure()} ({_when(r)})" for r in refs[:_MAX_NAMED])
    return named + (f" and {len(refs) - _MAX_NAMED} more" if len(refs) > _MAX_NAMED else "")


def _owner(ref: ClaimRef) -> str:
    """"Volodymyr Zelensky's", "US officials'"."""
    name = source_name(ref)
    return name + ("'" if name.endswith("s") else "'s")


def _names(refs: Iterable[ClaimRef]) -> str:
    names = sorted({source_name(r) for r in refs})
    more = f" and {len(names) - _MAX_NAMED} others" if len(names) > _MAX_NAMED else ""
    return ", ".join(names[:_MAX_NAMED]) + more


def _refs_and_period_totals(conn: sqlite3.Connection, claim_ids: Iterable[int]
                            ) -> tuple[dict[int, ClaimRef], set[int]]:
    """ClaimRefs by ID, and the IDs of those whose sentence gives a period or
    event total (kept out of the time-based checks)."""
    found = refs_with_sentences(conn, claim_ids)
    return ({i: ref for i, (ref, _) in found.items()},
            {i for i, (_, sentence) in found.items() if is_period_total(sentence)})


# --- explicit disputes -------------------------------------------------------

def disputes(conn: sqlite3.Connection) -> list[Conflict]:
    """One per document, quantity, disputed source and disputer, with the
    disputer's own figures for the quantity in that document."""
    prepare(conn)
    rows = conn.execute("SELECT id, doc, qid, source_key, disputed_key FROM keyed "
                        "WHERE disputed_key IS NOT NULL ORDER BY doc, id").fetchall()
    disputed: dict[tuple, list[int]] = defaultdict(list)
    for claim_id, doc, qid, source_key, disputer in rows:
        disputed[doc, qid, disputer, source_key].append(claim_id)
    own: dict[tuple, list[int]] = defaultdict(list)
    docs = sorted({key[0] for key in disputed})
    for i in range(0, len(docs), 500):
        chunk = docs[i:i + 500]
        for claim_id, doc, qid, source_key in conn.execute(
                f"SELECT k.id, k.doc, k.qid, k.source_key FROM claims AS c "
                f"JOIN keyed AS k ON k.id = c.id WHERE c.doc IN ({','.join('?' * len(chunk))}) "
                f"AND k.disputed_key IS NULL ORDER BY c.start", chunk):
            own[doc, qid, source_key].append(claim_id)
    refs = ref_of(conn, [i for ids in disputed.values() for i in ids]
                  + [i for (doc, qid, disputer, _) in disputed for i in own[doc, qid, disputer]])
    found = []
    for (doc, qid, disputer, _), ids in disputed.items():
        rejected = [refs[i] for i in ids]
        theirs = [refs[i] for i in own.get((doc, qid, disputer), [])]
        who = rejected[0].disputed_by
        text = (f"{who} rejects {_owner(rejected[0])} "
                f"figure{'s' if len(rejected) > 1 else ''} for {describe_quantity(qid)} in "
                f"{doc}: {_cite(rejected)}.")
        if theirs:
            text += f" {_owner(theirs[0])} own figure: {_cite(theirs)}."
        found.append(Conflict("dispute", qid, text, rejected + theirs))
    return found


# --- contradictions at overlapping times -------------------------------------

_USABLE = "NOT {t}.projected AND {t}.lo IS NOT NULL AND {t}.at IS NOT NULL"
_NOT_DISPUTING = ("(a.disputed_key IS NULL OR a.disputed_key <> b.source_key) AND "
                  "(b.disputed_key IS NULL OR b.disputed_key <> a.source_key)")
# `a` holds the lower figure, `b` the higher. Claims dated to a month or a day
# meet in the same month (and day, when both give one); claims dated only by a
# year meet every claim of that year.
_CONTRADICTING_PAIRS = f"""
WITH suspect AS (
    SELECT qid, month FROM keyed AS k WHERE month IS NOT NULL AND {_USABLE.format(t='k')}
    GROUP BY qid, month HAVING MAX(lo) > :factor * MIN(hi))
SELECT a.id, b.id, a.qid, b.lo / a.hi
FROM suspect AS s
JOIN keyed AS a ON a.qid = s.qid AND a.month = s.month
JOIN keyed AS b ON b.qid = s.qid AND b.month = s.month AND b.lo > :factor * a.hi
WHERE {_USABLE.format(t='a')} AND {_USABLE.format(t='b')} AND a.source_key <> b.source_key
  AND (length(a.at) = 7 OR length(b.at) = 7 OR substr(a.at, 1, 10) = substr(b.at, 1, 10))
  AND {_NOT_DISPUTING}
UNION
SELECT CASE WHEN y.lo > o.hi THEN o.id ELSE y.id END, CASE WHEN y.lo > o.hi THEN y.id ELSE o.id END,
       y.qid, CASE WHEN y.lo > o.hi THEN y.lo / o.hi ELSE o.lo / y.hi END
FROM keyed AS y
JOIN keyed AS o ON o.qid = y.qid AND o.id <> y.id
     AND (o.month BETWEEN y.at || '-01' AND y.at || '-12' OR (o.month IS NULL AND o.at = y.at))
     AND (o.lo > :factor * y.hi OR y.lo > :factor * o.hi)
WHERE y.month IS NULL AND length(y.at) = 4 AND {_USABLE.format(t='y')} AND {_USABLE.format(t='o')}
  AND y.source_key <> o.source_key AND (o.month IS NOT NULL OR y.id < o.id)
  AND {_NOT_DISPUTING.replace('a.', 'y.').replace('b.', 'o.')}
"""


def contradictions(conn: sqlite3.Connection, factor: float = DEFAULT_FACTOR) -> list[Conflict]:
    """One per quantity and pair of sources, naming every claim involved."""
    prepare(conn, indexed=True)
    pairs = conn.execute(_CONTRADICTING_PAIRS, {"factor": factor}).fetchall()
    refs, skip = _refs_and_period_totals(conn, {i for low, high, _, _ in pairs for i in (low, high)})
    grouped: dict[tuple, dict[str, Any]] = {}
    for low_id, high_id, qid, ratio in pairs:
        if low_id in skip or high_id in skip:
            continue
        low, high = refs[low_id], refs[high_id]
        key = (qid, source_name(low).lower(), source_name(high).lower())
        entry = grouped.setdefault(key, {"low": {}, "high": {}, "ratio": float("inf")})
        entry["low"][low.id], entry["high"][high.id] = low, high
        if ratio is not None:  # None: the lower figure is 0
            entry["ratio"] = min(entry["ratio"], ratio)
    found = []
    for (qid, _, _), entry in sorted(grouped.items()):
        lows = sorted(entry["low"].values(), key=lambda r: (r.as_of or "", r.start))
        highs = sorted(entry["high"].values(), key=lambda r: (r.as_of or "", r.start))
        ratio = entry["ratio"]
        by = f"more than {factor:g} times" if ratio == float("inf") else f"{ratio:.1f} times or more"
        text = (f"For {describe_quantity(qid)}, {source_name(lows[0])} gives {_cite(lows)} and "
                f"{source_name(highs[0])} gives {_cite(highs)}, for overlapping times: the "
                f"ranges do not meet, and the higher is {by} the lower.")
        found.append(Conflict("contradiction", qid, text, lows + highs))
    return found


# --- running totals that fall -------------------------------------------------

_CUMULATIVE = ("{t}.measure IN (" + ", ".join(f"'{m}'" for m in sorted(CUMULATIVE_MEASURES))
               + ") AND {t}.per IS NULL AND {t}.month IS NOT NULL AND " + _USABLE)
_MONTHLY_MAX = f"""SELECT qid, month, MAX(lo) FROM keyed AS k WHERE {_CUMULATIVE.format(t='k')}
GROUP BY qid, month ORDER BY qid, month"""
_FALLING = f"""
SELECT b.id, a.id, b.qid
FROM earlier_max AS m
JOIN keyed AS b ON b.qid = m.qid AND b.month = m.month AND b.hi * :factor < m.max_before
JOIN keyed AS a ON a.qid = b.qid AND a.month < b.month AND a.lo > b.hi * :factor
WHERE {_CUMULATIVE.format(t='b')} AND {_CUMULATIVE.format(t='a')}
ORDER BY b.qid, b.month, b.id, a.lo DESC
"""


def _earlier_max(conn: sqlite3.Connection) -> None:
    """TEMP table: for each quantity and month, the highest lower bound of the
    running total in the months before it (a running maximum, one pass)."""
    if conn.execute("SELECT 1 FROM temp.sqlite_master WHERE name = 'earlier_max'").fetchone():
        return
    conn.execute("CREATE TEMP TABLE earlier_max (qid TEXT, month TEXT, max_before REAL, "
                 "PRIMARY KEY (qid, month)) WITHOUT ROWID")
    rows, current_qid, running = [], None, None
    for qid, month, highest in conn.execute(_MONTHLY_MAX):
        if qid != current_qid:
            current_qid, running = qid, None
        if running is not None:
            rows.append((qid, month, running))
        running = highest if running is None else max(running, highest)
    conn.executemany("INSERT INTO earlier_max VALUES (?, ?, ?)", rows)


def cumulative_falls(conn: sqlite3.Connection, factor: float = DEFAULT_FACTOR) -> list[Conflict]:
    """One per falling claim, naming the earlier claims it falls below."""
    prepare(conn, indexed=True)
    _earlier_max(conn)
    rows = conn.execute(_FALLING, {"factor": factor}).fetchall()
    refs, skip = _refs_and_period_totals(conn, {i for later, earlier, _ in rows
                                                for i in (later, earlier)})
    earlier_of: dict[int, list[int]] = defaultdict(list)
    quantity_of: dict[int, str] = {}
    for later, earlier, qid in rows:
        if later not in skip and earlier not in skip:
            earlier_of[later].append(earlier)
            quantity_of[later] = qid
    found = []
    for later_id, earlier_ids in earlier_of.items():
        later, earlier = refs[later_id], [refs[i] for i in earlier_ids]
        qid = quantity_of[later_id]
        text = (f"{describe_quantity(qid)[:1].upper()}{describe_quantity(qid)[1:]} is a running "
                f"total, yet {_owner(later)} {later.figure()} ({_when(later)}) is below "
                f"figures from earlier months by more than {factor:g} times: {_cite(earlier)}, "
                f"from {_names(earlier)}.")
        found.append(Conflict("cumulative-fall", qid, text, [later, *earlier]))
    return found


# --- arithmetic within a document ---------------------------------------------

_OVERLAPPING = "(x.at IS NULL OR y.at IS NULL OR (x.at <= y.at || '~' AND y.at <= x.at || '~'))"
_PER_RANK = ("CASE {t}.per WHEN 'day' THEN 1 WHEN 'week' THEN 2 WHEN 'month' THEN 3 "
             "WHEN 'year' THEN 4 END")
# The same document's claims about the same quantity at two rates: x the shorter.
_RATE_PAIRS = f"""
SELECT x.id, y.id, replace(x.qid, '/per-' || x.per, ''), x.per, y.per
FROM keyed AS x JOIN claims AS c ON c.doc = x.doc JOIN keyed AS y ON y.id = c.id
WHERE x.per IS NOT NULL AND y.per IS NOT NULL
  AND {_PER_RANK.format(t='x')} < {_PER_RANK.format(t='y')}
  AND replace(x.qid, '/per-' || x.per, '') = replace(y.qid, '/per-' || y.per, '')
  AND {_OVERLAPPING}
ORDER BY x.doc, x.id
"""
# Killed or wounded (x) beside casualties (y) of the same group, unit, rate
# and time in one document: `side` is the quantity ID without its measure.
_PARTS_OF_CASUALTIES = f"""
SELECT x.id, x.measure, y.id, y.qid
FROM keyed AS y JOIN claims AS c ON c.doc = y.doc JOIN keyed AS x ON x.id = c.id
WHERE y.measure = 'casualties' AND x.measure IN ('killed', 'wounded')
  AND substr(x.qid, instr(x.qid, '/')) = substr(y.qid, instr(y.qid, '/'))
  AND {_OVERLAPPING}
ORDER BY y.doc, y.id, x.id
"""


def _interval(ref: ClaimRef) -> tuple[float, float] | None:
    low = ref.low if ref.low is not None else (0.0 if ref.high is not None else ref.value)
    high = ref.high if ref.high is not None else (UNBOUNDED if ref.low is not None else ref.value)
    return None if low is None or high is None else (low, high)


def _agree(a: tuple[float, float], b: tuple[float, float], tolerance: float) -> bool:
    """Whether two intervals meet once each is widened by `tolerance`."""
    return a[0] <= b[1] * (1 + tolerance) and b[0] <= a[1] * (1 + tolerance)


def _gap(a: tuple[float, float], b: tuple[float, float]) -> str:
    if a[0] == a[1] and b[0] == b[1] and b[0]:
        return f"{abs(a[0] - b[0]) / b[0]:.1%} apart"
    return "as ranges"


def _span_text(span: tuple[float, float]) -> str:
    low, high = (format_number(round(x)) for x in span)
    return low if low == high else f"{low}–{high}"


def arithmetic(conn: sqlite3.Connection, tolerance: float = DEFAULT_TOLERANCE) -> list[Conflict]:
    """Rates against the totals they imply, parts against wholes, and killed
    plus wounded against casualties, each within one document."""
    prepare(conn)
    return [*rate_checks(conn, tolerance), *casualty_checks(conn, tolerance),
            *parts_exceeding_totals(conn)]


def rate_checks(conn: sqlite3.Connection, tolerance: float = DEFAULT_TOLERANCE) -> list[Conflict]:
    rows = conn.execute(_RATE_PAIRS).fetchall()
    refs = ref_of(conn, {i for a, b, *_ in rows for i in (a, b)})
    found = []
    for a_id, b_id, qid, per_a, per_b in rows:
        a, b = refs[a_id], refs[b_id]
        a_span, b_span = _interval(a), _interval(b)
        if a_span is None or b_span is None:
            continue
        scale = DAYS_PER[per_b] / DAYS_PER[per_a]
        implied = (a_span[0] * scale, min(a_span[1] * scale, UNBOUNDED))
        holds = _agree(implied, b_span, tolerance)
        text = (f"In {a.doc}, {a.figure()} per {per_a} makes {_span_text(implied)} per "
                f"{per_b}, against the {b.figure()} per {per_b} also given for "
                f"{describe_quantity(qid)} ({_gap(implied, b_span)}): "
                + (f"consistent within {tolerance:.0%}." if holds
                   else f"these do not agree within {tolerance:.0%}."))
        found.append(Conflict("rate-vs-total", qid, text, [a, b], consistent=holds))
    return found


def casualty_checks(conn: sqlite3.Connection,
                    tolerance: float = DEFAULT_TOLERANCE) -> list[Conflict]:
    """Killed or wounded above casualties; killed plus wounded against casualties."""
    rows = conn.execute(_PARTS_OF_CASUALTIES).fetchall()
    refs = ref_of(conn, {i for part, _, whole, _ in rows for i in (part, whole)})
    parts: dict[int, dict[str, list[ClaimRef]]] = defaultdict(lambda: defaultdict(list))
    quantity_of: dict[int, str] = {}
    found = []
    for part_id, measure, whole_id, qid in rows:
        part, whole = refs[part_id], refs[whole_id]
        parts[whole_id][measure].append(part)
        quantity_of[whole_id] = qid
        part_span, whole_span = _interval(part), _interval(whole)
        if part_span and whole_span and part_span[0] > whole_span[1] * (1 + tolerance):
            found.append(Conflict("part-exceeds-whole", qid, (
                f"In {part.doc}, {part.figure()} {measure} is more than the {whole.figure()} "
                f"casualties ({describe_quantity(qid)}) that include them: the part is "
                f"larger than the whole."), [part, whole]))
    for whole_id, by_measure in parts.items():
        whole, qid = refs[whole_id], quantity_of[whole_id]
        whole_span = _interval(whole)
        for killed in by_measure.get("killed", []):
            for wounded in by_measure.get("wounded", []):
                spans = (_interval(killed), _interval(wounded))
                if whole_span is None or None in spans:
                    continue
                total = (spans[0][0] + spans[1][0], min(spans[0][1] + spans[1][1], UNBOUNDED))
                holds = _agree(total, whole_span, tolerance)
                text = (f"In {whole.doc}, {killed.figure()} killed plus {wounded.figure()} "
                        f"wounded makes {_span_text(total)}, against {whole.figure()} "
                        f"casualties ({describe_quantity(qid)}, {_gap(total, whole_span)}): "
                        + (f"consistent within {tolerance:.0%}." if holds
                           else f"these do not add up within {tolerance:.0%}."))
                found.append(Conflict("killed-plus-wounded", qid, text,
                                      [killed, wounded, whole], consistent=holds))
    return found


def parts_exceeding_totals(conn: sqlite3.Connection) -> list[Conflict]:
    """A claim whose part is larger than its own whole: "40 of 30"."""
    rows = conn.execute("SELECT id, qid, value, total FROM keyed "
                        "WHERE total IS NOT NULL AND value > total").fetchall()
    refs = ref_of(conn, [row[0] for row in rows])
    return [Conflict("part-exceeds-whole", qid, (
        f"In {refs[claim_id].doc}, \"{refs[claim_id].text}\" puts {format_number(value)} as "
        f"part of a whole of {format_number(total)}: the part is larger than the whole."),
        [refs[claim_id]]) for claim_id, qid, value, total in rows]
