"""Every quantity a news text states: one test per family of the issue
(measurements, money and percent forms, ranges and scales, change vs range,
false figures, the every-quantity mode)."""
import json

import pytest
from click.testing import CliRunner

import claimledger
from claimledger.cli import cli


def quantities(text, all_quantities=False):
    return [(c.text, c.value, c.low, c.high, c.unit) for c in claimledger.extract(text, all_quantities=all_quantities)]


def one(text):
    found = claimledger.extract(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("text, value, unit", [
    ("Gusts of 70mph hit the coast.", 70, "mph"),                              # speed
    ("Winds of 150 km/h were recorded.", 150, "km/h"),
    ("The car has a 10kWh battery.", 10, "kWh"),                                # energy
    ("The phone comes with 128GB of storage.", 128, "GB"),                     # data
    ("The plant will produce 400MW of power.", 400, "MW"),                     # power
    ("A magnitude 6.9 quake struck the coast.", 6.9, "magnitude"),             # magnitude, before
    ("A 7.8-magnitude quake struck the coast.", 7.8, "magnitude"),             # magnitude, hyphenated
    ("Up to 250mm of rain fell overnight.", 250, "mm"),                        # length
    ("The hatchback has a 1.5l engine.", 1.5, "l"),                             # volume
    ("Temperatures of 44C were recorded.", 44, "degC"),                         # temperature, glued
    ("It was 104 degrees Fahrenheit in Phoenix.", 104, "degF"),
    ("Fires burned 12,000 hectares of forest.", 12000, "ha"),                  # area
    ("The reserve covers 4,000 square kilometres.", 4000, "km2"),              # squares
    ("The river carried 1,200 m3/s at its peak.", 1200, "m3/s"),               # compound, cubes
    ("The ship carried 90 tonnes of wheat.", 90, "t"),                          # mass
])
def test_measurements_are_claims_with_the_spec_symbol(text, value, unit):
    claim = one(text)
    assert (claim.value, claim.unit, claim.measure) == (value, unit, "measurement")


def test_a_rate_of_a_measurement():
    claim = one("Output reached 1.3 million barrels a day.")
    assert (claim.value, claim.unit, claim.per, claim.measure) == (1.3e6, "barrel", "day", "measurement")


@pytest.mark.parametrize("text, value, unit", [
    ("The debt has reached $US40 trillion.", 40e12, "USD"),
    ("Revenue topped A$2bn.", 2e9, "AUD"),
    ("It raised HK$12 million.", 12e6, "HKD"),
    ("Prices start at C$18.99.", 18.99, "CAD"),
    ("The bank lent R$300 million.", 300e6, "BRL"),
    ("Staff receive RM50 more.", 50, "MYR"),
    ("The fund returned USD10m.", 10e6, "USD"),
    ("Shares in the lender rose to 250p.", 2.5, "GBP"),                        # pence
    ("The bonds fell 4 cents on the dollar.", 0.04, "USD"),                    # cents
    ("The rupee fell 12 paise.", 0.12, "INR"),                                 # paise
    ("The state will spend Rs 500 crore.", 5e9, "INR"),                        # crore
    ("The state will spend ₹1,50,000.", 150000, "INR"),                        # Indian grouping
    ("A ticket costs ¥30,000.", 30000, "JPY"),
    ("The group reported a loss of $-12bn.", -12e9, "USD"),                    # sign after the currency
])
def test_money_forms(text, value, unit):
    claim = one(text)
    assert (claim.value, claim.unit) == (pytest.approx(value), unit)


@pytest.mark.parametrize("text, value, unit", [
    ("It only cost 3 dollars 50 cents.", 3.5, "USD"),                          # hundredths after the main unit
    ("It cost thirteen dollars and forty-five cents.", 13.45, "USD"),
    ("The ticket was 4 pounds 20 pence.", 4.2, "GBP"),
    ("It costs 15 dollars 50.", 15.5, "USD"),                                  # the hundredths' name left out
    ("The fee rose to 17 USD 25.", 17.25, "USD"),
    ("They lost 75 USD million last year.", 75e6, "USD"),                      # a scale after the currency
    ("Losses in excess of 30 MUSD were reported.", 30e6, "USD"),               # a scale letter before the code
    ("The client estimates an increase to 120 MEUR.", 120e6, "EUR"),
    ("Revenues were about MAUD 60 last year.", 60e6, "AUD"),
    ("The bill came to 115.5USD.", 115.5, "USD"),                              # a code glued to the number
    ("The meal cost 100元.", 100, "CNY"),                                      # a sign written after
])
def test_money_in_two_parts_scales_and_codes(text, value, unit):
    found = claimledger.extract(text, all_quantities=True)
    assert [(c.value, c.unit) for c in found] == [(pytest.approx(value), unit)], found


@pytest.mark.parametrize("text", [
    "He paid 300 dollars 20 times over.",          # the second number counts something
    "It cost 40 dollars and 20 people came.",
    "It cost 40 dollars and 20 of them paid.",
    "Prices were rmb 10 usd 20.",                  # each amount after its own currency
])
def test_a_number_after_an_amount_is_no_hundredths_of_it(text):
    assert not [c for c in claimledger.extract(text, all_quantities=True) if c.value and c.value % 1], text


def test_a_subunit_modifier_is_money_in_the_main_unit():
    found = claimledger.extract("The trust will pay a 12-cent dividend.", all_quantities=True)
    assert [(q.kind, q.value, q.unit) for q in found] == [("modifier", 0.12, "USD")]


@pytest.mark.parametrize("text, value", [
    ("Sales were up 3pc.", 3),                  # the British "pc"
    ("Output rose 2.5 per cent.", 2.5),
    ("The economy shrank -0.8% in the quarter.", -0.8),   # a minus sign
    ("Nikkei 225 -0.8%, Kospi +0.3%.", -0.8),             # a sign after an index name
])
def test_percent_forms(text, value):
    claim = claimledger.extract(text)[0]
    assert (claim.value, claim.unit) == (value, "percent")


@pytest.mark.parametrize("text, low, high, unit", [
    ("Fees ranged from $500,000 to $2 million.", 5e5, 2e6, "USD"),   # the second's scale is not the first's
    ("Some 1.2-1.5 million people fled.", 1.2e6, 1.5e6, "people"),  # but here it is
    ("Growth of between 5% and 6% is expected.", 5, 6, "percent"),      # the unit after both ends
    ("The filter passes between 2kHz and 4kHz.", 2, 4, "kHz"),
    ("Highs between 30C and 35C are expected.", 30, 35, "degC"),
])
def test_ranges_and_scales(text, low, high, unit):
    claim = one(text)
    assert (claim.value, claim.low, claim.high, claim.unit) == (None, pytest.approx(low), pytest.approx(high), unit)


def test_scale_words_written_one_after_another_multiply():
    assert one("The city spent 3 hundred thousand dollars.").value == 300000
    assert one("The total is three lakh crore rupees.").value == 3e12             # in words too
    assert one("The state borrowed two thousand million pounds.").value == 2e9


@pytest.mark.parametrize("text, value", [
    ("I can give you 3 hundred and 21 yuan.", 321),                              # digits and scale words
    ("4 thousand 3 hundred and 21 is a valid number.", 4321),
    ("The town has 4 thousand 3 hundred residents.", 4300),
    ("The order was for 3 dzs.", 36),                                             # abbreviations of "dozen"
    ("The order was for five doz.", 60),
    ("That account revenue target is US$ 1MM.", 1e6),                             # "MM" after a currency
    ("It came to a hundred trillionths.", 1e-10),                                 # a fraction with "a hundred"
])
def test_numbers_in_several_parts(text, value):
    found = claimledger.extract(text, all_quantities=True)
    assert [pytest.approx(c.value / (c.total or 1)) for c in found] == [value], found


@pytest.mark.parametrize("text, values", [
    ("They fired 155mm shells.", [155]),                       # millimetres: "mm" is a million only after a currency
    ("The DZ was secured by 40 troops.", [40]),                # an abbreviation of "dozen" never starts a number
    ("Some 2 million 500 people were there.", [2e6, 500]),     # a part with no scale word only after "and"
    ("4 thousand 3 hundred and 0 are two valid numbers.", [4300, 0, 2]),  # no part of nothing
])
def test_numbers_that_are_not_one(text, values):
    assert [c.value for c in claimledger.extract(text, all_quantities=True)] == values


@pytest.mark.parametrize("text", [
    "Inflation eased from 3.1 percent to 2.9 percent.",
    "The service is raising its price by C$2 to C$18.99 a month.",
])
def test_a_change_is_two_figures_not_a_range(text):
    found = claimledger.extract(text)
    assert len(found) == 2 and all(c.value is not None and c.low is None for c in found)


def test_a_span_is_a_range():
    claim = one("Forecasters expect between 3.1 percent and 3.4 percent growth.")
    assert (claim.low, claim.high) == (3.1, 3.4)


@pytest.mark.parametrize("text", [
    "The S&P 500 rose on Tuesday.", "The FTSE 100 closed higher.", "The ASX 200 slipped.",
    "The Dow 30 fell.", "The Nikkei 225 gained.",                             # index names
    "Samsung unveiled the Galaxy S24 on Wednesday.", "The airline ordered the Airbus A350.",
    "The army received the Leopard 2A6.", "Pilots flew the Su-35.",            # model names
    "The plant gained ISO 9001 certification.", "The router supports Wi-Fi 7.",  # standards
    "The town was founded in A.D. 800.", "The church dates from 800 BC.",
    "The style flourished between 1500 and 1700.",                            # era years
    "Protesters gathered outside 10 Downing Street.",
    "The office is at 1600 Pennsylvania Avenue.",                             # street numbers
    "Send it to Washington, DC 20500 by Friday.",                             # postcodes
    "Guests were served a five course meal.",                                 # a type, not an amount
    "He won the 100m in record time.",                                        # a race's name
])
def test_false_figures_are_never_emitted(text):
    assert claimledger.extract(text) == []
    assert claimledger.extract(text, all_quantities=True) == []


def test_running_text_in_lower_case_without_punctuation():
    found = quantities("shares of the group rose 3 percent to 180 dollars after it sold 2 million phones")
    assert found == [("3 percent", 3, None, None, "percent"), ("180 dollars", 180, None, None, "USD"),
                     ("2 million", 2e6, None, None, "phone")]


@pytest.mark.parametrize("text, kind, unit", [
    ("The talks lasted three days.", "duration", "day"),
    ("A 10-day ceasefire began.", "duration", "day"),
    ("A 45-year-old man was arrested.", "age", "year"),
    ("Parliament has a 150-seat chamber.", "modifier", "seat"),
    ("The town lies 30 km from the border.", "modifier", "km"),
    ("City won 3-1 on Saturday.", "score", "score"),
    ("She is ranked No. 3 in the world.", "rank", "rank"),
])
def test_every_quantity_mode_gives_the_kind_of_what_is_no_claim(text, kind, unit):
    assert claimledger.extract(text) == []
    found = claimledger.extract(text, all_quantities=True)
    assert [(q.kind, q.claim, q.unit) for q in found] == [(kind, False, unit)]


def test_every_quantity_mode_keeps_the_claims_of_claims_mode():
    text = ("Officials said 31,000 soldiers had died in the two-year war. A 45-year-old man said the talks "
            "lasted three days and the toll was closer to 120,000.")
    claims = [c.to_dict() for c in claimledger.extract(text, published="2024-02-27")]
    every = claimledger.extract(text, published="2024-02-27", all_quantities=True)
    assert [{k: v for k, v in q.to_dict().items() if k not in ("claim", "kind")} for q in every if q.claim] == claims
    assert all(set(c) == set(claimledger.record.CLAIM_FIELDS) for c in claims)  # claims mode: the spec's fields only
    assert {q.kind for q in every if not q.claim} == {"duration", "age"}


def test_the_cli_flag():
    result = CliRunner().invoke(cli, ["extract", "-", "--all-quantities"], input="The talks lasted three days.\n")
    assert result.exit_code == 0
    record = json.loads(result.output.splitlines()[0])
    assert (record["claim"], record["kind"], record["value"]) == (False, "duration", 3)
    plain = CliRunner().invoke(cli, ["extract", "-"], input="The talks lasted three days.\n")
    assert plain.output.strip() == ""


@pytest.mark.parametrize("text, value, total", [
    ("Prices rose by one and a half times.", 1.5, None),                          # mixed number in words
    ("The party won 3 million and a half votes.", 3.5e6, None),                    # half of the scale
    ("The fund lost two thirds of a million dollars.", 666666.67, None),
    ("Five eighths of the budget went on defence.", 5, 8),                         # fraction in words
    ("A hundredth of the budget went on aid.", 1, 100),
    ("Three twenty-firsts of the seats changed hands.", 3, 21),                    # compound denominator
    ("The pipe is 2 1/2 inches wide.", 2.5, None),                                  # mixed number in digits
    ("The rod is 2½ inches wide.", 2.5, None),                                     # glyph
    ("A 1/4 inch gap was left.", 0.25, None),                                       # a fraction of a unit is an amount
])
def test_fractions_and_mixed_numbers(text, value, total):
    found = claimledger.extract(text, all_quantities=True)
    assert any(abs((c.value or 0) - value) <= 0.01 * abs(value) and c.total == total for c in found), found


@pytest.mark.parametrize("text", ["A fifth consecutive year of growth.", "The one hundred twenty fifth anniversary.",
                                  "The attacks of 9/11 changed the city.", "Open 24/7."])
def test_ordinals_and_dates_are_no_fractions(text):
    assert not [c for c in claimledger.extract(text, all_quantities=True) if c.total is not None], text


@pytest.mark.parametrize("text, low, high", [
    ("Sales were more than 10 and less than 40 units.", 10, 40),                   # a bound on each side
    ("The reading was above 1000 and below 1500.", 1000, 1500),
    ("Grades 20 through 100 were tested.", 20, 100),
    ("Prices were less than or equal to 100 dollars.", None, 100),                 # bound hedges as data
    ("The range is 5k-20k.", 5000, 20000),
])
def test_bounds_and_range_forms(text, low, high):
    found = claimledger.extract(text, all_quantities=True)
    assert any(c.low == low and c.high == high for c in found), found
