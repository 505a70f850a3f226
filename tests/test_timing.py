"""as_of: time expressions resolved against the publication date, at the text's precision."""
import pytest

import claimledger


@pytest.mark.parametrize("sentence, expected", [
    ("In November 2022, officials said 100 soldiers died.", "2022-11"),
    ("Last August, officials said 100 soldiers died.", "2023-08"),
    ("On Tuesday, officials said 100 soldiers died.", "2024-02-27"),
    ("Officials said yesterday that 100 soldiers died.", "2024-02-28"),
    ("Two years ago, officials said 100 soldiers died.", "2022"),
    ("The September 2023 study found 100 soldiers died.", "2023-09"),
    ("In 2021, officials said 100 soldiers died.", "2021"),
    ("Officials say 100 soldiers are missing.", "2024-02-29"),
])
def test_as_of(sentence, expected):
    claims = claimledger.extract(sentence, published="2024-02-29")
    assert [c.as_of for c in claims] == [expected]


def test_no_publication_date_and_no_time_gives_null():
    assert claimledger.extract("Officials say 100 soldiers are missing.")[0].as_of is None


def test_a_period_running_up_to_the_statement_dates_the_figure_at_the_statement():
    text = "The general stated at a briefing on Wednesday that in the past week 2,140 soldiers were killed."
    assert [c.as_of for c in claimledger.extract(text, published="2024-07-18")] == ["2024-07-17"]


def test_a_dateline_is_not_the_day_the_story_tells_of():
    text = ("MOSCOW, July 18. The ministry said on Wednesday that it had held talks.\n\n"
            "The ministry said 95 soldiers were returned.")
    assert [c.as_of for c in claimledger.extract(text, published="2024-07-18")] == ["2024-07-17"]


def test_present_tense_with_a_source_holds_at_publication_not_at_the_sentence_before():
    text = ("The WHO said two weeks ago it would send vaccines. "
            "Children under 15 are about 70% of cases, according to UNICEF.")
    share = claimledger.extract(text, published="2024-08-30")[-1]
    assert share.as_of == "2024-08-30"


def test_a_quotes_yesterday_and_present_tense_hold_for_the_day_it_was_spoken():
    text = ('"We are receiving wounded every hour," Dr Aline Mukendi told Al Jazeera on Tuesday. '
            '"Yesterday alone we operated on 38 people.\n\n"We have two surgeons for the whole ward."')
    assert [c.as_of for c in claimledger.extract(text, published="2024-02-21")] == ["2024-02-19", "2024-02-20"]


def test_a_sentence_after_claims_takes_the_time_of_the_first_of_them():
    text = ("Turnout was 61.4 percent on Sunday, down from 72 percent at the last election in 2021. "
            "Some 310,000 ballots were blank or spoiled.")
    assert [c.as_of for c in claimledger.extract(text, published="2024-07-08")] == [
        "2024-07-07", "2021", "2024-07-07"]


def test_a_source_published_last_month_dates_its_figure():
    text = ("The paramilitary group has ringed the city with an estimated 20,000 fighters, according to a "
            "report published last month by the Humanitarian Research Lab.")
    assert [c.as_of for c in claimledger.extract(text, published="2024-07-14")] == ["2024-06"]


@pytest.mark.parametrize("sentence, as_of", [
    ("Witnesses said jets dropped four bombs on the market shortly after 10 a.m. on Tuesday.", "2024-03-12"),
    ("The mission verified 38 civilian deaths and 97 injuries in February.", "2024-02"),
    ("Only 61,500 doses had been given by the end of February.", "2024-02"),
])
def test_a_time_after_a_time_of_day_a_coordinated_figure_or_a_past_perfect(sentence, as_of):
    assert claimledger.extract(sentence, published="2024-03-14")[0].as_of == as_of


def test_the_start_of_a_change_is_not_when_the_figure_holds():
    claim = claimledger.extract("The waiting list fell by 64,000 from July.", published="2024-10-10")[0]
    assert claim.as_of != "2024-07"


def test_the_documents_present_tense_after_the_figure_holds_at_publication():
    text = ("The list fell to 7.4 million in August, NHS England said. "
            "About 6.2 million patients are waiting.")
    assert claimledger.extract(text, published="2024-10-10")[1].as_of == "2024-10-10"


def test_a_study_published_on_a_day_dates_its_figure_and_says_is_the_present():
    text = ("The war may have killed more than 150,000 people, according to a study by researchers "
            "published on Wednesday. The United Nations says 11 million people have fled.")
    claims = claimledger.extract(text, published="2024-11-14")
    assert [c.as_of for c in claims] == ["2024-11-13", "2024-11-14"]


def test_the_time_of_an_earlier_value_does_not_reach_the_next_clause():
    text = "The AfD took 30.6 percent, up from 27.5 percent five years ago, and will send 41 deputies to parliament."
    assert claimledger.extract(text, published="2024-09-02")[2].as_of == "2024-09-02"


def test_since_a_date_with_an_abbreviated_month_and_a_second_figure_with_its_own_verb():
    text = ("The ministry has recorded 48 suspected and 22 confirmed cases since the outbreak was declared on "
            'Sept. 4, the minister said. "We have 2,000 doses on the ground and 10,000 more arriving next week," '
            "he said.")
    claims = claimledger.extract(text, published="2025-09-12")
    assert [c.unit for c in claims[:2]] == ["people", "people"]  # cases count people (CLAIMS.md)
    assert "2025-09-04" not in [c.as_of for c in claims[:2]]
    assert (claims[2].projected, claims[3].projected) == (False, True)


@pytest.mark.parametrize("sentence, published, as_ofs", [
    ("Food inflation hit 40.1 percent in May, up from 24.8 percent a year earlier.",
     "2024-06-18", ["2024-05", "2023-05"]),
    ("Profit fell to 2.1 billion kronor in the fourth quarter.", "2025-02-13", ["2024"]),
    ("Up to 80 millimetres more could fall by Thursday.", "2025-02-11", ["2025-02-13"]),
    ("Rescuers had recovered 12 bodies by Tuesday afternoon.", "2024-09-12", ["2024-09-10"]),
    ("The state order for the 2025 harvest was set at 1.45 million tonnes.", "2024-10-14", ["2025"]),
    ("Wages rose to 17,400 hryvnias in July, up 19 percent on a year before.", "2024-08-20", ["2024-07", "2024-07"]),
    ("Profit fell to 2.1 billion kronor ($196 million) in the fourth quarter.", "2025-02-13", ["2024", "2024"]),
    ("New rents in Dublin rose 71 percent between 2015 and 2023.", "2024-02-14", ["2023"]),
    ("The record for a single day remains 1,305, set in August 2022.", "2024-10-06", ["2022-08"]),
    ("The charity was founded in 1987 and works in 23 countries.", "2025-05-14", ["2025-05-14"]),
    ("Economists expect unemployment to peak at 9.4 percent in the second quarter.", "2025-02-13", ["2025"]),
    ("The Times reported last month that U.S. officials put Russian dead and wounded at close to 350,000.",
     "2024-06-12", ["2024-05"]),
    ("EU imports rose to 16 million tonnes last year, and the bloc paid Moscow more than 8 billion euros for them.",
     "2024-06-12", ["2023", "2023"]),
    ("The ministry reported 43 deaths in February, and said its clinics were admitting 900 children a week.",
     "2024-06-12", ["2024-02", "2024-06-12"]),
    ("At least 226 civilians were killed and more than 700 injured between 10 May and 30 June.",
     "2024-07-05", ["2024-06-30", "2024-06-30"]),
    ("The office said 1,554 people had been killed and 826 injured between January and March.",
     "2024-07-05", ["2024-03", "2024-03"]),
    ("By last spring, the number of casualties had grown to 300,000, officials said.", "2024-10-10", ["2024"]),
    ("Rents rose 12 percent last winter.", "2024-10-10", ["2024"]),
    ("The ministry has not updated its figure since September 2022, when the minister said 5,937 soldiers had "
     "been killed.", "2024-10-10", ["2022-09"]),
    ("Officials have not published figures since President Zelensky said in February that 31,000 soldiers had died.",
     "2024-05-20", ["2024-02"]),
    ("The institute said this month that inflation reached 14.2 percent in April, up from 3.1 percent a year earlier.",
     "2024-05-20", ["2024-04", "2023-04"]),
])
def test_when_each_figure_holds(sentence, published, as_ofs):
    """Quarters, seasons, spans and periods, 'a year earlier', 'by Thursday', conversions in brackets,
    coordinated clauses, 'since ..., when', the present after a past time."""
    assert [c.as_of for c in claimledger.extract(sentence, published=published)] == as_ofs


def test_a_day_the_month_does_not_have_holds_for_the_month_and_stops_nothing(tmp_path):
    # "Feb 30" in a text once ended a whole ingest (the events code read it as a day)
    claims = claimledger.extract("On Feb 30 some 40 people died, officials said.", published="2024-03-14")
    assert [c.as_of for c in claims] == ["2024-02"]
    from claimledger import Document, Ledger

    with Ledger(tmp_path / "l.db") as ledger:
        stats = ledger.ingest([Document("a", "Floods on Feb 30 killed 40 people in Kenya, officials said.",
                                        "2024-03-14")])
    assert stats.failures == 0 and stats.claims == 1
