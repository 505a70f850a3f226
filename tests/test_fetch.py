"""URLs and feeds against a real HTTP server on 127.0.0.1, run in a thread:
pages, feeds, a 404, a slow endpoint, a slow-drip body, a redirect loop,
a wrong content type and an oversized body."""
from __future__ import annotations

import json
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from claimledger.fetch import Fetcher, Page
from claimledger.readers import read_inputs
from claimledger.record import Document, Failure

WEB = Path(__file__).parent / "data" / "web"
CLAIMLEDGER = str(Path(sys.executable).with_name("claimledger"))


class Handler(BaseHTTPRequestHandler):
    pages = {  # path: (file, content type)
        "/harbour.html": ("harbour.html", "text/html; charset=utf-8"),
        "/vineyard.html": ("vineyard.html", "text/html"),
        "/undated.html": ("undated.html", "text/html; charset=utf-8"),
        "/empty.html": ("no_main_text.html", "text/html"),
        "/feed.rss": ("feed.rss", "application/rss+xml"),
        "/feed.atom": ("feed.atom", "application/atom+xml"),
        "/wire": ("feed.rss", "text/xml"),
    }

    def log_message(self, *args: object) -> None:  # keep test output clean
        pass

    def send(self, status: int, body: bytes, content_type: str, **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client stopped reading at its size cap, as it should

    def do_GET(self) -> None:
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        if self.path in self.pages:
            file, content_type = self.pages[self.path]
            body = (WEB / file).read_bytes().replace(b"{base}", base.encode())
            self.send(200, body, content_type)
        elif self.path == "/moved":
            self.send(301, b"", "text/html", Location="/vineyard.html")
        elif self.path == "/loop":
            self.send(302, b"", "text/html", Location="/loop")
        elif self.path == "/slow":
            time.sleep(3)
            self.send(200, (WEB / "harbour.html").read_bytes(), "text/html")
        elif self.path == "/drip":  # headers at once, then a byte every 0.1 s
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            try:
                for _ in range(60):
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    time.sleep(0.1)
            except OSError:
                pass  # the client gave up, as it should
        elif self.path == "/logo.png":
            self.send(200, b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png")
        elif self.path == "/huge":
            self.send(200, b"<p>" + b"word " * 400_000 + b"</p>", "text/html")
        elif self.path == "/plain":
            self.send(200, "Volunteers planted 5,000 trees.".encode(), "text/plain; charset=utf-8")
        else:
            self.send(404, b"<h1>Not Found</h1>", "text/html")


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def fetcher():
    with Fetcher(timeout=1.0, max_bytes=1_000_000, allow_private=True, delay=0) as client:
        yield client


def test_page_is_fetched_with_final_url_and_type(server, fetcher):
    page = fetcher.fetch(f"{server}/moved")
    assert isinstance(page, Page)
    assert page.url == f"{server}/vineyard.html"  # redirect followed
    assert page.content_type == "text/html" and page.is_html
    assert b"Frost cuts grape harvest" in page.body


@pytest.mark.parametrize("path, reason", [
    ("/missing", "HTTP 404 Not Found"),
    ("/loop", "too many redirects"),
    ("/logo.png", "unsupported content type image/png"),
    ("/slow", "timed out after 1 s"),
    ("/drip", "timed out after 1 s"),
])
def test_fetch_failures_name_url_and_reason(server, fetcher, path, reason):
    started = time.monotonic()
    assert fetcher.fetch(server + path) == Failure(server + path, reason)
    assert time.monotonic() - started < 2.5  # neither the sleep nor the drip is waited out


def test_size_cap(server, fetcher):
    failure = fetcher.fetch(f"{server}/huge")
    assert isinstance(failure, Failure) and "byte cap" in failure.reason


def closed_port() -> int:
    """A port nothing listens on: bound, then closed."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_refused_connection_is_a_failure(fetcher):
    url = f"http://127.0.0.1:{closed_port()}/"
    failure = fetcher.fetch(url)
    assert isinstance(failure, Failure) and failure.input == url
    assert "ConnectError" in failure.reason


def test_url_inputs_become_documents(server, fetcher):
    items = list(read_inputs([f"{server}/harbour.html", f"{server}/plain", f"{server}/empty.html",
                              f"{server}/missing"], fetcher=fetcher))
    harbour, plain, empty, missing = items
    assert isinstance(harbour, Document)
    assert harbour.id == harbour.url == harbour.source == f"{server}/harbour.html"
    assert harbour.published == "2024-03-14" and harbour.extra["author"] == "Mara Lindqvist"
    assert plain == Document(id=f"{server}/plain", text="Volunteers planted 5,000 trees.",
                             url=f"{server}/plain", source=f"{server}/plain")
    assert empty == Failure(f"{server}/empty.html", "HTML with no main text")
    assert missing == Failure(f"{server}/missing", "HTTP 404 Not Found")


@pytest.mark.parametrize("feed", ["/feed.rss", "/wire"])
def test_rss_feed_entries_are_fetched(server, fetcher, feed):
    items = list(read_inputs([server + feed], fetcher=fetcher))
    harbour, undated, missing = items
    assert harbour.id == f"{server}/harbour.html" and harbour.published == "2024-03-14"
    # the page has no date of its own: the entry's pubDate stands in
    assert undated.id == f"{server}/undated.html" and undated.published == "2024-04-08"
    assert undated.title == "Library extends opening hours"
    assert missing == Failure(f"{server}/missing", "HTTP 404 Not Found")


def test_atom_feed_from_a_file(server, fetcher, tmp_path):
    feed = tmp_path / "saved.atom"
    feed.write_bytes((WEB / "feed.atom").read_bytes().replace(b"{base}", server.encode()))
    (doc,) = read_inputs([str(feed)], fetcher=fetcher)
    assert doc.id == f"{server}/vineyard.html" and doc.published == "2024-05-02"
    assert "18,000 tonnes" in doc.text


def test_not_a_feed(tmp_path, fetcher):
    path = tmp_path / "broken.xml"
    path.write_text("<html><body>not a feed", encoding="utf-8")
    (failure,) = read_inputs([str(path)], fetcher=fetcher)
    assert failure.input == str(path) and "feed" in failure.reason


def test_cli_ingest_urls_records_failures_and_goes_on(server, tmp_path):
    db = tmp_path / "web.db"
    result = subprocess.run(
        [CLAIMLEDGER, "ingest", f"{server}/feed.rss", f"{server}/logo.png", f"{server}/vineyard.html",
         "--db", str(db), "--allow-private", "--delay", "0"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert f"claimledger: {server}/missing: HTTP 404 Not Found" in result.stderr
    assert f"claimledger: {server}/logo.png: unsupported content type image/png" in result.stderr
    with sqlite3.connect(db) as con:
        ids = [row[0] for row in con.execute("SELECT id FROM documents ORDER BY id")]
        failures = con.execute("SELECT input, reason FROM failures ORDER BY input").fetchall()
        published = dict(con.execute("SELECT id, published FROM documents"))
    assert ids == [f"{server}/harbour.html", f"{server}/undated.html", f"{server}/vineyard.html"]
    assert published[f"{server}/undated.html"] == "2024-04-08"
    assert failures == [(f"{server}/logo.png", "unsupported content type image/png"),
                        (f"{server}/missing", "HTTP 404 Not Found")]


def test_cli_extract_url(server):
    result = subprocess.run([CLAIMLEDGER, "extract", f"{server}/harbour.html", "--allow-private"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    claims = [json.loads(line) for line in result.stdout.splitlines()]
    assert claims and {c["doc"] for c in claims} == {f"{server}/harbour.html"}
    assert any(c["text"].endswith("$42 million") or "42 million" in c["text"] for c in claims)
