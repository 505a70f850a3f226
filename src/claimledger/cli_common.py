"""What every `claimledger` command shares, decided in one place: the ledger
option, output formats and files, progress, errors and exit codes.

A command plugs in with decorators and returns nothing:

    @cli.command()
    @ledger_option
    @output_options("table", "jsonl", "csv", "parquet")
    def things(db: str, out: Output) -> None:
        with open_ledger(db) as ledger:             # read-only: never creates a ledger
            out.write(ledger.things(), THING_COLUMNS)

Exit codes, the same for every command (and in the README):

    0  done
    1  done, but some inputs failed (each named on stderr, the run went on)
    2  nothing done: a usage error, an unreadable ledger or an unwritable output

Every error is one line on stderr, `claimledger: NAME: reason`, naming the
input, option or file; never a traceback (set CLAIMLEDGER_DEBUG=1 to see one
for an internal error).
"""
from __future__ import annotations

import errno
import functools
import os
import sqlite3
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import click

from .record import Failure, InvalidDate, check_date
from .writers import clean_line

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE = 0, 1, 2
DEFAULT_DB = "claimledger.db"
# An output file's suffix says its format unless --format does.
SUFFIX_FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".csv": "csv",
                  ".parquet": "parquet", ".pq": "parquet"}


class CommandError(click.ClickException):
    """An error that ends a command: one line naming what it is about."""

    exit_code = EXIT_USAGE

    def __init__(self, name: str | None, reason: str, exit_code: int = EXIT_USAGE) -> None:
        super().__init__(f"{name}: {reason}" if name else reason)
        self.exit_code = exit_code

    def show(self, file: Any = None) -> None:
        click.echo(f"claimledger: {clean_line(self.message)}", err=True)


def _one_line(message: str) -> str:
    return " ".join(message.split())


def _subcommand(path: str) -> str | None:
    """"claimledger extract" -> "extract" (the line already starts "claimledger:")."""
    return path.partition(" ")[2] or None


@contextmanager
def one_line_errors(command: str = "claimledger") -> Iterator[None]:
    """Whatever a command raises becomes a CommandError: usage errors name
    the command and option, OSErrors their file, internal errors their type."""
    try:
        yield
    except (CommandError, click.exceptions.Exit, click.Abort):
        raise
    except click.UsageError as error:
        where = _subcommand(error.ctx.command_path if error.ctx else command)
        raise CommandError(where, _one_line(error.format_message()) + " (see --help)") from None
    except click.ClickException as error:
        raise CommandError(None, _one_line(error.format_message()), error.exit_code) from None
    except InvalidDate as error:
        raise CommandError(None, str(error)) from None
    except OSError as error:
        if error.errno == errno.EPIPE:
            raise  # click closes quietly when the reader of stdout has gone
        name = error.filename if error.filename is not None else _subcommand(command)
        raise CommandError(str(name), error.strerror or str(error)) from None
    except sqlite3.Error as error:
        raise CommandError(None, f"the ledger: {error}") from None
    except Exception as error:
        if os.environ.get("CLAIMLEDGER_DEBUG"):
            raise
        raise CommandError(_subcommand(command), f"internal error: {type(error).__name__}: {error} "
                                    f"(CLAIMLEDGER_DEBUG=1 shows where)") from None


class Group(click.Group):
    """The `claimledger` group: every error of every command in one line."""

    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        with one_line_errors():
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx: click.Context) -> Any:
        with one_line_errors(ctx.command_path):
            return super().invoke(ctx)


def report(failure: Failure, echo: Callable[[str], None] | None = None) -> None:
    """One failed input on stderr: `claimledger: INPUT: reason`."""
    (echo or (lambda line: click.echo(line, err=True)))(f"claimledger: {clean_line(str(failure))}")


def exit_for(failures: int) -> None:
    """Exit 1 when some input failed; return (exit 0) otherwise."""
    if failures:
        sys.exit(EXIT_SOME_FAILED)


# ---- options ---------------------------------------------------------------

def _date_callback(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    try:
        return check_date(value, param.opts[0])
    except InvalidDate as error:
        raise CommandError(_subcommand(ctx.command_path), str(error)) from None


def date_option(*names: str, help: str) -> Callable:
    """A date option checked on entry (YYYY, YYYY-MM or YYYY-MM-DD, a real day)."""
    return click.option(*names, callback=_date_callback, metavar="DATE", help=help)


ledger_option = click.option(
    "--db", default=DEFAULT_DB, show_default=True, envvar="CLAIMLEDGER_DB", metavar="PATH",
    help="The ledger, a SQLite file (or set CLAIMLEDGER_DB).")

quiet_option = click.option("-q", "--quiet", is_flag=True, help="No progress and no summary; errors only.")


def open_ledger(db: str, *, write: bool = False, create: bool = True, **kwargs: Any) -> Any:
    """The ledger at `db`: read-only unless `write` (a read never creates
    one, nor does a write with `create=False`); any problem is a
    CommandError naming the file (exit 2)."""
    from .ledger import Ledger, LedgerError

    if not create and not Path(db).exists():
        raise CommandError(db, "no ledger here (create one with `claimledger ingest`)")
    try:
        return Ledger(db, read_only=not write, **kwargs)
    except LedgerError as error:
        raise CommandError(error.path, error.reason) from None


# ---- outputs ---------------------------------------------------------------

@dataclass
class Output:
    """Where a command's rows go (`-o`, "-" for stdout) and in which format."""

    path: str
    format: str

    @classmethod
    def resolve(cls, path: str, fmt: str | None, formats: Sequence[str]) -> "Output":
        """--format if given; else the file's suffix; else a table on a
        terminal and JSON Lines when piped. An unknown suffix is an error."""
        suffix = Path(path).suffix.lower() if path != "-" else ""
        from_suffix = SUFFIX_FORMATS.get(suffix)
        if path != "-" and suffix and from_suffix is None and fmt is None:
            raise CommandError(path, f"unknown output format {suffix!r}: name the file "
                                     f"{', '.join('.' + f for f in formats if f != 'table')}, "
                                     f"or give --format")
        if fmt and from_suffix and fmt != from_suffix:
            raise CommandError(path, f"--format {fmt} but the file's suffix says {from_suffix}")
        if fmt is None:
            fmt = from_suffix
        if fmt is None:
            table = "table" in formats and path == "-" and sys.stdout.isatty()
            fmt = "table" if table else next(f for f in formats if f != "table")
        if fmt not in formats:
            raise CommandError(path if path != "-" else None,
                               f"this command writes {', '.join(formats)}, not {fmt}")
        if fmt == "table" and path != "-":
            raise CommandError(path, "a table is for the terminal: write jsonl, csv or parquet to a file")
        if fmt == "parquet" and path == "-" and sys.stdout.isatty():
            raise CommandError(None, "Parquet is binary: write it to a file with -o FILE.parquet")
        return cls(path, fmt)

    @contextmanager
    def stream(self) -> Iterator[BinaryIO]:
        """The binary stream to write to, opened only when writing starts."""
        if self.path == "-":
            yield sys.stdout.buffer
            sys.stdout.buffer.flush()
        else:
            with open(self.path, "wb") as stream:
                yield stream

    def write(self, items: Iterable[Any], columns: Sequence[str], *,
              flat: Callable[[Any], Mapping[str, Any]] | None = None,
              full: Callable[[Any], Mapping[str, Any]] | None = None,
              title: str | None = None, table: Callable[[Iterable[Any]], Any] | None = None) -> int:
        """Write items out and return how many. `flat(item)` is the row of
        `columns` for CSV, Parquet and the table; `full(item)` the richer
        object JSON Lines writes (both default to the item itself, a dict).
        `table` draws the items on a terminal instead of the plain table."""
        from .writers import print_rows, write_rows

        flat = flat or (lambda item: item)
        if self.format == "table":
            if table is not None:
                return table(items)
            return print_rows((flat(item) for item in items), columns, title=title)
        rows = (((full or flat)(item) for item in items) if self.format == "jsonl"
                else (flat(item) for item in items))
        with self.stream() as stream:
            return write_rows(rows, self.format, stream, columns)


output_option = click.option("-o", "--output", default="-", show_default=True, metavar="FILE",
                             help="File to write (its suffix gives the format); - for stdout.")


def output_options(*formats: str, help: str | None = None) -> Callable:
    """`--format` (one of `formats`) and `-o FILE`; the command receives an
    `out: Output`. With no --format: the file's suffix, else a table on a
    terminal (if the command has one), else the first other format."""
    def decorate(function: Callable) -> Callable:
        @output_option
        @click.option("--format", "fmt", type=click.Choice(formats),
                      help=help or (f"Output format (default: from the -o suffix, else "
                                    f"{'a table on a terminal, else ' if 'table' in formats else ''}"
                                    f"{next(f for f in formats if f != 'table')})."))
        @functools.wraps(function)
        def wrapper(*args: Any, output: str, fmt: str | None, **kwargs: Any) -> Any:
            return function(*args, out=Output.resolve(output, fmt, formats), **kwargs)
        return wrapper
    return decorate


# ---- progress --------------------------------------------------------------

class Progress:
    """A progress line on stderr (rich: done, total, rate and time left) when
    stderr is a terminal and not --quiet; otherwise silent. `echo` prints a
    line above it (or plainly to stderr)."""

    def __init__(self, label: str, *, total: int | None = None, quiet: bool = False,
                 unit: str = "documents") -> None:
        self.label, self.total, self.unit = label, total, unit
        self.shown = not quiet and sys.stderr.isatty()
        self._progress: Any = None
        self._task: Any = None

    def __enter__(self) -> "Progress":
        if self.shown:
            from rich.console import Console
            from rich.progress import (BarColumn, MofNCompleteColumn, Progress as Bar, SpinnerColumn,
                                       TextColumn, TimeElapsedColumn, TimeRemainingColumn)

            self._progress = Bar(SpinnerColumn(), TextColumn(clean_line(self.label), markup=False), BarColumn(),
                                 MofNCompleteColumn(), TextColumn(self.unit, markup=False),
                                 TimeElapsedColumn(), TextColumn("eta"), TimeRemainingColumn(),
                                 console=Console(stderr=True), transient=True)
            self._progress.__enter__()
            self._task = self._progress.add_task(self.label, total=self.total)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.__exit__(*exc)

    def set_total(self, total: int | None) -> None:
        self.total = total
        if self._progress is not None:
            self._progress.update(self._task, total=total)

    def advance(self, n: int = 1) -> None:
        if self._progress is not None:
            self._progress.advance(self._task, n)

    def echo(self, line: str) -> None:
        if self._progress is not None:
            self._progress.console.print(line, markup=False, highlight=False)
        else:
            click.echo(line, err=True)
