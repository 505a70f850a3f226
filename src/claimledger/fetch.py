"""Fetching web pages over HTTP, defensively: every way a fetch can go wrong
comes back as a `Failure` naming the URL, never as an exception.

- Only http and https URLs are fetched.
- Addresses are checked where the connection is made, for the first URL and
  after every redirect: a host that resolves to a loopback, private,
  link-local (cloud metadata: 169.254.169.254), multicast, reserved or
  unspecified address is refused, however it is spelled (`127.1`,
  `2130706433`, `0x7f000001`, `[::1]`, `[::ffff:127.0.0.1]`), unless
  `allow_private` (`--allow-private`). The connection goes to the address that
  was checked, so a name cannot resolve elsewhere a moment later. Proxies from
  the environment are not used (they would be the address checked).
- One deadline for the whole request: connecting, headers and body
  together (a server that drips its headers a byte at a time is cut off).
- Caps on the body (after decompression: a gzip bomb is cut off), on
  redirects (loops end), and a content check: pages, feeds and text, told
  apart by what the body holds when the declared type is unusual
  (`application/x-rss+xml`, `application/octet-stream`).
- robots.txt is respected (protego) for the user agent `claimledger`, with a
  polite delay between requests to one host (its Crawl-delay if longer).
"""
from __future__ import annotations

import ipaddress
import socket
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpcore
import httpx

from . import __version__
from .record import Failure

TIMEOUT_SECONDS = 15.0
MAX_BYTES = 10 * 1024 * 1024
MAX_REDIRECTS = 5
DELAY_SECONDS = 1.0  # between two requests to one host
ROBOTS_MAX_BYTES = 512 * 1024
USER_AGENT = "claimledger"

HTML_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml",
              "application/xml", "text/xml", "application/feed+json", "application/x-rss+xml",
              "application/x-atom+xml")
TEXT_TYPES = ("text/plain",)
ACCEPTED_TYPES = HTML_TYPES + FEED_TYPES + TEXT_TYPES
# Declared types whose body may still be a page or a feed: sniffed.
SNIFFED_TYPES = ("", "application/octet-stream", "binary/octet-stream", "text/x-unknown")


def sniff(body: bytes) -> str | None:
    """"feed", "html" or None, from the first bytes of a body."""
    head = body[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<rss", b"<feed", b"<rdf:rdf")) or (
            head.startswith(b"<?xml") and any(tag in head for tag in (b"<rss", b"<feed", b"<rdf:rdf"))):
        return "feed"
    if head.startswith((b"<!doctype html", b"<html")):
        return "html"
    return None


@dataclass(slots=True)
class Page:
    """A fetched body with what is needed to interpret it."""

    url: str  # the final URL, after redirects
    content_type: str  # media type only, lower case, no parameters
    charset: str | None
    body: bytes

    @property
    def is_feed(self) -> bool:
        return self.content_type in FEED_TYPES and sniff(self.body) != "html" or sniff(self.body) == "feed"

    @property
    def is_html(self) -> bool:
        return not self.is_feed and (self.content_type in HTML_TYPES or sniff(self.body) == "html")


class BlockedAddress(Exception):
    """A URL whose host resolves to an address that is not fetched."""


def address_problem(address: str) -> str | None:
    """Why an IP address is not fetched ("loopback", "private", ...), or None.

    >>> [address_problem(a) for a in ("127.0.0.1", "::ffff:10.0.0.1", "169.254.169.254", "93.184.216.34")]
    ['loopback', 'private', 'link-local', None]
    """
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address):
        mapped = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if mapped is not None:
            return address_problem(str(mapped))
        if ip in ipaddress.ip_network("64:ff9b::/96"):  # NAT64: an IPv4 address inside
            return address_problem(str(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)))
    for problem, test in (("loopback", ip.is_loopback), ("unspecified", ip.is_unspecified),
                          ("link-local", ip.is_link_local), ("multicast", ip.is_multicast),
                          ("private", ip.is_private), ("reserved", ip.is_reserved),
                          ("non-public", not ip.is_global)):
        if test:
            return problem
    return None


class _Deadline(threading.local):
    at: float | None = None


class _GuardedStream(httpcore.NetworkStream):
    """A connection whose every read and write ends by the request's deadline."""

    def __init__(self, stream: httpcore.NetworkStream, deadline: _Deadline) -> None:
        self._stream, self._deadline = stream, deadline

    def _timeout(self, timeout: float | None, error: type[Exception]) -> float | None:
        if self._deadline.at is None:
            return timeout
        left = self._deadline.at - time.monotonic()
        if left <= 0:
            raise error("the request's deadline passed")
        return left if timeout is None else min(timeout, left)

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, self._timeout(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, self._timeout(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(self, ssl_context: Any, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        stream = self._stream.start_tls(ssl_context, server_hostname,
                                        self._timeout(timeout, httpcore.ConnectTimeout))
        return _GuardedStream(stream, self._deadline)

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class _GuardedBackend(httpcore.SyncBackend):
    """Connects only to addresses that pass `address_problem` (unless
    private ones are allowed), to the very address checked, by the deadline."""

    def __init__(self, allow_private: bool | Iterable[str], deadline: _Deadline) -> None:
        self.allow_private = allow_private is True
        self.allowed = [] if isinstance(allow_private, bool) else \
            [ipaddress.ip_network(network, strict=False) for network in allow_private]
        self.deadline = deadline

    def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                    local_address: str | None = None, socket_options: Any = None) -> httpcore.NetworkStream:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except socket.gaierror as error:
            raise httpcore.ConnectError(f"cannot resolve {host}: {error.strerror}") from None
        addresses = list(dict.fromkeys(info[4][0] for info in infos))
        if not self.allow_private:
            for address in addresses:
                problem = address_problem(address)
                if problem and not any(ipaddress.ip_address(address.split("%")[0]) in network
                                       for network in self.allowed):
                    shown = host if host == address else f"{host} ({address})"
                    raise BlockedAddress(f"refused: {shown} is a {problem} address "
                                         f"(--allow-private to fetch it)")
        if self.deadline.at is not None:
            left = self.deadline.at - time.monotonic()
            if left <= 0:
                raise httpcore.ConnectTimeout("the request's deadline passed")
            timeout = left if timeout is None else min(timeout, left)
        error: Exception | None = None
        for address in addresses:
            try:
                stream = super().connect_tcp(address, port, timeout, local_address, socket_options)
                return _GuardedStream(stream, self.deadline)
            except httpcore.ConnectError as failed:
                error = failed
        raise error or httpcore.ConnectError(f"no address for {host}")


class Fetcher:
    """One HTTP client reused for every URL of a run (connection pooling)."""

    def __init__(self, *, timeout: float = TIMEOUT_SECONDS, max_bytes: int = MAX_BYTES,
                 max_redirects: int = MAX_REDIRECTS, allow_private: bool | Iterable[str] = False,
                 delay: float = DELAY_SECONDS, robots: bool = True) -> None:
        """`allow_private`: True fetches any address; a list of addresses or
        networks ("10.1.2.3", "192.168.0.0/16") allows those alone."""
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.allow_private = allow_private
        self.delay = delay
        self.robots = robots
        self._deadline = _Deadline()
        self._last_request: dict[str, float] = {}
        self._robots: dict[str, Any] = {}
        transport = httpx.HTTPTransport(retries=0)
        transport._pool._network_backend = _GuardedBackend(allow_private, self._deadline)
        self._client = httpx.Client(
            transport=transport,
            trust_env=False,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            follow_redirects=False,  # followed here, each hop checked
            headers={"User-Agent": f"{USER_AGENT}/{__version__}",
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
        """The page at `url` (redirects followed), or a Failure naming `url`."""
        self._deadline.at = time.monotonic() + self.timeout
        try:
            return self._fetch(url)
        except BlockedAddress as error:
            return Failure(url, str(error))
        except httpx.TimeoutException:
            return Failure(url, f"timed out after {self.timeout:g} s")
        except (httpx.InvalidURL, httpx.UnsupportedProtocol) as error:
            return Failure(url, f"invalid URL: {error}")
        except httpx.HTTPError as error:
            return Failure(url, f"{type(error).__name__}: {error}" if str(error) else type(error).__name__)
        finally:
            self._deadline.at = None

    def _fetch(self, url: str) -> Page | Failure:
        current = url
        for _ in range(self.max_redirects + 1):
            scheme = urlsplit(current).scheme.lower()
            if scheme not in ("http", "https"):
                return Failure(url, f"refused: only http and https URLs are fetched, not {scheme or current!r}")
            if self.robots and not self._allowed_by_robots(current):
                return Failure(url, f"disallowed by robots.txt for {USER_AGENT}")
            self._wait_for_host(current)
            with self._client.stream("GET", current) as response:
                if response.is_redirect and "location" in response.headers:
                    current = str(response.url.join(response.headers["location"]))
                    continue
                return self._page(url, response)
        return Failure(url, "too many redirects")

    def _page(self, url: str, response: httpx.Response) -> Page | Failure:
        if response.status_code >= 400:
            return Failure(url, f"HTTP {response.status_code} {response.reason_phrase}".strip())
        media_type, charset = parse_content_type(response.headers.get("content-type", ""))
        if media_type not in ACCEPTED_TYPES and media_type not in SNIFFED_TYPES \
                and not media_type.endswith(("+xml", "/xml")):
            return Failure(url, f"unsupported content type {media_type or '(none)'}")
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            return Failure(url, f"larger than the {self.max_bytes} byte cap ({declared} bytes)")
        body = self._read(response, self.max_bytes)
        if body is None:
            return Failure(url, f"larger than the {self.max_bytes} byte cap")
        page = Page(str(response.url), media_type, charset, body)
        if media_type not in ACCEPTED_TYPES and not (page.is_feed or page.is_html):
            return Failure(url, f"unsupported content type {media_type or '(none)'}")
        return page

    @staticmethod
    def _read(response: httpx.Response, cap: int) -> bytes | None:
        """The decoded body (gzip and deflate undone) up to `cap` bytes; None past it."""
        chunks, size = [], 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > cap:
                return None
            chunks.append(chunk)
        return b"".join(chunks)

    def _wait_for_host(self, url: str) -> None:
        host = urlsplit(url).netloc.lower()
        delay = self.delay
        robots = self._robots.get(_origin(url))
        if robots is not None:
            delay = max(delay, float(robots.crawl_delay(USER_AGENT) or 0))
        last = self._last_request.get(host)
        if last is not None and delay > 0:
            wait = last + delay - time.monotonic()
            if wait > 0:
                time.sleep(wait)
                self._deadline.at = time.monotonic() + self.timeout  # waiting is not the server's time
        self._last_request[host] = time.monotonic()

    def _allowed_by_robots(self, url: str) -> bool:
        origin = _origin(url)
        if origin not in self._robots:
            self._robots[origin] = self._read_robots(origin)
        robots = self._robots[origin]
        return robots is None or robots.can_fetch(url, USER_AGENT)

    def _read_robots(self, origin: str) -> Any:
        """The origin's robots.txt parsed, or None (none there, or unreadable:
        everything is allowed)."""
        from protego import Protego

        self._wait_for_host(origin + "/robots.txt")
        try:
            with self._client.stream("GET", origin + "/robots.txt") as response:
                if response.status_code != 200:
                    return None
                body = self._read(response, ROBOTS_MAX_BYTES)
        except (httpx.HTTPError, BlockedAddress):
            return None
        if body is None:
            return None
        return Protego.parse(body.decode("utf-8", "replace"))


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def parse_content_type(header: str) -> tuple[str, str | None]:
    media_type, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.strip().partition("=")
        if key.lower() == "charset" and value:
            charset = value.strip('"\' ').lower()
    return media_type.strip().lower(), charset
