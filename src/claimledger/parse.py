"""The parse of the sentences that hold figures.

Figure finding runs on the whole text and is cheap; the dependency parse is
not, so only the sentences that hold a figure are parsed, in one batch per
document. Every token keeps its character offset into the document, so the
stages that read the tree still speak in document offsets.
"""
from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from .lexicon import words

if TYPE_CHECKING:  # spaCy is imported when a parser is first loaded, not with the package
    from spacy.language import Language
    from spacy.tokens import Doc, Token

_BATCH = 64


@cache
def load_parser(model: str | None = None) -> "Language":
    """The spaCy pipeline that parses: ours (shipped in the package) unless
    `model` names another pipeline (a package name or a path) with a parser."""
    import spacy
    from spacy.attrs import ORTH
    from spacy.language import Language

    if "claimledger_one_sentence" not in Language.factories:
        Language.component("claimledger_one_sentence", func=_one_sentence)
    if model is None:
        path = Path(str(resources.files("claimledger").joinpath("parser")))
        if not (path / "config.cfg").exists():
            raise FileNotFoundError(f"{path}: the shipped parser is missing (run `make model`)")
        nlp = spacy.load(path)
    else:
        nlp = spacy.load(model)
    if "parser" not in nlp.pipe_names:
        raise ValueError(f"{model}: has no dependency parser")
    unused = [name for name in nlp.pipe_names if name not in _USED]
    for name in unused:  # an entity recogniser or text classifier costs time and reads nothing we need
        nlp.disable_pipe(name)
    for abbreviation in words("abbreviations.txt"):  # "Col. Jane Doe" is one sentence, "Col." one word
        for form in {abbreviation, abbreviation.capitalize(), abbreviation.upper()}:
            if "." not in form.rstrip("."):
                nlp.tokenizer.add_special_case(form.rstrip(".") + ".", [{ORTH: form.rstrip(".") + "."}])
    nlp.add_pipe("claimledger_one_sentence", before="parser")
    return nlp


def _one_sentence(doc: "Doc") -> "Doc":
    """We parse what our sentence splitter calls one sentence: the parser
    may not split it again (at "Col." or a quote)."""
    for token in doc[1:]:
        token.is_sent_start = False
    return doc


_USED = {"tok2vec", "tagger", "morphologizer", "parser", "lemmatizer", "trainable_lemmatizer", "attribute_ruler",
         "senter", "transformer"}


@dataclass(slots=True)
class Sentence:
    """One parsed sentence: `start` is its offset in the document."""

    start: int
    end: int
    doc: "Doc"
    _starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._starts = [self.start + token.idx for token in self.doc]

    def offset(self, token: "Token") -> int:
        return self.start + token.idx

    def end_of(self, token: "Token") -> int:
        return self.start + token.idx + len(token.text)

    def tokens_in(self, start: int, end: int) -> list["Token"]:
        """The tokens that overlap [start, end) of the document."""
        first = max(bisect.bisect_right(self._starts, start) - 1, 0)
        found = []
        for token in self.doc[first:]:
            begin = self._starts[token.i]
            if begin >= end:
                break
            if begin + len(token.text) > start:
                found.append(token)
        return found

    def head_of(self, start: int, end: int) -> "Token | None":
        """The token that heads the words in [start, end): the one whose head
        lies outside them (the highest, if several do)."""
        tokens = self.tokens_in(start, end)
        inside = {t.i for t in tokens}
        heads = [t for t in tokens if t.head.i not in inside or t.head.i == t.i]
        if not heads:
            return None
        return min(heads, key=depth)


def clause_span(text: str, sentence: tuple[int, int], position: int) -> tuple[int, int]:
    """The part of a sentence that holds `position`, cut at semicolons: what
    a semicolon joins are sentences of their own ("World Bank puts damage at
    $8.4bn; Beirut says $17bn"), and a parser reads each better alone."""
    start, end = sentence
    before = text.rfind(";", start, position)
    after = text.find(";", position, end)
    start = before + 1 if before >= 0 else start
    end = after if after >= 0 else end
    while start < end and text[start].isspace():
        start += 1
    return start, end


def depth(token: "Token") -> int:
    """How many arcs from the root of its sentence."""
    steps = 0
    while token.head.i != token.i and steps < 200:
        token, steps = token.head, steps + 1
    return steps


class Parses:
    """The parsed sentences of one document, by the spans that were asked for."""

    def __init__(self, text: str, spans: Iterable[tuple[int, int]], nlp: "Language"):
        self.text, self.nlp = text, nlp
        unique = sorted(set(spans))
        docs = nlp.pipe((text[start:end] for start, end in unique), batch_size=_BATCH)
        self._by_span = {span: Sentence(span[0], span[1], doc) for span, doc in zip(unique, docs)}

    def sentence(self, span: tuple[int, int]) -> Sentence | None:
        """The parse of a span asked for when the document was parsed."""
        return self._by_span.get(span)

    def parse(self, span: tuple[int, int]) -> Sentence:
        """The parse of any span, parsed now if it was not in the batch."""
        found = self._by_span.get(span)
        if found is None:
            found = self._by_span[span] = Sentence(span[0], span[1], self.nlp(self.text[span[0]:span[1]]))
        return found

    def __len__(self) -> int:
        return len(self._by_span)
