"""claimledger on Spark: the same claims, and the same reconcile reports, from
a corpus too large for one process.

    claimledger extract CORPUS... --engine spark [--master URL] -o OUT
    claimledger ingest OUT                       # a ledger from OUT, without re-extracting
    claimledger quantities|conflicts|estimates --engine spark --claims OUT

`extract` (corpus.py, extract.py) reads the corpus with Spark and calls the
public `claimledger.extract` on one document at a time in the executors; OUT
is a folder of three Parquet datasets, `claims/` (partitioned by publication
month), `documents/` and `failures/`, and a `_claimledger.json` manifest.
`load.py` stores OUT in a ledger with pyarrow alone (no Spark needed);
`reconcile.py` gives the ledger's quantities, conflicts and estimates from
OUT's claims in Spark SQL.

Nothing here imports pyspark until it is used: `require_pyspark()` says in
one line what to install when it is missing.
"""
from __future__ import annotations

import os
import sys
from typing import Any

INSTALL_HINT = ("the Spark engine needs pyspark and Java 17: pip install 'claimledger[spark]'")


class SparkUnavailable(RuntimeError):
    """pyspark (or Java) is not there; the message says what to install."""


def require_pyspark() -> Any:
    """The pyspark module, or SparkUnavailable saying what to install."""
    try:
        import pyspark
    except ImportError as error:
        raise SparkUnavailable(INSTALL_HINT) from error
    return pyspark


# Settings every claimledger session gets: Arrow batches of a bounded size to
# the Python workers (each document is still extracted alone), reused workers
# (the pipeline is loaded once per worker process), SQL semantics of the
# ledger's SQLite (no ANSI errors on a division by zero: NULL, as SQLite).
SESSION_CONFIG = {
    "spark.sql.execution.arrow.maxRecordsPerBatch": "64",
    "spark.python.worker.reuse": "true",
    "spark.sql.ansi.enabled": "false",
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.sources.partitionColumnTypeInference.enabled": "false",
}
LOCAL_CONFIG = {
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.shuffle.partitions": "8",
}


def session(master: str | None = None, *, app_name: str = "claimledger",
            config: dict[str, str] | None = None) -> Any:
    """A SparkSession: the running one, or a new one on `master`; without a
    master, spark-submit's (--master yarn, ...), else local[*]."""
    require_pyspark()
    from pyspark.sql import SparkSession

    submitted = "PYSPARK_GATEWAY_PORT" in os.environ  # launched by spark-submit
    if master is None and not submitted:
        master = "local[*]"
    local = master is not None and master.startswith("local")
    if local:  # the workers run this Python, which has claimledger
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName(app_name)
    if master:
        builder = builder.master(master)
    for key, value in {**SESSION_CONFIG, **(LOCAL_CONFIG if local else {}), **(config or {})}.items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    for key, value in SESSION_CONFIG.items():  # also on a session that was running already
        if not key.startswith("spark.python."):
            spark.conf.set(key, value)
    if local:
        spark.sparkContext.setLogLevel("ERROR")
    return spark
