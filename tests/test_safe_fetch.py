"""Issue 15, item 4: safe fetching, against real HTTP servers on this machine
(threads in the test, no mocks). The server listens on 127.0.0.2 and only
that address is allowed (the library's `allow_private=["127.0.0.2"]`; the
CLI's --allow-private allows all): a redirect, feed entry or page to any
other private spelling is refused before a connection is made, so no
request ever leaves for 169.254.169.254 or [::1]."""
from __future__ import annotations

import gzip
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from claimledger.fetch import Fetcher, Page, address_problem
from claimledger.readers import read_inputs
from claimledger.record import Document, Failure

CLAIMLEDGER = str(Path(sys.executable).with_name("claimledger"))
HOST = "127.0.0.2"
ARTICLE = (b"<html><head><title>Floods</title></head><body><article><h1>Floods</h1><p>"
           + b"Rescuers said on Monday that 1,200 people had been evacuated from the valley. " * 3
           + b"</p></article></body></html>")


BOMB = gzip.compress(b"<p>" + b"0" * 20_000_000, compresslevel=1)


def feed(base: str, *links: str) -> bytes:
    items = "".join(f"<item><title>t</title><link>{link}</link></item>" for link in links)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>w</title>{items}</channel></rss>'.encode()


class Handler(BaseHTTPRequestHandler):
    requests: list[str] = []

    def log_message(self, *args: object) -> None:
        pass

    def send(self, status: int, body: bytes, content_type: str = "text/html", **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        try:
            self.wfile.write(body)
        except OSError:
            pass

    def do_GET(self) -> None:
        port = self.server.server_address[1]
        base = f"http://{HOST}:{port}"
        Handler.requests.append(self.path)
        redirects = {"/to-loopback": f"http://127.0.0.1:{port}/article", "/to-ipv6": f"http://[::1]:{port}/article",
                     "/to-metadata": "http://169.254.169.254/latest/meta-data/",
                     "/to-decimal": f"http://2130706433:{port}/article", "/to-zero": f"http://0.0.0.0:{port}/article",
                     "/to-mapped": f"http://[::ffff:127.0.0.1]:{port}/article",
                     "/to-file": "file:///etc/passwd", "/to-self": f"{base}/article"}
        if self.path in redirects:
            self.send(302, b"", Location=redirects[self.path])
        elif self.path == "/article":
            self.send(200, ARTICLE)
        elif self.path == "/robots.txt":
            self.send(200, b"User-agent: *\nDisallow: /private\n", "text/plain")
        elif self.path == "/private/article":
            self.send(200, ARTICLE)
        elif self.path == "/feed-x-rss":
            self.send(200, feed(base, f"{base}/article", f"http://127.0.0.1:{port}/article",
                                "http://169.254.169.254/"), "application/x-rss+xml")
        elif self.path == "/feed-octets":
            self.send(200, feed(base, f"{base}/article"), "application/octet-stream")
        elif self.path == "/bomb":  # 20 MB of zeros in 20 KB of gzip
            self.send(200, BOMB, "text/html", Content_Encoding="gzip")
        else:
            self.send(404, b"not found")


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer((HOST, 0), Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://{HOST}:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def fetcher():
    with Fetcher(timeout=2.0, allow_private=[HOST], delay=0) as client:
        yield client


def test_the_allowed_address_is_fetched(server, fetcher):
    page = fetcher.fetch(f"{server}/to-self")
    assert isinstance(page, Page) and page.url == f"{server}/article"


@pytest.mark.parametrize("path, address", [
    ("/to-loopback", "127.0.0.1 is a loopback address"), ("/to-ipv6", "::1 is a loopback address"),
    ("/to-metadata", "169.254.169.254 is a link-local address"),
    ("/to-decimal", "2130706433 (127.0.0.1) is a loopback address"),
    ("/to-zero", "0.0.0.0 is a unspecified address"), ("/to-mapped", "is a loopback address"),
])
def test_redirects_to_private_addresses_are_refused(server, fetcher, path, address):
    failure = fetcher.fetch(server + path)
    assert isinstance(failure, Failure) and failure.input == server + path
    assert failure.reason.startswith("refused: ") and address in failure.reason
    assert "--allow-private" in failure.reason


def test_without_allow_private_even_the_first_url_is_refused(server):
    with Fetcher(timeout=2.0, delay=0) as strict:
        Handler.requests.clear()
        failure = strict.fetch(f"{server}/article")
    assert failure == Failure(f"{server}/article",
                              f"refused: {HOST} is a loopback address (--allow-private to fetch it)")
    assert Handler.requests == []  # refused before connecting: the server saw nothing


def test_with_allow_private_loopback_is_fetched(server):
    with Fetcher(timeout=2.0, allow_private=True, delay=0) as lax:
        page = lax.fetch(f"{server}/to-self")
    assert isinstance(page, Page) and page.url == f"{server}/article"


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/x", "gopher://x/"])
def test_only_http_and_https(fetcher, url):
    failure = fetcher.fetch(url)
    assert isinstance(failure, Failure) and "only http and https" in failure.reason


def test_a_redirect_to_a_file_url_is_refused(server, fetcher):
    assert "only http and https" in fetcher.fetch(f"{server}/to-file").reason


@pytest.mark.parametrize("address, problem", [
    ("127.0.0.1", "loopback"), ("127.1.2.3", "loopback"), ("::1", "loopback"), ("10.0.0.1", "private"),
    ("172.16.5.4", "private"), ("192.168.1.1", "private"), ("169.254.169.254", "link-local"),
    ("fe80::1", "link-local"), ("0.0.0.0", "unspecified"), ("::ffff:169.254.169.254", "link-local"),
    ("64:ff9b::a9fe:a9fe", "link-local"), ("2002:7f00:1::", "loopback"), ("100.64.0.1", "non-public"),
    ("224.0.0.1", "multicast"), ("8.8.8.8", None), ("2606:4700::1111", None),
])
def test_every_spelling_of_a_private_address(address, problem):
    assert address_problem(address) == problem


def test_feed_entries_to_private_addresses_are_refused(server, fetcher):
    """A feed served as application/x-rss+xml is read as a feed; of its
    entries, the one on the allowed host is fetched, the others refused."""
    items = list(read_inputs([f"{server}/feed-x-rss"], fetcher=fetcher))
    article, loopback, metadata = items
    assert isinstance(article, Document) and "1,200 people" in article.text
    assert isinstance(loopback, Failure) and "127.0.0.1 is a loopback address" in loopback.reason
    assert isinstance(metadata, Failure) and "169.254.169.254 is a link-local address" in metadata.reason


def test_a_feed_is_recognised_by_its_content(server, fetcher):
    (article,) = read_inputs([f"{server}/feed-octets"], fetcher=fetcher)
    assert isinstance(article, Document) and article.url == f"{server}/article"


def test_robots_txt_is_respected(server, fetcher):
    assert fetcher.fetch(f"{server}/private/article") == Failure(
        f"{server}/private/article", "disallowed by robots.txt for claimledger")
    assert isinstance(fetcher.fetch(f"{server}/article"), Page)


def test_a_polite_delay_between_requests_to_one_host(server):
    with Fetcher(timeout=2.0, allow_private=[HOST], delay=0.4) as polite:
        polite.fetch(f"{server}/article")  # robots.txt, then the page
        started = time.monotonic()
        polite.fetch(f"{server}/article")
        assert time.monotonic() - started >= 0.35


def test_a_gzip_bomb_is_cut_off(server):
    with Fetcher(timeout=5.0, allow_private=[HOST], delay=0, max_bytes=1_000_000) as fetcher:
        failure = fetcher.fetch(f"{server}/bomb")
    assert isinstance(failure, Failure) and "byte cap" in failure.reason


@pytest.fixture
def slow_headers():
    """A server that sends its status line, then a header one byte every 0.2 s."""
    listener = socket.socket()
    listener.bind((HOST, 0))
    listener.listen()
    stop = threading.Event()

    def serve() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            with conn:
                try:
                    conn.recv(65536)
                    conn.sendall(b"HTTP/1.1 200 OK\r\n")
                    for byte in b"X-Slow: " + b"a" * 200:
                        if stop.is_set():
                            break
                        conn.sendall(bytes([byte]))
                        time.sleep(0.2)
                except OSError:
                    pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://{HOST}:{listener.getsockname()[1]}"
    stop.set()
    thread.join(timeout=5)
    listener.close()


def test_one_deadline_covers_the_headers(slow_headers):
    with Fetcher(timeout=1.0, allow_private=[HOST], delay=0, robots=False) as fetcher:
        started = time.monotonic()
        failure = fetcher.fetch(f"{slow_headers}/article")
        elapsed = time.monotonic() - started
    assert failure == Failure(f"{slow_headers}/article", "timed out after 1 s")
    assert elapsed < 2.0  # not the 40 s the drip would take


def test_cli_reads_a_list_of_urls(server, tmp_path):
    urls = tmp_path / "urls.txt"
    # (no redirect to 169.254.169.254 here: with --allow-private it would be requested)
    urls.write_text(f"# today's stories\n{server}/article\n\n{server}/missing\n{server}/to-self\n")
    db = tmp_path / "web.db"
    result = subprocess.run([CLAIMLEDGER, "ingest", "-i", str(urls), "--db", str(db), "--allow-private",
                             "--delay", "0"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1  # the 404
    assert f"claimledger: {server}/missing: HTTP 404 Not Found" in result.stderr
    assert "2 documents (2 new" in result.stderr
    # without --allow-private: nothing on this machine is fetched
    result = subprocess.run([CLAIMLEDGER, "extract", "-i", str(urls), "--delay", "0"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.count("loopback address (--allow-private to fetch it)") == 3


def test_a_file_of_urls_given_as_an_article_is_named(tmp_path):
    urls = tmp_path / "urls.txt"
    urls.write_text("https://example.org/a\nhttps://example.org/b\n")
    (failure,) = read_inputs([str(urls)])
    assert failure == Failure(str(urls), "a list of URLs, not an article: read it with -i FILE")
