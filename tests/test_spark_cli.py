"""The CLI's Spark glue: --engine spark says in one line what to install
when pyspark is missing; with it, extract -o OUT, ingest OUT and the reports
on --claims OUT run end to end."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimledger.cli import cli
from spark_support import ROOT, extracted, scratch, spark_or_skip


@pytest.mark.parametrize("args", [
    ["extract", str(ROOT / "examples" / "sample"), "--engine", "spark", "-o", "OUT"],
    ["quantities", "--engine", "spark", "--claims", "OUT"],
    ["conflicts", "--engine", "spark", "--claims", "OUT"],
    ["estimates", "--engine", "spark", "--claims", "OUT"],
])
def test_without_pyspark_one_line_says_what_to_install(monkeypatch, args):
    monkeypatch.setitem(sys.modules, "pyspark", None)  # import pyspark fails
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "pip install 'claimledger[spark]'" in lines[0]


def test_extract_ingest_and_report_from_the_command_line(tmp_path):
    spark_or_skip()
    runner = CliRunner()
    sample = ROOT / "examples" / "sample"
    out = tmp_path / "out"
    result = runner.invoke(cli, ["extract", str(sample / "border-skirmish.txt"),
                                 str(tmp_path / "missing.txt"), "--engine", "spark",
                                 "--master", "local[2]", "-o", str(out)])
    assert result.exit_code == 1  # one input failed, as with the local engine
    assert "missing.txt: no such file or directory" in result.output
    assert (out / "_claimledger.json").is_file() and (out / "claims").is_dir()

    db = tmp_path / "ledger.db"
    result = runner.invoke(cli, ["ingest", str(out), "--db", str(db), "--quiet"])
    assert result.exit_code == 1  # the failure recorded in OUT is recorded in the ledger
    local_db = tmp_path / "local.db"
    runner.invoke(cli, ["ingest", str(sample / "border-skirmish.txt"), "--db", str(local_db), "-q"])
    theirs = runner.invoke(cli, ["claims", "--db", str(local_db), "--format", "jsonl"]).output
    assert runner.invoke(cli, ["claims", "--db", str(db), "--format", "jsonl"]).output == theirs
    assert theirs.count("\n") > 5

    for command in (["quantities", "--format", "jsonl"], ["conflicts", "--format", "jsonl"],
                    ["estimates", "--format", "csv"]):
        local = runner.invoke(cli, [*command, "--db", str(db)])
        spark = runner.invoke(cli, [*command, "--engine", "spark", "--claims", str(out)])
        assert spark.exit_code == 0, spark.output
        assert spark.output == local.output
