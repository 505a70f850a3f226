"""Names of speakers: what kind of source a phrase names, the name at its
fullest in the document ("Zelensky" -> "Volodymyr Zelensky", "the Times" ->
"New York Times"), titles stripped, and the mentions pronouns resolve to.
"""
from __future__ import annotations

import bisect
from functools import lru_cache
import re
from dataclasses import dataclass

from .lexicon import alternation, rows, table, words

_TITLES = words("titles.txt")
_TITLE_FORMS = table("title_forms.tsv")
_DEMONYMS = table("demonyms.tsv")
_PUBLICATIONS = words("publications.txt")
_PUBLICATION_WORDS = words("publication_words.txt")
_ORG_WORDS = words("org_words.txt")
_SOURCE_NOUNS = words("source_nouns.txt")
_COUNTRY_NAMES = words("country_names.txt")
_PLACE_WORDS = words("place_words.txt")
_PLACE_CAPITALS = frozenset(w for w in words("country_names.txt"))
_CURRENCY_SIGNS = frozenset(row[0] for row in rows("currencies.tsv"))
_REPORTING = words("reporting_verbs.txt")
_KNOWN_ORGS = words("known_organizations.txt")
_PERSON_NOUNS = words("person_nouns.txt")
_GENERIC_BODIES = frozenset({"organisation", "organization", "group", "body", "charity",
                             "statement", "bulletin", "communique", "release"})  # "the statement said": its issuer
_ORG_PHRASES = tuple(w for w in _ORG_WORDS if " " in w)
# titles that only ever stand before a person's name
PERSON_TITLES = frozenset({"president", "minister", "general", "gen", "colonel", "col", "lieutenant", "lt", "major",
                            "maj", "captain", "capt", "sergeant", "sgt", "admiral", "commander", "chancellor", "senator",
                            "sen", "governor", "gov", "mayor", "ambassador", "envoy", "spokesman", "spokeswoman",
                            "spokesperson", "dr", "mr", "mrs", "ms", "prof", "professor", "sir", "dame", "cllr", "judge",
                            "secretary", "director", "chairman", "chairwoman", "king", "queen", "pope", "brig"})
_MONTHS = words("months.txt")
_NOT_NAMES = frozenset("""a an the this that these those it its he she they we i you his her their our my
in on at for to from with by of and or but as if when while though although since after before during
monday tuesday wednesday thursday friday saturday sunday today yesterday last next not no yes
there here what whatever which who whom why how one two three some many most all both each every
already also however meanwhile indeed moreover thus still yet only even within without
facing amid despite across against among between through under over about after""".split())
_TOKEN = r"(?:(?:al|el|bin|ibn|abu)-[A-Z][\w'\u2019-]*|(?:[A-Z]\.){2,}|[A-Z][a-z]{0,3}\.(?=[ \t]+[A-Z])|[A-Z][\w'\u2019-]*)"
_CAP_RUN = re.compile(r"(?<![\w.'\u2019-])(?=[A-Z])" + _TOKEN + r"(?:[ \t]+(?:(?:of|the|for|and|on|&|de|al|von|van|bin)[ \t]+)*" + _TOKEN + r")*")
_ISSUED = re.compile(r"(?<![\w])(?=[a-z])(?:in|issued|released|published)\s+(?:a|an|its|their)\s+(?:[\w-]+\s+)?"
                     r"(?P<noun>statement|bulletin|communique|release)\b", re.I)
_NAME_RUN = r"[A-Z][\w'\u2019-]*(?:\s+[A-Z][\w'\u2019-]*)*"  # "Housing Now Coalition": capitalised words
_BODY_KINDS = table("body_kinds.tsv")  # "agency" -> organization, "daily" -> publication
# "the Belgrade agency Faktor": a kind of body, lower-case, then its name
_NAMED_BODY = re.compile(r"(?:^|\b(?:by|from|of)\s+)(?:the\s+)?(?:[A-Z][\w-]*\s+)?(?P<noun>" + alternation(_BODY_KINDS)
                         + r")\s+(?P<name>" + _NAME_RUN + r")(?=\s+[a-z]|\s*$)")
_OFFICE = re.compile(r"(?<![\w])(?=[a-z])" + alternation(PERSON_TITLES) + r"\b(?!['\u2019]s|\s+(?:[A-Z]|of\b))")
_OFFICE_HEAD = re.compile(r"(?:\bthe|[A-Z][\w-]*['\u2019]s)\s+((?:[a-z][\w-]*\s+){0,2})$")
_DATELINE = re.compile(r"(?<![^\n])[A-Z][A-Z .'-]+(?:,|\s+[\u2014\u2013-]\s)")  # "LAMPEDUSA, Italy —", "BEIRUT —": where it was filed, nobody
_NAMED_SPEAKER = re.compile(r"\b(?:said|says|told|asked)\s+$")
_PRONOUNS = {"he": "person", "she": "person", "him": "person", "her": "person",
             "they": "plural", "them": "plural", "it": "organization", "its": "organization"}


@dataclass(slots=True)
class Source:
    name: str
    kind: str            # person, organization, publication, anonymous
    start: int = -1      # where it is mentioned


def is_country(name: str) -> bool:
    """'Kenya', 'the United States': a country's own name, not a people's ('Kenyan')."""
    lower = name.lower()
    return lower in _COUNTRY_NAMES or lower in _DEMONYMS and _DEMONYMS[lower][0].lower() == lower


# "industry estimates", "police data" and "government statistics" name who puts a figure forward
_FIGURE_NOUNS = words("figure_nouns.txt") - {"estimates", "data", "statistics", "claim"}
_NOT_HEADS = _NOT_NAMES | {"own", "according", "per", "based", "led", "run", "backed"} | words("speech_verbs.txt") \
    - {"claims", "reports", "report", "estimates"}


def is_speaker_name(name: str) -> bool:
    """A name or noun phrase can speak; a verb, a preposition, a participle or
    a fragment cannot ("According", "Leaked", "own", "damage is")."""
    words_ = name.split()
    if not words_:
        return False
    first, last = words_[0].lower(), words_[-1]
    if first in ("according", "per") or last.lower() in _NOT_HEADS:
        return False
    if len(words_) <= 2 and last in _FIGURE_NOUNS:
        return False  # "the figure", "the toll": what is said, not who says it
    if len(words_) == 1 and last.lower().endswith(("ed", "ing")) and last.lower() not in _PERSON_NOUNS \
            and last.lower() not in _SOURCE_NOUNS:
        return False  # "Leaked", "Recording": a verb however it is capitalised
    # a lower-case head ending like a participle is a verb ("driven", "recording"), unless it is a known noun
    return not (last.islower() and last.endswith(("ed", "ing", "en")) and last not in _PERSON_NOUNS
                and last not in _SOURCE_NOUNS and last not in _ORG_WORDS)


def strip_possessive(word: str) -> str:
    return re.sub(r"['\u2019]s$", "", word)


def classify_run(run: str) -> Source | None:
    """A fresh Source for what a capitalised run names (see _classify)."""
    found = _classify(run)
    return Source(found[0], found[1]) if found else None


@lru_cache(maxsize=8192)
def _classify(run: str) -> tuple[str, str] | None:
    """What a capitalised run names, as (name, kind): 'US Chairman of the Joint Chiefs of Staff
    General Mark Milley' -> person 'Mark Milley'; 'the New York Times' ->
    publication; 'Ukrainian' -> None (a demonym names no source)."""
    tokens = run.split()
    tokens[-1] = strip_possessive(tokens[-1])  # "Zelensky's"; "the King's Fund" keeps its inner 's
    while tokens and tokens[0].lower() in ("the", "a", "an"):
        tokens = tokens[1:]
    name = " ".join(t for t in tokens if t)
    if not name.strip(" '\u2019"):
        return None
    if name.lower() in _KNOWN_ORGS:
        return (name, "organization")
    if any(ch.isdigit() for ch in name) or name in _CURRENCY_SIGNS:
        return None  # "TAK-003", "Tk": an identifier or a currency, not a source
    if len(tokens) > 1 and tokens[-1].lower() in _PLACE_WORDS or any(
            t.lower() in _DEMONYMS and _DEMONYMS[t.lower()][0].lower() == t.lower() for t in tokens[1:]) \
            and not any(t.lower().rstrip(".") in _ORG_WORDS or t.lower().rstrip(".") in PERSON_TITLES for t in tokens):
        # ("National Bank of Serbia" is a bank, "Finance Minister Sinisa Mali" a person)
        return None  # "Heroiv Pratsi Street", "Port Sudan": a place
    if name.lower() in _DEMONYMS:
        # a country speaks through its government ("The United States pledged"); a people does not
        group = _DEMONYMS[name.lower()][0]
        if group.lower() == name.lower() or name.lower() in _COUNTRY_NAMES:
            return (name if name.lower() in _COUNTRY_NAMES and name.lower() not in ("us", "u.s.", "usa", "uk") else group,
                    "organization")
        return None
    lower = [t.lower().rstrip(".") for t in tokens]
    first = run.split()[0] if run.split()[0].lower() not in ("the", "a") else run.split()[1]
    if len(tokens) > 1 and re.search(r"['\u2019]s$", first):
        owner = strip_possessive(lower[0])
        if owner in _DEMONYMS:
            tokens, lower = tokens[1:], lower[1:]  # "Russia's Defence Ministry" -> "Defence Ministry"
            name = " ".join(tokens)
        elif owner in _PLACE_CAPITALS or not any(t in _ORG_WORDS for t in lower[1:]) and owner not in _TITLES \
                and not name.lower() in _KNOWN_ORGS:
            return None  # "Bucharest's Grigore Alexandrescu": something of a place's, not a speaker
    if name.lower() in _PUBLICATIONS or lower[-1] in _PUBLICATION_WORDS:
        return (name, "publication")
    titled = [k for k, t in enumerate(lower[:-1]) if t in PERSON_TITLES]
    if titled and 1 <= len(tokens) - titled[-1] - 1 <= 3 and not any(
            t in _ORG_WORDS or t in _TITLES for t in lower[titled[-1] + 1:]):
        # "Deputy Chief of the General Staff ... Colonel General Anatoly Gorelov"
        return (" ".join(tokens[titled[-1] + 1:]), "person")
    org_at = [k for k, t in enumerate(lower) if t in _ORG_WORDS]
    if org_at and 2 <= len(tokens) - org_at[-1] - 1 <= 3 and not any(
            t in ("of", "for", "and", "on", "&", "the") or t in _ORG_WORDS or t in _TITLES or t in _PLACE_WORDS
            for t in lower[org_at[-1] + 1:]):
        return (" ".join(tokens[org_at[-1] + 1:]), "person")  # "... Russian Federation Irina Volkova"
    if org_at or any(w in name.lower() for w in _ORG_PHRASES) or (len(tokens) == 1 and tokens[0].isupper()
                                                                  and len(tokens[0]) > 1 and lower[0] not in _DEMONYMS):
        return (name, "organization")
    # a person: the name after the last title, role or demonym
    i = 0
    for k in range(len(tokens) - 1):
        if lower[k] in _TITLES or lower[k] in _DEMONYMS:
            i = k + 1
    person = tokens[i:]
    joiners = [k for k, t in enumerate(person) if t.lower() in ("of", "for", "the", "and", "on", "&")]
    if joiners:
        person = person[joiners[-1] + 1:]  # "for Disaster Management Kamal Uddin" -> "Kamal Uddin"
    if len(person) > 3:
        person = person[-2:]  # "Belgorod Region Pavel Sukhov" -> "Pavel Sukhov"
    if not person:
        return None
    if len(person) == 1 and (lower[i] in _DEMONYMS or lower[i] in _TITLES or lower[i] in _NOT_NAMES
                             or lower[i] in _MONTHS):
        return None
    if any(t.lower() in _NOT_NAMES for t in person):
        return None
    return (" ".join(person), "person")


class NameIndex:
    """Every source-like mention in a document, for fullest names and pronouns."""

    def __init__(self, text: str):
        self.text = text
        self.mentions: list[Source] = []
        self.fullest: dict[str, str] = {}
        self.by_title: dict[str, str] = {}
        self.gender: dict[str, str] = {}  # full name -> "female" or "male", where a title or role says
        for match in _CAP_RUN.finditer(text):
            if _sentence_initial_function_word(text, match) or _DATELINE.match(text, match.start()):
                continue
            source = classify_run(match.group(0))
            if source is None or source.name.lower() in _DEMONYMS:
                continue  # countries are speakers only as subjects, never pronoun referents
            source.start = match.start()
            self.mentions.append(source)
            if source.kind != "person" or " " in source.name or _titled(match.group(0)):
                self._remember(source)  # "Mr Streeting": a titled surname is a person too
            if source.kind == "person" and " " in source.name:
                # "regional governor Oleksandr Horbenko": later "the governor" is he; "Col. Jane
                # Doe": "the colonel"; "Mrs", "spokeswoman": she
                around = text[max(0, match.start() - 40):match.end() + 40].lower()
                before = text[max(0, match.start() - 40):match.start()].lower().split()[-3:]
                for word in before + match.group(0).lower().split():
                    word = word.strip(",")
                    if word.strip(".") in _TITLES or word in _TITLE_FORMS:
                        self.by_title[_TITLE_FORMS.get(word, (word.strip("."),))[0]] = source.name
                genders = {f[1] for w in re.findall(r"[\w.]+", around) if len(f := _TITLE_FORMS.get(w, ())) > 1}
                if len(genders) == 1:
                    self.gender.setdefault(source.name, genders.pop())
        # a lone capitalised word is a person only as the surname of a full name, or as
        # the one who speaks ("said Yusuf, 17, a Sudanese teenager")
        self.mentions = [m for m in self.mentions
                         if m.kind != "person" or " " in m.name or m.name.lower() in self.fullest
                         or _NAMED_SPEAKER.search(text, max(0, m.start - 12), m.start)]
        self._starts = [m.start for m in self.mentions]

    def _remember(self, source: Source) -> None:
        name, parts = source.name, source.name.split()
        keys = {name.lower()}
        if source.kind in ("person", "publication"):
            keys.add(parts[-1].lower())  # "Zelensky", "the Times"; but "Beirut" is no "American University of Beirut"
        for key in keys:
            known = self.fullest.get(key)
            if known is None or len(known) < len(name):
                self.fullest[key] = name

    def full(self, name: str) -> str:
        """The name at its fullest in the document."""
        key = name.lower()
        if key in self.fullest:
            return self.fullest[key]
        last = name.split()[-1].lower()
        if len(name.split()) == 1 and last in self.fullest:
            return self.fullest[last]
        return name

    def resolve_pronoun(self, pronoun: str, position: int, preferred: list[Source]) -> Source | None:
        """The nearest earlier source that fits the pronoun: speakers first,
        then any mention of the right kind."""
        want = _PRONOUNS.get(pronoun.lower())
        if want is None:
            return None
        fits = {"person": ("person",), "plural": ("anonymous", "organization", "publication"),
                "organization": ("organization", "publication")}[want]
        best: Source | None = None
        best_score = None
        # speakers already heard count as if named 60 characters nearer
        candidates = [(s, 60) for s in preferred[-30:]] + [(s, 0) for s in self._mentions_before(position)]
        if want == "person":
            candidates += [(s, 0) for s in self._offices_before(position)]
        gender = {"he": "male", "him": "male", "she": "female", "her": "female"}.get(pronoun.lower())
        for source, bonus in candidates:
            if source.start >= position or source.kind not in fits or position - source.start > 3000:
                continue
            known = self.gender.get(self.full(source.name)) if gender else None
            if known is not None and known != gender:
                continue  # "Col. Jane Doe ... Mr Smith said ... she": not Mr Smith
            score = position - source.start - bonus
            if best_score is None or score < best_score:
                best, best_score = source, score
        return best

    def named_organization(self, head: str, position: int) -> Source | None:
        """The organisation named earlier whose name holds `head`: 'the
        ministry' -> 'Health Ministry', 'the agency' -> 'UN refugee agency'."""
        i = bisect.bisect_left(self._starts, position)
        for source in reversed(self.mentions[:i]):
            if source.kind in ("organization", "publication") and head in source.name.lower().split():
                return Source(source.name, source.kind, source.start)
        return None

    def issuer(self, noun: str, position: int) -> Source | None:
        """'According to the statement': the organisation named just before
        the last 'said ... in a statement' (or 'issued a statement')."""
        said_in = [m for m in _ISSUED.finditer(self.text, 0, position) if m.group("noun").lower() == noun]
        return self.nearest_organization(said_in[-1].start()) if said_in else None

    def nearest_organization(self, position: int) -> Source | None:
        i = bisect.bisect_left(self._starts, position)
        for source in reversed(self.mentions[max(0, i - 12):i]):
            if source.kind == "organization":
                return Source(source.name, source.kind, source.start)
        return None

    def _offices_before(self, position: int) -> list[Source]:
        """'Sindh's chief minister announced ... He said': persons named by
        office, looked for only when a pronoun needs them."""
        offices = []
        for title in _OFFICE.finditer(self.text, max(0, position - 3000), position):
            head = _OFFICE_HEAD.search(self.text, max(0, title.start() - 40), title.start())
            if head:
                offices.append(Source(head.group(1) + title.group(0), "person", head.start(1)))
        return offices

    def _mentions_before(self, position: int) -> list[Source]:
        i = bisect.bisect_left(self._starts, position)
        return self.mentions[max(0, i - 12):i]


def _titled(run: str) -> bool:
    words_ = [w.lower().rstrip(".") for w in run.split() if w.lower() not in ("the", "a", "an")]
    return len(words_) > 1 and words_[0] in PERSON_TITLES


def _sentence_initial_function_word(text: str, match: re.Match) -> bool:
    first = match.group(0).split()[0]
    return first.lower() in _NOT_NAMES and len(match.group(0).split()) == 1


_DOCUMENT_BY = re.compile(r"\b(?:count|" + alternation(words("document_nouns.txt")) + r")\b[^,;]{0,50}?\bby\s+(?P<np>(?:the\s+)?(?:[A-Z]|[a-z]+\s+(?:at|of|from|with)\s+(?:the\s+)?[A-Z])[^,;]{0,80}?)"
                          r"(?:\s+(?:published|released|issued)\b[^,;]*)?$")
_MAKER = re.compile(r"(?:the\s+)?(?P<name>[A-Z][\w&.'\u2019-]*(?:\s+[A-Z][\w&.'\u2019-]*){0,3})"
                    r"(?:\s+(?:agency|firm|group|institute|company|pollster|centre|center|organisation|organization))?")
_FAMILIAR = re.compile(r"(?:the\s+|some\s+|several\s+)?(?:people|persons?|sources?|officials?|someone)\s+"
                       r"(?:familiar|close|briefed|knowledgeable)\s+(?:with|to|on|about)\b", re.I)
_OWNED_DATA = re.compile(r"(?P<owner>(?:the\s+)?[\w'\u2019-]+(?:\s+[\w'\u2019-]+){0,3}?)['\u2019]s\s+(?:own\s+|latest\s+|new\s+|"
                         r"official\s+|annual\s+|monthly\s+)?(?:figures|data|statistics|records|accounts|estimates?|"
                         r"count|tally|survey|report|index)", re.I)
_BARE_FIGURES = re.compile(r"(?:^|\b(?:as|while|when|after)\s+)(?:the\s+)?(?:new|latest|official|preliminary|provisional|"
                           r"recent|fresh)\s+(?:figures|data|statistics|numbers)$", re.I)
_NAME_THEN_BODY = re.compile(r"(?:the\s+)?(?P<org>" + _NAME_RUN + r"\s+(?P<body>[a-z]+))")
_NAMED_OWNER = re.compile(r"(?:the\s+)?(?:latest\s+|official\s+|new\s+)?(?P<name>" + _NAME_RUN + r")"
                          r"\s+(?:figures|data|statistics|records)")
_DATA_NOUNS = frozenset({"data", "figures", "statistics", "records", "estimates"})
_CONJUNCTION_HEAD = re.compile(r"^(?:but|and|yet|so|still)\s+(?=\S)", re.I)
_TIME_TAIL = re.compile(r"\s+(?:(?:late\s+|earlier\s+)?(?:last|this)\s+(?:week|month|year|[A-Z][a-z]+day)|on\s+[A-Z][a-z]+day|"
                        r"yesterday|today|earlier|recently)$")
_AUXILIARY_TAIL = re.compile(r"(?:(?:^|\s+)(?:so\s+far|thus\s+far|has|have|had|also|later|earlier|previously|once|then|since|would|will|now|still|again|already|separately|itself|for\s+its\s+part))+\s*$", re.I)


def source_from_phrase(phrase: str, offset: int, names: NameIndex) -> Source | None:
    """The source a subject phrase names: a person, an outlet, an organisation,
    or a collective as written ("US officials", "analysts")."""
    phrase = _AUXILIARY_TAIL.sub("", phrase.strip().strip(",;:\u201c\u201d\""))
    phrase = _TIME_TAIL.sub("", phrase)  # "A British intelligence update last month"
    phrase = _CONJUNCTION_HEAD.sub("", phrase)  # "But the King's Fund said"
    phrase = re.split(r"\s+(?:who|which|that)\s", phrase)[0]  # "A UN official who asked not to be named"
    if not phrase:
        return None
    if _FAMILIAR.match(phrase):  # "People familiar with U.S. intelligence assessments": as written, nobody named
        return Source(re.sub(r"^(?:the|some|several)\s+", "", phrase, flags=re.I), "anonymous", offset)
    owned = _OWNED_DATA.fullmatch(phrase.strip())
    if owned:  # "The board's figures show": the board
        owner = source_from_phrase(owned.group("owner"), offset, names)
        if owner is not None:
            return owner
    if _BARE_FIGURES.search(phrase.strip()):
        return None  # "as new figures showed": nobody in particular
    author = _DOCUMENT_BY.search(phrase)
    if author:
        # "A poll published on Friday by the Ipsos agency": whoever made it
        found = source_from_phrase(author.group("np"), offset + author.start("np"), names)
        if found is not None and found.kind != "anonymous":
            return found
        maker = _MAKER.fullmatch(author.group("np").strip())  # "the Ipsos agency", "Ipsos": a name, whatever its ending
        if maker:
            return Source(maker.group("name"), "organization", offset + author.start("np") + maker.start("name"))
        if found is not None:
            return found
    named = _NAMED_BODY.search(phrase)
    if named:
        # "the Belgrade agency Faktor", "the daily Rzeczpospolita": the name after the kind of body
        kind = _BODY_KINDS[re.sub(r"\s+", " ", named.group("noun").lower())][0]
        return Source(named.group("name"), kind, offset + named.start("name"))
    words_ = phrase.split()
    lead = re.match(r"(?:(?:the|some|several)\s+)?((?:[\w'-]+\s+){0,3}?([a-z]+))\s+(in|at|from|close\s+to|with|near)\s", phrase, re.I)
    member_of = re.fullmatch(r"(?:the\s+)?(?P<org>[A-Z][\w'\u2019-]*(?:\s+(?:of\s+|for\s+|the\s+|and\s+)*[A-Z][\w'\u2019-]*)*)",
                             phrase[lead.end():].strip()) if lead and lead.group(3).lower() in ("with", "from", "at") else None
    if member_of is None and lead and lead.group(3).lower() in ("with", "from", "at") and lead.group(2).lower() in _SOURCE_NOUNS:
        named_body = _NAME_THEN_BODY.fullmatch(phrase[lead.end():].strip())
        if named_body and named_body.group("body").lower() in _ORG_WORDS:  # "Analysts at the Forsa institute"
            return Source(named_body.group("org"), "organization", offset + lead.end())
    org = classify_run(member_of.group("org")) if member_of and lead.group(2).lower() in _SOURCE_NOUNS else None
    if org is not None and org.kind in ("organization", "publication"):
        # "Organizers with the Housing Now Coalition": the coalition speaks
        return Source(org.name, org.kind, offset + lead.end())
    if lead and lead.group(2).lower() in _SOURCE_NOUNS:
        # "Officials in West Bengal", "Hamas-run health authorities in Gaza"
        head = lead.group(2).lower()
        return Source(lead.group(1).strip(), "organization" if head in _ORG_WORDS else "anonymous", offset)
    last = re.sub(r"[^\w-]", "", words_[-1]).lower()
    runs = [(m, classify_run(m.group(0))) for m in _CAP_RUN.finditer(phrase)]
    runs = [(m, s) for m, s in runs if s is not None and (s.name.isupper() or s.name.lower() not in _NOT_NAMES)]
    if last in _ORG_WORDS and len(words_) <= 2 and words_[0].lower() in ("the", last):
        named = names.named_organization(last, offset)
        if named is not None:
            return named  # "the ministry" -> "Health Ministry", named earlier
    if last in _SOURCE_NOUNS and not any(s.kind in ("organization", "publication") and m.end() >= len(phrase) - 1
                                         for m, s in runs):
        # a collective: keep its modifiers ("US officials", "senior Ukrainian commanders")
        tail = re.search(r"((?:(?:[A-Z][\w.'\u2019-]*|senior|local|western|military|government|health|"
                         r"independent|unnamed|intelligence|security|police|rescue|hospital|aid|some|several|fire|brigade|border|"
                         r"army|defence|defense|ministry|coastguard|prison|election|customs|"
                         r"two|three|many)\s+)*" + re.escape(words_[-1]) + r")\W*$", phrase)
        name = tail.group(1) if tail else words_[-1]
        if last in _DATA_NOUNS and len(words_) > 1:
            owner = _NAMED_OWNER.fullmatch(phrase.strip())
            found = classify_run(owner.group("name")) if owner else None
            if found is not None:  # "Home Office figures": the Home Office
                return Source(found.name, found.kind, offset)
            name = phrase.strip()  # "Danish maritime authority data": whose data, whatever its words
        name = re.sub(r"^(?:The|the|Some|some|Several|several|A|a|An|an|One|one)\s+", "", name)
        owner = re.match(r"([\w-]+)['\u2019]s\s+", name)
        if owner and owner.group(1).lower() in _DEMONYMS:
            name = name[owner.end():]  # "Gaza's health ministry" -> "health ministry"
        kind = "organization" if last in _ORG_WORDS else "anonymous"
        return Source(name.strip(",."), kind, offset)
    if len(runs) == 1 and re.fullmatch(r"[A-Z][a-z]+s", phrase.strip()) and phrase.strip().lower() not in names.fullest \
            and not _is_proper(phrase.strip()):
        runs = []  # "Insurers", "Analysts": a plural noun, not a person
    runs = [(m, s) for m, s in runs if not (s.kind == "person" and " " not in s.name
                                            and s.name.lower() not in names.fullest
                                            and re.match(r"\s+[a-z]", phrase[m.end():])
                                            and not re.match(r"\s+(?:and|or|but|of|in|at|from|with)\b", phrase[m.end():])
                                            and _common_noun_source(phrase[m.end():], 0, names) is not None)]
    if runs:
        match, source = runs[-1]
        trailing = phrase[match.end():].strip()
        if trailing and re.fullmatch(r"(?:[a-z][\w-]*\s+){0,2}[a-z][\w-]*", trailing) \
                and re.search(r"['\u2019]s$", match.group(0)) and trailing.split()[-1] in _TITLES:
            return Source(trailing, "person", offset + match.end())  # "the UN's humanitarian coordinator"
        if trailing and re.fullmatch(r"(?:[a-z][\w'\u2019-]*\s+){0,2}[a-z][\w-]*", trailing) \
                and trailing.split()[-1] in (_ORG_WORDS | _SOURCE_NOUNS) \
                and not any(w in _NOT_NAMES or w.endswith("ed") for w in trailing.split()):
            # "the UN refugee agency", "Hamburg Centre analysts"; "Bangladesh's disaster ministry" -> the ministry
            possessive_country = re.search(r"['\u2019]s$", match.group(0)) and match.group(0)[:-2].lower() in _DEMONYMS
            owner = source.name + ("'s" if re.search(r"['\u2019]s$", match.group(0)) else "")
            name = trailing if possessive_country else f"{owner} {trailing}"  # "White Helmets rescue group"
            return Source(name, "organization" if trailing.split()[-1] in _ORG_WORDS else "anonymous",
                          offset + match.start())
        source.name = names.full(source.name) if source.kind == "person" else _full_outlet(source.name, names)
        source.start = offset + match.start()
        return source
    return _common_noun_source(phrase, offset, names)


_LEADING = re.compile(r"^(?:(?:with|and|but|as|while|amid|the|a|an|its|their|his|her|some|several|many|one)\s+)+", re.I)
_TRAILING = re.compile(r"\s+(?:published|released|issued|carried\s+out|conducted|cited|seen|quoted|based|taken|held|involved|familiar|close|speaking|briefed|working|who|which|that|in|on|at|from|for|by|of)\b.*$", re.I)
_DOCUMENT_NOUNS = frozenset({"study", "report", "survey", "analysis", "assessment", "paper", "census", "estimate", "estimates"})


def _is_proper(word: str) -> bool:
    """'Hamas', 'Reuters', 'Brussels': names that end like plurals."""
    lower = word.lower()
    return lower in _DEMONYMS or lower in _PUBLICATIONS or lower in _KNOWN_ORGS or lower in _COUNTRY_NAMES


def _common_noun_source(phrase: str, offset: int, names: NameIndex | None = None) -> Source | None:
    """'A government study published in 2021' -> 'government study';
    'the housing ministry' -> 'Health Ministry' if named so before, else as written;
    'the state power distributor' -> as written; 'Tigrayan leadership' -> as written."""
    core = _TRAILING.sub("", _LEADING.sub("", phrase.strip())).strip(" ,.")
    owner = re.match(r"(?:the\s+)?([\w-]+)['\u2019]s\s+", core)
    if owner:
        core = core[owner.end():]  # "Gaza's civil defence agency", "the authority's finance chief"
    if re.fullmatch(r"[A-Z][a-z]+s", core) and names is not None and core.lower() not in names.fullest \
            and not _is_proper(core):
        core = core.lower()  # "Insurers estimate": a plural noun opening the sentence, not a name
    words_ = core.split()
    if not words_ or len(words_) > 4:
        return None
    first_ok = words_[0].lower() in _DEMONYMS or re.fullmatch(r"[a-z][\w'\u2019-]*", words_[0]) \
        or len(words_) > 2 and re.fullmatch(r"[A-Z][a-z]+", words_[0]) and words_[-1].lower() in _ORG_WORDS
    # ("the Sindh provincial rescue service": a place's body)
    if not first_ok or not all(re.fullmatch(r"[a-z][\w'\u2019-]*", w) for w in words_[1:]):
        return None
    head = words_[-1].lower()
    if any(w.lower() in _REPORTING or w.lower() in _NOT_NAMES for w in words_):
        return None  # "said his campaign": a clause, not a name
    if head in _NOT_NAMES or head.endswith(("ly", "ing")):
        return None
    if names is not None and head in names.by_title and head not in _SOURCE_NOUNS | _ORG_WORDS:
        return Source(names.by_title[head], "person", offset)  # "the governor" -> "Oleksandr Horbenko"
    if head in _DOCUMENT_NOUNS and head not in _GENERIC_BODIES:
        return Source(core, "document", offset)
    if names is not None:
        named = names.named_organization(head, offset)
        if named is not None:
            return named  # "the forum said" -> "Horn Security Forum"
        if head in _GENERIC_BODIES:
            named = names.issuer(head, offset) or names.nearest_organization(offset)
            if named is not None:
                return named  # "the organisation said": the one just named
    if head in _ORG_WORDS:
        return Source(core, "organization", offset)
    if head in PERSON_TITLES:
        return Source(core, "person", offset)  # "the chief minister": one person, named by office
    return Source(core, "anonymous", offset)


def _full_outlet(name: str, names: NameIndex) -> str:
    """'Times' -> 'New York Times' when the document names it so."""
    return names.full(name) if len(name.split()) == 1 else name
