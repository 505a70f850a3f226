"""Train, evaluate and package claimledger's dependency parser.

    python model/train.py --treebanks ../shared/treebanks --out src/claimledger/parser

Steps (1-3 and the scoring of 5 are the `python -m spacy` commands of the
same name, run in-process to save the start-up time of five interpreters):

1. prepare: copy the UD English EWT train/dev/test files and the news
   sentences of UD English PUD (sentence ids starting with `n`) to the work
   directory, keeping only the features the reading code uses (Tense,
   VerbForm, Mood, Number, Person). PUD is only ever evaluated on.
2. convert: `spacy convert FILE WORK/corpus --converter conllu -n 10`. Multiword
   tokens are *not* merged (no `--merge-subtokens`): UD splits "don't",
   "I'm", "cannot", "Bush's" into syntactic words, and spaCy's English
   tokenizer splits raw text the same way at run time.
3. train: `spacy train model/config.cfg --output WORK/training --paths.train
   ... --paths.dev ...` (EWT dev chooses model-best).
4. package: write model-best to --out, with news titles added to its
   tokenizer's special cases (NEWS_ABBREVIATIONS), its meta naming the
   licence, and LICENSE.
5. evaluate the packaged pipeline on EWT test and PUD news (also one
   sentence per doc, as the reading stage parses), from raw text through the
   run-time tokenizer (as `spacy evaluate` does); measure words per
   CPU-second of `nlp.pipe` over the PUD news sentences, one sentence per doc,
   one thread; write SCORES.md and scores.json (and, for the shipped model,
   the scores block of model/README.md).

`--limit N --max-steps N` train on a tiny slice for the tests; `--set
vars.width=96` etc. try another size; `--skip-train [--pipeline DIR]`
packages and scores an already trained pipeline again.
"""

from __future__ import annotations

import os

# One core: set before numpy/blis are imported.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse
import collections
import json
import platform
import re
import shutil
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE.parent / "src" / "claimledger" / "parser"
README = HERE / "README.md"
BEGIN, END = "<!-- scores: begin (written by train.py) -->", "<!-- scores: end -->"
KEEP_FEATS = ("Mood", "Number", "Person", "Tense", "VerbForm")
RELATIONS = (
    "nsubj", "nsubj:pass", "ccomp", "xcomp", "obl", "obj", "appos",
    "parataxis", "advcl", "conj", "compound", "flat", "nummod",
)
LICENSE_TEXT = """\
claimledger dependency parser model (this directory)
=====================================================

The spaCy pipeline in this directory (its weights, vocabulary, labels and
edit trees) was trained on the Universal Dependencies English Web Treebank
(UD_English-EWT), which is licensed under the Creative Commons
Attribution-ShareAlike 4.0 International licence (CC BY-SA 4.0). As a work
derived from it, this model is distributed under the same licence:

    CC BY-SA 4.0 -- https://creativecommons.org/licenses/by-sa/4.0/

Attribution: UD English EWT, Universal Dependencies (Silveira et al. 2014;
Bies et al. 2012, English Web Treebank, LDC2012T13), revision 15d613d of
UniversalDependencies/UD_English-EWT. Changes: the treebank was converted to
spaCy's format with only the features Tense, VerbForm, Mood, Number and
Person kept, and used to train this statistical model.

UD English PUD (CC BY-SA 3.0) was used only to evaluate the model; none of
its text or annotation is in this directory.

The rest of claimledger (its source code) is licensed under Apache-2.0; this
licence covers only the model files in this directory.
"""


# News abbreviations that spaCy's English tokenizer splits from their period
# ("Col." -> "Col", "."), after which the parser ends the sentence: kept whole,
# as EWT writes them. Titles and street/unit words only: "No." and "etc." often
# do end a sentence.
NEWS_ABBREVIATIONS = (
    "Col.", "Cols.", "Lt.", "Sgt.", "Sgts.", "Maj.", "Capt.", "Cmdr.", "Cpl.", "Pvt.",
    "Brig.", "Gens.", "Supt.", "Insp.", "Det.", "Hon.", "Sr.", "Pres.", "Sens.", "Reps.",
    "Govs.", "Rt.", "Ft.", "Ave.", "Blvd.", "Rd.", "Hwy.", "Dist.", "Twp.", "Pct.",
    "Univ.", "Dept.", "Assn.",
)


def add_news_abbreviations(nlp) -> None:
    from spacy.symbols import ORTH

    for word in NEWS_ABBREVIATIONS:
        nlp.tokenizer.add_special_case(word, [{ORTH: word}])


def log(*args) -> None:
    print("[model]", *args, file=sys.stderr, flush=True)


# -- 1. prepare -------------------------------------------------------------

def read_sentences(path: Path):
    """Yield (sent_id, lines) for each sentence of a CoNLL-U file."""
    block: list[str] = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line:
                block.append(line)
            elif block:
                yield _sent_id(block), block
                block = []
    if block:
        yield _sent_id(block), block


def _sent_id(block: list[str]) -> str:
    for line in block:
        if line.startswith("# sent_id"):
            return line.split("=", 1)[1].strip()
    return ""


def keep_features(feats: str) -> str:
    if feats == "_":
        return feats
    kept = [f for f in feats.split("|") if f.split("=", 1)[0] in KEEP_FEATS]
    return "|".join(kept) if kept else "_"


def prepare(src: Path, dest: Path, limit: int = 0, news_only: bool = False) -> dict:
    """Copy a CoNLL-U file keeping only KEEP_FEATS; count sentences and words."""
    n_sents = n_words = 0
    with dest.open("w", encoding="utf-8") as out:
        for sent_id, block in read_sentences(src):
            if news_only and not sent_id.startswith("n"):
                continue
            for line in block:
                if line.startswith("#"):
                    out.write(line + "\n")
                    continue
                cols = line.split("\t")
                if cols[0].isdigit():
                    n_words += 1
                    cols[5] = keep_features(cols[5])
                out.write("\t".join(cols) + "\n")
            out.write("\n")
            n_sents += 1
            if limit and n_sents >= limit:
                break
    return {"file": src.name, "sentences": n_sents, "words": n_words}


def sentence_texts(path: Path) -> list[str]:
    texts = []
    for _, block in read_sentences(path):
        for line in block:
            if line.startswith("# text ="):
                texts.append(line.split("=", 1)[1].strip())
                break
    return texts


# -- 2. convert ------------------------------------------------------------

def convert(conllu: Path, out_dir: Path, n_sents: int = 10) -> Path:
    from spacy.cli.convert import convert as spacy_convert

    out_dir.mkdir(parents=True, exist_ok=True)
    spacy_convert(conllu, out_dir, file_type="spacy", n_sents=n_sents,
                  converter="conllu", merge_subtokens=False, silent=True)
    return out_dir / (conllu.stem + ".spacy")


# -- 4. evaluate -----------------------------------------------------------

def evaluate(nlp, corpus_path: Path, lookup: dict | None = None, one_sentence: bool = False) -> dict:
    """Score the pipeline on gold docs, re-tokenized from their raw text.

    `one_sentence`: each doc is one gold sentence, parsed as one sentence (as
    parse.parse_sentences does for the reading stage).
    """
    from spacy.scorer import Scorer
    from spacy.training import Corpus

    examples = list(Corpus(corpus_path, gold_preproc=False)(nlp))
    if one_sentence:
        for eg in examples:
            for token in eg.predicted[1:]:
                token.is_sent_start = False
    start = time.perf_counter()
    docs = list(nlp.pipe((eg.predicted for eg in examples), batch_size=256))
    elapsed = time.perf_counter() - start
    for eg, doc in zip(examples, docs):
        eg.predicted = doc
    s = Scorer(nlp).score(examples)
    per_type = s.get("dep_las_per_type") or {}
    scores = {
        "sentences": sum(len(list(eg.reference.sents)) for eg in examples),
        "words": sum(len(eg.reference) for eg in examples),
        "token_acc": s["token_acc"],
        "uas": s["dep_uas"],
        "las": s["dep_las"],
        "tag_acc": s["tag_acc"],
        "upos_acc": s["pos_acc"],
        "morph_acc": s["morph_acc"],
        "morph_per_feat": {k: v["f"] for k, v in sorted((s.get("morph_per_feat") or {}).items())},
        "lemma_acc": s["lemma_acc"],
        "sents_f": s["sents_f"],
        "relations": {
            rel: {"p": per_type[rel]["p"], "r": per_type[rel]["r"], "f": per_type[rel]["f"]}
            for rel in RELATIONS if rel in per_type
        },
        "words_per_second_batched": sum(len(d) for d in docs) / elapsed,
    }
    if lookup is not None:
        scores["lemma_acc_lookup"] = lookup_lemma_accuracy(examples, lookup)
    return scores


def build_lemma_lookup(conllu: Path) -> dict:
    """(form, XPOS) -> most frequent lemma, and form -> most frequent lemma."""
    by_tag: dict = collections.defaultdict(collections.Counter)
    by_form: dict = collections.defaultdict(collections.Counter)
    for _, block in read_sentences(conllu):
        for line in block:
            cols = line.split("\t")
            if cols[0].isdigit():
                by_tag[(cols[1], cols[4])][cols[2]] += 1
                by_form[cols[1]][cols[2]] += 1
    return {
        "tag": {k: c.most_common(1)[0][0] for k, c in by_tag.items()},
        "form": {k: c.most_common(1)[0][0] for k, c in by_form.items()},
    }


def lookup_lemma(lookup: dict, form: str, tag: str) -> str:
    lemma = lookup["tag"].get((form, tag)) or lookup["form"].get(form)
    if lemma is None:
        lemma = form if tag.startswith("NNP") else form.lower()
    return lemma


def lookup_lemma_accuracy(examples, lookup: dict) -> float:
    """Lemma accuracy of the lookup alternative, from the predicted tags."""
    from spacy.scorer import Scorer
    from spacy.training import Example

    swapped = []
    for eg in examples:
        doc = eg.predicted.copy()
        for tok in doc:
            tok.lemma_ = lookup_lemma(lookup, tok.text, tok.tag_)
        swapped.append(Example(doc, eg.reference))
    return Scorer.score_token_attr(swapped, "lemma")["lemma_acc"]


def words_per_second(nlp, texts: list[str], rounds: int = 7) -> dict:
    """nlp.pipe over one sentence per doc, one thread, numpy ops.

    The machine is shared with other work, so the wall clock counts the time
    spent waiting for a core too. The figure is words per CPU-second of this
    single-threaded process (what one core does), best of `rounds`; the wall
    clock figure (best round) and the load average are kept beside it.
    """
    from thinc.api import get_current_ops

    # One thread: the *_NUM_THREADS variables are set at the top of this file.
    list(nlp.pipe(texts[:50]))  # warm up
    cpu_rates, wall_rates = [], []
    for _ in range(rounds):
        wall, cpu = time.perf_counter(), time.process_time()
        words = sum(len(doc) for doc in nlp.pipe(texts, batch_size=256))
        cpu_rates.append(words / (time.process_time() - cpu))
        wall_rates.append(words / (time.perf_counter() - wall))
    return {
        "words_per_second": round(max(cpu_rates)),
        "median_words_per_second": round(sorted(cpu_rates)[len(cpu_rates) // 2]),
        "wall_words_per_second": round(max(wall_rates)),
        "load_average": round(os.getloadavg()[0], 1),
        "ops": type(get_current_ops()).__name__,
        "rounds": rounds,
        "docs": len(texts),
    }


def speed_without(nlp, texts: list[str], component: str, rounds: int = 7) -> int:
    with nlp.select_pipes(disable=[component]):
        return words_per_second(nlp, texts, rounds)["words_per_second"]


# -- 5. package ------------------------------------------------------------

def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def fmt(x: float) -> str:
    return f"{100 * x:.1f}"


def scores_markdown(scores: dict, trials: list[dict]) -> str:
    ewt, pud = scores["ewt_test"], scores["pud_news"]
    one = scores.get("pud_news_one_sentence") or pud
    lines = [
        "# Scores of the shipped parser",
        "",
        f"Trained on UD English EWT train ({scores['data']['train']['sentences']:,} sentences, "
        f"{scores['data']['train']['words']:,} words), model selected on EWT dev; evaluated "
        "from raw text through spaCy's English tokenizer (scores over gold words, as "
        "`spacy evaluate` counts them) on EWT test and on the 500 news sentences of UD "
        "English PUD (ids starting with `n`; PUD is never trained on).",
        "",
        "| | EWT test | PUD news | PUD news, one sentence per doc |",
        "| --- | ---: | ---: | ---: |",
        f"| sentences / words | {ewt['sentences']:,} / {ewt['words']:,} | {pud['sentences']:,} / {pud['words']:,} | {one['sentences']:,} / {one['words']:,} |",
        f"| tokenization (token acc) | {fmt(ewt['token_acc'])} | {fmt(pud['token_acc'])} | {fmt(one['token_acc'])} |",
        f"| UAS | {fmt(ewt['uas'])} | {fmt(pud['uas'])} | {fmt(one['uas'])} |",
        f"| LAS | {fmt(ewt['las'])} | {fmt(pud['las'])} | {fmt(one['las'])} |",
        f"| XPOS (tag_) | {fmt(ewt['tag_acc'])} | {fmt(pud['tag_acc'])} | {fmt(one['tag_acc'])} |",
        f"| UPOS (pos_) | {fmt(ewt['upos_acc'])} | {fmt(pud['upos_acc'])} | {fmt(one['upos_acc'])} |",
        f"| morph (5 features) | {fmt(ewt['morph_acc'])} | {fmt(pud['morph_acc'])} | {fmt(one['morph_acc'])} |",
        f"| lemma | {fmt(ewt['lemma_acc'])} | {fmt(pud['lemma_acc'])} | {fmt(one['lemma_acc'])} |",
        f"| sentence F | {fmt(ewt['sents_f'])} | {fmt(pud['sents_f'])} | {fmt(one['sents_f'])} |",
    ]
    for feat in KEEP_FEATS:
        if feat in ewt["morph_per_feat"] or feat in pud["morph_per_feat"]:
            e = ewt["morph_per_feat"].get(feat)
            p = pud["morph_per_feat"].get(feat)
            o = one["morph_per_feat"].get(feat)
            lines.append(f"| {feat} F | {fmt(e) if e is not None else '–'} | {fmt(p) if p is not None else '–'} "
                         f"| {fmt(o) if o is not None else '–'} |")
    lines += [
        "",
        "Labelled attachment F per relation (the word has the right head and this label):",
        "",
        "| relation | EWT test | PUD news | PUD news, one sentence per doc |",
        "| --- | ---: | ---: | ---: |",
    ]
    for rel in RELATIONS:
        cells = [d["relations"].get(rel) for d in (ewt, pud, one)]
        lines.append(f"| {rel} | " + " | ".join(fmt(c["f"]) if c else "–" for c in cells) + " |")
    sp = scores["speed"]
    lines += [
        "",
        f"Speed: **{sp['words_per_second']:,} words/s** on one core: `nlp.pipe` over the PUD news "
        f"sentences, one sentence per doc, one thread ({sp['ops']}, no torch; {scores['machine']}), "
        f"words per CPU-second of the process, best of {sp['rounds']} rounds (median "
        f"{sp['median_words_per_second']:,}); {sp['without_lemmatizer']:,} words/s without the lemmatizer. "
        f"By the wall clock {sp['wall_words_per_second']:,} words/s, with the shared machine's load "
        f"average at {sp['load_average']} on its 2 cores.",
        "",
        f"Lemmas: the trainable (edit-tree) lemmatizer scores {fmt(ewt['lemma_acc'])} on EWT test "
        f"and {fmt(pud['lemma_acc'])} on PUD news; a lookup built from the training data "
        "((form, XPOS) -> most frequent lemma, then form, else the lower-cased form) would "
        f"score {fmt(ewt.get('lemma_acc_lookup', 0))} and {fmt(pud.get('lemma_acc_lookup', 0))} "
        "from the same predicted tags.",
        "",
        f"Size on disk: {scores['size_bytes'] / 1e6:.1f} MB. Training: "
        f"{scores['training_seconds'] / 60:.0f} min on one core; width {scores['vars']['width']}, "
        f"depth {scores['vars']['depth']}, embed rows {scores['vars']['embed_size']}, "
        f"parser hidden width {scores['vars']['parser_hidden']}.",
    ]
    if trials:
        lines += [
            "",
            "## Sizes tried",
            "",
            "| tok2vec | steps | LAS EWT test | LAS PUD news | LAS PUD news, one sentence per doc | appos / ccomp / parataxis F, PUD news | UPOS PUD news | words/s (1 core) | MB | train min |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for t in trials:
            v = t["vars"]
            lines.append(
                f"| width {v['width']}, depth {v['depth']}, rows {v['embed_size']} | {t.get('max_steps', '?')} | "
                f"{fmt(t['ewt_test']['las'])} | {fmt(t['pud_news']['las'])} | "
                f"{fmt((t.get('pud_news_one_sentence') or t['pud_news'])['las'])} | "
                + " / ".join(fmt(t["pud_news"]["relations"].get(r, {}).get("f", 0)) for r in ("appos", "ccomp", "parataxis"))
                + f" | {fmt(t['pud_news']['upos_acc'])} | "
                f"{t['speed']['words_per_second']:,} | {t['size_bytes'] / 1e6:.1f} | "
                f"{t['training_seconds'] / 60:.0f} |"
            )
        lines += [
            "",
            "Each row is one trained pipeline (`model/trials/*.json`, scored as above). Training "
            "minutes are wall-clock on a 2-core machine shared with other work (load average 4 to "
            "11), so they compare loosely; words/s are per CPU-second, which the load barely moves.",
        ]
    lines += ["", "Licence: CC BY-SA 4.0 (see LICENSE in this directory).", ""]
    return "\n".join(lines)


def write_readme_scores(readme: Path, scores: dict, trials: list[dict]) -> None:
    """Put the shipped model's scores between the markers of model/README.md."""
    text = readme.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        return
    body = scores_markdown(scores, trials).split("\n", 2)[2]  # without the title
    head, rest = text.split(BEGIN, 1)
    tail = rest.split(END, 1)[1]
    readme.write_text(f"{head}{BEGIN}\n{body.strip()}\n{END}{tail}", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--treebanks", type=Path, default=HERE.parent.parent / "shared" / "treebanks")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--work", type=Path, default=HERE / ".work")
    ap.add_argument("--config", type=Path, default=HERE / "config.cfg")
    ap.add_argument("--limit", type=int, default=0, help="sentences per file (0: all)")
    ap.add_argument("--max-steps", type=int, default=0, help="override training.max_steps")
    ap.add_argument("--trials", type=Path, default=HERE / "trials",
                    help="folder of scores.json files of the sizes tried, tabled in SCORES.md")
    ap.add_argument("--skip-train", action="store_true",
                    help="evaluate and package an already trained pipeline (--pipeline) again")
    ap.add_argument("--pipeline", type=Path, default=None,
                    help="with --skip-train: the trained pipeline (default WORK/training/model-best)")
    ap.add_argument("--training-seconds", type=float, default=None,
                    help="with --skip-train: the training time to record, for a run stopped by hand "
                         "(which never wrote WORK/training_seconds.json)")
    ap.add_argument("--steps", type=int, default=0,
                    help="with --skip-train: the step a run stopped by hand reached; written as "
                         "training.max_steps into the packaged config and scores (which reproduces it)")
    ap.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                    help="config override, e.g. vars.width=64")
    args = ap.parse_args(argv)
    if (args.skip_train and args.training_seconds is None
            and not (args.work / "training_seconds.json").is_file()):
        ap.error(f"{args.work / 'training_seconds.json'} is missing (was training stopped by hand?): "
                 "give --training-seconds")

    import spacy
    from spacy.cli.train import train as spacy_train

    work = args.work.resolve()
    corpus = work / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    ewt = args.treebanks / "en_ewt"
    pud = args.treebanks / "en_pud"

    t0 = time.perf_counter()
    data = {}
    for split in ("train", "dev", "test"):
        data[split] = prepare(ewt / f"en_ewt-ud-{split}.conllu", work / f"en_ewt-ud-{split}.conllu", args.limit)
    data["pud_news"] = prepare(pud / "en_pud-ud-test.conllu", work / "en_pud-news.conllu", args.limit, news_only=True)
    paths = {name: convert(work / (f"en_ewt-ud-{name}.conllu" if name != "pud_news" else "en_pud-news.conllu"), corpus)
             for name in data}
    paths["pud_news_1"] = convert(work / "en_pud-news.conllu", work / "corpus1", n_sents=1)
    log("prepared and converted", {k: v["sentences"] for k, v in data.items()}, f"{time.perf_counter() - t0:.1f}s")

    overrides = {"paths.train": str(paths["train"]), "paths.dev": str(paths["dev"])}
    if args.max_steps:
        overrides["training.max_steps"] = args.max_steps
        overrides["training.eval_frequency"] = max(1, min(400, args.max_steps))
    for item in args.set:
        key, value = item.split("=", 1)
        overrides[key] = json.loads(value) if value.replace(".", "", 1).isdigit() else value
    training_dir = work / "training"
    if args.skip_train:
        seconds_file = work / "training_seconds.json"
        if args.training_seconds is not None:
            training_seconds = args.training_seconds
        elif seconds_file.is_file():
            training_seconds = json.loads(seconds_file.read_text())
        else:  # checked before anything is prepared
            raise AssertionError(seconds_file)
    else:
        if training_dir.exists():
            shutil.rmtree(training_dir)
        t1 = time.perf_counter()
        spacy_train(args.config, training_dir, overrides=overrides)
        training_seconds = time.perf_counter() - t1
        (work / "training_seconds.json").write_text(json.dumps(training_seconds))
    best = args.pipeline.resolve() if args.skip_train and args.pipeline else training_dir / "model-best"
    log(f"trained in {training_seconds / 60:.1f} min")

    # Package: model-best plus the news abbreviations, written by spaCy itself.
    out = args.out.resolve()
    nlp = spacy.load(best)
    add_news_abbreviations(nlp)
    nlp.meta.update({
        "name": "claimledger_parser",
        "license": "CC BY-SA 4.0",
        "description": "claimledger's dependency parser: tagger, morphologizer, parser and "
                       "lemmatizer trained on UD English EWT (CC BY-SA 4.0).",
        "sources": [{"name": "UD English EWT", "url": "https://universaldependencies.org/treebanks/en_ewt/",
                     "license": "CC BY-SA 4.0"}],
    })
    if out.exists():
        shutil.rmtree(out)
    nlp.to_disk(out)
    (out / "LICENSE").write_text(LICENSE_TEXT, encoding="utf-8")
    cfg = (out / "config.cfg").read_text(encoding="utf-8")
    for name in ("train", "dev"):  # no local paths in the shipped config
        cfg = cfg.replace(f'{name} = "{paths[name]}"', f'{name} = "corpus/{paths[name].name}"')
    if args.skip_train and args.steps:  # stopped by hand: the config that reproduces it
        cfg = re.sub(r"(?m)^max_steps = \d+$", f"max_steps = {args.steps}", cfg, count=1)
    (out / "config.cfg").write_text(cfg, encoding="utf-8")

    # Evaluate what was packaged, as it loads.
    nlp = spacy.load(out)
    lookup = build_lemma_lookup(work / "en_ewt-ud-train.conllu")
    scores = {
        "spacy": spacy.__version__,
        "machine": f"{platform.machine()}, Python {platform.python_version()}",
        "vars": dict(nlp.config["vars"]) if "vars" in nlp.config else {},
        "overrides": {k: v for k, v in overrides.items() if not k.startswith("paths.")},
        "data": data,
        "max_steps": nlp.config["training"]["max_steps"],
        "dev": {k: nlp.meta.get("performance", {}).get(k) for k in ("dep_las", "dep_uas", "pos_acc", "lemma_acc")},
        "ewt_test": evaluate(nlp, paths["test"], lookup),
        "pud_news": evaluate(nlp, paths["pud_news"], lookup),
        "pud_news_one_sentence": evaluate(nlp, paths["pud_news_1"], lookup, one_sentence=True),
        "training_seconds": round(training_seconds),
    }
    texts = sentence_texts(work / "en_pud-news.conllu")
    rounds = 2 if args.limit else 7
    scores["speed"] = words_per_second(nlp, texts, rounds)
    scores["speed"]["without_lemmatizer"] = speed_without(nlp, texts, "trainable_lemmatizer", rounds)
    scores["size_bytes"] = dir_size(out) + 0  # scores files are added below
    trials = []
    if args.trials.is_dir():
        trials = [json.loads(p.read_text()) for p in sorted(args.trials.glob("*.json"))]
        trials = [t for t in trials if isinstance(t, dict) and "ewt_test" in t and "vars" in t]
    (out / "scores.json").write_text(json.dumps(scores, indent=2) + "\n", encoding="utf-8")
    (out / "SCORES.md").write_text(scores_markdown(scores, trials), encoding="utf-8")
    if out == DEFAULT_OUT and README.is_file():
        write_readme_scores(README, scores, trials)
    log(f"wrote {out} ({scores['size_bytes'] / 1e6:.1f} MB) in {(time.perf_counter() - t0) / 60:.1f} min;"
        f" EWT LAS {fmt(scores['ewt_test']['las'])}, PUD news LAS {fmt(scores['pud_news']['las'])},"
        f" {scores['speed']['words_per_second']:,} words/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
