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
