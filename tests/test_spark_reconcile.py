"""Spark's OUT gives the ledger's reports: `ingest OUT` makes the ledger a
local ingest of the corpus makes (without extracting), and quantities,
conflicts and estimates on Spark are the ledger's rows, field for field."""
from __future__ import annotations

import sqlite3

import pytest

from claimledger import ledger as ledger_module
from claimledger.conflicts import find_conflicts
from claimledger.fusion import estimates, estimates_csv
from claimledger.ledger import Ledger
from claimledger.quantities import list_quantities, open_ledger
from spark_support import corpus, extracted, local_items, scratch, spark_or_skip


@pytest.fixture(scope="module")
def spark():
    return spark_or_skip()


@pytest.fixture(scope="module")
def local_ledger():
    """The ledger of a local ingest of the parity corpus."""
    from claimledger.readers import read_inputs
    path = scratch() / "local.db"
    if not path.exists():
        with Ledger(path) as ledger:
            ledger.ingest(read_inputs(corpus()))
    return path


@pytest.fixture(scope="module")
def keyed(spark):
    from claimledger.spark.reconcile import Keyed
    found = Keyed(spark, extracted())
    yield found
    found.close()


def _rows(path, query):
    conn = sqlite3.connect(path)
    try:
        return conn.execute(query).fetchall()
    finally:
        conn.close()


def test_ingest_out_is_the_local_ledger_without_extracting(spark, local_ledger, monkeypatch):
    from claimledger.spark.load import ingest_inputs

    def no_extraction(*args, **kwargs):
        raise AssertionError("ingest OUT must not extract")

    monkeypatch.setattr(ledger_module, "_claims_or_failure", no_extraction)
    path = scratch() / "from-spark.db"
    items, claims_of = ingest_inputs([extracted()])
    with Ledger(path) as ledger:
        stats = ledger.ingest(items, claims_of=claims_of)
    _, failures = local_items()
    assert stats.failures == len(failures) and stats.claims > 1000 and stats.copies > 0
    claims = 'SELECT * FROM claims ORDER BY id'
    assert _rows(path, claims) == _rows(local_ledger, claims)  # ids and derived keys too
    documents = "SELECT id, url, title, published, author, site, meta, source, content_hash, text " \
                "FROM documents ORDER BY id"
    assert _rows(path, documents) == _rows(local_ledger, documents)
    failed = "SELECT input, reason FROM failures ORDER BY input, reason"
    assert _rows(path, failed) == _rows(local_ledger, failed)
    with Ledger(path) as ledger:  # idempotent, as a local ingest
        items, claims_of = ingest_inputs([extracted()])
        again = ledger.ingest(items, claims_of=claims_of)
    assert again.unchanged == stats.documents and again.claims == 0


def test_quantities(keyed, local_ledger):
    theirs = [q.to_dict() for q in list_quantities(open_ledger(local_ledger))]
    from claimledger.spark.reconcile import list_quantities as spark_quantities
    ours = [q.to_dict() for q in spark_quantities(keyed)]
    assert len(theirs) > 200 and ours == theirs


@pytest.mark.parametrize("factor", [1.5, 1.1])
def test_conflicts(keyed, local_ledger, factor):
    theirs = [c.to_dict() for c in find_conflicts(open_ledger(local_ledger), factor=factor)]
    from claimledger.spark.reconcile import find_conflicts as spark_conflicts
    ours = [c.to_dict() for c in spark_conflicts(keyed, factor=factor)]
    kinds = {c["kind"] for c in theirs}
    assert {"dispute", "contradiction", "cumulative-fall", "rate-vs-total"} <= kinds
    assert ours == theirs


@pytest.mark.parametrize("bucket", ["month", "year"])
def test_estimates(keyed, local_ledger, bucket):
    theirs = estimates(open_ledger(local_ledger), bucket)
    from claimledger.spark.reconcile import estimates as spark_estimates
    ours = spark_estimates(keyed, bucket)
    assert len(theirs) > 200
    assert [e.to_dict() for e in ours] == [e.to_dict() for e in theirs]
    assert estimates_csv(ours) == estimates_csv(theirs)
