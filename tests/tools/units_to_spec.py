"""Rewrite the measurement lines of the older gold sets to CLAIMS.md as it now
reads ("Measurements"): the unit's symbol (`mm`, `ha`, `t`, `degC`) instead of
the singular noun the sets were written with ("millimetre", "hectare",
"tonne", "degree"), and the measure `measurement`. Nothing else changes.

    python tests/tools/units_to_spec.py tests/gold tests/heldout ...

A bare "degrees" with no scale written stays `degree` (the spec names no
scale for it); "44 degrees Celsius" becomes `degC`. Lines are rewritten in
place, keys in their order; the script prints what it changed.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from claimledger.figures import DIMENSION, UNIT_OF

NOT_PHYSICAL = {"data", "data rate"}  # (none of the old sets counts bytes; kept for clarity)


def symbol_for(line: dict, text: str) -> str | None:
    unit = line.get("unit")
    if not isinstance(unit, str) or unit not in UNIT_OF or unit in ("turn", "turns"):
        return None
    symbol = UNIT_OF[unit]
    if symbol == "degree":
        after = text[line["start"]:line["end"] + 30]
        if re.search(r"\b(?:Celsius|celsius|C)\b|\u00b0C", after):
            return "degC"
        if re.search(r"\b(?:Fahrenheit|fahrenheit|F)\b|\u00b0F", after):
            return "degF"
        return "degree"
    return symbol if DIMENSION.get(symbol) not in NOT_PHYSICAL else None


def rewrite(folder: Path) -> int:
    changed = 0
    for gold_file in sorted(folder.glob("*.gold.jsonl")):
        text = (folder / (gold_file.name[:-len(".gold.jsonl")] + ".txt")).read_text(encoding="utf-8")
        out = []
        for raw in gold_file.read_text(encoding="utf-8").splitlines():
            if not raw.strip():
                out.append(raw)
                continue
            line = json.loads(raw)
            symbol = symbol_for(line, text)
            if symbol is not None:
                print(f"{gold_file.name}: {line['text']!r}: unit {line['unit']} -> {symbol}, "
                      f"measure {line['measure']} -> measurement")
                line["unit"], line["measure"] = symbol, "measurement"
                raw = json.dumps(line, ensure_ascii=False)
                changed += 1
            out.append(raw)
        gold_file.write_text("\n".join(out) + "\n", encoding="utf-8")
    return changed


if __name__ == "__main__":
    for name in sys.argv[1:]:
        print(f"{name}: {rewrite(Path(name))} lines")
