"""Quantities: grouping, IDs, summaries and timelines, on hand-made ledgers
and on the ledger the seed's gold claims describe."""
from __future__ import annotations

import sqlite3

import pytest
from click.testing import CliRunner

from claimledger.quantities import (
    derived_columns, list_quantities, open_ledger, prepare, quantity_id, timeline,
)
from ledger_fixtures import SEED, make_ledger, qid, seed_ledger

DOCS = [{"id": "a", "published": "2024-03-10", "url": "https://a.example/1"},
        {"id": "b", "published": "2024-05-02", "url": "https://b.example/2"}]


@pytest.fixture
def seed(tmp_path):
    assert (SEED / "paris-summit.gold.jsonl").exists(), "../shared/corpus/seed must be beside the repository"
    return open_ledger(seed_ledger(tmp_path / "seed.db"))


def by_id(conn):
    return {q.id: q for q in list_quantities(conn)}


def test_subject_wording_does_not_split_a_quantity_but_civilians_do():
    soldiers = quantity_id("killed", "Ukraine", "people", None, "Ukrainian soldiers")
    troops = quantity_id("killed", "Ukraine", "people", None, "Ukrainian troops who died")
    assert soldiers == troops == quantity_id("killed", "Ukraine", "people", None, None)
    assert soldiers == "killed/Ukraine/people"
    assert quantity_id("killed", "Ukraine", "people", None, "civilians") == \
        "killed/Ukraine/people/civilians"
    assert quantity_id("casualties", "Ukraine", "people", None, "soldiers") != soldiers
    assert quantity_id("casualties", "United States", "people", "day") == \
        "casualties/United-States/people/per-day"
    # Outside counts of people the subject's head says what is counted.
    assert quantity_id("count", None, "people", None, "protesters") == \
        quantity_id("count", None, "people", None, "demonstrators") == "count/-/people/protester"


def test_sql_grouping_matches_the_python_id(tmp_path):
    subjects = [None, "Ukrainian soldiers", "civilians", "the children", "voters", "votes",
                "a budget", "military aid", "Residents"]
    claims = [{"doc": "a", "measure": m, "group": g, "unit": u, "per": p, "subject": s,
               "value": 1} for m, g, u, p in (("killed", "Ukraine", "people", None),
                                              ("count", "United States", "people", "day"),
                                              ("cost", None, "USD", None),
                                              ("aid", "Israel", "USD", "year"))
              for s in subjects]
    conn = open_ledger(make_ledger(tmp_path / "l.db", DOCS, claims))
    expected = {qid(quantity_id(c["measure"], c["group"], c["unit"], c["per"], c["subject"]))
                for c in claims}
    assert set(by_id(conn)) == expected


def test_conflict_month_and_running_total_alike_in_python_and_sql(tmp_path):
    """`month`: when a claim is compared for contradictions and falls (its
    as_of, else its document's date, at month precision; a year alone as
    itself); none for projections, period totals, claims without a figure.
    `running`: killed, wounded, casualties or captured, no rate, dated to a
    month or day. The ledger derives them in Python as it writes claims; SQL
    derives the same for claims inserted by hand and for older ledgers."""
    cases = [  # (claim, month, running)
        ({"as_of": "2024-02-15", "value": 5}, "2024-02", 1),
        ({"as_of": "2024-02", "low": 5, "measure": "wounded"}, "2024-02", 1),
        ({"as_of": "2024", "value": 5}, "2024", 0),  # a year alone: no falls
        ({"value": 5}, "2024-03", 1),  # undated: its document's date, 2024-03-10
        ({"as_of": "2024-02", "high": 5, "measure": "displaced"}, "2024-02", 0),
        ({"as_of": "2024-02", "value": 5, "per": "day"}, "2024-02", 0),
        ({"as_of": "2024-02", "value": 5, "projected": True}, None, 0),
        ({"as_of": "2024-02", "value": 5, "sentence": "Yesterday 5 died."}, None, 0),
        ({"as_of": "2024-02"}, None, 0),  # no figure
    ]
    claims = [{"doc": "a", "start": i, **claim} for i, (claim, _, _) in enumerate(cases)]
    conn = open_ledger(make_ledger(tmp_path / "l.db", DOCS, claims))  # no derived columns
    prepare(conn)  # so derived in SQL
    by_sql = conn.execute("SELECT month, running FROM keyed ORDER BY start").fetchall()
    defaults = {"measure": "killed", "projected": False, "sentence": ""}
    by_python = [derived_columns({**defaults, **claim}, "a", "2024-03-10")[6:8]
                 for claim in claims]
    expected = [(month, running) for _, month, running in cases]
    assert [tuple(row) for row in by_sql] == by_python == expected


def test_summary_counts_sources_span_extremes_and_latest(tmp_path):
    claims = [
        {"doc": "a", "speaker": "Ministry", "value": 100, "as_of": "2024-01"},
        {"doc": "a", "speaker": "Ministry", "value": 150, "as_of": "2024-03"},
        {"doc": "b", "speaker": "Ministry", "value": 120, "as_of": "2024-02",
         "via": "Second Outlet"},
        {"doc": "b", "speaker": None, "low": 90, "high": 400},  # undated: published 2024-05-02
    ]
    conn = open_ledger(make_ledger(tmp_path / "l.db", DOCS, claims))
    q = by_id(conn)[qid("killed/-/people")]
    assert q.claims == 4
    assert sorted(q.sources) == ["Ministry", "the document b"]
    assert (q.first, q.last) == ("2024-01", "2024-05-02")
    assert (q.lowest, q.highest, q.spread) == (90, 400, 400 / 90)
    assert q.latest_by_source["Ministry"].value == 150
    assert q.latest_by_source["the document b"].url == "https://b.example/2"


def test_timeline_is_ordered_by_time_with_undated_last(tmp_path):
    make_ledger(tmp_path / "l.db", [{"id": "x"}], [
        {"doc": "x", "value": 3, "as_of": "2024-03", "start": 30},
        {"doc": "x", "value": 9, "start": 50},
        {"doc": "x", "value": 1, "as_of": "2023", "start": 10},
        {"doc": "x", "value": 2, "as_of": "2024-01-15", "start": 20,
         "sentence": "Within the last month, 2 died."},
    ])
    entries = timeline(open_ledger(tmp_path / "l.db"), qid("killed/-/people"))
    assert [e.claim.value for e in entries] == [1, 2, 3, 9]
    assert entries[1].period_total and not entries[0].period_total
    assert entries[-1].at is None


def test_the_ledger_is_only_read(tmp_path):
    path = make_ledger(tmp_path / "l.db", DOCS, [{"doc": "a", "value": 1}])
    conn = open_ledger(path)
    list_quantities(conn)
    with pytest.raises(sqlite3.OperationalError):
        conn.execute("DELETE FROM claims")
    with pytest.raises(FileNotFoundError):
        open_ledger(tmp_path / "missing.db")


def test_seed_quantities(seed):
    quantities = by_id(seed)
    killed = quantities["killed/Ukraine/people@russia-ukraine-war"]
    assert {"Volodymyr Zelensky", "US officials", "Douglas Macgregor", "Vladimir Putin"} <= \
        set(killed.sources)
    figures = {(e.source, e.claim.value, e.claim.low, e.claim.high, e.claim.as_of)
               for e in timeline(seed, killed.id)}
    assert ("Volodymyr Zelensky", 31000, None, None, "2024-02") in figures
    assert ("US officials", 70000, None, None, "2023-08") in figures
    assert ("Douglas Macgregor", 400000, None, None, None) in figures
    assert ("Douglas Macgregor", None, 300000, 350000, None) in figures
    assert killed.lowest == 31000 and killed.highest == 400000
    casualties = quantities["casualties/Ukraine/people@russia-ukraine-war"]
    assert sorted(casualties.sources) == ["Mark Milley", "officials"]
    assert (casualties.first, casualties.last) == ("2022-11", "2022-11")
    assert (casualties.lowest, casualties.highest) == (100000, 120000)
    # killed and casualties stay apart; rates are quantities of their own
    assert "casualties/United-States/people/per-day@russia-ukraine-war" in quantities
    assert "casualties/United-States/people/per-year@russia-ukraine-war" in quantities


def test_cli_quantities_and_quantity(tmp_path):
    from claimledger.cli import cli

    path = seed_ledger(tmp_path / "seed.db") if (SEED / "paris-summit.txt").exists() else \
        make_ledger(tmp_path / "seed.db", DOCS, [{"doc": "a", "group": "Ukraine", "value": 1}])
    runner = CliRunner()
    listed = runner.invoke(cli, ["quantities", "--db", str(path), "--format", "jsonl"])
    assert listed.exit_code == 0, listed.output
    assert '"id": "killed/Ukraine/people@russia-ukraine-war"' in listed.output
    shown = runner.invoke(cli, ["quantity", "killed/Ukraine/people@russia-ukraine-war", "--db", str(path)])
    assert shown.exit_code == 0, shown.output
    missing = runner.invoke(cli, ["quantity", "nothing/here", "--db", str(path)])
    assert missing.exit_code == 2 and "no such quantity" in missing.stderr
    assert runner.invoke(cli, ["quantities", "--db", str(tmp_path / "none.db")]).exit_code == 2
