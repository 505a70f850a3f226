"""`claimledger serve`: Datasette on the ledger with this package's plugin.

In-process checks through Datasette's own test client, then the real server
started on a free port, opened in headless Chromium and stopped by the test."""
from __future__ import annotations

import asyncio
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
import sqlite_utils
from datasette.app import Datasette
from datasette.utils import detect_fts

from claimledger.ledger import Ledger
from claimledger.record import Document
from claimledger.serve import serve_arguments
from ledger_fixtures import SEED, seed_ledger
from report_fixtures import chromium, hostile_ledger, injected

needs_seed = pytest.mark.skipif(not SEED.exists(), reason="needs ../shared/corpus/seed")


def get(path: Path, *urls: str) -> list:
    """Responses of an in-process Datasette serving the ledger at `path`."""
    async def run() -> list:
        ds = Datasette([str(path)])
        await ds.invoke_startup()
        return [await ds.client.get(url) for url in urls]
    return asyncio.run(run())


@pytest.fixture
def seed(tmp_path: Path) -> Path:
    path = seed_ledger(tmp_path / "ledger.db")
    with Ledger(path):  # as after an ingest: the ledger's own schema and keys
        pass
    return index_sentences(path)


def index_sentences(path: Path) -> Path:
    """Claims inserted by hand are indexed for search as schema.sql says."""
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO claims_fts(claims_fts) VALUES ('rebuild')")
    conn.commit()
    conn.close()
    return path


# --- the search index -------------------------------------------------------------

OLD_FTS = ("CREATE VIRTUAL TABLE claims_fts USING fts5(\n    sentence, content='claims', "
           "content_rowid='id'\n)")


def test_search_index_is_detected_and_old_ledgers_are_upgraded_in_place(tmp_path):
    path = tmp_path / "old.db"
    Ledger(path).close()
    conn = sqlite3.connect(path)
    conn.execute("DROP TABLE claims_fts")
    conn.execute(OLD_FTS)  # as schema 6 declared it
    conn.execute("PRAGMA user_version = 6")
    conn.commit()
    assert detect_fts(conn, "claims") is None  # what Datasette saw: search silently ignored
    conn.close()
    with Ledger(path) as ledger:
        ledger.ingest([Document(id="d", text="Officials said 1,200 soldiers were killed. "
                                              "About 300 were wounded.", published="2024-02-01")])
    with Ledger(path):  # opening again changes nothing
        pass
    conn = sqlite3.connect(path)
    assert detect_fts(conn, "claims") == "claims_fts"
    assert sqlite_utils.Database(conn)["claims"].detect_fts() == "claims_fts"
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'claims_fts'").fetchone()[0] == 1
    assert len(list(Ledger(path).claims(search="killed"))) == 1


def test_upgrade_rebuilds_the_index_of_claims_already_stored(tmp_path):
    path = tmp_path / "old.db"
    with Ledger(path) as ledger:
        ledger.ingest([Document(id="d", text="Officials said 1,200 soldiers were killed.",
                                published="2024-02-01")])
    conn = sqlite3.connect(path)
    conn.execute("DROP TABLE claims_fts")
    conn.execute(OLD_FTS)
    conn.execute("INSERT INTO claims_fts(claims_fts) VALUES ('rebuild')")
    conn.execute("PRAGMA user_version = 6")
    conn.commit()
    conn.close()
    with Ledger(path) as ledger:
        assert [c["value"] for c in ledger.claims(search="soldiers")] == [1200]


# --- Datasette in process ---------------------------------------------------------

@needs_seed
def test_search_facets_metadata_and_canned_queries(seed):
    search, facets, metadata, canned, database = get(
        seed,
        "/ledger/claims.json?_search=Zelensky&_shape=objects",
        "/ledger/claims.json?_facet=measure&_facet=speaker&_size=0",
        "/-/metadata.json",
        "/ledger/disputed.json?_shape=objects",
        "/ledger.json")
    rows = search.json()["rows"]
    assert rows and len(rows) < 18 and all("Zelensky" in r["sentence"] for r in rows)
    results = facets.json()["facet_results"]
    assert {"killed", "casualties"} <= {f["value"] for f in results["measure"]["results"]}
    meta = metadata.json()["databases"]["ledger"]["tables"]["claims"]
    assert meta["facets"][:2] == ["measure", "group"] and "speaker" in meta["facets"]
    assert "as_of" in meta["columns"]
    assert {r["speaker"] for r in canned.json()["rows"]} == {"Vladimir Putin"}
    assert {"search_sentences", "by_speaker", "disputed"} <= {
        q["name"] for q in database.json()["queries"]}


@needs_seed
def test_reconcile_results_are_tables(seed):
    quantities, conflicts, estimates, claims = get(
        seed,
        "/ledger_reconcile/quantities.json?_shape=objects&_size=max",
        "/ledger_reconcile/conflicts.json?_shape=objects",
        "/ledger_reconcile/estimates.json?_shape=objects&quantity=killed/Ukraine/people@russia-ukraine-war",
        "/ledger_reconcile/conflict_claims.json?_shape=objects&_size=max")
    by_id = {q["id"]: q for q in quantities.json()["rows"]}
    killed = by_id["killed/Ukraine/people@russia-ukraine-war"]
    assert killed["claims"] == 7 and killed["sources"] == 4 and killed["measure"] == "killed"
    kinds = {c["kind"] for c in conflicts.json()["rows"]}
    assert {"dispute", "contradiction", "cumulative-fall"} <= kinds
    periods = {e["period"]: e for e in estimates.json()["rows"]}
    assert periods["2023-08"]["best"] == 70000
    assert {c["doc"] for c in claims.json()["rows"]} == {"paris-summit"}


@needs_seed
def test_reconcile_tables_follow_the_ledger(seed):
    async def run() -> tuple[int, int]:
        ds = Datasette([str(seed)])
        await ds.invoke_startup()
        url = "/ledger_reconcile/quantities.json?_shape=objects&_size=max"
        before = sum(q["claims"] for q in (await ds.client.get(url)).json()["rows"])
        time.sleep(0.01)
        with Ledger(seed) as ledger:  # an ingest while the server runs
            ledger.ingest([Document(id="flood", published="2024-05-02", text=(
                "Floods have killed 41 people in Valdoria, the interior ministry said.")),
                Document(id="flood2", published="2024-05-04", text=(
                    "The death toll from the floods in Valdoria rose to 63, officials said."))])
        after = sum(q["claims"] for q in (await ds.client.get(url)).json()["rows"])
        return before, after
    before, after = asyncio.run(run())
    assert after >= before + 2


@needs_seed
def test_timeline_page_and_links(seed):
    page, svg, quantities, missing = get(
        seed,
        "/-/claimledger/ledger/quantity?id=killed%2FUkraine%2Fpeople%40russia-ukraine-war",
        "/-/claimledger/ledger/timeline.svg?id=killed%2FUkraine%2Fpeople%40russia-ukraine-war",
        "/ledger_reconcile/quantities",
        "/-/claimledger/ledger/quantity?id=nothing")
    assert page.status_code == 200
    html = page.text
    assert html.count('class="timeline"') == 1 and html.count('class="mark">') - html.count('<g class="mark">') == 7
    assert "Volodymyr Zelensky rejects Vladimir Putin" in html
    assert svg.headers["content-type"].startswith("image/svg+xml") and svg.text.startswith("<svg")
    assert 'href="/-/claimledger/ledger/quantity?id=killed%2FUkraine%2Fpeople%40russia-ukraine-war"' in quantities.text
    assert missing.status_code == 404


def test_served_pages_escape_the_ledger(tmp_path):
    path = index_sentences(hostile_ledger(tmp_path / "hostile.db"))
    page, claims = get(path, "/-/claimledger/hostile/quantity?id=killed%2FUkraine%2Fpeople%40story",
                       "/hostile/claims")
    for html in (page.text, claims.text):
        assert "<script>window.__pwned" not in html and 'onerror="window' not in html
        assert "&lt;script&gt;window.__pwned" in html


def test_serve_binds_to_this_machine_by_default():
    args = serve_arguments("ledger.db")
    assert args[args.index("--host") + 1] == "127.0.0.1"


# --- the real server, in the browser ----------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(tmp_path: Path):
    """`claimledger serve` on a free port, stopped at the end."""
    path = index_sentences(hostile_ledger(tmp_path / "hostile.db"))
    if SEED.exists():  # the seed's claims beside the hostile ones
        seed_ledger(tmp_path / "seed.db")
        conn = sqlite3.connect(path)
        conn.execute("ATTACH ? AS s", (str(tmp_path / "seed.db"),))
        conn.execute("INSERT INTO documents SELECT * FROM s.documents")
        conn.execute("INSERT INTO claims (" + ", ".join(
            f'"{r[1]}"' for r in conn.execute("PRAGMA s.table_info(claims)") if r[1] != "id")
            + ") SELECT " + ", ".join(
            f'"{r[1]}"' for r in conn.execute("PRAGMA s.table_info(claims)") if r[1] != "id")
            + " FROM s.claims")
        conn.execute("INSERT INTO claims_fts(claims_fts) VALUES ('rebuild')")
        conn.commit()
        conn.close()
    port = free_port()
    log = open(tmp_path / "serve.log", "wb")
    command = Path(sys.executable).parent / "claimledger"  # the installed command, as a person runs it
    process = subprocess.Popen([str(command), "serve", "--db", str(path),
                                "--port", str(port)], stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(base + "/-/versions.json", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail("serve did not start: " + (tmp_path / "serve.log").read_text())
            time.sleep(0.3)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
    assert f"Uvicorn running on http://127.0.0.1:{port}" in (tmp_path / "serve.log").read_text()


def test_served_ledger_in_the_browser(server, tmp_path):
    with chromium(tmp_path, height=1400) as driver:
        driver.get(server + "/hostile/claims?_search=pwned+script")
        rows = driver.find_elements("css selector", "table.rows-and-columns tbody tr")
        assert len(rows) == 1  # the search is applied, not ignored
        assert "<script>window.__pwned = 'script'</script>" in rows[0].text
        found = injected(driver)
        assert found["pwned"] is None and found["handlers"] == 0 and found["bad_images"] == 0
        driver.save_screenshot(str(tmp_path / "search.png"))

        driver.get(server + "/hostile_reconcile/quantities")
        driver.find_element("css selector",
                            "td.col-label a[href*='killed%2FUkraine%2Fpeople%40story']").click()
        assert "/-/claimledger/hostile/quantity" in driver.current_url
        marks = driver.execute_script("return document.querySelectorAll('svg.timeline .mark').length")
        assert marks == 5  # the hostile claims (the seed's beside them are the war's: another quantity)
        assert driver.execute_script(
            "return document.querySelector('svg.timeline').getBoundingClientRect().width") >= 700
        found = injected(driver)
        assert found["pwned"] is None and found["handlers"] == 0 and found["bad_images"] == 0
        driver.save_screenshot(str(tmp_path / "timeline.png"))
    assert (tmp_path / "timeline.png").stat().st_size > 20_000
