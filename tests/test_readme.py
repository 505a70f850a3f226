"""The README's commands are real: every `claimledger` command and option it shows exists."""
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimledger.cli import cli

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
SHOWN = sorted({line.strip().split("#")[0].strip() for line in README.splitlines()
                if line.strip().startswith("claimledger ")})


def test_readme_shows_commands():
    assert len(SHOWN) >= 10


@pytest.mark.parametrize("line", SHOWN)
def test_readme_command_exists(line):
    words = line.split()
    command = cli.get_command(None, words[1])
    assert command is not None, f"README shows an unknown command: {line}"
    known = {opt for param in command.params for opt in getattr(param, "opts", [])}
    for option in re.findall(r"(?<!\S)(--?[a-z][\w-]*)", line):
        assert option in known, f"README shows {option}, which `claimledger {words[1]}` does not take"
    assert CliRunner().invoke(cli, [words[1], "--help"]).exit_code == 0


def test_readme_names_the_two_commands():
    assert "make run" in README and "make test" in README
    assert "make test" in (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text()
