"""Conformance with Microsoft Recognizers-Text's English specs
(../shared/peers/recognizers-text), one pass rate per model.

Every spec entry is read, whatever its `NotSupported` tag (that tag names the
Recognizers ports, JavaScript, Python or Java, that fail it; it says nothing
of the expected answer). Spans are Recognizers' `Start` and the length of
`Text` (their `End` is inclusive).

In scope, and checked: claimledger must emit a claim overlapping the expected
text with the same number within 1%:
- NumberModel: counts in digits, separators, scale words or abbreviations
  ("1,234,567", "2.33 k", "twenty-one trillion", "a dozen", "half million");
  word fractions as parts of a whole ("two thirds", "one out of three":
  value/total must give the fraction). Inputs with no number are
  must-not-emit (no claim at all).
- PercentModel: percentages, unit `percent`; a bare "percent" or "%" with no
  number must not become a claim, nor anything in a URL.
- NumberRangeModel: ranges and bounds in the spec's forms ("between X and Y",
  "from X to Y", "X-Y", "more than X", "up to X", "X or more"...): `low` and
  `high` must match the bounds of Recognizers' interval, open or closed.
- CurrencyModel: amounts in dollars, euros and pounds (Recognizers' "Dollar",
  "United States dollar", "Euro", "Pound", "British pound"), unit USD, EUR or
  GBP ("£" and "pounds" in English news are sterling). Inputs with no
  currency must not get a money claim.
- OrdinalModel: every ordinal, relative ones too ("11th", "twenty-first",
  "first class", "the next one"), is must-not-emit: no claim may overlap it.

Left out, by rule (each rule's count is printed with the pass rate):
- negative numbers ("-1", "minus five percent"): the spec has no sign;
- scientific notation and powers ("1.3e6", "1.1^23"); fractions written with a
  slash, a glyph or "over" ("3/4", "⅔", "one over three"), and bounds on a
  fraction ("more than half", "2 in 5 or more");
- word fractions that are neither a simple part (halves to hundredths, or "X
  out of/in Y") nor a part of a scale word ("half a million"): mixed numbers
  and improper fractions ("one and a half", "twenty fifths", "a trillionth");
- a number attached by "/", "-", ".", "," or "+" to other digits or a code:
  dates, phone numbers, IP addresses, identifiers ("5/17/2018", "SCP-173");
  a number after "nr."/"version": identifiers; the word "one" alone (the
  spec: "one" as a determiner is not a claim);
- decimal commas and Indian numbering ("1,3", "12,34,567.89", "13 lakh");
- forms that are not news English: "nought", decimals read out with "point",
  "dz"/"doz", "G" for giga, "MM" for million;
- durations ("3 years") and physical units ("45{kg)"); a numerator that
  Recognizers reads without its ordinal denominator ("two millionth");
- empty-result NumberModel inputs with a number glued to a unit abbreviation
  ("180ml", "29km", "1m": measurements, and "1m" is a million to the issue);
- ranges and bounds in other forms: two-sided comparisons ("more than 10 and
  less than 20"), "or equal", symbols ("<=", "~"), "through", verbs ("exceed"),
  equalities ("equals 20"), ordinals ("between the tenth and the fifteenth"),
  and ages ("over thirty years old");
- currencies other than the three above, subunits (cents, pence), currency
  names without an amount ("dollar"), and amounts with a subunit part
  ("3 dollars 50 cents", "15 dollars and 50");
- the percent word before the number ("percent of 10", "per cent of 210");
- ordinals that are the denominator of a fraction NumberModel reads in the
  same input ("forty two and a third").

Failing cases are printed by `pytest -s`; those failing when the floors were set are
listed, with what claimledger gave, in the comment under FLOORS. The
floors are a little under the pass rates reached then: a guard against regressions.
"""
import re

import pytest

from peer_cases import (ABSENT, COUNT, DURATION, FRACTION, NO_MONEY, PEERS, RANGE, SCIENTIFIC, SLASH_FRACTION,
                        Case, load, report, small_fraction)

HERE = PEERS / "recognizers-text"

FLOORS = {"Number": 0.66, "Percent": 0.84, "NumberRange": 0.85, "Currency": 0.74, "Ordinal": 0.90}
# passed on 2026-11-25: Number 99/144; Percent 13/15; NumberRange 34/39; Currency 100/130; Ordinal 49/53; each floor is a little under its rate
# Failing on 2026-11-25 (kind, surface, input: expected; what claimledger gave):
# Number:
#   count 'half a dozen' in ' half a dozen': expected value=6; wrong number: got 'a dozen' value=12
#   count '3 dozens' in ' 3 dozens': expected value=36; wrong number: got '3' value=3 unit=dozen; 'dozens' low=24 high=144 unit=dozen
#   count 'three dozens' in ' three dozens ': expected value=36; wrong number: got 'three' value=3 unit=dozen; 'dozens' low=24 high=144 unit=dozen
#   count 'three hundred and two dozens' in ' three hundred and two dozens': expected value=324; wrong number: got 'three hundred and two' value=302 unit=dozen; 'dozens' low=24 high...
#   count 'fifty - two' in 'fifty - two': expected value=52; wrong number: got 'fifty - two' low=2 high=50
#   fraction 'one eighth' in 'one eighth': expected value/total=0.125; missed: no claim overlaps 'one eighth'
#   fraction 'five eighths' in 'five eighths': expected value/total=0.625; wrong number: got 'five' value=5 unit=eighth
#   fraction 'a half' in 'a half': expected value/total=0.5; missed: no claim overlaps 'a half'
#   fraction 'a hundredth' in 'a hundredth': expected value/total=0.01; missed: no claim overlaps 'a hundredth'
#   count '1.2b' in '1.2b': expected value=1.2e+09; missed: no claim overlaps '1.2b'
#   fraction 'a fifth' in 'a fifth': expected value/total=0.2; missed: no claim overlaps 'a fifth'
#   fraction 'one fifth' in 'one fifth': expected value/total=0.2; missed: no claim overlaps 'one fifth'
#   fraction 'a twenty-first' in 'a twenty-first': expected value/total=0.047619; missed: no claim overlaps 'a twenty-first'
#   fraction 'one twenty-fifth' in 'one twenty-fifth': expected value/total=0.04; missed: no claim overlaps 'one twenty-fifth'
#   fraction 'three twenty-firsts' in 'three twenty-firsts': expected value/total=0.142857; missed: no claim overlaps 'three twenty-firsts'
#   fraction 'three twenty firsts' in 'three twenty firsts': expected value/total=0.142857; wrong number: got 'three twenty' value=23 unit=first
#   fraction 'twenty twenty fifths' in 'twenty twenty fifths': expected value/total=0.8; wrong number: got 'twenty twenty' value=40 unit=fifth
#   fraction 'one - fourth' in 'one - fourth': expected value/total=0.25; missed: no claim overlaps 'one - fourth'
#   fraction 'one-eighth' in 'one-eighth': expected value/total=0.125; missed: no claim overlaps 'one-eighth'
#   fraction 'five - eighths' in 'five - eighths': expected value/total=0.625; wrong number: got 'five' value=5
#   fraction 'five eighths' in 'five eighths of': expected value/total=0.625; wrong number: got 'five' value=5 unit=eighth
#   count '1 414 021 100' in "For now, China's population is 1 414 021 100.": expected value=1.41402e+09; wrong number: got '1 414 021' value=1.41402e+06; '100' value=100
#   count '1\u202f234\u202f567.89' in '1\u202f234\u202f567.89 is a valid number format.': expected value=1.23457e+06; wrong number: got '1\u202f234' value=1234; '567.89' value=567.89
#   count '10M' in 'I can give you 10M.': expected value=1e+07; missed: no claim overlaps '10M'
#   count '3 hundred and 21' in 'I can give you 3 hundred and 21 yuan.': expected value=321; wrong number: got '3 hundred' value=300; '21 yuan' value=21 unit=CNY
#   count '4 thousand 3 hundred and 21' in '4 thousand 3 hundred and 21 is a valid number.': expected value=4321; wrong number: got '4 thousand' value=4000; '3 hundred' value=300; '...
#   count '4 thousand 3 hundred' in '4 thousand 3 hundred and 0 are two valid numbers.': expected value=4300; wrong number: got '4 thousand' value=4000; '3 hundred' value=300
#   count '3 hundred and 21' in '4000 3 hundred and 21 are two valid numbers.': expected value=321; wrong number: got '3 hundred' value=300; '21' value=21
#   fraction 'half' in 'more than half people came here.': expected value/total=0.5; missed: no claim overlaps 'half'
#   count '2mil' in "2mil SEK can't buy you a big apartment anyome": expected value=2e+06; missed: no claim overlaps '2mil'
#   count 'half million' in ' half million': expected value=500000; wrong number: got 'million' value=1e+06
#   count 'quarter million' in ' quarter million': expected value=250000; wrong number: got 'million' value=1e+06
#   count 'two thirds of a million' in ' two thirds of a million': expected value=666667; wrong number: got 'two thirds' value=2 total=3; 'a million' value=1e+06
#   count '10 tln' in 'either 10 bln or 10 tln': expected value=1e+13; wrong number: got '10' value=10
#   count '1,674,200.5 M' in '1,674,200.5 M': expected value=1.6742e+12; wrong number: got '1,674,200.5' value=1.6742e+06
#   count 'one million and a half' in 'There are one million and a half possibilities': expected value=1.5e+06; wrong number: got 'one million and a half' value=1e+06 unit=possibility
#   count '3 million and a half' in 'The population is 3 million and a half': expected value=3.5e+06; wrong number: got '3 million' value=3e+06
#   count 'two million and one half' in 'They have two million and one half': expected value=2.5e+06; wrong number: got 'two million and one' value=2e+06
#   count 'Half million' in 'Half million eggs have been broken today': expected value=500000; wrong number: got 'million' value=1e+06 unit=egg
#   count '3 million and a quarter' in 'They have 3 million and a quarter': expected value=3.25e+06; wrong number: got '3 million' value=3e+06
#   count 'five billion and three quarters' in 'The number is five billion and three quarters': expected value=5.75e+09; wrong number: got 'five billion and three' value=5e+09 unit=...
#   count 'six million and two thirds' in 'I counted six million and two thirds': expected value=6.66667e+06; wrong number: got 'six million and two' value=6e+06 unit=third
#   count 'two million and three fifths' in 'They have two million and three fifths': expected value=2.6e+06; wrong number: got 'two million and three' value=2e+06 unit=fifth
#   count 'nine million and five ninths' in 'We spent nine million and five ninths': expected value=9.55556e+06; wrong number: got 'nine million and five' value=9e+06 unit=ninth
#   fraction 'two out of five hundreds' in 'two out of five hundreds tvs': expected value/total=0.004; wrong number: got 'two out of five' value=2 total=5 unit=hundred; 'hundreds' l...
# Percent:
#   absent 'You can go to http://proquest.umi.com/pqdweb?RQT=305&SQ=issn%280024%2D9114%29%20and%20%28ti%28Using%203D%20CAD%20to%20design%20a%20dog%29%20or%20startpage%28158%29%29%20...
#   absent 'You can go to https://www.test.com/search?q=30%25%2020%' in 'You can go to https://www.test.com/search?q=30%25%2020%': expected no claim; emitted: '30%' value=30 unit=pe...
# NumberRange:
#   range 'greater than 4,565' in 'This number is greater than 4,565': expected low=4565 high=-; wrong number: got '4,565' value=4565
#   range 'five hundred or less' in "There're about five hundred or less in these products.": expected low=- high=500; wrong number: got 'five hundred' value=500
#   range 'greater than 190' in 'His score is 200 or greater than 190': expected low=190 high=-; wrong number: got '190' value=190
#   range '200 or greater' in 'His score is 200 or greater': expected low=200 high=-; wrong number: got '200' value=200
#   range '5k-20k' in 'The number range is 5k-20k': expected low=5000 high=20000; missed: no claim overlaps '5k-20k'
# Currency:
#   count '10 us dollar' in 'It costs you 10 us dollar and me 100 chinese yuan.': expected value=10 unit=USD; wrong unit: got '10' value=10
#   count '10 us dollar' in 'It costs you 10 us dollar and me c $ 100 and fifty.': expected value=10 unit=USD; wrong unit: got '10' value=10
#   count '10 $' in '10 $ is not much, nor is 10 €': expected value=10 unit=USD; wrong unit: got '10' value=10
#   count '10 €' in '10 $ is not much, nor is 10 €': expected value=10 unit=EUR; wrong unit: got '10' value=10
#   count '5 €' in 'Banknotes: 5 €, 10 €, 20 €, 50 €, 100 €, 200 €, 500 €.': expected value=5 unit=EUR; wrong unit: got '5' value=5
#   count '10 €' in 'Banknotes: 5 €, 10 €, 20 €, 50 €, 100 €, 200 €, 500 €.': expected value=10 unit=EUR; wrong unit: got '10' value=10
#   count '20 €' in 'Banknotes: 5 €, 10 €, 20 €, 50 €, 100 €, 200 €, 500 €.': expected value=20 unit=EUR; wrong unit: got '20' value=20
#   count '50 €' in 'Banknotes: 5 €, 10 €, 20 €, 50 €, 100 €, 200 €, 500 €.': expected value=50 unit=EUR; wrong unit: got '50' value=50
#   count '100 €' in 'Banknotes: 5 €, 10 €, 20 €, 50 €, 100 €, 200 €, 500 €.': expected value=100 unit=EUR; wrong unit: got '100' value=100
#   count '200 €' in 'Banknotes: 5 €, 10 €, 20 €, 50 €, 100 €, 200 €, 500 €.': expected value=200 unit=EUR; wrong unit: got '200' value=200
#   count '500 €' in 'Banknotes: 5 €, 10 €, 20 €, 50 €, 100 €, 200 €, 500 €.': expected value=500 unit=EUR; wrong unit: got '500' value=500
#   count '10 $' in '10 $ 30 $': expected value=10 unit=USD; wrong unit: got '10' value=10
#   count 'half million usd' in 'It costs half million usd.': expected value=500000 unit=USD; wrong number: got 'million usd' value=1e+06 unit=USD
#   count 'quarter million us dollars' in 'It costs quarter million us dollars.': expected value=250000 unit=USD; wrong number: got 'million us dollars' value=1e+06 unit=USD
#   count 'a quarter million us dollars' in 'It costs a quarter million us dollars.': expected value=250000 unit=USD; wrong number: got 'million us dollars' value=1e+06 unit=USD
#   count 'three quarters billion us dollars' in 'It costs three quarters billion us dollars.': expected value=7.5e+08 unit=USD; wrong number: got 'three quarters' value=3 total=4 u...
#   count 'usd$ 15' in 'usd$ 15': expected value=15 unit=USD; wrong unit: got '15' value=15
#   count 'USD115' in 'USD115': expected value=115 unit=USD; missed: no claim overlaps 'USD115'
#   count 'USD115.5' in 'USD115.5': expected value=115.5 unit=USD; missed: no claim overlaps 'USD115.5'
#   count '115USD' in '115USD': expected value=115 unit=USD; missed: no claim overlaps '115USD'
#   count '115.5USD' in '115.5USD': expected value=115.5 unit=USD; missed: no claim overlaps '115.5USD'
#   count '75 USD million' in 'They lost 75 USD million in the past three years.': expected value=7.5e+07 unit=USD; wrong number: got '75 USD' value=75 unit=USD; 'million' value=1e+...
#   count 'dollar 22.5 million' in 'The price starts at dollar 22.5 million.': expected value=2.25e+07 unit=USD; wrong unit: got '22.5 million' value=2.25e+07
#   count 'USD50' in 'we are giving away 3 USD50 Cards.': expected value=50 unit=USD; missed: no claim overlaps 'USD50'
#   count '75 USD million' in 'They paid 75 USD million but the price was actually 50 million USD. An': expected value=7.5e+07 unit=USD; wrong number: got '75 USD' value=75 unit=USD...
#   count '80 USD million' in 'They paid 75 USD million but the price was actually 50 million USD. An': expected value=8e+07 unit=USD; wrong number: got '80 USD' value=80 unit=USD; ...
#   count '30 MUSD' in 'five more losses in excess of 30 MUSD were reported': expected value=3e+07 unit=USD; wrong number: got '30' value=30 low=30 unit=people
#   count '120 MEUR' in 'The client estimates an increase to 120 MEUR': expected value=1.2e+08 unit=EUR; wrong number: got '120' value=120
#   count '48.5 MGBP' in 'Refers to 48.5 MGBP purchase price already paid': expected value=4.85e+07 unit=GBP; wrong number: got '48.5' value=48.5
#   count 'twenty MUSD' in 'In 1993, 25 grants were provided, totalling twenty MUSD': expected value=2e+07 unit=USD; wrong number: got 'twenty' value=20 unit=grant
# Ordinal:
#   absent 'three trillionth' in 'three trillionth': expected no claim; emitted: 'three' value=3
#   absent 'a hundred trillionth' in 'a hundred trillionth': expected no claim; emitted: 'a hundred' value=100
#   absent 'one hundred twenty fifth' in 'one hundred twenty fifth': expected no claim; emitted: 'one hundred twenty' value=120
#   absent 'two hundredth' in 'two hundredth': expected no claim; emitted: 'two' value=2

ATTACHED_BEFORE = re.compile(r"(?:\w[/.,\-]|\+)$")
ATTACHED_AFTER = re.compile(r"^[/.,\-:]\w")
IDENTIFIER_WORD_BEFORE = re.compile(r"\b(?:nrs?\.|no\.|version|number)\s*$", re.I)
DECIMAL_COMMA = re.compile(r"\d,\d{1,2}(?!\d)|\b(?:lakh|crore)\b", re.I)
NOT_NEWS = re.compile(r"\b(?:nought|naught|point|dzs?|dozs?)\b|\d\s*(?:G|MM|mm)\b")
PHYSICAL_AFTER = re.compile(r"^\W{0,2}(?:kg|km|cm|mm|ml|g|lbs?|mi)\b")
ORDINAL_AFTER = re.compile(r"^\s+\w+ths?\b")
GLUED_UNIT = re.compile(r"\d(?!(?:st|nd|rd|th)\b)[A-Za-z]")
PART_OF_WHOLE = re.compile(r"\b(?:out of|in)\b")
SCALE = r"(?:thousand|million|billion|trillion)"
PART = r"(?:half|halves|quarters?|thirds?|fifths?|ninths?)"
SCALE_FRACTION = re.compile(rf"\b{PART}\s+(?:of\s+a\s+)?{SCALE}\b|\b{SCALE}\s+and\s+\w+\s+{PART}\b", re.I)
BOUND = r"(?:more than|over|at least|greater than|above|no less than|fewer than|less than|up to|under|below|no more than|at most)"
RANGE_FORMS = [re.compile(form) for form in (
    r"between .+ and .+", r"from .+ to .+", r"[\w.,]+ ?[-–] ?[\w.,]+", rf"{BOUND} .+",
    r".+ or (?:more|greater|less|fewer)")]
COMPARATOR = re.compile(r"\b(?:more|over|least|greater|above|fewer|less|up to|under|below|most"
                        r"|larger|smaller|bigger|higher|lower)\b")
NOT_A_RANGE_FORM = re.compile(r"\b(?:equals?|equaling|the|through|exceed\w*|surpass\w*)\b|[<>=~]")
AGE = re.compile(r"years old|\bage\b", re.I)
CODES = {"Dollar": "USD", "United States dollar": "USD", "Euro": "EUR", "Pound": "GBP", "British pound": "GBP"}


def span(text: str, result: dict) -> tuple[int, int]:
    start, found = result["Start"], result["Text"]
    if text[start:start + len(found)].lower() != found.lower():
        start = text.lower().find(found.lower())
        assert start >= 0, (text, found)
    return start, start + len(found)


def number(raw: str) -> float:
    return float(raw.rstrip("%").replace(",", ""))


# one function per model: the case for a result, or the rule leaving it out

def number_case(text, result, start, end):
    surface, value, subtype = text[start:end], number(result["Resolution"]["value"]), result["Resolution"].get("subtype")
    before, after = text[:start], text[end:]
    if value < 0:
        return "negative number"
    if subtype == "power" or SCIENTIFIC.search(surface):
        return "scientific notation"
    if SLASH_FRACTION.search(surface):
        return "slash, glyph or 'over' fraction"
    if ATTACHED_BEFORE.search(before) or ATTACHED_AFTER.search(after) or IDENTIFIER_WORD_BEFORE.search(before):
        return "date, phone number, address or identifier"
    if surface.lower() == "one":
        return "'one' alone"
    if DECIMAL_COMMA.search(surface):
        return "decimal comma or Indian numbering"
    if NOT_NEWS.search(surface):
        return "not a news form (nought, point, dz, G, MM)"
    if DURATION.match(after) or PHYSICAL_AFTER.match(after):
        return "duration or physical unit"
    if ORDINAL_AFTER.match(after):
        return "numerator read without its denominator"
    if subtype == "fraction":
        if PART_OF_WHOLE.search(surface) or small_fraction(value):
            return Case(text, start, end, FRACTION, value=value)
        if not SCALE_FRACTION.search(surface):
            return "mixed number or improper fraction"
    return Case(text, start, end, COUNT, value=value)


def percent_case(text, result, start, end):
    raw = result["Resolution"]["value"]
    if raw in (None, "null"):
        return Case(text, start, end, ABSENT)
    if number(raw) < 0:
        return "negative number"
    if text[start:end].lower().startswith("per"):
        return "percent word before the number"
    return Case(text, start, end, COUNT, value=number(raw), unit="percent")


def range_case(text, result, start, end):
    surface = text[start:end].lower()
    low, high = re.fullmatch(r"[\[(]([^,]*),([^\])]*)[\])]", result["Resolution"]["value"]).groups()
    low, high = (number(x) if x else None for x in (low, high))
    if any(x is not None and x < 0 for x in (low, high)):
        return "negative number"
    if AGE.search(text):
        return "age"
    if SLASH_FRACTION.search(surface):
        return "slash, glyph or 'over' fraction"
    if not any(form.fullmatch(surface) for form in RANGE_FORMS) or len(COMPARATOR.findall(surface)) > 1 \
            or NOT_A_RANGE_FORM.search(surface):
        return "range form outside the spec"
    if any(x is not None and x != int(x) and x < 1 for x in (low, high)):
        return "bound on a fraction"
    return Case(text, start, end, RANGE, low=low, high=high)


def currency_case(text, result, start, end):
    resolution = result["Resolution"]
    if resolution.get("unit") not in CODES:
        return "currency out of scope or subunit"
    if resolution.get("value") is None:
        return "currency name without an amount"
    value = number(resolution["value"])
    if value != int(value) and "." not in result["Text"]:
        return "amount with a subunit part"
    return Case(text, start, end, COUNT, value=value, unit=CODES[resolution["unit"]])


def fraction_spans(text):
    """Where NumberModel reads a fraction in this input, if it is one of its inputs."""
    return [span(text, r) for r in NUMBER_FRACTIONS.get(text, [])]


def ordinal_case(text, result, start, end):
    if any(s <= start and end <= e for s, e in fraction_spans(text)):
        return "denominator of a fraction"
    return Case(text, start, end, ABSENT)


NUMBER_FRACTIONS = {item["Input"]: [r for r in item["Results"] if r["Resolution"].get("subtype") == "fraction"]
                    for item in load(HERE / "NumberModel.json")}


def empty_input_case(model, text):
    """The case for an input where the model finds nothing."""
    if model in ("Number", "Percent"):
        if model == "Number" and GLUED_UNIT.search(text):
            return "number glued to a unit abbreviation"
        return Case(text, 0, len(text), ABSENT)
    if model == "Currency":
        return Case(text, 0, len(text), NO_MONEY)
    return "nothing to check"


MODELS = {"Number": number_case, "Percent": percent_case, "NumberRange": range_case,
          "Currency": currency_case, "Ordinal": ordinal_case}


def build_cases(model):
    cases, left_out = [], {}
    for item in load(HERE / f"{model}Model.json"):
        text = item["Input"]
        outcomes = [MODELS[model](text, r, *span(text, r)) for r in item["Results"]] or [empty_input_case(model, text)]
        for outcome in outcomes:
            if isinstance(outcome, Case):
                cases.append(outcome)
            else:
                left_out[outcome] = left_out.get(outcome, 0) + 1
    return cases, left_out


@pytest.mark.parametrize("model", list(MODELS))
def test_recognizers_model(model):
    cases, left_out = build_cases(model)
    print(f"\n[recognizers {model}] left out: {sum(left_out.values())} "
          f"({', '.join(f'{k} {v}' for k, v in left_out.items())})")
    rate = report(f"recognizers {model}", cases, FLOORS[model])
    assert rate >= FLOORS[model]
