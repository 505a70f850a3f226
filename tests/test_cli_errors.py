"""Issue 15, item 1: one CLI shape. Every command, run against a missing
file, a file that is not a ledger and a folder it cannot write, answers in
one line naming the input, with the exit code the README documents; a
read-only command never creates a ledger; an unknown output format is an
error; no command builds its own options or error handling."""
from __future__ import annotations

import os
import re
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimledger.cli import cli

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(cli.commands)
WRITERS = {"ingest", "reextract"}  # every other command only reads the ledger


def run(*args: object, input: str | None = None):
    result = CliRunner().invoke(cli, [str(a) for a in args], input=input)
    # never a traceback: click's runner catches exceptions, so look for one
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.stderr
    return result


def one_line(result) -> str:
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("claimledger: ")
    return lines[0]


def ledger_args(command: str, db: Path) -> list[str]:
    """The command with its required arguments, on the ledger `db`."""
    positional = {"ingest": ["article.txt"], "extract": ["article.txt"], "quantity": ["killed/x/people"]}
    return [command, *positional.get(command, []), "--db", str(db)] if command != "extract" else \
        [command, "article.txt"]


@pytest.fixture
def place(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("article.txt").write_text("Officials said 40 people died on Monday.", encoding="utf-8")
    Path("notes.txt").write_text("not a ledger\n", encoding="utf-8")
    return tmp_path


def read_only_folder(tmp_path: Path) -> Path:
    """A folder no file can be created in, root or not (root writes
    anywhere chmod forbids; sysfs refuses it too)."""
    if os.geteuid() == 0:
        return Path("/sys")
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    return folder


@pytest.mark.parametrize("command", sorted(set(COMMANDS) - {"extract"}))
def test_missing_ledger(place, command):
    result = run(*ledger_args(command, Path("missing.db")))
    if command == "ingest":  # ingest creates its ledger
        assert result.exit_code == 0 and Path("missing.db").exists()
        return
    assert result.exit_code == 2
    assert "missing.db" in one_line(result) and "no ledger" in result.stderr
    assert not Path("missing.db").exists()  # a read never creates a ledger


@pytest.mark.parametrize("command", sorted(set(COMMANDS) - {"extract"}))
def test_not_a_ledger(place, command):
    result = run(*ledger_args(command, Path("notes.txt")))
    assert result.exit_code == 2
    assert "notes.txt: not a claimledger ledger" in one_line(result)
    assert Path("notes.txt").read_text() == "not a ledger\n"  # never written


def test_a_sqlite_file_of_something_else(place):
    with sqlite3.connect("other.db") as db:
        db.execute("CREATE TABLE birds (name TEXT)")
    for command in COMMANDS:
        if command != "extract":
            result = run(*ledger_args(command, Path("other.db")))
            assert result.exit_code == 2 and "other.db: a SQLite file, but not a claimledger ledger" \
                in one_line(result)


@pytest.mark.parametrize("command", COMMANDS)
def test_read_only_folder(place, command):
    folder = read_only_folder(place)
    target = folder / "ledger.db"
    if command == "extract":
        result = run("extract", "article.txt", "-o", folder / "claims.jsonl")
        assert result.exit_code == 2 and str(folder / "claims.jsonl") in one_line(result)
        return
    result = run(*ledger_args(command, target))
    assert result.exit_code == 2 and str(target) in one_line(result)
    assert not target.exists()


def test_extract_inputs_missing_and_binary(place):
    Path("image.txt").write_bytes(b"\x89PNG\x00\x00\x00")
    result = run("extract", "nothing.txt", "image.txt", "article.txt")
    assert result.exit_code == 1  # some inputs failed; the others were read
    assert result.stderr.splitlines() == ["claimledger: nothing.txt: no such file or directory",
                                          "claimledger: image.txt: binary file, not text (UTF-16 or "
                                          "UTF-32 text needs a byte-order mark)"]
    assert '"doc": "article"' in result.stdout


def test_exit_codes_are_documented_in_the_readme():
    table = dict(re.findall(r"^\| `?(\d)`? \| (.+?) \|$", README, re.M))
    assert set(table) == {"0", "1", "2"}
    assert "fail" in table["1"] and "usage" in table["2"] and "ledger" in table["2"]


def test_exit_codes_are_the_same_everywhere(place):
    assert run("ingest", "article.txt", "--db", "l.db", "-q").exit_code == 0
    assert run("ingest", "article.txt", "gone.txt", "--db", "l.db", "-q").exit_code == 1
    for command in COMMANDS:
        if command not in {"extract", "ingest", "quantity", "serve"}:  # serve would serve on
            assert run(command, "--db", "l.db").exit_code == 0, command
        assert run(command, "--no-such-option").exit_code == 2
    assert run("nosuchcommand").exit_code == 2


@pytest.mark.parametrize("args, named", [
    (["extract", "article.txt", "-o", "claims.xlsx"], "claims.xlsx: unknown output format '.xlsx'"),
    (["claims", "--db", "l.db", "-o", "claims.xlsx"], "claims.xlsx: unknown output format '.xlsx'"),
    (["conflicts", "--db", "l.db", "-o", "c.docx"], "c.docx: unknown output format '.docx'"),
    (["extract", "article.txt", "--format", "csv", "-o", "x.parquet"], "the file's suffix says parquet"),
    (["claims", "--db", "l.db", "--format", "table", "-o", "x.csv"], "x.csv"),
    (["extract", "article.txt", "--format", "xlsx"], "'xlsx' is not one of"),
])
def test_unknown_output_format_is_an_error(place, args, named):
    run("ingest", "article.txt", "--db", "l.db", "-q")
    result = run(*args)
    assert result.exit_code == 2 and named in one_line(result)
    assert not list(Path().glob("*.xlsx")) and not list(Path().glob("*.docx"))


def test_every_row_command_takes_format_and_output(place):
    run("ingest", "article.txt", "--db", "l.db", "-q")
    for command in sorted(set(COMMANDS) - {"ingest", "reextract", "claimreview", "quantity", "report", "serve"}):
        options = {o for p in cli.commands[command].params for o in getattr(p, "opts", [])}
        assert {"--format", "-o"} <= options, command
        args = ["extract", "article.txt"] if command == "extract" else [command, "--db", "l.db"]
        out = Path(f"{command}.csv")
        assert run(*args, "-o", out).exit_code == 0, command
        assert out.read_text(encoding="utf-8").count("\n") >= 1  # the header at least


def test_search_errors_name_the_query(place):
    run("ingest", "article.txt", "--db", "l.db", "-q")
    assert "--search: an empty query" in one_line(run("claims", "--db", "l.db", "--search", " "))
    line = one_line(run("claims", "--db", "l.db", "--search", "died AND"))
    assert "'died AND' is not a full-text query" in line  # said, not silently rewritten
    assert run("claims", "--db", "l.db", "--search", "died").stdout.count('"text": "40"') == 1


def test_one_place_decides_options_and_errors():
    """cli.py names no --db, --format or -o of its own and catches nothing
    but what a command itself means; cli_common.py decides them."""
    source = (ROOT / "src" / "claimledger" / "cli.py").read_text(encoding="utf-8")
    for option in ('"--db"', '"--format"', '"-o"', "sys.exit", "except Exception", "isatty()"):
        count = source.count(option)
        allowed = {"isatty()": 1}.get(option, 0)  # whether stdout is a terminal, for progress
        assert count <= allowed, f"cli.py has {option} {count} times: use cli_common"
    assert not (ROOT / "src" / "claimledger" / "reconcile_cli.py").exists()
