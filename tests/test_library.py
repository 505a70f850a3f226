"""Issue 15, item 8: the library. A typed package (py.typed) whose public API
(records, extraction, inputs, the ledger, quantities, conflicts, fusion) is
importable from `claimledger` and documented; the API reference is built
from the docstrings (pdoc: `make docs`), and every example in them runs
here; the licence is a LICENSE file and an SPDX string."""
from __future__ import annotations

import doctest
import importlib
import pkgutil
import tomllib
from pathlib import Path

import pytest

import claimledger

ROOT = Path(__file__).resolve().parents[1]
MODULES = sorted(m.name for m in pkgutil.iter_modules(claimledger.__path__, "claimledger."))


def test_typed_package():
    assert (Path(claimledger.__file__).parent / "py.typed").exists()
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert "py.typed" in pyproject["tool"]["setuptools"]["package-data"]["claimledger"]


def test_public_api_is_importable_and_documented():
    for name in claimledger.__all__:
        member = getattr(claimledger, name)
        if not name.startswith("__") and name != "EXTRACTOR_VERSION":
            assert (member.__doc__ or "").strip(), f"claimledger.{name} has no docstring"
    for name in ("Ledger", "list_quantities", "find_conflicts", "estimates", "claim_reviews", "read_inputs"):
        assert name in claimledger.__all__


@pytest.mark.parametrize("module", MODULES)
def test_docstring_examples_run(module):
    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


def test_docstring_examples_exist():
    attempted = sum(doctest.testmod(importlib.import_module(m)).attempted for m in MODULES)
    assert attempted >= 10


def test_api_reference_builds(tmp_path):
    import runpy

    pytest.importorskip("pdoc")
    build_api = runpy.run_path(str(ROOT / "docs" / "build_api.py"))
    assert set(MODULES) < set(build_api["modules"]())  # `make docs` documents every module
    build_api["build"](tmp_path, ["claimledger", "claimledger.ledger"])  # two here, to stay fast
    index = (tmp_path / "claimledger.html").read_text(encoding="utf-8")
    for name in ("Ledger", "extract_pieces", "find_conflicts", "claim_reviews"):
        assert name in index
    assert "read_only" in (tmp_path / "claimledger" / "ledger.html").read_text(encoding="utf-8")


def test_licence():
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "Apache License" in text and "Version 2.0, January 2004" in text
    assert "END OF TERMS AND CONDITIONS" in text
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    # an SPDX expression, not the deprecated table: the code's licence, and the parser's
    assert project["license"] == "Apache-2.0 AND CC-BY-SA-4.0"
    assert "LICENSE" in project["license-files"]
