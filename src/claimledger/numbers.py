"""Reading numbers as written: digits, scale words, number words, fractions,
vague magnitudes. Pure functions from a surface string to a value.
"""
from __future__ import annotations

import re

from .lexicon import table

_WORD_VALUES = {w: float(v[0]) for w, v in table("number_words.tsv").items()}
_SCALES = {w: float(v[0]) for w, v in table("scales.tsv").items()}
_FRACTIONS = {w: int(v[0]) for w, v in table("fractions.tsv").items()}
_VAGUE = {w: (float(v[0]), float(v[1])) for w, v in table("vague.tsv").items()}
_MULTIPLIERS = {"tens": 10.0, "hundreds": 100.0}

NUMBER_WORDS = frozenset(_WORD_VALUES)
SCALE_WORDS = frozenset(_SCALES)
VAGUE_WORDS = frozenset(_VAGUE)


def scale_factor(words: str) -> float:
    """'million' -> 1e6; 'hundred thousand' -> 1e5 (scale words written one after another multiply)."""
    factor = 1.0
    for word in words.split():
        factor *= _SCALES[word.lower()]
    return factor


def scale_needs_money(words: str) -> bool:
    return table("scales.tsv")[words.split()[-1].lower()][1] == "money"


def parse_digits(surface: str) -> float:
    """'31,000' -> 31000; '300 000' -> 300000; '1.3' -> 1.3."""
    return float(re.sub(r"[,\s\u00a0\u202f]", "", surface))


def parse_words(surface: str) -> float | None:
    """'three hundred' -> 300; 'a dozen' -> 12; 'two thousand five hundred' -> 2500;
    'one and a half million' -> 1.5e6. None when the words are not a number."""
    tokens = [t for t in re.split(r"[\s-]+", surface.lower()) if t]
    total, current, seen = 0.0, 0.0, False
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token == "and" and tokens[i + 1:i + 3] == ["a", "half"]:
            current += 0.5
            i += 3
            continue
        if token in ("and",):
            i += 1
            continue
        if token in ("a", "an"):
            i += 1  # "a dozen", "a hundred": one of the scale, which the scale word reads as 1 already;
            continue  # "a five course meal" is five, not six
        value = _WORD_VALUES.get(token)
        if value is None:
            return None
        seen = True
        if token in ("hundred", "dozen"):
            current = (current or 1.0) * value
        elif value >= 1000:
            total += (current or 1.0) * value
            current = 0.0
        else:
            current += value
        i += 1
    return total + current if seen else None


def parse_fraction(surface: str) -> tuple[float, float] | None:
    """'two-thirds' -> (2, 3); 'a third' -> (1, 3); 'half' -> (1, 2)."""
    tokens = [t for t in re.split(r"[\s-]+", surface.lower()) if t]
    if not tokens or tokens[-1] not in _FRACTIONS:
        return None
    denominator = _FRACTIONS[tokens[-1]]
    if len(tokens) == 1:
        return 1.0, float(denominator)
    numerator = 1.0 if tokens[0] in ("a", "an", "one") else _WORD_VALUES.get(tokens[0])
    if numerator is None:
        return None
    return float(numerator), float(denominator)


def parse_vague(surface: str) -> tuple[float, float] | None:
    """'tens and hundreds of millions' -> (1e7, 1e9); 'thousands' -> (1e3, 1e6)."""
    tokens = [t for t in re.split(r"\s+", surface.lower()) if t]
    base = _VAGUE.get(tokens[-1])
    if base is None:
        return None
    multipliers = [_MULTIPLIERS[t] for t in tokens[:-1] if t in _MULTIPLIERS]
    if not multipliers:
        return base
    low_base = base[0]
    # "tens of thousands": ten times the base, up to ten times that again.
    return low_base * min(multipliers), low_base * max(multipliers) * 10


def parse_few(scale: str) -> tuple[float, float]:
    """'several thousand' -> (2000, 10000): more than one, fewer than ten of the scale."""
    factor = _WORD_VALUES[scale.lower()]
    return 2 * factor, 10 * factor
