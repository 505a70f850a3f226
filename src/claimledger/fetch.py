"""Fetching web pages over HTTP, defensively: every way a fetch can go wrong
comes back as a `Failure` naming the URL, never as an exception.

Limits: a connect/read timeout and an overall deadline per page (a server that
drips bytes slowly must not hang a run), a size cap read in a stream (a huge or
endless body is cut off, not loaded), a bounded number of redirects (loops end),
and a content-type check (only pages and feeds are worth extracting).
"""
from __future__ import annotations

import time
from dataclasses import dataclass

import httpx

from . import __version__
from .record import Failure

TIMEOUT_SECONDS = 15.0
MAX_BYTES = 10 * 1024 * 1024
MAX_REDIRECTS = 5

HTML_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml",
              "application/xml", "text/xml", "application/feed+json")
TEXT_TYPES = ("text/plain",)
ACCEPTED_TYPES = HTML_TYPES + FEED_TYPES + TEXT_TYPES


@dataclass(slots=True)
class Page:
    """A fetched body with what is needed to interpret it."""

    url: str  # the final URL, after redirects
    content_type: str  # media type only, lower case, no parameters
    charset: str | None
    body: bytes

    @property
    def is_feed(self) -> bool:
        return self.content_type in FEED_TYPES

    @property
    def is_html(self) -> bool:
        return self.content_type in HTML_TYPES


class Fetcher:
    """One HTTP client reused for every URL of a run (connection pooling)."""

    def __init__(self, *, timeout: float = TIMEOUT_SECONDS, max_bytes: int = MAX_BYTES,
                 max_redirects: int = MAX_REDIRECTS) -> None:
        self.timeout = timeout
        self.max_bytes = max_bytes
        self._client = httpx.Client(
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            follow_redirects=True,
            max_redirects=max_redirects,
            headers={"User-Agent": f"claimledger/{__version__}",
                     "Accept": "text/html,application/xhtml+xml,application/rss+xml,"
                               "application/atom+xml,application/xml;q=0.9,text/plain;q=0.8"},
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def fetch(self, url: str) -> Page | Failure:
        deadline = time.monotonic() + self.timeout
        try:
            with self._client.stream("GET", url) as response:
                if response.status_code >= 400:
                    return Failure(url, f"HTTP {response.status_code} {response.reason_phrase}".strip())
                media_type, charset = parse_content_type(response.headers.get("content-type", ""))
                if media_type not in ACCEPTED_TYPES:
                    return Failure(url, f"unsupported content type {media_type or '(none)'}")
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > self.max_bytes:
                    return Failure(url, f"larger than the {self.max_bytes} byte cap ({declared} bytes)")
                chunks, size = [], 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > self.max_bytes:
                        return Failure(url, f"larger than the {self.max_bytes} byte cap")
                    if time.monotonic() > deadline:
                        return Failure(url, f"timed out after {self.timeout:g} s")
                    chunks.append(chunk)
                return Page(str(response.url), media_type, charset, b"".join(chunks))
        except httpx.TooManyRedirects:
            return Failure(url, "too many redirects")
        except httpx.TimeoutException:
            return Failure(url, f"timed out after {self.timeout:g} s")
        except httpx.InvalidURL as error:
            return Failure(url, f"invalid URL: {error}")
        except httpx.HTTPError as error:
            return Failure(url, f"{type(error).__name__}: {error}" if str(error) else type(error).__name__)


def parse_content_type(header: str) -> tuple[str, str | None]:
    media_type, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.strip().partition("=")
        if key.lower() == "charset" and value:
            charset = value.strip('"\' ').lower()
    return media_type.strip().lower(), charset
