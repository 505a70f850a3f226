"""Conflicts: where the ledger's claims disagree, each with its evidence.

Kinds, in the order they are reported:

- `dispute`: a speaker in a document rejects another's figures (`disputed_by`).
- `contradiction`: two sources give figures for one quantity at overlapping
  times (as_of prefixes: "2024" covers "2024-02", which covers "2024-02-15")
  whose ranges do not overlap and differ by more than `factor`: one per
  quantity and out-of-line source (the one contradicted by most sources),
  naming its claims and those of the sources it conflicts with.
- `cumulative-fall`: a running total (killed, wounded, casualties, captured; not
  a rate) lower than a figure of the same quantity from an earlier month by
  more than `factor`, from any source: one per out-of-line figure (the end of
  most fall pairs; on a tie the earlier, higher one), naming it first and then
  the figures it conflicts with, in time order.
- `rate-vs-total`, `killed-plus-wounded`: arithmetic within one document,
  reported when they hold too (`consistent` True): "it adds up" is an answer.
- `part-exceeds-whole`: "40 of 30", or killed or wounded above the casualties
  of the same group given in the same document for the same time.

An undated claim holds at its article's publication date (CLAIMS.md does the
same for present-tense figures). Projections, and figures for a bounded period
or one event ("within the last month"), say nothing about the running figure
and take no part in contradictions and falls. A pair one of whose speakers
disputes the other is reported once, as the dispute.

The pairs come from the claims' derived columns and their indexes
(quantities.py: the month each claim is compared in, whether it is a running
total, its interval), narrowed by aggregates first (a month of a quantity can
hold a contradiction only if its highest lower bound exceeds `factor` times
its lowest upper bound; a figure can have a fall after it only if it exceeds
`factor` times the lowest figure of some later month, found from the monthly
minima and maxima; one pass over the index gives both), so the work grows
with the conflicts found, not with the pairs of claims. Contradictions are
joined in SQL; falls are paired in Python among their ends, by bisection.
`find_conflicts` reads every kind's pairs first, then the claims they name,
once.
"""
from __future__ import annotations

import gc
import sqlite3
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import chain, groupby
from operator import itemgetter
from typing import Any

from .quantities import (
    UNBOUNDED, ClaimRef, event_labels, prepare, ref_of, source_name,
)
from .quantities import describe_quantity as _describe

# Event labels for the wording of one report (set by `_cursor`).
_LABELS: dict[str, str] = {}


def describe_quantity(qid: str) -> str:
    """A quantity in words, its event by label."""
    return _describe(qid, _LABELS)
from .writers import format_number

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
    # Tens of thousands of claims and containers are made and all kept: the
    # cyclic garbage collector would only walk them again and again.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _find_conflicts(conn, factor, tolerance)
    finally:
        if collecting:
            gc.enable()


def _find_conflicts(conn: sqlite3.Connection, factor: float, tolerance: float) -> list[Conflict]:
    cursor = _cursor(conn)
    # Every kind's rows first, then the claims they name, read once.
    disputed, own = _dispute_rows(cursor)
    with _months(cursor):
        contradicting = _contradicting_pairs(cursor, factor)
        falling = _fall_pairs(cursor, factor)
    rates = cursor.execute(_RATE_PAIRS).fetchall()
    casualties = cursor.execute(_PARTS_OF_CASUALTIES).fetchall()
    parts = cursor.execute(_PARTS_ABOVE_TOTALS).fetchall()
    refs = ref_of(conn, {*(row[1] for row in disputed), *(row[0] for row in own),
                         *_ids(contradicting), *_fall_ids(falling), *_ids(rates),
                         *(i for part, _, whole, _ in casualties for i in (part, whole)),
                         *(row[0] for row in parts)})
    return [*_disputes(disputed, own, refs), *_contradictions(contradicting, refs, factor),
            *_falls(falling, refs, factor), *_rate_checks(rates, refs, tolerance),
            *_casualty_checks(casualties, refs, tolerance), *_parts_above_totals(parts, refs)]


def _cursor(conn: sqlite3.Connection) -> sqlite3.Cursor:
    """A cursor of plain tuples over `keyed` (quantities.prepare)."""
    prepare(conn)
    _LABELS.clear()
    _LABELS.update(event_labels(conn))
    cursor = conn.cursor()
    cursor.row_factory = None  # plain tuples: there can be many rows
    return cursor


def _ids(rows: Iterable[tuple]) -> set[int]:
    """The claim IDs in the first two columns of pair rows."""
    return {i for row in rows for i in row[:2]}


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


def _names(refs: list[ClaimRef]) -> str:
    """"A, B, C and 4 others": the sources of these claims by name."""
    names = {r.speaker for r in refs}  # as source_name, without a call per claim
    if None in names or "" in names:  # and the documents in their own voice
        names -= {None, ""}
        names.update(source_name(r) for r in refs if not r.speaker)
    names = sorted(names)
    more = f" and {len(names) - _MAX_NAMED} others" if len(names) > _MAX_NAMED else ""
    return ", ".join(names[:_MAX_NAMED]) + more


# --- explicit disputes -------------------------------------------------------

# The disputed claims, and each disputer's own claims of the same quantity in
# the same document (by the partial index over the disputed claims, then by
# document); sorted in Python, so that SQLite keeps to those indexes.
_DISPUTED = ("SELECT doc, id, quantity, source, disputed_by FROM keyed "
             "WHERE disputed_by IS NOT NULL")
_DISPUTERS_OWN = """
SELECT o.id, o.doc, o.quantity, o.source, o.start
FROM (SELECT DISTINCT doc, quantity, lower_key(disputed_by) AS disputer FROM keyed
      WHERE disputed_by IS NOT NULL) AS d
JOIN keyed AS o ON o.doc = d.doc AND o.quantity = d.quantity AND o.source = d.disputer
WHERE o.disputed_by IS NULL
"""


def disputes(conn: sqlite3.Connection) -> list[Conflict]:
    """One per document, quantity, disputed source and disputer, with the
    disputer's own figures for the quantity in that document."""
    disputed, own = _dispute_rows(_cursor(conn))
    return _disputes(disputed, own,
                     ref_of(conn, [row[1] for row in disputed] + [row[0] for row in own]))


def _dispute_rows(cursor: sqlite3.Cursor) -> tuple[list[tuple], list[tuple]]:
    """(doc, ID, quantity, source, disputer) of the disputed claims, by document
    and ID; (ID, doc, quantity, source, start) of the disputers' own claims, by
    document, position and ID."""
    return (sorted(cursor.execute(_DISPUTED).fetchall()),
            sorted(cursor.execute(_DISPUTERS_OWN).fetchall(),
                   key=lambda row: (row[1], row[4], row[0])))


def _disputes(rows: list[tuple], own_rows: list[tuple],
              refs: dict[int, ClaimRef]) -> list[Conflict]:
    disputed: dict[tuple, list[int]] = defaultdict(list)
    for doc, claim_id, qid, source, disputer in rows:
        disputed[doc, qid, disputer.lower(), source].append(claim_id)
    own: dict[tuple, list[int]] = defaultdict(list)
    for claim_id, doc, qid, source, _ in own_rows:
        own[doc, qid, source].append(claim_id)
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

# The claims compared are those with a `month` (quantities.conflict_month):
# not projected, not a period or event total, with a figure and a time. Their
# figures are intervals, [lo, hi] (quantities.bounds): "at least 40,000" is
# [40000, UNBOUNDED], "up to 1,900" is [0, 1900].

# Neither speaker disputes the other (that pair is reported as the dispute).
_NOT_DISPUTING = ("({a}.disputed_by IS NULL OR lower_key({a}.disputed_by) <> {b}.source) AND "
                  "({b}.disputed_by IS NULL OR lower_key({b}.disputed_by) <> {a}.source)")
# Per quantity and month (or year, for claims dated only by a year), the
# highest lower bound and lowest upper bound of its claims, and of its running
# totals (for falls): one pass over the (quantity, month) index, shared by
# contradictions and falls. A month can hold a contradiction only if its
# highest lower bound exceeds `factor` times its lowest upper bound.
_MONTHS = """
CREATE TEMP TABLE conflict_months AS
SELECT quantity, month, MAX(lo) AS highest, MIN(hi) AS lowest,
       MAX(CASE WHEN running THEN lo END) AS c_highest,
       MIN(CASE WHEN running THEN hi END) AS c_lowest
FROM keyed WHERE month IS NOT NULL
GROUP BY quantity, month
"""
# `a` holds the lower figure, `b` the higher. Claims dated to a month or a day
# meet in the same month (and day, when both give one); claims dated only by a
# year meet every claim of that year (whose months lie in [year, year~)). Only
# the claims below `factor` times the month's highest lower bound (the low
# ends) are paired, each with the month's claims above it, found by lower
# bound in the (quantity, month, lo) index. (CROSS JOIN keeps the few months
# in the outer loop; the two halves cannot share a pair: UNION ALL.)
_CONTRADICTING_PAIRS = f"""
SELECT a.id, b.id, a.quantity, b.lo / a.hi
FROM temp.conflict_months AS s
CROSS JOIN keyed AS a ON a.quantity = s.quantity AND a.month = s.month
JOIN keyed AS b ON b.quantity = s.quantity AND b.month = s.month
WHERE length(s.month) = 7 AND s.highest > :factor * s.lowest
  AND :factor * a.hi < s.highest AND b.lo > :factor * a.hi
  AND a.source <> b.source
  AND (length(a."at") = 7 OR length(b."at") = 7 OR substr(a."at", 1, 10) = substr(b."at", 1, 10))
  AND {_NOT_DISPUTING.format(a='a', b='b')}
UNION ALL
SELECT CASE WHEN y.lo > o.hi THEN o.id ELSE y.id END,
       CASE WHEN y.lo > o.hi THEN y.id ELSE o.id END, y.quantity,
       CASE WHEN y.lo > o.hi THEN y.lo / o.hi ELSE o.lo / y.hi END
FROM temp.conflict_months AS s
CROSS JOIN keyed AS y ON y.quantity = s.quantity AND y.month = s.month
JOIN keyed AS o ON o.quantity = y.quantity AND o.month >= y.month AND o.month < y.month || '~'
     AND o.id <> y.id
WHERE length(s.month) = 4 AND (o.lo > :factor * y.hi OR y.lo > :factor * o.hi)
  AND y.source <> o.source AND (length(o.month) = 7 OR (o.month = y.month AND y.id < o.id))
  AND {_NOT_DISPUTING.format(a='y', b='o')}
ORDER BY 3, 1, 2
"""


def contradictions(conn: sqlite3.Connection, factor: float = DEFAULT_FACTOR) -> list[Conflict]:
    """One per quantity and out-of-line source: of two sources that contradict
    each other, the one contradicted by more sources (on a tie, the one with
    more claims in contradictions, then by name), with its claims first and
    then those of the sources it conflicts with."""
    cursor = _cursor(conn)
    with _months(cursor):
        pairs = _contradicting_pairs(cursor, factor)
    return _contradictions(pairs, ref_of(conn, _ids(pairs)), factor)


def _contradicting_pairs(cursor: sqlite3.Cursor, factor: float) -> list[tuple]:
    """(lower ID, higher ID, quantity, ratio), by quantity, then IDs."""
    return cursor.execute(_CONTRADICTING_PAIRS, {"factor": factor}).fetchall()


def _before(two: str, one: str) -> bool:
    """The tie-break between two sources' names: `two` first if it sorts
    before `one`, or if it extends `one` (the longer name first)."""
    if one.startswith(two) or two.startswith(one):
        return len(two) > len(one)
    return two < one


def _contradictions(pairs: list[tuple], refs: dict[int, ClaimRef],
                    factor: float) -> list[Conflict]:
    """The pairs (by quantity, as `_contradicting_pairs` gives them) grouped
    around their out-of-line sources, worded."""
    name_of, when = _names_and_times(_ids(pairs), refs)

    def by_time(ids: Iterable[int]) -> list[ClaimRef]:
        return [refs[i] for i in sorted(ids, key=when.__getitem__)]

    found = []
    # A quantity at a time: its sources are few, and so are the keys below.
    for qid, quantity_pairs in groupby(pairs, key=itemgetter(2)):
        for source, others in sorted(_centred(list(quantity_pairs), name_of).items()):
            own_ids: set[int] = set()
            sides, ratio = [], float("inf")
            for other, key_pairs in others:
                if len(key_pairs) == 1 and other != source:
                    low_id, high_id, _, pair_ratio = key_pairs[0]
                    own_id, other_id = ((low_id, high_id) if name_of[low_id] == source
                                        else (high_id, low_id))
                    own_ids.add(own_id)
                    sides.append((other, [refs[other_id]]))
                    if pair_ratio is not None:  # None: the lower figure is 0
                        ratio = min(ratio, pair_ratio)
                    continue
                # Each side's claims, gathered in the order of the pairs.
                claims: dict[str, set[int]] = {source: set(), other: set()}
                for low_id, high_id, _, pair_ratio in key_pairs:
                    claims[name_of[low_id]].add(low_id)
                    claims[name_of[high_id]].add(high_id)
                    if pair_ratio is not None:
                        ratio = min(ratio, pair_ratio)
                own_ids |= claims[source]
                sides.append((other, by_time(claims[other])))
            sides.sort(key=itemgetter(0))  # by the other source's name
            found.append(_contradiction(qid, by_time(own_ids), [side for _, side in sides],
                                        ratio, factor))
    return found


def _names_and_times(ids: Iterable[int],
                     refs: dict[int, ClaimRef]) -> tuple[dict[int, str], dict[int, tuple]]:
    """Each claim's source name, lower case, and its time, document and
    position (to sort by), by ID: looked up rather than computed per use."""
    names: dict[tuple, str] = {}  # by (speaker, document): few sources say most
    name_of, when = {}, {}
    for i in ids:
        ref = refs[i]
        voice = (ref.speaker, ref.doc if not ref.speaker else None)
        name = names.get(voice)
        if name is None:
            name = names[voice] = source_name(ref).lower()
        name_of[i] = name
        when[i] = (ref.as_of or ref.published or "", ref.doc, ref.start)
    return name_of, when


def _centred(pairs: list[tuple], name_of: dict[int, str]) -> dict[str, list[tuple]]:
    """One quantity's pairs per pair of sources, each under its centre:
    {centre: [(other source, their pairs of claims)]}. The centre of a pair of
    sources is the side that contradicts more sources, then has more claims
    in contradictions; on a tie, the first by name."""
    between: dict[tuple, list[tuple]] = defaultdict(list)  # by the two names, in order
    for pair in pairs:
        low, high = name_of[pair[0]], name_of[pair[1]]
        between[(low, high) if low <= high else (high, low)].append(pair)
    partners = Counter(chain.from_iterable(between))  # the sources each contradicts
    claims_in = Counter([name_of[i] for i in _ids(pairs)])
    rank = {name: (count, claims_in[name]) for name, count in partners.items()}
    centred: dict[str, list[tuple]] = defaultdict(list)
    for (one, two), key_pairs in between.items():
        first, second = rank[one], rank[two]
        if second > first or second == first and _before(two, one):
            centred[two].append((one, key_pairs))
        else:
            centred[one].append((two, key_pairs))
    return centred


def _contradiction(qid: str, own: list[ClaimRef], sides: list[list[ClaimRef]], ratio: float,
                   factor: float) -> Conflict:
    """The centre's claims `own` against each other source's, worded."""
    by = f"more than {factor:g} times" if ratio == float("inf") else f"{ratio:.1f} times or more"
    named = "; ".join(f"{source_name(side[0])} gives {_cite(side)}"
                      for side in sides[:_MAX_NAMED])
    if len(sides) > _MAX_NAMED:
        named += f"; and {len(sides) - _MAX_NAMED} other sources"
    others = "another source" if len(sides) == 1 else f"{len(sides)} other sources"
    text = (f"For {describe_quantity(qid)}, {source_name(own[0])} gives {_cite(own)}, "
            f"out of line with {others} for overlapping times: {named}. The ranges do "
            f"not meet, and the higher is {by} the lower.")
    return Conflict("contradiction", qid, text, own + [ref for side in sides for ref in side])


# --- running totals that fall -------------------------------------------------

@contextmanager
def _months(cursor: sqlite3.Cursor) -> Iterator[None]:
    """TEMP `conflict_months` while the pairs are read."""
    cursor.execute("DROP TABLE IF EXISTS temp.conflict_months")
    cursor.execute(_MONTHS)
    try:
        yield
    finally:
        cursor.execute("DROP TABLE IF EXISTS temp.conflict_months")


# Per quantity, the bounds of each month's running totals, in time order.
_RUNNING_MONTHS = """
SELECT quantity, month, c_lowest, c_highest FROM temp.conflict_months
WHERE c_lowest IS NOT NULL ORDER BY quantity, month
"""
# The ends of falls, in the months that can hold them (TEMP `fall_months`,
# from `_fall_months`): a running total above `factor` times the lowest upper
# bound of any later month has a fall after it (`high`); one below the highest
# lower bound of any earlier month by the factor has fallen (`low`). Only
# those months' running totals are read again, by the (quantity, month) index.
_FALL_ENDS = """
SELECT m.quantity, m.month, a."at", a.id, a.lo, a.hi,
       a.lo > :factor * m.lowest_after AS high, a.hi * :factor < m.highest_before AS low
FROM temp.fall_months AS m
CROSS JOIN keyed AS a ON a.quantity = m.quantity AND a.month = m.month AND a.running = 1
WHERE a.lo > :factor * m.lowest_after OR a.hi * :factor < m.highest_before
"""


def _fall_months(cursor: sqlite3.Cursor, factor: float) -> list[tuple]:
    """(quantity, month, lowest upper bound of any later month, highest lower
    bound of any earlier month) for each month that can hold the end of a
    fall: its highest figure exceeds the first by the factor, or its lowest is
    below the second by it. (None where there is no later or earlier month.)
    A pass each way over the monthly bounds; SQLite's window functions took
    twice as long."""
    found = []
    months = cursor.execute(_RUNNING_MONTHS).fetchall()
    for quantity, quantity_months in groupby(months, key=itemgetter(0)):
        quantity_months = list(quantity_months)
        lowest_after = _lowest_after([lowest for _, _, lowest, _ in quantity_months])
        highest_before = None
        for (_, month, lowest, highest), after in zip(quantity_months, lowest_after):
            if ((after is not None and highest > factor * after)
                    or (highest_before is not None and lowest * factor < highest_before)):
                found.append((quantity, month, after, highest_before))
            if highest_before is None or highest > highest_before:
                highest_before = highest
    return found


def _lowest_after(values: list[float]) -> list[float | None]:
    """For each of the values, the lowest of those after it (None for the last)."""
    found: list[float | None] = [None] * len(values)
    lowest = None
    for i in range(len(values) - 1, 0, -1):
        if lowest is None or values[i] < lowest:
            lowest = values[i]
        found[i - 1] = lowest
    return found


@contextmanager
def _fall_ends(cursor: sqlite3.Cursor, factor: float) -> Iterator[list[tuple]]:
    """The ends of falls (`_FALL_ENDS`), by quantity and month, while TEMP
    `fall_months` holds the months they are in."""
    cursor.execute("DROP TABLE IF EXISTS temp.fall_months")
    cursor.execute("CREATE TEMP TABLE fall_months (quantity, month, lowest_after, highest_before)")
    try:
        cursor.executemany("INSERT INTO temp.fall_months VALUES (?, ?, ?, ?)",
                           _fall_months(cursor, factor))
        # Sorting the rows as SQLite gives them (by month already) is cheap.
        yield sorted(cursor.execute(_FALL_ENDS, {"factor": factor}), key=itemgetter(0, 1))
    finally:
        cursor.execute("DROP TABLE IF EXISTS temp.fall_months")


# Falls as found, per quantity: (quantity, each later figure with the
# earlier figures it falls below [(later ID, [earlier IDs])], each end's time
# {ID: at}).
Falls = list[tuple[str, list[tuple[int, list[int]]], dict[int, str]]]


def fall_pairs(conn: sqlite3.Connection, factor: float = DEFAULT_FACTOR) -> list[tuple]:
    """(earlier ID, later ID, quantity, earlier at, later at) for every fall."""
    cursor = _cursor(conn)
    with _months(cursor):
        falls = _fall_pairs(cursor, factor)
    return [(earlier, later, qid, at_of[earlier], at_of[later])
            for qid, below, at_of in falls for later, earlier_ids in below
            for earlier in earlier_ids]


def _fall_pairs(cursor: sqlite3.Cursor, factor: float) -> Falls:
    """Each fall: a high end of an earlier month whose lower bound exceeds a
    later low end's upper bound by more than the factor."""
    with _fall_ends(cursor, factor) as rows:
        return _pair_falls(rows, factor)


def _pair_falls(rows: list[tuple], factor: float) -> Falls:
    """The falls among the ends' rows (by quantity and month). Per quantity,
    month by month, the high ends of the months before are kept sorted by
    lower bound, so a low end's partners are the ones past a bisection."""
    falls: Falls = []
    for quantity, quantity_rows in groupby(rows, key=itemgetter(0)):
        below: list[tuple[int, list[int]]] = []
        at_of: dict[int, str] = {}
        earlier_los: list[float] = []  # the high ends of the months before, by lower bound
        earlier_ids: list[int] = []  # and their IDs, in the same order
        for _, month_rows in groupby(quantity_rows, key=itemgetter(1)):
            month_rows = list(month_rows)
            for _, _, at, claim_id, _, hi, _, low in month_rows:
                at_of[claim_id] = at
                if low:
                    first = _first_above(earlier_los, hi, factor)
                    if first < len(earlier_ids):
                        below.append((claim_id, earlier_ids[first:]))
            for _, _, _, claim_id, lo, _, high, _ in month_rows:
                if high:
                    i = bisect_right(earlier_los, lo)
                    earlier_los.insert(i, lo)
                    earlier_ids.insert(i, claim_id)
        if below:
            falls.append((quantity, below, at_of))
    return falls


def _first_above(los: list[float], hi: float, factor: float) -> int:
    """Where the partners of a low end begin among the sorted lower bounds
    `los`: lo > hi * factor and hi < lo / factor, both checked, since in
    floating point they can differ at the edge; each holds from some index on."""
    first = bisect_right(los, hi * factor)
    while first < len(los) and not hi < los[first] / factor:
        first += 1
    return first


def _fall_ids(falls: Falls) -> set[int]:
    """The claims of falls: every end with a partner."""
    return {i for _, below, _ in falls for later, earlier_ids in below
            for i in (later, *earlier_ids)}


def out_of_line(pairs: Iterable[tuple[Any, Any]]) -> dict[Any, list[Any]]:
    """Each pair put under whichever of its two ends has more partners (the
    first on a tie): {end: [its partners]}."""
    return _out_of_line([(second, [first]) for first, second in pairs])


def _out_of_line(below: list[tuple[Any, list[Any]]]) -> dict[Any, list[Any]]:
    """`out_of_line` over pairs given as each second end with its first ends."""
    partners = Counter(chain.from_iterable(firsts for _, firsts in below))
    for second, firsts in below:
        partners[second] += len(firsts)
    grouped: dict[Any, list[Any]] = defaultdict(list)
    for second, firsts in below:
        second_partners = partners[second]
        for first in firsts:
            if second_partners > partners[first]:
                grouped[second].append(first)
            else:
                grouped[first].append(second)
    return grouped


def cumulative_falls(conn: sqlite3.Connection, factor: float = DEFAULT_FACTOR) -> list[Conflict]:
    """One per out-of-line figure of a running total: the figure that more
    of the fall pairs it is in share (on a tie, the earlier, higher one), then
    the figures it conflicts with, in time order."""
    cursor = _cursor(conn)
    with _months(cursor):
        falls = _fall_pairs(cursor, factor)
    return _falls(falls, ref_of(conn, _fall_ids(falls)), factor)


def _falls(falls: Falls, refs: dict[int, ClaimRef], factor: float) -> list[Conflict]:
    found = []
    for qid, below, at_of in falls:  # a quantity at a time, as found
        described = describe_quantity(qid)
        running_total = f"{described[:1].upper()}{described[1:]} is a running total"
        time_of = at_of.__getitem__
        grouped = _out_of_line(below)
        for centre_id in sorted(grouped, key=lambda i: (at_of[i], i)):
            centre, at = refs[centre_id], at_of[centre_id]
            # By time, then ID: sorted by ID, then (stably) by time. Partners
            # are of other months: before the centre's time, or after it.
            partner_ids = sorted(sorted(grouped[centre_id]), key=time_of)
            partners = [refs[i] for i in partner_ids]
            split = bisect_left(partner_ids, at, key=time_of)
            before, after = partners[:split], partners[split:]
            figure = f"{_owner(centre)} {centre.figure()} ({_when(centre)})"
            parts = []
            if after:
                fall = (f"{len(after)} later figures fall" if len(after) > 1
                        else "a later figure falls")
                parts.append(f"{fall} below {figure} by more than {factor:g} times: "
                             f"{_cite(after)}, from {_names(after)}")
            if before:
                above = f"{len(before)} earlier figures" if len(before) > 1 else "an earlier figure"
                parts.append(f"{figure if not after else 'it'} falls below {above} by more "
                             f"than {factor:g} times: {_cite(before)}, from {_names(before)}")
            found.append(Conflict("cumulative-fall", qid,
                                  f"{running_total}, yet {'; and '.join(parts)}.",
                                  [centre, *before, *after]))
    return found


# --- arithmetic within a document ---------------------------------------------

def overlapping(quote: str = '"') -> str:
    """x's and y's times overlap (one a prefix of the other, or either unknown);
    `quote` quotes the column `at` (SQLite '"', Spark SQL '`')."""
    at = f"{quote}at{quote}"
    return f"(x.{at} IS NULL OR y.{at} IS NULL OR (x.{at} <= y.{at} || '~' AND y.{at} <= x.{at} || '~'))"


PER_RANK = ("CASE {t}.per WHEN 'day' THEN 1 WHEN 'week' THEN 2 WHEN 'month' THEN 3 "
            "WHEN 'year' THEN 4 END")


def rate_pairs(quote: str = '"') -> str:
    """The same document's claims about the same quantity at two rates: x the
    shorter (no ORDER BY: each engine orders them as its reports need)."""
    return f"""
SELECT x.id, y.id, replace(x.quantity, '/per-' || x.per, ''), x.per, y.per
FROM keyed AS x JOIN keyed AS y ON y.doc = x.doc AND y.per IS NOT NULL
WHERE x.per IS NOT NULL
  AND {PER_RANK.format(t='x')} < {PER_RANK.format(t='y')}
  AND replace(x.quantity, '/per-' || x.per, '') = replace(y.quantity, '/per-' || y.per, '')
  AND {overlapping(quote)}
"""


_RATE_PAIRS = rate_pairs() + "ORDER BY x.doc || '', x.id\n"
# A part larger than its own whole (by the partial index over claims with a whole).
_PARTS_ABOVE_TOTALS = ("SELECT id, quantity, value, total FROM keyed "
                       "WHERE total IS NOT NULL AND value > total")
# Killed or wounded (x) beside casualties (y) of the same group, unit, rate
# and time in one document: their quantity ID is the casualties' with the
# measure changed, which the (doc, measure, quantity) index finds.
_PARTS_OF = """
SELECT y.doc, x.id AS part, x.measure, y.id AS whole, y.quantity
FROM keyed AS y JOIN keyed AS x ON x.doc = y.doc AND x.measure = '{measure}'
     AND x.quantity = '{measure}' || substr(y.quantity, instr(y.quantity, '/'))
WHERE y.measure = 'casualties' AND {overlapping}
"""


def parts_of_casualties(quote: str = '"') -> str:
    """Killed or wounded beside the casualties of the same group, unit, rate and time in one document."""
    return f"""
SELECT part, measure, whole, quantity
FROM ({_PARTS_OF.format(measure='killed', overlapping=overlapping(quote))}
      UNION ALL {_PARTS_OF.format(measure='wounded', overlapping=overlapping(quote))})
ORDER BY doc, whole, part
"""


_PARTS_OF_CASUALTIES = parts_of_casualties()


def _interval(ref: ClaimRef) -> tuple[float, float] | None:
    low = ref.low if ref.low is not None else (0.0 if ref.high is not None else ref.value)
    high = ref.high if ref.high is not None else (UNBOUNDED if ref.low is not None else ref.value)
    return None if low is None or high is None else (low, high)


def _arithmetic(kind: str, qid: str, claims: list, computed: tuple[float, float], stated: tuple[float, float],
                tolerance: float, lead: str, verb: str, aside: str = "") -> Conflict:
    """An arithmetic check, worded: what the figures make against what is stated, and whether it holds."""
    holds = _agree(computed, stated, tolerance)
    verdict = f"consistent within {tolerance:.0%}." if holds else f"these do not {verb} within {tolerance:.0%}."
    text = f"{lead} ({aside}{_gap(computed, stated)}): {verdict}"
    return Conflict(kind, qid, text, claims, consistent=holds)


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
    rows = _cursor(conn).execute(_RATE_PAIRS).fetchall()
    return _rate_checks(rows, ref_of(conn, _ids(rows)), tolerance)


def _rate_checks(rows: list[tuple], refs: dict[int, ClaimRef],
                 tolerance: float) -> list[Conflict]:
    found = []
    for a_id, b_id, qid, per_a, per_b in rows:
        a, b = refs[a_id], refs[b_id]
        a_span, b_span = _interval(a), _interval(b)
        if a_span is None or b_span is None:
            continue
        scale = DAYS_PER[per_b] / DAYS_PER[per_a]
        implied = (a_span[0] * scale, min(a_span[1] * scale, UNBOUNDED))
        found.append(_arithmetic(
            "rate-vs-total", qid, [a, b], implied, b_span, tolerance,
            f"In {a.doc}, {a.figure()} per {per_a} makes {_span_text(implied)} per {per_b}, against the "
            f"{b.figure()} per {per_b} also given for {describe_quantity(qid)}", "agree"))
    return found


def casualty_checks(conn: sqlite3.Connection,
                    tolerance: float = DEFAULT_TOLERANCE) -> list[Conflict]:
    """Killed or wounded above casualties; killed plus wounded against casualties."""
    rows = _cursor(conn).execute(_PARTS_OF_CASUALTIES).fetchall()
    return _casualty_checks(rows, ref_of(conn, {i for part, _, whole, _ in rows
                                                for i in (part, whole)}), tolerance)


def _casualty_checks(rows: list[tuple], refs: dict[int, ClaimRef],
                     tolerance: float) -> list[Conflict]:
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
                found.append(_arithmetic(
                    "killed-plus-wounded", qid, [killed, wounded, whole], total, whole_span, tolerance,
                    f"In {whole.doc}, {killed.figure()} killed plus {wounded.figure()} wounded makes "
                    f"{_span_text(total)}, against {whole.figure()} casualties", "add up",
                    aside=f"{describe_quantity(qid)}, "))
    return found


def parts_exceeding_totals(conn: sqlite3.Connection) -> list[Conflict]:
    """A claim whose part is larger than its own whole: "40 of 30"."""
    rows = _cursor(conn).execute(_PARTS_ABOVE_TOTALS).fetchall()
    return _parts_above_totals(rows, ref_of(conn, [row[0] for row in rows]))


def _parts_above_totals(rows: list[tuple], refs: dict[int, ClaimRef]) -> list[Conflict]:
    return [Conflict("part-exceeds-whole", qid, (
        f"In {refs[claim_id].doc}, \"{refs[claim_id].text}\" puts {format_number(value)} as "
        f"part of a whole of {format_number(total)}: the part is larger than the whole."),
        [refs[claim_id]]) for claim_id, qid, value, total in rows]
