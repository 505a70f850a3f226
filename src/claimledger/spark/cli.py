"""The glue between the `claimledger` commands and the Spark engine: the
commands keep their options and output; this says what runs where."""
from __future__ import annotations

import sys
from typing import Any

import click

from . import SparkUnavailable


def _session(master: str | None) -> Any:
    from . import session
    try:
        return session(master)
    except SparkUnavailable as error:
        raise click.ClickException(str(error)) from None
    except Exception as error:  # no Java, a master that cannot be reached
        raise click.ClickException(f"could not start Spark ({master or 'default master'}): "
                                   f"{type(error).__name__}: {str(error).splitlines()[0]}") from None


def _require() -> None:
    from . import require_pyspark
    try:
        require_pyspark()
    except SparkUnavailable as error:
        raise click.ClickException(str(error)) from None


def extract(inputs: tuple[str, ...], output: str, fmt: str | None, published: str | None,
            master: str | None, all_quantities: bool = False, model: str | None = None) -> None:
    """`claimledger extract --engine spark`: OUT is a folder (extract.py)."""
    _require()
    if all_quantities or model:
        raise click.UsageError("--all-quantities and --model are the local engine's "
                               "(--engine local)")
    if output == "-":
        raise click.UsageError("the Spark engine writes a folder: give it with -o OUT")
    fmt = fmt or "parquet"
    if fmt not in ("parquet", "jsonl"):
        raise click.UsageError("the Spark engine writes claims as parquet or jsonl")
    from .extract import extract_corpus, read_failures

    spark = _session(master)
    stats = extract_corpus(spark, list(inputs), output, fmt=fmt, published=published)
    for failure in read_failures(spark, output) if stats.failures else []:
        click.echo(f"claimledger: {failure}", err=True)
    click.echo(f"{output}: {stats.documents} documents, {stats.claims} claims, "
               f"{stats.failures} failed", err=True)
    if stats.failures:
        sys.exit(1)


def keyed(claims: str | None, master: str | None) -> Any:
    """The claims of --claims, keyed on Spark, for the reconcile reports."""
    _require()
    if not claims:
        raise click.UsageError("--engine spark reads the claims of --claims OUT "
                               "(the folder `extract --engine spark` wrote)")
    from .reconcile import Keyed

    spark = _session(master)
    try:
        return Keyed(spark, claims)
    except ValueError as error:
        raise click.ClickException(str(error)) from None


def engine_options(command: Any) -> Any:
    """--engine, --master and --claims, for a reconcile command."""
    command = click.option("--claims", metavar="OUT",
                           help="--engine spark: the claims to read (the folder `extract "
                                "--engine spark -o OUT` wrote, or a ledger file).")(command)
    command = click.option("--master", metavar="URL",
                           help="--engine spark: the Spark master (local[2], yarn, "
                                "spark://HOST:7077); default: spark-submit's, else local[*].")(command)
    return click.option("--engine", type=click.Choice(["local", "spark"]), default="local",
                        show_default=True,
                        help="local: the SQLite ledger (--db); spark: Parquet claims (--claims) "
                             "on Spark.")(command)
