"""WARC and WARC.gz: small archives written here with warcio's own writer."""
from __future__ import annotations

import gzip
import io
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from claimledger.readers import read_inputs
from claimledger.record import Document, Failure

WEB = Path(__file__).parent / "data" / "web"
CLAIMLEDGER = str(Path(sys.executable).with_name("claimledger"))
CRAWLED = "2024-04-20T06:15:00Z"


def response(writer: WARCWriter, uri: str, body: bytes, *, status: str = "200 OK",
             content_type: str = "text/html; charset=utf-8", extra_headers=()) -> None:
    headers = StatusAndHeaders(status, [("Content-Type", content_type), *extra_headers],
                               protocol="HTTP/1.1")
    record = writer.create_warc_record(uri, "response", payload=io.BytesIO(body),
                                       http_headers=headers,
                                       warc_headers_dict={"WARC-Date": CRAWLED})
    writer.write_record(record)


def write_archive(path: Path, *, compressed: bool) -> None:
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=compressed)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "tests"}))
        request = writer.create_warc_record(
            "https://news.example/harbour", "request", payload=io.BytesIO(b""),
            http_headers=StatusAndHeaders("GET /harbour HTTP/1.1", [("Host", "news.example")],
                                          is_http_request=True))
        writer.write_record(request)
        response(writer, "https://news.example/harbour", (WEB / "harbour.html").read_bytes())
        response(writer, "https://news.example/old", b"", status="301 Moved Permanently")
        response(writer, "https://news.example/logo.png", b"\x89PNG\r\n\x1a\n", content_type="image/png")
        response(writer, "https://news.example/gone", b"<h1>Not Found</h1>", status="404 Not Found")
        response(writer, "https://news.example/menu", (WEB / "no_main_text.html").read_bytes())
        # a body sent gzip-encoded, as servers often do: warcio decodes it
        response(writer, "https://news.example/library", gzip.compress((WEB / "undated.html").read_bytes()),
                 extra_headers=[("Content-Encoding", "gzip")])


@pytest.mark.parametrize("name, compressed", [("crawl.warc.gz", True), ("crawl.warc", False)])
def test_html_responses_only(tmp_path, name, compressed):
    path = tmp_path / name
    write_archive(path, compressed=compressed)
    items = list(read_inputs([str(path)]))

    harbour, menu, library = items
    assert isinstance(harbour, Document)
    assert harbour.id == harbour.url == "https://news.example/harbour"
    assert harbour.source == f"{path}:https://news.example/harbour"
    assert harbour.published == "2024-03-14"  # the page's own date
    assert "$42 million" in harbour.text
    assert menu == Failure(f"{path}:https://news.example/menu", "HTML with no main text")
    assert library.id == "https://news.example/library"
    assert library.published == "2024-04-20"  # undated page: the crawl date
    assert "2,400 residents" in library.text


def test_truncated_warc_gz(tmp_path):
    path = tmp_path / "cut.warc.gz"
    write_archive(path, compressed=True)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 300])  # the last record cut short
    after = tmp_path / "after.txt"
    after.write_text("Read after the broken archive.", encoding="utf-8")

    items = list(read_inputs([str(path), str(after)]))

    assert items[0].id == "https://news.example/harbour"
    failure = items[-2]
    assert failure.input == str(path) and "truncated or corrupt WARC" in failure.reason
    assert items[-1].id == "after"


def test_not_a_warc(tmp_path):
    path = tmp_path / "junk.warc"
    path.write_bytes(b"this is not an archive\r\n\r\n" * 10)
    (failure,) = read_inputs([str(path)])
    assert failure.input == str(path) and "WARC" in failure.reason


def test_cli_ingest_warc(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    write_archive(path, compressed=True)
    db = tmp_path / "ledger.db"
    result = subprocess.run([CLAIMLEDGER, "ingest", str(path), "--db", str(db)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1  # the menu page has no main text
    assert f"{path}:https://news.example/menu: HTML with no main text" in result.stderr
    with sqlite3.connect(db) as con:
        assert [r[0] for r in con.execute("SELECT id FROM documents ORDER BY id")] == [
            "https://news.example/harbour", "https://news.example/library"]
        assert con.execute("SELECT count(*) FROM claims WHERE doc = 'https://news.example/harbour'"
                           ).fetchone()[0] > 0
        assert con.execute("SELECT author, site FROM documents WHERE id = 'https://news.example/harbour'"
                           ).fetchone() == ("Mara Lindqvist", "The Coastal Record")


@pytest.mark.parametrize("fraction", [0.1, 0.35, 0.6, 0.85])
@pytest.mark.parametrize("name, compressed", [("cut.warc.gz", True), ("cut.warc", False)])
def test_cut_anywhere_is_one_failure_and_no_crash(tmp_path, fraction, name, compressed):
    path = tmp_path / name
    write_archive(path, compressed=compressed)
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * fraction)])
    items = list(read_inputs([str(path)]))
    failures = [i for i in items if isinstance(i, Failure) and i.input == str(path)]
    assert len(failures) == 1 and failures[0] == items[-1]
    assert "truncated or corrupt WARC" in failures[0].reason
