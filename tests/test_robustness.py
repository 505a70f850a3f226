"""Any text gives an answer, never a crash, in time linear in its length."""
import time

from hypothesis import given, settings, strategies as st

import claimledger

ALPHABET = st.sampled_from(list('0123456789 ,.-–$€£%"“”\n') + ["million", "at least", "between", " and ",
                                                                "said", "Zelensky", "officials", "per day",
                                                                "Not ", "killed", "of", "in", "thousands"])


@settings(max_examples=300, deadline=None)
@given(st.lists(ALPHABET, max_size=60).map("".join))
def test_arbitrary_text_never_crashes(text):
    for claim in claimledger.extract(text, published="2024-01-01"):
        assert text[claim.start:claim.end] == claim.text
        assert claim.low is None or claim.high is None or claim.low <= claim.high


def test_degenerate_inputs():
    assert claimledger.extract("") == []
    assert claimledger.extract("\n\n\n") == []
    assert len(claimledger.extract('"' * 5000 + " 500 soldiers died " + "“" * 5000)) == 1
    assert len(claimledger.extract("said " * 20000 + "500 people died")) == 1


def test_time_grows_linearly():
    unit = ('“We lost 1,200 men,” General Ivan Petrov said on Tuesday, adding that about 300 tanks '
            'were destroyed and 40 of 200 villages evacuated, according to officials ')

    def timed(n):
        text = unit * n  # no sentence ends, unbalanced quotes across the whole text
        begin = time.perf_counter()
        claimledger.extract(text, published="2024-01-01")
        return time.perf_counter() - begin

    small, large = timed(50), timed(400)
    assert large < small * 8 * 3  # eight times the text, well under 24 times the time


def test_time_grows_linearly_on_one_long_capitalised_line():
    unit = "The Very Long Name Of An Organisation Said 40 "  # one line, every word capitalised, no sentence end

    def timed(n):
        begin = time.perf_counter()
        claimledger.extract(unit * n, published="2024-01-01")
        return time.perf_counter() - begin

    small, large = timed(250), timed(2000)
    assert large < small * 8 * 3
