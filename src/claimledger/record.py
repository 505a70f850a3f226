"""The records every stage passes on: a Document in, Claims out.

`Claim.to_dict()` is the JSON object of shared/spec/CLAIMS.md, every field
present, in the spec's order.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
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


# A lone UTF-16 surrogate ("\\ud83d", half an emoji cut by a scraper) cannot
# be written as UTF-8: each becomes U+FFFD, one character for one, so every
# offset into the text stays what it was.
_SURROGATE = re.compile("[\ud800-\udfff]")


def scrub(text: str) -> str:
    """`text` with each lone surrogate replaced by U+FFFD (same length)."""
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


class InvalidDate(ValueError):
    """A date that does not exist or is not written YYYY[-MM[-DD]]."""


_ISO_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?=$|[T ])")


def check_date(value: str | dt.date | None, name: str = "date") -> str | None:
    """A date as ISO text, checked: `date` and `datetime` objects give
    YYYY-MM-DD; text must start YYYY, YYYY-MM or YYYY-MM-DD (a time may follow,
    as in metadata: 2024-02-27T10:00:00Z) and name a real day. An impossible or
    malformed date raises InvalidDate naming `name`.

    >>> check_date("2024-02")
    '2024-02'
    >>> check_date(dt.datetime(2024, 2, 12, 9, 30))
    '2024-02-12'
    >>> check_date("2024-13-45", "--published")
    Traceback (most recent call last):
    ...
    claimledger.record.InvalidDate: --published: '2024-13-45' is not a date (month must be in 1..12)
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if not isinstance(value, str):
        raise InvalidDate(f"{name}: expected a date or YYYY-MM-DD text, not {type(value).__name__}")
    match = _ISO_DATE.match(value.strip())
    if match is None:
        raise InvalidDate(f"{name}: {value!r} is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)")
    year, month, day = match.groups()
    try:
        dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError as error:
        raise InvalidDate(f"{name}: {value!r} is not a date ({error})") from None
    return value.strip()


class UnreadableText(ValueError):
    """Text that turns out unreadable while a document is read in pieces
    (a bad byte far into a large file); its message is the reason."""


@dataclass(slots=True)
class Document:
    """One article: `id` and `text` are required, the rest is metadata.
    Lone surrogates in its text are replaced (see `scrub`), offsets unchanged.

    A large file is read lazily: `stream` then gives its text in chunks (and
    `text` is empty) so that the extractor never holds it whole; `read()`
    gives the whole text either way."""

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
    stream: Callable[[], Iterator[str]] | None = field(default=None, repr=False, compare=False)

    def read(self) -> str:
        """The whole text (a streamed document is read now, and kept);
        UnreadableText or OSError if it cannot be."""
        if self.stream is not None:
            self.text, self.stream = scrub("".join(self.stream())), None
        return self.text

    def __post_init__(self) -> None:
        self.id, self.text = scrub(str(self.id)), scrub(self.text)
        self.title = None if self.title is None else scrub(self.title)
        self.url = None if self.url is None else scrub(self.url)
        self.source = None if self.source is None else scrub(self.source)


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

    def __post_init__(self) -> None:  # a file name with undecodable bytes holds surrogates
        self.input, self.reason = scrub(str(self.input)), scrub(str(self.reason))

    def __str__(self) -> str:
        return f"{self.input}: {self.reason}"
