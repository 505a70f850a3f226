"""Events: the happening a story, and each of its claims, is about.

A quantity is one real-world thing: *Ukrainian soldiers killed in the war with
Russia*, *the dead of the earthquake that struck eastern Turkey on 1 June*.
The quantity key (quantities.quantity_key) therefore holds the event, and this
module finds it, from the document frame (`summarize`: where the story
happens, the sides it is about, the day it reports on and the event nouns of
its headline and lead) and the event lexicon (`data/events.tsv`).

- The story's kind of event is that of the first event noun of its headline
  and lead that the lexicon knows ("earthquake", "floods", "march", "war").
- Lasting events (wars, epidemics) are one event for their whole duration,
  told apart by their sides: `russia-ukraine-war`, "Russia–Ukraine war".
- Short events (a quake, a flood, a march) are told apart by place and time:
  a story joins an event of its kind whose days are within the kind's window
  of its own day, and whose place matches: for `local` kinds (a march, an
  attack) the same most specific place; for `area` kinds (a quake, a flood)
  either one's most specific place among the other's places (the quake "in
  eastern Turkey" and the one "in Malatya, Turkey" are one). Otherwise it
  starts a new event, named by its place, kind and day:
  `paris-march-2024-03-16`, "Paris march of 2024-03-16". An event keeps its
  id once given.
- A claim belongs to its story's event, except a passing mention of a lasting
  event of another kind in its own sentence ("the war has killed 9,000"), which
  belongs to that event (the story's sides name it).
- A story with no event noun, or no place (for a short event) or sides (for a
  lasting one), has no event: its claims stay in quantities of their own
  document (quantities.quantity_key).

The events found are stored in the ledger's `events` table; each document's
frame and event in `documents` (ledger.py).
"""
from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from .frame import event_nouns
from .frame import summarize as frame_summary
from .lexicon import rows

LEAD_CHARACTERS = 600  # the headline and lead a frame's event nouns come from


@dataclass(frozen=True, slots=True)
class Kind:
    name: str
    lasting: bool
    window: int  # days
    local: bool
    words: tuple[str, ...]


@cache
def kinds() -> dict[str, Kind]:
    """The event lexicon (data/events.tsv), by kind, in its order."""
    found = {}
    for row in rows("events.tsv")[1:]:  # the first row names the columns
        name, lasting, window, scope, words = row
        found[name] = Kind(name, lasting == "long", int(window), scope == "local",
                           tuple(w.strip().lower() for w in words.split(",") if w.strip()))
    return found


@cache
def _word_kind() -> dict[str, str]:
    return {word: kind.name for kind in kinds().values() for word in kind.words}


def kind_of(nouns: list[str]) -> Kind | None:
    """The kind of the first event noun the lexicon knows."""
    table = _word_kind()
    for noun in nouns:
        if noun.lower() in table:
            return kinds()[table[noun.lower()]]
    return None


# --- the document frame -------------------------------------------------------

def summarize(text: str, published: str | None) -> dict[str, Any]:
    """The document frame: {places, sides, day, event_nouns} (`frame.summarize`)."""
    return frame_summary(text, published)


# --- events -----------------------------------------------------------------

@dataclass(slots=True)
class Event:
    id: str
    kind: str
    label: str
    lasting: bool
    place: str | None  # the place it is named by (short events)
    area: list[str] = field(default_factory=list)  # every place and side of its stories
    sides: list[str] = field(default_factory=list)
    first_day: str | None = None
    last_day: str | None = None

    def row(self) -> tuple:
        return (self.id, self.kind, self.label, int(self.lasting), self.place,
                json.dumps(self.area, ensure_ascii=False), json.dumps(self.sides, ensure_ascii=False),
                self.first_day, self.last_day)


_EVENT_COLUMNS = "id, kind, label, lasting, place, area, sides, first_day, last_day"


def slug(text: str) -> str:
    """"Russia Ukraine war" -> "russia-ukraine-war"."""
    return re.sub(r"[^\w]+", "-", text.lower(), flags=re.UNICODE).strip("-")


def lasting_event(kind: Kind, sides: list[str], places: list[str]) -> Event | None:
    """The one event of a lasting kind between these sides (the first two),
    or in the story's country when it names none."""
    if sides:
        named = sorted(sides[:2])
    elif places:
        named = [places[-1]]
    else:
        return None
    return Event(id=slug(" ".join([*named, kind.name])), kind=kind.name,
                 label=f"{'–'.join(named)} {kind.name}", lasting=True, place=None,
                 area=list(dict.fromkeys([*named, *places])), sides=named)


def _area(kind: Kind, places: list[str]) -> list[str]:
    """What a story adds to its event's area: all its places for an `area`
    kind (the quake's towns and country), only its own for a `local` one (a
    march in Paris covers neither Lyon nor France)."""
    return list(places) if not kind.local else places[:1]


def _days_apart(one: str, two: str) -> int:
    return abs((dt.date.fromisoformat(one[:10]) - dt.date.fromisoformat(two[:10])).days)


class EventBook:
    """The events of one ledger (its `events` table), found and added to."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._db = conn

    def _load(self, event_id: str) -> Event | None:
        row = self._db.execute(f"SELECT {_EVENT_COLUMNS} FROM events WHERE id = ?",
                               (event_id,)).fetchone()
        return None if row is None else _event(row)

    def _save(self, event: Event) -> None:
        self._db.execute(
            f"INSERT INTO events ({_EVENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(id) DO UPDATE SET label = excluded.label, area = excluded.area, "
            "first_day = excluded.first_day, last_day = excluded.last_day", event.row())

    def get(self, event_id: str | None) -> Event | None:
        return None if event_id is None else self._load(event_id)

    def assign(self, frame: dict[str, Any], published: str | None) -> Event | None:
        """The event a story with this frame is about (added to the book if
        new), or None when its frame does not say enough."""
        kind = kind_of(frame.get("event_nouns") or [])
        places = [p for p in frame.get("places") or [] if p]
        if kind is None:
            return None
        if kind.lasting:
            event = lasting_event(kind, list(frame.get("sides") or []), places)
            if event is not None:
                stored = self._load(event.id)
                if stored is None:
                    self._save(event)
                else:
                    event = stored
            return event
        day = frame.get("day") or (published[:10] if published and len(published) >= 10 else None)
        if not places or day is None:
            return None
        event = self._matching(kind, places, day)
        if event is None:
            event = Event(id=self._free_id(slug(f"{places[0]} {kind.name} {day}")), kind=kind.name,
                          label=f"{places[0]} {kind.name} of {day}", lasting=False,
                          place=places[0], area=_area(kind, places), sides=[], first_day=day,
                          last_day=day)
        else:
            event.area = list(dict.fromkeys([*event.area, *_area(kind, places)]))
            event.first_day = min(event.first_day or day, day)
            event.last_day = max(event.last_day or day, day)
            event.label = f"{event.place} {kind.name} of {event.first_day}"  # the id stays
        self._save(event)
        return event

    def _free_id(self, wanted: str) -> str:
        candidate, n = wanted, 1
        while self._load(candidate) is not None:
            n += 1
            candidate = f"{wanted}-{n}"
        return candidate

    def _matching(self, kind: Kind, places: list[str], day: str) -> Event | None:
        """The stored event of this kind nearest in time whose place matches."""
        window = dt.timedelta(days=kind.window)
        when = dt.date.fromisoformat(day[:10])
        rows_ = self._db.execute(
            f"SELECT {_EVENT_COLUMNS} FROM events WHERE kind = ? AND first_day <= ? AND last_day >= ?",
            (kind.name, (when + window).isoformat(), (when - window).isoformat())).fetchall()
        found = []
        for row in rows_:
            event = _event(row)
            if kind.local:
                matches = event.place == places[0]
            else:
                matches = event.place in places or places[0] in event.area
            if matches:
                found.append((_days_apart(event.first_day, day), event.id, event))
        return min(found)[2] if found else None


def _event(row: Any) -> Event:
    return Event(id=row[0], kind=row[1], label=row[2], lasting=bool(row[3]), place=row[4],
                 area=json.loads(row[5] or "[]"), sides=json.loads(row[6] or "[]"),
                 first_day=row[7], last_day=row[8])


def _names_lasting_kind(noun: str) -> bool:
    """Whether a word names a lasting kind outright (its first three words in
    the lexicon: "war", "invasion"; "outbreak", "epidemic"), not only goes
    with it ("troops", "fighting"), so that a passing mention is one."""
    kind = kinds().get(_word_kind().get(noun, ""))
    return kind is not None and kind.lasting and noun in kind.words[:3]


def claim_event(sentence: str | None, story_event: Event | None, frame: dict[str, Any],
                book: EventBook, place: str | None = None) -> Event | None:
    """The event a claim is about: its story's, unless its own sentence names
    a lasting event of another kind ("the war has killed 9,000" in a story
    about an aid conference), which the story's sides then name; or, for a
    short event, unless the claim's own place (named in its sentence) is that
    of another event of the same kind and days ("in Lyon, 4,000 marched" in a
    round-up of the day's marches led by Paris's)."""
    kind = kinds().get(story_event.kind) if story_event is not None else None
    if (kind is not None and kind.local and place and sentence and place != story_event.place
            and place in sentence):
        day = frame.get("day") or story_event.first_day
        if day:
            other = book._matching(kind, [place], day)
            if other is not None:
                return other
    nouns = event_nouns(sentence or "")
    kind = kind_of([n for n in nouns if _names_lasting_kind(n)])
    if kind is None or (story_event is not None and story_event.kind == kind.name):
        return story_event
    event = lasting_event(kind, list(frame.get("sides") or []),
                          [p for p in frame.get("places") or [] if p])
    if event is None:
        return story_event
    stored = book.get(event.id)
    if stored is None:
        book._save(event)
        return event
    return stored


def frame_text(title: str | None, text: str) -> str:
    """What a frame is read from: the headline (when the text does not begin
    with it) and the text."""
    if title and not text.lstrip().startswith(title.strip()):
        return f"{title.strip()}\n\n{text}"
    return text


def assign_events(conn: sqlite3.Connection, documents: Any) -> list[tuple]:
    """(id, published, event id, frame) for documents given as (id, text,
    title, published) rows, in their order, each assigned its event in the
    connection's `events` table (as ingest does, one by one)."""
    book = EventBook(conn)
    found = []
    for doc_id, text, title, published in documents:
        frame = summarize(frame_text(title, text or ""), published)
        event = book.assign(frame, published)
        found.append((doc_id, published, event.id if event else None, frame))
    return found
