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
"""
from __future__ import annotations

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

from .record import Document, Failure

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
FOLDER_SUFFIXES = (".txt",) + JSONL_SUFFIXES + CSV_SUFFIXES + PARQUET_SUFFIXES \
    + HTML_SUFFIXES + FEED_SUFFIXES + WARC_SUFFIXES


def read_inputs(names: Iterable[str], *, published: str | None = None,
                stdin: BinaryIO | None = None, fetcher: Fetcher | None = None,
                ) -> Iterator[Document | Failure]:
    """Every document of every input, in order; `published` is the date given
    to documents that carry none.

    Ids never collide silently. A file named directly is NAME (its stem),
    unless another input of the run has that stem too: then each is its
    shortest distinguishing path (a/story, b/story). A folder's files are
    their path below it. An id made from a file name that another input of
    the run already took becomes its longer alias (the folder's name before
    it); when none is left, the document is a Failure naming both inputs.
    Ids given in the input (JSON, CSV, meta.json) and URLs are kept as they
    are: the same id there is the same document."""
    names = list(names)
    reader = _Reader(stdin=stdin, fetcher=fetcher, direct_ids=_direct_file_ids(names))
    taken: dict[str, str] = {}  # id made from a file name -> the input it came from
    try:
        for name in names:
            for item in reader.read(name):
                if isinstance(item, Document):
                    if published and not item.published:
                        item.published = published
                    if item.aliases:
                        item = _unique_id(item, taken)
                yield item
    finally:
        reader.close()


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
                 direct_ids: dict[str, str] | None = None) -> None:
        self._stdin = stdin
        self._direct_ids = direct_ids or {}
        self._fetcher = fetcher
        self._owns_fetcher = fetcher is None

    @property
    def fetcher(self) -> Fetcher:
        if self._fetcher is None:
            from .fetch import Fetcher
            self._fetcher = Fetcher()
        return self._fetcher

    def close(self) -> None:
        if self._owns_fetcher and self._fetcher is not None:
            self._fetcher.close()

    def read(self, name: str) -> Iterator[Document | Failure]:
        if name == "-":
            yield from read_stdin(self._stdin or sys.stdin.buffer)
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
            yield from read_jsonl(path)
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
            yield read_text_file(path, doc_id=doc_id)


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


def _decode_utf8(data: bytes, name: str) -> str | Failure:
    if b"\x00" in data:
        return Failure(name, "binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return Failure(name, f"not UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start})")


def read_text_file(path: Path, *, doc_id: str) -> Document | Failure:
    """One plain text document, with the fields of NAME.meta.json beside it."""
    data = _read_bytes(path)
    if isinstance(data, Failure):
        return data
    text = _decode_utf8(data, str(path))
    if isinstance(text, Failure):
        return text
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
    doc = document_from_record({**meta, "text": text}, default_id=doc_id, source=str(path))
    if isinstance(doc, Document) and not meta.get("id"):  # the id is the file's name
        doc.aliases = _aliases(path, doc.id)
    return doc


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

    extra = {key: value for key, value in record.items()
             if key not in DOCUMENT_FIELDS and key != text_key and value not in (None, "")}
    return Document(id=doc_id, text=text, published=optional("published"),
                    title=optional("title"), url=optional("url"), source=source, extra=extra)


def _open_maybe_gzip(path: Path) -> BinaryIO:
    return gzip.open(path, "rb") if path.name.lower().endswith(".gz") else open(path, "rb")


# A gzip stream cut short raises EOFError; a corrupted one BadGzipFile or zlib.error.
_TRUNCATED = (EOFError, gzip.BadGzipFile, zlib.error)


def read_jsonl(path: Path) -> Iterator[Document | Failure]:
    try:
        stream = _open_maybe_gzip(path)
    except OSError as error:
        yield Failure(str(path), error.strerror or str(error))
        return
    with stream:
        yield from _jsonl_lines(stream, name=str(path), default_prefix=_strip_suffixes(path))


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


def read_stdin(stream: BinaryIO) -> Iterator[Document | Failure]:
    """JSON Lines when the first non-blank line is an object, else one text.
    Documents without an id are named by their content ("stdin:3f2a9c1b04d2"):
    two different texts piped in are two documents, the same text one."""
    leading = []
    for line in stream:
        leading.append(line)
        if line.strip():
            break
    if leading and leading[-1].lstrip().startswith(b"{"):
        first = len(leading)
        lines = iter([leading[-1]])
        yield from _jsonl_lines(_chain(lines, stream), name="stdin", default_prefix="stdin",
                                first_line_number=first, ids_by_content=True)
        return
    text = _decode_utf8(b"".join(leading) + stream.read(), "stdin")
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
