"""Reading numbers as written: digits, scale words, number words, fractions,
vague magnitudes. Pure functions from a surface string to a value.
"""
from __future__ import annotations

import re

from .lexicon import table

_WORD_VALUES = {w: float(v[0]) for w, v in table("number_words.tsv").items()}
_MULTIPLY = frozenset(w for w, v in table("number_words.tsv").items() if v[1].startswith("scale") and float(v[0]) < 1000)
_SCALES = {w: float(v[0]) for w, v in table("scales.tsv").items()}
_FRACTIONS = {w: int(v[0]) for w, v in table("fractions.tsv").items() if len(v) == 1 and w not in ("first", "firsts", "second", "seconds")}
_COMPOUND_ENDS = {w: int(v[0]) for w, v in table("fractions.tsv").items() if len(v) == 1 and w.isalpha()}  # "twenty-first"
GLYPHS = {w: (float(v[1]), float(v[0])) for w, v in table("fractions.tsv").items() if len(v) == 2}  # "½" -> (1, 2)
_TENS = frozenset({"twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"})
_LARGE_SCALES = frozenset({"million", "billion", "trillion", "lakh", "lakhs", "crore", "crores"})
_VAGUE = {w: (float(v[0]), float(v[1])) for w, v in table("vague.tsv").items()}
_MULTIPLIERS = {"tens": 10.0, "hundreds": 100.0}

NUMBER_WORDS = frozenset(_WORD_VALUES)
AFTER_A_NUMBER_ONLY = frozenset(w for w, v in table("number_words.tsv").items() if v[1] == "scale after")  # "dozs"
FRACTION_WORDS = frozenset(_FRACTIONS)          # "third", "fifths", "hundredths": a denominator
COMPOUND_ENDS = frozenset(_COMPOUND_ENDS) - FRACTION_WORDS  # "first", "second": only after a tens word
SCALE_WORDS = frozenset(_SCALES)
VAGUE_WORDS = frozenset(_VAGUE)


def scale_factor(words: str) -> float:
    """'million' -> 1e6; 'hundred thousand' -> 1e5 (scale words written one after another multiply)."""
    factor = 1.0
    for word in words.split():
        factor *= _SCALES[word.lower()]
    return factor


def scaled(value: float, factor: float) -> float:
    """`value` times `factor`, without the float's noise (4.1 billion, not 4099999999.9999995)."""
    return float(f"{value * factor:.12g}")


def scale_needs_money(words: str) -> bool:
    return table("scales.tsv")[words.split()[-1].lower()][1] in ("money", "currency")


def scale_needs_currency(words: str) -> bool:
    return table("scales.tsv")[words.split()[-1].lower()][1] == "currency"


def parse_digits(surface: str) -> float:
    """'31,000' -> 31000; '300 000' -> 300000; '1.3' -> 1.3."""
    return float(re.sub(r"[,\s\u00a0\u202f]", "", surface))


def parse_words(surface: str) -> float | None:
    """'three hundred' -> 300; 'a dozen' -> 12; 'two thousand five hundred' -> 2500;
    'one and a half million' -> 1.5e6. None when the words are not a number."""
    tokens = [t for t in re.split(r"[\s-]+", surface.lower()) if t]
    total, current, seen = 0.0, 0.0, False
    last_scale = 0.0  # the large scale word just read, if the last word was one
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
        if token in _MULTIPLY:
            current = (current or 1.0) * value
        elif value >= 1000 and not current and last_scale and value > last_scale:
            total *= value  # "three lakh crore", "two thousand million": scale words one after another multiply
        elif value >= 1000:
            total += (current or 1.0) * value
            current = 0.0
        else:
            current += value
        last_scale = value if value >= 1000 else 0.0
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


def parse_fraction_words(surface: str) -> tuple[float, float | None] | None:
    """A fraction or a mixed number in words, perhaps with a whole part in digits:
    'five eighths' -> (5, 8); 'a hundredth' -> (1, 100); 'three twenty-firsts' -> (3, 21);
    'one and a half' -> (1.5, None); 'two hundred and fifty-four hundredths' -> (200.54, None);
    '3 million and a half' -> (3.5e6, None) (the half of the million); 'five and a half million'
    -> (5.5e6, None); 'two thirds of a million' -> (666666.7, None). None when it is none."""
    tokens = [t for t in re.split(r"[\s\-\u2013]+", surface.lower()) if t]
    scale = 1.0
    while len(tokens) > 1 and tokens[-1] in _SCALES and tokens[-1] not in _FRACTIONS:
        scale *= _SCALES[tokens.pop()]  # "... and a half million", "two thirds of a million"
    while tokens[-1:] and tokens[-1] in ("of", "a", "an") and len(tokens) > 2:
        tokens.pop()
    if not tokens or tokens[-1] not in _FRACTIONS and tokens[-1] not in _COMPOUND_ENDS:
        return None
    last = tokens.pop()
    if len(tokens) >= 2 and tokens[-1] in _TENS and last in _COMPOUND_ENDS and _COMPOUND_ENDS[last] < 10:
        denominator = _WORD_VALUES[tokens.pop()] + _COMPOUND_ENDS[last]  # "three twenty-firsts"
    elif last in _FRACTIONS:
        denominator = _FRACTIONS[last]
    else:
        return None
    whole_tokens: list[str] = []
    if "and" in tokens:
        cut = len(tokens) - 1 - tokens[::-1].index("and")
        whole_tokens, tokens = tokens[:cut], tokens[cut + 1:]
    numerator = 1.0 if tokens in (["a"], ["an"], ["one"]) else _parse_whole(tokens)
    if numerator is None:
        return None
    if whole_tokens:
        whole = _parse_whole(whole_tokens)
        if whole is None:
            return None
        if numerator >= denominator:  # "one hundred and thirty fifths": 130 fifths, no mixed number
            numerator, whole = _parse_whole(whole_tokens + ["and"] + tokens), 0.0
            if numerator is None:
                return None
            return numerator / denominator * scale, None
        part = numerator / denominator
        if whole_tokens[-1] in _LARGE_SCALES:  # "3 million and a half": half a million;
            return whole + part * (scale if scale != 1.0 else _SCALES[whole_tokens[-1]]), None  # "one billion and a half million"
        return (whole + part) * scale, None
    if scale != 1.0:
        return numerator / denominator * scale, None
    return numerator, float(denominator)


def _parse_whole(tokens: list[str]) -> float | None:
    """Number words, or digits with scale words after them ('3 million')."""
    if not tokens:
        return None
    if re.fullmatch(r"[\d,.]+", tokens[0]):
        try:
            value = parse_digits(tokens[0])
        except ValueError:
            return None
        for token in tokens[1:]:
            if token not in _SCALES:
                return None
            value *= _SCALES[token]
        return value
    return parse_words(" ".join(tokens))


def parse_digit_fraction(surface: str) -> tuple[float, float | None] | None:
    """'1/4' -> (1, 4); '2 1/2' -> (2.5, None); '½' -> (1, 2); '2½' -> (2.5, None)."""
    text = surface.strip()
    glyph = text[-1:]
    if glyph in GLYPHS:
        numerator, denominator = GLYPHS[glyph]
        whole = text[:-1].strip()
        return (float(whole) + numerator / denominator, None) if whole else (numerator, denominator)
    hit = re.fullmatch(r"(?:(\d+)\s+)?(\d+)\s*/\s*(\d+)", text)
    if not hit or int(hit.group(3)) == 0:
        return None
    numerator, denominator = float(hit.group(2)), float(hit.group(3))
    if hit.group(1):
        return float(hit.group(1)) + numerator / denominator, None
    return numerator, denominator
