"""The document frame: what a story is about, read once per document.

A figure's own sentence often leaves out what the story has already said: the
place ("in the province"), the side ("60 soldiers" in a story about Mali), the
day ("on Tuesday" in the lead), who "she" or "the general" is, and whether
someone disputes the figure a paragraph later. The frame holds those, so the
stages that read a figure ask it instead of scanning the text again.

- places: where the story happens, most specific first (the lead's locative
  phrases, read from the tree, then the dateline);
- sides: the countries or parties the lead names, most named first;
- day: the day the story reports on (`timing.event_date`);
- names: every person and body named, at their fullest, with the titles and
  pronouns that refer to them (`names.NameIndex`);
- event nouns: the kind of happening the lead is about ("earthquake", "war").
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from . import timing
from .lexicon import rows, words
from .meaning import Demonyms
from .names import NameIndex
from .clause import lemma
from .places import country_of, is_country, locatives, named_places, place_name, place_word_phrases
from .parse import Parses, Sentence, load_parser
from .sentences import TextIndex

LEAD_LENGTH = 400  # the headline and lead, where a story names its subject
_SPEECH = words("speech_verbs.txt") | {"say", "tell", "speak", "add", "announce", "report", "brief"}
_DATELINE = re.compile(r"(?m)^(?P<place>[A-Z][A-Z .'\u2019-]{2,}?)(?:,\s*(?P<country>[A-Z][\w .'-]{1,30}?))?"
                       r"(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?\s*(?:\([^)]{1,30}\)\s*)?[\u2014\u2013-]{1,2}\s")


@dataclass
class Frame:
    text: str
    published: str | None
    index: TextIndex
    parses: Parses
    names: NameIndex
    demonyms: Demonyms
    times: timing.DocumentTimes
    day: str | None = None
    sides: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    event_nouns: list[str] = field(default_factory=list)
    dateline: str | None = None
    dateline_country: str | None = None
    named: list[str] = field(default_factory=list)  # places the lead names inside other names ("Birmingham City Council")

    @property
    def side(self) -> str | None:
        """The one side the lead is about, if one stands out."""
        return self.demonyms.dominant(LEAD_LENGTH)

    @property
    def place(self) -> str | None:
        """The story's place: the most specific its lead locates the story in,
        else its country; the dateline says where the story was filed, so it
        places the story only when nothing else does."""
        return (self.places or self.named[:1] or [self.country or self.dateline])[0]

    @property
    def country(self) -> str | None:
        """The country or party the story is about: the side its lead names
        most, else the country its places name or lie in ("floods in
        Indonesia's West Sumatra province")."""
        return self.side or next((country_of(p) for p in self.places if country_of(p) is not None),
                                 self.dateline_country)


    @property
    def default_time(self) -> str | None:
        """When an untimed figure of the story's own event holds: the story's
        day, unless that falls in an earlier month than publication (a story
        about last month's end is told in this month)."""
        if self.published and self.day and self.day[:7] != self.published[:7]:
            return self.published
        return self.day or self.published

    def summary(self) -> dict:
        """The frame as plain data (what `events` keys stories by): places most
        specific first, then the countries; sides; the day; the event nouns."""
        places = [p for p in self.places if not is_country(p)] + [p for p in self.places if is_country(p)]
        country = self.country
        if country and country not in places:
            places.append(country)
        return {"places": places, "sides": list(self.sides), "day": self.day, "event_nouns": list(self.event_nouns)}


def build(text: str, published: str | None, index: TextIndex, parses: Parses) -> Frame:
    published_date = timing.parse_date(published)
    demonyms = Demonyms(text)
    frame = Frame(text, published, index, parses, NameIndex(text), demonyms,
                  timing.DocumentTimes(text, published_date, index.sentences))
    frame.day = timing.event_date(frame.times, published_date)
    lead = lead_spans(index)
    lead = lead[1:2] + lead[:1] + lead[2:]  # the lead's first sentence says where the story is; its headline too
    frame.sides = story_sides(text, demonyms)
    places: list[str] = []
    named: list[str] = []
    for span in lead:
        sentence = parses.sentence(span) or parses.parse(span)
        places += lead_places(sentence)
        named += named_places(sentence)
        frame.event_nouns += event_nouns(text[sentence.start:sentence.end])
    dateline = _DATELINE.search(text, 0, min(len(text), LEAD_LENGTH + 200))
    if dateline:
        frame.dateline = dateline.group("place").title()
        country = (dateline.group("country") or "").strip()
        frame.dateline_country = country_of(country) or country_of(frame.dateline)
    frame.places = _unique(places)
    frame.named = [place for place in _unique(named) if place.lower() != (frame.dateline or "").lower()]
    frame.event_nouns = _unique(frame.event_nouns)
    return frame


@cache
def _event_words() -> re.Pattern:
    """The words of the event lexicon (data/events.tsv, whose kinds `events` reads)."""
    found = {w.strip().lower() for row in rows("events.tsv")[1:] for w in row[4].split(",") if w.strip()}
    return re.compile(r"(?<![\w-])(" + "|".join(re.escape(w).replace(r"\ ", r"\s+")
                                                 for w in sorted(found, key=len, reverse=True))
                      + r")(?![\w-])", re.IGNORECASE)


_MONTHS = {"March", "May"}  # "in March" is a month, not a march


def event_nouns(text: str) -> list[str]:
    """The event lexicon's words in a text, lower case, in order (a
    capitalised month's name within a sentence is the month)."""
    return [" ".join(m.group(1).lower().split()) for m in _event_words().finditer(text)
            if not (m.group(1) in _MONTHS and text[:m.start()].rstrip()[-1:] not in ("", ".", "\n"))]


# A side fights: "war with Russia", "Russian forces" count more than a mention.
_FIGHTS_BEFORE = re.compile(r"\b(?:war|wars|invasion|invaded|fight|fighting|offensive|attacks?|strikes?)\s+"
                            r"(?:with|against|on|in|of)\s+(?:the\s+)?$", re.IGNORECASE)
_FIGHTS_AFTER = re.compile(r"(?:'s|\u2019s)?\s+(?:war|invasion|offensive|forces|troops|soldiers|army|military|fighters)\b")
_FIGHTING_WEIGHT = 5


def story_sides(text: str, demonyms: Demonyms) -> list[str]:
    """The countries and parties a story is about, most named first: every
    mention counts, a fighting one ("war with Russia", "Russian forces") more;
    alliances named by acronym (NATO, EU) take sides without being one."""
    counts: dict[str, int] = {}
    first_seen: dict[str, int] = {}
    for start, end, named in demonyms.hits:
        fights = bool(_FIGHTS_BEFORE.search(text, max(0, start - 30), start) or _FIGHTS_AFTER.match(text, end))
        counts[named] = counts.get(named, 0) + 1 + _FIGHTING_WEIGHT * fights
        first_seen.setdefault(named, start)
    return sorted((named for named in counts if not named.isupper()), key=lambda g: (-counts[g], first_seen[g]))


def lead_spans(index: TextIndex) -> list[tuple[int, int]]:
    """The sentences of the headline and lead, which the frame reads."""
    return [index.sentence(span[0]) for span in index.sentences if span[0] < LEAD_LENGTH]


def lead_places(sentence: Sentence) -> list[str]:
    """Places a sentence locates something in, other than where someone
    spoke ("told reporters in Goma"): the proper nouns governed by a locative
    preposition ("in Indonesia's West Sumatra province", "near Goma")."""
    found = []
    tokens = sorted(set(locatives(sentence)) | set(place_word_phrases(sentence)), key=lambda t: t.i)
    for token in tokens:
        if lemma(token.head) in _SPEECH:
            continue
        found.append(place_name(token))
        owner = [c for c in token.children if c.dep_ == "nmod:poss" and c.pos_ == "PROPN"]
        if owner:
            found.append(place_name(owner[0]))
    return found


def _unique(items: list[str]) -> list[str]:
    seen, out = set(), []
    for item in items:
        key = item.lower()
        if item and key not in seen:
            seen.add(key)
            out.append(item)
    return out


def summarize(text: str, published: str | None = None, *, model: str | None = None) -> dict:
    """The frame of one document as plain data: places, sides, day, event nouns."""
    index = TextIndex(text)
    parses = Parses(text, lead_spans(index), load_parser(model))
    return build(text, published, index, parses).summary()
