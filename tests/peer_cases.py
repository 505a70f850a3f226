"""What the peer conformance tests share: where the data is, the case record,
and the check of one case against claimledger's claims.

A case is one expected figure (or one span where nothing may be emitted) in
one input text. `check()` runs against the claims of that text and gives None
when the case passes, else the reason it fails. Numbers match within 1%, as in
the scorer.
"""
from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import claimledger
from claimledger.figures import DIMENSION

SHARED = Path(__file__).parents[1].parent / "shared"
PEERS = SHARED / "peers"

# kinds of case
COUNT = "count"          # one stated number (with `unit` checked when given)
FRACTION = "fraction"    # a part of a whole: value/total must give the number
RANGE = "range"          # bounds: `low` and/or `high`
ABSENT = "absent"        # no claim may overlap the span (must-not-emit)
NO_MONEY = "no-money"    # no claim with a currency unit may overlap the span
NO_MEASUREMENT = "no-measurement"  # no physical measurement may overlap the span
NO_LENGTH_AREA_WEIGHT = "no-dimension"  # no measurement of what DimensionModel reads (not temperatures, not angles)
NO_BARE_NUMBER = "no-bare-number"  # no quantity without a unit (NumberModel reads no number glued to a unit: "180ml")
NO_RANGE = "no-range"    # no quantity with a bound
NO_TEMPERATURE = "no-temperature"  # no temperature (an angle in degrees is none)

CURRENCIES = {"USD", "EUR", "GBP", "RUB", "UAH"}


def load(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Case:
    text: str
    start: int
    end: int
    kind: str
    value: float | None = None
    low: float | None = None
    high: float | None = None
    unit: str | None = None
    all_quantities: bool = False   # checked against `extract(..., all_quantities=True)`
    physical: bool = False         # a physical quantity: some unit must be read

    @property
    def surface(self) -> str:
        return self.text[self.start:self.end]

    def expected(self) -> str:
        if self.kind == RANGE:
            shown = f"low={fmt(self.low)} high={fmt(self.high)}"
        elif self.kind in (ABSENT, NO_MONEY, NO_MEASUREMENT, NO_LENGTH_AREA_WEIGHT, NO_BARE_NUMBER, NO_RANGE, NO_TEMPERATURE):
            shown = {ABSENT: "no claim", NO_MONEY: "no money claim", NO_BARE_NUMBER: "no number without a unit",
                     NO_RANGE: "no bound"}.get(self.kind, "no measurement")
        else:
            shown = f"{'value/total' if self.kind == FRACTION else 'value'}={fmt(self.value)}"
        return shown + (f" unit={self.unit}" if self.unit else "")


def fmt(x) -> str:
    return "-" if x is None else f"{x:g}"


def describe(claim) -> str:
    parts = [f"{claim.text!r}"]
    for name in ("value", "low", "high", "total", "unit"):
        if getattr(claim, name) is not None:
            value = getattr(claim, name)
            parts.append(f"{name}={fmt(value) if isinstance(value, (int, float)) else value}")
    return " ".join(parts)


def close(got, want) -> bool:
    if want is None:
        return True
    if not isinstance(got, (int, float)):
        return False
    return abs(got - want) <= 0.01 * abs(want) + 1e-9


@functools.lru_cache(maxsize=None)
def claims_of(text: str, all_quantities: bool = False):
    """The claims (or every quantity) of one input, or the exception extract raised on it."""
    try:
        return tuple(claimledger.extract(text, all_quantities=all_quantities))
    except Exception as error:  # a crash is a failure of that case, not of the run
        return error


def check(case: Case) -> str | None:
    """None if claimledger does what the case expects, else why not."""
    claims = claims_of(case.text, case.all_quantities)
    if isinstance(claims, Exception):
        return f"crash: {type(claims).__name__}: {claims}"
    over = [c for c in claims if c.start < case.end and case.start < c.end]
    if case.kind == NO_MONEY:
        over = [c for c in over if c.unit in CURRENCIES]
    if case.kind == NO_MEASUREMENT:
        over = [c for c in over if c.measure == "measurement"]
    if case.kind == NO_LENGTH_AREA_WEIGHT:
        over = [c for c in over if c.measure == "measurement" and DIMENSION.get(c.unit) not in ("temperature", "angle")]
    if case.kind == NO_TEMPERATURE:
        over = [c for c in over if DIMENSION.get(c.unit) == "temperature"]
    if case.kind == NO_BARE_NUMBER:
        over = [c for c in over if not c.unit]
    if case.kind == NO_RANGE:
        over = [c for c in over if c.low is not None or c.high is not None]
    if case.kind in (ABSENT, NO_MONEY, NO_MEASUREMENT, NO_LENGTH_AREA_WEIGHT, NO_BARE_NUMBER, NO_RANGE, NO_TEMPERATURE):
        return None if not over else "emitted: " + "; ".join(describe(c) for c in over)
    if not over:
        return "missed: no claim overlaps " + repr(case.surface)
    if case.kind == FRACTION:
        right = [c for c in over if close(ratio(c), case.value)]
    elif case.kind == RANGE:
        right = [c for c in over if close(c.low, case.low) and close(c.high, case.high)
                 or close(bound(c, "low"), case.low) and close(bound(c, "high"), case.high)
                 # "equal to 20" is the range [20, 20]: the stated value, with no bound of its own
                 or case.low is not None and case.low == case.high and c.low is None and c.high is None
                 and close(c.value, case.low)]
    else:  # a plain number may be a claim's value, a bound, the whole of a part, or a fraction's value ("a half turn")
        right = [c for c in over if any(close(x, case.value) for x in (c.value, c.low, c.high, c.total, ratio(c)))]
    if not right:
        return "wrong number: got " + "; ".join(describe(c) for c in over)
    if case.unit and not any(c.unit == case.unit for c in right):
        return "wrong unit: got " + "; ".join(describe(c) for c in right)
    if case.physical and not any(c.unit for c in right):
        return "no unit: got " + "; ".join(describe(c) for c in right)
    return None


def bound(claim, name):
    """A claim's bound; on a part of a whole, as a share of it ("more than half": low 1 of 2, 0.5)."""
    value = getattr(claim, name)
    return value / claim.total if value is not None and claim.total else value


def ratio(claim):
    if claim.value is None:
        return None
    return claim.value / claim.total if claim.total else claim.value


def small_fraction(value: float, max_denominator: int = 100) -> bool:
    """A proper fraction with a denominator of at most 100 (halves to hundredths)."""
    if not 0 < value < 1:
        return False
    return abs(float(Fraction(value).limit_denominator(max_denominator)) - value) < 1e-9 * value


def report(suite: str, cases: list[Case], floor: float) -> float:
    """Print the pass rate and the failing cases; give the rate."""
    failures = [(case, why) for case in cases if (why := check(case)) is not None]
    rate = 1 - len(failures) / len(cases) if cases else 1.0
    print(f"\n[{suite}] {len(cases) - len(failures)}/{len(cases)} passed: {rate:.1%} (floor {floor:.0%})")
    for case, why in failures:
        print(f"  FAIL {case.kind:<8} {case.surface!r} in {case.text[:70]!r}: expected {case.expected()}; {why}")
    return rate


# Rules shared by the suites for what is not in claimledger's scope -----------

# a number written in scientific notation or as a power
SCIENTIFIC = re.compile(r"\d\s*(?:[eE][+-]?\d|[x×]\s*10|\^)")
# a fraction written with a slash or a glyph, or read out with "over"
SLASH_FRACTION = re.compile(r"\d\s*/\s*\d|[½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞]|\bover\b")
# a duration: a number of time units
DURATION = re.compile(r"^\W*(?:years?|months?|weeks?|days?|hours?|minutes?|seconds?)\b", re.I)
# a number joined by a hyphen to the word it modifies ("6.0-sigma", "360-ish")
MODIFIER = re.compile(r"^-[A-Za-z]")
