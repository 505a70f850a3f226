"""Build the API reference from the docstrings: `make docs` (pdoc), into
docs/api/ or the folder given. tests/test_library.py builds it too, and runs
every example in the docstrings."""
from __future__ import annotations

import pkgutil
import sys
from pathlib import Path


def modules() -> list[str]:
    import claimledger

    return ["claimledger"] + sorted(m.name for m in pkgutil.iter_modules(claimledger.__path__, "claimledger."))


def build(output: Path, names: list[str] | None = None) -> None:
    import pdoc
    import pdoc.render

    pdoc.render.configure(docformat="markdown", search=names is None)
    pdoc.pdoc(*(names or modules()), output_directory=output)


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent / "api")
