"""The dependency parser the reading stage uses.

`load_parser()` returns claimledger's own spaCy pipeline, shipped as package
data in `claimledger/parser/` (trained on UD English EWT by `make model`; the
model files are CC BY-SA 4.0, see the LICENSE there). A user may pass another
spaCy pipeline instead, by installed package name or by path, as long as it has
a dependency parser. Nothing is ever downloaded: spaCy loads from disk only.

The pipeline sets, per token: `tag_` (PTB tag), `pos_` (UPOS), `morph`
(Tense, VerbForm, Mood, Number, Person), `dep_`/`head` (UD relations) and
`lemma_`; and sentence boundaries (from the parser).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator

if TYPE_CHECKING:  # spaCy is imported only when a parser is loaded
    from spacy.language import Language
    from spacy.tokens import Doc

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
