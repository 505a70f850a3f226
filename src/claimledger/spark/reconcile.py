"""The reconcile reports on Spark: quantities, conflicts and fused estimates
from the claims of the Spark engine's OUT (or any Parquet of the claim spec's
fields), with the same rows as the ledger's reports (quantities.py,
conflicts.py, fusion.py) over a ledger holding the same claims.

How it stays the same:

- Claims are numbered as a ledger numbers them: in the order of a local
  ingest of the corpus (doc_seq, then the claim's place in its document),
  from 1, so ids and every tie broken by id agree. Of two documents with one
  id the last read stands, as in a ledger (whose ids then have the gaps of
  the claims it replaced, which these do not).
- The derived keys (quantity ID, source, `at`, period total, interval, month,
  running total) are computed by the ledger's own function,
  `quantities.derived_columns`, in the executors: when the quantity key
  changes there, it changes here.
- Finding what conflicts is Spark SQL over the keyed claims: the same
  narrowing as the SQLite queries (per quantity and month aggregates, then
  joins among the claims beyond them), as joins and window functions, never
  a Python loop over pairs. The pairs found (few) come back to the driver,
  where conflicts.py's own functions group and word them.
- Fused estimates run fusion.py's `_fuse` on each quantity and bucket, in
  the executors (`groupBy().applyInArrow`).
"""
from __future__ import annotations

import json
from collections import defaultdict
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import Any

from .. import conflicts as C
from .. import fusion as Fu
from ..quantities import DERIVED_COLUMNS, ClaimRef, Quantity, derived_columns, source_name
from ..record import CLAIM_FIELDS
from .extract import MANIFEST, claim_struct_ddl

# ClaimRef's fields, in order (quantities.ClaimRef).
REF_COLUMNS = ("id", "doc", "start", "end", "speaker", "value", "low", "high", "approx", "as_of",
               "text", "via", "disputed_by", "projected", "url", "published")
_DERIVED_DDL = ("quantity string, source string, at string, period_total int, lo double, "
                "hi double, month string, running int, disputer string")


def read_claims(spark: Any, path: str) -> Any:
    """The claims of OUT (its claims/ folder) or of a Parquet file or folder of
    claims, with doc_seq, n, published and url (null where not given)."""
    from pyspark.sql import functions as F

    folder = Path(path.removeprefix("file:"))
    if (folder / MANIFEST).is_file():
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        if manifest.get("claims_format") != "parquet":
            raise ValueError(f"{path}: its claims are {manifest.get('claims_format')}; the Spark "
                             f"reports read Parquet claims (extract with --format parquet)")
        path = f"{path.rstrip('/')}/claims"
    frame = spark.read.option("basePath", path).parquet(path) if not path.endswith(".parquet") \
        else spark.read.parquet(path)
    missing = [name for name in CLAIM_FIELDS if name not in frame.columns]
    if missing:
        raise ValueError(f"{path}: not claims (no {', '.join(missing)})")
    if "doc_seq" not in frame.columns:  # claims of the local engine: in file order
        frame = frame.withColumn("doc_seq", F.lit(0).cast("long")) \
            .withColumn("n", F.monotonically_increasing_id())
    for name in ("published", "url"):
        if name not in frame.columns:
            frame = frame.withColumn(name, F.lit(None).cast("string"))
    structs = {f.split(":")[0].strip("` "): f.split(":")[1].strip()
               for f in claim_struct_ddl().split(", ")}
    return frame.select(*[F.col(f"`{name}`").cast(structs[name]).alias(name)
                          for name in CLAIM_FIELDS],
                        F.col("doc_seq").cast("long"), F.col("n").cast("long"),
                        F.col("published").cast("string"), F.col("url").cast("string"))


def _derive(schema: Any) -> Any:
    """The ledger's derived columns of each claim (quantities.derived_columns),
    appended to its batch."""
    def run(batches: Any) -> Any:
        import pyarrow as pa

        for batch in batches:
            out = []
            for row in batch.to_pylist():
                claim = {name: row[name] for name in CLAIM_FIELDS}
                derived = dict(zip(DERIVED_COLUMNS,
                                   derived_columns(claim, row["doc"], row["published"])))
                derived["disputer"] = None if row["disputed_by"] is None else row["disputed_by"].lower()
                out.append(derived)
            derived_batch = pa.RecordBatch.from_pylist(out, schema=schema)
            yield pa.RecordBatch.from_arrays(
                [*batch.columns, *derived_batch.columns],
                names=[*batch.schema.names, *derived_batch.schema.names])
    return run


class Keyed:
    """The claims, numbered as the ledger numbers them and keyed as it keys
    them, cached, with the temp view `keyed` over them."""

    def __init__(self, spark: Any, path: str) -> None:
        from pyspark.sql import Window
        from pyspark.sql import functions as F
        from pyspark.sql.pandas.types import to_arrow_schema

        self.spark = spark
        claims = read_claims(spark, path)
        # Two documents with one id: the one read last stands, as in a ledger.
        latest = F.max("doc_seq").over(Window.partitionBy("doc"))
        claims = claims.withColumn("_latest", latest).where(F.col("doc_seq") == F.col("_latest")) \
            .drop("_latest")
        # Ids: 1.. in (doc_seq, n) order, from each sorted partition's count.
        ordered = claims.orderBy("doc_seq", "n").withColumn("_pid", F.spark_partition_id()) \
            .withColumn("_mid", F.monotonically_increasing_id()).persist()
        counts = sorted(ordered.groupBy("_pid").agg(F.count("*"), F.min("_mid")).collect())
        base, done = {}, 0
        for pid, count, first in counts:
            base[pid] = done - first + 1
            done += count
        offsets = spark.createDataFrame(list(base.items()), "_pid int, _base long")
        numbered = ordered.join(F.broadcast(offsets), "_pid") \
            .withColumn("id", F.col("_mid") + F.col("_base")).drop("_pid", "_mid", "_base")
        derived = to_arrow_schema(spark.createDataFrame([], _DERIVED_DDL).schema)
        schema = ", ".join(f"`{f.name}` {f.dataType.simpleString()}" for f in numbered.schema.fields)
        keyed = numbered.mapInArrow(_derive(derived), f"{schema}, {_DERIVED_DDL}")
        self.frame = keyed.persist()
        self.count = self.frame.count()
        ordered.unpersist()
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


# --- quantities ------------------------------------------------------------------

_BY_QUANTITY = """
SELECT quantity, COUNT(*), MIN(`at`), MAX(`at`), MIN(COALESCE(low, value, high)),
       MAX(COALESCE(high, value, low))
FROM keyed GROUP BY quantity
"""
_LATEST_BY_SOURCE = f"""
WITH by_source AS (
    SELECT quantity, MAX(STRUCT(COALESCE(`at`, '') || lpad(CAST(id AS STRING), 12, '0') AS latest,
                                id AS id)) AS m
    FROM keyed GROUP BY quantity, source)
SELECT {', '.join(f'c.`{c}`' for c in REF_COLUMNS)}, s.quantity, s.m.latest
FROM by_source AS s JOIN keyed AS c ON c.id = s.m.id
"""


def list_quantities(keyed: Keyed) -> list[Quantity]:
    """As quantities.list_quantities."""
    quantities = {row[0]: Quantity(row[0], row[1], [], *row[2:]) for row in keyed.sql(_BY_QUANTITY)}
    width = len(REF_COLUMNS)
    for row in sorted(keyed.sql(_LATEST_BY_SOURCE), key=lambda r: r[width + 1], reverse=True):
        ref = ClaimRef(*row[:width])
        quantity, name = quantities[row[width]], source_name(ref)
        quantity.sources.append(name)
        quantity.latest_by_source[name] = ref
    return sorted(quantities.values(), key=lambda q: q.id)


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
_RANK = ("CASE {t}.per WHEN 'day' THEN 1 WHEN 'week' THEN 2 WHEN 'month' THEN 3 "
         "WHEN 'year' THEN 4 END")
_OVERLAPPING = ("(x.`at` IS NULL OR y.`at` IS NULL "
                "OR (x.`at` <= y.`at` || '~' AND y.`at` <= x.`at` || '~'))")
# The ties of SQLite's ORDER BY as its plan leaves them (the claims_rate index:
# y by per, quantity, at, id), so that the rows come in the ledger's order.
_RATE_PAIRS = f"""
SELECT x.id, y.id, replace(x.quantity, '/per-' || x.per, ''), x.per, y.per
FROM keyed AS x JOIN keyed AS y ON y.doc = x.doc AND y.per IS NOT NULL
WHERE x.per IS NOT NULL
  AND {_RANK.format(t='x')} < {_RANK.format(t='y')}
  AND replace(x.quantity, '/per-' || x.per, '') = replace(y.quantity, '/per-' || y.per, '')
  AND {_OVERLAPPING}
ORDER BY x.doc, x.id, y.per, y.quantity, y.`at`, y.id
"""
_PARTS_OF = """
SELECT y.doc, x.id AS part, x.measure, y.id AS whole, y.quantity
FROM keyed AS y JOIN keyed AS x ON x.doc = y.doc AND x.measure = '{measure}'
     AND x.quantity = '{measure}' || substr(y.quantity, instr(y.quantity, '/'))
WHERE y.measure = 'casualties' AND {overlapping}
"""
_PARTS_OF_CASUALTIES = f"""
SELECT part, measure, whole, quantity
FROM ({_PARTS_OF.format(measure='killed', overlapping=_OVERLAPPING)}
      UNION ALL {_PARTS_OF.format(measure='wounded', overlapping=_OVERLAPPING)})
ORDER BY doc, whole, part
"""
# In the order of SQLite's plan: the claims_total index (total, value, quantity, id).
_PARTS_ABOVE_TOTALS = ("SELECT id, quantity, value, total FROM keyed "
                       "WHERE total IS NOT NULL AND value > total ORDER BY total, value, quantity, id")


def find_conflicts(keyed: Keyed, factor: float = C.DEFAULT_FACTOR,
                   tolerance: float = C.DEFAULT_TOLERANCE) -> list[C.Conflict]:
    """As conflicts.find_conflicts: every conflict and check, disputes first."""
    if factor < 1:
        raise ValueError("factor must be at least 1")
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
    return [_estimate(json.loads(text)) for _, _, text in found]


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
