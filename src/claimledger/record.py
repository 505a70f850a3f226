"""The records every stage passes on: a Document in, Claims out.

`Claim.to_dict()` is the JSON object of shared/spec/CLAIMS.md, every field
present, in the spec's order.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

CLAIM_FIELDS = (
    "doc", "start", "end", "text", "value", "low", "high", "total", "approx",
    "unit", "per", "measure", "subject", "group", "place", "speaker", "speaker_kind",
    "via", "cue", "disputed_by", "projected", "as_of", "sentence",
)

MEASURES = (
    "killed", "wounded", "casualties", "missing", "captured", "displaced",
    "strength", "aid", "cost", "count", "share", "measurement",
)
# the two fields of `extract --all-quantities` (CLAIMS.md, "Every quantity"), in no other output
QUANTITY_FIELDS = ("claim", "kind")
KINDS = ("claim", "duration", "age", "modifier", "score", "rank")
SPEAKER_KINDS = ("person", "organization", "publication", "anonymous", "document")
RATES = ("day", "week", "month", "year")


@dataclass(slots=True)
class Document:
    """One article: `id` and `text` are required, the rest is metadata."""

    id: str
    text: str
    published: str | None = None
    title: str | None = None
    url: str | None = None
    source: str | None = None  # where it was read from: a path, URL or "stdin:3"
    extra: dict[str, Any] = field(default_factory=dict)
    # For an id made from a file name (not given in the input): longer ids to
    # take, in order, when another input already holds it ("b/story" for
    # b/story.html when a/story.html is "story"); empty for ids given or URLs.
    aliases: tuple[str, ...] = ()


@dataclass(slots=True)
class Claim:
    """One figure a text puts forward, with who, what and when."""

    doc: str
    start: int
    end: int
    text: str
    value: float | None = None
    low: float | None = None
    high: float | None = None
    total: float | None = None
    approx: bool = False
    unit: str | None = None
    per: str | None = None
    measure: str = "count"
    subject: str | None = None
    group: str | None = None
    place: str | None = None
    speaker: str | None = None
    speaker_kind: str = "document"
    via: str | None = None
    cue: str | None = None
    disputed_by: str | None = None
    projected: bool = False
    as_of: str | None = None
    sentence: str = ""
    claim: bool | None = None     # all-quantities mode only: whether it is a claim
    kind: str | None = None       # all-quantities mode only: one of KINDS

    def to_dict(self) -> dict[str, Any]:
        out = {}
        for name in CLAIM_FIELDS + (QUANTITY_FIELDS if self.kind is not None else ()):
            value = getattr(self, name)
            if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
                value = int(value)
            out[name] = value
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Claim":
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


@dataclass(slots=True)
class Failure:
    """An input that could not be read: named, with the reason, never fatal."""

    input: str
    reason: str

    def __str__(self) -> str:
        return f"{self.input}: {self.reason}"
