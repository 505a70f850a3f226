"""Commands that read a ledger and reconcile its claims: a thin layer over
quantities.py, conflicts.py and fusion.py.

    claimledger quantities      each quantity: claims, sources, span, spread
    claimledger quantity ID     one quantity's timeline
    claimledger conflicts       disputes, contradictions, falls, arithmetic
    claimledger estimates       fused low / best / high per quantity and month
    claimledger claimreview     the claims as schema.org ClaimReview JSON-LD
"""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import Any

import click

from .conflicts import DEFAULT_FACTOR, find_conflicts
from .fusion import claim_reviews, estimates_csv
from .fusion import estimates as fused_estimates
from .quantities import list_quantities, open_ledger, timeline
from .writers import Column, format_number, print_fitted

DEFAULT_DB = "claimledger.db"  # as cli.py
_db_option = click.option("--db", default=DEFAULT_DB, show_default=True, envvar="CLAIMLEDGER_DB",
                          help="The SQLite ledger to read (never written).")


def _open(db: str) -> sqlite3.Connection:
    try:
        return open_ledger(db)
    except (FileNotFoundError, sqlite3.Error) as error:
        raise click.ClickException(f"{db}: {error}") from error


def _jsonl(items: Iterable[Any]) -> None:
    for item in items:
        click.echo(json.dumps(item.to_dict(), ensure_ascii=False))


def _print_table(title: str, columns: list[Column], rows: list[list[str]]) -> None:
    """A table that fits the terminal (writers.print_fitted)."""
    print_fitted(columns, rows, title=title)


def _n(x: float | None) -> str:
    return "" if x is None else format_number(round(x, 2))


@click.command()
@_db_option
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]), default="table",
              show_default=True)
def quantities(db: str, fmt: str) -> None:
    """List each quantity: claims, sources, time span, lowest and highest
    figure, spread (highest / lowest), and the latest claim of each source."""
    found = list_quantities(_open(db))
    if fmt == "jsonl":
        return _jsonl(found)
    if fmt == "csv":
        import csv
        import sys

        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["quantity", "label", "claims", "sources", "first", "last", "lowest",
                         "highest", "spread", "latest_by_source"])
        for q in found:
            writer.writerow([q.id, q.label, q.claims, "; ".join(q.sources), q.first or "", q.last or "",
                             _n(q.lowest).replace(",", ""), _n(q.highest).replace(",", ""),
                             "" if q.spread is None else f"{q.spread:.2f}",
                             "; ".join(f"{s}: {r.figure()} ({r.as_of or r.published or '?'}) "
                                       f"{r.doc}:{r.start}-{r.end}"
                                       for s, r in q.latest_by_source.items())])
        return None
    _print_table("Quantities", [
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
         "\n".join(f"{s}: {r.figure()} ({r.as_of or 'undated'})"
                   for s, r in list(q.latest_by_source.items())[:5])
         + (f"\n… {len(q.sources) - 5} more" if len(q.sources) > 5 else "")]
        for q in found])
    return None


@click.command()
@click.argument("quantity_id")
@_db_option
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table",
              show_default=True)
def quantity(quantity_id: str, db: str, fmt: str) -> None:
    """One quantity's timeline: every claim by time, with its source, figure,
    hedges, disputes and the sentence it came from."""
    entries = timeline(_open(db), quantity_id)
    if not entries:
        raise click.ClickException(f"no quantity {quantity_id!r}: see `claimledger quantities`")
    if fmt == "jsonl":
        return _jsonl(entries)
    rows = []
    for e in entries:
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
        rows.append([e.at or "?", e.source, e.claim.figure(), ", ".join(notes), e.sentence,
                     f"{e.claim.doc}:{e.claim.start}-{e.claim.end}"])
    _print_table(quantity_id, [
        Column("when", "number"), Column("source", "text", min_width=12, max_width=30),
        Column("figure", "number"), Column("notes", "text", drop=2, min_width=12),
        Column("sentence", "text", drop=3, min_width=30), Column("where", "id", drop=4)], rows)
    return None


@click.command()
@_db_option
@click.option("--factor", type=click.FloatRange(min=1), default=DEFAULT_FACTOR, show_default=True,
              help="How far apart figures must be to contradict or to count as a fall.")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table",
              show_default=True)
def conflicts(db: str, factor: float, fmt: str) -> None:
    """Disputes, contradictions, running totals that fall, and arithmetic
    checks within documents, each with the claims it rests on."""
    found = find_conflicts(_open(db), factor=factor)
    if fmt == "jsonl":
        return _jsonl(found)
    _print_table("Conflicts and checks", [
        Column("kind", "id"), Column("quantity", "id", drop=2),
        Column("explanation", "text", min_width=30), Column("claims", "id", drop=1)], [
        [c.kind + (" (ok)" if c.consistent else ""), c.quantity or "", c.explanation,
         "\n".join(f"#{r.id} {r.doc}:{r.start}-{r.end}" for r in c.claims[:6])
         + (f"\n… {len(c.claims) - 6} more" if len(c.claims) > 6 else "")]
        for c in found])
    return None


@click.command()
@_db_option
@click.option("--bucket", type=click.Choice(["month", "year"]), default="month", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl"]), default="csv",
              show_default=True)
def estimates(db: str, bucket: str, fmt: str) -> None:
    """Fused low / best / high per quantity and time bucket (UCDP-like CSV),
    one voice per source, disputed and projected figures apart."""
    rows = fused_estimates(_open(db), bucket=bucket)
    if fmt == "jsonl":
        return _jsonl(rows)
    click.echo(estimates_csv(rows), nl=False)
    return None


@click.command()
@_db_option
def claimreview(db: str) -> None:
    """Every claim as schema.org ClaimReview JSON-LD (no rating given)."""
    click.echo(json.dumps(claim_reviews(_open(db)), ensure_ascii=False, indent=2))


COMMANDS = (quantities, quantity, conflicts, estimates, claimreview)


def register(group: click.Group) -> None:
    """Add these commands to the `claimledger` group."""
    for command in COMMANDS:
        group.add_command(command)
