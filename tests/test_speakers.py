"""A speaker is always a name or noun phrase of the text (CLAIMS.md, "Decisions"):
never a verb, a preposition, a participle or a fragment ("According", "Unofficial",
"damage is"). Checked over every text of every gold set."""
import json
from pathlib import Path

import pytest

import claimledger
from claimledger.lexicon import table, words

HERE = Path(__file__).parent
FOLDERS = sorted({p.parent.name for p in HERE.glob("*/*.gold.jsonl")})
_COUNTRIES = {group.lower() for group, *_ in table("demonyms.tsv").values()}
_NOT_HEADS = {"a", "an", "the", "of", "in", "on", "at", "to", "by", "for", "with", "from", "and", "or", "is", "are",
              "was", "were", "has", "have", "own", "according", "said", "says", "told", "reported"}


def _in_text(name: str, text: str) -> bool:
    """The name as written, or a country the text names by another form ("US")."""
    return name.lower() in text.lower() or name.lower() in _COUNTRIES


def _a_phrase(name: str) -> bool:
    words_ = name.split()
    last = words_[-1]
    return bool(words_) and words_[0].lower() not in ("according", "per") and last.lower() not in _NOT_HEADS \
        and not last.endswith(("'s", "\u2019s")) \
        and not (last.islower() and last.endswith(("ed", "ing")) and last not in words("person_nouns.txt")
                 and last not in words("source_nouns.txt"))


@pytest.mark.parametrize("folder", FOLDERS)
def test_every_speaker_is_a_noun_phrase_of_its_text(folder):
    bad = []
    for text_file in sorted((HERE / folder).glob("*.txt")):
        meta_file = text_file.with_suffix("").with_suffix(".meta.json")
        published = json.loads(meta_file.read_text())["published"] if meta_file.exists() else None
        text = text_file.read_text(encoding="utf-8")
        for claim in claimledger.extract(text, published=published, doc_id=text_file.stem):
            for name in (claim.speaker, claim.via, claim.disputed_by):
                if name is not None and not (_in_text(name, text) and _a_phrase(name)):
                    bad.append((text_file.stem, claim.text, name))
    assert not bad, bad
