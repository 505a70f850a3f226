"""claimledger: turn news into a ledger of numerical claims."""
from .record import Claim, Document, Failure
from .pipeline import extract, extract_documents

__version__ = "0.1.0"
EXTRACTOR_VERSION = __version__

__all__ = ["Claim", "Document", "Failure", "extract", "extract_documents", "__version__", "EXTRACTOR_VERSION"]
