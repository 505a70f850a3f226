"""Terminal tables that fit: columns chosen for the width, no number broken,
a pager on a terminal when the table is taller than it, `claims --limit`."""
from __future__ import annotations

import io
import json
import re

import pytest
from click.testing import CliRunner
from rich.console import Console

from claimledger.cli import cli
from claimledger.writers import Column, fit_columns, print_fitted, print_table
from ledger_fixtures import SEED, seed_ledger

CLAIMS = [
    {"doc": "paris-summit", "value": 300000.0, "low": 300000.0, "high": 350000.0, "approx": True,
     "unit": "people", "measure": "killed", "group": "Ukraine", "speaker": "Douglas Macgregor",
     "via": "Fox News", "disputed_by": "Volodymyr Zelensky", "as_of": "2024-02-27",
     "sentence": "We were talking about 300,000-350,000 a few months ago, he said on air."},
    {"doc": "spring-offensive-report", "value": 1300000.0, "unit": "people", "per": "year",
     "measure": "casualties", "group": "United States", "speaker": "Pentagon officials",
     "as_of": "2023", "projected": True, "sentence": "That would be 1.3 million a year."},
]
FIGURES = ["~300,000–350,000 people", "1,300,000 people/year (projected)", "2024-02-27"]


def render(width: int, claims=CLAIMS) -> str:
    out = io.StringIO()
    print_table(claims, console=Console(file=out, width=width, color_system=None))
    return out.getvalue()


@pytest.mark.parametrize("width", [40, 60, 80, 100, 140, 220])
def test_claims_table_fits_and_never_breaks_a_number(width):
    text = render(width)
    assert max(len(line) for line in text.splitlines()) <= width
    for figure in FIGURES[:2]:
        assert figure in text, f"{figure} broken at width {width}"


def test_columns_chosen_by_width():
    def headers(width):
        return re.findall(r"[┃│] (\w[\w ]*?) +(?=[┃│])", render(width).splitlines()[1])
    assert headers(40) == ["figure"]
    assert "sentence" not in headers(80) and {"figure", "as of", "speaker"} <= set(headers(80))
    assert headers(220) == ["doc", "figure", "measure", "group", "speaker", "as of", "sentence"]


def test_fit_keeps_columns_that_must_stay():
    columns = [Column("id", "id"), Column("n", "number", drop=1), Column("text", "text", drop=2)]
    rows = [["killed/Ukraine/people", "1,300,000", "a long text " * 10]]
    assert fit_columns(columns, rows, 200) == [0, 1, 2]
    assert fit_columns(columns, rows, 49) == [0, 1]  # 50 holds the text at its narrowest, 10
    assert fit_columns(columns, rows, 10) == [0]  # never dropped, even when too wide


def test_cells_are_not_markup():
    out = io.StringIO()
    print_fitted([Column("x")], [["[bold]not bold[/] [link=https://x]y[/link] [/]"]],
                 console=Console(file=out, width=80, color_system=None))
    assert "[bold]not bold[/] [link=https://x]y[/link] [/]" in out.getvalue()


def test_pager_on_a_terminal_when_taller_than_it(monkeypatch):
    paged = []

    class Recorder:
        def __enter__(self):
            paged.append(True)

        def __exit__(self, *exc):
            return False

    def console(height):
        c = Console(file=io.StringIO(), width=100, height=height, force_terminal=True)
        monkeypatch.setattr(c, "pager", lambda **kw: Recorder())
        return c
    print_table(CLAIMS * 20, console=console(20))
    assert paged == [True]
    print_table(CLAIMS[:1], console=console(50))
    assert paged == [True]  # short: printed straight
    piped = Console(file=io.StringIO(), width=100, height=5)  # not a terminal: never paged
    monkeypatch.setattr(piped, "pager", lambda **kw: Recorder())
    print_table(CLAIMS * 20, console=piped)
    assert paged == [True]


@pytest.mark.skipif(not SEED.exists(), reason="needs ../shared/corpus/seed")
def test_reconcile_tables_fit_an_80_column_terminal(tmp_path, monkeypatch):
    db = seed_ledger(tmp_path / "seed.db")
    monkeypatch.setenv("COLUMNS", "80")
    for command in (["quantities"], ["conflicts"], ["quantity", "killed/Ukraine/people@russia-ukraine-war"]):
        result = CliRunner().invoke(cli, [*command, "--db", str(db), "--format", "table"])  # piped: jsonl by default
        assert result.exit_code == 0, result.output
        lines = result.output.splitlines()
        assert max(len(line) for line in lines) <= 80, command
        if command == ["quantities"]:
            # One line per quantity: the numbers are not folded into pieces.
            assert len(lines) <= 10 + 6
    # The keys name their event (issue 12): beside the longest of them and the
    # highest figure (1,000,000,000,000 of aid), 80 columns hold no figure;
    # 100 hold the highest, whole.
    monkeypatch.setenv("COLUMNS", "100")
    result = CliRunner().invoke(cli, ["quantities", "--db", str(db), "--format", "table"])
    assert "400,000" in result.output and len(result.output.splitlines()) <= 10 + 6


@pytest.mark.skipif(not SEED.exists(), reason="needs ../shared/corpus/seed")
def test_claims_limit(tmp_path):
    db = seed_ledger(tmp_path / "seed.db")
    result = CliRunner().invoke(cli, ["claims", "--db", str(db), "--limit", "3", "--format", "jsonl"])
    assert result.exit_code == 0
    assert len([json.loads(line) for line in result.output.splitlines()]) == 3
