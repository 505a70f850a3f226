"""Figure finding: values, bounds, units and rates, and the numbers that are not claims."""
import pytest

import claimledger
from extracting import claim_with


def figures(text):
    return [(c.text, c.value, c.low, c.high, c.total, c.unit, c.per, c.approx)
            for c in claimledger.extract(text)]


@pytest.mark.parametrize("text, expected", [
    ("31,000 soldiers died.", ("31,000", 31000, None, None, None, "people", None, False)),
    ("They pledged $60bn.", ("$60bn", 6e10, None, None, None, "USD", None, False)),
    ("It cost €1.5 million.", ("€1.5 million", 1.5e6, None, None, None, "EUR", None, False)),
    ("a bill of 400 million hryvnias", ("400 million hryvnias", 4e8, None, None, None, "UAH", None, False)),
    ("Turnout was 61.4 per cent.", ("61.4 per cent", 61.4, None, None, None, "percent", None, False)),
    ("at least 40,000 killed", ("40,000", 40000, 40000, None, None, "people", None, False)),
    ("up to 1,900 refugees", ("1,900", 1900, None, 1900, None, "people", None, False)),
    ("300,000-350,000 troops", ("300,000-350,000", None, 300000, 350000, None, "people", None, False)),
    ("between 20 and 30 tanks", ("between 20 and 30", None, 20, 30, None, "tank", None, False)),
    ("40 of 200 men", ("40 of 200", 40, None, None, 200, "people", None, False)),
    ("one in five voters", ("one in five", 1, None, None, 5, "people", None, False)),
    ("two-thirds of the seats", ("two-thirds", 2, None, None, 3, "seat", None, False)),
    ("half a million people", ("half a million", 500000, None, None, None, "people", None, False)),
    ("three hundred prisoners", ("three hundred", 300, None, None, None, "people", None, False)),
    ("1,500 casualties per day", ("1,500", 1500, None, None, None, "people", "day", False)),
    ("2.4k drones a month", ("2.4k", 2400, None, None, None, "drone", "month", False)),
    ("some 200 protesters", ("200", 200, None, None, None, "people", None, True)),
    ("tens of thousands of people", ("tens of thousands", None, 1e4, 1e5, None, "people", None, True)),
    ("dozens of villages", ("dozens", None, 24, 144, None, "village", None, True)),
])
def test_figure_forms(text, expected):
    found = figures(text)
    assert found and found[0] == expected


@pytest.mark.parametrize("text", [
    "On Feb. 26, 2024, the summit met.",
    "In 2003 the war began.",
    "It happened at 10:30 and again at 3 p.m.",
    "World War III and the 3rd Brigade.",
    "The F-16 and PAC-3 systems, Article 5 and Resolution 2334.",
    "A 45-year-old man was arrested.",
    "The ceasefire lasted for a decade; a 10-day truce followed.",
    "One battalion commander warned the Post.",
    "He was sentenced to 12 years in prison.",
    "They won 3-1 in a friendly.",
    "a 150-seat parliament",
    "Two years ago the town was quiet.",
])
def test_non_claims_are_not_emitted(text):
    assert figures(text) == []


@pytest.mark.parametrize("text, unit", [
    ("The bill came to 1.4 trillion Lebanese pounds.", "LBP"),
    ("He paid the smugglers 3,500 Libyan dinars.", "LYD"),
    ("JUBA, South Sudan — A sack of sorghum now costs 12,000 pounds.", "SSP"),
    ("BOGOTÁ, Colombia — The rebels demanded 20 billion pesos.", "COP"),
    ("Britain gave 5 million pounds.", "GBP"),
    ("Ottawa sent 5 million Canadian dollars.", "CAD"),
])
def test_a_currency_word_many_countries_share_is_the_named_or_the_storys_country(text, unit):
    [claim] = claimledger.extract(text, published="2024-01-01")
    assert claim.unit == unit


@pytest.mark.parametrize("text, found", [
    ('"My son was 19 when they took him. He will be 22 in April," she said.', []),
    ('"We get five replacements a week, and most of them are over 40."', ["five"]),
    ("They were 300, maybe more.", ["300"]),
    ("The rebels would free 19 hostages, two diplomats involved in the talks said.", ["19"]),
    ("Two military officials, who spoke on condition of anonymity, said 40 died.", ["40"]),
    ("According to three officials, 300 troops died.", ["300"]),
    ("Five officials were killed.", ["Five"]),
])
def test_ages_and_counts_of_sources_are_no_claims(text, found):
    assert [c.text for c in claimledger.extract(text, published="2024-01-01")] == found


@pytest.mark.parametrize("text, units", [
    ("The delegation put the crowd at 48,000.", ["people"]),
    ("The report says 7.1 million people will go hungry between April and July, the lean season before the "
     "harvest. Of those, 79,000 are projected to be in Phase 5, up from 2,400 in October.",
     ["people", "people", "people"]),
    ("Ukraine has received 11 Patriot batteries from allies since 2023, according to an official at the "
     "defence ministry in Kyiv, who asked not to be named, and has asked for at least seven more.",
     ["battery", "battery"]),
    ("Famine warning as 7.1 million face acute hunger", ["people"]),
    ('Officials said 40 soldiers were held. "Not 40, as Yerevan claims, but six," the minister said.',
     ["people", "people", "people"]),
])
def test_a_figure_without_a_noun_takes_the_unit_it_refers_to(text, units):
    assert [c.unit for c in claimledger.extract(text, published="2024-01-01")] == units


@pytest.mark.parametrize("text, unit, subject", [
    ('"But 5.2 million Chileans voted for order," he said.', "people", "Chileans"),
    ("More than 43,000 Congolese refugees have crossed.", "people", "Congolese refugees"),
    ("Around 200 pickets gathered at Gate 20.", "people", "pickets"),
])
def test_a_people_named_by_demonym_or_role_are_persons(text, unit, subject):
    [claim] = claimledger.extract(text, published="2024-01-01")
    assert (claim.unit, claim.subject) == (unit, subject)


@pytest.mark.parametrize("text", [
    "For media enquiries call +507 6123 4567 or (202) 555-0143.",
    "Contact: press@example.org, tel. +41 22 917 1234.",
    "The miners were trapped 340 metres below ground.",
    "Notes to editors: 1. The agency was founded in 1951.",
    "Relatives can call the agency's hotline, 1717, at any hour.",
    "Estimates of the dead differ by a factor of four.",
    "Deaths in the south ran at five times the rate of the north.",
    "The claim is nearly three times what has gone directly to Kyiv.",
    "The ferry sank 25 nautical miles off the coast.",
    "Donors are slow to fund the 2024 appeal.",
    "The injured were flown to Goma, 90 kilometres to the north.",
    "The Ledger reported, citing three European diplomats, that talks had stalled.",
    "Based on 52 interviews, the group said conditions had worsened.",
    "Listeners can call or text us on 0803 555 0142.",
    "Relatives can call the prefecture's helpline on 800 556 112.",
    "The report, which runs to 94 pages, was published on Monday.",
    "The committee makes 14 recommendations.",
    "In a survey of 1,400 households the group asked about food.",
    "Prices rose just above the bank's 2 percent target.",
    "She is 58 now.",
    "Ortega locked the classroom at five past two.",
    "The census counted 25- to 34-year-olds separately.",
    "Every adult over 55 should walk more.",
    "It says the department should:\n\n1. publish a timetable.",
])
def test_phone_numbers_depths_and_list_numbers_are_no_claims(text):
    assert claimledger.extract(text, published="2024-01-01") == []


def test_a_year_then_to_is_no_range_of_years():
    claims = claimledger.extract("The exchange brought the number freed since 2021 to 3,950.", published="2024-01-01")
    assert [c.value for c in claims] == [3950]


@pytest.mark.parametrize("text, value, unit", [
    ("The toll in the town, in the north of the region, has risen to 64, officials said.", 64, "people"),
    ("Rebels broke the truce 300 times in May and 17 of his soldiers were killed.", 17, "people"),
    ("It counted 212 new graves in the north and put Ethiopian deaths at about 14,000.", 14000, "people"),
    ("Fires covered 43,000 hectares, and officials expected the number of dead to exceed 200.", 200, "people"),
])
def test_the_unit_of_a_bare_figure_from_what_it_is_put_at_or_a_part_of(text, value, unit):
    assert claim_with(text, value, published="2024-01-01").unit == unit


def test_a_measure_reads_past_a_hyphenated_modifier():
    text = "The institute puts deaths during the 16-day heatwave at between 1,500 and 2,300."
    assert claimledger.extract(text, published="2024-01-01")[-1].measure == "killed"


@pytest.mark.parametrize("text, unit", [
    ("The wage is 2,750 bolivianos a month.", "BOB"),
    ("Rent costs 900 reais.", "BRL"),
    ("A sack costs 5,000 CFA francs.", "XOF"),
    ("The fine is 40,000 tenge.", "KZT"),
])
def test_currencies_named_in_words(text, unit):
    assert claimledger.extract(text, published="2024-01-01")[0].unit == unit


@pytest.mark.parametrize("text", [
    "The mission deployed 420 observers.",
    "Police arrested nine smugglers.",
    "The exchange brought home 4,813 sons and daughters.",
])
def test_more_nouns_of_persons_count_people(text):
    assert claimledger.extract(text, published="2024-01-01")[0].unit == "people"


def test_a_measurement_unit_ends_the_counted_noun():
    claim = claimledger.extract("A surge of up to 15 feet swept through neighborhoods.", published="2024-01-01")[0]
    assert (claim.unit, claim.high, claim.measure) == ("ft", 15, "measurement")  # CLAIMS.md: the unit's symbol


@pytest.mark.parametrize("text, unit", [
    ("Families in Malawi receive 95,000 kwacha a month.", "MWK"),
    ("Zambian farmers lost 2 million kwacha.", "ZMW"),
])
def test_a_shared_currency_word_takes_the_country_of_the_story(text, unit):
    claim = claimledger.extract(text, published="2024-01-01")[0]
    assert claim.unit == unit


def test_a_possessive_before_the_counted_noun_is_whose_not_what():
    claim = claimledger.extract("Complaints were filed at fewer than 40 of the country's polling stations.",
                                published="2024-01-01")[0]
    assert claim.unit == "station"


def test_a_share_in_one_sentence_lends_no_unit_to_a_figure_in_the_next():
    text = "Unemployment rose to 8.9 percent in January. Employment was about 38,000 lower than a year before."
    assert claimledger.extract(text, published="2025-02-13")[1].unit != "percent"


def test_livestock_is_a_counted_noun_not_the_houses_before_it():
    text = "More than 400,000 houses were destroyed and 700,000 livestock killed, officials said."
    assert [c.unit for c in claimledger.extract(text, published="2022-08-30")] == ["house", "livestock"]
