"""claimledger: turn news into a ledger of numerical claims.

Extract the claims of a text:

>>> import claimledger
>>> [claim] = claimledger.extract("Officials said on Monday that 40 people died.", published="2024-02-27")
>>> claim.value, claim.measure, claim.speaker, claim.as_of
(40.0, 'killed', 'Officials', '2024-02-26')

Keep them in a ledger (a SQLite file), then reconcile what it holds:

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "claims.db"
>>> documents = [claimledger.Document("a", "Officials said 100 Ukrainian soldiers were killed in March 2024."),
...              claimledger.Document("b", "The army said 180 Ukrainian soldiers were killed in March 2024.")]
>>> with claimledger.Ledger(path) as ledger:
...     stats = ledger.ingest(documents)
...     [c["text"] for c in ledger.claims(measure="killed")]
...     [q.id for q in claimledger.list_quantities(ledger.connection)]
...     [c.kind for c in claimledger.find_conflicts(ledger.connection)]
['100', '180']
['killed/Ukraine/people']
['contradiction']

The public API, all importable from here:

- records: `Claim`, `Document`, `Failure`, `check_date`, `InvalidDate`
- extraction: `extract` (one text), `extract_pieces` (one document, long ones
  in pieces), `extract_documents` (many, streamed)
- inputs: `read_inputs` (files, folders, URLs, feeds, WARC, stdin), `Fetcher`
- the ledger: `Ledger`, `LedgerError`
- reconciling: `list_quantities`, `timeline`, `find_conflicts`, `estimates`,
  `claim_reviews`
- output: `write_rows`, `json_for_html`

Every function that reads input returns or yields `Failure`s for what it
cannot read; none raises on bad input.
"""
__version__ = "0.1.0"
EXTRACTOR_VERSION = __version__

from .record import Claim, Document, Failure, InvalidDate, check_date  # noqa: E402
from .pipeline import extract, extract_documents, extract_pieces  # noqa: E402

# The rest loads on first use: `import claimledger` stays light for extraction.
_LAZY = {
    "read_inputs": "readers", "Fetcher": "fetch", "Ledger": "ledger", "LedgerError": "ledger",
    "list_quantities": "quantities", "timeline": "quantities", "find_conflicts": "conflicts",
    "estimates": "fusion", "claim_reviews": "fusion", "write_rows": "writers", "json_for_html": "writers",
}


def __getattr__(name: str) -> object:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'claimledger' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


__all__ = [
    "Claim", "Document", "Failure", "InvalidDate", "check_date",
    "extract", "extract_pieces", "extract_documents",
    "read_inputs", "Fetcher",
    "Ledger", "LedgerError",
    "list_quantities", "timeline", "find_conflicts", "estimates", "claim_reviews",
    "write_rows", "json_for_html",
    "__version__", "EXTRACTOR_VERSION",
]
