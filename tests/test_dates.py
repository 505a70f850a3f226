"""Issue 15, item 2: dates are checked wherever they enter, and the library's
`published` takes a date, a datetime or ISO text."""
from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner

import claimledger
from claimledger.cli import cli
from claimledger.ledger import Ledger
from claimledger.readers import read_inputs
from claimledger.record import Failure, InvalidDate, check_date

TEXT = "On Monday 40 people died, officials said."


@pytest.mark.parametrize("value, expected", [
    ("2024", "2024"), ("2024-02", "2024-02"), ("2024-02-29", "2024-02-29"),
    ("2024-02-27T10:00:00Z", "2024-02-27T10:00:00Z"), (dt.date(2024, 2, 12), "2024-02-12"),
    (dt.datetime(2024, 2, 12, 23, 59), "2024-02-12"), (None, None),
])
def test_good_dates(value, expected):
    assert check_date(value) == expected


@pytest.mark.parametrize("value", ["2024-13-45", "2023-02-29", "2024-13", "2024-00", "26/02/2024",
                                   "yesterday", "20245", "2024-1-5", 20240101])
def test_impossible_dates_are_errors_naming_the_input(value):
    with pytest.raises(InvalidDate, match="^--published: "):
        check_date(value, "--published")


def test_library_published_takes_date_datetime_and_text():
    by_text = claimledger.extract(TEXT, published="2024-02-27")
    assert by_text[0].as_of == "2024-02-26"
    assert claimledger.extract(TEXT, published=dt.date(2024, 2, 27)) == by_text
    assert claimledger.extract(TEXT, published=dt.datetime(2024, 2, 27, 8, 0)) == by_text
    with pytest.raises(InvalidDate, match="published: '2024-13-45'"):
        claimledger.extract(TEXT, published="2024-13-45")


def test_metadata_dates_are_checked(tmp_path):
    lines = tmp_path / "docs.jsonl"
    lines.write_text(json.dumps({"id": "a", "text": TEXT, "published": "2024-02-30"}) + "\n"
                     + json.dumps({"id": "b", "text": TEXT, "published": "2024-02-27"}) + "\n")
    bad, good = read_inputs([str(lines)])
    assert bad == Failure(f"{lines}:1", "published: '2024-02-30' is not a date (day is out of range for month)")
    assert good.published == "2024-02-27"
    (tmp_path / "c.txt").write_text(TEXT)
    (tmp_path / "c.meta.json").write_text('{"published": "2024-13"}')
    (failure,) = read_inputs([str(tmp_path / "c.txt")])
    assert isinstance(failure, Failure) and failure.input == str(tmp_path / "c.txt") \
        and "'2024-13' is not a date" in failure.reason


@pytest.mark.parametrize("args", [["extract", "-", "--published", "2024-13-45"],
                                  ["claims", "--since", "2024-13"],
                                  ["claims", "--until", "2024-02-30"]])
def test_cli_dates_are_usage_errors(tmp_path, args):
    result = CliRunner().invoke(cli, args + ["--db", str(tmp_path / "x.db")] if args[0] == "claims" else args,
                                input=TEXT)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "is not a date" in result.stderr
    assert args[-2] in result.stderr  # names the option


def test_ledger_queries_check_dates(tmp_path):
    with Ledger(tmp_path / "l.db") as ledger:
        with pytest.raises(InvalidDate, match="since"):
            list(ledger.claims(since="2024-13"))
