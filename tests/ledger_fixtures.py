"""Hand-made ledgers for the reconcile tests: schema.sql applied to a temp
SQLite file, then documents and claims rows inserted directly (no extractor)."""
from __future__ import annotations

import json
import re
import sqlite3
from importlib.resources import files
from pathlib import Path
from typing import Any

SEED = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "seed"

CLAIM_DEFAULTS: dict[str, Any] = {
    "start": 0, "end": 1, "text": "", "value": None, "low": None, "high": None,
    "total": None, "approx": False, "unit": "people", "per": None, "measure": "killed",
    "subject": None, "group": None, "speaker": None, "speaker_kind": "document",
    "via": None, "cue": None, "disputed_by": None, "projected": False, "as_of": None,
    "sentence": "",
}


def _fill_required(conn: sqlite3.Connection, table: str, row: dict[str, Any]) -> dict[str, Any]:
    """Give every NOT NULL column without a default a value, so the fixtures
    keep working when the ledger schema gains columns."""
    for _, name, _type, notnull, default, pk in conn.execute(f"PRAGMA table_info({table})"):
        if notnull and default is None and not pk and row.get(name) is None:
            row[name] = ""
    return row


def _insert(conn: sqlite3.Connection, table: str, row: dict[str, Any]) -> None:
    row = _fill_required(conn, table, dict(row))
    names = ", ".join(f'"{name}"' for name in row)
    conn.execute(f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(row))})",
                 list(row.values()))


# The event hand-made documents are about unless they say otherwise: one
# short event without sides, so that their claims are compared across them.
STORY = "story"


def make_ledger(path: Path, documents: list[dict[str, Any]],
                claims: list[dict[str, Any]], events: list[dict[str, Any]] = ()) -> Path:
    """A ledger file holding these documents and claims (claims take defaults;
    documents are about the event STORY unless they give their own `event`,
    None for none; `events` rows are added to the event STORY)."""
    conn = sqlite3.connect(path)
    conn.executescript(files("claimledger").joinpath("data/schema.sql").read_text())
    for event in [{"id": STORY, "kind": "story", "label": "the story", "lasting": 0}, *events]:
        _insert(conn, "events", {"area": "[]", "sides": "[]", **event})
    for doc in documents:
        _insert(conn, "documents", {"text": "", "content_hash": "", "ingested_at": "",
                                    "extractor_version": "test", "event": STORY, **doc})
    for claim in claims:
        _insert(conn, "claims", {**CLAIM_DEFAULTS, **claim})
    conn.commit()
    conn.close()
    return path


def _first(names: Any) -> Any:
    return names[0] if isinstance(names, list) else names


_SENTENCE_END = re.compile(r"[.!?][\u201d\"\u2019]?(?=\s)|\n")


def _sentence_at(text: str, start: int, end: int) -> str:
    """The sentence around a span, cut at full stops (a closing quote included)
    and line breaks: good enough for display and the period cue."""
    left, right = 0, len(text)
    for mark in _SENTENCE_END.finditer(text):
        if mark.end() <= start:
            left = mark.end()
        elif mark.start() >= end:
            right = mark.end()
            break
    return text[left:right].strip()


def seed_ledger(path: Path) -> Path:
    """The ledger the seed gold file describes: one document, its gold claims
    (speaker, via, disputed_by = the first accepted name; missing fields
    null/false; the sentence cut from the text, since the gold has none)."""
    meta = json.loads((SEED / "paris-summit.meta.json").read_text())
    text = (SEED / "paris-summit.txt").read_text()
    document = {"id": "paris-summit", "text": text, "published": meta.get("published"),
                "title": meta.get("title"), "url": meta.get("url")}
    claims = []
    for line in (SEED / "paris-summit.gold.jsonl").read_text().splitlines():
        if not line.strip():
            continue
        gold = json.loads(line)
        row = {key: gold.get(key) for key in CLAIM_DEFAULTS if key in gold}
        row.update(doc=gold["doc"], approx=bool(gold.get("approx")),
                   projected=bool(gold.get("projected")))
        for key in ("speaker", "via", "disputed_by"):
            row[key] = _first(gold.get(key))
        row["speaker_kind"] = "document" if row["speaker"] is None else "person"
        row["sentence"] = _sentence_at(text, gold["start"], gold["end"])
        claims.append(row)
    path = make_ledger(path, [document], claims)
    from claimledger.events import assign_events
    with sqlite3.connect(path) as conn:  # its event, as the ledger finds it on ingest
        [(_, _, event, frame)] = assign_events(conn, [(document["id"], text, document["title"],
                                                      document["published"])])
        conn.execute("UPDATE documents SET event = ?, frame = ? WHERE id = ?",
                     (event, json.dumps(frame), document["id"]))
    return path


def qid(what: str, event: str = STORY) -> str:
    """A quantity key of the hand-made ledgers: "killed/-/people" -> "killed/-/people@story"."""
    return f"{what}@{event}"


SEED_EVENT = "russia-ukraine-war"
