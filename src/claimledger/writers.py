"""Rows out: JSON Lines, CSV, Parquet (streamed in batches) and tables for
terminals. Writers take dicts (`Claim.to_dict()`, a ledger row, a report's
row) and the columns to write, so every command writes the same way.

Text from articles is data, never instructions to what displays it:

- terminal tables strip control characters (escape sequences that clear the
  screen or retitle the window) and never read cells as rich markup;
- CSV cells that would start a spreadsheet formula (`=`, `+`, `-`, `@`, tab,
  carriage return) are prefixed with `'` (OWASP's rule for CSV injection);
- JSON-LD meant for a page escapes `<`, `>` and `&`, so `</script>` cannot end
  its script element, and keeps only http(s) URLs (`javascript:` is dropped).
"""
from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, BinaryIO

from .record import CLAIM_FIELDS

FORMATS = ("jsonl", "csv", "parquet")
NUMBER_FIELDS = ("value", "low", "high", "total", "lowest", "highest", "spread", "best")
INTEGER_FIELDS = ("id", "start", "end", "claims", "sources")
BOOLEAN_FIELDS = ("approx", "projected", "consistent", "period_total", "superseded")
# What the ledger adds to a stored claim's record (`claims`): its quantity
# key, and whether it is a claim of an earlier version of its document.
LEDGER_FIELDS = (*CLAIM_FIELDS, "quantity", "superseded")

# C0 and C1 controls but newline and tab, and the bidirectional overrides
# that make a terminal show text in another order than it is.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_CONTROL_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]+")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def clean_cell(text: str) -> str:
    """Text safe for a terminal: control characters removed (newlines and tabs kept).

    >>> clean_cell("31,000\x1b[2J\x1b]0;pwned\x07 dead")
    '31,000[2J]0;pwned dead'
    """
    return _CONTROL.sub("", text)


def clean_line(text: str) -> str:
    """Text safe for one line of a terminal: every control character, line
    breaks included, becomes one space."""
    return _CONTROL_LINE.sub(" ", text)


def csv_cell(value: Any) -> Any:
    """A CSV cell: booleans as true/false, null empty, lists and objects as
    JSON, and text that a spreadsheet would run as a formula prefixed with '.

    >>> [csv_cell(v) for v in ("=SUM(A1:A9)", "-5 dead", -5, True, None)]
    ["'=SUM(A1:A9)", "'-5 dead", -5, 'true', '']
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        value = json.dumps(value, ensure_ascii=False)
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def json_for_html(data: Any, *, indent: int | None = None) -> str:
    """JSON that is safe inside a page's <script> element: `<`, `>` and `&`
    written as \\u escapes (still the same JSON to any parser).

    >>> print(json_for_html({"claimReviewed": "</script>"}))
    {"claimReviewed": "\\u003c/script\\u003e"}
    """
    text = json.dumps(data, ensure_ascii=False, indent=indent)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def web_url(url: str | None) -> str | None:
    """`url` if it is an http(s) URL, else None (`javascript:`, `data:`, ...).

    >>> web_url("javascript:alert(1)"), web_url("https://example.org/a")
    (None, 'https://example.org/a')
    """
    if url and url.strip().lower().startswith(("http://", "https://")):
        return url.strip()
    return None


class JsonlWriter:
    def __init__(self, stream: BinaryIO, columns: Sequence[str] | None = None) -> None:
        self._stream = io.TextIOWrapper(stream, encoding="utf-8", newline="\n",
                                        write_through=True)

    def write(self, row: Mapping[str, Any]) -> None:
        self._stream.write(json.dumps(row, ensure_ascii=False) + "\n")

    def close(self) -> None:
        self._stream.flush()
        self._stream.detach()  # leave the caller's stream open


class CsvWriter:
    """The columns in order; cells through `csv_cell`."""

    def __init__(self, stream: BinaryIO, columns: Sequence[str] = CLAIM_FIELDS) -> None:
        self._columns = tuple(columns)
        self._stream = io.TextIOWrapper(stream, encoding="utf-8", newline="")
        self._writer = csv.writer(self._stream)
        self._writer.writerow(self._columns)

    def write(self, row: Mapping[str, Any]) -> None:
        self._writer.writerow([csv_cell(row.get(name)) for name in self._columns])

    def close(self) -> None:
        self._stream.flush()
        self._stream.detach()


class ParquetWriter:
    """Rows gathered into record batches of `batch_size`: memory stays bounded.
    Columns are typed by name (numbers, integers, booleans); the rest are text
    (lists and objects as JSON)."""

    def __init__(self, stream: BinaryIO, columns: Sequence[str] = CLAIM_FIELDS, *,
                 batch_size: int = 10_000) -> None:
        import pyarrow  # imported here: pyarrow takes a moment to load
        import pyarrow.parquet

        self._pa = pyarrow
        self._columns = tuple(columns)
        self._schema = pyarrow.schema([(name, _arrow_type(pyarrow, name)) for name in self._columns])
        self._writer = pyarrow.parquet.ParquetWriter(stream, self._schema)
        self._batch_size = batch_size
        self._rows: list[Mapping[str, Any]] = []

    def write(self, row: Mapping[str, Any]) -> None:
        self._rows.append(row)
        if len(self._rows) >= self._batch_size:
            self._flush()

    def _flush(self) -> None:
        if self._rows:
            columns = {name: [_arrow_value(row.get(name)) for row in self._rows] for name in self._columns}
            self._writer.write_batch(self._pa.record_batch(columns, schema=self._schema))
            self._rows = []

    def close(self) -> None:
        self._flush()
        self._writer.close()


def _arrow_type(pa: Any, name: str) -> Any:
    if name in NUMBER_FIELDS:
        return pa.float64()
    if name in INTEGER_FIELDS:
        return pa.int64()
    if name in BOOLEAN_FIELDS:
        return pa.bool_()
    return pa.string()


def _arrow_value(value: Any) -> Any:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, (list, dict)) else value


def open_writer(fmt: str, stream: BinaryIO, columns: Sequence[str] = CLAIM_FIELDS,
                ) -> JsonlWriter | CsvWriter | ParquetWriter:
    """A writer of `fmt` onto a binary stream the caller opens and closes."""
    if fmt == "jsonl":
        return JsonlWriter(stream, columns)
    if fmt == "csv":
        return CsvWriter(stream, columns)
    if fmt == "parquet":
        return ParquetWriter(stream, columns)
    raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")


def write_rows(rows: Iterable[Mapping[str, Any]], fmt: str, stream: BinaryIO,
               columns: Sequence[str] = CLAIM_FIELDS) -> int:
    """Write every row; returns how many."""
    writer = open_writer(fmt, stream, columns)
    count = 0
    try:
        for row in rows:
            writer.write(row)
            count += 1
    finally:
        writer.close()
    return count


def write_claims(claims: Iterable[Mapping[str, Any]], fmt: str, stream: BinaryIO,
                 fields: Sequence[str] = CLAIM_FIELDS) -> int:
    return write_rows(claims, fmt, stream, fields)


def format_number(number: float) -> str:
    """31000 -> '31,000'; 1.25 -> '1.25'."""
    if number == int(number) and abs(number) < 1e15:
        return f"{int(number):,}"
    return f"{number:,.2f}".rstrip("0").rstrip(".")


def format_figure(value: float | None, low: float | None, high: float | None, approx: bool = False, *,
                  total: float | None = None, compact: bool = False) -> str:
    """A figure as a reader says it: '31,000', 'about 120,000', '300,000–350,000',
    'at least 40,000', '40 of 200'; compact for table cells: '≥40,000', '~120,000'."""
    at_least, up_to, about = ("≥", "≤", "~") if compact else ("at least ", "up to ", "about ")
    if value is not None and total is not None:
        text = f"{format_number(value)} of {format_number(total)}"
    elif low is not None and high is not None and low != high:
        text = f"{format_number(low)}–{format_number(high)}"
    elif low is not None:
        text = at_least + format_number(low)
    elif high is not None:
        text = up_to + format_number(high)
    elif value is not None:
        text = format_number(value)
    else:
        text = "?"
    return about + text if approx and not text.startswith((at_least, up_to)) else text


def format_claim_figure(claim: Mapping[str, Any]) -> str:
    """A claim's figure for a table cell, with its unit and rate: '~70,000 people', '1,500 people/day'."""
    text = format_figure(*(claim.get(k) for k in ("value", "low", "high")), bool(claim.get("approx")),
                         total=claim.get("total"), compact=True)
    if claim.get("unit"):
        text += f" {claim['unit']}"
    if claim.get("per"):
        text += f"/{claim['per']}"
    return text


@dataclass(frozen=True)
class Column:
    """A column of a terminal table and how it gives way on a narrow terminal.

    kind: "number" (figures, dates, counts: never broken, right-aligned when
    `right`), "id" (a quantity ID or document to copy: never broken while it
    fits at all), "text" (wraps at spaces, but never inside a word holding a
    digit, so no figure in it is broken either).
    drop: 0 never dropped; otherwise the columns with the highest `drop` go
    first until the rest fit the terminal.
    """

    header: str
    kind: str = "text"
    drop: int = 0
    min_width: int = 10
    max_width: int | None = None
    right: bool = False


def _cell_lines(cell: object) -> list[str]:
    return str(cell if cell is not None else "").split("\n")


def _needed(column: Column, cells: list[object]) -> int:
    """The narrowest width a column can take without breaking what must not break."""
    lines = [line for cell in cells for line in _cell_lines(cell)]
    header = len(column.header)
    if column.kind in ("number", "id"):
        return max([header, *(len(line) for line in lines)])
    numbers = [len(word) for line in lines for word in line.split() if any(c.isdigit() for c in word)]
    widest_line = max((len(line) for line in lines), default=0)
    return max(header if len(column.header.split()) == 1 else 4, *numbers, 1,
               min(column.min_width, widest_line))


TABLE_OVERHEAD, COLUMN_OVERHEAD = 1, 3  # rich's box: a border, and per column two spaces and a border


def fit_columns(columns: list[Column], rows: list[list[object]], width: int) -> list[int]:
    """The indexes of the columns to show in `width` characters: all that fit,
    dropping the most droppable first; never a column marked drop=0."""
    needed = [_needed(c, [row[i] for row in rows]) for i, c in enumerate(columns)]
    kept = list(range(len(columns)))
    droppable = sorted((i for i, c in enumerate(columns) if c.drop), key=lambda i: -columns[i].drop)
    while TABLE_OVERHEAD + sum(needed[i] + COLUMN_OVERHEAD for i in kept) > width and droppable:
        kept.remove(droppable.pop(0))
    return kept


def print_fitted(columns: list[Column], rows: Iterable[list[object]], *, title: str | None = None,
                 caption: str | None = None, console: Any = None, show_lines: bool = False,
                 pager: bool = True) -> int:
    """A table that fits the terminal: columns chosen by `fit_columns`, no
    number ever broken across lines, cells never read as markup; through a
    pager (less -FRX unless $PAGER or $LESS say otherwise) when it is taller
    than the terminal and stdout is one. Returns the number of rows."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = console or Console()
    rows = [list(row) for row in rows]
    kept = fit_columns(columns, rows, console.width)
    table = Table(title=Text(clean_cell(title)) if title else None,
                  caption=Text(clean_cell(caption)) if caption else None, header_style="bold", show_lines=show_lines,
                  expand=any(columns[i].kind == "text" and columns[i].drop == 0 for i in kept)
                  and console.width < 200)
    for i in kept:
        column = columns[i]
        need = _needed(column, [row[i] for row in rows])
        if column.kind == "text":
            table.add_column(column.header, overflow="fold", min_width=need,
                             max_width=column.max_width, ratio=1)
        else:
            table.add_column(column.header, no_wrap=True, min_width=need, overflow="fold",
                             justify="right" if column.right else "left")
    for row in rows:
        # Text, not str: cells are never read as markup; control characters go.
        table.add_row(*(Text(clean_cell(str(row[i] if row[i] is not None else ""))) for i in kept))
    if pager and console.is_terminal:
        lines = console.render_lines(table, console.options, pad=False)
        if len(lines) > console.height:
            import os
            os.environ.setdefault("LESS", "-FRX")
            with console.pager(styles=True):
                console.print(table)
            return len(rows)
    console.print(table)
    return len(rows)


CLAIM_COLUMNS = [
    Column("doc", "id", drop=5, max_width=24),
    Column("figure", "number"),
    Column("measure", "id", drop=3),
    Column("group", "text", drop=4, min_width=8, max_width=18),
    Column("speaker", "text", drop=2, min_width=12, max_width=40),
    Column("as of", "number", drop=1),
    Column("sentence", "text", drop=6, min_width=30),
]


def print_table(claims: Iterable[Mapping[str, Any]], console: Any = None) -> int:
    """A readable table of claims on a terminal (rich): the columns that fit,
    the sentence where the terminal is wide enough to read it."""
    rows = []
    for claim in claims:
        speaker = claim.get("speaker") or ""
        if claim.get("via"):
            speaker += f" (via {claim['via']})"
        if claim.get("disputed_by"):
            speaker += f" [disputed by {claim['disputed_by']}]"
        figure = format_claim_figure(claim) + (" (projected)" if claim.get("projected") else "") \
            + (" (superseded)" if claim.get("superseded") else "")
        rows.append([claim.get("doc"), figure, claim.get("measure"), claim.get("group"), speaker,
                     claim.get("as_of"), claim.get("sentence")])
    count = len(rows)
    return print_fitted(CLAIM_COLUMNS, rows, caption=f"{count} claim{'s' if count != 1 else ''}",
                        console=console, show_lines=True)


def print_rows(rows: Iterable[Mapping[str, Any]], columns: Sequence[str], *, title: str | None = None,
               console: Any = None) -> int:
    """Any rows as a table that fits the terminal (`print_fitted`): the first
    column an ID never broken, the last ones dropped first when narrow; lists
    one item per line."""
    specs = [Column(name, "id") if i == 0 else Column(name, "text", drop=len(columns) - i, min_width=8)
             for i, name in enumerate(columns)]
    return print_fitted(specs, ([_cell_text(row.get(name)) for name in columns] for row in rows),
                        title=title, console=console)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, float):
        return format_number(round(value, 2))
    if isinstance(value, (list, tuple)):
        return "\n".join(_cell_text(v) for v in value)
    return str(value)
