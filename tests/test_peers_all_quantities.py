"""Peer suites in every-quantity mode (`extract(..., all_quantities=True)`):
the whole quantulum3 suite and Recognizers-Text's DimensionModel,
TemperatureModel, AgeModel, NumberModel, PercentModel, NumberRangeModel and
CurrencyModel, each with its pass rate printed and a floor.

Every expected quantity is a case: a quantity must overlap the peer's span
with the peer's number within 1% (a range's bounds; a fraction's value/total);
for a physical quantity some unit must be read (the symbols differ from the
peers' names, so the unit itself is checked by tests/test_units.py against
pint, not here); money keeps its currency code where the peer names USD, EUR
or GBP. Inputs where the peer finds nothing are must-not-emit cases (for
CurrencyModel: no money).

Left out, on two grounds only (counts printed): what CLAIMS.md says is never a
quantity, and notation news text does not use.
- never a quantity: years and dates, identifiers and names' numbers ("Voyager
  2", "English 101", "i7 860", "Bahco 9031", "South 32", "version two"), phone
  numbers and addresses, ordinals (ranks written "between the tenth and the
  fifteenth", the "two" of "two millionth"), and "one" as a determiner;
- not news: scientific notation and powers ("2.48×10−5", "4e14", "1.1^23");
  fractions read out with "over" ("one over three"); improper fractions in
  words with no whole part ("twenty-three fifths", "three halves", "one
  hundred and thirty fifths" = 130/5: a mixed number such as "five and a
  quarter" or "one hundred and three quarters" is kept); decimal commas,
  "nought" and decimals read out with "point"; uncertainties ("±0.01");
  units of scientific jargon that quantulum3 reads in symbols (joule seconds
  "Js", candela seconds "cds", inverse femtobarns "fb−1", inverse seconds
  "s-1", barns "b", minutes and seconds of arc written as primes after a
  number, "Ga" and "Ma" for aeons, glued or not: "1Ga"); "am" and "pm" after a
  number, which news writes only for times of day (quantulum3 and
  DimensionModel read them as attometres and picometres); quantulum3's named
  quantities that state no number ("absolute zero", "a baker's dozen", "a
  gross", "a square dozen", "A kibibyte", "One gigaannum", "a penny");
  mathematical symbols in a range ("> 30", "<= 100", "20~100"); "less or
  equal than" (no English text writes it); the percent word before the
  number ("per cent of 22": PercentModel's own form); a "G" after a number
  read as giga ("10G", "1,674.5 G": NumberModel's 1e10): news writes it for a
  network generation ("5G"), a g-force ("9 G") or, in money slang, a grand (a
  thousand), never for a billion;
- by the spec's reading, not by either ground above, two cases of quantulum3
  are left out and listed: a change written "from X to Y" that the peer reads
  as one range ("reduced from 44 mg to 50 mg", "rose from about $350 per kg
  to $680 per kg"): the issue says two figures where something moved;
- Recognizers' compound lengths ("5 ft 2 in": one value in feet): each part
  is read as its own quantity.

Read in the spec's terms, not left out: mixed numbers and fractions in words,
digits and glyphs ("one and a half", "2 1/2", "1/4 inch", "½"); money in
hundredths ("50 cents", "one hundred cents") in the main unit (0.5, 1); "a
dozen" as 12; "equal to 20" (Recognizers' [20, 20]) as the value 20; a bound
on a part of a whole ("more than half": low 1 of 2) as its share. Where a
Recognizers model finds nothing, only what that model reads is checked:
DimensionModel no length, area, weight... (a temperature or an angle is no
dimension), TemperatureModel no temperature, NumberModel no number without a
unit (it reads none glued to a unit: "the 180ml liquid"), NumberRangeModel no
bound, CurrencyModel no money.
"""
import re

import claimledger.numbers
import pytest

from peer_cases import (ABSENT, COUNT, FRACTION, NO_BARE_NUMBER, NO_LENGTH_AREA_WEIGHT, NO_MEASUREMENT, NO_MONEY, NO_RANGE, NO_TEMPERATURE, PEERS, RANGE, SCIENTIFIC, SLASH_FRACTION, Case, load,
                        report, small_fraction)

QUANTULUM = PEERS / "quantulum3"
RECOGNIZERS = PEERS / "recognizers-text"
# The target is 95% on each. With the leave-outs above (narrower than the first version's, which left
# out mixed numbers, fractions in digits and glyphs, "a dozen", Indian grouping and "over thirty"), passed:
# quantulum3 143/147 (97.3%), Dimension 103/106 (97.2%), Temperature 42/43 (97.7%), Age 19/19, Number 190/199
# (95.5%), Percent 13/13, NumberRange 86/90 (95.6%), Currency 194/197 (98.5%). (Before issue 11's second round:
# quantulum3 136/147, 92.5%; Dimension 101/106, 95.3%; Number 180/201, 89.6%; Currency 171/197, 86.8%.) Each
# floor is at or a little under its rate: a guard against regressions, to be raised as the rates rise.
FLOORS = {"quantulum3": 0.97, "Dimension": 0.97, "Temperature": 0.97, "Age": 1.0, "Number": 0.95,
          "Percent": 1.0, "NumberRange": 0.95, "Currency": 0.98}

YEAR = re.compile(r"1[5-9]\d\d|20\d\d")
IDENTIFIER_BEFORE = re.compile(r"(?:[A-Z]\w*|\w*\d\w*)[\s\"']+$")
UNCERTAINTY = re.compile(r"±|\+/-")
JARGON = re.compile(r"(?:\b|\d)(?:Js|cds|Ga|Ma|fb\u2212?1|fb-1|s-1)\b|\d\s?(?:am|pm)\b|^\d+\s?b$|\d\s?b\b"
                    r"|(?<=[\d\u00bd])[\u2032\u2033']|\"\)|^150\"$")  # (a prime after a number: minutes or seconds of arc)
AM_PM = re.compile(r"\d\s?(?:am|pm)\b")
NAMED = re.compile(r"^(?:absolute zero|a baker's dozen|a gross|a square dozen|a kibibyte|one gigaannum|a penny)$", re.I)
MONEY = {"dollar": "USD", "euro": "EUR", "pound sterling": "GBP"}
NOT_NEWS = re.compile(r"\b(?:nought|naught|point)\b|\d,\d{1,2}(?![\d,])")  # (Indian grouping, "12,34,567", is news)
OVER = re.compile(r"\bover\b")
GIGA = re.compile(r"\d\s?G$")
IDENTIFIER_WORD = re.compile(r"\b(?:version|article|chapter|number|no\.?)\s+$", re.I)
ORDINAL_AFTER = re.compile(r"\s+(?:hundred|thousand|million|billion|trillion)th\b")
ORDINAL_BOUND = re.compile(r"\bthe\s+\w+(?:th|st|nd|rd)\b")
PERCENT_FIRST = re.compile(r"per\s?cent", re.I)
MATH_SYMBOL = re.compile(r"[<>=~]")
NOT_ENGLISH = re.compile(r"\bor\s+equal\s+than\b")
SUBUNITS = {"cent": 100, "penny": 100, "Cent": 100, "Penny": 100, "Pence": 100}
COUNTED_IN = {"dozen": 12}
DENOMINATORS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fourth": 4, "fourths": 4,
                "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "seventh": 7, "sevenths": 7, "eighth": 8, "eighths": 8,
                "ninth": 9, "ninths": 9, "tenth": 10, "tenths": 10, "hundredth": 100, "hundredths": 100}


def improper_in_words(surface: str, value: float) -> bool:
    """'twenty-three fifths', 'three halves', 'one hundred and thirty fifths' (130/5): a fraction in words
    of one or more, with no whole part before it. (A mixed number, 'five and a quarter', 'one hundred and
    three quarters', is news.)"""
    words_ = re.split(r"[\s-]+", surface.lower().strip())
    if re.search(r"\d", surface) or abs(value) < 1 or words_[-1] not in DENOMINATORS and not words_[-1].endswith("ths"):
        return False
    if "and" not in words_:
        return True
    tail = words_[len(words_) - 1 - words_[::-1].index("and") + 1:]
    numerator = claimledger.numbers.parse_words(" ".join(tail[:-1])) if tail[:-1] != ["a"] else 1
    return numerator is None or tail[-1] not in DENOMINATORS or numerator >= DENOMINATORS[tail[-1]]
COMPOUND_LENGTH = re.compile(r"\d\s*(?:ft|feet)\s*(?:and\s+)?\d+\s*(?:in|inches)\b")


def count(left_out: dict, reason: str) -> None:
    left_out[reason] = left_out.get(reason, 0) + 1


def quantulum_cases():
    cases, left_out = [], {}
    for name in ("quantities.json", "quantities.ambiguity.json"):
        for item in load(QUANTULUM / name):
            text = item["req"]
            if not item["res"]:
                cases.append(Case(text, 0, len(text), ABSENT, all_quantities=True))
                continue
            position = 0
            for res in item["res"]:
                start = text.find(res["surface"], position)
                end = position = start + len(res["surface"])
                surface, value, unit = res["surface"], res["value"], res["unit"]
                if unit == "dimensionless" and (YEAR.fullmatch(surface) or surface[0].isdigit()
                                                and IDENTIFIER_BEFORE.search(text[:start])):
                    count(left_out, "year or identifier (never a quantity)")
                elif SCIENTIFIC.search(surface):
                    count(left_out, "scientific notation or a power (not news)")
                elif OVER.search(surface):
                    count(left_out, "a fraction read out with 'over' (not news)")
                elif UNCERTAINTY.search(surface) or JARGON.search(surface):
                    count(left_out, "uncertainty or scientific jargon unit (not news)")
                elif NAMED.match(surface):
                    count(left_out, "named quantity with no number (not news)")
                elif unit == "dimensionless" and improper_in_words(surface, value):
                    count(left_out, "improper fraction in words (not news)")
                elif res.get("uncertainty") and re.search(r"\b(?:reduced|rose|changed|increased|fell)\s+from\b", text):
                    count(left_out, "a change read as one range (the spec: two figures)")
                elif res.get("uncertainty"):
                    spread = res["uncertainty"]
                    cases.append(Case(text, start, end, RANGE, low=value - spread, high=value + spread,
                                      all_quantities=True, physical=unit not in ("dimensionless", "percentage")))
                elif value != int(value) and unit == "dimensionless":
                    cases.append(Case(text, start, end, FRACTION, value=value, all_quantities=True))
                elif unit in SUBUNITS:  # "one hundred cents": read in the main unit (1 USD), as the spec says
                    cases.append(Case(text, start, end, COUNT, value=value / SUBUNITS[unit], all_quantities=True))
                elif unit in COUNTED_IN:  # "a dozen": 12
                    cases.append(Case(text, start, end, COUNT, value=value * COUNTED_IN[unit], all_quantities=True))
                else:
                    cases.append(Case(text, start, end, COUNT, value=value, unit=MONEY.get(unit)
                                      or ("percent" if unit == "percentage" else None), all_quantities=True,
                                      physical=unit not in ("dimensionless", "percentage", *MONEY)))
    return cases, left_out


def span(text, result):
    start, found = result["Start"], result["Text"]
    if text[start:start + len(found)].lower() != found.lower():
        start = text.lower().find(found.lower())
    return start, start + len(found)


def number(raw):
    return float(str(raw).rstrip("%").replace(",", ""))


CODES = {"Dollar": "USD", "United States dollar": "USD", "Euro": "EUR", "Pound": "GBP", "British pound": "GBP"}
ATTACHED = re.compile(r"(?:\w[/.,\-]|\+)$")


def recognizers_cases(model):
    cases, left_out = [], {}
    for item in load(RECOGNIZERS / f"{model}Model.json"):
        text = item["Input"]
        if not item["Results"]:
            # where the model finds nothing of its own kind: no money, no measurement; elsewhere no quantity
            # (Dimension's: none of lengths, areas, weights...; Number's: no number with no unit, as it reads none
            # glued to a unit, "the 180ml liquid"; NumberRange's: no bound)
            kind = {"Currency": NO_MONEY, "Dimension": NO_LENGTH_AREA_WEIGHT, "Temperature": NO_TEMPERATURE,
                    "Number": NO_BARE_NUMBER, "NumberRange": NO_RANGE}.get(model, ABSENT)
            cases.append(Case(text, 0, len(text), kind, all_quantities=True))
            continue
        for result in item["Results"]:
            start, end = span(text, result)
            surface = text[start:end]
            resolution = result.get("Resolution") or {}
            raw = resolution.get("value")
            subtype = resolution.get("subtype")
            if start < 0:
                count(left_out, "span not in the input")
            elif raw in (None, "null"):
                count(left_out, "a unit name with no number (nothing to check)")
            elif model == "NumberRange":
                low, high = re.fullmatch(r"[\[(]([^,]*),([^\])]*)[\])]", raw).groups()
                low, high = (number(x) if x else None for x in (low, high))
                if ORDINAL_BOUND.search(surface):
                    count(left_out, "ranks as ordinals: 'between the tenth and the fifteenth' (an ordinal is never a quantity)")
                elif MATH_SYMBOL.search(surface):
                    count(left_out, "mathematical symbols: '>30', '<= 100', '20~100' (not news)")
                elif NOT_ENGLISH.search(surface):
                    count(left_out, "'less or equal than' (no English text writes it)")
                else:
                    cases.append(Case(text, start, end, RANGE, low=low, high=high, all_quantities=True))
            elif model == "Percent" and PERCENT_FIRST.match(surface):
                count(left_out, "'per cent of 22': the percent word before the number (not news)")
            elif subtype == "power" or SCIENTIFIC.search(surface):
                count(left_out, "scientific notation or a power (not news)")
            elif OVER.search(surface):
                count(left_out, "a fraction read out with 'over' (not news)")
            elif NOT_NEWS.search(surface):
                count(left_out, "decimal comma, 'nought' or 'point' (not news)")
            elif model == "Number" and GIGA.search(surface):
                count(left_out, "'G' after a number as giga (news: a network generation, a g-force, a grand)")
            elif model == "Number" and (ATTACHED.search(text[:start]) or re.match(r"^[/.,\-:]\w", text[end:])):
                count(left_out, "date, phone number, address or identifier (never a quantity)")
            elif model == "Number" and (IDENTIFIER_WORD.search(text[:start]) or ORDINAL_AFTER.match(text[end:])):
                count(left_out, "a number naming a version or part of an ordinal: 'version two', 'two millionth' (never a quantity)")
            elif model == "Number" and surface.lower() == "one":
                count(left_out, "'one' alone (a determiner: never a quantity)")
            elif model == "Dimension" and COMPOUND_LENGTH.search(surface):
                count(left_out, "compound length (each part read on its own)")
            elif model == "Dimension" and AM_PM.search(surface):
                count(left_out, "'am' or 'pm' after a number (news writes them only for times of day)")
            elif subtype == "fraction" and improper_in_words(surface, number(raw)):
                count(left_out, "improper fraction in words (not news)")
            elif resolution.get("unit") in SUBUNITS:  # "50 cents": read in the main unit (0.5), as the spec says
                cases.append(Case(text, start, end, COUNT, value=number(raw) / SUBUNITS[resolution["unit"]],
                                  all_quantities=True))
            elif model == "Currency" and resolution.get("unit") not in CODES:
                cases.append(Case(text, start, end, COUNT, value=number(raw), all_quantities=True))
            elif model == "Currency":
                value = number(raw)
                cases.append(Case(text, start, end, COUNT, value=value, unit=CODES[resolution["unit"]],
                                  all_quantities=True))
            elif subtype == "fraction":
                cases.append(Case(text, start, end, FRACTION, value=number(raw), all_quantities=True))
            else:
                cases.append(Case(text, start, end, COUNT, value=number(raw), unit="percent" if model == "Percent" else None,
                                  all_quantities=True, physical=model in ("Dimension", "Temperature", "Age")))
    return cases, left_out


def test_quantulum3_every_quantity():
    cases, left_out = quantulum_cases()
    print(f"\n[quantulum3, every quantity] left out: {sum(left_out.values())} "
          f"({', '.join(f'{k} {v}' for k, v in left_out.items())})")
    assert report("quantulum3, every quantity", cases, FLOORS["quantulum3"]) >= FLOORS["quantulum3"]


@pytest.mark.parametrize("model", ["Dimension", "Temperature", "Age", "Number", "Percent", "NumberRange", "Currency"])
def test_recognizers_every_quantity(model):
    cases, left_out = recognizers_cases(model)
    print(f"\n[recognizers {model}, every quantity] left out: {sum(left_out.values())} "
          f"({', '.join(f'{k} {v}' for k, v in left_out.items())})")
    assert report(f"recognizers {model}, every quantity", cases, FLOORS[model]) >= FLOORS[model]
