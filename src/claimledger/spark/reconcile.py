"""The reconcile reports on Spark: quantities, conflicts and fused estimates
over the claims of the Spark engine's OUT (or of a ledger file), with the
same rows as the ledger's reports (quantities.py, conflicts.py, fusion.py).

How it stays the same:

- The claims are keyed by the ledger itself. A claim's quantity key holds its
  event, and a copy of a story speaks in its original's voice and keeps only
  what the original does not say: both come from the order in which stories
  arrive (the first story of an event names it; the first of two copies is
  the original), so keying is one sequential pass, the ledger's own ingest
  of OUT (no extraction: ledger.py's `claims_of`). Its claims table, with
  the keys, ids and events, is exported to Parquet for Spark: whatever the
  key becomes in quantities.py and ledger.py, it is the same here.
- Finding what conflicts is Spark SQL over the keyed claims: the same
  narrowing as the SQLite queries (per quantity and month aggregates, then
  joins among the claims beyond them), as joins and window functions, never
  a Python loop over pairs. The pairs found (few) come back to the driver,
  where conflicts.py's own functions group and word them.
- Quantities: the aggregates and each source's latest claim in Spark SQL,
  assembled by quantities.assemble_quantities. Fused estimates: fusion.py's
  `_fuse` on each quantity and bucket, in the executors (`applyInArrow`).
"""
from __future__ import annotations

import json
import shutil
import sqlite3
import tempfile
from collections import defaultdict
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import Any

from .. import conflicts as C
from .. import fusion as Fu
from ..quantities import (
    DERIVED_TYPES, ClaimRef, Quantity, assemble_quantities, event_labels, open_ledger, prepare,
    quantity_label,
)
from ..record import CLAIM_FIELDS
from .extract import MANIFEST
from .extract import _spark_type as _claim_type

# ClaimRef's fields, in order (quantities.ClaimRef).
REF_COLUMNS = ("id", "doc", "start", "end", "speaker", "value", "low", "high", "approx", "as_of",
               "text", "via", "disputed_by", "projected", "url", "published")
_SQL_TYPES = {"TEXT": "string", "INTEGER": "int64", "REAL": "float64"}


def ledger_of(path: str, scratch: Path) -> Path:
    """The ledger of OUT (a local ingest of it, without extracting, into
    `scratch`), or the ledger file given."""
    folder = Path(path.removeprefix("file:"))
    if not (folder / MANIFEST).is_file():
        if folder.is_file():
            return folder
        raise ValueError(f"{path}: neither the folder `extract --engine spark` wrote nor a ledger")
    from ..ledger import Ledger
    from .load import ingest_inputs

    db = scratch / "keys.db"
    items, claims_of = ingest_inputs([str(folder)])
    with Ledger(db) as ledger:
        ledger.ingest(items, claims_of=claims_of)
    return db


def _arrow_schema() -> Any:
    import pyarrow as pa

    def arrow(kind: str) -> Any:
        return {"string": pa.string(), "double": pa.float64(), "bigint": pa.int64(),
                "boolean": pa.bool_(), "int64": pa.int64(), "float64": pa.float64()}[kind]

    fields = [("id", pa.int64())] + [(n, arrow(_claim_type(n))) for n in CLAIM_FIELDS]
    fields += [(n, arrow(_SQL_TYPES.get(t.split()[0], "string"))) for n, t in DERIVED_TYPES.items()]
    fields += [("url", pa.string()), ("published", pa.string()), ("disputer", pa.string())]
    return pa.schema(fields)


def export(conn: sqlite3.Connection, target: Path, chunk: int = 50_000) -> None:
    """The ledger's keyed claims, with their documents' url and date and the
    disputer's key (lower case, as quantities.prepare's lower_key), to Parquet."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _arrow_schema()
    names = schema.names[:-1]
    columns = ", ".join(f'k."{n}"' for n in names[:-2]) + ", d.url, d.published"
    cursor = conn.execute(f"SELECT {columns} FROM keyed AS k LEFT JOIN documents AS d "
                          f"ON d.id = k.doc ORDER BY k.id")
    booleans = [i for i, n in enumerate(names) if schema.field(n).type == pa.bool_()]
    disputed = names.index("disputed_by")
    with pq.ParquetWriter(target, schema) as writer:
        while rows := cursor.fetchmany(chunk):
            records = []
            for row in rows:
                row = list(row)
                for i in booleans:
                    row[i] = None if row[i] is None else bool(row[i])
                row.append(None if row[disputed] is None else row[disputed].lower())
                records.append(row)
            writer.write_table(pa.Table.from_pylist(
                [dict(zip(schema.names, r)) for r in records], schema=schema))


class Keyed:
    """The claims as the ledger keys and numbers them, cached in Spark, with
    the temp view `keyed` over them."""

    def __init__(self, spark: Any, path: str) -> None:
        self.spark = spark
        self._scratch = Path(tempfile.mkdtemp(prefix="claimledger-keyed-"))
        conn = open_ledger(ledger_of(path, self._scratch))
        try:
            prepare(conn)
            self.labels = event_labels(conn)
            export(conn, self._scratch / "keyed.parquet")
        finally:
            conn.close()
        self.frame = spark.read.parquet(str(self._scratch / "keyed.parquet")).persist()
        self.count = self.frame.count()
        self.frame.createOrReplaceTempView("keyed")

    def sql(self, query: str, **params: Any) -> list[tuple]:
        return [tuple(row) for row in self.spark.sql(query, args=params or None).collect()]

    def refs(self, ids: Any) -> dict[int, ClaimRef]:
        """ClaimRefs for these claim ids, by id."""
        ids = sorted(set(ids))
        if not ids:
            return {}
        wanted = self.spark.createDataFrame([(i,) for i in ids], "id long")
        rows = self.frame.join(wanted, "id").select(*[f"`{c}`" for c in REF_COLUMNS]).collect()
        return {row[0]: ClaimRef(*row) for row in rows}

    def close(self) -> None:
        self.frame.unpersist()
        shutil.rmtree(self._scratch, ignore_errors=True)


# --- quantities ------------------------------------------------------------------

_BY_QUANTITY = """
SELECT quantity, COUNT(*), MIN(`at`), MAX(`at`), MIN(COALESCE(low, value, high)),
       MAX(COALESCE(high, value, low))
FROM keyed GROUP BY quantity
"""
_LATEST_BY_SOURCE = """
SELECT quantity, m.latest, m.id FROM (
    SELECT quantity, MAX(STRUCT(COALESCE(`at`, '') || lpad(CAST(id AS STRING), 12, '0') AS latest,
                                id AS id)) AS m
    FROM keyed GROUP BY quantity, source)
"""
_REF_CLAIMS = REF_COLUMNS[:-2]  # quantities._REF_CLAIM_COLUMNS


def list_quantities(keyed: Keyed) -> list[Quantity]:
    """As quantities.list_quantities."""
    from pyspark.sql import functions as F

    quantities = {row[0]: Quantity(row[0], row[1], [], *row[2:]) for row in keyed.sql(_BY_QUANTITY)}
    latest = keyed.sql(_LATEST_BY_SOURCE)
    wanted = keyed.spark.createDataFrame([(row[2],) for row in latest], "id long")
    found = keyed.frame.join(F.broadcast(wanted) if len(latest) < 100_000 else wanted, "id") \
        .select(*[f"`{c}`" for c in (*_REF_CLAIMS, "subject", "url", "published")]).collect()
    rows = [tuple(row)[:len(_REF_CLAIMS) + 1] for row in found]
    documents = {row["doc"]: (row["url"], row["published"]) for row in found}
    return assemble_quantities(quantities, latest, rows, documents, keyed.labels)


# --- conflicts -------------------------------------------------------------------

_DISPUTED = "SELECT doc, id, quantity, source, disputed_by FROM keyed WHERE disputed_by IS NOT NULL"
_DISPUTERS_OWN = """
SELECT o.id, o.doc, o.quantity, o.source, o.start
FROM (SELECT DISTINCT doc, quantity, disputer FROM keyed WHERE disputed_by IS NOT NULL) AS d
JOIN keyed AS o ON o.doc = d.doc AND o.quantity = d.quantity AND o.source = d.disputer
WHERE o.disputed_by IS NULL
"""
_MONTHS = """
SELECT quantity, month, MAX(lo) AS highest, MIN(hi) AS lowest,
       MAX(CASE WHEN running = 1 THEN lo END) AS c_highest,
       MIN(CASE WHEN running = 1 THEN hi END) AS c_lowest
FROM keyed WHERE month IS NOT NULL GROUP BY quantity, month
"""
_NOT_DISPUTING = ("({a}.disputed_by IS NULL OR {a}.disputer <> {b}.source) AND "
                  "({b}.disputed_by IS NULL OR {b}.disputer <> {a}.source)")
# As conflicts._CONTRADICTING_PAIRS: months of a quantity that can hold a
# contradiction, their low ends joined with the claims above them; claims
# dated by a year alone against every claim of that year.
_CONTRADICTING_PAIRS = f"""
SELECT a.id, b.id, a.quantity, try_divide(b.lo, a.hi)
FROM conflict_months AS s
JOIN keyed AS a ON a.quantity = s.quantity AND a.month = s.month
JOIN keyed AS b ON b.quantity = s.quantity AND b.month = s.month
WHERE length(s.month) = 7 AND s.highest > :factor * s.lowest
  AND :factor * a.hi < s.highest AND b.lo > :factor * a.hi
  AND a.source <> b.source
  AND (length(a.`at`) = 7 OR length(b.`at`) = 7 OR substr(a.`at`, 1, 10) = substr(b.`at`, 1, 10))
  AND {_NOT_DISPUTING.format(a='a', b='b')}
UNION ALL
SELECT CASE WHEN y.lo > o.hi THEN o.id ELSE y.id END,
       CASE WHEN y.lo > o.hi THEN y.id ELSE o.id END, y.quantity,
       CASE WHEN y.lo > o.hi THEN try_divide(y.lo, o.hi) ELSE try_divide(o.lo, y.hi) END
FROM keyed AS y
JOIN keyed AS o ON o.quantity = y.quantity AND substr(o.month, 1, 4) = y.month AND o.id <> y.id
WHERE length(y.month) = 4 AND (o.lo > :factor * y.hi OR y.lo > :factor * o.hi)
  AND y.source <> o.source AND (length(o.month) = 7 OR (o.month = y.month AND y.id < o.id))
  AND {_NOT_DISPUTING.format(a='y', b='o')}
"""
# As conflicts._fall_months and _FALL_ENDS: per quantity, the lowest upper
# bound of the running totals of any later month and the highest lower bound
# of any earlier month (window functions), the months that can hold an end of
# a fall, and their running totals beyond those bounds.
_FALL_MONTHS = """
SELECT quantity, month, lowest_after, highest_before FROM (
    SELECT quantity, month, c_lowest, c_highest,
           MIN(c_lowest) OVER (PARTITION BY quantity ORDER BY month
                               ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) AS lowest_after,
           MAX(c_highest) OVER (PARTITION BY quantity ORDER BY month
                                ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS highest_before
    FROM conflict_months WHERE c_lowest IS NOT NULL)
WHERE (lowest_after IS NOT NULL AND c_highest > :factor * lowest_after)
   OR (highest_before IS NOT NULL AND c_lowest * :factor < highest_before)
"""
_FALL_ENDS = """
SELECT m.quantity, m.month, a.`at`, a.id, a.lo, a.hi,
       COALESCE(a.lo > :factor * m.lowest_after, false) AS high,
       COALESCE(a.hi * :factor < m.highest_before, false) AS low
FROM fall_months AS m
JOIN keyed AS a ON a.quantity = m.quantity AND a.month = m.month AND a.running = 1
WHERE a.lo > :factor * m.lowest_after OR a.hi * :factor < m.highest_before
"""
# Each low end with the high ends of earlier months it falls below (as
# conflicts._pair_falls and _first_above: both comparisons, as there).
_FALL_PAIRS = """
SELECT l.quantity, l.id, e.id, l.`at`, e.`at`
FROM fall_ends AS l JOIN fall_ends AS e ON e.quantity = l.quantity AND e.month < l.month
WHERE l.low AND e.high AND e.lo > l.hi * :factor AND l.hi < e.lo / :factor
"""
# The ties of SQLite's ORDER BY as its plan leaves them (the claims_rate index:
# y by per, quantity, at, id), so that the rows come in the ledger's order.
_RATE_PAIRS = C.rate_pairs("`") + "ORDER BY x.doc, x.id, y.per, y.quantity, y.`at`, y.id\n"
_PARTS_OF_CASUALTIES = C.parts_of_casualties("`")
# In the order of SQLite's plan: the claims_total index (total, value, quantity, id).
_PARTS_ABOVE_TOTALS = ("SELECT id, quantity, value, total FROM keyed "
                       "WHERE total IS NOT NULL AND value > total ORDER BY total, value, quantity, id")


def find_conflicts(keyed: Keyed, factor: float = C.DEFAULT_FACTOR,
                   tolerance: float = C.DEFAULT_TOLERANCE) -> list[C.Conflict]:
    """As conflicts.find_conflicts: every conflict and check, disputes first."""
    if factor < 1:
        raise ValueError("factor must be at least 1")
    C._LABELS.clear()  # the events' labels, for the wording (as conflicts._cursor)
    C._LABELS.update(keyed.labels)
    spark = keyed.spark
    disputed = sorted(keyed.sql(_DISPUTED))
    own = sorted(keyed.sql(_DISPUTERS_OWN), key=lambda row: (row[1], row[4], row[0]))
    months = spark.sql(_MONTHS).persist()
    months.createOrReplaceTempView("conflict_months")
    try:
        contradicting = sorted(keyed.sql(_CONTRADICTING_PAIRS, factor=factor),
                               key=itemgetter(2, 0, 1))
        spark.sql(_FALL_MONTHS, args={"factor": factor}).createOrReplaceTempView("fall_months")
        ends = spark.sql(_FALL_ENDS, args={"factor": factor}).persist()
        ends.createOrReplaceTempView("fall_ends")
        falling = _falls_found(keyed.sql(_FALL_PAIRS, factor=factor))
        ends.unpersist()
    finally:
        months.unpersist()
    rates = keyed.sql(_RATE_PAIRS)
    casualties = keyed.sql(_PARTS_OF_CASUALTIES)
    parts = keyed.sql(_PARTS_ABOVE_TOTALS)
    refs = keyed.refs({*(row[1] for row in disputed), *(row[0] for row in own),
                       *C._ids(contradicting), *C._fall_ids(falling), *C._ids(rates),
                       *(i for part, _, whole, _ in casualties for i in (part, whole)),
                       *(row[0] for row in parts)})
    return [*C._disputes(disputed, own, refs), *C._contradictions(contradicting, refs, factor),
            *C._falls(falling, refs, factor), *C._rate_checks(rates, refs, tolerance),
            *C._casualty_checks(casualties, refs, tolerance), *C._parts_above_totals(parts, refs)]


def _falls_found(rows: list[tuple]) -> C.Falls:
    """The pairs as conflicts.Falls: per quantity, each later figure with the
    earlier ones it falls below, and the times of both."""
    falls: C.Falls = []
    for quantity, quantity_rows in groupby(sorted(rows), key=itemgetter(0)):
        below: dict[int, list[int]] = defaultdict(list)
        at_of: dict[int, str] = {}
        for _, later, earlier, later_at, earlier_at in quantity_rows:
            below[later].append(earlier)
            at_of[later], at_of[earlier] = later_at, earlier_at
        falls.append((quantity, sorted(below.items()), at_of))
    return falls


# --- fused estimates -------------------------------------------------------------

_CELL_COLUMNS = (*REF_COLUMNS, "measure", "group", "unit", "per", "sentence")


def _fuse_cells(bucket: str) -> Any:
    def run(table: Any) -> Any:
        import pyarrow as pa

        rows = sorted(table.to_pylist(), key=itemgetter("id"))
        first = rows[0]
        estimate = Fu.Estimate(first["quantity"], first["measure"], first["group"], first["unit"],
                               first["per"], first["period"])
        Fu._fuse(estimate, [(ClaimRef(*(row[c] for c in REF_COLUMNS)), row) for row in rows])
        return pa.table({"quantity": [estimate.quantity], "period": [estimate.period],
                         "estimate": [json.dumps(estimate.to_dict(), ensure_ascii=False)]})
    return run


def estimates(keyed: Keyed, bucket: str = "month") -> list[Fu.Estimate]:
    """As fusion.estimates: per quantity and bucket, low / best / high."""
    from pyspark.sql import functions as F

    if bucket not in Fu.BUCKETS:
        raise ValueError(f"bucket must be one of {', '.join(Fu.BUCKETS)}")
    at = F.coalesce("as_of", "published")
    period = F.when((at.isNull()) | (at == ""), F.lit(None)).when(
        F.lit(bucket == "month") & (F.length(at) >= 7), F.substring(at, 1, 7)).otherwise(
        F.substring(at, 1, 4))
    cells = (keyed.frame.withColumn("period", period).where(F.col("period").isNotNull())
             .select(*[F.col(f"`{c}`") for c in _CELL_COLUMNS], "quantity", "period")
             .groupBy("quantity", "period")
             .applyInArrow(_fuse_cells(bucket), "quantity string, period string, estimate string"))
    found = sorted((row[0], row[1], row[2]) for row in cells.collect())
    estimates = [_estimate(json.loads(text)) for _, _, text in found]
    for estimate in estimates:
        estimate.label = quantity_label(estimate.quantity, keyed.labels)
    return estimates


def _estimate(data: dict) -> Fu.Estimate:
    """An Estimate again from its to_dict()."""
    def refs(items: list[dict]) -> list[ClaimRef]:
        return [ClaimRef(**item) for item in items]

    voices = [Fu.Voice(v["source"], refs(v["claims"]), v["point"], v["low"], v["high"])
              for v in data["voices"]]
    by_source = {v.source: v for v in voices}
    return Fu.Estimate(data["quantity"], data["measure"], data["group"], data["unit"], data["per"],
                       data["period"], data["low"], data["best"], data["high"], voices,
                       [by_source[name] for name in data["best_from"]], refs(data["disputed"]),
                       refs(data["projected"]), refs(data["set_apart"]))
