"""The shipped dependency parser: it loads from package data with no network,
parses a news sentence into a sensible tree, refuses a pipeline with no parser,
and `make model` retrains end to end (on a tiny slice of the treebank)."""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from claimledger.parse import SHIPPED_MODEL, clear_cache, load_parser, parse_sentences

ROOT = Path(__file__).resolve().parents[1]
TREEBANKS = ROOT.parent / "shared" / "treebanks"
SENTENCE = "The agency's spokeswoman, Col. Jane Doe, told reporters that 40 people died."


@pytest.fixture(scope="module")
def nlp():
    return load_parser()


@pytest.fixture
def no_network(monkeypatch):
    import spacy  # noqa: F401  (importing a library is not using the network; its module-level classes need socket)

    def refuse(*args, **kwargs):
        raise AssertionError("the parser tried to use the network")
    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def token(doc, text):
    [tok] = [t for t in doc if t.text == text]
    return tok


def test_shipped_model_is_package_data_with_its_licence():
    assert (SHIPPED_MODEL / "config.cfg").is_file()
    meta = json.loads((SHIPPED_MODEL / "meta.json").read_text())
    assert meta["license"] == "CC BY-SA 4.0"
    assert "CC BY-SA 4.0" in (SHIPPED_MODEL / "LICENSE").read_text()
    assert "LAS" in (SHIPPED_MODEL / "SCORES.md").read_text()
    size = sum(p.stat().st_size for p in SHIPPED_MODEL.rglob("*") if p.is_file())
    assert size < 15_000_000


def test_shipped_model_loads_without_network(no_network):
    clear_cache()
    nlp = load_parser()
    assert nlp.has_pipe("parser")
    assert {"tagger", "morphologizer", "trainable_lemmatizer"} <= set(nlp.pipe_names)
    assert "ner" not in nlp.pipe_names
    assert load_parser() is nlp and load_parser(SHIPPED_MODEL) is nlp and load_parser(str(SHIPPED_MODEL)) is nlp
    doc = nlp(SENTENCE)
    assert doc.has_annotation("DEP")


def parse(text):
    [doc] = parse_sentences([text])
    return doc


def test_news_sentence_tree():
    doc = parse(SENTENCE)
    assert len(list(doc.sents)) == 1
    told, spokeswoman, doe = token(doc, "told"), token(doc, "spokeswoman"), token(doc, "Doe")
    died, people, forty = token(doc, "died"), token(doc, "people"), token(doc, "40")
    assert told.dep_ == "ROOT" and told.head == told
    assert (spokeswoman.dep_, spokeswoman.head) == ("nsubj", told)
    assert (token(doc, "agency").dep_, token(doc, "agency").head) == ("nmod:poss", spokeswoman)
    # The name hangs off the subject as an apposition: Doe reaches it via flat/appos.
    name = doe
    while name.dep_ in ("flat", "compound"):
        name = name.head
    assert (name.dep_, name.head) == ("appos", spokeswoman)
    assert token(doc, "reporters").head == told
    assert (people.dep_, people.head) == ("nsubj", died)
    assert (forty.dep_, forty.head) == ("nummod", people)
    assert told in died.ancestors


def test_reported_figures():
    doc = parse("At least 31,000 soldiers have been killed, President Volodymyr Zelensky said on Sunday.")
    said, killed, soldiers = token(doc, "said"), token(doc, "killed"), token(doc, "soldiers")
    assert said.dep_ == "ROOT"
    assert (killed.dep_, killed.head) == ("ccomp", said)
    assert (soldiers.dep_, soldiers.head) == ("nsubj:pass", killed)
    assert (token(doc, "31,000").dep_, token(doc, "31,000").head) == ("nummod", soldiers)
    assert (token(doc, "Volodymyr").dep_, token(doc, "Volodymyr").head) == ("nsubj", said)
    assert (token(doc, "Zelensky").dep_, token(doc, "Zelensky").head) == ("flat", token(doc, "Volodymyr"))
    assert (token(doc, "Sunday").dep_, token(doc, "Sunday").head) == ("obl", said)
    doc = parse('"That count is a fantasy," the mayor said.')
    said = token(doc, "said")
    assert said.dep_ == "ROOT" and token(doc, "fantasy").head == said
    assert (token(doc, "mayor").dep_, token(doc, "mayor").head) == ("nsubj", said)


def test_tags_morphology_and_lemmas():
    doc = parse(SENTENCE)
    told, died = token(doc, "told"), token(doc, "died")
    assert (told.tag_, told.pos_, told.lemma_) == ("VBD", "VERB", "tell")
    assert told.morph.get("Tense") == ["Past"] and told.morph.get("VerbForm") == ["Fin"]
    assert died.lemma_ == "die" and token(doc, "reporters").lemma_ == "reporter"
    assert token(doc, "people").tag_ == "NNS" and token(doc, "40").pos_ == "NUM"
    doc = parse("The ministry said the toll would rise.")
    would, rise = token(doc, "would"), token(doc, "rise")
    assert (would.tag_, would.pos_, would.dep_, would.head) == ("MD", "AUX", "aux", rise)
    assert (rise.dep_, rise.head, rise.morph.get("VerbForm")) == ("ccomp", token(doc, "said"), ["Inf"])
    doc = parse("At least 31,000 soldiers have been killed.")
    assert token(doc, "killed").morph.get("VerbForm") == ["Part"] and token(doc, "killed").lemma_ == "kill"
    assert token(doc, "have").morph.get("Tense") == ["Pres"] and token(doc, "soldiers").lemma_ == "soldier"


def test_sentences_titles_and_offsets(nlp):
    text = "Officials said 12 people died. Rescuers found 3 more on Tuesday."
    doc = nlp(text)
    assert [s.text for s in doc.sents] == ["Officials said 12 people died.", "Rescuers found 3 more on Tuesday."]
    assert all(text[t.idx:t.idx + len(t.text)] == t.text for t in doc)
    assert [t.text for t in nlp.make_doc("Col. Jane Doe and Lt. Gen. Tom Smith")][:2] == ["Col.", "Jane"]
    docs = list(parse_sentences(["Officials said 12 people died.", "Rescuers found 3 more."], nlp))
    assert [d.text for d in docs] == ["Officials said 12 people died.", "Rescuers found 3 more."]
    assert all(len(list(d.sents)) == 1 for d in docs)


def test_model_without_a_parser_is_a_clear_error(tmp_path):
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.to_disk(tmp_path / "no_parser")
    with pytest.raises(ValueError, match="has no dependency parser"):
        load_parser(tmp_path / "no_parser")
    with pytest.raises(ValueError, match="not a spaCy pipeline"):
        load_parser(tmp_path / "nothing_here")
    with pytest.raises(ValueError, match="no spaCy pipeline"):
        load_parser("no_such_spacy_package_xyz")


def test_user_pipeline_keeps_its_parser_and_loses_its_ner(tmp_path):
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("parser").add_label("nsubj")
    nlp.add_pipe("ner").add_label("ORG")
    nlp.initialize()
    nlp.to_disk(tmp_path / "user")
    loaded = load_parser(str(tmp_path / "user"))
    assert loaded.pipe_names == ["parser"] and loaded.disabled == ["ner"]
    assert load_parser(tmp_path / "user") is loaded


@pytest.mark.skipif(not (TREEBANKS / "en_ewt").is_dir(), reason="needs ../shared/treebanks")
@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_model_runs_end_to_end_on_a_tiny_slice(tmp_path):
    out, work = tmp_path / "parser", tmp_path / "work"
    args = f"--limit 200 --max-steps 8 --trials {tmp_path / 'no_trials'}"
    start = time.perf_counter()
    # `-o install`: use this interpreter's environment as it is.
    result = subprocess.run(
        ["make", "-s", "-o", "install", "model", f"BIN={Path(sys.executable).parent}",
         f"MODEL_OUT={out}", f"MODEL_WORK={work}", f"MODEL_ARGS={args}"],
        cwd=ROOT, capture_output=True, text=True, timeout=240,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert time.perf_counter() - start < 120
    for name in ("config.cfg", "meta.json", "LICENSE", "SCORES.md", "scores.json", "parser", "tagger"):
        assert (out / name).exists(), name
    scores = json.loads((out / "scores.json").read_text())
    assert scores["data"]["train"]["sentences"] == 200
    assert set(scores["pud_news"]["relations"]) >= {"nsubj", "obl"}
    assert scores["speed"]["words_per_second"] > 0
    nlp = load_parser(out)
    assert nlp("Officials said 12 people died.").has_annotation("DEP")
    assert not (ROOT / "src" / "claimledger" / "parser" / "training").exists()
