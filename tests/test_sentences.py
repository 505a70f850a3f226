"""Sentences and quotations of news prose: abbreviations, decimals, clock times, quotes across paragraphs."""
import pytest

from claimledger.sentences import TextIndex


def sentences(text):
    return [text[start:end] for start, end in TextIndex(text).sentences]


@pytest.mark.parametrize("text, expected", [
    ("Gen. Mark Milley said U.S. losses were 1.5 percent. The Times agreed.",
     ["Gen. Mark Milley said U.S. losses were 1.5 percent.", "The Times agreed."]),
    ("The vote is at 6:00 p.m. The deficit reached $62.2 billion.",
     ["The vote is at 6:00 p.m.", "The deficit reached $62.2 billion."]),
    ("It met at 9 a.m. on Monday and again on Feb. 26.", ["It met at 9 a.m. on Monday and again on Feb. 26."]),
])
def test_sentence_ends(text, expected):
    assert sentences(text) == expected


def test_a_quote_left_open_at_a_paragraph_end_continues_into_the_next():
    text = 'He said: "We have lost ground.\n\n"Another 1,200 were wounded."'
    index = TextIndex(text)
    assert index.quote(text.index("1,200")) is not None and index.quotes[index.quote(text.index("1,200"))].continues
