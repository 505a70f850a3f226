"""Claims out: JSON Lines, CSV, Parquet (streamed in batches) and a table for
terminals. Writers take the spec's claim dicts (`Claim.to_dict()`), so rows
read back from the ledger go out the same way as freshly extracted ones.
"""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from typing import Any, BinaryIO

from .record import CLAIM_FIELDS

FORMATS = ("jsonl", "csv", "parquet")
NUMBER_FIELDS = ("value", "low", "high", "total")
INTEGER_FIELDS = ("start", "end")
BOOLEAN_FIELDS = ("approx", "projected")


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

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = io.TextIOWrapper(stream, encoding="utf-8", newline="")
        self._writer = csv.writer(self._stream)
        self._writer.writerow(CLAIM_FIELDS)

    def write(self, claim: Mapping[str, Any]) -> None:
        row = []
        for name in CLAIM_FIELDS:
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

    def __init__(self, stream: BinaryIO, *, batch_size: int = 10_000) -> None:
        import pyarrow  # imported here: pyarrow takes a moment to load
        import pyarrow.parquet

        self._pa = pyarrow
        self._schema = pyarrow.schema([(name, _arrow_type(pyarrow, name)) for name in CLAIM_FIELDS])
        self._writer = pyarrow.parquet.ParquetWriter(stream, self._schema)
        self._batch_size = batch_size
        self._rows: list[Mapping[str, Any]] = []

    def write(self, claim: Mapping[str, Any]) -> None:
        self._rows.append(claim)
        if len(self._rows) >= self._batch_size:
            self._flush()

    def _flush(self) -> None:
        if self._rows:
            columns = {name: [row.get(name) for row in self._rows] for name in CLAIM_FIELDS}
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


def open_writer(fmt: str, stream: BinaryIO) -> JsonlWriter | CsvWriter | ParquetWriter:
    """A writer of `fmt` onto a binary stream the caller opens and closes."""
    if fmt == "jsonl":
        return JsonlWriter(stream)
    if fmt == "csv":
        return CsvWriter(stream)
    if fmt == "parquet":
        return ParquetWriter(stream)
    raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")


def write_claims(claims: Iterable[Mapping[str, Any]], fmt: str, stream: BinaryIO) -> int:
    writer = open_writer(fmt, stream)
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


def print_table(claims: Iterable[Mapping[str, Any]], console: Any = None) -> int:
    """A readable table of claims on a terminal (rich); the sentence column
    only where the terminal is wide enough to read it."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = console or Console()
    with_sentence = console.width >= 110
    table = Table(header_style="bold", expand=with_sentence, show_lines=with_sentence)
    table.add_column("doc", overflow="fold", min_width=6, max_width=18)
    table.add_column("figure", overflow="fold", min_width=8, max_width=26)
    table.add_column("measure", no_wrap=True)
    table.add_column("group", overflow="fold", min_width=5, max_width=16)
    table.add_column("speaker", overflow="fold", min_width=7, max_width=40)
    table.add_column("as of", no_wrap=True)
    if with_sentence:
        table.add_column("sentence", ratio=1, min_width=30)
    count = 0
    for claim in claims:
        count += 1
        speaker = claim.get("speaker") or ""
        if claim.get("via"):
            speaker += f" (via {claim['via']})"
        if claim.get("disputed_by"):
            speaker += f" [disputed by {claim['disputed_by']}]"
        figure = format_claim_figure(claim) + (" (projected)" if claim.get("projected") else "")
        cells = [claim.get("doc"), figure, claim.get("measure"), claim.get("group"), speaker,
                 claim.get("as_of")]
        if with_sentence:
            cells.append(claim.get("sentence"))
        # Text, not str: "[disputed by ...]" and sentences must not be read as markup.
        table.add_row(*(Text(str(cell or "")) for cell in cells))
    table.caption = f"{count} claim{'s' if count != 1 else ''}"
    console.print(table)
    return count
