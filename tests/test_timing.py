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
