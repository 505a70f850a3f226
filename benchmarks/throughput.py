"""Throughput and memory of `claimledger.extract`, beside quantulum3.

    python benchmarks/throughput.py [--size-mb 2] [--subset-kb 200] [--seed 7]
                                    [--corpus PATH] [--no-quantulum] [--no-memory]
    python benchmarks/throughput.py --beside OTHER/src [--size-mb 2] [--rounds 3]

`--beside` times figure finding (`find_figures`, the stage the issue's
speed target is about) of this checkout and of another one (e.g. the base
commit in a scratch worktree), on the same corpus, alternately in fresh
processes so that both see the same machine; the best of the rounds of each,
and their ratio.

The corpus is news-like text generated here from templates (attributed
figures, dates, quotes, identifiers, prose without figures), deterministic for
a seed, or the documents of `--corpus PATH` (a folder of .txt files or a JSON
Lines file, read with claimledger's own streaming reader).

Everything runs on one core (the process is pinned to one CPU where the OS
allows it). Only the extraction calls are timed, not reading or generating.
claimledger is timed on the whole corpus and on its first `--subset-kb` KB;
quantulum3 (`quantulum3.parser.parse`, `pip install -e '.[bench]'`) is timed
on that same subset only, because it is slow; the ratio compares the two on
the subset. Memory: streaming `extract_documents` over generated corpora of 1
and 4 MB, each in a fresh process, documents made one at a time and never
held together; peak RSS growth over the process's state after warm-up, and
tracemalloc's peak.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
import tracemalloc
import warnings
from collections.abc import Iterable, Iterator

import claimledger
from claimledger.figures import find_figures
from claimledger import Document

# --- a generated corpus of news-like text ------------------------------------

PEOPLE = ["Volodymyr Zelensky", "Emmanuel Macron", "Olaf Scholz", "Mark Milley", "Lloyd Austin",
          "Antony Blinken", "Sergei Shoigu", "Dmitry Peskov", "Ursula von der Leyen", "Jens Stoltenberg",
          "Rishi Sunak", "Kaja Kallas", "Andrzej Duda", "Recep Tayyip Erdogan", "Antonio Guterres"]
SOURCES = ["the Defence Ministry", "US officials", "the United Nations", "the Red Cross", "the World Bank",
           "Reuters", "the New York Times", "the Washington Post", "a senior European diplomat",
           "the International Monetary Fund", "local authorities", "the regional governor"]
PLACES = ["Avdiivka", "Bakhmut", "Kharkiv", "Odesa", "Zaporizhzhia", "Kherson", "Donetsk", "Gaza", "Rafah",
          "Khan Younis", "Mariupol", "Kupiansk", "Belgorod", "the Black Sea coast", "the eastern front"]
PEOPLE_NOUNS = ["soldiers", "troops", "civilians", "people", "refugees", "children", "fighters", "workers",
                "prisoners of war", "residents", "volunteers", "reservists"]
THINGS = ["tanks", "drones", "missiles", "artillery shells", "armoured vehicles", "aircraft", "homes",
          "schools", "hospitals", "air defence systems"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
WORD_COUNTS = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twelve", "twenty",
               "a dozen", "three hundred", "half a million", "two-thirds of the", "one in five",
               "tens of thousands of", "hundreds of", "thousands of", "dozens of", "millions of",
               "hundreds of thousands of"]
HEDGES = ["about", "some", "nearly", "roughly", "an estimated", "around", "more than", "at least", "up to",
          "fewer than", "almost", "over"]
CURRENCY = [("$", "billion"), ("$", "million"), ("€", "billion"), ("£", "million"), ("US$", "bn"), ("$", "m")]


def count(r: random.Random) -> str:
    n = r.choice([r.randint(2, 99), r.randint(100, 999), r.randint(1, 99) * 1000, r.randint(100, 999) * 1000,
                  r.randint(1000, 99999)])
    return f"{n:,}" if r.random() < 0.8 else str(n)


def money(r: random.Random) -> str:
    symbol, scale = r.choice(CURRENCY)
    amount = r.choice([str(r.randint(1, 999)), f"{r.randint(1, 99)}.{r.randint(1, 9)}"])
    return f"{symbol}{amount}{scale}" if scale in ("bn", "m") else f"{symbol}{amount} {scale}"


def day(r: random.Random) -> str:
    return r.choice([f"{r.choice(MONTHS)} {r.randint(1, 28)}, {r.randint(2014, 2024)}", r.choice(DAYS),
                     f"{r.choice(MONTHS)[:3]}. {r.randint(1, 28)}"])


def since(r: random.Random) -> str:
    return r.choice([r.choice(MONTHS), str(r.randint(2003, 2024)), f"last {r.choice(MONTHS)}",
                     "the start of the year"])


def cap(phrase: str) -> str:
    return phrase[0].upper() + phrase[1:]


# sentences that put figures forward
FIGURE_SENTENCES = [
    lambda r: f"{r.choice(PEOPLE)} said on {r.choice(DAYS)} that {count(r)} {r.choice(PEOPLE_NOUNS)} had been "
              f"killed in {r.choice(PLACES)} since {since(r)}.",
    lambda r: f"According to {r.choice(SOURCES)}, {r.choice(HEDGES)} {count(r)} {r.choice(PEOPLE_NOUNS)} were "
              f"wounded in the fighting around {r.choice(PLACES)}.",
    lambda r: f"“We have lost {count(r)} men, not {count(r)} as they claim,” {r.choice(PEOPLE)} told reporters.",
    lambda r: f"{cap(r.choice(SOURCES))} estimated that between {count(r)} and {count(r)} "
              f"{r.choice(PEOPLE_NOUNS)} have fled {r.choice(PLACES)}.",
    lambda r: f"The package, worth {money(r)}, was approved by parliament on {day(r)}.",
    lambda r: f"{r.choice(PEOPLE)} pledged {money(r)} in military aid, including {count(r)} {r.choice(THINGS)}.",
    lambda r: f"Casualties are running at {count(r)} a day, {r.choice(SOURCES)} reported, "
              f"or {r.randint(1, 60)}% more than a year ago.",
    lambda r: f"Only {r.randint(10, 60)} of {r.randint(100, 400)} {r.choice(PEOPLE_NOUNS)} in the battalion "
              "remained fit for duty, the report found.",
    lambda r: f"{cap(r.choice(WORD_COUNTS))} {r.choice(PEOPLE_NOUNS)} were evacuated from "
              f"{r.choice(PLACES)} overnight, officials said.",
    lambda r: f"Support for the government fell to {r.randint(20, 60)} percent in a poll published on {day(r)}.",
    lambda r: f"The ministry said {r.choice(HEDGES)} {count(r)} {r.choice(THINGS)} had been destroyed in "
              f"the past {r.randint(2, 30)} days.",
    lambda r: f"Moscow could mobilise {r.choice(['300,000-350,000', '200,000 to 250,000', 'up to 500,000'])} "
              "more reservists by the end of the year, analysts projected.",
    lambda r: f"The budget deficit reached {money(r)} in {r.choice(MONTHS)}, up from {money(r)} a year earlier.",
    lambda r: f"Prices have risen {r.randint(2, 40)}.{r.randint(0, 9)}% since the start of the war, the central "
              "bank said.",
    lambda r: f"The strikes left {r.choice(WORD_COUNTS)} {r.choice(PEOPLE_NOUNS)} without shelter, "
              f"{r.choice(SOURCES)} said in a statement.",
    lambda r: f"Some {count(r)} {r.choice(PEOPLE_NOUNS)} are believed to be held as prisoners, and {count(r)} "
              "remain missing.",
]
# sentences with no claim: prose, quotes, and numbers that are not claims (dates, ordinals, ages, codes)
PROSE_SENTENCES = [
    lambda r: f"The {r.randint(1, 155)}th Mechanised Brigade has been fighting near {r.choice(PLACES)} "
              f"since {since(r)}.",
    lambda r: "Kyiv has asked for more F-16 jets and Patriot PAC-3 interceptors under Article 5 talks.",
    lambda r: f"The vote on Resolution {r.randint(2000, 2800)} is expected on {day(r)} at "
              f"{r.randint(1, 12)}:{r.choice(['00', '15', '30', '45'])} p.m.",
    lambda r: f"A {r.randint(25, 70)}-year-old man was detained and later sentenced to {r.randint(2, 15)} years "
              "in prison.",
    lambda r: f"{r.choice(PEOPLE)} warned that the front could collapse “within weeks” if supplies do not arrive.",
    lambda r: f"Residents of {r.choice(PLACES)} described nights of shelling and days without water or power.",
    lambda r: f"One commander said the unit had been rotated out for a {r.randint(3, 14)}-day rest.",
    lambda r: f"{r.choice(PEOPLE)} and {r.choice(PEOPLE)} met in Brussels for talks that lasted into the night.",
    lambda r: f"World War II veterans and their families gathered in {r.choice(PLACES)} on {day(r)}.",
    lambda r: f"The talks in {r.choice(PLACES)} ended without agreement, and both sides accused the other of "
              "stalling.",
    lambda r: f"“This is a decisive moment for Europe,” {r.choice(PEOPLE)} said, adding that unity was essential.",
    lambda r: "Critics say the plan would deepen the crisis and leave the region more exposed than before.",
    lambda r: f"{cap(r.choice(SOURCES))} did not respond to a request for comment on {day(r)}.",
    lambda r: "Analysts expect the offensive to resume once the ground freezes and supply lines are restored.",
    lambda r: "The offensive has stalled in recent weeks as both armies dig in for the winter.",
    lambda r: f"{r.choice(PEOPLE)} is due to travel to Washington next week for talks with congressional leaders.",
    lambda r: f"Witnesses said the explosions shook buildings across {r.choice(PLACES)} shortly after midnight.",
    lambda r: "The decision drew sharp criticism from opposition parties, who called it reckless and premature.",
    lambda r: "Diplomats in Brussels said the summit had exposed deep divisions over how to end the war.",
    lambda r: f"“We will not be intimidated,” {r.choice(PEOPLE)} wrote on social media after the attack.",
    lambda r: f"It was not possible to verify the claims independently, and {r.choice(SOURCES)} declined to comment.",
    lambda r: f"Officials in {r.choice(PLACES)} urged residents to stay indoors and follow air-raid warnings.",
    lambda r: "The ceasefire proposal, first floated in the spring, has found little support in either capital.",
    lambda r: f"Aid groups warned that the humanitarian situation in {r.choice(PLACES)} was deteriorating fast.",
]
PROSE_SHARE = 0.75  # sentences with no claim: about one claim per 40 words (the seed: one per 66)


def sentence(r: random.Random) -> str:
    return r.choice(PROSE_SENTENCES if r.random() < PROSE_SHARE else FIGURE_SENTENCES)(r)


def paragraph(r: random.Random) -> str:
    return " ".join(sentence(r) for _ in range(r.randint(2, 6)))


def generate_documents(size_bytes: int, seed: int) -> Iterator[Document]:
    """News-like documents, made one at a time, until `size_bytes` of text."""
    r, made, n = random.Random(seed), 0, 0
    while made < size_bytes:
        text = "\n\n".join(paragraph(r) for _ in range(r.randint(4, 12)))
        made += len(text.encode("utf-8"))
        n += 1
        yield Document(id=f"gen-{n:06d}", text=text, published=f"2024-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}")


def read_corpus(path: str) -> Iterator[Document]:
    from claimledger.readers import read_inputs

    for item in read_inputs([path]):
        if isinstance(item, Document):
            yield item
        else:
            print(f"skipped: {item}", file=sys.stderr)


# --- timing -------------------------------------------------------------------

def pin_to_one_core() -> str:
    if hasattr(os, "sched_setaffinity"):
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return f"pinned to CPU {cpu}"
    return "not pinned (no sched_setaffinity here); single-threaded"


def timed(function, texts: Iterable[str], clock=time.perf_counter) -> tuple[float, int, int, int]:
    """Seconds spent in `function` over the texts; their words and bytes; what it found."""
    seconds, words, size, found = 0.0, 0, 0, 0
    for text in texts:
        words += len(text.split())
        size += len(text.encode("utf-8"))
        start = clock()
        found += len(function(text))
        seconds += clock() - start
    return seconds, words, size, found


def first_kb(documents: Iterable[Document], kb: int) -> list[str]:
    texts, size = [], 0
    for doc in documents:
        if size >= kb * 1000:
            break
        texts.append(doc.text)
        size += len(doc.text.encode("utf-8"))
    return texts


def quantulum_parse():
    warnings.filterwarnings("ignore", module="quantulum3")  # "classifier not installed": the rule-based mode
    from quantulum3 import parser

    parser.parse("The army lost 31,000 soldiers and $60 billion.")  # warm-up: loads its unit tables
    return parser.parse


# --- memory, in a fresh process per corpus size --------------------------------

def rss_kb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux


def memory_probe(megabytes: float, seed: int, trace: bool) -> dict:
    claimledger.extract("Warm-up: 31,000 soldiers, $60 billion, 40%.")
    baseline = rss_kb()
    if trace:
        tracemalloc.start()
    claims = sum(1 for _ in claimledger.extract_documents(generate_documents(int(megabytes * 1e6), seed)))
    result = {"mb": megabytes, "claims": claims}
    if trace:
        result["tracemalloc_peak_kb"] = tracemalloc.get_traced_memory()[1] // 1024
    else:
        result["rss_peak_kb"], result["rss_growth_kb"] = rss_kb(), rss_kb() - baseline
    return result


def probe_in_fresh_process(megabytes: float, seed: int, trace: bool) -> dict:
    command = [sys.executable, __file__, "--probe", str(megabytes), "--seed", str(seed)] + (["--trace"] if trace else [])
    return json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)


# --- the run -------------------------------------------------------------------

def figure_finding_beside(args, name: str) -> None:
    """Figure finding of this checkout and of `args.beside`, alternately in fresh processes."""
    from pathlib import Path

    sides = {"this checkout": str(Path(__file__).resolve().parents[1] / "src"), "beside": args.beside}
    passed = [a for a in sys.argv[1:] if not a.startswith("--beside") and a != args.beside]
    best: dict[str, dict] = {}
    for _ in range(args.rounds):
        for label, src in sides.items():
            out = subprocess.run([sys.executable, __file__, "--figures-only", *passed],
                                 env={**os.environ, "PYTHONPATH": src}, capture_output=True, text=True, check=True)
            run = json.loads(out.stdout.strip().splitlines()[-1])
            if label not in best or run["seconds"] < best[label]["seconds"]:
                best[label] = run
    print(f"corpus: {name}; figure finding (find_figures) alone, CPU time, best of {args.rounds} alternating runs "
          f"(each the best of 2 passes), one core")
    for label, run in best.items():
        print(f"  {label:<14} {sides[label]}: {run['words'] / run['seconds']:>10,.0f} words/s, {run['found']:,} figures")
    this, other = (best[k]["words"] / best[k]["seconds"] for k in sides)
    print(f"ratio this/beside: {this / other:.2f} (the issue's target: no more than 10% slower, >= 0.90)")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size-mb", type=float, default=2.0, help="size of the generated corpus (at least 1)")
    ap.add_argument("--subset-kb", type=int, default=200, help="the subset quantulum3 is timed on")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--corpus", help="a folder of .txt files or a JSON Lines file, instead of generated text")
    ap.add_argument("--no-quantulum", action="store_true")
    ap.add_argument("--no-memory", action="store_true")
    ap.add_argument("--beside", metavar="SRC", help="another checkout's src folder: time its figure finding beside this one's")
    ap.add_argument("--rounds", type=int, default=3, help="rounds of --beside (the best of each side is kept)")
    ap.add_argument("--figures-only", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--probe", type=float, help=argparse.SUPPRESS)
    ap.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    core = pin_to_one_core()
    if args.probe:
        print(json.dumps(memory_probe(args.probe, args.seed, args.trace)))
        return

    def documents() -> Iterator[Document]:  # a fresh stream each time: the corpus is never held whole
        return read_corpus(args.corpus) if args.corpus else generate_documents(int(args.size_mb * 1e6), args.seed)

    name = args.corpus or f"generated news-like text, seed {args.seed}"
    if args.figures_only:
        find_figures("Warm-up: 31,000 soldiers, $60 billion, 40%.")
        # CPU time of this process: on a shared machine, wall time also counts the waits for a core
        texts = [d.text for d in documents()]
        seconds, words, size, found = min(timed(find_figures, texts, time.process_time) for _ in range(2))
        print(json.dumps({"seconds": seconds, "words": words, "found": found}))
        return
    if args.beside:
        figure_finding_beside(args, name)
        return
    claimledger.extract("Warm-up: 31,000 soldiers, $60 billion, 40%.")
    subset = first_kb(documents(), args.subset_kb)
    paragraphs = [p for text in subset for p in text.split("\n\n") if p.strip()]
    sub = f"first {args.subset_kb} KB"
    rows = [("claimledger", "whole corpus", "documents", *timed(claimledger.extract, (d.text for d in documents()))),
            # the foundation stage alone: figures, before attribution, meaning and time
            ("figures", "whole corpus", "documents", *timed(find_figures, (d.text for d in documents())))]
    for unit, texts in (("documents", subset), ("paragraphs", paragraphs)):
        rows.append(("claimledger", sub, unit, *min(timed(claimledger.extract, texts) for _ in range(3))))
        if not args.no_quantulum:
            rows.append(("quantulum3", sub, unit, *timed(quantulum_parse(), texts)))

    print(f"corpus: {name}: {rows[0][5] / 1e6:.2f} MB, {rows[0][4]:,} words")
    print(f"one core: {core}; only extraction calls are timed; claimledger's subset times are the best of 3; "
          f"load average at the end: {os.getloadavg()[0]:.2f} (other work on the machine slows both)")
    if not args.no_quantulum:
        print(f"quantulum3 is timed on the first {args.subset_kb} KB of the same corpus only (it is slow), given "
              "whole documents and then one paragraph at a time (its time grows faster than the text)")
    print(f"\n{'extractor':<12} {'text':<14} {'given as':<11} {'words':>10} {'MB':>7} {'found':>7} {'seconds':>8} "
          f"{'words/s':>10} {'MB/s':>7}")
    for extractor, label, unit, seconds, words, size, found in rows:
        print(f"{extractor:<12} {label:<14} {unit:<11} {words:>10,} {size / 1e6:>7.3f} {found:>7,} {seconds:>8.2f} "
              f"{words / seconds:>10,.0f} {size / 1e6 / seconds:>7.3f}")
    full, figures_only = rows[0][4] / rows[0][3], rows[1][4] / rows[1][3]
    print(f"whole pipeline vs figure finding alone: {full / figures_only:.0%} of the foundation's throughput "
          f"(the parse of the figures' sentences is most of the difference)")
    if not args.no_quantulum:
        speed = {(r[0], r[2]): r[4] / r[3] for r in rows[2:]}
        for unit in ("documents", "paragraphs"):
            ratio = speed["claimledger", unit] / speed["quantulum3", unit]
            target = "" if unit == "paragraphs" else \
                f" (issue 10: with the parse >= 5x, goal 10x: {'met' if ratio >= 5 else 'NOT met'})"
            print(f"ratio, same {args.subset_kb} KB given as {unit}: claimledger is {ratio:.1f}x quantulum3{target}")

    if not args.no_memory:
        print("\nmemory, streaming extract_documents over generated corpora (a fresh process each):")
        print(f"{'corpus':>7} {'claims':>8} {'peak RSS':>10} {'RSS growth':>11} {'tracemalloc peak':>17}")
        for mb in (1, 4):
            rss, traced = probe_in_fresh_process(mb, args.seed, False), probe_in_fresh_process(mb, args.seed, True)
            print(f"{mb:>5} MB {rss['claims']:>8,} {rss['rss_peak_kb'] / 1024:>7.1f} MB {rss['rss_growth_kb'] / 1024:>8.1f} MB "
                  f"{traced['tracemalloc_peak_kb'] / 1024:>14.2f} MB")


if __name__ == "__main__":
    main()
