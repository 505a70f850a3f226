"""Issue 15, item 5 (escaped output): article text reaches terminals,
spreadsheets and pages as data, never as instructions; text files in other
encodings are read or refused by name."""
from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from claimledger.cli import cli
from claimledger.readers import read_inputs
from claimledger.record import Document, Failure
from claimledger.writers import clean_cell, csv_cell, json_for_html
from ledger_fixtures import make_ledger

HOSTILE = "\x1b[2J\x1b]0;pwned\x07[link=https://evil.example]click[/link] [/] [bold red]"
DOCS = [{"id": "a", "published": "2024-03-10", "url": "javascript:alert(1)", "title": "</script><b>"},
        {"id": "b", "published": "2024-03-20", "url": "https://news.example/b", "title": "B"}]
CLAIMS = [
    {"doc": "a", "speaker": "=HYPERLINK(\"http://evil.example\",\"x\")", "value": 100, "as_of": "2024-03",
     "group": "Ukraine", "text": "+100", "sentence": f"-100 dead {HOSTILE} </script><script>alert(1)</script>"},
    {"doc": "b", "speaker": "@SUM(A1)", "value": 180, "as_of": "2024-03", "group": "Ukraine",
     "sentence": "\t180 dead\r"},
]


@pytest.fixture
def ledger(tmp_path):
    return str(make_ledger(tmp_path / "l.db", DOCS, CLAIMS))


def run(*args):
    result = CliRunner().invoke(cli, list(args), env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.stderr
    return result.stdout


def quantity_id(ledger: str) -> str:
    """The quantity holding doc a's claim (the hostile sentence)."""
    for line in run("quantities", "--db", ledger, "--format", "jsonl").splitlines():
        quantity = json.loads(line)
        if any(ref["doc"] == "a" for ref in quantity["latest_by_source"].values()):
            return quantity["id"]
    raise AssertionError("no quantity of doc a")


def test_terminal_tables_strip_control_characters_and_read_no_markup(ledger):
    for args in (["claims", "--format", "table"], ["quantity", quantity_id(ledger), "--format", "table"],
                 ["conflicts", "--format", "table"]):
        shown = run(*args, "--db", ledger)
        assert "\x1b" not in shown and "\x07" not in shown, args
    shown = run("claims", "--db", ledger, "--format", "table")
    assert "[link=https://evil.example]click[/link] [/] [bold red]" in shown  # shown as written
    shown = run("quantity", quantity_id(ledger), "--db", ledger, "--format", "table")
    assert "[link=https://evil.example]" in shown and "[/]" in shown  # a crash before, and a hidden link


def test_csv_cells_that_would_be_formulas_are_escaped(ledger):
    rows = list(csv.DictReader(io.StringIO(run("claims", "--db", ledger, "--format", "csv"))))
    assert rows[0]["speaker"] == "'=HYPERLINK(\"http://evil.example\",\"x\")"
    assert rows[0]["text"] == "'+100" and rows[0]["sentence"].startswith("'-100 dead")
    assert rows[1]["speaker"] == "'@SUM(A1)" and rows[1]["sentence"] == "'\t180 dead\r"
    assert rows[0]["value"] == "100"  # numbers are numbers
    quantities = list(csv.DictReader(io.StringIO(run("conflicts", "--db", ledger, "--format", "csv"))))
    assert all(not value.startswith(("=", "+", "-", "@")) for row in quantities for value in row.values())


def test_csv_cell_rule():
    assert [csv_cell(v) for v in ("=1+1", "+1", "-1", "@x", "\tx", "\rx", "a=b", -1, 2.5)] == \
        ["'=1+1", "'+1", "'-1", "'@x", "'\tx", "'\rx", "a=b", -1, 2.5]


def test_claimreview_is_safe_to_embed_in_a_page(ledger):
    out = run("claimreview", "--db", ledger)
    assert "</" not in out and "<script" not in out.lower() and "javascript:" not in out
    graph = json.loads(out)["@graph"]  # still the same JSON
    assert "</script><script>alert(1)</script>" in graph[0]["claimReviewed"]
    assert "url" not in graph[0] and graph[1]["url"] == "https://news.example/b"


def test_helpers():
    assert clean_cell("a\x1b[31mb\x9bc\u202ed\ne\tf") == "a[31mbcd\ne\tf"
    assert json.loads(json_for_html({"x": "</script>&"})) == {"x": "</script>&"}


def test_utf16_and_utf32_are_read_by_their_byte_order_mark(tmp_path):
    text = "Officials said 40 people died in Kyiv \u2014 \u041a\u0438\u0457\u0432."
    (tmp_path / "le.txt").write_bytes(text.encode("utf-16"))  # with its BOM
    (tmp_path / "be.txt").write_bytes(b"\xfe\xff" + text.encode("utf-16-be"))
    (tmp_path / "32.txt").write_bytes(text.encode("utf-32"))
    (tmp_path / "nobom.txt").write_bytes(text.encode("utf-16-le"))
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 40 people".encode("latin-1"))
    items = {item.id if isinstance(item, Document) else item.input: item
             for item in read_inputs([str(tmp_path)])}
    for name in ("le", "be", "32"):
        assert items[name].text == text
    assert items[str(tmp_path / "nobom.txt")] == Failure(
        str(tmp_path / "nobom.txt"), "binary file, not text (UTF-16 or UTF-32 text needs a byte-order mark)")
    assert items[str(tmp_path / "latin1.txt")].reason == "not UTF-8 (byte 0xe9 at offset 3)"
