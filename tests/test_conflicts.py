"""Conflicts: one small hand-made ledger per kind, then the seed."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from claimledger.conflicts import find_conflicts
from claimledger.quantities import open_ledger
from ledger_fixtures import SEED, make_ledger, qid, seed_ledger

DOCS = [{"id": "a", "published": "2024-03-10"}, {"id": "b", "published": "2024-03-20"},
        {"id": "c", "published": "2023-06-01"}]


def conflicts_of(tmp_path, claims, **options):
    return find_conflicts(open_ledger(make_ledger(tmp_path / "l.db", DOCS, claims)), **options)


def kinds(found):
    return sorted((c.kind, c.consistent) for c in found)


def test_explicit_dispute_names_both_sides(tmp_path):
    found = conflicts_of(tmp_path, [
        {"doc": "a", "speaker": "Alice Smith", "value": 10, "as_of": "2024-03"},
        {"doc": "a", "speaker": "Bob Jones", "value": 500, "as_of": "2024-03",
         "disputed_by": "Alice Smith"},
    ])
    assert kinds(found) == [("dispute", False)]  # not also a contradiction
    dispute = found[0]
    assert "Alice Smith rejects Bob Jones" in dispute.explanation
    assert [c.value for c in dispute.claims] == [500, 10]
    assert {"id", "doc", "start", "end", "speaker", "value"} <= set(dispute.claims[0].to_dict())


def test_contradiction_needs_overlapping_times_other_sources_and_the_factor(tmp_path):
    found = conflicts_of(tmp_path, [
        {"doc": "a", "speaker": "X", "value": 100, "as_of": "2024-03"},
        {"doc": "b", "speaker": "Y", "value": 400, "as_of": "2024-03-15"},  # overlaps, x4
        {"doc": "b", "speaker": "Z", "value": 140, "as_of": "2024-03"},     # within 1.5 of X
        {"doc": "b", "speaker": "W", "value": 900, "as_of": "2024-04"},     # another month
        {"doc": "b", "speaker": "X", "value": 1000, "as_of": "2024-03"},    # same source as X
        {"doc": "b", "speaker": "V", "low": 90, "high": 1000, "as_of": "2024"},  # meets all
    ], factor=1.5)
    contradictions = [c for c in found if c.kind == "contradiction"]
    # X-Y, X-Z and Y-Z contradict: each source has two partners, X has the most
    # claims in contradiction (100 and 1,000), so X-Y and X-Z go under X; Y-Z
    # is a tie on both counts and goes to the first name, Y.
    assert [[r.speaker for r in c.claims] for c in contradictions] == [
        ["X", "X", "Y", "Z"], ["Y", "Z"]]
    grouped = contradictions[0]
    assert sorted((r.speaker, r.value) for r in grouped.claims) == [
        ("X", 100), ("X", 1000), ("Y", 400), ("Z", 140)]
    assert "out of line with 2 other sources" in grouped.explanation
    assert "overlapping times" in grouped.explanation


def test_contradiction_factor_is_configurable(tmp_path):
    claims = [{"doc": "a", "speaker": "X", "value": 100, "as_of": "2024-03"},
              {"doc": "b", "speaker": "Y", "value": 180, "as_of": "2024-03"}]
    path = make_ledger(tmp_path / "l.db", DOCS, claims)
    assert [c.kind for c in find_conflicts(open_ledger(path), factor=1.5)] == ["contradiction"]
    assert find_conflicts(open_ledger(path), factor=2) == []


def test_a_year_overlaps_its_months_and_undated_claims_take_publication(tmp_path):
    found = conflicts_of(tmp_path, [
        {"doc": "c", "speaker": "X", "value": 100, "as_of": "2024"},
        {"doc": "a", "speaker": "Y", "value": 1000, "as_of": "2024-07"},
        {"doc": "a", "speaker": "Z", "value": 5000},  # taken at 2024-03-10
    ])
    contradictions = [c for c in found if c.kind == "contradiction"]
    # X's year meets Y's July and Z's March (which do not meet each other):
    # one conflict, around X.
    assert [[r.speaker for r in c.claims] for c in contradictions] == [["X", "Y", "Z"]]


def test_running_total_that_falls(tmp_path):
    found = conflicts_of(tmp_path, [
        {"doc": "c", "speaker": "Officials", "value": 70000, "as_of": "2023-08"},
        {"doc": "a", "speaker": "President", "value": 31000, "as_of": "2024-02"},
        {"doc": "a", "speaker": "Officials", "value": 50000, "as_of": "2024-01"},  # within 1.5
        {"doc": "a", "speaker": "Army", "value": 20, "as_of": "2024-03",
         "sentence": "In a strike yesterday, 20 were killed."},  # an event, not the total
        {"doc": "a", "speaker": "Army", "value": 5, "as_of": "2024-03", "per": "day"},  # a rate
        {"doc": "a", "speaker": "Army", "value": 10, "as_of": "2024-03", "measure": "displaced"},
        {"doc": "b", "speaker": "Mayor", "value": 45000, "as_of": "2024-03"},
    ])
    falls = [c for c in found if c.kind == "cumulative-fall"]
    # Falls by more than 1.5: 70,000 -> 31,000, 70,000 -> 45,000, 50,000 ->
    # 31,000 (50,000 is not below 70,000 by that much, 45,000 not below 50,000).
    # Each pair goes under the figure with more partners: 70,000 and 31,000
    # have two each, so their pair goes to the earlier, higher one, with
    # 70,000 -> 45,000; 50,000 -> 31,000 goes under 31,000. The out-of-line
    # figure comes first, then the others in time order.
    assert [[r.value for r in c.claims] for c in falls] == [[70000, 31000, 45000],
                                                           [31000, 50000]]
    assert "running total" in falls[0].explanation and "2023-08" in falls[0].explanation
    assert "2 later figures fall below Officials' 70,000" in falls[0].explanation
    assert "President's 31,000 (2024-02) falls below an earlier figure" in falls[1].explanation


def test_rate_against_the_total_it_implies(tmp_path):
    found = conflicts_of(tmp_path, [
        {"doc": "a", "value": 3600, "per": "day", "measure": "casualties", "projected": True},
        {"doc": "a", "value": 1_300_000, "per": "year", "measure": "casualties",
         "projected": True},
        {"doc": "b", "value": 100, "per": "day"},
        {"doc": "b", "value": 5000, "per": "month"},  # 100 a day is ~3,040 a month
    ])
    checks = sorted((c.consistent, c.claims[0].doc) for c in found if c.kind == "rate-vs-total")
    assert checks == [(False, "b"), (True, "a")]
    ok = next(c for c in found if c.consistent)
    assert "consistent within 5%" in ok.explanation and "1,314,000" in ok.explanation


def test_part_larger_than_whole(tmp_path):
    found = conflicts_of(tmp_path, [
        {"doc": "a", "value": 40, "total": 200, "measure": "strength"},
        {"doc": "a", "value": 250, "total": 200, "measure": "strength"},
        {"doc": "b", "value": 900, "group": "Ukraine", "as_of": "2024-03"},
        {"doc": "b", "value": 500, "group": "Ukraine", "measure": "casualties",
         "as_of": "2024-03"},
    ])
    parts = [c for c in found if c.kind == "part-exceeds-whole"]
    assert sorted(len(c.claims) for c in parts) == [1, 2]
    assert all("larger than the whole" in c.explanation for c in parts)


def test_killed_plus_wounded_against_casualties(tmp_path):
    found = conflicts_of(tmp_path, [
        {"doc": "a", "value": 70000, "as_of": "2023-08"},
        {"doc": "a", "value": 120000, "measure": "wounded", "as_of": "2023-08"},
        {"doc": "a", "value": 190000, "measure": "casualties", "as_of": "2023-08"},
        {"doc": "b", "value": 100, "as_of": "2023-08"},
        {"doc": "b", "value": 50, "measure": "wounded", "as_of": "2023-08"},
        {"doc": "b", "value": 400, "measure": "casualties", "as_of": "2023-08"},
    ])
    checks = sorted((c.claims[0].doc, c.consistent) for c in found
                    if c.kind == "killed-plus-wounded")
    assert checks == [("a", True), ("b", False)]


def test_seed_conflicts(tmp_path):
    if not (SEED / "paris-summit.gold.jsonl").exists():
        pytest.skip("../shared/corpus/seed is not beside the repository")
    found = find_conflicts(open_ledger(seed_ledger(tmp_path / "seed.db")))

    def speakers(conflict):
        return {r.speaker for r in conflict.claims}

    dispute = next(c for c in found if c.kind == "dispute")
    assert dispute.quantity == "killed/Ukraine/people@russia-ukraine-war"
    assert sorted(r.value for r in dispute.claims if r.disputed_by) == [150000, 300000]
    assert {r.disputed_by for r in dispute.claims if r.disputed_by} == {"Volodymyr Zelensky"}
    assert {r.speaker for r in dispute.claims if r.disputed_by} == {"Vladimir Putin"}

    fall = next(c for c in found if c.kind == "cumulative-fall")
    assert [(r.speaker, r.value, r.as_of) for r in fall.claims] == [
        ("US officials", 70000, "2023-08"), ("Volodymyr Zelensky", 31000, "2024-02")]

    # Macgregor is out of line with both Zelensky and Putin: one conflict about him.
    against_macgregor = next(c for c in found if c.kind == "contradiction"
                             and {"Volodymyr Zelensky", "Douglas Macgregor"} <= speakers(c))
    assert against_macgregor.claims[0].speaker == "Douglas Macgregor"
    assert sorted(r.figure() for r in against_macgregor.claims
                  if r.speaker in ("Volodymyr Zelensky", "Douglas Macgregor")) == [
        "300,000–350,000", "31,000", "400,000"]
    assert all(f"{r.doc}" and r.end > r.start for r in against_macgregor.claims)

    # Milley's 100,000 and officials' ~120,000 agree within the factor.
    assert not any(c.quantity == "casualties/Ukraine/people@russia-ukraine-war" and c.kind == "contradiction"
                   for c in found)
    rate = next(c for c in found if c.kind == "rate-vs-total")
    assert rate.consistent and all(r.projected for r in rate.claims)
    assert [r.speaker for r in rate.claims] == ["US Army War College Quarterly"] * 2
    # Zelensky against Putin is the dispute, not a contradiction: neither is
    # the out-of-line source of a conflict naming the other.
    assert not any(c.kind == "contradiction" and c.claims[0].speaker in (
        "Volodymyr Zelensky", "Vladimir Putin") and {"Volodymyr Zelensky", "Vladimir Putin"}
        <= speakers(c) for c in found)


def test_cli_conflicts_jsonl(tmp_path):
    from claimledger.cli import cli

    path = make_ledger(tmp_path / "l.db", DOCS, [
        {"doc": "a", "speaker": "X", "value": 100, "as_of": "2024-03"},
        {"doc": "b", "speaker": "Y", "value": 180, "as_of": "2024-03"}])
    runner = CliRunner()
    result = runner.invoke(cli, ["conflicts", "--db", str(path), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["kind"] for line in result.output.splitlines()] == ["contradiction"]
    result = runner.invoke(cli, ["conflicts", "--db", str(path), "--factor", "2"])
    assert result.exit_code == 0 and "contradiction" not in result.output


def test_derived_columns_and_hand_inserted_claims_give_the_same_reports(tmp_path):
    """Claims inserted by hand lack the derived columns the ledger writes; the
    reports derive them on the fly and must say the same."""
    import shutil

    from claimledger.ledger import Ledger
    from claimledger.quantities import list_quantities

    claims = [
        {"doc": "c", "speaker": "Officials", "value": 70000, "as_of": "2023-08"},
        {"doc": "a", "speaker": "President", "value": 31000, "as_of": "2024-02"},
        {"doc": "a", "speaker": "Critic", "value": 400000, "disputed_by": "president"},
        {"doc": "b", "speaker": "Y", "value": 400, "as_of": "2024", "subject": "civilians"},
        {"doc": "b", "speaker": "Z", "value": 100, "as_of": "2024-03", "subject": "residents"},
        {"doc": "b", "value": 3, "per": "day", "measure": "casualties", "as_of": "2024-03"},
        {"doc": "b", "value": 2000, "per": "year", "measure": "casualties", "as_of": "2024-03"},
        {"doc": "a", "value": 20, "as_of": "2024-03", "sentence": "Yesterday 20 died."},
    ]
    by_hand = make_ledger(tmp_path / "hand.db", DOCS, claims)
    derived = tmp_path / "derived.db"
    shutil.copy(by_hand, derived)
    Ledger(derived).close()  # an older ledger opened by claimledger gets them filled

    def reports(path):
        conn = open_ledger(path)
        return ([q.to_dict() for q in list_quantities(conn)],
                [c.to_dict() for c in find_conflicts(conn)])

    assert open_ledger(derived).execute(
        "SELECT count(*) FROM claims WHERE quantity IS NULL").fetchone()[0] == 0
    assert reports(by_hand) == reports(derived)
    assert reports(by_hand)[1]  # there is something to compare


def test_a_proportion_is_no_count_to_contradict(tmp_path):
    found = conflicts_of(tmp_path, [
        {"doc": "a", "speaker": "Organisers", "value": 12000, "as_of": "2024-03", "unit": "people"},
        {"doc": "a", "speaker": "Hendrik Van Acker", "value": 1, "total": 2, "as_of": "2024-03", "unit": "people"},
    ])
    assert kinds(found) == []  # "half of our members" is 1 of 2, not one person
