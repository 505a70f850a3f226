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
