"""`claimledger serve`: the ledger in Datasette, on this machine only unless told otherwise.

What Datasette shows beyond the plain tables (metadata, facets, full-text
search, canned queries, the reconcile results as tables refreshed when the
ledger changes, a timeline page per quantity) comes from this package's
Datasette plugin (datasette_plugin.py), which `datasette claimledger.db`
loads too.
"""
from __future__ import annotations

from pathlib import Path

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8001  # Datasette's own default


def serve_arguments(db: str | Path, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
                    open_browser: bool = False) -> list[str]:
    """The `datasette serve` arguments for a ledger."""
    args = [str(db), "--host", host, "--port", str(port),
            # Facets over a large ledger's speakers take longer than Datasette's 200 ms default.
            "--setting", "facet_time_limit_ms", "1000"]
    if open_browser:
        args.append("--open")
    return args


def run(db: str | Path, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
        open_browser: bool = False) -> None:
    """Serve the ledger until interrupted (Datasette's own server, uvicorn)."""
    from datasette.cli import serve

    from .datasette_plugin import is_ledger

    if not Path(db).is_file():
        raise FileNotFoundError(f"no ledger at {db}: run `claimledger ingest` first")
    if not is_ledger(str(db)):
        raise ValueError(f"{db} is not a claimledger ledger (no claims and documents tables)")
    serve.main(args=serve_arguments(db, host, port, open_browser), prog_name="claimledger serve",
               standalone_mode=False)
