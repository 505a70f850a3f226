"""Places in a parsed sentence: the phrases a locative preposition governs
("in Indonesia's West Sumatra province", "near Goma"), their names as
written, and the country a name is or lies in.
"""
from __future__ import annotations

from .lexicon import table, words
from .names import classify_run
from .parse import Sentence

_PLACE_WORDS = words("place_words.txt")
_PLACE_VERBS = words("place_verbs.txt")
_TIME_NAMES = words("months.txt") | {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
                                     "christmas", "easter", "ramadan", "eid", "diwali", "new year"}
_LOCATIVE = frozenset({"in", "at", "near", "across", "throughout", "outside", "off", "inside", "around", "along",
                       "within", "into", "through", "on"})
_ON_PLACES_ONLY = frozenset({"on"})  # "on the town of Sake", "on Kharkiv"; but "on Tuesday", "on condition"
_DIRECTIONS = words("direction_words.txt")  # "southern Somalia", "eastern Ukraine": part of the place
_COUNTRY = {word: groups[0] for word, groups in table("demonyms.tsv").items()}
_CITY_COUNTRY = {city: country for city, (country, *_) in table("places.tsv").items()}  # GeoNames: "goma" -> Congo


def locatives(sentence: Sentence, recipients: bool = False) -> list:
    """The tokens that head a place phrase after a locative preposition (or,
    with `recipients`, after "to" and "for": where aid goes): the word the
    preposition marks, or the name it is part of ("in Benue State", however
    the parser split the name)."""
    found = []
    for token in sentence.doc:
        if token.dep_ == "obj" and (token.head.lemma_ or token.head.lower_).lower() in _PLACE_VERBS \
                and is_place_phrase(token) and token not in found:
            found.append(token)  # "an earthquake struck Malatya province"
            continue
        if token.dep_ != "case" or not (token.lower_ in _LOCATIVE or recipients and token.lower_ in ("to", "for")):
            continue
        place = token.head
        while place.dep_ in ("compound", "flat") and place.head.i > place.i and (
                place.head.pos_ == "PROPN" or place.head.lower_ in _PLACE_WORDS):
            place = place.head
        named = _named_by_of(place)
        if named is not None:  # "in the town of Kawlin", "around the port city of Hodeidah": the word says place
            if named not in found:
                found.append(named)
            continue
        if token.lower_ in _ON_PLACES_ONLY and place.lower_ not in _CITY_COUNTRY and place.lower_ not in _COUNTRY:
            continue
        if place.i > token.i and is_place_phrase(place) and place not in found:
            found.append(place)
    return found


def _named_by_of(token):
    """'the town of Kawlin', 'the province of Cagayan': the name a place word is of."""
    if token.lower_ not in _PLACE_WORDS:
        return None
    return next((c for c in token.children if c.dep_ in ("nmod", "appos", "flat", "compound") and c.pos_ == "PROPN"
                 and c.i > token.i and any(g.dep_ == "case" and g.lower_ == "of" for g in c.children)), None)


def is_place_phrase(token) -> bool:
    """A proper noun that names no person, body or time, or a place word
    headed by one ("West Sumatra province")."""
    if token.lower_ in _TIME_NAMES:
        return False  # "in August", "on Tuesday"
    if token.lower_ in _COUNTRY and _COUNTRY[token.lower_].lower() != token.lower_ and token.lower_ not in _CITY_COUNTRY \
            and not any(c.dep_ in ("compound", "flat") for c in token.children):
        return False  # "in German hands": a people, not a place (but "Kyiv" names Ukraine's capital)
    if token.pos_ == "PROPN":
        name = place_name(token)
        named = classify_run(name)
        # after "in" or "near", one unknown capitalised word is a place, not a person ("in Rubaya")
        return named is None or named.kind == "person" and " " not in name \
            or named.kind not in ("person", "organization", "publication") or country_of(name) is not None
    return token.lower_ in _PLACE_WORDS and any(c.pos_ == "PROPN" and c.dep_ in ("compound", "amod", "flat")
                                                 for c in token.children)


def place_name(token) -> str:
    """The place's name as written: the token with its compound and flat
    parts, and a place word only where it is part of the name ("Zamfara
    State", but "West Sumatra" of "West Sumatra province")."""
    parts, stack = [token], [token]
    while stack:
        for child in stack.pop().children:
            if child.dep_ in ("compound", "flat") and child.pos_ in ("PROPN", "NOUN", "ADJ") or \
                    child.dep_ == "amod" and child.pos_ == "PROPN":
                parts.append(child)
                stack.append(child)
    named = [t for t in sorted(parts, key=lambda t: t.i) if t.pos_ == "PROPN" or t.text[:1].isupper()]
    if not named:
        return token.text
    direction = [c for c in token.children if c.dep_ == "amod" and c.lower_ in _DIRECTIONS and c.i < named[0].i]
    if direction and country_of(token.text) is not None:
        named = direction[:1] + named  # "southern Somalia", "eastern Ukraine"
    name = " ".join(t.text for t in token.doc[named[0].i:named[-1].i + 1])
    return name.removesuffix("'s").removesuffix("\u2019s")


def country_of(place: str) -> str | None:
    """The country a place name is, names or lies in ("Ukraine"; "Kyiv",
    "Goma" -> Congo), if we know it."""
    key = place.lower().removeprefix("the ")
    return _COUNTRY.get(key) or _CITY_COUNTRY.get(key)


def is_country(place: str) -> bool:
    return _COUNTRY.get(place.lower().removeprefix("the ")) == place


def place_word_phrases(sentence: Sentence) -> list:
    """Place names made with a place word, wherever the parser hung them
    ("Malatya province", "Zamfara State"): a place whatever governs it."""
    return [token for token in sentence.doc if token.lower_ in _PLACE_WORDS and is_place_phrase(token)
            and token.dep_ not in ("compound", "flat")]  # ("Birmingham City Council" names a body)


def named_places(sentence: Sentence) -> list[str]:
    """Places a sentence names anywhere, even inside another name ("Birmingham
    City Council"), that the gazetteer knows: the story's place when no
    locative phrase gives one."""
    found = []
    for token in sentence.doc:
        if token.pos_ == "PROPN" and token.lower_ in _CITY_COUNTRY and token.lower_ not in _TIME_NAMES \
                and token.dep_ in ("compound", "amod", "nmod:poss") and token.head.text[:1].isupper():
            found.append(token.text)
    return found
