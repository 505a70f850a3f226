"""claimledger in Datasette: registered through Datasette's plugin hooks (the
`datasette` entry point in pyproject.toml), so `claimledger serve` and a plain
`datasette claimledger.db` behave alike.

For every database Datasette serves that is a claimledger ledger (it has
`claims` and `documents` tables):

- metadata: titles, descriptions of tables and columns, facets (measure,
  group, place where the ledger has it, speaker), full-text search on
  `claims` and `claims_view`, documents labelled by their title;
- canned queries (`CANNED_QUERIES`);
- `<name>_reconcile`, an in-memory database of the reconcile results as
  tables (`quantities`, `quantity_sources`, `conflicts`, `conflict_claims`,
  `estimates`), filled from quantities.py, conflicts.py and fusion.py when
  the server starts and again on the first request after the ledger file
  changes (an ingest while the server runs), so they can be browsed,
  faceted and exported like the claims;
- a page per quantity drawing its timeline (`/-/claimledger/<name>/quantity?id=ID`),
  the same chart, estimates, conflicts and claims as `claimledger report`;
  every quantity cell links to it.

The ledger itself is only read.
"""
from __future__ import annotations

import asyncio
import csv
import io
import os
import sqlite3
import weakref
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from datasette import hookimpl
from datasette.utils.asgi import Response
from markupsafe import Markup, escape

from .fusion import estimates_csv
from .quantities import open_ledger
from .report import CSS, QuantityView, document_titles, gather, key_html, kind_words, label_of, quantity_html

RECONCILE_SUFFIX = "_reconcile"
ROUTE = "/-/claimledger"


@dataclass
class LedgerState:
    """One ledger served, and what was last computed from it."""

    name: str
    path: str
    reconcile: str  # the in-memory database's name
    stamp: tuple | None = None  # the ledger file's state when last computed
    views: dict[str, QuantityView] = field(default_factory=dict)
    titles: dict[str, Any] = field(default_factory=dict)
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


_STATES: "weakref.WeakKeyDictionary[Any, dict[str, LedgerState]]" = weakref.WeakKeyDictionary()


def _states(datasette: Any) -> dict[str, LedgerState]:
    return _STATES.setdefault(datasette, {})


def is_ledger(path: str | None) -> bool:
    if not path or not os.path.isfile(path):
        return False
    try:
        conn = open_ledger(path)
        try:
            names = {row[0] for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            conn.close()
    except sqlite3.Error:
        return False
    return {"claims", "documents"} <= names


def file_stamp(path: str) -> tuple:
    """Changes whenever a writer commits: the file's and its WAL's size and time."""
    stamp = []
    for suffix in ("", "-wal"):
        try:
            st = os.stat(path + suffix)
            stamp.append((st.st_mtime_ns, st.st_size))
        except FileNotFoundError:
            stamp.append(None)
    return tuple(stamp)


# --- the reconcile tables -------------------------------------------------------

RECONCILE_SCHEMA = """
CREATE TABLE quantities (id TEXT PRIMARY KEY, label TEXT, measure TEXT, "group" TEXT,
    unit TEXT, per TEXT, claims INTEGER, sources INTEGER, first TEXT, last TEXT,
    lowest REAL, highest REAL, spread REAL, latest_best REAL, latest_period TEXT,
    conflicts INTEGER, source_names TEXT);
CREATE TABLE quantity_sources (quantity TEXT, source TEXT, latest_figure TEXT, as_of TEXT,
    claim INTEGER, doc TEXT, url TEXT);
CREATE TABLE conflicts (id INTEGER PRIMARY KEY, kind TEXT, in_words TEXT, quantity TEXT,
    consistent INTEGER, explanation TEXT, claims INTEGER);
CREATE TABLE conflict_claims (conflict INTEGER REFERENCES conflicts(id), claim INTEGER,
    doc TEXT, "start" INTEGER, "end" INTEGER, speaker TEXT, figure TEXT, as_of TEXT);
"""


def compute(path: str) -> tuple[dict[str, QuantityView], list, str, dict[str, Any]]:
    """(views by quantity, conflicts, estimates CSV, document titles) of a ledger."""
    conn = open_ledger(path)
    try:
        all_estimates: list = []
        views, conflicts = gather(conn, raw_estimates=all_estimates)
        titles = document_titles(conn)
        return {v.quantity.id: v for v in views}, conflicts, estimates_csv(all_estimates), titles
    finally:
        conn.close()


def write_tables(conn: sqlite3.Connection, views: dict[str, QuantityView], conflicts: list,
                 estimates: str) -> None:
    """Replace the reconcile tables in one transaction: readers see old or new."""
    # measure, group, unit, per of each quantity, from its estimates' rows
    fields = {row[0]: row[1:5] for row in csv.reader(io.StringIO(estimates))}
    conn.execute("SAVEPOINT refresh")
    try:
        for table in ("quantities", "quantity_sources", "conflict_claims", "conflicts", "estimates"):
            conn.execute(f"DROP TABLE IF EXISTS {table}")
        for statement in RECONCILE_SCHEMA.strip().split(";"):
            if statement.strip():
                conn.execute(statement)
        reader = csv.reader(io.StringIO(estimates))
        header = next(reader)
        conn.execute("CREATE TABLE estimates (" + ", ".join(
            f'"{c}" {"REAL" if c in ("low", "best", "high") else "INTEGER" if c == "number_of_sources" else "TEXT"}'
            for c in header) + ")")
        conn.executemany(f"INSERT INTO estimates VALUES ({', '.join('?' * len(header))})",
                         ([None if cell == "" else cell for cell in row] for row in reader))
        for v in views.values():
            q = v.quantity
            latest = next((e for e in reversed(v.estimates) if e.best is not None), None)
            conn.execute("INSERT INTO quantities VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", (
                q.id, label_of(q), *(cell or None for cell in fields.get(q.id, (None,) * 4)),
                q.claims, len(q.sources), q.first, q.last, q.lowest, q.highest, q.spread,
                latest.best if latest else None, latest.period if latest else None,
                len(v.conflicts), "; ".join(q.sources)))
            conn.executemany("INSERT INTO quantity_sources VALUES (?,?,?,?,?,?,?)", [
                (q.id, source, ref.figure(), ref.as_of, ref.id, ref.doc, ref.url)
                for source, ref in q.latest_by_source.items()])
        for number, c in enumerate(conflicts, 1):
            conn.execute("INSERT INTO conflicts VALUES (?,?,?,?,?,?,?)", (
                number, c.kind, kind_words(c), c.quantity, int(c.consistent), c.explanation,
                len(c.claims)))
            conn.executemany("INSERT INTO conflict_claims VALUES (?,?,?,?,?,?,?,?)", [
                (number, r.id, r.doc, r.start, r.end, r.speaker, r.figure(), r.as_of)
                for r in c.claims])
    except BaseException:
        conn.execute("ROLLBACK TO refresh")
        conn.execute("RELEASE refresh")
        raise
    conn.execute("RELEASE refresh")


async def refresh(datasette: Any, state: LedgerState, *, force: bool = False) -> None:
    """Recompute the reconcile tables if the ledger changed since the last time."""
    async with state.lock:
        stamp = file_stamp(state.path)
        if stamp == state.stamp and not force:
            return
        views, conflicts, estimates, titles = await asyncio.to_thread(compute, state.path)
        await datasette.get_database(state.reconcile).execute_write_fn(
            lambda conn: write_tables(conn, views, conflicts, estimates), block=True)
        state.views, state.titles, state.stamp = views, titles, stamp


# --- hooks ----------------------------------------------------------------------

@hookimpl
def startup(datasette: Any) -> Any:
    async def inner() -> None:
        for name, db in list(datasette.databases.items()):
            if name.endswith(RECONCILE_SUFFIX) or not is_ledger(db.path):
                continue
            memory = datasette.add_memory_database(f"{name}{RECONCILE_SUFFIX}")
            state = LedgerState(name=name, path=db.path, reconcile=memory.name)
            _states(datasette)[name] = state
            await refresh(datasette, state, force=True)
    return inner


@hookimpl
def asgi_wrapper(datasette: Any) -> Any:
    """Before each request, refresh the reconcile tables of a ledger that changed."""
    def wrap(app: Any) -> Any:
        async def checked(scope: dict, receive: Any, send: Any) -> None:
            if scope.get("type") == "http":
                for state in list(_states(datasette).values()):
                    if file_stamp(state.path) != state.stamp:
                        await refresh(datasette, state)
            await app(scope, receive, send)
        return checked
    return wrap


CLAIM_COLUMNS = {
    "doc": "The document the claim is in (its id; shown by its title).",
    "start": "Where the figure starts in the document text (a character offset).",
    "end": "Where the figure ends (exclusive).",
    "text": "The figure's words as written.",
    "value": "The stated figure, when one number is stated (bounded or not).",
    "low": "The lower bound: 'at least 40,000', or a range's low end.",
    "high": "The upper bound: 'up to 1,900', or a range's high end.",
    "total": "The whole the figure is part of: '40 of 200'.",
    "approx": "1 when hedged or vague: 'about', 'nearly', 'thousands'.",
    "unit": "people, an ISO 4217 currency code, percent, a measurement unit, or the counted thing.",
    "per": "A rate's period: day, week, month, year.",
    "measure": "What is counted: killed, wounded, casualties, missing, captured, displaced, "
               "strength, aid, cost, count, share, measurement.",
    "subject": "The counted noun phrase as written.",
    "group": "Whose people or things: a country or a named party.",
    "place": "Where the counted thing happened or is.",
    "speaker": "Who puts the figure forward (null: the document in its own voice).",
    "speaker_kind": "person, organization, publication, anonymous or document.",
    "via": "Who relays the speaker's figure, when not the document itself.",
    "cue": "The attribution words: said, claimed, according to.",
    "disputed_by": "A speaker who, in the document, rejects this figure.",
    "projected": "1 for a forecast, target, plan or hypothetical.",
    "as_of": "The time the figure holds for, at the precision the text gives.",
    "sentence": "The sentence that holds the figure.",
    "quantity": "The quantity the claim is about: see the reconcile database.",
    "source": "Who puts it forward, lower case: the speaker, or document:<doc>.",
    "at": "When it holds: as_of, else the document's publication date.",
}
FACETS = ("measure", "group", "place", "speaker")
DESCRIBED = ("approx", "per", "measure", "disputed_by", "projected", "as_of", "quantity", "at")


def _columns(path: str, table: str) -> list[str]:
    conn = open_ledger(path)
    try:
        return [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
    finally:
        conn.close()


def ledger_metadata(state: LedgerState) -> dict[str, Any]:
    claim_columns = _columns(state.path, "claims")
    facets = [c for c in FACETS if c in claim_columns]
    search = {"fts_table": "claims_fts", "fts_pk": "id", "searchmode": "raw"}
    # Datasette lists described columns above the table: only those a reader may not guess.
    described = {c: CLAIM_COLUMNS[c] for c in DESCRIBED if c in claim_columns}
    return {
        "title": "claimledger",
        "description": "A ledger of the numerical claims in news: who put each figure forward, "
                       "about what, and for when. Reconciled quantities, conflicts and fused "
                       f"estimates are in {state.reconcile}.",
        "tables": {
            "claims": {"description": "One row per figure a document puts forward.",
                       "facets": facets, "columns": described, **search,
                       "sort": "as_of"},
            "claims_view": {"description": "Claims with their document's title, date and URL.",
                            "facets": facets, **search},
            "documents": {"description": "The articles read.", "label_column": "title",
                          "facets": ["site"], "sort_desc": "published"},
            "failures": {"description": "Inputs that could not be read, and why."},
            **{name: {"hidden": True} for name in (
                "claims_fts", "claims_fts_data", "claims_fts_idx", "claims_fts_docsize",
                "claims_fts_config")},
        },
    }


def reconcile_metadata(state: LedgerState) -> dict[str, Any]:
    return {
        "title": f"{state.name}: quantities, conflicts, estimates",
        "description": "Computed from the ledger by claimledger (see docs/reconcile.md), again "
                       "whenever the ledger changes; read only. Each quantity links to its "
                       "timeline.",
        "tables": {
            "quantities": {"description": "Each quantity: claims, sources, span, extremes, "
                                          "spread (highest / lowest), latest fused best.",
                           "facets": ["measure", "group", "unit"], "sort_desc": "sources",
                           "label_column": "label"},
            "quantity_sources": {"description": "The latest claim of each source per quantity.",
                                 "facets": ["source"]},
            "conflicts": {"description": "Disputes, contradictions, falling running totals and "
                                         "arithmetic checks, each explained in plain words.",
                          "facets": ["kind", "consistent"]},
            "conflict_claims": {"description": "The claims each conflict rests on."},
            "estimates": {"description": "Fused low / best / high per quantity and month "
                                         "(UCDP-style; one voice per source).",
                          "facets": ["measure", "group", "period"]},
        },
    }


@hookimpl
def get_metadata(datasette: Any, key: Any, database: Any, table: Any) -> dict[str, Any]:
    states = _states(datasette)
    if not states:
        return {}
    databases: dict[str, Any] = {}
    for state in states.values():
        databases[state.name] = ledger_metadata(state)
        databases[state.reconcile] = reconcile_metadata(state)
    return {"databases": databases}


CANNED_QUERIES = {
    "search_sentences": {
        "title": "Search the claims' sentences",
        "description": "Full-text search (SQLite FTS5 syntax: killed OR wounded, \"death toll\").",
        "sql": "SELECT c.id, c.as_of, c.speaker, c.text AS figure, c.measure, c.\"group\", "
               "c.sentence, d.title AS document FROM claims_fts JOIN claims AS c ON c.id = claims_fts.rowid "
               "JOIN documents AS d ON d.id = c.doc WHERE claims_fts MATCH :q ORDER BY rank LIMIT 500",
    },
    "by_speaker": {
        "title": "What one speaker said",
        "description": "Claims whose speaker contains the text given, any case.",
        "sql": "SELECT c.id, c.as_of, c.speaker, c.via, c.text AS figure, c.measure, c.\"group\", "
               "c.sentence, c.doc FROM claims AS c WHERE c.speaker LIKE '%' || :speaker || '%' "
               "ORDER BY c.as_of",
    },
    "disputed": {
        "title": "Disputed figures",
        "description": "Claims that another speaker rejects in the same document.",
        "sql": "SELECT c.id, c.as_of, c.speaker, c.text AS figure, c.disputed_by, c.sentence, "
               "d.title AS document, d.url FROM claims AS c JOIN documents AS d ON d.id = c.doc "
               "WHERE c.disputed_by IS NOT NULL ORDER BY c.as_of",
    },
    "projections": {
        "title": "Projections and forecasts",
        "sql": "SELECT c.id, c.as_of, c.speaker, c.text AS figure, c.measure, c.sentence, c.doc "
               "FROM claims AS c WHERE c.projected ORDER BY c.as_of",
    },
    "documents_without_claims": {
        "title": "Documents without claims",
        "sql": "SELECT d.id, d.title, d.published, d.url FROM documents AS d "
               "WHERE NOT EXISTS (SELECT 1 FROM claims AS c WHERE c.doc = d.id) ORDER BY d.published",
    },
}


@hookimpl
def canned_queries(datasette: Any, database: str, actor: Any) -> dict[str, Any]:
    if database in _states(datasette):
        return CANNED_QUERIES
    return {}


def quantity_path(datasette: Any, ledger: str, qid: str) -> str:
    return datasette.urls.path(f"{ROUTE}/{quote(ledger, safe='')}/quantity?id={quote(qid, safe='')}")


@hookimpl
def render_cell(row: Any, value: Any, column: str, table: str, database: str, datasette: Any) -> Any:
    """A quantity's label, and every quantity ID outside its own table, link to
    its timeline page (the ID in `quantities` links to its row, as Datasette does)."""
    if not isinstance(value, str) or not value:
        return None
    states = _states(datasette)
    ledger = None
    if database in states and table == "claims" and column == "quantity":
        ledger = database
    else:
        for state in states.values():
            if database == state.reconcile and (
                    (table == "quantities" and column == "label") or column == "quantity"):
                ledger = state.name
    if ledger is None:
        return None
    qid = row["id"] if column == "label" else value
    return Markup('<a href="{}">{}</a>').format(quantity_path(datasette, ledger, qid), value)


PAGE = """{% extends "base.html" %}
{% block title %}{{ label }}: timeline{% endblock %}
{% block extra_head %}<style>{{ css }} main{max-width:none;padding:0;background:none}</style>{% endblock %}
{% block content %}
<p class="crumbs"><a href="{{ reconcile_url }}">{{ reconcile }}</a> ·
<a href="{{ claims_url }}">these claims in the ledger</a></p>
<main>{{ key }}{{ body }}</main>
{% endblock %}
"""


async def quantity_page(request: Any, datasette: Any) -> Response:
    ledger = request.url_vars["database"]
    qid = request.args.get("id", "")
    state = _states(datasette).get(ledger)
    if state is None:
        return Response.html(f"<h1>No ledger {escape(ledger)}</h1>", status=404)
    await refresh(datasette, state)
    view = state.views.get(qid)
    if view is None:
        return Response.html(f"<h1>No quantity {escape(qid)} in {escape(ledger)}</h1>", status=404)
    pages = {e.claim.id: "" for e in view.entries}
    body = quantity_html(view, state.titles, pages, "")
    template = datasette.jinja_env.from_string(PAGE)
    html = await datasette.render_template(template, {
        "label": label_of(view.quantity), "css": Markup(CSS), "key": Markup(key_html()),
        "body": Markup(body), "reconcile": state.reconcile,
        "reconcile_url": datasette.urls.table(state.reconcile, "quantities"),
        "claims_url": datasette.urls.table(ledger, "claims") + f"?quantity={quote(qid, safe='')}",
    }, request=request)
    return Response.html(html)


async def timeline_svg(request: Any, datasette: Any) -> Response:
    """The chart alone, as an SVG document."""
    from .report import chart_of

    state = _states(datasette).get(request.url_vars["database"])
    if state is None:
        return Response.text("no such ledger", status=404)
    await refresh(datasette, state)
    view = state.views.get(request.args.get("id", ""))
    if view is None:
        return Response.text("no such quantity", status=404)
    svg, _, _ = chart_of(view)
    return Response(svg, content_type="image/svg+xml; charset=utf-8",
                    headers={"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'"})


@hookimpl
def register_routes(datasette: Any) -> list:
    return [
        (rf"^{ROUTE}/(?P<database>[^/]+)/quantity$", quantity_page),
        (rf"^{ROUTE}/(?P<database>[^/]+)/timeline\.svg$", timeline_svg),
    ]
