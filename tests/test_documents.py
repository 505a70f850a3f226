"""Documents never lost or doubled, history kept (issue 12): same-name files,
stdin, the same article from a file and its URL, near-duplicate wire copy,
edits with their earlier versions and claims kept."""
from __future__ import annotations

import csv
import io
import json
import sqlite3
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner

from claimledger.cli import cli
from claimledger.conflicts import find_conflicts
from claimledger.fusion import estimates
from claimledger.ledger import Ledger
from claimledger.quantities import open_ledger
from claimledger.readers import read_inputs
from claimledger.record import Document

QUAKE = ("A magnitude 7.1 earthquake has struck Malatya province in eastern Turkey, "
         "killing at least 1,200 people, the country's disaster agency said.\n\n"
         "The agency said more than 4,000 people had been injured and that rescue teams were "
         "working through the night to reach survivors trapped under collapsed buildings.\n")
QUAKE_LATER = ("The death toll from the earthquake that struck eastern Turkey has risen "
               "to 400, the interior minister said.\n")


def ingest(db, items, **kwargs):
    with Ledger(db) as ledger:
        return ledger.ingest(items, **kwargs)


def rows(db, sql):
    with sqlite3.connect(db) as con:
        return con.execute(sql).fetchall()


def test_same_file_name_in_two_folders_in_two_runs_is_two_documents(tmp_path):
    for folder, toll in (("a", "1,200"), ("b", "3,400")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "story.txt").write_text(QUAKE.replace("1,200", toll), encoding="utf-8")
    db = tmp_path / "l.db"
    ingest(db, read_inputs([str(tmp_path / "a" / "story.txt")], published="2024-06-01"))
    stats = ingest(db, read_inputs([str(tmp_path / "b" / "story.txt")], published="2024-06-01"))
    assert (stats.added, stats.updated, stats.failures) == (1, 0, 0)
    assert rows(db, "SELECT id, source FROM documents ORDER BY id") == [
        ("b/story", str(tmp_path / "b" / "story.txt")), ("story", str(tmp_path / "a" / "story.txt"))]
    # each input again: the same documents, unchanged
    for folder in ("a", "b"):
        stats = ingest(db, read_inputs([str(tmp_path / folder / "story.txt")], published="2024-06-01"))
        assert (stats.added, stats.updated, stats.unchanged) == (0, 0, 1)
    # both at once: still the same two
    stats = ingest(db, read_inputs([str(tmp_path / "a" / "story.txt"), str(tmp_path / "b" / "story.txt")],
                                   published="2024-06-01"))
    assert stats.failures == 0 and len(rows(db, "SELECT id FROM documents")) == 3  # a/story: its run id


def test_two_stdin_ingests_are_two_documents(tmp_path):
    db = tmp_path / "l.db"
    runner = CliRunner()
    for text in (QUAKE, QUAKE_LATER):
        result = runner.invoke(cli, ["ingest", "-", "--db", str(db), "--quiet"], input=text)
        assert result.exit_code == 0, result.output
    ids = [row[0] for row in rows(db, "SELECT id FROM documents")]
    assert len(ids) == 2 and all(i.startswith("stdin:") for i in ids)


class Page(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        paragraphs = "".join(f"<p>{p}</p>" for p in QUAKE.split("\n\n"))
        body = (f"<html><head><title>Quake</title><meta property='article:published_time' "
                f"content='2024-06-01'></head><body><nav>Home | World</nav><article>"
                f"<h1>Powerful earthquake strikes eastern Turkey</h1>{paragraphs}</article>"
                f"<footer>Copyright</footer></body></html>").encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def page_url():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/quake.html"
    httpd.shutdown()


def test_the_same_article_from_a_file_and_its_url_is_stored_once(tmp_path, page_url):
    (tmp_path / "quake.txt").write_text(QUAKE, encoding="utf-8")
    (tmp_path / "quake.meta.json").write_text('{"published": "2024-06-01"}', encoding="utf-8")
    db = tmp_path / "l.db"
    # served from 127.0.0.1: fetched only with allow_private (issue 15)
    stats = ingest(db, read_inputs([str(tmp_path / "quake.txt"), page_url],
                                   fetch_options={"allow_private": True, "delay": 0}))
    assert (stats.added, stats.copies, stats.failures) == (2, 1, 0)
    [(copy, original, similarity)] = rows(
        db, "SELECT id, copy_of, similarity FROM documents WHERE copy_of IS NOT NULL")
    assert (copy, original) == (page_url, "quake") and similarity >= 0.8
    # its claims are the original's: stored once, one voice
    assert rows(db, f"SELECT count(*) FROM claims WHERE doc = '{page_url}'") == [(0,)]
    conn = open_ledger(db)
    for estimate in estimates(conn):
        assert len(estimate.voices) == len({v.source for v in estimate.voices})
        assert all(ref.doc == "quake" for ref in estimate.used)


def test_a_wire_story_run_by_two_outlets_is_one_voice(tmp_path):
    copy = ("By Herald staff and wire reports\n\n" + QUAKE
            + "\nLocal officials in Malatya said 35 schools would stay closed.\n")
    db = tmp_path / "l.db"
    stats = ingest(db, [
        Document(id="wire", text=QUAKE, published="2024-06-01", title="Powerful earthquake strikes eastern Turkey"),
        Document(id="herald", text=copy, published="2024-06-01", title="Hundreds dead as quake hits Turkey"),
        Document(id="later", text=QUAKE_LATER, published="2024-07-01", title="Quake toll rises to 400"),
    ])
    assert stats.copies == 1
    assert rows(db, "SELECT id, copy_of FROM documents WHERE copy_of IS NOT NULL") == [("herald", "wire")]
    # the copy keeps only what its original does not say (the schools), in its original's voice
    assert rows(db, "SELECT text, source FROM claims WHERE doc = 'herald'") == [("35", "local officials")]
    assert {r[0] for r in rows(db, "SELECT source FROM claims WHERE speaker IS NULL")} <= {"document:wire", "document:later"}
    conn = open_ledger(db)
    killed = [e for e in estimates(conn) if e.quantity.startswith("killed/")]
    assert killed and all(len(e.voices) == len({v.source for v in e.voices}) for e in killed)
    assert sum(len(e.used) for e in killed) == 2  # 1,200 once, and 400
    # the agency's 1,200 in June, the minister's 400 a month later: a fall,
    # reported once, not once per outlet
    [fall] = [c for c in find_conflicts(conn) if c.kind == "cumulative-fall"]
    assert sorted(r.doc for r in fall.claims) == ["later", "wire"]


def test_an_edited_document_keeps_its_earlier_version_and_claims(tmp_path):
    db = tmp_path / "l.db"
    first = "Floods have killed 143 people in Kenya since March, the interior ministry said."
    second = "Floods have killed 156 people in Kenya since March, the interior ministry said."
    ingest(db, [Document(id="toll", text=first, published="2024-05-02", source="toll.txt")])
    stats = ingest(db, [Document(id="toll", text=second, published="2024-05-02", source="toll.txt")])
    assert stats.updated == 1
    assert rows(db, "SELECT version FROM documents") == [(2,)]
    assert rows(db, "SELECT doc, version, text FROM document_versions") == [("toll", 1, first)]
    assert rows(db, "SELECT version, text FROM superseded_claims") == [(1, "143")]
    # the reports read current claims only
    conn = open_ledger(db)
    assert [r.value for e in estimates(conn) for r in e.used] == [156]

    with Ledger(db) as ledger:
        assert [(c["text"], c["superseded"]) for c in ledger.claims(with_keys=True)] == [("156", False)]
        both = list(ledger.claims(with_keys=True, include_superseded=True))
        assert sorted((c["text"], c["superseded"]) for c in both) == [("143", True), ("156", False)]
        assert all(c["quantity"].startswith("killed/") for c in both)

    runner = CliRunner()
    result = runner.invoke(cli, ["claims", "--db", str(db), "--include-superseded", "--format", "csv"])
    assert result.exit_code == 0
    header, *rows_ = list(csv.reader(io.StringIO(result.stdout)))
    assert header[-5:-3] == ["quantity", "superseded"] and len(rows_) == 2  # then the provenance columns
    assert {row[header.index("superseded")] for row in rows_} == {"true", "false"}
    result = runner.invoke(cli, ["claims", "--db", str(db), "--format", "jsonl"])
    [record] = [json.loads(line) for line in result.stdout.splitlines()]
    assert record["superseded"] is False and record["quantity"].startswith("killed/-/people@kenya-flood")

    result = runner.invoke(cli, ["documents", "toll", "--history", "--db", str(db), "--format", "table"])
    assert result.exit_code == 0, result.output
    assert "version 1 -> 2" in result.output
    assert "- 143 people killed" in result.output and "+ 156 people killed" in result.output
    [listed] = [json.loads(line) for line in runner.invoke(cli, ["documents", "--db", str(db)]).output.splitlines()]
    assert listed["version"] == 2 and "Kenya flood" in listed["event_label"]  # piped: JSON Lines
    shown = runner.invoke(cli, ["documents", "--db", str(db), "--format", "table"], env={"COLUMNS": "200"}).output
    assert "toll" in shown and "Kenya flood" in shown

    # re-ingesting the current version changes nothing; going back is a third version
    assert ingest(db, [Document(id="toll", text=second, published="2024-05-02", source="toll.txt")]).unchanged == 1
    ingest(db, [Document(id="toll", text=first, published="2024-05-02", source="toll.txt")])
    assert rows(db, "SELECT version FROM documents") == [(3,)]
    assert rows(db, "SELECT version, text FROM superseded_claims ORDER BY version") == [(1, "143"), (2, "156")]
