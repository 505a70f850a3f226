"""The parse of the sentences that hold figures.

Figure finding runs on the whole text and is cheap; the dependency parse is
not, so only the sentences that hold a figure (and the lead, for the frame)
are parsed, in one batch per document, each as exactly one sentence. Every
token keeps its character offset into the document, so the stages that read
the tree still speak in document offsets.

The parser is claimledger's own spaCy pipeline, shipped as package data in
`claimledger/parser/` (trained on UD English EWT by `make model`; the model
files are CC BY-SA 4.0, see the LICENSE there), or any spaCy pipeline with a
dependency parser the user names. Nothing is ever downloaded. The pipeline
sets, per token: `tag_` (PTB tag), `pos_` (UPOS), `morph` (Tense, VerbForm,
Mood, Number, Person), `dep_`/`head` (UD relations) and `lemma_`.
"""
from __future__ import annotations

import bisect
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # spaCy is imported when a parser is first loaded, not with the package
    from spacy.language import Language
    from spacy.tokens import Doc, Token

_BATCH = 64


SHIPPED_MODEL = Path(__file__).resolve().parent / "parser"

# Components a user pipeline may have that the reading stage never reads:
# disabled on load, so nlp.pipe does not pay for them.
UNNEEDED_FACTORIES = frozenset({
    "ner", "beam_ner", "entity_ruler", "entity_linker", "span_ruler",
    "spancat", "spancat_singlelabel", "span_finder", "textcat",
    "textcat_multilabel", "senter", "coref", "span_resolver",
    "experimental_coref", "experimental_span_resolver",
})
PARSER_FACTORIES = frozenset({"parser", "beam_parser", "experimental_arc_predicter"})

_cache: dict[str, "Language"] = {}
_lock = threading.Lock()


def _key(model: str | Path | None) -> tuple[str, str | Path]:
    """(cache key, what to give spacy.load) for a model name or path."""
    if model is None:
        return str(SHIPPED_MODEL), SHIPPED_MODEL
    if isinstance(model, Path) or Path(model).exists() or "/" in str(model) or "\\" in str(model):
        path = Path(model).expanduser().resolve()
        return str(path), path
    return str(model), str(model)


def load_parser(model: str | Path | None = None) -> "Language":
    """Load (once per name or path) a spaCy pipeline that has a dependency parser.

    `model`: None for the shipped parser; else an installed spaCy package name
    (e.g. "en_core_web_sm") or the path of a pipeline directory. Components
    the reading stage does not need (NER, text classifiers, span finders, a
    statistical sentence splitter) are disabled; a disabled parser is enabled.

    Raises ValueError when the pipeline cannot be found or has no parser.
    """
    key, target = _key(model)
    with _lock:
        nlp = _cache.get(key)
        if nlp is None:
            nlp = _load(model if model is not None else target, target)
            _cache[key] = nlp
        return nlp


def _load(label: str | Path, target: str | Path) -> "Language":
    import spacy

    if isinstance(target, Path) and not (target / "config.cfg").is_file():
        if target == SHIPPED_MODEL:
            raise ValueError(f"{label}: the shipped parser is missing; run `make model` to build it")
        raise ValueError(f"{label}: not a spaCy pipeline directory (no config.cfg)")
    try:
        nlp = spacy.load(target)
    except OSError as err:
        raise ValueError(f"{label}: no spaCy pipeline of that name or path ({err})") from err
    factories = {name: nlp.get_pipe_meta(name).factory for name in nlp.component_names}
    parsers = [name for name, factory in factories.items() if factory in PARSER_FACTORIES]
    if not parsers:
        raise ValueError(f"{label}: has no dependency parser")
    for name in parsers:
        if name in nlp.disabled:
            nlp.enable_pipe(name)
    for name, factory in factories.items():
        if factory in UNNEEDED_FACTORIES and name not in nlp.disabled:
            nlp.disable_pipe(name)
    return nlp


def parse_sentences(texts: Iterable[str], nlp: "Language | None" = None,
                    batch_size: int = 256) -> Iterator["Doc"]:
    """Parse each text as exactly one sentence, batched.

    The reading stage hands the parser one sentence at a time (those holding a
    figure); left to itself the parser may break a sentence in two at a
    comma or an abbreviation it does not know. Marking every token after the
    first as inside the sentence makes it parse the text as one tree.
    Character offsets stay those of the text (`token.idx`).
    """
    nlp = nlp if nlp is not None else load_parser()

    def one_sentence_docs():
        for text in texts:
            doc = nlp.make_doc(text)
            for token in doc[1:]:
                token.is_sent_start = False
            yield doc

    yield from nlp.pipe(one_sentence_docs(), batch_size=batch_size)


def clear_cache() -> None:
    """Forget the loaded pipelines (tests; a long-lived process changing models)."""
    with _lock:
        _cache.clear()


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
        docs = parse_sentences((text[start:end] for start, end in unique), nlp, batch_size=_BATCH)
        self._by_span = {span: Sentence(span[0], span[1], doc) for span, doc in zip(unique, docs)}

    def sentence(self, span: tuple[int, int]) -> Sentence | None:
        """The parse of a span asked for when the document was parsed."""
        return self._by_span.get(span)

    def parse(self, span: tuple[int, int]) -> Sentence:
        """The parse of any span, parsed now if it was not in the batch."""
        found = self._by_span.get(span)
        if found is None:
            doc = next(parse_sentences([self.text[span[0]:span[1]]], self.nlp))
            found = self._by_span[span] = Sentence(span[0], span[1], doc)
        return found
