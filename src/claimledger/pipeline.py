"""The pipeline: document -> figures -> attribution and meaning -> claims."""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from .record import Claim, Document


def extract(text: str, *, published: str | None = None, doc_id: str | None = None) -> list[Claim]:
    """Every claim in one text, in document order."""
    from .figures import find_figures

    doc = doc_id or "doc"
    return [
        Claim(doc=doc, start=f.start, end=f.end, text=text[f.start:f.end], value=f.value,
              low=f.low, high=f.high, total=f.total, approx=f.approx, unit=f.unit, per=f.per)
        for f in find_figures(text)
    ]


def extract_documents(docs: Iterable[Document]) -> Iterator[Claim]:
    """Claims of many documents, streamed: one document in memory at a time."""
    for document in docs:
        yield from extract(document.text, published=document.published, doc_id=document.id)
