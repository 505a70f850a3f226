"""Commands that show the ledger: a thin layer over report.py and serve.py.

    claimledger report      the ledger as HTML that opens offline
    claimledger serve       the ledger in Datasette
"""
from __future__ import annotations

import click

from .cli_common import CommandError, ledger_option, open_ledger

_db_option = ledger_option


@click.command()
@_db_option
@click.option("-o", "--output", default="report.html", show_default=True,
              help="The HTML file to write (the overview, when split).")
@click.option("--quantity", "quantity_ids", multiple=True, metavar="ID",
              help="Only this quantity (repeat for more); default: all.")
@click.option("--pages", type=click.Choice(["auto", "one", "split"]), default="auto",
              show_default=True,
              help="One file, or an overview and one page per event in OUTPUT-quantities/; "
                   "auto splits beyond 5,000 claims.")
def report(db: str, output: str, quantity_ids: tuple[str, ...], pages: str) -> None:
    """Write the ledger as HTML that opens offline: a timeline chart, fused
    estimates, conflicts and claims for every quantity, an overview first."""
    from .report import UnknownQuantity, write_report

    open_ledger(db).close()  # a missing or foreign ledger: one line, exit 2 (cli_common)
    try:
        result = write_report(db, output, quantity_ids=quantity_ids or None, pages=pages)
    except UnknownQuantity as error:
        raise CommandError("--quantity", str(error)) from None
    click.echo(f"{output}: {result.quantities} quantities, {result.claims} claims, "
               f"{result.conflicts} conflicts; {len(result.files)} file"
               f"{'s' if len(result.files) != 1 else ''}, {result.bytes / 1e6:.1f} MB", err=True)


@click.command()
@_db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="The address to listen on; 0.0.0.0 opens it to the network.")
@click.option("-p", "--port", type=click.IntRange(0, 65535), default=8001, show_default=True,
              help="The port to listen on (0: any free port).")
@click.option("--open", "open_browser", is_flag=True, help="Open it in the web browser.")
def serve(db: str, host: str, port: int, open_browser: bool) -> None:
    """Browse the ledger in Datasette: claims with facets and full-text
    search, canned queries, quantities, conflicts and estimates as tables,
    and a timeline page per quantity."""
    from .serve import run

    open_ledger(db).close()  # a missing or foreign ledger: one line, exit 2 (cli_common)
    try:
        run(db, host=host, port=port, open_browser=open_browser)
    except ValueError as error:
        raise CommandError(db, str(error)) from None


COMMANDS = (report, serve)


def register(group: click.Group) -> None:
    """Add these commands to the `claimledger` group."""
    for command in COMMANDS:
        group.add_command(command)
