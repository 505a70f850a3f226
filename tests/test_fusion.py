"""Fused estimates (low <= best <= high, one voice per source, disputed and
projected apart), the UCDP-like CSV and the ClaimReview JSON-LD."""
from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from claimledger.fusion import claim_reviews, estimates, estimates_csv, log_median
from claimledger.quantities import open_ledger
from ledger_fixtures import SEED, make_ledger, qid, seed_ledger

DOCS = [{"id": "a", "published": "2024-03-10", "url": "https://a.example/1", "title": "A"},
        {"id": "b", "published": "2024-03-20", "url": "https://b.example/2", "title": "B"}]


def fused(tmp_path, claims, bucket="month"):
    return estimates(open_ledger(make_ledger(tmp_path / "l.db", DOCS, claims)), bucket=bucket)


def test_one_voice_per_source_even_when_relayed(tmp_path):
    [cell] = fused(tmp_path, [
        {"doc": "a", "speaker": "Ministry", "value": 100, "as_of": "2024-03"},
        {"doc": "b", "speaker": "Ministry", "value": 100, "as_of": "2024-03",
         "via": "Other Outlet"},  # the same figure, relayed: still one voice
        {"doc": "b", "speaker": "Monitor", "value": 400, "as_of": "2024-03"},
        {"doc": "b", "speaker": "Observer", "value": 160, "as_of": "2024-03-05"},
    ])
    assert [v.source for v in cell.voices] == ["Ministry", "Observer", "Monitor"]
    assert len(cell.voices[0].claims) == 2
    assert (cell.low, cell.best, cell.high) == (100, 160, 400)
    assert [v.source for v in cell.best_from] == ["Observer"]


def test_disputed_projected_vague_and_period_totals_are_kept_apart(tmp_path):
    [cell] = fused(tmp_path, [
        {"doc": "a", "speaker": "X", "value": 100, "as_of": "2024-03"},
        {"doc": "a", "speaker": "Y", "value": 10000, "as_of": "2024-03", "disputed_by": "X"},
        {"doc": "a", "speaker": "Z", "value": 5000, "as_of": "2024-03", "projected": True},
        {"doc": "a", "speaker": "W", "low": 1000, "high": 1_000_000, "approx": True,
         "as_of": "2024-03"},
        {"doc": "a", "speaker": "V", "value": 7, "as_of": "2024-03",
         "sentence": "Within the last week 7 died."},
    ])
    assert (cell.low, cell.best, cell.high) == (100, 100, 100)
    assert [r.value for r in cell.disputed] == [10000]
    assert [r.value for r in cell.projected] == [5000]
    assert sorted(r.speaker for r in cell.set_apart) == ["V", "W"]


def test_ranges_bounds_and_even_counts(tmp_path):
    [cell] = fused(tmp_path, [
        {"doc": "a", "speaker": "X", "value": 100, "as_of": "2024-03"},
        {"doc": "a", "speaker": "Y", "low": 300, "high": 500, "as_of": "2024-03"},
    ])
    # best: geometric mean of the two middle voices (100 and the range's midpoint 400)
    assert (cell.low, cell.best, cell.high) == (100, 200, 500)


def test_buckets(tmp_path):
    claims = [{"doc": "a", "speaker": "X", "value": 1, "as_of": "2024-01"},
              {"doc": "a", "speaker": "X", "value": 2, "as_of": "2024-02-10"},
              {"doc": "a", "speaker": "X", "value": 3}]  # undated: published 2024-03-10
    assert [e.period for e in fused(tmp_path, claims)] == ["2024-01", "2024-02", "2024-03"]
    [year] = estimates(open_ledger(tmp_path / "l.db"), bucket="year")
    assert year.period == "2024" and year.best == 2
    with pytest.raises(ValueError):
        estimates(open_ledger(tmp_path / "l.db"), bucket="week")


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("ABCDE"), st.floats(0, 1e7), st.floats(0, 1e7),
                          st.booleans()), min_size=1, max_size=8))
def test_low_best_high_are_ordered(tmp_path_factory, figures):
    claims = []
    for speaker, x, y, is_range in figures:
        claim = {"doc": "a", "speaker": speaker, "as_of": "2024-03"}
        if is_range:
            claim.update(low=min(x, y), high=max(x, y))
        else:
            claim.update(value=x)
        claims.append(claim)
    for cell in fused(tmp_path_factory.mktemp("h"), claims):
        if cell.best is not None:
            assert cell.low <= cell.best * (1 + 1e-9) and cell.best <= cell.high * (1 + 1e-9)


def test_log_median():
    assert log_median([5]) == 5
    assert log_median([1, 100]) == 10
    assert log_median([0, 10]) == 5
    assert log_median([3, 1, 2]) == 2


def test_csv_columns_and_provenance(tmp_path):
    rows = fused(tmp_path, [
        {"doc": "a", "speaker": "X", "value": 100, "as_of": "2024-02", "start": 5, "end": 8},
        {"doc": "b", "speaker": "Y", "value": 900, "as_of": "2024-02", "disputed_by": "X",
         "start": 9, "end": 12},
    ])
    [row] = list(csv.DictReader(io.StringIO(estimates_csv(rows))))
    assert (row["low"], row["best"], row["high"]) == ("100", "100", "100")
    assert (row["date_start"], row["date_end"]) == ("2024-02-01", "2024-02-29")
    assert row["claims"] == "a:5-8" and row["number_of_sources"] == "1"
    assert "900 (Y, disputed by X) b:9-12" in row["disputed"]
    assert row["source_article"] == "https://a.example/1 https://b.example/2"


def test_claimreview_json_ld(tmp_path):
    path = make_ledger(tmp_path / "l.db", DOCS, [
        {"doc": "a", "speaker": "Volodymyr Zelensky", "speaker_kind": "person", "value": 31000,
         "as_of": "2024-02", "sentence": "31,000 soldiers have died, he said.", "start": 0,
         "end": 6},
        {"doc": "b", "value": 5, "text": "5"}])
    document = claim_reviews(open_ledger(path))
    assert document["@context"] == "https://schema.org"
    first, second = document["@graph"]
    assert first["@type"] == "ClaimReview"
    assert first["claimReviewed"] == "31,000 soldiers have died, he said."
    # schema.org: the claimant is itemReviewed.author; author is who publishes the review
    assert first["itemReviewed"]["author"] == {"@type": "Person", "name": "Volodymyr Zelensky"}
    assert first["author"] == {"@type": "Organization", "name": "claimledger"}
    assert first["datePublished"] == "2024-03-10"
    assert first["url"] == first["itemReviewed"]["appearance"]["url"] == "https://a.example/1"
    assert "reviewRating" not in first  # no verdict is invented
    assert second["itemReviewed"]["author"]["@type"] == "Organization" and second["claimReviewed"] == "5"


def test_seed_estimates(tmp_path):
    assert (SEED / "paris-summit.gold.jsonl").exists(), "../shared/corpus/seed must be beside the repository"
    cells = {(e.quantity, e.period): e
             for e in estimates(open_ledger(seed_ledger(tmp_path / "seed.db")))}
    killed = cells["killed/Ukraine/people@russia-ukraine-war", "2024-02"]
    assert {v.source for v in killed.voices} == {"Volodymyr Zelensky", "Douglas Macgregor"}
    assert killed.low == 31000 and killed.high == 400000
    assert killed.low <= killed.best <= killed.high
    assert sorted(r.value for r in killed.disputed) == [150000, 300000]
    assert [r.low for r in killed.set_apart] == [40000]  # "within the last month"
    assert cells["killed/Ukraine/people@russia-ukraine-war", "2023-08"].best == 70000
    casualties = cells["casualties/Ukraine/people@russia-ukraine-war", "2022-11"]
    assert (casualties.low, casualties.high) == (100000, 120000)
    assert {v.source for v in casualties.voices} == {"Mark Milley", "officials"}
    for per in ("day", "year"):
        projection = cells[f"casualties/United-States/people/per-{per}@russia-ukraine-war", "2023-09"]
        assert projection.best is None and len(projection.projected) == 1


def test_cli_estimates_and_claimreview(tmp_path):
    from claimledger.cli import cli

    path = make_ledger(tmp_path / "l.db", DOCS, [
        {"doc": "a", "speaker": "X", "value": 100, "as_of": "2024-02"}])
    runner = CliRunner()
    result = runner.invoke(cli, ["estimates", "--db", str(path)])
    assert result.exit_code == 0 and result.output.startswith("quantity,measure,group")
    result = runner.invoke(cli, ["estimates", "--db", str(path), "--bucket", "year",
                                 "--format", "jsonl"])
    assert json.loads(result.output)["period"] == "2024"
    result = runner.invoke(cli, ["claimreview", "--db", str(path)])
    assert json.loads(result.output)["@graph"][0]["itemReviewed"]["author"]["name"] == "X"
