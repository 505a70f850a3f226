"""The `claimledger` command: a thin layer over the library.

    claimledger extract INPUT...     claims as JSON Lines (or CSV, Parquet)
    claimledger ingest INPUT...      documents and claims into a SQLite ledger
    claimledger reextract            re-run a newer extractor over the ledger
    claimledger claims               query the ledger's claims (--id N for one)
    claimledger documents            the ledger's documents
    claimledger failures             the inputs that could not be read
    claimledger quantities           each quantity: claims, sources, span, spread
    claimledger quantity ID          one quantity's timeline
    claimledger conflicts            disputes, contradictions, falls, arithmetic
    claimledger estimates            fused low / best / high per quantity and month
    claimledger claimreview          the claims as schema.org ClaimReview JSON-LD

Options, formats, outputs, progress, errors and exit codes are decided once,
in cli_common.py; a command here only says what it reads and what it writes.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import click

from . import __version__
from .cli_common import (DEFAULT_DB, CommandError, Group, Output, Progress, date_option, exit_for,
                         ledger_option, open_ledger, output_option, output_options, quiet_option,
                         report)
from .conflicts import DEFAULT_FACTOR
from .fetch import DELAY_SECONDS, TIMEOUT_SECONDS
from .ledger import PROVENANCE_FIELDS
from .readers import DEFAULT_MAX_SIZE
from .spark.cli import engine_options
from .record import CLAIM_FIELDS, QUANTITY_FIELDS, Document, Failure
from .writers import LEDGER_FIELDS, format_number

__all__ = ["cli", "DEFAULT_DB"]

EXTRACT_COLUMNS = CLAIM_FIELDS + PROVENANCE_FIELDS
# A stored claim: its id, the spec's fields, its quantity key and whether it is
# of an earlier version of its document, then where it comes from.
LEDGER_CLAIM_COLUMNS = ("id",) + LEDGER_FIELDS + PROVENANCE_FIELDS


@click.group(cls=Group)
@click.version_option(__version__, prog_name="claimledger")
def cli() -> None:
    """Turn news into a ledger of numerical claims: who put each figure
    forward, about what, and for when.

    Exit codes: 0 done; 1 done, but some inputs failed (each named on
    stderr); 2 a usage error, an unreadable ledger or an unwritable output."""


# ---- reading documents -----------------------------------------------------

def _model_option(function: Any) -> Any:
    """--model: another spaCy pipeline with a parser to read the claims with."""
    return click.option("--model", metavar="NAME_OR_PATH", envvar="CLAIMLEDGER_MODEL",
                        help="Another spaCy pipeline with a dependency parser (an installed package's "
                             "name or a path); claimledger's own parser by default.")(function)


def _input_options(function: Any) -> Any:
    """What extract and ingest share: the inputs and how to read them."""
    for option in reversed([
        click.argument("inputs", nargs=-1),
        click.option("-i", "--input-file", "input_files", multiple=True, metavar="FILE",
                     help="A file listing inputs (URLs, paths), one a line; - for stdin."),
        date_option("--published", help="Publication date for documents that carry none."),
        click.option("--max-size", type=click.IntRange(min=1), default=DEFAULT_MAX_SIZE,
                     show_default=True, envvar="CLAIMLEDGER_MAX_SIZE", metavar="BYTES",
                     help="Refuse a document larger than this; a raised limit reads it in pieces."),
        click.option("--allow-private", is_flag=True,
                     help="Fetch URLs that resolve to loopback, private or link-local addresses."),
        click.option("--timeout", type=click.FloatRange(min=0.1), default=TIMEOUT_SECONDS,
                     show_default=True, help="Seconds for one whole fetch, headers included."),
        click.option("--delay", type=click.FloatRange(min=0), default=DELAY_SECONDS, show_default=True,
                     help="Seconds between two requests to one host (robots.txt's Crawl-delay if longer)."),
    ]):
        function = option(function)
    return function


def _documents(inputs: tuple[str, ...], input_files: tuple[str, ...], published: str | None,
               max_size: int, allow_private: bool, timeout: float, delay: float, progress: Progress,
               ) -> Iterable[Document | Failure]:
    """The documents of the inputs and of the lists of inputs; the progress
    total counted first when the progress is shown."""
    from .readers import count_documents, inputs_from_lists, read_inputs

    if not inputs and not input_files:
        raise click.UsageError("give INPUT... or -i FILE")
    names = [*inputs, *inputs_from_lists(input_files)]
    if progress.shown:
        progress.total = count_documents(names)
    return read_inputs(names, published=published, max_size=max_size,
                       fetch_options={"allow_private": allow_private, "timeout": timeout, "delay": delay})


def _check_model(model: str | None) -> None:
    """Load the parser now, so a bad --model is one error before any work."""
    from .parse import load_parser

    try:
        load_parser(model)
    except ValueError as error:
        raise CommandError(model or "parser", str(error).removeprefix(f"{model}: ")) from None


def _on_terminal(out: Output) -> bool:
    """Whether the output goes to the terminal, where a progress line would mix with it."""
    import sys

    return out.path == "-" and sys.stdout.isatty()


@cli.command()
@_input_options
@output_options("jsonl", "csv", "parquet")
@quiet_option
@click.option("--all-quantities", is_flag=True,
              help="Every quantity, not only claims (durations, ages, sizes, scores, ranks), "
                   "with the fields claim and kind.")
@_model_option
@click.option("--engine", type=click.Choice(["local", "spark"]), default="local", show_default=True,
              help="spark: read and extract with Spark; -o OUT is then a folder of Parquet "
                   "(claims by publication month, documents, failures) for `ingest OUT`.")
@click.option("--master", metavar="URL",
              help="--engine spark: local[2], yarn, spark://HOST:7077 (default: spark-submit's, "
                   "else local[*]).")
def extract(inputs: tuple[str, ...], input_files: tuple[str, ...], published: str | None,
            max_size: int, allow_private: bool, timeout: float, delay: float, out: Output,
            quiet: bool, all_quantities: bool, model: str | None, engine: str,
            master: str | None) -> None:
    """Extract the claims of INPUT... (files, folders, URLs, feeds, WARC, or -
    for stdin) and write them out, one record per claim, with the document's
    URL, title and publication date."""
    if engine == "spark":
        from .spark import cli as spark_cli
        return spark_cli.extract(inputs, out.path, click.get_current_context().params.get("fmt"),
                                 published, master, all_quantities, model)
    from .pipeline import extract_pieces

    _check_model(model)
    progress = Progress("extracting", quiet=quiet or _on_terminal(out))
    documents = _documents(inputs, input_files, published, max_size, allow_private, timeout, delay, progress)
    failed = 0
    with progress:

        def claims() -> Iterable[dict[str, Any]]:
            nonlocal failed
            for item in documents:
                progress.advance()
                if isinstance(item, Failure):
                    failed += 1
                    report(item, progress.echo)
                    continue
                provenance = dict(zip(PROVENANCE_FIELDS, (item.url, item.title, item.published)))
                for claim in extract_pieces(item, all_quantities=all_quantities, model=model):
                    if isinstance(claim, Failure):
                        failed += 1
                        report(claim, progress.echo)
                        break
                    yield {**claim.to_dict(), **provenance}

        out.write(claims(), EXTRACT_COLUMNS + (QUANTITY_FIELDS if all_quantities else ()))
    exit_for(failed)


@cli.command()
@_input_options
@ledger_option
@quiet_option
@click.option("--batch-size", type=click.IntRange(min=1), default=200, show_default=True,
              help="Documents per transaction.")
@_model_option
def ingest(inputs: tuple[str, ...], input_files: tuple[str, ...], published: str | None,
           max_size: int, allow_private: bool, timeout: float, delay: float, db: str, quiet: bool,
           batch_size: int, model: str | None) -> None:
    """Store the documents of INPUT... and their claims in the ledger.

    Documents already stored unchanged are passed over; changed ones have
    their claims replaced. Inputs that fail are recorded in the failures table.
    """
    _check_model(model)
    progress = Progress("ingesting", quiet=quiet)
    documents = _documents(inputs, input_files, published, max_size, allow_private, timeout, delay, progress)
    claims_of = None
    from .spark.load import ingest_inputs, is_spark_output  # no pyspark needed
    if any(is_spark_output(name) for name in inputs):  # the Spark engine's OUT: its claims as extracted
        documents, claims_of = ingest_inputs(
            inputs, published=published, read=lambda names, published=None: _documents(
                tuple(names), (), published, max_size, allow_private, timeout, delay, progress))
    with open_ledger(db, write=True, batch_size=batch_size, model=model) as ledger, progress:
        stats = ledger.ingest(documents, on_progress=progress.advance, claims_of=claims_of,
                              on_failure=lambda failure: report(failure, progress.echo))
    if not quiet:
        click.echo(f"{db}: {stats.documents} documents ({stats.added} new, {stats.updated} updated, "
                   f"{stats.unchanged} unchanged), {stats.claims} claims written, "
                   f"{stats.failures} failed", err=True)
    exit_for(stats.failures)


@cli.command()
@ledger_option
@click.option("--all", "everything", is_flag=True,
              help="Re-extract every document, not only those of other extractor versions.")
@quiet_option
@_model_option
def reextract(db: str, everything: bool, quiet: bool, model: str | None) -> None:
    """Re-extract stored documents with this version of the extractor."""
    from . import EXTRACTOR_VERSION

    _check_model(model)
    with open_ledger(db, write=True, create=False, model=model) as ledger, \
            Progress("re-extracting", quiet=quiet) as progress:
        progress.set_total(ledger.to_reextract(everything=everything))
        stats = ledger.reextract(everything=everything, on_progress=progress.advance)
        for failure in stats.failures:
            report(failure, progress.echo)
    if not quiet:
        click.echo(f"{db}: {stats.documents} documents re-extracted with extractor "
                   f"{EXTRACTOR_VERSION}, {stats.claims} claims", err=True)
    exit_for(len(stats.failures))


# ---- reading the ledger ----------------------------------------------------

@cli.command()
@ledger_option
@click.option("--id", "claim_id", type=int, metavar="N", help="One claim, by its id (conflicts cite #N).")
@click.option("--speaker", help="Part of the speaker's name, any case.")
@click.option("--measure", help="killed, wounded, casualties, displaced, cost, share, ...")
@click.option("--group", help="Whose people or things: Ukraine, Russia, ...")
@date_option("--since", help="as_of on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD).")
@date_option("--until", help="as_of on or before DATE.")
@click.option("--doc", help="One document's id.")
@click.option("--search", help="Full-text search in the claims' sentences (SQLite FTS5).")
@click.option("--limit", type=click.IntRange(min=0), help="At most this many claims.")
@click.option("--include-superseded", is_flag=True,
              help="Also the claims of earlier versions of documents (superseded: true).")
@output_options("table", "jsonl", "csv", "parquet")
def claims(db: str, claim_id: int | None, speaker: str | None, measure: str | None,
           group: str | None, since: str | None, until: str | None, doc: str | None,
           search: str | None, limit: int | None, include_superseded: bool, out: Output) -> None:
    """Query the claims in the ledger, each with its id, document, offsets,
    quantity key (`quantity`), whether it is of an earlier version of its
    document (`superseded`), and the document's URL, title and date."""
    from .writers import print_table

    with open_ledger(db) as ledger:
        try:
            rows = ledger.claims(speaker=speaker, measure=measure, group=group, since=since,
                                 until=until, doc=doc, search=search, limit=limit, id=claim_id,
                                 include_superseded=include_superseded, with_keys=True, provenance=True)
            first = next(rows, None)  # a malformed --search fails here, before any output
        except ValueError as error:
            raise CommandError("--search", str(error)) from None
        if claim_id is not None and first is None:
            raise CommandError("--id", f"no claim {claim_id} in {db}")
        out.write(_chain([first] if first else [], rows), LEDGER_CLAIM_COLUMNS, table=print_table)


DOCUMENT_COLUMNS = ("id", "version", "source", "title", "published", "url", "event", "event_label",
                    "copy_of", "similarity", "ingested_at", "claims")


@cli.command()
@click.argument("doc", required=False)
@ledger_option
@click.option("--history", is_flag=True, help="Each version of DOC, and what changed between them.")
@output_options("table", "jsonl", "csv", "parquet")
def documents(doc: str | None, db: str, history: bool, out: Output) -> None:
    """The stored documents (or DOC), without their text: version, where each
    was read from, title, date, URL, event, the document it is a copy of, and
    its number of claims; with --history, DOC's versions and what changed
    between them (JSON Lines: the versions, then the changes)."""
    from .ledger import history_changes

    if history and doc is None:
        raise click.UsageError("--history needs a document id")
    with open_ledger(db) as ledger:
        found = ledger.documents(doc)
        if doc is not None and not found:
            raise CommandError(doc, f"no such document in {db}")
        if not history:
            out.write(found, DOCUMENT_COLUMNS, title="Documents")
            return
        versions = ledger.history(doc)
    changes = [history_changes(a, b) for a, b in zip(versions, versions[1:])]
    if out.format == "table":
        _print_history(versions, changes)
        return
    out.write([*({k: v for k, v in version.items() if k != "text"} for version in versions), *changes],
              ("version", "ingested_at", "superseded_at", "title", "published", "source", "claims"))


def _print_history(versions: list[dict[str, Any]], changes: list[dict[str, Any]]) -> None:
    """A document's versions and what changed, as lines for a person."""
    from .writers import clean_line, format_claim_figure

    def said(sign: str, claim: dict[str, Any]) -> str:
        return clean_line(f"  {sign} {format_claim_figure(claim)} {claim['measure']} "
                          f"({claim['speaker'] or 'the document'}): {claim['sentence']}")

    for version in versions:
        until = f", superseded {version['superseded_at']}" if version["superseded_at"] else " (current)"
        click.echo(clean_line(f"version {version['version']}: stored {version['ingested_at']}{until}, "
                              f"{len(version['claims'])} claims, {version['title'] or ''}"))
    for change in changes:
        click.echo(f"\nversion {change['from']} -> {change['to']} (at {change['at']}):")
        for claim in change["claims_gone"]:
            click.echo(said("-", claim))
        for claim in change["claims_new"]:
            click.echo(said("+", claim))
        for line in change["text_diff"]:
            click.echo("  " + clean_line(line))


@cli.command()
@ledger_option
@output_options("table", "jsonl", "csv", "parquet")
def failures(db: str, out: Output) -> None:
    """The inputs that could not be read or extracted, with the reason and when."""
    from .ledger import FAILURE_COLUMNS

    with open_ledger(db) as ledger:
        out.write(ledger.failure_records(), FAILURE_COLUMNS, title="Failures")


def _chain(*iterables: Iterable[Any]) -> Iterable[Any]:
    for iterable in iterables:
        yield from iterable


# ---- reconcile: quantities, conflicts, estimates ---------------------------

def _ref(ref: Any) -> str:
    """A claim as reports cite it: #id doc:start-end (`claims --id` looks it up)."""
    return f"#{ref.id} {ref.doc}:{ref.start}-{ref.end}"


def _n(x: float | None) -> str:
    return "" if x is None else format_number(round(x, 2))


def _quantity_row(q: Any) -> dict[str, Any]:
    return {"quantity": q.id, "label": q.label, "claims": q.claims, "sources": list(q.sources), "first": q.first,
            "last": q.last, "lowest": q.lowest, "highest": q.highest, "spread": q.spread,
            "latest_by_source": [f"{s}: {r.figure()} ({r.as_of or r.published or 'undated'}) {_ref(r)}"
                                 for s, r in q.latest_by_source.items()]}


def _quantities_table(found: Iterable[Any]) -> int:
    """Quantities in a table that fits the terminal (writers.print_fitted)."""
    from .writers import Column, print_fitted

    return print_fitted([
        Column("quantity", "id"), Column("label", "text", drop=7, min_width=16),
        Column("claims", "number", drop=4, right=True),
        Column("sources", "number", drop=3, right=True), Column("span", "number", drop=6),
        Column("lowest", "number", drop=2, right=True),
        Column("highest", "number", drop=1, right=True),  # the last to go beside the key
        Column("spread", "number", drop=2, right=True),
        Column("latest per source", "text", drop=5, min_width=24)], [
        [q.id, q.label, str(q.claims), str(len(q.sources)),
         f"{q.first or '?'} – {q.last or '?'}" if q.first != q.last else (q.first or "?"),
         _n(q.lowest), _n(q.highest), "" if q.spread is None else f"×{q.spread:.1f}",
         "\n".join(f"{s}: {r.figure()} ({r.as_of or 'undated'})" for s, r in list(q.latest_by_source.items())[:5])
         + (f"\n… {len(q.sources) - 5} more" if len(q.sources) > 5 else "")]
        for q in found], title="Quantities")


QUANTITY_COLUMNS = ("quantity", "label", "claims", "sources", "first", "last", "lowest", "highest", "spread",
                    "latest_by_source")


@cli.command()
@ledger_option
@output_options("table", "jsonl", "csv", "parquet")
@engine_options
def quantities(db: str, out: Output, engine: str, master: str | None, claims: str | None) -> None:
    """List each quantity: claims, sources, time span, lowest and highest
    figure, spread (highest / lowest), and the latest claim of each source."""
    from .quantities import list_quantities

    if engine == "spark":
        from .spark import cli as spark_cli, reconcile as spark_reconcile
        found = spark_reconcile.list_quantities(spark_cli.keyed(claims, master))
    else:
        with open_ledger(db) as ledger, Progress("reading quantities", unit="",
                                                 quiet=_on_terminal(out)):
            found = list_quantities(ledger.connection)
    out.write(found, QUANTITY_COLUMNS, flat=_quantity_row, full=lambda q: q.to_dict(),
              table=_quantities_table)


TIMELINE_COLUMNS = ("at", "source", "figure", "notes", "sentence", "claim")


def _timeline_row(e: Any) -> dict[str, Any]:
    notes = []
    if e.claim.as_of is None:
        notes.append("undated: taken at publication" if e.at else "undated")
    if e.claim.projected:
        notes.append("projected")
    if e.claim.disputed_by:
        notes.append(f"disputed by {e.claim.disputed_by}")
    if e.claim.via:
        notes.append(f"via {e.claim.via}")
    if e.period_total:
        notes.append("period total")
    return {"at": e.at, "source": e.source, "figure": e.claim.figure(), "notes": ", ".join(notes),
            "sentence": e.sentence, "claim": _ref(e.claim)}


def _timeline_table(quantity_id: str, entries: Iterable[Any]) -> int:
    from .writers import Column, print_fitted

    rows = [_timeline_row(e) for e in entries]
    return print_fitted([
        Column("when", "number"), Column("source", "text", min_width=12, max_width=30),
        Column("figure", "number"), Column("notes", "text", drop=2, min_width=12),
        Column("sentence", "text", drop=3, min_width=30), Column("where", "id", drop=4)],
        [[r["at"] or "?", r["source"], r["figure"], r["notes"], r["sentence"], r["claim"]] for r in rows],
        title=quantity_id)


@cli.command()
@click.argument("quantity_id")
@ledger_option
@output_options("table", "jsonl", "csv", "parquet")
def quantity(quantity_id: str, db: str, out: Output) -> None:
    """One quantity's timeline: every claim by time, with its source, figure,
    hedges, disputes and the sentence it came from."""
    from .quantities import timeline

    with open_ledger(db) as ledger:
        entries = timeline(ledger.connection, quantity_id)
    if not entries:
        raise CommandError(quantity_id, "no such quantity: see `claimledger quantities`")
    out.write(entries, TIMELINE_COLUMNS, flat=_timeline_row, full=lambda e: e.to_dict(),
              table=lambda entries: _timeline_table(quantity_id, entries))


def _conflicts_table(found: Iterable[Any]) -> int:
    from .writers import Column, print_fitted

    return print_fitted([
        Column("kind", "id"), Column("quantity", "id", drop=2),
        Column("explanation", "text", min_width=30), Column("claims", "id", drop=1)], [
        [c.kind + (" (ok)" if c.consistent else ""), c.quantity or "", c.explanation,
         "\n".join(_ref(r) for r in c.claims[:6]) + (f"\n… {len(c.claims) - 6} more" if len(c.claims) > 6 else "")]
        for c in found], title="Conflicts and checks")


CONFLICT_COLUMNS = ("kind", "quantity", "consistent", "explanation", "claims")


def _conflict_row(c: Any) -> dict[str, Any]:
    return {"kind": c.kind, "quantity": c.quantity, "consistent": c.consistent,
            "explanation": c.explanation, "claims": [_ref(r) for r in c.claims]}


@cli.command()
@ledger_option
@click.option("--factor", type=click.FloatRange(min=1), default=DEFAULT_FACTOR, show_default=True,
              help="How far apart figures must be to contradict or to count as a fall.")
@output_options("table", "jsonl", "csv", "parquet")
@engine_options
def conflicts(db: str, factor: float, out: Output, engine: str, master: str | None,
              claims: str | None) -> None:
    """Disputes, contradictions, running totals that fall, and arithmetic
    checks within documents, each with the claims it rests on (#id: see
    `claimledger claims --id N`)."""
    from .conflicts import find_conflicts

    if engine == "spark":
        from .spark import cli as spark_cli, reconcile as spark_reconcile
        found = spark_reconcile.find_conflicts(spark_cli.keyed(claims, master), factor=factor)
    else:
        with open_ledger(db) as ledger, Progress("finding conflicts", unit="",
                                                 quiet=_on_terminal(out)):
            found = find_conflicts(ledger.connection, factor=factor)
    out.write(found, CONFLICT_COLUMNS, flat=_conflict_row, full=lambda c: c.to_dict(),
              table=_conflicts_table)


@cli.command()
@ledger_option
@click.option("--bucket", type=click.Choice(["month", "year"]), default="month", show_default=True)
@output_options("csv", "jsonl", "parquet", "table")
@engine_options
def estimates(db: str, bucket: str, out: Output, engine: str, master: str | None,
              claims: str | None) -> None:
    """Fused low / best / high per quantity and time bucket (UCDP-like CSV),
    one voice per source, disputed and projected figures apart."""
    from .fusion import CSV_COLUMNS, estimate_row
    from .fusion import estimates as fused_estimates

    if engine == "spark":
        from .spark import cli as spark_cli, reconcile as spark_reconcile
        rows = spark_reconcile.estimates(spark_cli.keyed(claims, master), bucket=bucket)
    else:
        with open_ledger(db) as ledger:
            rows = fused_estimates(ledger.connection, bucket=bucket)
    out.write(rows, CSV_COLUMNS, flat=estimate_row, full=lambda e: e.to_dict(), title="Estimates")


@cli.command()
@ledger_option
@click.option("--organization", default="claimledger", show_default=True,
              envvar="CLAIMLEDGER_ORGANIZATION",
              help="Who publishes the reviews: ClaimReview.author (the claimant is itemReviewed.author).")
@click.option("--organization-url", envvar="CLAIMLEDGER_ORGANIZATION_URL", metavar="URL",
              help="The organization's web site.")
@output_option
def claimreview(db: str, organization: str, organization_url: str | None, output: str) -> None:
    """Every claim as schema.org ClaimReview JSON-LD (no rating given), safe
    to paste into a page's <script type="application/ld+json">."""
    from .fusion import claim_reviews
    from .writers import json_for_html

    with open_ledger(db) as ledger:
        document = claim_reviews(ledger.connection, organization=organization,
                                 organization_url=organization_url)
    with Output(output, "jsonld").stream() as stream:
        stream.write((json_for_html(document, indent=2) + "\n").encode("utf-8"))


# Commands of other modules join the group here, built with cli_common as these are.
from .report_cli import register as _register_show  # noqa: E402

_register_show(cli)  # report, serve
