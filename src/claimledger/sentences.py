"""Sentences and quotations, in one linear pass each.

Sentence ends survive news prose ("Gen.", "U.S.", "Feb. 26", "1.3"), and a
quotation may run across sentences and into the next paragraph (news style
re-opens the quote at each new paragraph and closes it only at its end).
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .lexicon import words

_ABBREVIATIONS = words("abbreviations.txt")
_END = re.compile(r"[.!?]+[\"'\u201d\u2019)]*(?=\s+[\"'\u201c\u2018(]?[A-Z0-9])|\n+")
_CLOCK = {"a.m", "p.m"}
_NEW_SENTENCE = re.compile(r"\s+(?:The|A|An|It|He|She|They|We|In|On|At|But|And|This|That|There)\b")
_WORD_BEFORE = re.compile(r"([A-Za-z.]+)$")
_OPENERS = "\u201c\u2018"
_LONGEST_SENTENCE = 1500


@dataclass(slots=True)
class Quote:
    start: int   # the opening mark
    end: int     # just after the closing mark (or the paragraph's end)
    continues: bool = False  # opened again in a new paragraph: the same speaker


class TextIndex:
    """Sentence and quotation spans of one document, for lookups by offset."""

    def __init__(self, text: str):
        self.text = text
        self.sentences = list(_sentence_spans(text))
        self._sentence_starts = [s for s, _ in self.sentences]
        self.quotes = _quote_spans(text)
        self._quote_starts = [q.start for q in self.quotes]

    def sentence(self, position: int) -> tuple[int, int]:
        """The sentence holding `position`; a run-on "sentence" (no ends for
        pages) is cut to a window around it, so work per figure stays bounded."""
        i = bisect.bisect_right(self._sentence_starts, position) - 1
        start, end = self.sentences[max(i, 0)] if self.sentences else (0, len(self.text))
        if end - start > _LONGEST_SENTENCE:
            start = max(start, position - _LONGEST_SENTENCE // 2)
            end = min(end, position + _LONGEST_SENTENCE // 2)
        return start, end

    def sentence_index(self, position: int) -> int:
        return max(bisect.bisect_right(self._sentence_starts, position) - 1, 0)

    def quote(self, position: int) -> int | None:
        """Index of the quotation holding `position`, if any."""
        i = bisect.bisect_right(self._quote_starts, position) - 1
        if i >= 0 and self.quotes[i].start <= position < self.quotes[i].end:
            return i
        return None

    def paragraph_start(self, position: int) -> int:
        hit = self.text.rfind("\n", 0, position)
        return hit + 1


def _sentence_spans(text: str):
    start = 0
    for match in _END.finditer(text):
        if text[match.start()] == ".":
            word = _WORD_BEFORE.search(text, max(0, match.start() - 12), match.start())
            if word and (word.group(1).lower().rstrip(".") in _ABBREVIATIONS
                         or len(word.group(1)) == 1 and word.group(1).isupper()) \
                    and not (word.group(1).lower() in _CLOCK and _NEW_SENTENCE.match(text, match.end())):
                continue  # ("at 6:00 p.m. The budget ...": a clock time can end a sentence)
        end = match.end()
        if text[start:end].strip():
            yield _trim(text, start, end)
        start = end
    if text[start:].strip():
        yield _trim(text, start, len(text))


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _quote_spans(text: str) -> list[Quote]:
    """Curly quotes pair by direction; straight ones toggle. A quote left open
    at a paragraph's end continues if the next paragraph opens with a quote,
    and is closed at the paragraph's end otherwise (unbalanced marks)."""
    quotes: list[Quote] = []
    open_at: int | None = None
    continues = False
    paragraph_end_pending = False
    last_newline = -1
    for match in re.finditer(r"[\"\u201c\u201d]|\n", text):
        char, position = match.group(0), match.start()
        if char == "\n":
            if paragraph_end_pending and text[last_newline + 1:position].strip():
                paragraph_end_pending = False  # a paragraph with no quote between: not a continuation
            last_newline = position
            if open_at is not None:
                paragraph_end_pending = True
                quotes.append(Quote(open_at, position, continues))
                open_at = None
            continue
        opening = char in _OPENERS or (char == '"' and open_at is None)
        if opening:
            if open_at is not None:  # a second opener inside: treat the first as closed here
                quotes.append(Quote(open_at, position, continues))
            continues = paragraph_end_pending and _starts_paragraph(text, position)
            open_at = position
            paragraph_end_pending = False
        elif open_at is not None:
            quotes.append(Quote(open_at, position + 1, continues))
            open_at = None
            continues = False
            paragraph_end_pending = False
        if not opening:
            paragraph_end_pending = False
    if open_at is not None:
        quotes.append(Quote(open_at, len(text), continues))
    return quotes


def _starts_paragraph(text: str, position: int) -> bool:
    line_start = text.rfind("\n", 0, position) + 1
    return not text[line_start:position].strip()
