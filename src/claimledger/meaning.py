"""Meaning: what a figure counts (measure), the noun it counts (subject), and
whose people or things they are (group).

Evidence, strongest first: the counted noun ("casualties", "refugees"), the
words after it ("had been killed or wounded"), the words before it ("killing
millions", "pledged $5bn"); a bare figure ("or 1.3 million per year") leans
on the figure before it, which the pipeline handles.
"""
from __future__ import annotations

import bisect
import re

from .clause import attachment, lemma, span_of
from .figures import Figure
from .lexicon import alternation, last_match, rows, table, word_alternation, words
from .names import PERSON_TITLES, classify_run
from .places import country_of, locatives, place_name

_I = re.IGNORECASE
_MEASURES = table("measures.tsv")
_WEAK = {"strength"}
PEOPLE_ONLY = _PEOPLE_ONLY = {"killed", "wounded", "casualties", "missing", "captured", "displaced", "strength"}  # a noun like "troops" says strength only when nothing else does
_STRENGTH_NOUNS = {"troops", "troop", "soldiers", "soldier", "forces", "personnel", "servicemen", "fighters",
                   "reservists", "conscripts", "recruits", "marines", "men", "peacekeepers", "officers"}
_MEASURE_RE = re.compile(r"(?P<w>" + word_alternation(k for k in _MEASURES if k not in _STRENGTH_NOUNS) + ")")
_AID_RE = re.compile(word_alternation(words("aid_words.txt")))
# a verb that hands goods over, then at most a few words ("allies for at least", "another") before the figure
_SUPPLY_BEFORE = re.compile(word_alternation(words("supply_verbs.txt"))
                            + r"(?:\s+(?!and\b|but\b|or\b)[\w-]+){0,4}?\s+$")
_PUT_IT_AT = re.compile(r"\b(?:put|puts|putting|placed|places|estimated|estimates)\s+(?:it|them|the\s+(?:figure|number|"
                        r"total|count|tally))\s+at\s+(?:about\s+|around\s+|some\s+|nearly\s+)?$", _I)
_SPEECH_VERB = re.compile(word_alternation(words("speech_verbs.txt")))
_INCLUDE_BEFORE = re.compile(r"\b(?:include|includes|included|including)\b")
_MEASUREMENT_UNITS = words("measurement_units.txt")
_ATTACK_AFTER = re.compile(r"(?:\s+[\w-]+)?\s+" + word_alternation(words("attack_nouns.txt")))  # "Russian (glide) bombs"
# "U.S. Geological Survey", "Russian Academy of Sciences": an institution's name, not its country's people
_INSTITUTION_AFTER = re.compile(r"(?:[ \t]+(?:of[ \t]+)?[A-Z][\w-]*){0,3}?[ \t]+" + alternation(w.capitalize() for w in words("institution_heads.txt"))
                                + r"\b")
# "Energy Minister German Galushchenko": after a title comes a name, not a people
_TITLE_BEFORE = re.compile(r"\b(?:" + alternation(w.capitalize() for w in PERSON_TITLES) + r")\.?\s+$")
_CAPTOR_AFTER = re.compile(r"\s+" + word_alternation(words("captor_nouns.txt")))
_SUM_LIST = re.compile(r"\d\s*(?:bn|m|billion|million)?\s*,\s*$")  # "$5bn, $2bn and": the list's clause goes on
_ASIDE_AFTER = re.compile(r"^\s*,\s*(?:including|among\s+them|most\s+of\s+them|many\s+of\s+them|some\s+of\s+them)\b[^,;.]*,")
# "75,000 killed or wounded", "1,770 soldiers killed and wounded": both, so casualties
_EITHER_HURT = re.compile(r"\s*(?:were\s+|had\s+been\s+|have\s+been\s+|was\s+)?(?:killed|dead|wounded|injured)\s+"
                          r"(?:or|and)\s+(?:killed|dead|wounded|injured)\b")
_AND_FIGURE = re.compile(r"^\s+and\s+(?:about\s+|some\s+|nearly\s+)?[\d,.]+\s+(?:[a-z]+\s+){0,2}?(?=(?:were|are|was|had|have)\b)")
_ASIDE_BEFORE = re.compile(r",\s*(?:including|excluding|among\s+them|not\s+counting)\b[^,;]*,")
_AND_PEOPLE = re.compile(r"^\s*and\s+(?:children|women|men|girls|boys|babies|infants|elderly)\b")
_WHO_AFTER = re.compile(r"^\s+(?:who|that)\s+(?:have\s+|had\s+|were\s+|are\s+)?(?=[a-z])")
_KILL_BETWEEN = re.compile(r"(?:\s+(?:and\s+)?[A-Za-z][\w-]*){0,4}?\s+(?:leaves|left|claimed|killed|kill|killing|kills|wounded|injured|shelled|struck|bombed|shot|holds|held|holding|abducted|kidnapped|seized)\b", _I)
_AID_TO = re.compile(r"^[^.;,]{0,40}\b(?:to|for)\s+(?:help\s+|support\s+|arm\s+|build\s+up\s+|rebuild\s+)?(?:the\s+)?"
                     r"(?P<country>[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?)")


_DEMONYM_GROUP = {row[0]: row[1] for row in rows("demonyms.tsv")}  # written form -> group
_DEMONYM_RE = re.compile(r"(?<![\w-])(?P<d>" + alternation(_DEMONYM_GROUP) + r")(?:['\u2019]?s)?(?![\w-])")  # "Eritreans": a plural the table lacks


_CURRENCY_OF_COUNTRY = {(word, country): code for word, country, code in rows("currency_countries.tsv")}
_SHARED_CURRENCY_WORDS = {word for word, _ in _CURRENCY_OF_COUNTRY}


def currency(figure: Figure, story_country: str | None) -> str | None:
    """The code of a currency word many countries share: the country written
    with it ("Lebanese pounds"), else the story's ("12,000 pounds" from Juba),
    else the word's usual one (None: keep it)."""
    word = figure.currency_word
    if word is None:
        return None
    if word not in _SHARED_CURRENCY_WORDS and word.endswith("s"):
        word = word[:-1]
    if word not in _SHARED_CURRENCY_WORDS:
        return None
    written = _DEMONYM_GROUP.get(figure.currency_country or "")
    for country in (written, story_country):
        if country is not None and (word, country) in _CURRENCY_OF_COUNTRY:
            return _CURRENCY_OF_COUNTRY[word, country]
    return None


_PEOPLE_UNITS = words("people_units.txt")


def unit(figure: Figure, story_country: str | None) -> str | None:
    """The claim's unit: a shared currency word resolved ("pounds" in Juba),
    and counted nouns that count people (disease cases) as people."""
    found = currency(figure, story_country) or figure.unit
    return "people" if found in _PEOPLE_UNITS else found


def measure(text: str, figure: Figure, clause_start: int, sentence_end: int) -> tuple[str, bool]:
    """(measure, own): own is False where nothing in the text decided it."""
    if figure.percent:
        return "share", True
    if figure.money:
        begin = max(clause_start, figure.start - 80)
        comma = text.rfind(",", begin, figure.start)
        if comma >= 0 and not _SUM_LIST.search(text, begin, comma + 1):
            begin = comma + 1  # "a nurse who gave her name, said she paid €900": the figure's own clause
        window = text[begin:min(sentence_end, figure.tail + 80)]
        if _AID_RE.search(window):
            return "aid", True
        to = _AID_TO.match(text[figure.tail:sentence_end])
        if to and (to.group("country") in _DEMONYM_GROUP or to.group("country").split()[0] in _DEMONYM_GROUP):
            return "aid", True  # "$60 billion ... to Ukraine"
        return "cost", False  # nothing said: a later mention of the same sum may lean on an earlier one
    found = None
    if figure.noun:
        found = _from_words(figure.noun)
        if found in ("killed", "wounded") and _EITHER_HURT.match(text, figure.end):
            found = "casualties"  # "75,000 killed or wounded": the noun reading stops at the first participle
    if found is None:
        after = text[figure.tail:min(sentence_end, figure.tail + 100)]
        after = _ASIDE_AFTER.sub(" ", after, count=1)[:60]  # "four civilians, including a girl, had been killed"
        after = _WHO_AFTER.sub(" ", after, count=1)  # "95,000 soldiers who died": what they are
        after = _AND_PEOPLE.sub(" ", after, count=1)  # "25,000 women and children had been killed"
        after = _AND_FIGURE.sub(" ", after, count=1)  # "187 secondary pupils and 125 primary pupils were missing"
        if _EITHER_HURT.match(after):
            return "casualties", True  # "1,770 soldiers killed and wounded in the past 24 hours"
        # the figure's own clause: "9,000 people | and killed 143", "30 | , and that deaths ..."
        after = re.split(r"[,;:\u2014]|\d|\b(?:who|which|and|but|while|whereas|before|after|until|because)\b", after)[0]
        found = _from_words(after, first=True)
    if found is None:
        before = text[max(clause_start, figure.start - 100):figure.start]
        before = _ASIDE_BEFORE.sub(" ", before)  # "the true toll, including indirect deaths, could be as high as"
        before = re.split(r"[,;:\u2014\u201d]|\d(?![\d,.]*-[a-z])", before)[-1]  # "during the 16-day heatwave at" goes on
        speech = last_match(_SPEECH_VERB, before)
        if speech is not None:
            before = before[speech.end():]  # "Aid groups said 28,000 homes": the speaker's words say nothing of the figure
        found = _from_words(before, nearest=True)
    if found is None and _PUT_IT_AT.search(text, max(clause_start, figure.start - 60), figure.start):
        # "its death toll in September 2022, when the ministry put it at 5,940": what "it" is
        found = _from_words(text[clause_start:figure.start], nearest=True)
    if found is None and figure.unit not in (None, "people") and figure.unit not in _MEASUREMENT_UNITS \
            and _INCLUDE_BEFORE.search(text, clause_start, figure.start) and _AID_RE.search(text, clause_start, figure.start):
        return "aid", True  # "The package will include interceptors, 18 howitzers and 50 armoured vehicles"
    if found is None and figure.unit not in (None, "people") and figure.unit not in _MEASUREMENT_UNITS \
            and _SUPPLY_BEFORE.search(
            text, max(clause_start, figure.start - 60), figure.start):
        return "aid", True  # "shipped 200,000 doses", "asked for three more Patriot batteries"
    if found == "aid" and figure.unit == "people":
        found = None
    if found in _PEOPLE_ONLY and figure.unit not in (None, "people"):
        found = None  # "1,200 trees had fallen", "310 millimetres of rain fell": not persons
    if found is not None:
        return found, True
    if figure.noun and figure.noun.split()[-1].lower() in _STRENGTH_NOUNS:
        return "strength", True
    if figure.vague or figure.unit is None:
        return "count", False
    return "count", figure.noun is not None


def names_a_measure(words_: str) -> bool:
    """Whether the words say what is counted ("the death toll ... put it at")."""
    return _MEASURE_RE.search(words_) is not None


def _from_words(words_: str, *, first: bool = False, nearest: bool = False) -> str | None:
    hits = [_MEASURES[" ".join(h.group("w").lower().split())][0] for h in _MEASURE_RE.finditer(words_) if not _in_a_name(words_, h)]
    hits = [h for h in hits if h not in _WEAK] or [h for h in hits]
    if not hits:
        return None
    if "casualties" in hits or ("killed" in hits and "wounded" in hits):
        return "casualties"
    if first:
        return hits[0]
    return hits[-1] if nearest else hits[0]


def _in_a_name(words_: str, hit: re.Match) -> bool:
    """'Lanternfield Relief', 'Casualty Clearing Station': a capitalised measure word inside a name."""
    if not hit.group(0)[:1].isupper():
        return False
    return bool(_CAPITALISED_BEFORE.search(words_, 0, hit.start()) or _CAPITALISED_AFTER.match(words_, hit.end()))


_CAPITALISED_BEFORE = re.compile(r"[A-Z][\w'\u2019-]*\s+$")
_CAPITALISED_AFTER = re.compile(r"\s+(?:(?:of|for|and)\s+)?[A-Z]")


class Demonyms:
    """Every country, people or party named in a document, found in one pass."""

    def __init__(self, text: str):
        self.text = text
        self.hits = [(m.start(), m.end(), _DEMONYM_GROUP[m.group("d")]) for m in _DEMONYM_RE.finditer(text)
                     if not _INSTITUTION_AFTER.match(text, m.end()) and not _TITLE_BEFORE.search(text, max(0, m.start() - 20),
                                                                                      m.start())]
        self.starts = [h[0] for h in self.hits]

    def dominant(self, end: int) -> str | None:
        """The country or party the story is about: the one named most in its
        opening lines (headline and lead), if one stands out."""
        counts: dict[str, int] = {}
        for _, hit_end, named in self.between(0, end):
            if not _ATTACK_AFTER.match(self.text, hit_end):  # "Russian push ...": the attacker, not the subject
                counts[named] = counts.get(named, 0) + 1
        ranked = sorted(counts.items(), key=lambda item: -item[1])
        if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
            return ranked[0][0]
        return None

    def between(self, begin: int, end: int):
        i = bisect.bisect_left(self.starts, begin)
        j = bisect.bisect_left(self.starts, end)
        return self.hits[i:j]


def people_counted(figure: Figure, demonyms: Demonyms) -> str | None:
    """The people named in the counted noun ("31,000 Ukrainian soldiers"), or
    as the noun itself right after the figure ("as well as 1,046 Eritreans")."""
    named = demonyms.between(figure.noun_start, figure.noun_end) if figure.noun else \
        demonyms.between(figure.end, figure.end + 2)
    return named[0][2] if named else None


def group(text: str, figure: Figure, sentence_start: int, paragraph_start: int, demonyms: Demonyms,
          sentence_end: int | None = None, syntax=None) -> str | None:
    """Whose people or things: a demonym in the counted noun phrase, or its
    owner in the tree (`owner`); else the
    nearest country or people named before the figure in its sentence (a
    people, "Russian forces in Ukraine", before a place, "in Ukraine"; never the
    agent, "Russian strikes killed 12"); else one named just after it in its
    clause ("displaced across Sudan"); else the nearest in its paragraph."""
    counted = people_counted(figure, demonyms) or (owner(syntax) if syntax is not None else None)
    if counted is not None:
        return counted
    places: list[tuple[int, str]] = []
    for begin in (sentence_start, max(paragraph_start, figure.start - 1500)):
        candidates = [(hit_start, named) for hit_start, hit_end, named in demonyms.between(begin, figure.start)
                      if hit_end <= figure.start and not _CAPTOR_AFTER.match(text, hit_end)
                      and (_VICTIMS.match(text, hit_end) or not _KILL_BETWEEN.match(text, hit_end, figure.start))
                      and not _BY_AGENT.search(text, max(0, hit_start - 30), hit_start)]
        people = [c for c in candidates if not _LOCATIVE.search(text, max(0, c[0] - 12), c[0])]
        if people:
            return people[-1][1]
        places = places or candidates  # "in Russian captivity": a place, if no people is named
        if begin == sentence_start and sentence_end is not None:
            clause_end = min(sentence_end, figure.tail + 60)
            stop = _CLAUSE_END.search(text, figure.tail, clause_end)
            after = [hit for hit in demonyms.between(figure.tail, stop.start() if stop else clause_end)
                     if not _CAPTOR_AFTER.match(text, hit[1])]
            if after:
                return after[0][2]
    return places[-1][1] if places else None


def owner(syntax) -> str | None:
    """Whose the counted people are, by the structure of their noun phrase: its
    possessor or "of" phrase ("the Frente's fighters", "23 fighters of the
    People's Defence Force"), else the subject of a verb of holding whose
    object they are ("UNIFIL has 10,000 peacekeepers"; in a relative clause,
    what it is about: "the Frente, which ... has 1,400 fighters"). A country
    (or a place in one) gives the country, a body its name; a pronoun, a
    person or an unknown word gives nothing."""
    noun = syntax.noun if syntax.noun is not None else syntax.head
    owners = [c for c in noun.children if c.dep_ == "nmod:poss"
              or c.dep_ == "nmod" and any(g.dep_ == "case" and g.lower_ == "of" for g in c.children)]
    verb = noun.head
    # its object (or an oblique with only a hedge for a preposition: "has about 1,400 fighters")
    held = noun.dep_ == "obj" or noun.dep_ == "obl" and all(c.pos_ == "ADV" for c in noun.children if c.dep_ == "case")
    if not owners and held and lemma(verb) in _HOLDING:
        owners = [c for c in verb.children if c.dep_ == "nsubj"]
        if not owners or owners[0].pos_ != "PROPN":
            # in a relative clause, what it is about ("the Front, which officials say has ...";
            # the parser may take "which the army estimates has" for a subject)
            up = verb
            while up.dep_ in ("ccomp", "xcomp") and not any(c.dep_ == "nsubj" for c in up.children):
                up = up.head
            if up.dep_ == "acl:relcl" and (up is verb or not owners):
                owners = [up.head]
    for token in owners:
        if token.pos_ != "PROPN":
            continue
        words_ = span_of([token])
        name = token.doc[words_[0].i:words_[-1].i + 1].text
        country = country_of(name)
        if country is not None:
            return country
        named = classify_run(name)
        if named is not None and named.kind == "organization":
            return named.name
    return None


_HOLDING = words("holding_verbs.txt")


_VICTIMS = re.compile(r"\s+(?:dead|wounded|casualties|losses|prisoners|civilians|victims|fatalities)\b")  # "Russian dead and wounded"
_BY_AGENT = re.compile(r"\bby\s+(?:the\s+)?(?:(?:armed\s+forces|forces|army|troops|military)\s+of\s+(?:the\s+)?)?$", re.I)
_LOCATIVE = re.compile(r"\b(?:in|across|inside|near|into|throughout|at|within|around)\s+(?:the\s+)?$")
_CLAUSE_END = re.compile(r"[;:.!?\u2014]|,\s+(?:and|but|while|as|which|who)\b")


def place(syntax, frame, measure: str) -> str | None:
    """Where the counted thing happened or is: a place named in the figure's
    own clause ("killed 12 in Rubaya"), else in a clause coordinated with or
    governing it; aid goes where it is sent ("$60 billion to Ukraine"); else
    the story's place, else its country."""
    if syntax is not None:
        found: dict[str, list] = {"own": [], "shared": []}
        for token in locatives(syntax.sentence, recipients=measure == "aid"):
            start = syntax.sentence.offset(token)
            where = attachment(syntax, start, start + len(token.text))
            if where in found:
                found[where].append(token)
        for where in ("own", "shared"):
            if found[where]:
                return place_name(found[where][0])
    return frame.place or frame.country
