"""The language knowledge, read once from the plain data files in `data/`.

Each file is either a word list (one entry a line) or a TSV table; `#` starts
a comment line. Rules elsewhere build their patterns from these, so adding a
reporting verb or a currency is a data change, not a code change.
"""
from __future__ import annotations

import re
from functools import cache
from importlib import resources


def _lines(name: str) -> list[str]:
    text = resources.files("claimledger").joinpath("data", name).read_text(encoding="utf-8")
    return [line.rstrip("\n") for line in text.splitlines() if line.strip() and not line.startswith("#")]


@cache
def words(name: str) -> frozenset[str]:
    """A word list, lower-cased."""
    return frozenset(line.strip().lower() for line in _lines(name))


@cache
def table(name: str) -> dict[str, tuple[str, ...]]:
    """A TSV table: first column (lower-cased) -> the other columns."""
    out: dict[str, tuple[str, ...]] = {}
    for line in _lines(name):
        key, *rest = line.split("\t")
        out.setdefault(key.strip().lower(), tuple(part.strip() for part in rest))
    return out


@cache
def rows(name: str) -> list[tuple[str, ...]]:
    """A TSV table as rows, case kept."""
    return [tuple(part.strip() for part in line.split("\t")) for line in _lines(name)]


def last_match(pattern: re.Pattern, string: str, pos: int = 0, endpos: int | None = None) -> re.Match | None:
    """The last match of `pattern` in string[pos:endpos], or None."""
    found = None
    for found in pattern.finditer(string, pos, len(string) if endpos is None else endpos):
        pass
    return found


def word_alternation(phrases) -> str:
    """A gated regex for whole words or phrases in any of their usual cases
    (lower, Capitalised, UPPER). Case-sensitive variants run several times
    faster than re.IGNORECASE over a long alternation."""
    variants = set()
    for phrase in phrases:
        variants |= {phrase, phrase[:1].upper() + phrase[1:], phrase.upper()}
    return r"(?<![\w])(?=[A-Za-z])" + alternation(variants) + r"(?![\w])"


def alternation(phrases) -> str:
    """A regex alternation of phrases, spaces matching any run of spaces,
    shaped as a trie ("Ukrain(?:ian|e)"): Python's re tries the branches of a
    flat alternation one by one, so a long list costs several times more.
    Longer phrases are tried first, as in a longest-first alternation."""
    trie: dict = {}
    for phrase in set(phrases):
        node = trie
        for char in phrase:
            node = node.setdefault(r"\s+" if char == " " else re.escape(char), {})
        node[""] = {}  # a phrase ends here
    return "(?:" + _trie_pattern(trie) + ")"


def _trie_pattern(node: dict) -> str:
    branches = sorted(((token, child) for token, child in node.items() if token), key=lambda b: -_depth(b[1]))
    parts = [token + _trie_pattern(child) for token, child in branches]
    if not parts:
        return ""
    body = parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
    return "(?:" + body + ")?" if "" in node else body


def _depth(node: dict) -> int:
    return max((1 + _depth(child) for token, child in node.items() if token), default=0)
