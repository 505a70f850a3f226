"""Claims out: JSON Lines, CSV, Parquet (streamed in batches) and a table for
terminals. Writers take the spec's claim dicts (`Claim.to_dict()`), so rows
read back from the ledger go out the same way as freshly extracted ones.
"""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, BinaryIO

from .record import CLAIM_FIELDS

FORMATS = ("jsonl", "csv", "parquet")
NUMBER_FIELDS = ("value", "low", "high", "total")
INTEGER_FIELDS = ("start", "end")
BOOLEAN_FIELDS = ("approx", "projected", "superseded")
# What the ledger adds to a stored claim's record (`claims`): its quantity
# key, and whether it is a claim of an earlier version of its document.
LEDGER_FIELDS = (*CLAIM_FIELDS, "quantity", "superseded")


class JsonlWriter:
    def __init__(self, stream: BinaryIO) -> None:
        self._stream = io.TextIOWrapper(stream, encoding="utf-8", newline="\n",
                                        write_through=True)

    def write(self, claim: Mapping[str, Any]) -> None:
        self._stream.write(json.dumps(claim, ensure_ascii=False) + "\n")

    def close(self) -> None:
        self._stream.flush()
        self._stream.detach()  # leave the caller's stream open


class CsvWriter:
    """Every spec field as a column; booleans as true/false, null as empty."""

    def __init__(self, stream: BinaryIO, fields: tuple[str, ...] = CLAIM_FIELDS) -> None:
        self._stream = io.TextIOWrapper(stream, encoding="utf-8", newline="")
        self._writer = csv.writer(self._stream)
        self._fields = fields
        self._writer.writerow(fields)

    def write(self, claim: Mapping[str, Any]) -> None:
        row = []
        for name in self._fields:
            value = claim.get(name)
            if isinstance(value, bool):
                value = "true" if value else "false"
            row.append("" if value is None else value)
        self._writer.writerow(row)

    def close(self) -> None:
        self._stream.flush()
        self._stream.detach()


class ParquetWriter:
    """Rows gathered into record batches of `batch_size`: memory stays bounded."""

    def __init__(self, stream: BinaryIO, *, batch_size: int = 10_000,
                 fields: tuple[str, ...] = CLAIM_FIELDS) -> None:
        import pyarrow  # imported here: pyarrow takes a moment to load
        import pyarrow.parquet

        self._pa = pyarrow
        self._fields = fields
        self._schema = pyarrow.schema([(name, _arrow_type(pyarrow, name)) for name in fields])
        self._writer = pyarrow.parquet.ParquetWriter(stream, self._schema)
        self._batch_size = batch_size
        self._rows: list[Mapping[str, Any]] = []

    def write(self, claim: Mapping[str, Any]) -> None:
        self._rows.append(claim)
        if len(self._rows) >= self._batch_size:
            self._flush()

    def _flush(self) -> None:
        if self._rows:
            columns = {name: [row.get(name) for row in self._rows] for name in self._fields}
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


def open_writer(fmt: str, stream: BinaryIO,
                fields: tuple[str, ...] = CLAIM_FIELDS) -> JsonlWriter | CsvWriter | ParquetWriter:
    """A writer of `fmt` onto a binary stream the caller opens and closes;
    `fields` are the CSV and Parquet columns (JSON Lines writes each record)."""
    if fmt == "jsonl":
        return JsonlWriter(stream)
    if fmt == "csv":
        return CsvWriter(stream, fields)
    if fmt == "parquet":
        return ParquetWriter(stream, fields=fields)
    raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")


def write_claims(claims: Iterable[Mapping[str, Any]], fmt: str, stream: BinaryIO,
                 fields: tuple[str, ...] = CLAIM_FIELDS) -> int:
    writer = open_writer(fmt, stream, fields)
    count = 0
    try:
        for claim in claims:
            writer.write(claim)
            count += 1
    finally:
        writer.close()
    return count


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
    table = Table(title=title, caption=caption, header_style="bold", show_lines=show_lines,
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
        table.add_row(*(Text(str(row[i] if row[i] is not None else "")) for i in kept))
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
