"""Documents from the web's formats: HTML pages (trafilatura), RSS/Atom feeds
(feedparser, each entry's page fetched) and WARC archives (warcio).

Every function yields `Document`s and `Failure`s; none raises on bad input.
"""
from __future__ import annotations

import logging
import os
import time
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import feedparser
import trafilatura
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from .fetch import HTML_TYPES, MAX_BYTES, Fetcher, Page, parse_content_type
from .record import Document, Failure

# Shorter than this after boilerplate removal, a page has no article in it.
MIN_MAIN_TEXT = 40

# Only dates the page states for itself: htmldate's extensive search would take
# a footer's "(c) 2024" for the publication date, and a wrong date is worse
# than none because it anchors every relative time in the text.
DATE_PARAMS = {"extensive_search": False, "original_date": True}

# trafilatura and htmldate log every unusable page; here those become Failures.
for _name in ("trafilatura", "htmldate", "charset_normalizer"):
    logging.getLogger(_name).addHandler(logging.NullHandler())
    logging.getLogger(_name).propagate = False


def html_to_document(html: bytes | str, *, doc_id: str, source: str, url: str | None = None,
                     charset: str | None = None, published: str | None = None,
                     title: str | None = None) -> Document | Failure:
    """The main text and metadata of one page; `published` and `title` are
    fallbacks for a page that does not state its own (a feed entry's, say)."""
    if isinstance(html, bytes):
        if b"\x00" in html[:8192]:
            return Failure(source, "binary file, not HTML")
        if charset:  # the HTTP header's charset outranks guessing
            try:
                html = html.decode(charset)
            except (LookupError, UnicodeDecodeError):
                pass  # a wrong declaration: let trafilatura detect the encoding
    try:
        page = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False,
            date_extraction_params=DATE_PARAMS)
    except Exception as error:  # trafilatura raises assorted parser errors
        return Failure(source, f"unreadable HTML: {type(error).__name__}: {error}")
    text = (page.text or "").strip() if page is not None else ""
    if len(text) < MIN_MAIN_TEXT:
        return Failure(source, "HTML with no main text")
    extra = {key: value for key, value in (("author", page.author), ("site", page.sitename))
             if value}
    return Document(id=doc_id, text=text, published=page.date or published,
                    title=page.title or title, url=url or page.url, source=source, extra=extra)


def page_to_documents(page: Page, *, fetcher: Fetcher, source: str) -> Iterator[Document | Failure]:
    """A fetched URL: a feed yields its entries' pages, anything else one document."""
    if page.is_feed or _looks_like_feed(page.body):
        yield from feed_documents(page.body, fetcher=fetcher, source=source)
    elif page.is_html:
        yield html_to_document(page.body, doc_id=source, source=source, url=page.url,
                               charset=page.charset)
    else:  # text/plain
        try:
            text = page.body.decode(page.charset or "utf-8")
        except (LookupError, UnicodeDecodeError):
            yield Failure(source, f"not {page.charset or 'UTF-8'} text")
            return
        yield Document(id=source, text=text, url=page.url, source=source)


def _looks_like_feed(body: bytes) -> bool:
    head = body[:1024].lstrip().lower()
    return head.startswith(b"<?xml") and (b"<rss" in head or b"<feed" in head or b"<rdf" in head)


def feed_documents(feed: bytes, *, fetcher: Fetcher, source: str) -> Iterator[Document | Failure]:
    """Each entry of an RSS/Atom feed, its page fetched; the entry's date and
    title stand in where the page lacks them."""
    parsed = feedparser.parse(feed)
    if not parsed.entries:
        reason = f"not a feed: {parsed.bozo_exception}" if parsed.bozo else "feed with no entries"
        yield Failure(source, reason)
        return
    for number, entry in enumerate(parsed.entries, 1):
        link = entry.get("link")
        if not link:
            yield Failure(f"{source}:entry {number}", "feed entry without a link")
            continue
        page = fetcher.fetch(link)
        if isinstance(page, Failure):
            yield page
            continue
        if not page.is_html:
            yield Failure(link, f"feed entry is {page.content_type}, not a web page")
            continue
        yield html_to_document(page.body, doc_id=link, source=link, url=page.url,
                               charset=page.charset, published=_entry_date(entry),
                               title=entry.get("title"))


def _entry_date(entry: feedparser.FeedParserDict) -> str | None:
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    return time.strftime("%Y-%m-%d", stamp) if stamp else None


def warc_documents(path: Path) -> Iterator[Document | Failure]:
    """The HTML responses of a WARC or WARC.gz file (requests, metadata,
    redirects and non-HTML bodies are not articles and are passed over).

    The crawl date stands in for a page without a date of its own: news
    crawls fetch an article within a day or so of its publication.
    """
    name = str(path)
    try:
        stream = open(path, "rb")
    except OSError as error:
        yield Failure(name, error.strerror or str(error))
        return
    with stream:
        size = os.fstat(stream.fileno()).st_size
        try:
            records = ArchiveIterator(stream)
            for record in records:
                if record.format != "warc":  # warcio reads any other bytes as ARC
                    yield Failure(name, "not a WARC file")
                    return
                page = _warc_page(record)
                # warcio passes silently over a record cut short: drain it
                # and see whether it held the length its header declared.
                while record.raw_stream.read(1 << 16):
                    pass
                if record.raw_stream.limit > 0:
                    yield Failure(name, "truncated or corrupt WARC: a record is cut short")
                    return
                if page is None:
                    continue
                uri, body, charset, crawled = page
                source = f"{name}:{uri}"
                if len(body) > MAX_BYTES:
                    yield Failure(source, f"larger than the {MAX_BYTES} byte cap")
                    continue
                yield html_to_document(body, doc_id=uri, source=source, url=uri,
                                       charset=charset, published=crawled)
            # A file cut inside a record's headers ends the iteration quietly,
            # short of the end of the file.
            if records.offset < size:
                yield Failure(name, f"truncated or corrupt WARC: unreadable after byte {records.offset}")
        # AttributeError: warcio's header parser on a header cut short.
        except (ArchiveLoadFailed, EOFError, zlib.error, OSError, ValueError, AttributeError) as error:
            yield Failure(name, f"truncated or corrupt WARC: {error or type(error).__name__}")


def _warc_page(record: Any) -> tuple[str, bytes, str | None, str | None] | None:
    """(URI, body, charset, crawl date) of a successful HTML response record."""
    if record.rec_type != "response" or record.http_headers is None:
        return None
    if not record.http_headers.get_statuscode().startswith("2"):
        return None
    media_type, charset = parse_content_type(record.http_headers.get_header("Content-Type") or "")
    if media_type not in HTML_TYPES:
        return None
    uri = record.rec_headers.get_header("WARC-Target-URI") or "record"
    body = record.content_stream().read(MAX_BYTES + 1)
    crawled = (record.rec_headers.get_header("WARC-Date") or "")[:10] or None
    return uri, body, charset, crawled
