"""`claimledger extract`: formats, every spec field, failures named on stderr
with the run going on, exit codes, stdin."""
from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from claimledger import extract
from claimledger.cli import EXTRACT_COLUMNS, cli
from claimledger.readers import content_id
from claimledger.record import CLAIM_FIELDS

CLAIMLEDGER = str(Path(sys.executable).with_name("claimledger"))
TEXT_A = ("The regional governor said on Tuesday that 1,200 people had been evacuated "
          "from three villages. Officials put the damage at about $4.5 million.")
TEXT_B = "Between 300 and 350 volunteers joined the search, and 40 of 200 boats returned."


@pytest.fixture
def corpus(tmp_path):
    tmp_path = tmp_path / "corpus"
    tmp_path.mkdir()
    (tmp_path / "a.txt").write_text(TEXT_A, encoding="utf-8")
    (tmp_path / "b.txt").write_text(TEXT_B, encoding="utf-8")
    (tmp_path / "b.meta.json").write_text('{"published": "2024-05-10"}', encoding="utf-8")
    return tmp_path


def with_provenance(claims, published=None, url=None, title=None):
    return [{**c.to_dict(), "doc_url": url, "doc_title": title, "doc_published": published}
            for c in claims]


def expected(published_a=None):
    """The spec's fields of each claim, then its document's URL, title and date."""
    return (with_provenance(extract(TEXT_A, published=published_a, doc_id="a"), published_a)
            + with_provenance(extract(TEXT_B, published="2024-05-10", doc_id="b"), "2024-05-10"))


def run(*args, input=None):
    return CliRunner().invoke(cli, [str(a) for a in args], input=input, catch_exceptions=False)


def test_jsonl_on_stdout_has_every_field_in_spec_order(corpus):
    result = run("extract", corpus)
    assert result.exit_code == 0, result.stderr
    claims = [json.loads(line) for line in result.stdout.splitlines()]
    assert claims and claims == expected()
    assert all(list(claim) == list(EXTRACT_COLUMNS) for claim in claims)
    assert result.stderr == ""


def test_published_option_fills_documents_without_a_date(corpus):
    result = run("extract", corpus, "--published", "2024-02-26")
    claims = [json.loads(line) for line in result.stdout.splitlines()]
    assert claims == expected(published_a="2024-02-26")


def test_bad_published_is_a_usage_error(corpus):
    result = run("extract", corpus, "--published", "26/02/2024")
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.stderr
    assert EXTRACT_COLUMNS[:len(CLAIM_FIELDS)] == CLAIM_FIELDS


def test_csv_inferred_from_output_suffix(corpus, tmp_path):
    out = tmp_path / "claims.csv"
    assert run("extract", corpus, "-o", out).exit_code == 0
    with out.open(newline="", encoding="utf-8") as stream:
        rows = list(csv.reader(stream))
    assert tuple(rows[0]) == EXTRACT_COLUMNS
    claims = expected()
    assert len(rows) - 1 == len(claims)
    first = dict(zip(EXTRACT_COLUMNS, rows[1]))
    assert first["doc"] == "a" and first["text"] == claims[0]["text"]
    assert first["approx"] in ("true", "false") and first["per"] == (claims[0]["per"] or "")


def test_parquet(corpus, tmp_path):
    out = tmp_path / "claims.out"
    assert run("extract", corpus, "--format", "parquet", "-o", out).exit_code == 0
    table = pq.read_table(out)
    assert tuple(table.column_names) == EXTRACT_COLUMNS
    rows = table.to_pylist()
    claims = expected()
    assert len(rows) == len(claims)
    for row, claim in zip(rows, claims):
        assert row["doc"] == claim["doc"] and (row["start"], row["end"]) == (claim["start"], claim["end"])
        assert row["value"] == claim["value"] and row["approx"] is claim["approx"]


def test_failures_are_named_and_the_run_goes_on(corpus, tmp_path):
    bad = tmp_path / "lines.jsonl"
    bad.write_text('{"id": "ok", "text": "Rescuers found 17 survivors."}\n[]\n{"id": "x"}\n',
                   encoding="utf-8")
    missing = tmp_path / "missing.txt"
    result = run("extract", missing, bad, corpus / "a.txt")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"claimledger: {missing}: no such file or directory",
        f"claimledger: {bad}:2: not a JSON object but list",
        f'claimledger: {bad}:3: no "text" field',
    ]
    docs = {json.loads(line)["doc"] for line in result.stdout.splitlines()}
    assert docs == {"ok", "a"}


def test_stdin_and_exit_code_in_a_real_process():
    result = subprocess.run([CLAIMLEDGER, "extract", "-"], input=TEXT_A, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    claims = [json.loads(line) for line in result.stdout.splitlines()]
    assert claims == with_provenance(extract(TEXT_A, doc_id=content_id("stdin", TEXT_A)))

    result = subprocess.run([CLAIMLEDGER, "extract", "-", "/nonexistent/file.txt"],
                            input=TEXT_B, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "claimledger: /nonexistent/file.txt: no such file or directory" in result.stderr
    assert {json.loads(line)["doc"] for line in result.stdout.splitlines()} == {content_id("stdin", TEXT_B)}


def test_stdin_jsonl():
    lines = "\n".join(json.dumps({"id": f"s{i}", "text": TEXT_B}) for i in range(3))
    result = run("extract", "-", input=lines)
    assert result.exit_code == 0
    assert {json.loads(line)["doc"] for line in result.stdout.splitlines()} == {"s0", "s1", "s2"}


def test_no_inputs_is_a_usage_error():
    result = run("extract")
    assert result.exit_code == 2 and "INPUT" in result.stderr
