"""A quantity's timeline as a small static SVG: claims by the time they hold
for, one colour per source, the fused low / best / high band per period.

Drawn here rather than by a charting library: the report draws one chart per
quantity, and a 100,000-claim ledger has hundreds of quantities. Vega-Lite
rendered by vl-convert costs 45-165 ms per chart whatever its size (measured
here; its JavaScript engine's fixed cost), about a minute for such a ledger;
this module draws the same chart in a few milliseconds. The SVG needs no
script and no font of its own, and every piece of text in it goes through
`escape` (the names of sources come from articles).

How each claim is drawn (`Mark.shape`):

- a stated figure: a filled dot; an approximate one ("about 120,000"): a ring;
- a range ("300,000-400,000"): a bar from its low to its high end;
- "at least 40,000": a triangle pointing up; "up to 1,900": pointing down;
- a figure for one period or event ("in a strike yesterday"): a square;
- a disputed figure: its mark crossed out in red;
- a claim dated only by its month or year: a thin line across that month or
  year, with the mark at its middle;
- projections: drawn in a panel of their own below the reported figures;
- the fused band: a grey box per period from low to high, with a line at best.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from html import escape as _html_escape

# Tableau 10: distinct, readable on white, and friendly to the common kinds
# of colour blindness in its first few colours.
PALETTE = ("#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#e15759", "#76b7b2", "#edc948",
           "#9c755f", "#ff9da7")
OTHER_COLOUR = "#9a9a9a"
DISPUTED_COLOUR = "#d62728"
UNBOUNDED = 1e300  # as quantities.UNBOUNDED: "at least" has no upper end

WIDTH, MAIN_HEIGHT, PROJECTED_HEIGHT = 760, 270, 110
LEFT, RIGHT, TOP, BOTTOM, GAP = 64, 16, 14, 28, 34


def escape(text: object) -> str:
    """Text for SVG or HTML, quotes included (most text needs nothing: it is
    returned as it is, a report escapes a million pieces of text)."""
    s = text if type(text) is str else str(text)
    if "&" in s or "<" in s or ">" in s or '"' in s or "'" in s:
        return _html_escape(s, quote=True)
    return s


def date_span(at: str | None) -> tuple[int, int] | None:
    """The days (proleptic ordinals) a time covers: a day, a month or a year."""
    if not at:
        return None
    try:
        year = int(at[:4])
        if len(at) >= 10:
            day = date(year, int(at[5:7]), int(at[8:10])).toordinal()
            return day, day
        if len(at) >= 7:
            month = int(at[5:7])
            first = date(year, month, 1).toordinal()
            following = date(year + month // 12, month % 12 + 1, 1).toordinal()
            return first, following - 1
        return date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal()
    except ValueError:
        return None


@dataclass(slots=True)
class Mark:
    """One claim as drawn."""

    span: tuple[int, int]  # days it holds for
    lo: float  # its interval; lo == hi for a single figure
    hi: float
    shape: str  # dot, ring, range, at-least, up-to, period
    colour: str
    disputed: bool = False
    projected: bool = False
    title: str = ""  # the tooltip: who, what, when
    anchor: str = ""  # the id of the claim's row in the report's table


@dataclass(slots=True)
class Band:
    span: tuple[int, int]
    low: float
    best: float
    high: float
    title: str = ""


@dataclass
class Chart:
    marks: list[Mark] = field(default_factory=list)
    bands: list[Band] = field(default_factory=list)
    title: str = ""  # the chart's accessible name


# --- scales -------------------------------------------------------------------

class _Linear:
    def __init__(self, lo: float, hi: float, out_lo: float, out_hi: float) -> None:
        if hi <= lo:
            hi = lo + 1
        self.lo, self.hi, self.out_lo, self.out_hi = lo, hi, out_lo, out_hi

    def __call__(self, x: float) -> float:
        x = min(max(x, self.lo), self.hi)
        return self.out_lo + (x - self.lo) / (self.hi - self.lo) * (self.out_hi - self.out_lo)


class _Log(_Linear):
    def __init__(self, lo: float, hi: float, out_lo: float, out_hi: float) -> None:
        super().__init__(math.log10(lo), math.log10(hi), out_lo, out_hi)
        self.floor = lo

    def __call__(self, x: float) -> float:
        return super().__call__(math.log10(max(x, self.floor)))


def nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """Round tick values (1, 2 or 5 times a power of ten) from lo to hi."""
    if hi <= lo:
        return [lo]
    raw = (hi - lo) / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first = math.floor(lo / step) * step
    ticks, tick = [], first
    while tick <= hi + step * 1e-9:
        if tick >= lo - step * 1e-9:
            ticks.append(round(tick, 10))
        tick += step
    return ticks


def log_ticks(lo: float, hi: float) -> list[float]:
    """Powers of ten between lo and hi, with 2 and 5 times them over few decades."""
    first, last = math.floor(math.log10(lo)), math.ceil(math.log10(hi))
    multiples = (1, 2, 5) if last - first <= 3 else (1,)
    return [m * 10 ** e for e in range(first, last + 1) for m in multiples if lo <= m * 10 ** e <= hi]


def short_number(x: float) -> str:
    """Axis labels: 950, 1.2k, 31k, 1.5M, 2B."""
    for size, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(x) >= size:
            text = f"{x / size:.1f}".rstrip("0").rstrip(".")
            return text + suffix
    return f"{x:.2f}".rstrip("0").rstrip(".") if x != int(x) else str(int(x))


def time_ticks(first: int, last: int) -> list[tuple[int, str]]:
    """(day, label) ticks: years, quarters, months or days, whichever fit 3-12 ticks."""
    start, end = date.fromordinal(first), date.fromordinal(last)
    years = end.year - start.year
    if years >= 3:
        step = max(1, math.ceil((years + 1) / 10))
        return [(date(y, 1, 1).toordinal(), str(y)) for y in range(start.year, end.year + 2, step)
                if first <= date(y, 1, 1).toordinal() <= last]
    months = years * 12 + end.month - start.month
    if months >= 2:
        step = 1 if months <= 10 else 3 if months <= 30 else 6
        ticks, y, m = [], start.year, start.month
        while (y, m) <= (end.year, end.month):
            day = date(y, m, 1).toordinal()
            if first <= day <= last and (m - 1) % step == 0:
                ticks.append((day, f"{y}" if m == 1 else f"{y}-{m:02d}"))
            m += 1
            if m > 12:
                y, m = y + 1, 1
        return ticks
    span = max(1, last - first)
    step = max(1, math.ceil(span / 8))
    return [(d, date.fromordinal(d).isoformat()) for d in range(first, last + 1, step)]


# --- drawing ------------------------------------------------------------------

def _f(x: float) -> str:
    return f"{x:.1f}"


def _y_scale(values: Sequence[float], top: float, bottom: float) -> tuple[_Linear, list[float], bool]:
    """A log scale when the figures differ by a factor of 20 or more (war tolls
    differ by factors, not amounts), else linear from zero."""
    positive = [v for v in values if v > 0]
    lo, hi = (min(positive), max(positive)) if positive else (0.0, 1.0)
    if positive and hi / lo >= 20:
        lo, hi = 10 ** math.floor(math.log10(lo)), 10 ** math.ceil(math.log10(hi))
        return _Log(lo, hi, bottom, top), log_ticks(lo, hi), True
    hi = max(hi, max(values, default=1.0), 1e-9)
    low = min(0.0, min(values, default=0.0))
    ticks = nice_ticks(low, hi)
    if ticks and ticks[-1] < hi:
        ticks.append(ticks[-1] + (ticks[-1] - ticks[-2] if len(ticks) > 1 else hi))
    return _Linear(low, ticks[-1] if ticks else hi, bottom, top), ticks, False


def _finite_values(marks: Iterable[Mark], bands: Iterable[Band]) -> list[float]:
    values = []
    for m in marks:
        values.append(m.lo)
        if m.hi < UNBOUNDED:
            values.append(m.hi)
    for b in bands:
        values.extend((b.low, b.best, b.high))
    return [v for v in values if v is not None and math.isfinite(v) and abs(v) < UNBOUNDED]


def _mark_svg(m: Mark, x: _Linear, y: _Linear, out: list[str]) -> None:
    x0, x1 = x(m.span[0]), x(m.span[1] + 1)
    cx = (x0 + x1) / 2
    hi = m.hi if m.hi < UNBOUNDED else m.lo
    y_lo, y_hi = y(m.lo), y(hi)
    cy = (y_lo + y_hi) / 2 if m.shape == "range" else y(m.lo if m.shape != "up-to" else hi)
    c = m.colour
    parts = []
    if x1 - x0 > 6:  # dated only by a month or a year: the time it covers
        parts.append(f'<line x1="{_f(x0)}" x2="{_f(x1)}" y1="{_f(cy)}" y2="{_f(cy)}" '
                     f'stroke="{c}" stroke-width="1.5" stroke-opacity="0.55"/>')
    if m.shape == "range":
        parts.append(f'<rect x="{_f(cx - 2.5)}" y="{_f(min(y_lo, y_hi))}" width="5" '
                     f'height="{_f(max(2.0, abs(y_lo - y_hi)))}" fill="{c}" fill-opacity="0.8"/>')
    elif m.shape == "at-least":
        parts.append(f'<path d="M{_f(cx)} {_f(cy - 6)}L{_f(cx + 5.5)} {_f(cy + 4)}L{_f(cx - 5.5)} '
                     f'{_f(cy + 4)}Z" fill="{c}"/>')
    elif m.shape == "up-to":
        parts.append(f'<path d="M{_f(cx)} {_f(cy + 6)}L{_f(cx + 5.5)} {_f(cy - 4)}L{_f(cx - 5.5)} '
                     f'{_f(cy - 4)}Z" fill="{c}"/>')
    elif m.shape == "period":
        parts.append(f'<rect x="{_f(cx - 4)}" y="{_f(cy - 4)}" width="8" height="8" fill="{c}"/>')
    elif m.shape == "ring":
        parts.append(f'<circle cx="{_f(cx)}" cy="{_f(cy)}" r="4.5" fill="#fff" stroke="{c}" '
                     f'stroke-width="2"/>')
    else:
        parts.append(f'<circle cx="{_f(cx)}" cy="{_f(cy)}" r="4.5" fill="{c}"/>')
    if m.disputed:
        parts.append(f'<path d="M{_f(cx - 6)} {_f(cy - 6)}L{_f(cx + 6)} {_f(cy + 6)}M{_f(cx + 6)} '
                     f'{_f(cy - 6)}L{_f(cx - 6)} {_f(cy + 6)}" stroke="{DISPUTED_COLOUR}" '
                     f'stroke-width="2"/>')
    title = f"<title>{escape(m.title)}</title>" if m.title else ""
    body = "".join(parts)
    if m.anchor:
        out.append(f'<a href="#{m.anchor}" class="mark">{title}{body}</a>')  # c<id>: no escaping needed
    else:
        out.append(f'<g class="mark">{title}{body}</g>')


def _panel(marks: list[Mark], bands: list[Band], x: _Linear, ticks: list[tuple[int, str]],
           top: float, height: float, label: str | None, out: list[str]) -> None:
    bottom = top + height
    y, y_ticks, is_log = _y_scale(_finite_values(marks, bands), top, bottom)
    out.append(f'<g class="panel{" projected" if label else ""}">')
    if label:
        out.append(f'<text x="{LEFT}" y="{_f(top - 6)}" class="panel-label">{escape(label)}</text>')
    for value in y_ticks:
        ty = y(value)
        out.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{_f(ty)}" y2="{_f(ty)}" class="grid"/>'
                   f'<text x="{LEFT - 6}" y="{_f(ty + 4)}" text-anchor="end">{escape(short_number(value))}</text>')
    for day, _ in ticks:
        out.append(f'<line x1="{_f(x(day))}" x2="{_f(x(day))}" y1="{_f(top)}" y2="{_f(bottom)}" class="grid"/>')
    out.append(f'<rect x="{LEFT}" y="{_f(top)}" width="{WIDTH - LEFT - RIGHT}" height="{_f(height)}" '
               f'class="frame"/>')
    if is_log:
        out.append(f'<text x="{LEFT - 6}" y="{_f(top - 4)}" text-anchor="end" class="note">log</text>')
    for band in bands:
        x0, x1 = x(band.span[0]), x(band.span[1] + 1)
        y0, y1 = y(band.high), y(band.low)
        title = f"<title>{escape(band.title)}</title>" if band.title else ""
        out.append(f'<g class="band">{title}<rect x="{_f(x0)}" y="{_f(y0)}" width="{_f(max(1.0, x1 - x0))}" '
                   f'height="{_f(max(1.0, y1 - y0))}"/><line x1="{_f(x0)}" x2="{_f(x1)}" '
                   f'y1="{_f(y(band.best))}" y2="{_f(y(band.best))}"/></g>')
    for mark in marks:
        _mark_svg(mark, x, y, out)
    out.append("</g>")


_STYLE = ("text{font:11px sans-serif;fill:#333}.grid{stroke:#e6e6e6}.frame{fill:none;stroke:#bbb}"
          ".band rect{fill:#888;fill-opacity:.18}.band line{stroke:#555;stroke-width:2}"
          ".panel-label{font-weight:bold}.note{fill:#888;font-size:10px}")


def render(chart: Chart) -> str:
    """The chart as an SVG element (to inline in HTML), or "" when nothing has a time."""
    reported = [m for m in chart.marks if not m.projected]
    projected = [m for m in chart.marks if m.projected]
    spans = [m.span for m in chart.marks] + [b.span for b in chart.bands]
    if not spans:
        return ""
    first, last = min(s[0] for s in spans), max(s[1] for s in spans) + 1
    pad = max(3, (last - first) // 30)
    first, last = first - pad, last + pad
    x = _Linear(first, last, LEFT, WIDTH - RIGHT)
    ticks = time_ticks(first, last)
    height = TOP + MAIN_HEIGHT + BOTTOM + ((GAP + PROJECTED_HEIGHT) if projected else 0)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline" width="{WIDTH}" '
           f'height="{height}" viewBox="0 0 {WIDTH} {height}" role="img" '
           f'aria-label="{escape(chart.title)}"><style>{_STYLE}</style>']
    _panel(reported, chart.bands, x, ticks, TOP, MAIN_HEIGHT, None, out)
    axis_y = TOP + MAIN_HEIGHT
    if projected:
        proj_top = axis_y + GAP
        _panel(projected, [], x, ticks, proj_top, PROJECTED_HEIGHT,
               "projected (not in the band)", out)
        axis_y = proj_top + PROJECTED_HEIGHT
    for day, label in ticks:
        out.append(f'<text x="{_f(x(day))}" y="{_f(axis_y + 16)}" text-anchor="middle">{escape(label)}</text>')
    out.append("</svg>")
    return "".join(out)


def legend_svg(shape: str, colour: str = "#555", disputed: bool = False) -> str:
    """A small SVG of one mark, for the report's key."""
    m = Mark(span=(0, 0), lo=1.0, hi=2.0 if shape == "range" else 1.0, shape=shape, colour=colour,
             disputed=disputed)
    out: list[str] = []
    x = _Linear(-1, 2, 0, 22)
    y = _Linear(0.5, 2.5, 18, 2) if shape == "range" else _Linear(0, 2, 18, 2)
    _mark_svg(m, x, y, out)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="22" height="20" viewBox="0 0 22 20" '
            f'aria-hidden="true">{"".join(out)}</svg>')
