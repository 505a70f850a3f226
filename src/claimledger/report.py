"""The report: the ledger as HTML that opens offline, a picture of every quantity.

    from claimledger.report import write_report
    result = write_report("claimledger.db", "report.html")
    result.files     # the pages written: the overview first

An overview comes first (the quantities with the widest spread and the most
voices, the conflicts by kind, every quantity); then, per quantity, its
timeline (charts.py), its fused low / best / high per month, the conflicts
that touch it in plain words, and its claims with their sentence, speaker,
via and a link to the article.

Up to `SINGLE_PAGE_CLAIMS` claims the report is one self-contained file.
Beyond, the overview links to one page per event (the quantities of one war,
earthquake or election together; quantities with no event share pages by
measure), written beside it in a folder named after it (`report.html` ->
`report-quantities/`), each page self-contained too and of at most
`SINGLE_PAGE_CLAIMS` claims (a larger event takes several): one file of tens
of megabytes opens slowly in a browser, and thousands of small files are slow
to write.

Safety: everything that comes from the ledger (article text, names, titles,
URLs) is escaped, links are made only of http and https URLs, and every page
carries a Content-Security-Policy that allows no script at all (the report
needs none), so markup in an article is shown as text and can never run.

Quantities, conflicts and estimates are read through the public functions of
quantities.py, conflicts.py and fusion.py only; a quantity is shown by its
label where it has one, else by its ID.
"""
from __future__ import annotations

import hashlib
import multiprocessing
import os
import re
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from . import __version__
from .charts import (
    OTHER_COLOUR, PALETTE, UNBOUNDED, Band, Chart, Mark, date_span, escape, legend_svg, render,
)
from .conflicts import Conflict, find_conflicts
from .fusion import Estimate, estimates
from .quantities import (
    ClaimRef, Quantity, TimelineEntry, event_labels, event_of, list_quantities, open_ledger, timelines,
)
from .writers import format_number

SINGLE_PAGE_CLAIMS = 5_000
PAGES = ("auto", "one", "split")
TOP = 10  # quantities in each overview list
NAMED_SOURCES = len(PALETTE)  # sources with a colour of their own, per chart

KIND_WORDS = {
    "dispute": "One source rejects another's figure",
    "contradiction": "Sources contradict each other",
    "cumulative-fall": "A running total falls",
    "rate-vs-total": "A daily or monthly rate checked against a yearly total",
    "killed-plus-wounded": "Killed plus wounded checked against casualties",
    "part-exceeds-whole": "A part larger than its whole",
}


def kind_words(conflict: Conflict) -> str:
    words = KIND_WORDS.get(conflict.kind, conflict.kind)
    if conflict.consistent:
        return words + ": it adds up"
    return words


def label_of(item: Any) -> str:
    """A quantity's label where it has one (see issue 12), else its ID."""
    return getattr(item, "label", None) or item.id


@dataclass(slots=True)
class Fused:
    """What the report shows of a fused estimate (fusion.Estimate): small, so
    it comes back cheaply from the process that computes it."""

    quantity: str
    period: str
    low: float | None
    best: float | None
    high: float | None
    voices: int
    best_from: list[str]
    kept_apart: int

    @classmethod
    def of(cls, e: Estimate) -> "Fused":
        return cls(e.quantity, e.period, e.low, e.best, e.high, len(e.voices),
                   [v.source for v in e.best_from], len(e.disputed) + len(e.projected) + len(e.set_apart))


def fused_estimates(path: str) -> list[Fused]:
    """Every fused estimate of the ledger at `path`, summarised (run in a worker)."""
    conn = open_ledger(path)
    try:
        return [Fused.of(e) for e in estimates(conn)]
    finally:
        conn.close()


@dataclass
class QuantityView:
    quantity: Quantity
    entries: list[TimelineEntry]
    estimates: list[Fused] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    page: str = ""  # file name of its page when split; "" on the one page

    @property
    def anchor(self) -> str:
        return "q-" + slug(self.quantity.id)

    def href(self, from_page: str = "") -> str:
        if self.page and self.page != from_page:
            return f"{self.page}#{self.anchor}" if not from_page else f"../{self.page}#{self.anchor}"
        return f"#{self.anchor}"


@dataclass
class ReportResult:
    files: list[Path]
    quantities: int
    claims: int
    conflicts: int

    @property
    def bytes(self) -> int:
        return sum(path.stat().st_size for path in self.files)


def slug(text: str) -> str:
    """A file and anchor name for a quantity ID: readable, and unique by a short hash."""
    readable = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")[:60] or "q"
    return f"{readable}-{hashlib.sha1(text.encode('utf-8')).hexdigest()[:6]}"


# --- gathering ------------------------------------------------------------------

class UnknownQuantity(LookupError):
    """A quantity asked for that the ledger does not have."""


def gather(conn: sqlite3.Connection, quantity_ids: Sequence[str] | None = None, *,
           path: str | Path | None = None, raw_estimates: list[Estimate] | None = None,
           ) -> tuple[list[QuantityView], list[Conflict]]:
    """Every quantity (or those asked for) with its timeline, estimates and
    the conflicts that touch any of its claims; and those conflicts.

    With the ledger's `path` and two cores or more, the estimates (the
    slowest part) are computed in a second process meanwhile. `raw_estimates`,
    if given, receives fusion's own Estimate objects (computed here then)."""
    pending = None
    if path is not None and raw_estimates is None and (os.cpu_count() or 1) > 1:
        pool = multiprocessing.get_context("fork").Pool(1)
        pending = pool.apply_async(fused_estimates, (str(path),))
        pool.close()
    found = list_quantities(conn)
    if quantity_ids:
        by_id = {q.id: q for q in found}
        missing = [qid for qid in quantity_ids if qid not in by_id]
        if missing:
            raise UnknownQuantity(f"no quantity {', '.join(map(repr, missing))}: see `claimledger quantities`")
        found = [by_id[qid] for qid in dict.fromkeys(quantity_ids)]
    by_quantity = timelines(conn, [q.id for q in found])
    views = {q.id: QuantityView(q, by_quantity.get(q.id, [])) for q in found}
    quantity_of = {e.claim.id: qid for qid, view in views.items() for e in view.entries}
    shown = []
    for conflict in find_conflicts(conn):
        touched = {quantity_of[c.id] for c in conflict.claims if c.id in quantity_of}
        if conflict.quantity in views:
            touched.add(conflict.quantity)
        for qid in sorted(touched):
            views[qid].conflicts.append(conflict)
        if touched:
            shown.append(conflict)
    if pending is not None:
        summaries = pending.get()
        pool.join()
    else:
        computed = estimates(conn)
        if raw_estimates is not None:
            raw_estimates.extend(computed)
        summaries = [Fused.of(e) for e in computed]
    for fused in summaries:
        if fused.quantity in views:
            views[fused.quantity].estimates.append(fused)
    return list(views.values()), shown


# --- pieces of HTML -------------------------------------------------------------

def safe_url(url: str | None) -> str | None:
    """The URL if it is http or https (never javascript:, data: or the like)."""
    if url and re.match(r"(?i)^https?://[^\s<>\"']+$", url.strip()):
        return url.strip()
    return None


def _n(x: float | None) -> str:
    """A figure for a table: whole above 100 (a fused 105,722.32 is 105,722)."""
    if x is None:
        return ""
    if abs(x) >= UNBOUNDED:
        return "∞"
    return format_number(round(x) if abs(x) >= 100 else round(x, 2))


def _ratio(spread: float | None) -> str:
    """×12.9, ×4,000,000."""
    if not spread:
        return ""
    return "×" + (f"{spread:.1f}" if spread < 100 else format_number(round(spread)))


def _figure(ref: ClaimRef) -> str:
    return ref.figure()


def _where(ref: ClaimRef) -> str:
    return f"{ref.doc}:{ref.start}-{ref.end}"


def _sentence_html(sentence: str, figure_text: str) -> str:
    """The sentence escaped, with the figure's own words marked."""
    at = sentence.find(figure_text) if figure_text else -1
    if at < 0:
        return escape(sentence)
    return (escape(sentence[:at]) + "<mark>" + escape(figure_text) + "</mark>"
            + escape(sentence[at + len(figure_text):]))


def _notes(entry: TimelineEntry) -> list[str]:
    ref = entry.claim
    notes = []
    if ref.approx:
        notes.append("approximate")
    if ref.as_of is None:
        notes.append("undated: taken at publication" if entry.at else "undated")
    if ref.projected:
        notes.append("projected")
    if ref.disputed_by:
        notes.append(f"disputed by {ref.disputed_by}")
    if entry.period_total:
        notes.append("for one period or event")
    return notes


def _colours(entries: Iterable[TimelineEntry]) -> dict[str, str]:
    """One colour per source, for the sources with most claims; grey for the rest."""
    counts = Counter(e.source for e in entries)
    ranked = sorted(counts, key=lambda s: (-counts[s], s.lower()))
    named = len(ranked) if len(ranked) <= NAMED_SOURCES else NAMED_SOURCES - 1
    return {s: PALETTE[i] if i < named else OTHER_COLOUR for i, s in enumerate(ranked)}


def _mark(entry: TimelineEntry, colour: str) -> Mark | None:
    span = date_span(entry.at)
    ref = entry.claim
    if span is None:
        return None
    if ref.low is not None and ref.high is not None:
        lo, hi, shape = ref.low, ref.high, "range"
    elif ref.low is not None:
        lo, hi, shape = ref.low, UNBOUNDED, "at-least"
    elif ref.high is not None:
        lo, hi, shape = ref.high, ref.high, "up-to"
    elif ref.value is not None:
        lo = hi = ref.value
        shape = "ring" if ref.approx else "dot"
    else:
        return None
    if entry.period_total and shape in ("dot", "ring"):
        shape = "period"
    title = f"{entry.source}: {_figure(ref)} ({entry.at})"
    if ref.via:
        title += f" via {ref.via}"
    if ref.disputed_by:
        title += f", disputed by {ref.disputed_by}"
    if ref.projected:
        title += ", projected"
    return Mark(span=span, lo=lo, hi=hi, shape=shape, colour=colour,
                disputed=bool(ref.disputed_by), projected=bool(ref.projected),
                title=f"{title} [{_where(ref)}]", anchor=f"c{ref.id}")


def chart_of(view: QuantityView) -> tuple[str, dict[str, str], int]:
    """(the SVG, colour by source, claims not drawn for want of a time or figure)."""
    colours = _colours(view.entries)
    chart = Chart(title=f"Timeline of {label_of(view.quantity)}")
    left_out = 0
    for entry in view.entries:
        mark = _mark(entry, colours[entry.source])
        if mark is None:
            left_out += 1
        else:
            chart.marks.append(mark)
    for e in view.estimates:
        span = date_span(e.period)
        if span is None or e.best is None:
            continue
        chart.bands.append(Band(span, e.low, e.best, e.high,
                                title=f"{e.period}: low {_n(e.low)}, best {_n(e.best)}, "
                                      f"high {_n(e.high)} from {e.voices} "
                                      f"source{'s' if e.voices != 1 else ''}"))
    return render(chart), colours, left_out


CSS = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#222;margin:0;background:#fafafa}
main{max-width:1180px;margin:0 auto;padding:1rem 1.5rem 4rem;background:#fff}
h1{font-size:1.6rem;margin:.5rem 0}h2{font-size:1.3rem;margin:2.5rem 0 .3rem;border-top:2px solid #ddd;padding-top:1rem}
h3{font-size:1.05rem;margin:1.2rem 0 .3rem}
table{border-collapse:collapse;margin:.4rem 0;font-size:.88rem}
th,td{border-bottom:1px solid #e3e3e3;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f2f2f2}td.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
td.when,td.figure{white-space:nowrap}
code{font-size:.85em;background:#f3f3f3;padding:0 .2em;word-break:break-all}
.meta{color:#666;font-size:.9rem}.chart{display:flex;gap:1rem;align-items:flex-start;flex-wrap:wrap}
.sources{list-style:none;padding:0;margin:0;font-size:.85rem;max-width:330px}
.sources li{margin:.1rem 0}.swatch{display:inline-block;width:.8em;height:.8em;margin-right:.4em;border-radius:2px}
.key{display:flex;flex-wrap:wrap;gap:.3rem 1.2rem;font-size:.85rem;margin:.5rem 0}.key span{display:inline-flex;align-items:center;gap:.3rem}
.conflicts li{margin:.3rem 0}.kind{font-weight:600}mark{background:#fff2a8}
.disputed{color:#b00}nav.top{font-size:.9rem;margin:.5rem 0}
tr:target{background:#fff8d0}section.quantity{scroll-margin-top:1rem}
"""

CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
       "base-uri 'none'; form-action 'none'")


def _page(title: str, body: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
            f'<meta name="referrer" content="no-referrer">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<meta name="generator" content="claimledger {escape(__version__)}">'
            f"<title>{escape(title)}</title><style>{CSS}</style></head>"
            f"<body><main>{body}</main></body></html>\n")


def key_html() -> str:
    """How to read the charts."""
    items = [(legend_svg("dot"), "a stated figure"), (legend_svg("ring"), "about (approximate)"),
             (legend_svg("range"), "a range"), (legend_svg("at-least"), "at least"),
             (legend_svg("up-to"), "up to"), (legend_svg("period"), "for one period or event"),
             (legend_svg("dot", disputed=True), "disputed"),
             ('<svg width="22" height="20" aria-hidden="true"><rect x="2" y="3" width="18" height="14" '
              'fill="#888" fill-opacity=".18"/><line x1="2" x2="20" y1="10" y2="10" stroke="#555" '
              'stroke-width="2"/></svg>', "fused low–high of the month, line at best"),
             ('<svg width="22" height="20" aria-hidden="true"><line x1="1" x2="21" y1="10" y2="10" '
              'stroke="#555" stroke-opacity=".55" stroke-width="1.5"/><circle cx="11" cy="10" r="4.5" '
              'fill="#555"/></svg>', "dated only by its month or year")]
    return ('<div class="key" aria-label="key">'
            + "".join(f"<span>{svg}{escape(text)}</span>" for svg, text in items)
            + "<span>projections: in a panel of their own</span></div>")


def _claim_link(ref: ClaimRef, pages: dict[int, str], here: str) -> str:
    text = f"{escape(_figure(ref))} ({escape(ref.as_of or 'undated')}, {escape(_where(ref))})"
    page = pages.get(ref.id)
    if page is None:
        return text
    prefix = "" if page == here else (f"../{page}" if here else page)
    return f'<a href="{escape(prefix)}#c{ref.id}">{text}</a>'


def conflicts_html(conflicts: list[Conflict], pages: dict[int, str], here: str) -> str:
    if not conflicts:
        return "<p class=\"meta\">No conflicts touch this quantity.</p>"
    out = ['<ul class="conflicts">']
    for c in conflicts:
        claims = ", ".join(_claim_link(r, pages, here) for r in c.claims[:12])
        if len(c.claims) > 12:
            claims += f" and {len(c.claims) - 12} more"
        out.append(f'<li><span class="kind">{escape(kind_words(c))}.</span> {escape(c.explanation)}'
                   f'<br><span class="meta">Claims: {claims}</span></li>')
    out.append("</ul>")
    return "".join(out)


def estimates_html(rows: list[Fused]) -> str:
    if not rows:
        return "<p class=\"meta\">No fused estimate: no claim with a time.</p>"
    body = ["<table><thead><tr><th>period</th><th>low</th><th>best</th><th>high</th>"
            "<th>voices</th><th>best from</th><th>kept apart</th></tr></thead><tbody>"]
    for e in rows:
        apart = e.kept_apart
        body.append(f"<tr><td class=\"when\">{escape(e.period)}</td><td class=\"num\">{_n(e.low)}</td>"
                    f"<td class=\"num\"><b>{_n(e.best)}</b></td><td class=\"num\">{_n(e.high)}</td>"
                    f"<td class=\"num\">{e.voices}</td>"
                    f"<td>{escape('; '.join(e.best_from))}</td>"
                    f"<td class=\"num\">{apart or ''}</td></tr>")
    body.append("</tbody></table>")
    table = "".join(body)
    if len(rows) > 12:
        return f"<details><summary>{len(rows)} periods</summary>{table}</details>"
    return table


def claims_html(view: QuantityView, titles: dict[str, str | None]) -> str:
    out = ["<table class=\"claims\"><thead><tr><th>when</th><th>source</th><th>figure</th>"
           "<th>notes</th><th>sentence</th><th>article</th></tr></thead><tbody>"]
    for e in view.entries:
        ref = e.claim
        source = escape(e.source)
        if ref.via:
            source += f" <span class=\"meta\">via {escape(ref.via)}</span>"
        notes = _notes(e)
        notes_html = "; ".join(f'<span class="disputed">{escape(n)}</span>' if n.startswith("disputed")
                               else escape(n) for n in notes)
        title = titles.get(ref.doc) or ref.doc
        url = safe_url(ref.url)
        article = (f'<a href="{escape(url)}" rel="noopener noreferrer">{escape(title)}</a>' if url
                   else escape(title))
        article += f'<br><span class="meta">{escape(ref.published or "")} {escape(_where(ref))}</span>'
        out.append(f'<tr id="c{ref.id}"><td class="when">{escape(e.at or "undated")}</td>'
                   f"<td>{source}</td><td class=\"figure\">{escape(_figure(ref))}</td>"
                   f"<td>{notes_html}</td><td>{_sentence_html(e.sentence or '', ref.text)}</td>"
                   f"<td>{article}</td></tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _span(q: Quantity) -> str:
    if not q.first:
        return "undated"
    return q.first if q.first == q.last else f"{q.first} – {q.last}"


def quantity_html(view: QuantityView, titles: dict[str, str | None], pages: dict[int, str],
                  here: str) -> str:
    q = view.quantity
    svg, colours, left_out = chart_of(view)
    label = label_of(q)
    counts = Counter(e.source for e in view.entries)
    named = [s for s, c in colours.items() if c != OTHER_COLOUR]
    others = [s for s, c in colours.items() if c == OTHER_COLOUR]
    sources = "".join(f'<li><span class="swatch" style="background:{colours[s]}"></span>'
                      f"{escape(s)} <span class=\"meta\">({counts[s]})</span></li>" for s in named)
    if others:
        sources += (f'<li><span class="swatch" style="background:{OTHER_COLOUR}"></span>'
                    f"{len(others)} other sources <span class=\"meta\">"
                    f"({sum(counts[s] for s in others)})</span></li>")
    chart = (f'<div class="chart">{svg}<ul class="sources" aria-label="sources">{sources}</ul></div>'
             if svg else '<p class="meta">Nothing to draw: no claim has a time.</p>')
    if left_out:
        chart += (f'<p class="meta">{left_out} claim{"s" if left_out != 1 else ""} not drawn '
                  f"(no time or no figure); listed below.</p>")
    heading = escape(label)
    if label != q.id:
        heading += f" <code>{escape(q.id)}</code>"
    summary = (f"{q.claims} claim{'s' if q.claims != 1 else ''} from {len(q.sources)} "
               f"source{'s' if len(q.sources) != 1 else ''}, {escape(_span(q))}; figures from "
               f"{_n(q.lowest)} to {_n(q.highest)}"
               + (f" ({_ratio(q.spread)})" if q.spread else ""))
    return (f'<section class="quantity" id="{view.anchor}"><h2>{heading}</h2>'
            f'<p class="meta">{summary}</p>{chart}'
            f"<h3>Fused estimate per month</h3>{estimates_html(view.estimates)}"
            f"<h3>Conflicts</h3>{conflicts_html(view.conflicts, pages, here)}"
            f"<h3>Claims</h3>{claims_html(view, titles)}</section>")


def _quantity_row(view: QuantityView, from_page: str) -> str:
    q = view.quantity
    latest = next((e for e in reversed(view.estimates) if e.best is not None), None)
    best = f"{_n(latest.best)} <span class=\"meta\">({escape(latest.period)})</span>" if latest else ""
    return (f'<tr><td><a href="{escape(view.href(from_page))}">{escape(label_of(q))}</a></td>'
            f"<td class=\"num\">{q.claims}</td><td class=\"num\">{len(q.sources)}</td>"
            f"<td class=\"when\">{escape(_span(q))}</td><td class=\"num\">{_n(q.lowest)}</td>"
            f"<td class=\"num\">{_n(q.highest)}</td>"
            f"<td class=\"num\">{_ratio(q.spread)}</td>"
            f"<td class=\"num\">{best}</td><td class=\"num\">{len(view.conflicts) or ''}</td></tr>")


_QUANTITY_HEAD = ("<table><thead><tr><th>quantity</th><th>claims</th><th>sources</th><th>span</th>"
                  "<th>lowest</th><th>highest</th><th>spread</th><th>latest best</th>"
                  "<th>conflicts</th></tr></thead><tbody>")


def overview_html(views: list[QuantityView], ledger: str, totals: dict[str, int],
                  all_conflicts: list[Conflict]) -> str:
    spread = sorted((v for v in views if v.quantity.spread and len(v.quantity.sources) > 1),
                    key=lambda v: -v.quantity.spread)[:TOP]
    voices = sorted(views, key=lambda v: (-len(v.quantity.sources), -v.quantity.claims))[:TOP]
    kinds = Counter(kind_words(c) for c in all_conflicts)
    generated = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    out = [f"<h1>Claims ledger: {escape(ledger)}</h1>",
           f'<p class="meta">{totals["documents"]:,} documents, {totals["claims"]:,} claims, '
           f"{len(views):,} quantities, {len(all_conflicts):,} conflicts and checks. "
           f"Made by claimledger {escape(__version__)} on {generated}.</p>",
           '<nav class="top"><a href="#widest">Widest spread</a> · <a href="#voices">Most voices</a> · '
           '<a href="#conflicts">Conflicts</a> · <a href="#all">All quantities</a></nav>',
           "<h3>How to read the charts</h3>", key_html(),
           '<h2 id="widest">Widest spread: highest figure over lowest</h2>',
           _QUANTITY_HEAD + "".join(_quantity_row(v, "") for v in spread) + "</tbody></table>"
           if spread else "<p class=\"meta\">No quantity has figures from two sources.</p>",
           '<h2 id="voices">Most voices</h2>',
           _QUANTITY_HEAD + "".join(_quantity_row(v, "") for v in voices) + "</tbody></table>",
           '<h2 id="conflicts">Conflicts and checks</h2>']
    if kinds:
        out.append("<ul>" + "".join(f"<li>{escape(k)}: {n}</li>" for k, n in kinds.most_common())
                   + "</ul>")
    else:
        out.append("<p class=\"meta\">None.</p>")
    out.append('<h2 id="all">All quantities</h2>' + _QUANTITY_HEAD
               + "".join(_quantity_row(v, "") for v in views) + "</tbody></table>")
    return "".join(out)


# --- pages ----------------------------------------------------------------------

@dataclass
class Page:
    """One page of a split report: the quantities of one event (or one part of it)."""
    name: str  # its path from the overview: "report-quantities/russia-ukraine-war-1a2b3c.html"
    title: str
    views: list[QuantityView]


def paginate(views: list[QuantityView], folder: str, labels: dict[str, str],
             most_claims: int) -> list[Page]:
    """The pages of a split report: one per event, its quantities in the
    overview's order; quantities with no event on pages by measure; a page
    that would pass `most_claims` claims goes on in another ("… (2)")."""
    groups: dict[tuple[str, str], list[QuantityView]] = {}
    for view in views:
        event = event_of(view.quantity.id)
        key = ("event", event) if event else ("measure", view.quantity.id.split("/", 1)[0])
        groups.setdefault(key, []).append(view)
    pages: list[Page] = []
    for (kind, name), members in groups.items():
        title = labels.get(name, name) if kind == "event" else f"{name}, no event"
        parts: list[list[QuantityView]] = [[]]
        claims = 0
        for view in members:
            if parts[-1] and claims + len(view.entries) > most_claims:
                parts.append([])
                claims = 0
            parts[-1].append(view)
            claims += len(view.entries)
        for n, part in enumerate(parts, 1):
            suffix = f" ({n})" if len(parts) > 1 else ""
            page = Page(f"{folder}/{slug(f'{kind}:{name}{suffix}')}.html", title + suffix, part)
            for view in part:
                view.page = page.name
            pages.append(page)
    return pages


# --- writing --------------------------------------------------------------------

def document_titles(conn: sqlite3.Connection) -> dict[str, str | None]:
    return dict(conn.execute("SELECT id, title FROM documents").fetchall())


def _totals(conn: sqlite3.Connection) -> dict[str, int]:
    return {table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("documents", "claims")}


PARALLEL_FROM = 50  # quantities; below, a second process costs more than it saves
_RENDERING: tuple = ()  # what forked workers render from (inherited, not pickled)


def _render_part(indexes: range) -> list[str]:
    """Render these quantities' sections (one page), or write these pages (split)."""
    views, pages, titles, where, name, output = _RENDERING
    if output is None:
        return [quantity_html(views[i], titles, where, "") for i in indexes]
    back = f'<nav class="top"><a href="../{escape(output.name)}">← all quantities</a></nav>'
    for i in indexes:
        page = pages[i]
        contents = "".join(f'<li><a href="#{v.anchor}">{escape(label_of(v.quantity))}</a></li>'
                           for v in page.views)
        body = (back + f"<h1>{escape(page.title)}</h1><ul>{contents}</ul>" + key_html()
                + "".join(quantity_html(v, titles, where, page.name) for v in page.views))
        (output.parent / page.name).write_text(_page(f"{page.title} — {name}", body), encoding="utf-8")
    return []


def _render(views: list[QuantityView], pages: list[Page], titles: dict, where: dict, name: str,
            output: Path | None) -> list[str]:
    """Every quantity's section, or every page, in two processes where there are two cores."""
    global _RENDERING
    _RENDERING = (views, pages, titles, where, name, output)
    try:
        count = len(views) if output is None else len(pages)
        workers = min(2, os.cpu_count() or 1)
        if workers < 2 or len(views) < PARALLEL_FROM or count < 2:
            return _render_part(range(count))
        # Halves by claims, not by pages: one event's page may hold most of them.
        sizes = [len(v.entries) for v in views] if output is None else \
            [sum(len(v.entries) for v in p.views) for p in pages]
        half, running, total = 0, 0, sum(sizes)
        while half < count - 1 and running + sizes[half] <= total / 2:
            running += sizes[half]
            half += 1
        half = max(half, 1)
        with multiprocessing.get_context("fork").Pool(1) as pool:
            first = pool.apply_async(_render_part, (range(half),))
            rest = _render_part(range(half, count))
            return first.get() + rest
    finally:
        _RENDERING = ()


def write_report(ledger: str | Path | sqlite3.Connection, output: str | Path = "report.html", *,
                 quantity_ids: Sequence[str] | None = None, pages: str = "auto") -> ReportResult:
    """Write the report of a ledger to `output` (and, split, the quantity
    pages beside it). `pages`: "one" file, "split" into one page per
    event (above), or "auto": split beyond SINGLE_PAGE_CLAIMS claims."""
    if pages not in PAGES:
        raise ValueError(f"pages must be one of {', '.join(PAGES)}")
    conn = ledger if isinstance(ledger, sqlite3.Connection) else open_ledger(ledger)
    name = Path(ledger).name if not isinstance(ledger, sqlite3.Connection) else "ledger"
    views, all_conflicts = gather(
        conn, quantity_ids, path=None if isinstance(ledger, sqlite3.Connection) else ledger)
    titles, totals = document_titles(conn), _totals(conn)
    claims = sum(len(v.entries) for v in views)
    split = pages == "split" or (pages == "auto" and claims > SINGLE_PAGE_CLAIMS)
    output = Path(output)
    folder = output.with_name(output.stem + "-quantities")
    split_pages: list[Page] = []
    if split:
        folder.mkdir(parents=True, exist_ok=True)
        split_pages = paginate(views, folder.name, event_labels(conn), SINGLE_PAGE_CLAIMS)
    where = {e.claim.id: view.page for view in views for e in view.entries}
    overview = overview_html(views, name, totals, all_conflicts)
    files = [output]
    if split:
        output.write_text(_page(f"Claims ledger: {name}", overview), encoding="utf-8")
        files.extend(output.parent / page.name for page in split_pages)
        _render(views, split_pages, titles, where, name, output)
    else:
        parts = _render(views, [], titles, where, name, None)
        output.write_text(_page(f"Claims ledger: {name}", overview + "".join(parts)), encoding="utf-8")
    return ReportResult(files=files, quantities=len(views), claims=claims,
                        conflicts=len(all_conflicts))
