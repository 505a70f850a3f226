"""The `claimledger` command: a thin layer over the library.

    claimledger extract INPUT...     claims as JSON Lines (or CSV, Parquet)
    claimledger ingest INPUT...      documents and claims into a SQLite ledger
    claimledger reextract            re-run a newer extractor over the ledger
    claimledger claims               query the ledger

Errors go to stderr as "claimledger: INPUT: reason"; the run goes on, and the
exit code is 1 when any input failed.
"""
from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, BinaryIO

import click

from . import __version__
from .record import Failure

DEFAULT_DB = "claimledger.db"
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _date_option(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None and not DATE.match(value):
        raise click.BadParameter("expected YYYY, YYYY-MM or YYYY-MM-DD")
    return value


def _report(failure: Failure, echo: Any = None) -> None:
    message = f"claimledger: {failure.input}: {failure.reason}"
    if echo is None:
        click.echo(message, err=True)
    else:
        echo(message)


@contextmanager
def _output(path: str, fmt: str) -> Iterator[BinaryIO]:
    """The binary stream to write to: a file, or stdout for "-"."""
    if path == "-":
        if fmt == "parquet" and sys.stdout.isatty():
            raise click.UsageError("Parquet is binary: write it to a file with -o FILE")
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
    else:
        with open(path, "wb") as stream:
            yield stream


def _format_for(output: str, fmt: str | None, default: str) -> str:
    """--format if given, else the output file's suffix, else the default."""
    if fmt:
        return fmt
    for suffix, inferred in ((".csv", "csv"), (".parquet", "parquet"), (".jsonl", "jsonl")):
        if output.lower().endswith(suffix):
            return inferred
    return default


@click.group()
@click.version_option(__version__, prog_name="claimledger")
def cli() -> None:
    """Turn news into a ledger of numerical claims: who put each figure
    forward, about what, and for when."""


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", default="-", show_default=True,
              help="File to write; - for stdout.")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "parquet"]),
              help="Output format (default: from the -o suffix, else jsonl).")
@click.option("--published", callback=_date_option, metavar="YYYY-MM-DD",
              help="Publication date for documents that carry none.")
@click.option("--all-quantities", is_flag=True,
              help="Every quantity, not only claims (durations, ages, sizes, scores, ranks), "
                   "with the fields claim and kind.")
def extract(inputs: tuple[str, ...], output: str, fmt: str | None, published: str | None,
            all_quantities: bool) -> None:
    """Extract the claims of INPUT... (files, folders, URLs, feeds, WARC, or -
    for stdin) and write them out, one record per claim."""
    from .pipeline import extract as extract_claims
    from .readers import read_inputs
    from .writers import open_writer

    fmt = _format_for(output, fmt, "jsonl")
    failed = 0
    with _output(output, fmt) as stream:
        writer = open_writer(fmt, stream)
        try:
            for item in read_inputs(inputs, published=published):
                if isinstance(item, Failure):
                    failed += 1
                    _report(item)
                    continue
                try:
                    claims = extract_claims(item.text, published=item.published, doc_id=item.id,
                                            all_quantities=all_quantities)
                except Exception as error:  # one bad document must not stop the run
                    failed += 1
                    _report(Failure(item.source or item.id,
                                    f"extractor error: {type(error).__name__}: {error}"))
                    continue
                for claim in claims:
                    writer.write(claim.to_dict())
        finally:
            writer.close()
    if failed:
        sys.exit(1)


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--db", default=DEFAULT_DB, show_default=True, envvar="CLAIMLEDGER_DB",
              help="The ledger file (SQLite).")
@click.option("--published", callback=_date_option, metavar="YYYY-MM-DD",
              help="Publication date for documents that carry none.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary; errors only.")
@click.option("--batch-size", type=click.IntRange(min=1), default=200, show_default=True,
              help="Documents per transaction.")
def ingest(inputs: tuple[str, ...], db: str, published: str | None, quiet: bool,
           batch_size: int) -> None:
    """Store the documents of INPUT... and their claims in the ledger.

    Documents already stored unchanged are passed over; changed ones have
    their claims replaced. Inputs that fail are recorded in the failures table.
    """
    from .ledger import Ledger
    from .readers import read_inputs

    with Ledger(db, batch_size=batch_size) as ledger, _progress(quiet, "ingesting") as (advance, echo):
        stats = ledger.ingest(read_inputs(inputs, published=published), on_progress=advance,
                              on_failure=lambda failure: _report(failure, echo))
    if not quiet:
        click.echo(f"{db}: {stats.documents} documents ({stats.added} new, {stats.updated} updated, "
                   f"{stats.unchanged} unchanged), {stats.claims} claims written, "
                   f"{stats.failures} failed", err=True)
    if stats.failures:
        sys.exit(1)


@cli.command()
@click.option("--db", default=DEFAULT_DB, show_default=True, envvar="CLAIMLEDGER_DB")
@click.option("--all", "everything", is_flag=True,
              help="Re-extract every document, not only those of other extractor versions.")
@click.option("-q", "--quiet", is_flag=True)
def reextract(db: str, everything: bool, quiet: bool) -> None:
    """Re-extract stored documents with this version of the extractor."""
    from . import EXTRACTOR_VERSION
    from .ledger import Ledger

    with Ledger(db) as ledger, _progress(quiet, "re-extracting") as (advance, echo):
        stats = ledger.reextract(everything=everything, on_progress=advance)
        for failure in stats.failures:
            _report(failure, echo)
    if not quiet:
        click.echo(f"{db}: {stats.documents} documents re-extracted with extractor "
                   f"{EXTRACTOR_VERSION}, {stats.claims} claims", err=True)
    if stats.failures:
        sys.exit(1)


@cli.command()
@click.option("--db", default=DEFAULT_DB, show_default=True, envvar="CLAIMLEDGER_DB")
@click.option("--speaker", help="Part of the speaker's name, any case.")
@click.option("--measure", help="killed, wounded, casualties, displaced, cost, share, ...")
@click.option("--group", help="Whose people or things: Ukraine, Russia, ...")
@click.option("--since", callback=_date_option, metavar="DATE", help="as_of on or after DATE.")
@click.option("--until", callback=_date_option, metavar="DATE", help="as_of on or before DATE.")
@click.option("--doc", help="One document's id.")
@click.option("--search", help="Full-text search in the claims' sentences.")
@click.option("--limit", type=click.IntRange(min=0), help="At most this many claims.")
@click.option("--include-superseded", is_flag=True,
              help="Also the claims of earlier versions of documents (superseded: true).")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv", "parquet"]),
              help="Default: table on a terminal, else jsonl.")
@click.option("-o", "--output", default="-", show_default=True, help="File to write; - for stdout.")
def claims(db: str, speaker: str | None, measure: str | None, group: str | None,
           since: str | None, until: str | None, doc: str | None, search: str | None,
           limit: int | None, include_superseded: bool, fmt: str | None, output: str) -> None:
    """Query the claims in the ledger: each with its quantity key (`quantity`)
    and whether it is of an earlier version of its document (`superseded`)."""
    from pathlib import Path

    from .ledger import Ledger
    from .writers import LEDGER_FIELDS, print_table, write_claims

    if not Path(db).exists():
        raise click.UsageError(f"no ledger at {db}: run `claimledger ingest` first")
    default = "table" if output == "-" and sys.stdout.isatty() else "jsonl"
    fmt = _format_for(output, fmt, default)
    with Ledger(db) as ledger:
        rows = ledger.claims(speaker=speaker, measure=measure, group=group, since=since,
                             until=until, doc=doc, search=search, limit=limit,
                             include_superseded=include_superseded, with_keys=True)
        if fmt == "table":
            if output != "-":
                raise click.UsageError("the table is for terminals: use --format jsonl, csv or parquet with -o")
            print_table(rows)
        else:
            with _output(output, fmt) as stream:
                write_claims(rows, fmt, stream, LEDGER_FIELDS)


@cli.command()
@click.argument("doc", required=False)
@click.option("--db", default=DEFAULT_DB, show_default=True, envvar="CLAIMLEDGER_DB")
@click.option("--history", is_flag=True, help="Each version of DOC, and what changed between them.")
@click.option("--format", "fmt", type=click.Choice(["text", "jsonl"]), default="text",
              show_default=True)
def documents(doc: str | None, db: str, history: bool, fmt: str) -> None:
    """The stored documents (or DOC): version, event, the document each is a
    copy of; with --history, DOC's versions and what changed between them."""
    import json
    from pathlib import Path

    from .ledger import Ledger, history_changes

    if not Path(db).exists():
        raise click.UsageError(f"no ledger at {db}: run `claimledger ingest` first")
    if history and doc is None:
        raise click.UsageError("--history needs a document id")
    with Ledger(db) as ledger:
        found = ledger.documents(doc)
        if doc is not None and not found:
            raise click.ClickException(f"no document {doc!r} in {db}")
        if not history:
            for row in found:
                if fmt == "jsonl":
                    click.echo(json.dumps(row, ensure_ascii=False))
                else:
                    copy = f", copy of {row['copy_of']} ({row['similarity']:.2f})" if row["copy_of"] else ""
                    click.echo(f"{row['id']}  v{row['version']}  {row['published'] or 'undated'}  "
                               f"{row['claims']} claims  {row['event_label'] or 'no event'}{copy}  "
                               f"{row['title'] or ''}")
            return
        versions = ledger.history(doc)
    changes = [history_changes(a, b) for a, b in zip(versions, versions[1:])]
    if fmt == "jsonl":
        for version in versions:
            click.echo(json.dumps({k: v for k, v in version.items() if k != "text"}, ensure_ascii=False))
        for change in changes:
            click.echo(json.dumps(change, ensure_ascii=False))
        return
    from .writers import format_claim_figure

    for version in versions:
        until = f", superseded {version['superseded_at']}" if version["superseded_at"] else " (current)"
        click.echo(f"version {version['version']}: stored {version['ingested_at']}{until}, "
                   f"{len(version['claims'])} claims, {version['title'] or ''}")
    for change in changes:
        click.echo(f"\nversion {change['from']} -> {change['to']} (at {change['at']}):")
        for claim in change["claims_gone"]:
            click.echo(f"  - {format_claim_figure(claim)} {claim['measure']} "
                       f"({claim['speaker'] or 'the document'}): {claim['sentence']}")
        for claim in change["claims_new"]:
            click.echo(f"  + {format_claim_figure(claim)} {claim['measure']} "
                       f"({claim['speaker'] or 'the document'}): {claim['sentence']}")
        for line in change["text_diff"]:
            click.echo(f"  {line}")


@contextmanager
def _progress(quiet: bool, label: str) -> Iterator[tuple[Any, Any]]:
    """(advance(n), echo(message)): a rich progress line on stderr when stdout
    is a terminal and not --quiet; otherwise advance does nothing and echo
    writes plain lines to stderr."""
    if quiet or not sys.stdout.isatty():
        yield None, lambda message: click.echo(message, err=True)
        return
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(SpinnerColumn(), TextColumn(label), TextColumn("{task.completed} documents"),
                  TimeElapsedColumn(), console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task(label, total=None)
        yield (lambda n: progress.advance(task, n)), \
            (lambda message: progress.console.print(message, markup=False, highlight=False))


# Commands of other modules join the group here, e.g. cli.add_command(...).
from .reconcile_cli import register as _register_reconcile; _register_reconcile(cli)  # quantities, quantity, conflicts, estimates, claimreview
from .report_cli import register as _register_report; _register_report(cli)  # report, serve
