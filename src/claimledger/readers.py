"""Inputs to a stream of documents: `read_inputs(names)` yields a `Document`
for each article it can read and a `Failure` for each it cannot, and goes on.

An input is a path, a folder (walked recursively), a URL, or "-" for stdin.
Files are told apart by their suffix:

    .txt (+ NAME.meta.json)       one document; id NAME
    .jsonl .ndjson .json (.gz)    one document per line
    .csv (.gz), .parquet          one document per row, from a text column
    .html .htm .xhtml             one page, main text through trafilatura
    .rss .atom .xml               a feed: each entry's page is fetched
    .warc .warc.gz                the archive's HTML responses
    anything else, named directly a text file (in a folder it is passed over)

Everything streams: one document (or one Parquet batch) in memory at a time.

Limits: a document larger than `max_size` bytes of text (DEFAULT_MAX_SIZE, 5
MB; `--max-size` or CLAIMLEDGER_MAX_SIZE) is refused at once with a Failure
naming it; a plain text file or JSON line that large is not even read whole.
With the limit raised, the extractor reads a large document in pieces
(`pipeline.extract_pieces`). Dates in metadata are checked (an impossible
date fails the document, naming it). Text files with a byte-order mark are
read as UTF-16 or UTF-32; without one they must be UTF-8.
"""
from __future__ import annotations

import codecs
import csv
import gzip
import hashlib
import json
import os
import sys
import zlib
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, BinaryIO

from typing import TYPE_CHECKING

from .record import Document, Failure, InvalidDate, UnreadableText, check_date

if TYPE_CHECKING:
    from .fetch import Fetcher

# The web's formats pull in trafilatura, httpx, feedparser and warcio, a second
# of start-up: .webpages and .fetch are imported only when an input needs them.

# The document fields of shared/spec/CLAIMS.md; any other key is kept in `extra`.
DOCUMENT_FIELDS = ("id", "text", "published", "title", "url")
# Columns a CSV or Parquet corpus may hold its text in, in order of preference.
TEXT_COLUMNS = ("text", "content", "body")

JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json", ".jsonl.gz", ".ndjson.gz", ".json.gz")
CSV_SUFFIXES = (".csv", ".csv.gz")
PARQUET_SUFFIXES = (".parquet", ".pq")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
FEED_SUFFIXES = (".rss", ".atom", ".xml")
WARC_SUFFIXES = (".warc", ".warc.gz")
META_SUFFIX = ".meta.json"
DEFAULT_MAX_SIZE = 5_000_000  # bytes of text in one document
STREAM_FROM = 1_000_000  # a UTF-8 text file larger than this is read a block at a time
_READ_BLOCK = 1 << 16
FOLDER_SUFFIXES = (".txt",) + JSONL_SUFFIXES + CSV_SUFFIXES + PARQUET_SUFFIXES \
    + HTML_SUFFIXES + FEED_SUFFIXES + WARC_SUFFIXES


def read_inputs(names: Iterable[str], *, published: str | None = None,
                stdin: BinaryIO | None = None, fetcher: Fetcher | None = None,
                max_size: int = DEFAULT_MAX_SIZE, fetch_options: Mapping[str, Any] | None = None,
                ) -> Iterator[Document | Failure]:
    """Every document of every input, in order; `published` is the date given
    to documents that carry none. A document over `max_size` bytes of text is
    a Failure. URLs are fetched by `fetcher`, or by a `Fetcher(**fetch_options)`
    made on first use.

    Ids never collide silently. A file named directly is NAME (its stem),
    unless another input of the run has that stem too: then each is its
    shortest distinguishing path (a/story, b/story). A folder's files are
    their path below it. An id made from a file name that another input of
    the run already took becomes its longer alias (the folder's name before
    it); when none is left, the document is a Failure naming both inputs.
    Ids given in the input (JSON, CSV, meta.json) and URLs are kept as they
    are: the same id there is the same document."""
    published = check_date(published, "published")
    names = list(names)
    reader = _Reader(stdin=stdin, fetcher=fetcher, max_size=max_size, fetch_options=fetch_options,
                     direct_ids=_direct_file_ids(names))
    taken: dict[str, str] = {}  # id made from a file name -> the input it came from
    try:
        for name in names:
            for item in reader.read(name):
                if isinstance(item, Document):
                    if published and not item.published:
                        item.published = published
                    if item.aliases:
                        item = _unique_id(item, taken)
                if isinstance(item, Document):
                    item = _within(item, max_size)
                yield item
    finally:
        reader.close()


def text_size(text: str) -> int:
    """Bytes of `text` in UTF-8, without encoding it when its length tells."""
    return len(text) if text.isascii() else len(text.encode("utf-8", "replace"))


def _within(doc: Document, max_size: int) -> Document | Failure:
    if len(doc.text) > max_size or (len(doc.text) * 4 > max_size and text_size(doc.text) > max_size):
        return too_large(doc.source or doc.id, text_size(doc.text), max_size)
    return doc


def too_large(name: str, size: int, max_size: int) -> Failure:
    return Failure(name, f"{size:,} bytes of text, over the {max_size:,}-byte limit "
                         f"(raise it with --max-size; a larger document is read in pieces)")


def inputs_from_lists(files: Iterable[str], stdin: BinaryIO | None = None) -> Iterator[str]:
    """The inputs listed in files, one a line (URLs or paths; trafilatura's
    `-i` convention); blank lines and lines starting with # are passed over.
    "-" reads the list from stdin. A missing list is an OSError."""
    for name in files:
        stream = (stdin or sys.stdin.buffer) if name == "-" else open(name, "rb")
        with stream:
            for raw in stream:
                line = raw.decode("utf-8", "replace").strip()
                if line and not line.startswith("#"):
                    yield line


def count_documents(names: Iterable[str]) -> int | None:
    """About how many documents the inputs hold, quickly (for a progress
    total): files in folders, lines of JSON Lines and CSV, rows of Parquet.
    None when it cannot be known cheaply (stdin, feeds, WARC, gzip)."""
    total = 0
    for name in names:
        path = Path(name)
        if name == "-" or is_url(name):
            return None
        if path.is_dir():
            for directory, _, files in os.walk(path):
                for file in files:
                    counted = _count_file(Path(directory, file), in_folder=True)
                    if counted is None:
                        return None
                    total += counted
        elif path.exists():
            counted = _count_file(path, in_folder=False)
            if counted is None:
                return None
            total += counted
        else:
            total += 1  # a failure, counted as it passes
    return total


def _count_file(path: Path, *, in_folder: bool) -> int | None:
    lower = path.name.lower()
    if path.name.startswith(".") or lower.endswith(META_SUFFIX):
        return 0
    if lower.endswith((".gz",) + FEED_SUFFIXES + WARC_SUFFIXES):
        return None
    try:
        if lower.endswith(JSONL_SUFFIXES) or lower.endswith(CSV_SUFFIXES):
            with open(path, "rb") as stream:
                lines = sum(block.count(b"\n") for block in iter(lambda: stream.read(1 << 20), b""))
            return max(lines - (1 if lower.endswith(CSV_SUFFIXES) else 0), 1)
        if lower.endswith(PARQUET_SUFFIXES):
            import pyarrow.parquet as parquet
            return parquet.ParquetFile(path).metadata.num_rows
    except Exception:  # a bad file is reported when it is read, not here
        return 1
    return 1 if (not in_folder or lower.endswith(FOLDER_SUFFIXES)) else 0


def _unique_id(doc: Document, taken: dict[str, str]) -> Document | Failure:
    """The document under the first of its id and aliases that no other
    input of the run holds; a Failure naming both inputs if none is left."""
    source = doc.source or doc.id
    for candidate in (doc.id, *doc.aliases):
        holder = taken.get(candidate)
        if holder is None or holder == source:
            taken[candidate] = source
            if candidate != doc.id:
                doc.aliases = tuple(a for a in doc.aliases if a != candidate)
                doc.id = candidate
            return doc
    return Failure(source, f"document id {doc.id!r} is also that of {taken[doc.id]}: "
                           f"rename one, or give it an id in NAME.meta.json")


def _direct_file_ids(names: list[str]) -> dict[str, str]:
    """Ids of the files named directly: the stem, or where stems collide the
    shortest trailing path that tells them apart ("a/story", "b/story")."""
    paths = {name: Path(name) for name in names
             if name != "-" and not is_url(name) and not Path(name).is_dir()}
    ids: dict[str, str] = {}
    for name, path in paths.items():
        parts = _id_parts(path.resolve())
        others = [_id_parts(other.resolve()) for other_name, other in paths.items()
                  if other_name != name and other.resolve() != path.resolve()]
        depth = 1
        while depth < len(parts) and any(other[-depth:] == parts[-depth:] for other in others):
            depth += 1
        ids[name] = "/".join(parts[-depth:])
    return ids


def _id_parts(path: Path) -> list[str]:
    """A path's parts with the last one's suffix dropped (an id is suffix-free)."""
    parts = list(path.parts[1:] if path.is_absolute() else path.parts)
    if parts and Path(parts[-1]).suffix:
        parts[-1] = Path(parts[-1]).with_suffix("").name
    return parts


def _aliases(path: Path, doc_id: str) -> tuple[str, ...]:
    """Longer ids for a file's document: its id with more of its folders
    before it, up to its full path ("story" -> "b/story", "x/b/story")."""
    parts = _id_parts(path.resolve())
    known = doc_id.count("/") + 1
    return tuple("/".join(parts[-depth:]) for depth in range(known + 1, len(parts) + 1))


def content_id(prefix: str, text: str | bytes) -> str:
    """An id made from content, for inputs without a name: "stdin:3f2a9c1b04d2"."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    return f"{prefix}:{hashlib.sha256(data).hexdigest()[:12]}"


class _Reader:
    """Holds what inputs share: stdin, and one HTTP client opened on first use."""

    def __init__(self, *, stdin: BinaryIO | None, fetcher: Fetcher | None,
                 max_size: int = DEFAULT_MAX_SIZE, fetch_options: Mapping[str, Any] | None = None,
                 direct_ids: dict[str, str] | None = None) -> None:
        self._stdin = stdin
        self._direct_ids = direct_ids or {}
        self._fetcher = fetcher
        self._owns_fetcher = fetcher is None
        self._fetch_options = dict(fetch_options or {})
        self.max_size = max_size

    @property
    def fetcher(self) -> Fetcher:
        if self._fetcher is None:
            from .fetch import Fetcher
            self._fetcher = Fetcher(**self._fetch_options)
        return self._fetcher

    def close(self) -> None:
        if self._owns_fetcher and self._fetcher is not None:
            self._fetcher.close()

    def read(self, name: str) -> Iterator[Document | Failure]:
        if name == "-":
            yield from read_stdin(self._stdin or sys.stdin.buffer, max_size=self.max_size)
        elif is_url(name):
            from .webpages import page_to_documents
            page = self.fetcher.fetch(name)
            if isinstance(page, Failure):
                yield page
            else:
                yield from page_to_documents(page, fetcher=self.fetcher, source=name)
        else:
            path = Path(name)
            if path.is_dir():
                yield from self.read_folder(path)
            elif path.exists():
                yield from self.read_file(path, root=path.parent,
                                          doc_id=self._direct_ids.get(name))
            else:
                yield Failure(name, "no such file or directory")

    def read_folder(self, folder: Path) -> Iterator[Document | Failure]:
        for directory, subfolders, files in os.walk(folder, onerror=None):
            subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
            for file in sorted(files):
                lower = file.lower()
                if file.startswith(".") or lower.endswith(META_SUFFIX):
                    continue  # hidden files; metadata is read with its .txt
                if lower.endswith(FOLDER_SUFFIXES):
                    yield from self.read_file(Path(directory, file), root=folder)

    def read_file(self, path: Path, *, root: Path,
                  doc_id: str | None = None) -> Iterator[Document | Failure]:
        """The documents of one file; `doc_id` for a file named directly
        (else its path below `root`)."""
        lower = path.name.lower()
        doc_id = doc_id or _doc_name(path, root)
        if lower.endswith(JSONL_SUFFIXES):
            yield from read_jsonl(path, max_size=self.max_size)
        elif lower.endswith(CSV_SUFFIXES):
            yield from read_csv(path)
        elif lower.endswith(PARQUET_SUFFIXES):
            yield from read_parquet(path)
        elif lower.endswith(WARC_SUFFIXES):
            from .webpages import warc_documents
            yield from warc_documents(path)
        elif lower.endswith(HTML_SUFFIXES):
            from .webpages import html_to_document
            data = _read_bytes(path)
            if isinstance(data, Failure):
                yield data
            else:
                yield _with_aliases(html_to_document(data, doc_id=doc_id, source=str(path)), path)
        elif lower.endswith(FEED_SUFFIXES):
            from .webpages import feed_documents
            data = _read_bytes(path)
            if isinstance(data, Failure):
                yield data
            else:
                yield from feed_documents(data, fetcher=self.fetcher, source=str(path))
        else:
            yield read_text_file(path, doc_id=doc_id, max_size=self.max_size)


def _with_aliases(item: Document | Failure, path: Path) -> Document | Failure:
    if isinstance(item, Document):
        item.aliases = _aliases(path, item.id)
    return item


def is_url(name: str) -> bool:
    return name.startswith(("http://", "https://"))


def _doc_name(path: Path, root: Path) -> str:
    """NAME of NAME.txt; below the folder given, its relative path, so that
    a/x.txt and b/x.txt stay two documents."""
    relative = path.relative_to(root) if path.is_relative_to(root) else Path(path.name)
    return relative.with_suffix("").as_posix() if relative.suffix else relative.as_posix()


def _read_bytes(path: Path) -> bytes | Failure:
    try:
        return path.read_bytes()
    except OSError as error:
        return Failure(str(path), error.strerror or str(error))


# Byte-order marks, longest first (UTF-32 LE starts like UTF-16 LE).
_BOMS = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
         (b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def _decode_utf8(data: bytes, name: str) -> str | Failure:
    """Text: UTF-8, or what a byte-order mark says (UTF-16, UTF-32)."""
    encoding = next((enc for bom, enc in _BOMS if data.startswith(bom)), None)
    if encoding and encoding != "utf-8-sig":
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as error:
            return Failure(name, f"not {encoding.upper()} although it starts with its byte-order mark "
                                 f"({error.reason} at offset {error.start})")
    if b"\x00" in data:
        return Failure(name, "binary file, not text (UTF-16 or UTF-32 text needs a byte-order mark)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return Failure(name, f"not UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start})")


def read_text_file(path: Path, *, doc_id: str, max_size: int = DEFAULT_MAX_SIZE) -> Document | Failure:
    """One plain text document, with the fields of NAME.meta.json beside it.
    A file over `max_size` bytes is refused before it is read; one over
    STREAM_FROM bytes (UTF-8) is read a block at a time as it is extracted."""
    try:
        size = path.stat().st_size
    except OSError as error:
        return Failure(str(path), error.strerror or str(error))
    wide = bool(size) and _has_wide_bom(path)
    # UTF-16 and UTF-32 take more bytes than the UTF-8 the limit counts.
    if size > max_size * (4 if wide else 1):
        return too_large(str(path), size, max_size)
    meta: dict[str, Any] = {}
    meta_path = path.with_name(path.name[: -len(path.suffix)] + META_SUFFIX) if path.suffix \
        else path.with_name(path.name + META_SUFFIX)
    if meta_path.exists():
        try:
            meta = json.loads(meta_path.read_bytes().decode("utf-8-sig"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            return Failure(str(meta_path), f"unreadable metadata: {error}")
        if not isinstance(meta, dict):
            return Failure(str(meta_path), "metadata is not a JSON object")
    if size > STREAM_FROM and not wide:
        document = document_from_record({**meta, "text": ""}, default_id=doc_id, source=str(path))
        if isinstance(document, Document):
            document.stream = lambda: _text_blocks(path)
            if not meta.get("id"):  # the id is the file's name
                document.aliases = _aliases(path, document.id)
        return document
    data = _read_bytes(path)
    if isinstance(data, Failure):
        return data
    text = _decode_utf8(data, str(path))
    if isinstance(text, Failure):
        return text
    if _is_url_list(text):
        return Failure(str(path), "a list of URLs, not an article: read it with -i FILE")
    doc = document_from_record({**meta, "text": text}, default_id=doc_id, source=str(path))
    if isinstance(doc, Document) and not meta.get("id"):  # the id is the file's name
        doc.aliases = _aliases(path, doc.id)
    return doc


def _text_blocks(path: Path, block: int = 1 << 18) -> Iterator[str]:
    """A UTF-8 file's text a block at a time; UnreadableText at a bad byte."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    offset = 0
    with open(path, "rb") as stream:
        for data in iter(lambda: stream.read(block), b""):
            if b"\x00" in data:
                raise UnreadableText("binary file, not text")
            try:
                yield decoder.decode(data)
            except UnicodeDecodeError as error:
                raise UnreadableText(f"not UTF-8 (byte 0x{data[error.start]:02x} at offset "
                                     f"{offset + error.start})") from None
            offset += len(data)
        try:
            yield decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            raise UnreadableText(f"not UTF-8 (cut inside a character at offset {offset})") from None


def _has_wide_bom(path: Path) -> bool:
    try:
        with open(path, "rb") as stream:
            head = stream.read(4)
    except OSError:
        return False
    return any(head.startswith(bom) for bom, enc in _BOMS if enc != "utf-8-sig")


def _is_url_list(text: str) -> bool:
    """Every line a URL (and at least one): a list to read with -i, not an article."""
    lines = [line.strip() for line in text[:100_000].splitlines() if line.strip()]
    return bool(lines) and len(text) <= 100_000 and all(is_url(line) and " " not in line for line in lines)


def document_from_record(record: Mapping[str, Any], *, default_id: str, source: str,
                         text_key: str = "text") -> Document | Failure:
    """A document from a mapping of the spec's fields; other keys go to `extra`."""
    text = record.get(text_key)
    if text is None:
        return Failure(source, f'no "{text_key}" field')
    if not isinstance(text, str):
        return Failure(source, f'"{text_key}" is not a string')
    doc_id = record.get("id")
    doc_id = default_id if doc_id is None or doc_id == "" else str(doc_id)

    def optional(key: str) -> str | None:
        value = record.get(key)
        if value is None or value == "":
            return None
        # Parquet and CSV-through-pandas corpora hold dates as date objects.
        return value.isoformat() if hasattr(value, "isoformat") else str(value)

    try:
        published = check_date(record.get("published") or None, "published")
    except InvalidDate as error:
        return Failure(source, str(error))

    extra = {key: value for key, value in record.items()
             if key not in DOCUMENT_FIELDS and key != text_key and value not in (None, "")}
    return Document(id=doc_id, text=text, published=published,
                    title=optional("title"), url=optional("url"), source=source, extra=extra)


def _open_maybe_gzip(path: Path) -> BinaryIO:
    return gzip.open(path, "rb") if path.name.lower().endswith(".gz") else open(path, "rb")


# A gzip stream cut short raises EOFError; a corrupted one BadGzipFile or zlib.error.
_TRUNCATED = (EOFError, gzip.BadGzipFile, zlib.error)


def read_jsonl(path: Path, *, max_size: int = DEFAULT_MAX_SIZE) -> Iterator[Document | Failure]:
    try:
        stream = _open_maybe_gzip(path)
    except OSError as error:
        yield Failure(str(path), error.strerror or str(error))
        return
    with stream:
        yield from _jsonl_lines(_bounded_lines(stream, max_size), name=str(path),
                                default_prefix=_strip_suffixes(path))


class _LineTooLong(bytes):
    """A line cut off at the cap (the rest of it was read past, not kept)."""

    size: int = 0


def _bounded_lines(stream: BinaryIO, max_size: int) -> Iterator[bytes]:
    """The stream's lines, each read up to a cap that a JSON document of
    `max_size` bytes of text fits in (escapes take room): a longer line is
    read past in blocks and given as a _LineTooLong, never held whole."""
    cap = max_size * 6 + 65_536
    while True:
        line = stream.readline(cap + 1)
        if not line:
            return
        if len(line) > cap and not line.endswith(b"\n"):
            size = len(line)
            while True:
                block = stream.readline(_READ_BLOCK)
                size += len(block)
                if not block or block.endswith(b"\n"):
                    break
            too_long = _LineTooLong(b"x")
            too_long.size = size
            yield too_long
            continue
        yield line


def _strip_suffixes(path: Path) -> str:
    name = path.name
    for suffix in (".gz", ".jsonl", ".ndjson", ".json", ".csv", ".parquet", ".pq"):
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
    return name


def _jsonl_lines(stream: Iterable[bytes], *, name: str, default_prefix: str,
                 first_line_number: int = 1, ids_by_content: bool = False,
                 ) -> Iterator[Document | Failure]:
    """Documents of JSON Lines; a line without an id is PREFIX:LINE, or with
    `ids_by_content` (stdin, which has no name) PREFIX:HASH of its text."""
    number = first_line_number - 1
    try:
        for number, raw in enumerate(stream, first_line_number):
            if not raw.strip():
                continue
            where = f"{name}:{number}"
            if isinstance(raw, _LineTooLong):
                yield Failure(where, f"a line of {raw.size:,} bytes, too long for a document "
                                     f"(raise --max-size to read it)")
                continue
            try:
                record = json.loads(raw.decode("utf-8-sig" if number == 1 else "utf-8"))
            except UnicodeDecodeError as error:
                yield Failure(where, f"not UTF-8 (byte 0x{raw[error.start]:02x})")
                continue
            except json.JSONDecodeError as error:
                yield Failure(where, f"not JSON: {error.msg} at column {error.colno}")
                continue
            if not isinstance(record, dict):
                yield Failure(where, f"not a JSON object but {type(record).__name__}")
                continue
            default_id = f"{default_prefix}:{number}"
            if ids_by_content and isinstance(record.get("text"), str):
                default_id = content_id(default_prefix, record["text"])
            yield document_from_record(record, default_id=default_id, source=where)
    except _TRUNCATED as error:
        yield Failure(name, f"truncated or corrupt gzip after line {number}: {error}")
    except OSError as error:
        yield Failure(name, error.strerror or str(error))


def read_stdin(stream: BinaryIO, *, max_size: int = DEFAULT_MAX_SIZE) -> Iterator[Document | Failure]:
    """JSON Lines when the first non-blank line is an object, else one text.
    Documents without an id are named by their content ("stdin:3f2a9c1b04d2"):
    two different texts piped in are two documents, the same text one."""
    leading = []
    lines = _bounded_lines(stream, max_size)
    for line in lines:
        leading.append(line)
        if line.strip():
            break
    if leading and leading[-1].lstrip().startswith(b"{"):
        first = len(leading)
        yield from _jsonl_lines(_chain([leading[-1]], lines), name="stdin", default_prefix="stdin",
                                first_line_number=first, ids_by_content=True)
        return
    if any(isinstance(line, _LineTooLong) for line in leading):
        yield too_large("stdin", sum(len(line) for line in leading), max_size)
        return
    rest = stream.read(max_size * 4 + 1 - sum(map(len, leading)))
    if stream.read(1):
        yield too_large("stdin", max_size * 4 + 2, max_size)
        return
    text = _decode_utf8(b"".join(leading) + rest, "stdin")
    yield text if isinstance(text, Failure) else Document(
        id=content_id("stdin", text), text=text, source="stdin")


def _chain(*iterables: Iterable[bytes]) -> Iterator[bytes]:
    for iterable in iterables:
        yield from iterable


def _text_column(columns: Iterable[str]) -> str | None:
    present = list(columns)
    return next((c for c in TEXT_COLUMNS if c in present), None)


def read_csv(path: Path) -> Iterator[Document | Failure]:
    name = str(path)
    # Articles are longer than csv's default 128 KiB field limit.
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    try:
        binary = _open_maybe_gzip(path)
    except OSError as error:
        yield Failure(name, error.strerror or str(error))
        return
    with binary:
        # Decoded line by line (not by TextIOWrapper's 8 KiB chunks) so that
        # the rows before a bad byte are read and the failure names its line.
        reader = csv.DictReader(_decoded_lines(binary))
        try:
            text_key = _text_column(reader.fieldnames or [])
            if text_key is None:
                yield Failure(name, f"no text column (looked for {', '.join(TEXT_COLUMNS)})")
                return
            default_prefix = _strip_suffixes(path)
            for row in reader:
                where = f"{name}:{reader.line_num}"
                yield document_from_record(row, default_id=f"{default_prefix}:{reader.line_num}",
                                           source=where, text_key=text_key)
        except UnicodeDecodeError:
            yield Failure(f"{name}:{reader.line_num + 1}", "not UTF-8")
        except csv.Error as error:
            yield Failure(f"{name}:{reader.line_num}", f"malformed CSV: {error}")
        except _TRUNCATED as error:
            yield Failure(name, f"truncated or corrupt gzip after line {reader.line_num}: {error}")


def _decoded_lines(binary: Iterable[bytes]) -> Iterator[str]:
    for number, raw in enumerate(binary, 1):
        yield raw.decode("utf-8-sig" if number == 1 else "utf-8")


def read_parquet(path: Path, *, batch_size: int = 512) -> Iterator[Document | Failure]:
    import pyarrow  # imported here: a second or so of start-up saved for other inputs
    import pyarrow.parquet as parquet

    name = str(path)
    try:
        table = parquet.ParquetFile(path)
    except (OSError, pyarrow.ArrowException) as error:
        yield Failure(name, f"not a readable Parquet file: {error}")
        return
    text_key = _text_column(table.schema_arrow.names)
    if text_key is None:
        yield Failure(name, f"no text column (looked for {', '.join(TEXT_COLUMNS)})")
        return
    default_prefix = _strip_suffixes(path)
    row = 0
    try:
        for batch in table.iter_batches(batch_size=batch_size):
            for record in batch.to_pylist():
                row += 1
                yield document_from_record(record, default_id=f"{default_prefix}:{row}",
                                           source=f"{name}:{row}", text_key=text_key)
    except (OSError, pyarrow.ArrowException) as error:
        yield Failure(name, f"corrupt Parquet after row {row}: {error}")
