"""Issue 15, item 6: provenance everywhere. Every exported claim carries its
claim id, document id, URL, title, publication date and offsets; conflicts
cite claims that `claims --id` looks up; documents and failures can be
listed; ClaimReview follows schema.org."""
from __future__ import annotations

import csv
import io
import json
import re

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from claimledger.cli import LEDGER_CLAIM_COLUMNS, cli
from ledger_fixtures import make_ledger

DOCS = [{"id": "a", "published": "2024-03-10", "url": "https://a.example/1", "title": "Toll rises"},
        {"id": "b", "published": "2024-03-20", "url": "https://b.example/2", "title": "Toll disputed"}]
CLAIMS = [{"doc": "a", "speaker": "X", "speaker_kind": "person", "value": 100, "as_of": "2024-03",
           "group": "Ukraine", "start": 5, "end": 8, "text": "100", "sentence": "X said 100 died."},
          {"doc": "b", "speaker": "Y", "value": 180, "as_of": "2024-03", "group": "Ukraine",
           "start": 9, "end": 12, "text": "180", "sentence": "Y said 180 died."}]


def run(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.fixture
def ledger(tmp_path):
    return str(make_ledger(tmp_path / "l.db", DOCS, CLAIMS))


def test_every_export_carries_provenance(ledger, tmp_path):
    first = json.loads(run("claims", "--db", ledger).splitlines()[0])
    assert {k: first[k] for k in ("id", "doc", "start", "end", "doc_url", "doc_title", "doc_published")} == {
        "id": 1, "doc": "a", "start": 5, "end": 8, "doc_url": "https://a.example/1",
        "doc_title": "Toll rises", "doc_published": "2024-03-10"}
    assert list(first) == list(LEDGER_CLAIM_COLUMNS)
    rows = list(csv.DictReader(io.StringIO(run("claims", "--db", ledger, "--format", "csv"))))
    assert rows[1]["id"] == "2" and rows[1]["doc_url"] == "https://b.example/2"
    run("claims", "--db", ledger, "-o", tmp_path / "c.parquet")
    table = pq.read_table(tmp_path / "c.parquet")
    assert table.column("doc_title").to_pylist() == ["Toll rises", "Toll disputed"]
    assert table.column("id").to_pylist() == [1, 2]


def test_extract_carries_the_document_provenance(tmp_path):
    (tmp_path / "s.txt").write_text("Officials said 40 people died.")
    (tmp_path / "s.meta.json").write_text('{"url": "https://s.example", "title": "S", "published": "2024-01-02"}')
    (claim,) = [json.loads(line) for line in run("extract", tmp_path / "s.txt").splitlines()]
    assert (claim["doc"], claim["start"], claim["end"]) == ("s", 15, 17)
    assert (claim["doc_url"], claim["doc_title"], claim["doc_published"]) == ("https://s.example", "S", "2024-01-02")


def test_conflicts_cite_claims_that_claims_id_finds(ledger):
    (conflict,) = [json.loads(line) for line in run("conflicts", "--db", ledger, "--format", "jsonl").splitlines()]
    cited = [c["id"] for c in conflict["claims"]]
    table = run("conflicts", "--db", ledger, "--format", "csv")
    assert re.findall(r"#(\d+) ", table) == [str(i) for i in cited]
    for claim_id in cited:
        (claim,) = [json.loads(line) for line in run("claims", "--db", ledger, "--id", claim_id).splitlines()]
        assert claim["id"] == claim_id


def test_documents_and_failures(tmp_path):
    (tmp_path / "a.txt").write_text("Officials said 40 people died.")
    db = tmp_path / "l.db"
    CliRunner().invoke(cli, ["ingest", str(tmp_path / "a.txt"), str(tmp_path / "gone.txt"), "--db", str(db)])
    (doc,) = [json.loads(line) for line in run("documents", "--db", db).splitlines()]
    assert doc["id"] == "a" and doc["claims"] == 1 and doc["source"] == str(tmp_path / "a.txt")
    (failure,) = [json.loads(line) for line in run("failures", "--db", db, "--format", "jsonl").splitlines()]
    assert failure["input"] == str(tmp_path / "gone.txt") and failure["reason"] == "no such file or directory"
    assert failure["at"]


def test_claimreview_follows_schema_org(ledger):
    graph = json.loads(run("claimreview", "--db", ledger, "--organization", "Our Newsroom",
                           "--organization-url", "https://newsroom.example"))["@graph"]
    review = graph[0]
    assert review["author"] == {"@type": "Organization", "name": "Our Newsroom", "url": "https://newsroom.example"}
    assert review["itemReviewed"]["author"] == {"@type": "Person", "name": "X"}  # the claimant
    assert review["itemReviewed"]["appearance"]["url"] == "https://a.example/1"
    assert "reviewRating" not in review  # no verdict invented
    default = json.loads(run("claimreview", "--db", ledger))["@graph"][0]
    assert default["author"] == {"@type": "Organization", "name": "claimledger"}
