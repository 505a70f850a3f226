"""The SQLite ledger: idempotent ingest, replaced claims, reextract, failures,
FTS, the readable view, query filters, the CLI over it, and the two promises
that need real processes: kill -9 and rerun gives the ledger of an
uninterrupted run, and two ingests at once both land."""
from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from claimledger import EXTRACTOR_VERSION, extract
from claimledger.cli import cli
from claimledger.ledger import Ledger
from claimledger.readers import read_inputs
from claimledger.record import CLAIM_FIELDS, Document, Failure
from terminal import run_on_a_terminal

CLAIMLEDGER = str(Path(sys.executable).with_name("claimledger"))
COLUMNS = ", ".join(f'"{name}"' for name in CLAIM_FIELDS)

PLACES = ["Northbridge", "Kessel", "Alder Bay", "Marrow Hill", "Dunmore", "Eastwick"]
TEMPLATES = [
    "Emergency services in {place} said {n:,} people had been moved to shelters by Sunday.",
    "The council approved a budget of ${m} million for road repairs, officials said.",
    "About {k} volunteers joined the clean-up, and {a} of {b} pumps were working again.",
    "Between {a} and {b} homes lost power overnight, the utility reported.",
    "Turnout reached {p} percent, up from {q} percent four years earlier.",
    "Organisers counted more than {n:,} runners at the start of the {place} marathon.",
]


def article(i: int | str, most_sentences: int = 5) -> str:
    rng = random.Random(i)  # the same corpus on every run
    sentences = [rng.choice(TEMPLATES).format(
        place=rng.choice(PLACES), n=rng.randint(1_000, 90_000), m=rng.randint(2, 80),
        k=rng.randint(20, 900), a=rng.randint(3, 40), b=rng.randint(50, 400),
        p=rng.randint(30, 70), q=rng.randint(20, 60)) for _ in range(rng.randint(1, most_sentences))]
    return " ".join(sentences)


def _letters(i: int) -> str:
    """0 -> "a", 25 -> "z", 26 -> "ba": a number without digits."""
    word = ""
    while True:
        word = chr(ord("a") + i % 26) + word
        i //= 26
        if not i:
            return word


def write_corpus(path: Path, count: int, *, prefix: str = "doc", bad_every: int = 0,
                 most_sentences: int = 2) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for i in range(count):
            if bad_every and i % bad_every == bad_every - 1:
                out.write("[\"not an object\"]\n")
                continue
            # seeded by the id, and signed with it in letters: no two
            # documents hold one text (the same text under two ids would be a
            # copy, and which is the original would depend on which ingest
            # came first)
            text = f"{article(f'{prefix}-{i}', most_sentences)} Filed by the {prefix} {_letters(i)} desk."
            out.write(json.dumps({"id": f"{prefix}-{i:05d}", "text": text,
                                  "published": f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}"}) + "\n")
    return path


def snapshot(db: Path) -> dict:
    """Everything in a ledger except the times things happened."""
    with sqlite3.connect(db) as con:
        # the full-text index against the claims table: raises if they differ
        con.execute("INSERT INTO claims_fts(claims_fts, rank) VALUES ('integrity-check', 1)")
        return {
            "documents": con.execute(
                "SELECT id, url, title, published, author, site, meta, source, content_hash, text, "
                "extractor_version FROM documents ORDER BY id").fetchall(),
            "claims": con.execute(f"SELECT id, {COLUMNS} FROM claims ORDER BY id").fetchall(),
            "failures": con.execute("SELECT input, reason FROM failures ORDER BY input, reason").fetchall(),
            "fts": con.execute("SELECT count(*) FROM claims_fts_docsize").fetchone()[0],
        }


def docs(*pairs: tuple[str, str], published: str | None = "2024-03-01") -> list[Document]:
    return [Document(id=i, text=t, published=published, source=f"test:{i}") for i, t in pairs]


TEXT_1 = "Rescuers said 1,400 people were evacuated. The repairs will cost $3 million."
TEXT_2 = "Some 250 firefighters fought the blaze, and 12 homes were destroyed."
TEXT_3 = "Some 260 firefighters fought the blaze overnight, and 14 homes were destroyed."


# ---- the library -------------------------------------------------------------

def test_ingest_stores_documents_and_their_claims(tmp_path):
    with Ledger(tmp_path / "l.db") as ledger:
        stats = ledger.ingest(docs(("one", TEXT_1), ("two", TEXT_2)))
        assert (stats.added, stats.updated, stats.unchanged, stats.failures) == (2, 0, 0, 0)
        stored = list(ledger.claims(doc="one"))
    wanted = [c.to_dict() for c in extract(TEXT_1, published="2024-03-01", doc_id="one")]
    assert stored and sorted(stored, key=lambda c: c["start"]) == wanted
    assert stats.claims == len(wanted) + len(extract(TEXT_2, published="2024-03-01", doc_id="two"))
    with sqlite3.connect(tmp_path / "l.db") as con:
        row = con.execute("SELECT published, source, extractor_version, length(content_hash) "
                          "FROM documents WHERE id = 'one'").fetchone()
        assert row == ("2024-03-01", "test:one", EXTRACTOR_VERSION, 64)
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_ingesting_twice_changes_nothing(tmp_path):
    db = tmp_path / "l.db"
    with Ledger(db) as ledger:
        ledger.ingest(docs(("one", TEXT_1), ("two", TEXT_2)))
    before = snapshot(db)
    with sqlite3.connect(db) as con:
        times = con.execute("SELECT ingested_at FROM documents ORDER BY id").fetchall()
    time.sleep(1.1)  # a rewrite would show in ingested_at, stamped to the second
    with Ledger(db) as ledger:
        stats = ledger.ingest(docs(("one", TEXT_1), ("two", TEXT_2)))
    assert (stats.added, stats.updated, stats.unchanged, stats.claims) == (0, 0, 2, 0)
    assert snapshot(db) == before
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT ingested_at FROM documents ORDER BY id").fetchall() == times


def test_changed_document_replaces_its_claims(tmp_path):
    db = tmp_path / "l.db"
    with Ledger(db) as ledger:
        ledger.ingest(docs(("one", TEXT_1), ("two", TEXT_2)))
        stats = ledger.ingest(docs(("one", TEXT_3)))
        assert (stats.added, stats.updated) == (0, 1)
        assert sorted(ledger.claims(doc="one"), key=lambda c: c["start"]) == [
            c.to_dict() for c in extract(TEXT_3, published="2024-03-01", doc_id="one")]
        # a changed date is a change too: as_of may depend on it
        stats = ledger.ingest(docs(("one", TEXT_3), published="2024-04-01"))
        assert stats.updated == 1
    state = snapshot(db)  # also checks the FTS index against the claims table
    assert state["fts"] == len(state["claims"])
    assert [d[0] for d in state["documents"]] == ["one", "two"]


def test_later_duplicate_in_one_run_wins(tmp_path):
    with Ledger(tmp_path / "l.db", batch_size=10) as ledger:
        ledger.ingest(docs(("one", TEXT_1), ("one", TEXT_2)))
        texts = [d[9] for d in snapshot(tmp_path / "l.db")["documents"]]
    assert texts == [TEXT_2]


def test_reextract_updates_older_versions_only(tmp_path):
    db = tmp_path / "l.db"
    with Ledger(db) as ledger:
        ledger.ingest(docs(("one", TEXT_1), ("two", TEXT_2)))
    complete = snapshot(db)
    with sqlite3.connect(db) as con:  # as an older extractor would have left it
        con.execute("UPDATE documents SET extractor_version = '0.0.1' WHERE id = 'one'")
        con.execute("DELETE FROM claims WHERE doc = 'one'")
    with Ledger(db) as ledger:
        stats = ledger.reextract()
        assert (stats.documents, stats.failures) == (1, [])
        assert stats.claims == len(extract(TEXT_1, published="2024-03-01", doc_id="one"))
        assert ledger.reextract().documents == 0  # nothing left to do
        assert ledger.reextract(everything=True).documents == 2
    after = snapshot(db)
    assert after["documents"] == complete["documents"]
    assert [c[1:] for c in after["claims"]] == sorted(
        (c[1:] for c in complete["claims"]), key=lambda c: (c[0] != "one", c[1]))  # same claims
    assert after["fts"] == len(after["claims"])


def test_unchanged_document_of_an_older_version_is_reextracted_on_ingest(tmp_path):
    db = tmp_path / "l.db"
    with Ledger(db) as ledger:
        ledger.ingest(docs(("one", TEXT_1)))
    with sqlite3.connect(db) as con:
        con.execute("UPDATE documents SET extractor_version = '0.0.1'")
    with Ledger(db) as ledger:
        assert ledger.ingest(docs(("one", TEXT_1))).updated == 1
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT extractor_version FROM documents").fetchone()[0] == EXTRACTOR_VERSION


def test_failures_are_recorded_once_and_cleared_when_fixed(tmp_path):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text('{"id": "a", "text": "Fine, 30 boats."}\n{"id": "b"}\n', encoding="utf-8")
    db = tmp_path / "l.db"
    for _ in range(2):
        with Ledger(db) as ledger:
            stats = ledger.ingest(read_inputs([str(corpus)]))
            assert stats.failures == 1
            assert ledger.failures() == [Failure(f"{corpus}:2", 'no "text" field')]
    corpus.write_text('{"id": "a", "text": "Fine, 30 boats."}\n{"id": "b", "text": "Now 4 cars."}\n',
                      encoding="utf-8")
    with Ledger(db) as ledger:
        stats = ledger.ingest(read_inputs([str(corpus)]))
        assert (stats.added, stats.unchanged, stats.failures) == (1, 1, 0)
        assert ledger.failures() == []


# ---- querying --------------------------------------------------------------

ROWS = [  # hand-written claims, so that every filter has something to tell apart
    dict(doc="kyiv", start=0, end=6, text="31,000", value=31000, unit="people", measure="killed",
         group="Ukraine", speaker="Volodymyr Zelensky", speaker_kind="person", cue="said",
         as_of="2024-02-25", sentence="Zelensky said 31,000 Ukrainian soldiers had been killed."),
    dict(doc="kyiv", start=10, end=17, text="300,000", value=300000, unit="people", measure="casualties",
         group="Ukraine", speaker="Vladimir Putin", speaker_kind="person", disputed_by="Volodymyr Zelensky",
         as_of="2024-02", sentence="Not 300,000, whatever Putin is saying."),
    dict(doc="nyt", start=0, end=6, text="70,000", value=70000, approx=True, unit="people",
         measure="killed", group="Ukraine", speaker="US officials", speaker_kind="anonymous",
         via="New York Times", as_of="2023-08-18", sentence="US officials put the dead at close to 70,000."),
    dict(doc="nyt", start=20, end=26, text="$60bn", value=6e10, unit="USD", measure="aid",
         group="United States", speaker=None, speaker_kind="document", as_of="2024",
         sentence="Congress weighs $60bn in aid."),
    dict(doc="nyt", start=40, end=45, text="dozens", low=24, high=144, approx=True, unit="tank",
         measure="count", group="russia", speaker_kind="document", as_of=None,
         sentence="Dozens of tanks were seen near the border (reports)."),
]


@pytest.fixture
def queried(tmp_path):
    db = tmp_path / "q.db"
    Ledger(db).close()
    with sqlite3.connect(db) as con:
        for doc, title in (("kyiv", "Zelensky interview"), ("nyt", "Officials' estimate")):
            con.execute("INSERT INTO documents (id, title, published, content_hash, text, ingested_at, "
                        "extractor_version) VALUES (?, ?, '2024-02-26', 'x', '', 'now', ?)",
                        (doc, title, EXTRACTOR_VERSION))
        for row in ROWS:
            full = {name: row.get(name) for name in CLAIM_FIELDS}
            full["approx"] = int(row.get("approx", False))
            full["projected"] = 0
            con.execute(f"INSERT INTO claims ({COLUMNS}) VALUES ({', '.join('?' * len(full))})",
                        list(full.values()))
        con.execute("INSERT INTO claims_fts(claims_fts) VALUES ('rebuild')")  # as schema.sql says
    with Ledger(db) as ledger:
        yield ledger


def texts(claims):
    return [c["text"] for c in claims]


def test_claims_come_back_as_spec_records(queried):
    claims = list(queried.claims())
    assert all(list(c) == list(CLAIM_FIELDS) for c in claims)
    # time order, undated last
    assert texts(claims) == ["70,000", "$60bn", "300,000", "31,000", "dozens"]
    sixty = claims[1]
    assert sixty["value"] == 60_000_000_000 and isinstance(sixty["value"], int)
    assert claims[0]["approx"] is True and claims[0]["projected"] is False


@pytest.mark.parametrize("filters, wanted", [
    ({"speaker": "zelensky"}, ["31,000"]),
    ({"speaker": "officials"}, ["70,000"]),
    ({"speaker": "%"}, []),  # LIKE wildcards are taken literally
    ({"measure": "killed"}, ["70,000", "31,000"]),
    ({"group": "RUSSIA"}, ["dozens"]),
    ({"group": "Ukraine", "measure": "casualties"}, ["300,000"]),
    ({"doc": "kyiv"}, ["300,000", "31,000"]),
    ({"since": "2024-02-01"}, ["$60bn", "300,000", "31,000"]),  # "2024" and "2024-02" overlap it
    ({"since": "2024-02-25"}, ["$60bn", "300,000", "31,000"]),
    ({"since": "2024-02-26"}, ["$60bn", "300,000"]),
    ({"since": "2024-03"}, ["$60bn"]),
    ({"until": "2023-12-31"}, ["70,000"]),
    ({"until": "2024-01"}, ["70,000", "$60bn"]),
    ({"since": "2023", "until": "2023"}, ["70,000"]),
    ({"search": "soldiers"}, ["31,000"]),
    ({"search": "Putin OR Congress"}, ["$60bn", "300,000"]),
    ({"search": '"close to"'}, ["70,000"]),  # a phrase (a malformed query is an error: test_cli_errors.py)
    ({"search": "(reports)"}, ["dozens"]),
    ({"measure": "killed", "limit": 1}, ["70,000"]),
])
def test_claim_filters(queried, filters, wanted):
    assert texts(queried.claims(**filters)) == wanted


def test_view_joins_claims_to_documents(queried):
    rows = queried._db.execute(
        "SELECT doc_title, doc_published, text, speaker FROM claims_view WHERE doc = 'kyiv' ORDER BY start"
    ).fetchall()
    assert [tuple(r) for r in rows] == [
        ("Zelensky interview", "2024-02-26", "31,000", "Volodymyr Zelensky"),
        ("Zelensky interview", "2024-02-26", "300,000", "Vladimir Putin")]


def test_cli_claims_formats(queried, tmp_path):
    db = str(queried.path)
    runner = CliRunner()
    result = runner.invoke(cli, ["claims", "--db", db, "--measure", "killed"])
    assert result.exit_code == 0  # not a terminal: JSON Lines
    assert [json.loads(line)["text"] for line in result.stdout.splitlines()] == ["70,000", "31,000"]

    result = runner.invoke(cli, ["claims", "--db", db, "--format", "csv", "--speaker", "putin"])
    lines = result.stdout.splitlines()
    assert lines[0].split(",")[:4] == ["id", "doc", "start", "end"] and len(lines) == 2

    out = tmp_path / "all.parquet"
    assert runner.invoke(cli, ["claims", "--db", db, "-o", str(out)]).exit_code == 0
    assert pq.read_table(out).column("text").to_pylist() == ["70,000", "$60bn", "300,000", "31,000", "dozens"]

    result = runner.invoke(cli, ["claims", "--db", db, "--format", "table", "--group", "Ukraine"],
                           env={"COLUMNS": "250"})
    assert result.exit_code == 0
    for shown in ("~70,000 people", "Volodymyr Zelensky", "via New York Times", "disputed by", "3 claims"):
        assert shown in result.stdout

    result = runner.invoke(cli, ["claims", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2 and "no ledger" in result.stderr
    assert not (tmp_path / "none.db").exists()


# ---- the CLI over real processes -------------------------------------------

def test_cli_ingest_and_reextract(tmp_path):
    corpus = write_corpus(tmp_path / "c.jsonl", 30, bad_every=10, most_sentences=5)
    db = tmp_path / "l.db"
    runner = CliRunner()
    result = runner.invoke(cli, ["ingest", str(corpus), "--db", str(db)])
    assert result.exit_code == 1  # three bad lines
    assert f"claimledger: {corpus}:10: not a JSON object but list" in result.stderr
    assert "27 documents (27 new, 0 updated, 0 unchanged)" in result.stderr
    result = runner.invoke(cli, ["ingest", str(corpus), "--db", str(db), "--quiet"])
    assert result.exit_code == 1 and "documents" not in result.stderr  # errors only
    assert result.stderr.count("not a JSON object") == 3
    result = runner.invoke(cli, ["reextract", "--db", str(db)])
    assert result.exit_code == 0 and "0 documents re-extracted" in result.stderr
    result = runner.invoke(cli, ["reextract", "--db", str(db), "--all"])
    assert "27 documents re-extracted" in result.stderr


def ingest_process(corpus: Path, db: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([CLAIMLEDGER, "ingest", str(corpus), "--db", str(db), "--quiet", *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def count_documents(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=10) as con:
            return con.execute("SELECT count(*) FROM documents").fetchone()[0]
    except sqlite3.OperationalError:  # not created yet
        return 0


def test_kill_9_and_rerun_gives_the_uninterrupted_ledger(tmp_path):
    total, bad_every = 2500, 250
    corpus = write_corpus(tmp_path / "corpus.jsonl", total, bad_every=bad_every)
    good = total - total // bad_every

    whole = tmp_path / "whole.db"
    finished = ingest_process(corpus, whole, "--batch-size", "100")
    assert finished.wait(timeout=300) == 1  # the bad lines
    expected = snapshot(whole)
    assert len(expected["documents"]) == good and len(expected["failures"]) == total // bad_every

    killed = tmp_path / "killed.db"
    # First kill: as soon as some batches are in, so surely mid-run.
    process = ingest_process(corpus, killed, "--batch-size", "100")
    deadline = time.monotonic() + 120
    while count_documents(killed) < 300 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.005)
    os.kill(process.pid, signal.SIGKILL)
    assert process.wait() == -signal.SIGKILL
    partial = count_documents(killed)
    assert 0 < partial < good, "the kill was meant to land mid-run"
    # Second kill: at a moment of chance within the rerun.
    process = ingest_process(corpus, killed, "--batch-size", "100")
    time.sleep(random.uniform(0.3, 1.5))
    if process.poll() is None:
        os.kill(process.pid, signal.SIGKILL)
    process.wait()

    rerun = ingest_process(corpus, killed, "--batch-size", "100")
    assert rerun.wait(timeout=300) == 1
    assert snapshot(killed) == expected


def test_two_ingests_at_once_both_land(tmp_path):
    first = write_corpus(tmp_path / "first.jsonl", 800, prefix="first")
    second = write_corpus(tmp_path / "second.jsonl", 800, prefix="second")
    shared_corpus = write_corpus(tmp_path / "shared.jsonl", 200, prefix="shared")

    reference = tmp_path / "reference.db"
    for corpus in (first, second, shared_corpus):
        assert ingest_process(corpus, reference).wait(timeout=300) == 0

    db = tmp_path / "shared.db"  # created by the two processes racing
    processes = [ingest_process(first, db, "--batch-size", "20"),
                 ingest_process(second, db, "--batch-size", "20")]
    seen_both_mid_run = False
    while any(p.poll() is None for p in processes):
        if all(p.poll() is None for p in processes):
            with sqlite3.connect(db, timeout=10) as con:
                try:
                    prefixes = {r[0] for r in con.execute(
                        "SELECT DISTINCT substr(id, 1, instr(id, '-') - 1) FROM documents")}
                except sqlite3.OperationalError:
                    prefixes = set()
            seen_both_mid_run |= prefixes == {"first", "second"}
        time.sleep(0.01)
    results = [(p.returncode, p.stderr.read()) for p in processes]
    assert results == [(0, ""), (0, "")]
    assert seen_both_mid_run, "the two ingests were meant to overlap"
    # both ingest the same documents at once: still one copy of each
    processes = [ingest_process(shared_corpus, db), ingest_process(shared_corpus, db)]
    assert [p.wait(timeout=300) for p in processes] == [0, 0]

    def content(path):  # claim ids depend on the interleaving; contents must not
        state = snapshot(path)
        return ([d[:7] + d[8:] for d in state["documents"]],  # all but source
                sorted(c[1:] for c in state["claims"]), state["failures"])

    assert content(db) == content(reference)
    assert count_documents(db) == 1800
    with sqlite3.connect(reference) as con:  # no copies among them (see write_corpus)
        assert con.execute("SELECT count(*) FROM documents WHERE copy_of IS NOT NULL").fetchone()[0] == 0


def test_progress_bar_only_on_a_terminal_and_not_with_quiet(tmp_path):
    corpus = write_corpus(tmp_path / "c.jsonl", 400)
    code, shown = run_on_a_terminal("ingest", str(corpus), "--db", str(tmp_path / "a.db"),
                                    "--batch-size", "20", columns=100)
    assert code == 0
    assert "ingesting" in shown and "documents" in shown  # the progress line
    assert "400 documents (400 new" in shown  # the summary
    code, shown = run_on_a_terminal("ingest", str(corpus), "--db", str(tmp_path / "b.db"), "--quiet", columns=100)
    assert code == 0 and shown == ""
    piped = subprocess.run([CLAIMLEDGER, "ingest", str(corpus), "--db", str(tmp_path / "c.db")],
                           capture_output=True, text=True, timeout=120)
    assert "ingesting" not in piped.stderr and "400 documents (400 new" in piped.stderr


# What older schemas lacked of the derived columns, and the index each had
# over them in place of `claims_months`.
OLDER_SCHEMAS = {  # 7: the search index's declaration, before events (schema 8)
    7: (["event"], 'CREATE INDEX claims_months ON claims(quantity, month, lo, hi, running, "at", '
        "source, disputed_by) WHERE month IS NOT NULL"),
    6: (["event"], 'CREATE INDEX claims_months ON claims(quantity, month, lo, hi, running, "at", '
        "source, disputed_by) WHERE month IS NOT NULL"),
    5: (["month", "running"], 'CREATE INDEX claims_quantity_bounds ON claims(quantity, "at", lo, hi, '
        "projected, period_total, measure, per, source, disputed_by)"),
    4: (["month", "running", "lo", "hi"], 'CREATE INDEX claims_quantity_at ON claims(quantity, '
        '"at", low, high, value, projected, period_total, measure, per, source, disputed_by)'),
}


@pytest.mark.parametrize("version", sorted(OLDER_SCHEMAS))
def test_an_older_ledger_is_upgraded_and_reads_the_same(tmp_path, version):
    """A ledger written before the conflict months (schema 5), or also before
    the interval bounds (schema 4), reads as a new ledger even before it is
    upgraded (the reports key it on the fly), then gains and fills them when
    a Ledger opens it, as a new ledger has them, with the same indexes."""
    from claimledger.conflicts import find_conflicts
    from claimledger.quantities import open_ledger

    docs = [Document(id=f"d{i}", text=text, published=f"2024-0{i + 1}-10") for i, text in enumerate([
        "In the war with Russia, officials said 31,000 Ukrainian soldiers had been killed.",
        "In the war with Russia, the ministry said 70,000 Ukrainian soldiers had been killed.",
        "Analysts say 3,600 casualties per day, or 1.3 million per year.",
        "In the war with Russia, the ministry said 20,000 Ukrainian soldiers had been killed.",
    ])]
    new, old = tmp_path / "new.db", tmp_path / "old.db"
    for path in (new, old):
        with Ledger(path) as ledger:
            ledger.ingest(docs)
    missing, index = OLDER_SCHEMAS[version]
    with sqlite3.connect(old) as db:  # make it an older ledger: without the columns it lacked
        db.execute("DROP INDEX claims_months")
        for name in missing:  # renamed away (DROP COLUMN trips over the schema's comments)
            db.execute(f"ALTER TABLE claims RENAME COLUMN {name} TO old_{name}")
        db.execute(index)
        # before events, duplicates and history (schema 7): none of their columns and tables
        for name in ("body_hash", "sketch", "copy_of", "similarity", "version", "frame", "event"):
            db.execute(f"ALTER TABLE documents RENAME COLUMN {name} TO old_{name}")
        if "event" not in missing:
            db.execute("ALTER TABLE claims RENAME COLUMN event TO old_event")
        db.execute("ALTER TABLE claims RENAME COLUMN place TO old_place")
        for table in ("events", "document_sketch", "document_versions", "superseded_claims"):
            db.execute(f"DROP TABLE {table}")
        db.execute("UPDATE claims SET quantity = replace(quantity, '@russia-ukraine-war', '')")
        db.execute(f"PRAGMA user_version = {version}")

    def read(path):
        return [c.to_dict() for c in find_conflicts(open_ledger(path))]
    assert read(old) == read(new)  # read only, before the upgrade: keyed on the fly
    with Ledger(old):
        pass

    def derived(path):
        with sqlite3.connect(path) as db:
            return db.execute("SELECT id, lo, hi, month, running, quantity, event FROM claims "
                              "ORDER BY id").fetchall()

    def indexes(path):
        with sqlite3.connect(path) as db:
            return {row[0] for row in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'claims'")}

    with sqlite3.connect(old) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] >= 8
        assert db.execute("SELECT count(*) FROM documents WHERE event = 'russia-ukraine-war'"
                          ).fetchone()[0] == 3
    assert derived(old) == derived(new)
    assert any(month for _, _, _, month, *_ in derived(new))
    assert {q for *_, q, _ in derived(new)} >= {"killed/Ukraine/people@russia-ukraine-war"}
    assert indexes(old) == indexes(new)

    assert read(old) == read(new)
    assert "cumulative-fall" in {c["kind"] for c in read(new)}  # 70,000 in February, 20,000 in April
