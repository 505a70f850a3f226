"""data/units.tsv against pint's registry, the reference for unit symbols and
dimensions: every unit the table names by a pint expression exists in pint
with the dimension the table gives it (a length is [length], a speed
[length]/[time]; pint counts bits and bytes as plain numbers), and no written form maps to
two symbols."""
import pint
import pytest

from claimledger.lexicon import rows

UREG = pint.UnitRegistry()
DIMENSIONS = {
    "length": "[length]", "area": "[length] ** 2", "volume": "[length] ** 3", "mass": "[mass]",
    "temperature": "[temperature]", "speed": "[length] / [time]", "energy": "[mass] * [length] ** 2 / [time] ** 2",
    "power": "[mass] * [length] ** 2 / [time] ** 3", "voltage": "[mass] * [length] ** 2 / [current] / [time] ** 3",
    "current": "[current]", "charge": "[current] * [time]", "frequency": "1 / [time]", "data": "",
    "data rate": "1 / [time]", "pressure": "[mass] / [length] / [time] ** 2",
    "radiation dose": "[length] ** 2 / [time] ** 2", "angle": "", "loudness": "", "concentration": "",
    "mass rate": "[mass] / [time]",
}
ROWS = rows("units.tsv")


@pytest.mark.parametrize("symbol, dimension, reference", [(r[0], r[1], r[2]) for r in ROWS if r[2] != "-"])
def test_each_unit_is_pints_with_its_dimension(symbol, dimension, reference):
    unit = UREG(reference)
    expected = DIMENSIONS[dimension]
    if expected:
        assert unit.dimensionality == UREG.get_dimensionality(expected), (symbol, reference)
    else:  # angles, decibels and parts per million are ratios; pint counts bits and bytes without a dimension
        assert unit.dimensionless, (symbol, reference)


def test_no_written_form_names_two_units():
    seen = {}
    for symbol, _, _, written in ROWS:
        for form in written.split("|"):
            assert seen.setdefault(form, symbol) == symbol, form


# Units that depend on the words around them -----------------------------------------------------------

def _found(text):
    import claimledger
    return [(c.text, c.value, c.low, c.high, c.unit) for c in claimledger.extract(text, all_quantities=True)]


@pytest.mark.parametrize("text, expected", [
    ("The door is 2 1/2 in thick.", ("2 1/2 in", 2.5, None, None, "in")),          # "in" before a size word
    ("The length of my pencil is 2 in.", ("2 in", 2, None, None, "in")),           # a size named in the sentence
    ("Reactors run at 300 °C (573.15K) or so.", ("573.15K", 573.15, None, None, "K")),  # K about temperature
    ("He has a pen that is 10 \" long.", ("10 \"", 10, None, None, "in")),          # '"' apart, before a size word
    ("The size of this file is 100 mb", ("100 mb", 100, None, None, "MB")),         # "mb" by its sentence's words
    ("The storm had a central pressure of 950 mb.", ("950 mb", 950, None, None, "mbar")),
])
def test_an_inch_written_in_and_kelvin_written_k(text, expected):
    assert expected in _found(text)


@pytest.mark.parametrize("text, value", [
    ("Ambulances brought 20 in.", 20),                 # "in" with no size around it: the preposition
    ("He put 2 in the box.", 2),
    ("He got 100 mb.", 100),                           # "mb" with no words of data or pressure: none
    ("The board has 32K of memory.", 32000),           # K with no temperature around it: a thousand
])
def test_in_and_k_elsewhere_are_no_units(text, value):
    assert [(v, unit) for _, v, _, _, unit in _found(text)] == [(value, None)]


def test_hrs_after_a_small_number_are_hours_and_after_four_digits_a_time_of_day():
    import claimledger
    assert [(q.kind, q.value, q.unit) for q in claimledger.extract("The day has only 3 hrs.", all_quantities=True)] \
        == [("duration", 3, "hr")]
    assert claimledger.extract("The attack began at 0600 hrs.", all_quantities=True) == []


@pytest.mark.parametrize("text, low, high, unit, kind", [
    ("A conceptualized 8- to 16-meter telescope.", 8, 16, "m", "modifier"),      # the first hyphen waits for the unit
    ("Voters aged 25- to 34-year-old went.", 25, 34, "year", "age"),
])
def test_a_suspended_hyphen_is_one_range(text, low, high, unit, kind):
    import claimledger
    found = claimledger.extract(text, all_quantities=True)
    assert [(q.low, q.high, q.unit, q.kind) for q in found] == [(low, high, unit, kind)]
    assert claimledger.extract(text) == []


def test_k_before_a_counted_noun_is_a_thousand_even_about_temperature():
    import claimledger
    found = claimledger.extract("In temperatures of 30C, 50K runners took part.", all_quantities=True)
    assert [(q.value, q.unit) for q in found] == [(30, "degC"), (50000, "runner")]
