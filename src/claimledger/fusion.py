"""Fused estimates: per quantity and time bucket, a low / best / high figure in
the UCDP convention (low <= best <= high), with every claim it used; and the
claims as schema.org ClaimReview JSON-LD. The method is in docs/reconcile.md.

In short: one voice per independent source (the speaker; a figure relayed
`via` another outlet is still its speaker's), each voice the median of its
claims in the bucket; `best` is the median of the voices on a log scale (the
middle voice, or the geometric mean of the two middle ones), `low` and `high`
the lowest and highest bound any voice gives. Disputed and projected figures,
vague magnitudes ("thousands") and period totals of running counts ("within
the last month") are kept out of all three and listed apart.
"""
from __future__ import annotations

import calendar
import csv
import io
import math
import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from .quantities import (
    CUMULATIVE_MEASURES, ClaimRef, claim_details, event_labels, is_period_total, prepare,
    quantity_label, source_name,
)
from .writers import format_figure, format_number, web_url

BUCKETS = ("month", "year")
VAGUE_SPAN = 10.0  # a range this wide (high/low) without a stated value is a magnitude


def bucket_of(at: str | None, bucket: str = "month") -> str | None:
    """The bucket a time falls in; a bare year stays a year in month buckets."""
    if not at:
        return None
    return at[:7] if bucket == "month" and len(at) >= 7 else at[:4]


def _point(ref: ClaimRef) -> float:
    """The one number that stands for a claim: its value, or a range's midpoint."""
    if ref.value is not None:
        return ref.value
    if ref.low is not None and ref.high is not None:
        return (ref.low + ref.high) / 2
    return ref.low if ref.low is not None else ref.high


def _bounds(ref: ClaimRef) -> tuple[float, float]:
    low = ref.low if ref.low is not None else (ref.value if ref.value is not None else ref.high)
    high = ref.high if ref.high is not None else (ref.value if ref.value is not None else ref.low)
    return low, high


def log_median(numbers: list[float]) -> float:
    """The median on a log scale: the middle number, or the geometric mean of
    the two middle ones (their plain mean if either is 0 or less)."""
    ordered = sorted(numbers)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    a, b = ordered[middle - 1], ordered[middle]
    # sqrt(a) * sqrt(b), not sqrt(a * b): the product of two tiny figures underflows to 0
    return math.sqrt(a) * math.sqrt(b) if a > 0 and b > 0 else (a + b) / 2


def _middle(items: list[tuple[float, Any]]) -> list[Any]:
    """The item(s) the median comes from."""
    ordered = sorted(items, key=lambda pair: pair[0])
    middle = len(ordered) // 2
    picked = ordered[middle:middle + 1] if len(ordered) % 2 else ordered[middle - 1:middle + 1]
    return [item for _, item in picked]


@dataclass(slots=True)
class Voice:
    """One independent source's say in a bucket."""

    source: str
    claims: list[ClaimRef]
    point: float
    low: float
    high: float


@dataclass(slots=True)
class Estimate:
    quantity: str
    measure: str
    group: str | None
    unit: str | None
    per: str | None
    period: str
    low: float | None = None
    best: float | None = None
    high: float | None = None
    voices: list[Voice] = field(default_factory=list)
    best_from: list[Voice] = field(default_factory=list)
    disputed: list[ClaimRef] = field(default_factory=list)
    projected: list[ClaimRef] = field(default_factory=list)
    set_apart: list[ClaimRef] = field(default_factory=list)  # vague or period totals
    label: str = ""  # the quantity as a reader names it

    @property
    def used(self) -> list[ClaimRef]:
        return [ref for voice in self.voices for ref in voice.claims]

    def to_dict(self) -> dict[str, Any]:
        return {
            "quantity": self.quantity, "label": self.label, "measure": self.measure,
            "group": self.group,
            "unit": self.unit, "per": self.per, "period": self.period,
            "low": self.low, "best": self.best, "high": self.high,
            "voices": [{"source": v.source, "point": v.point, "low": v.low, "high": v.high,
                        "claims": [r.to_dict() for r in v.claims]} for v in self.voices],
            "best_from": [v.source for v in self.best_from],
            "disputed": [r.to_dict() for r in self.disputed],
            "projected": [r.to_dict() for r in self.projected],
            "set_apart": [r.to_dict() for r in self.set_apart],
        }


def estimates(conn: sqlite3.Connection, bucket: str = "month") -> list[Estimate]:
    """Fused estimates for every quantity and bucket that has claims with a time."""
    if bucket not in BUCKETS:
        raise ValueError(f"bucket must be one of {', '.join(BUCKETS)}")
    prepare(conn)
    qids = dict(conn.execute("SELECT id, quantity FROM keyed"))
    cells: dict[tuple[str, str], Estimate] = {}
    claims_of: dict[tuple[str, str], list[tuple[ClaimRef, Any]]] = defaultdict(list)
    for ref, row in claim_details(conn, "ORDER BY c.id"):
        period = bucket_of(ref.as_of or ref.published, bucket)
        if period is None:
            continue  # no time to put it in
        key = (qids[ref.id], period)
        if key not in cells:
            cells[key] = Estimate(key[0], row["measure"], row["group"], row["unit"],
                                  row["per"], period)
        claims_of[key].append((ref, row))
    labels = event_labels(conn)
    for key, estimate in cells.items():
        _fuse(estimate, claims_of[key])
        estimate.label = quantity_label(estimate.quantity, labels)
    return [cells[key] for key in sorted(cells)]


def _fuse(estimate: Estimate, claims: list[tuple[ClaimRef, Any]]) -> None:
    by_source: dict[str, list[ClaimRef]] = defaultdict(list)
    for ref, row in claims:
        low, high = _bounds(ref)
        if ref.disputed_by:
            estimate.disputed.append(ref)
        elif ref.projected:
            estimate.projected.append(ref)
        elif low is None or (ref.value is None and low > 0 and high / low >= VAGUE_SPAN) or (
                row["measure"] in CUMULATIVE_MEASURES and row["per"] is None
                and is_period_total(row["sentence"])):
            estimate.set_apart.append(ref)
        else:
            by_source[source_name(ref).lower()].append(ref)
    for refs in by_source.values():
        bounds = [_bounds(r) for r in refs]
        estimate.voices.append(Voice(
            source=source_name(refs[0]), claims=refs, point=log_median([_point(r) for r in refs]),
            low=min(b[0] for b in bounds), high=max(b[1] for b in bounds)))
    estimate.voices.sort(key=lambda v: (v.point, v.source))
    if estimate.voices:
        estimate.best = log_median([v.point for v in estimate.voices])
        estimate.best_from = _middle([(v.point, v) for v in estimate.voices])
        estimate.low = min(v.low for v in estimate.voices)
        estimate.high = max(v.high for v in estimate.voices)
        estimate.best = min(max(estimate.best, estimate.low), estimate.high)  # rounding never breaks low <= best <= high


# --- exports --------------------------------------------------------------------

CSV_COLUMNS = (
    "quantity", "measure", "group", "unit", "per", "period", "date_start", "date_end",
    "low", "best", "high", "number_of_sources", "source_original", "best_source",
    "claims", "source_article", "disputed", "projected", "set_apart", "label",
)


def _period_dates(period: str) -> tuple[str, str]:
    if len(period) == 4:
        return f"{period}-01-01", f"{period}-12-31"
    days = calendar.monthrange(int(period[:4]), int(period[5:7]))[1]
    return f"{period}-01", f"{period}-{days:02d}"


def _where(ref: ClaimRef) -> str:
    """Provenance down to the characters: doc:start-end."""
    return f"{ref.doc}:{ref.start}-{ref.end}"


def _listed(refs: list[ClaimRef]) -> str:
    return "; ".join(f"{format_figure(r.value, r.low, r.high, r.approx)} "
                     f"({source_name(r)}{', disputed by ' + r.disputed_by if r.disputed_by else ''}"
                     f") {_where(r)}" for r in refs)


def _number(x: float | None) -> str:
    return "" if x is None else format_number(round(x, 2)).replace(",", "")


def estimate_row(e: Estimate) -> dict[str, Any]:
    """One estimate as a row of CSV_COLUMNS (numbers plain, lists joined)."""
    start, end = _period_dates(e.period)
    used = e.used
    articles = sorted({r.url or r.doc for r in used + e.disputed + e.projected + e.set_apart})
    return dict(zip(CSV_COLUMNS, [
        e.quantity, e.measure, e.group or "", e.unit or "", e.per or "", e.period, start, end,
        _number(e.low), _number(e.best), _number(e.high), len(e.voices),
        "; ".join(v.source for v in e.voices), "; ".join(v.source for v in e.best_from),
        " ".join(_where(r) for r in used), " ".join(articles),
        _listed(e.disputed), _listed(e.projected), _listed(e.set_apart), e.label,
    ]))


def estimates_csv(rows: list[Estimate]) -> str:
    """UCDP-like CSV: one row per quantity and period."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for e in rows:
        writer.writerow(estimate_row(e).values())
    return out.getvalue()


def claim_reviews(conn: sqlite3.Connection, *, organization: str = "claimledger",
                  organization_url: str | None = None) -> dict[str, Any]:
    """Every claim as a schema.org ClaimReview, in one JSON-LD graph.

    As schema.org and fact-check markup define them, `author` is the
    organization publishing the reviews (`organization`, configurable) and
    the claimant is `itemReviewed.author`. No rating is given: the ledger
    records who said what, it does not judge it. Only http(s) URLs are kept.
    """
    reviewer: dict[str, str] = {"@type": "Organization", "name": organization}
    if web_url(organization_url):
        reviewer["url"] = web_url(organization_url)
    graph = []
    for ref, row in claim_details(conn, "ORDER BY c.doc, c.start"):
        url = web_url(ref.url)
        appearance = {"@type": "NewsArticle", "identifier": ref.doc}
        for key, value in (("url", url), ("headline", row["title"]),
                           ("datePublished", ref.published)):
            if value:
                appearance[key] = value
        claim = {"@type": "Claim", "author": _author(ref, row, url), "appearance": appearance}
        if ref.as_of:
            claim["temporalCoverage"] = ref.as_of
        review = {
            "@type": "ClaimReview",
            "identifier": _where(ref),
            "claimReviewed": row["sentence"] or ref.text,
            "author": reviewer,
            "itemReviewed": claim,
        }
        if ref.published:
            review["datePublished"] = ref.published
        if url:
            review["url"] = url
        graph.append(review)
    return {"@context": "https://schema.org", "@graph": graph}


def _author(ref: ClaimRef, row: Any, url: str | None) -> dict[str, str]:
    if ref.speaker is None:  # the article in its own voice
        return {"@type": "Organization", "name": row["title"] or url or ref.doc}
    kind = "Person" if row["speaker_kind"] == "person" else "Organization"
    return {"@type": kind, "name": ref.speaker}
