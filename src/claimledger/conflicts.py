"""Conflicts: where the ledger's claims disagree, each with its evidence.

Kinds, in the order they are reported:

- `dispute`: a speaker in a document rejects another's figures (`disputed_by`).
- `contradiction`: two sources give figures for one quantity at overlapping
  times (prefix-overlap of as_of: "2024" covers "2024-02") whose ranges do not
  overlap and differ by more than `factor`.
- `cumulative-fall`: a running total (killed, wounded, casualties, captured; no
  rate) is lower than an earlier figure of the same quantity by more than
  `factor`, from any source. Time is compared by month.
- `rate-vs-total`, `killed-plus-wounded`: arithmetic within one document; these
  are reported when they hold too (`consistent` True), since "it adds up" is
  also an answer.
- `part-exceeds-whole`: a part larger than its whole ("40 of 30"), or killed
  or wounded larger than the casualties of the same group in the same document.

Pairs are found with SQL joins on indexed TEMP tables, narrowed first by
aggregates (a month of a quantity can hold a contradiction only if its highest
lower bound exceeds `factor` times its lowest upper bound), so the cost grows
with the conflicts found rather than with all pairs of claims.

Claims whose time comes from nothing at all (no as_of, no publication date),
projections, and period or event totals ("within the last month") take no part
in the contradiction and fall checks: they say nothing about the running figure.
"""
from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from .quantities import (
    CUMULATIVE_MEASURES, UNBOUNDED, ClaimRef, describe_quantity, format_number, prepare, ref_of,
)

DEFAULT_FACTOR = 1.5
DEFAULT_TOLERANCE = 0.05
DAYS_PER = {"day": 1.0, "week": 7.0, "month": 365.0 / 12, "year": 365.0}
_MAX_NAMED = 3  # claims named in an explanation; all are in `claims`


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
    """Every conflict and arithmetic check in the ledger."""
    if factor < 1:
        raise ValueError("factor must be at least 1")
    prepare(conn)
    _prepare_conflict_tables(conn)
    return [*disputes(conn), *contradictions(conn, factor), *cumulative_falls(conn, factor),
            *rate_checks(conn, tolerance), *killed_plus_wounded(conn, tolerance),
            *parts_exceeding_wholes(conn, tolerance)]


def _voice(ref: ClaimRef) -> str:
    return ref.speaker or f"the document {ref.doc}"


def _when(ref: ClaimRef) -> str:
    if ref.as_of:
        return ref.as_of
    return f"undated; published {ref.published}" if ref.published else "undated"


def _cite(refs: list[ClaimRef]) -> str:
    """"31,000 (2024-02)" for up to _MAX_NAMED claims, then "and N more"."""
    named = ", ".join(f"{r.figure()} ({_when(r)})" for r in refs[:_MAX_NAMED])
    if len(refs) > _MAX_NAMED:
        named += f" and {len(refs) - _MAX_NAMED} more"
    return named


def _undated_note(refs: list[ClaimRef]) -> str:
    if any(r.as_of is None for r in refs):
        return " (An undated figure is taken to hold when its article was published.)"
    return ""


# --- explicit disputes -------------------------------------------------------

def disputes(conn: sqlite3.Connection) -> list[Conflict]:
    grouped: dict[tuple, list[ClaimRef]] = defaultdict(list)
    for row in conn.execute(
            "SELECT * FROM keyed WHERE disputed_key IS NOT NULL "
            "ORDER BY doc, disputed_key, qid, source_key, start"):
        grouped[row["doc"], row["disputed_key"], row["qid"], row["source_key"]].append(
            ClaimRef.from_row(row))
    found = []
    for (doc, disputer_key, qid, _), refs in grouped.items():
        own = [ClaimRef.from_row(row) for row in conn.execute(
            "SELECT * FROM keyed WHERE doc = ? AND qid = ? AND source_key = ? "
            "AND disputed_key IS NULL ORDER BY start", (doc, qid, disputer_key))]
        disputer = refs[0].disputed_by
        text = (f"{disputer} rejects {_voice(refs[0])}'s figure"
                f"{'s' if len(refs) > 1 else ''} for {describe_quantity(qid)}: "
                f"{_cite(refs)}, in {doc}.")
        if own:
            text += f" {disputer}'s own figure: {_cite(own)}."
        found.append(Conflict("dispute", qid, text, refs + own))
    return found


# --- contradictions at overlapping times -------------------------------------

# Claims that take part in the time-based checks, one row per month they cover
# (a claim for a whole year covers each of its months), and the running totals.
_CONFLICT_TABLES = """
CREATE TEMP TABLE claim_months AS
WITH months(m) AS (VALUES ('01'),('02'),('03'),('04'),('05'),('06'),('07'),('08'),('09'),
                          ('10'),('11'),('12')),
     usable AS (SELECT * FROM keyed WHERE at IS NOT NULL AND NOT projected
                AND NOT period_total AND lo IS NOT NULL)
SELECT id, qid, substr(at, 1, 7) AS month, substr(at, 9, 2) AS day, lo, hi,
       source_key, disputed_key FROM usable WHERE length(at) >= 7
UNION ALL
SELECT id, qid, substr(at, 1, 4) || '-' || m, '', lo, hi, source_key, disputed_key
FROM usable JOIN months WHERE length(at) = 4;
CREATE INDEX temp.claim_months_q ON claim_months(qid, month, lo);

CREATE TEMP TABLE cumulative AS
SELECT id, qid, lo, hi,
       CASE WHEN length(at) >= 7 THEN substr(at, 1, 7) ELSE substr(at, 1, 4) || '-01' END
           AS first_month,
       CASE WHEN length(at) >= 7 THEN substr(at, 1, 7) ELSE substr(at, 1, 4) || '-12' END
           AS last_month
FROM keyed
WHERE measure IN ({cumulative}) AND per IS NULL AND at IS NOT NULL AND NOT projected
  AND NOT period_total AND lo IS NOT NULL;
CREATE INDEX temp.cumulative_q ON cumulative(qid, lo);

CREATE TEMP TABLE cumulative_max AS
SELECT qid, last_month, MAX(MAX(lo)) OVER (
    PARTITION BY qid ORDER BY last_month ROWS UNBOUNDED PRECEDING) AS max_lo
FROM cumulative GROUP BY qid, last_month;
CREATE INDEX temp.cumulative_max_q ON cumulative_max(qid, last_month);
""".format(cumulative=", ".join(f"'{m}'" for m in sorted(CUMULATIVE_MEASURES)))


def _prepare_conflict_tables(conn: sqlite3.Connection) -> None:
    if not conn.execute("SELECT 1 FROM temp.sqlite_master WHERE name = 'claim_months'").fetchone():
        conn.executescript(_CONFLICT_TABLES)


# The lower claim `a`, the higher `b`, in a month whose spread can hold a
# contradiction; a pair one of whose speakers disputes the other is a dispute.
_CONTRADICTING_PAIRS = """
WITH suspect AS (
    SELECT qid, month FROM claim_months GROUP BY qid, month HAVING MAX(lo) > :factor * MIN(hi))
SELECT DISTINCT a.id AS low_id, b.id AS high_id, a.qid AS qid, b.lo / a.hi AS ratio
FROM suspect AS s
JOIN claim_months AS a ON a.qid = s.qid AND a.month = s.month
JOIN claim_months AS b ON b.qid = s.qid AND b.month = s.month AND b.lo > :factor * a.hi
WHERE a.source_key <> b.source_key
  AND (a.day = '' OR b.day = '' OR a.day = b.day)
  AND (a.disputed_key IS NULL OR a.disputed_key <> b.source_key)
  AND (b.disputed_key IS NULL OR b.disputed_key <> a.source_key)
"""


def contradictions(conn: sqlite3.Connection, factor: float = DEFAULT_FACTOR) -> list[Conflict]:
    _prepare_conflict_tables(conn)
    pairs = conn.execute(_CONTRADICTING_PAIRS, {"factor": factor}).fetchall()
    refs = ref_of(conn, sorted({p["low_id"] for p in pairs} | {p["high_id"] for p in pairs}))
    # One conflict per quantity and pair of sources, naming every claim involved.
    grouped: dict[tuple, dict[str, Any]] = {}
    for pair in pairs:
        low, high = refs[pair["low_id"]], refs[pair["high_id"]]
        key = (pair["qid"], _voice(low).lower(), _voice(high).lower())
        entry = grouped.setdefault(key, {"low": {}, "high": {}, "ratio": float("inf")})
        entry["low"][low.id] = low
        entry["high"][high.id] = high
        entry["ratio"] = min(entry["ratio"], pair["ratio"] if pair["ratio"] is not None
                             else float("inf"))
    found = []
    for (qid, _, _), entry in sorted(grouped.items()):
        lows = sorted(entry["low"].values(), key=lambda r: (r.as_of or "", r.start))
        highs = sorted(entry["high"].values(), key=lambda r: (r.as_of or "", r.start))
        ratio = entry["ratio"]
        by = f"more than {factor:g} times" if ratio == float("inf") else f"{ratio:.1f} times or more"
        text = (f"For {describe_quantity(qid)}, {_voice(lows[0])} gives {_cite(lows)} and "
                f"{_voice(highs[0])} gives {_cite(highs)}, for overlapping times; the ranges "
                f"do not overlap and the higher is {by} the lower."
                + _undated_note(lows + highs))
        found.append(Conflict("contradiction", qid, text, lows + highs))
    return found


# --- running totals that fall -------------------------------------------------

# Claims below `factor` times the highest figure of any earlier month (a cheap
# index probe each), then the earlier claims they fall below.
_FALLING = """
WITH falling AS (
    SELECT b.* FROM cumulative AS b
    WHERE b.hi * :factor < (
        SELECT max_lo FROM cumulative_max AS m
        WHERE m.qid = b.qid AND m.last_month < b.first_month
        ORDER BY m.last_month DESC LIMIT 1))
SELECT b.id AS later_id, a.id AS earlier_id, b.qid AS qid
FROM falling AS b
JOIN cumulative AS a ON a.qid = b.qid AND a.lo > b.hi * :factor AND a.last_month < b.first_month
ORDER BY b.qid, b.first_month, a.lo DESC
"""


def cumulative_falls(conn: sqlite3.Connection, factor: float = DEFAULT_FACTOR) -> list[Conflict]:
    _prepare_conflict_tables(conn)
    rows = conn.execute(_FALLING, {"factor": factor}).fetchall()
    refs = ref_of(conn, sorted({r["later_id"] for r in rows} | {r["earlier_id"] for r in rows}))
    earlier_by_later: dict[int, list[ClaimRef]] = defaultdict(list)
    quantity_of: dict[int, str] = {}
    for row in rows:
        earlier_by_later[row["later_id"]].append(refs[row["earlier_id"]])
        quantity_of[row["later_id"]] = row["qid"]
    found = []
    for later_id, earlier in earlier_by_later.items():
        later = refs[later_id]
        qid = quantity_of[later_id]
        sources = sorted({_voice(r) for r in earlier})
        text = (f"{describe_quantity(qid).capitalize()} is a running total, yet "
                f"{_voice(later)}'s {later.figure()} ({_when(later)}) is below earlier "
                f"figures by more than {factor:g} times: {_cite(earlier)} from "
                f"{', '.join(sources[:_MAX_NAMED])}{' and others' if len(sources) > _MAX_NAMED else ''}."
                + _undated_note([later, *earlier]))
        found.append(Conflict("cumulative-fall", qid, text, [later, *earlier]))
    return found


# --- arithmetic within a document ---------------------------------------------

_OVERLAPPING = "(x.at IS NULL OR y.at IS NULL OR (x.at <= y.t_hi AND y.at <= x.t_hi))"
_PER_RANK = "CASE {t}.per WHEN 'day' THEN 1 WHEN 'week' THEN 2 WHEN 'month' THEN 3 " \
            "WHEN 'year' THEN 4 END"


def _interval(ref: ClaimRef) -> tuple[float, float] | None:
    low = ref.low if ref.low is not None else (0.0 if ref.high is not None else ref.value)
    high = ref.high if ref.high is not None else (UNBOUNDED if ref.low is not None else ref.value)
    return None if low is None or high is None else (low, high)


def _agree(a: tuple[float, float], b: tuple[float, float], tolerance: float) -> bool:
    """Whether two intervals meet once each is widened by `tolerance`."""
    return a[0] <= b[1] * (1 + tolerance) and b[0] <= a[1] * (1 + tolerance)


def _off_by(a: tuple[float, float], b: tuple[float, float]) -> str:
    if a[0] == a[1] and b[0] == b[1] and b[0]:
        return f"{abs(a[0] - b[0]) / b[0]:.1%} apart"
    return "ranges compared"


def rate_checks(conn: sqlite3.Connection, tolerance: float = DEFAULT_TOLERANCE) -> list[Conflict]:
    """A rate against the same quantity at another rate in the same document."""
    rows = conn.execute(
        f"SELECT x.id AS a, y.id AS b, x.base_qid AS qid, x.per AS per_a, y.per AS per_b "
        f"FROM keyed AS x JOIN keyed AS y ON y.doc = x.doc AND y.base_qid = x.base_qid "
        f"WHERE x.per IS NOT NULL AND y.per IS NOT NULL "
        f"AND {_PER_RANK.format(t='x')} < {_PER_RANK.format(t='y')} AND {_OVERLAPPING} "
        f"ORDER BY x.doc, x.start").fetchall()
    refs = ref_of(conn, sorted({r["a"] for r in rows} | {r["b"] for r in rows}))
    found = []
    for row in rows:
        a, b = refs[row["a"]], refs[row["b"]]
        a_span, b_span = _interval(a), _interval(b)
        if a_span is None or b_span is None:
            continue
        scale = DAYS_PER[row["per_b"]] / DAYS_PER[row["per_a"]]
        implied = (a_span[0] * scale, min(a_span[1] * scale, UNBOUNDED))
        holds = _agree(implied, b_span, tolerance)
        implied_text = (format_number(round(implied[0])) if implied[0] == implied[1]
                        else f"{format_number(round(implied[0]))}–{format_number(round(implied[1]))}")
        text = (f"In {a.doc}, {a.figure()} per {row['per_a']} makes {implied_text} per "
                f"{row['per_b']}, against {b.figure()} per {row['per_b']} stated for "
                f"{describe_quantity(row['qid'])} ({_off_by(implied, b_span)}): "
                + (f"consistent within {tolerance:.0%}." if holds
                   else f"these do not agree within {tolerance:.0%}."))
        found.append(Conflict("rate-vs-total", row["qid"], text, [a, b], consistent=holds))
    return found


def killed_plus_wounded(conn: sqlite3.Connection,
                        tolerance: float = DEFAULT_TOLERANCE) -> list[Conflict]:
    """Killed plus wounded against casualties, where a document gives all three
    for the same group, rate and time."""
    side = "substr({t}.qid, instr({t}.qid, '/') + 1)"  # the quantity without its measure
    rows = conn.execute(
        f"SELECT k.id AS k, w.id AS w, c.id AS c, c.qid AS qid "
        f"FROM keyed AS c "
        f"JOIN keyed AS k ON k.doc = c.doc AND k.measure = 'killed' "
        f"  AND {side.format(t='k')} = {side.format(t='c')} "
        f"JOIN keyed AS w ON w.doc = c.doc AND w.measure = 'wounded' "
        f"  AND {side.format(t='w')} = {side.format(t='c')} "
        f"WHERE c.measure = 'casualties' "
        f"AND {_OVERLAPPING.replace('x.', 'k.').replace('y.', 'w.')} "
        f"AND {_OVERLAPPING.replace('x.', 'k.').replace('y.', 'c.')} "
        f"ORDER BY c.doc, c.start").fetchall()
    refs = ref_of(conn, sorted({r[n] for r in rows for n in ("k", "w", "c")}))
    found = []
    for row in rows:
        killed, wounded, casualties = refs[row["k"]], refs[row["w"]], refs[row["c"]]
        spans = [_interval(r) for r in (killed, wounded, casualties)]
        if None in spans:
            continue
        total = (spans[0][0] + spans[1][0], min(spans[0][1] + spans[1][1], UNBOUNDED))
        holds = _agree(total, spans[2], tolerance)
        text = (f"In {killed.doc}, {killed.figure()} killed plus {wounded.figure()} wounded "
                f"against {casualties.figure()} casualties ({describe_quantity(row['qid'])}, "
                f"{_off_by(total, spans[2])}): "
                + (f"consistent within {tolerance:.0%}." if holds
                   else f"these do not add up within {tolerance:.0%}."))
        found.append(Conflict("killed-plus-wounded", row["qid"], text,
                              [killed, wounded, casualties], consistent=holds))
    return found


def parts_exceeding_wholes(conn: sqlite3.Connection,
                           tolerance: float = DEFAULT_TOLERANCE) -> list[Conflict]:
    found = []
    for row in conn.execute("SELECT * FROM keyed WHERE total IS NOT NULL AND value > total "
                            "ORDER BY doc, start"):
        ref = ClaimRef.from_row(row)
        text = (f"In {ref.doc}, \"{row['text']}\" puts {format_number(row['value'])} as part "
                f"of a whole of {format_number(row['total'])}: the part is larger than the whole.")
        found.append(Conflict("part-exceeds-whole", row["qid"], text, [ref]))
    side = "substr({t}.qid, instr({t}.qid, '/') + 1)"
    rows = conn.execute(
        f"SELECT x.id AS part, x.measure AS measure, y.id AS whole, y.qid AS qid FROM keyed AS y "
        f"JOIN keyed AS x ON x.doc = y.doc AND x.measure IN ('killed', 'wounded') "
        f"  AND {side.format(t='x')} = {side.format(t='y')} "
        f"WHERE y.measure = 'casualties' AND x.lo > y.hi * (1 + :tolerance) AND {_OVERLAPPING} "
        f"ORDER BY y.doc, y.start", {"tolerance": tolerance}).fetchall()
    refs = ref_of(conn, sorted({r["part"] for r in rows} | {r["whole"] for r in rows}))
    for row in rows:
        part, whole = refs[row["part"]], refs[row["whole"]]
        text = (f"In {part.doc}, {part.figure()} {row['measure']} is more than the "
                f"{whole.figure()} casualties ({describe_quantity(row['qid'])}) that "
                f"include them: the part is larger than the whole.")
        found.append(Conflict("part-exceeds-whole", row["qid"], text, [part, whole]))
    return found

