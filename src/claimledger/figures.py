"""Figure finding: every number a text puts forward, with its value, bounds,
unit and rate; numbers that are not claims (dates, ordinals, identifiers,
ages, durations, "one" as a determiner) are dropped here.

One regex finds the core of each figure; small anchored patterns then read
the words just before it (hedges, bounds, "between") and after it (ranges,
"of 200", percent, currency, the counted noun, "per day").
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from . import numbers
from .lexicon import alternation, last_match, rows, table, word_alternation, words

_I = re.IGNORECASE

# ---------------------------------------------------------------- patterns
_CURRENCIES = rows("currencies.tsv")
_CUR_BEFORE = {s: code for s, code, where in _CURRENCIES if where in ("before", "both")}
_CUR_AFTER = {s.lower(): code for s, code, where in _CURRENCIES if where in ("after", "both")}
_CUR_BEFORE_RE = r"(?:" + "|".join(
    re.escape(s) + (r"\s?" if s.isalpha() else r"\s?")
    for s in sorted(_CUR_BEFORE, key=len, reverse=True)) + ")"

_DIGITS = (r"(?<![\w.,/])(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?"
           r"|\d{1,3}(?:[\u00a0\u202f ]\d{3})+(?:\.\d+)?(?![\d,]|\.\d)"
           r"|\d+(?:\.\d+)?|\.\d+)")
_SCALE = alternation(numbers.SCALE_WORDS)
_NUMWORD = alternation(w for w in numbers.NUMBER_WORDS)
_WORDNUM = (r"(?:\ban?\s+)?\b" + _NUMWORD + r"\b(?:(?:\s+and\s+|\s+-\s+|\s+|-)" + _NUMWORD + r"\b)*"
            r"(?:\s+and\s+a\s+half(?:\s+" + _SCALE + r"\b)?)?")
_VAGUE_WORD = alternation(numbers.VAGUE_WORDS)
_VAGUE = (r"\b(?:(?:tens|hundreds)(?:\s+(?:and|or)\s+(?:tens|hundreds))?\s+of\s+)?" + _VAGUE_WORD + r"\b")
_FEW = r"\b(?:several|a\s+few)\s+(?P<few_scale>hundred|thousand|million|billion)\b"
_HALF_OF_SCALE = (r"\b(?P<part>half|a\s+quarter|quarter|three\s+quarters)\s+(?:of\s+)?(?:an?\s+)?"
                  r"(?P<part_scale>hundred|thousand|million|billion)\b")
_FRACTION = (r"\b(?:(?:one|two|three|four|five|six|seven|eight|nine)[\s-](?:thirds|quarters|fifths|sixths|tenths)"
             r"|(?:one|a)[\s-](?:third|quarter|fifth|sixth|tenth)(?=\s+of\b)"
             r"|(?<!first\s)(?<!second\s)(?<!last\s)(?<!other\s)half(?=\s+(?:of|the|their|its|all)\b))\b")

# A figure starts at a word's start with a digit, a currency sign or a letter
# that begins a number word: the gate skips every other position cheaply.
_GATE = r"(?<![\w])(?=[\d$\u20ac\u00a3\u20b4\u20bd\u00a5\u20b9\u20aa.AaBbCcDdEeFfGgHhMmNnOoRrSsTtUuZz])"

CORE = re.compile(
    _GATE + r"(?P<cur>" + _CUR_BEFORE_RE + r")?(?:"
    r"(?P<half>" + _HALF_OF_SCALE + r")"
    r"|(?P<few>" + _FEW + r")"
    r"|(?P<vague>" + _VAGUE + r")"
    r"|(?P<fraction>" + _FRACTION + r")"
    r"|(?P<digits>" + _DIGITS + r")(?:\s?(?P<dscale>" + _SCALE + r")\b)?"
    r"|(?P<words>" + _WORDNUM + r")"
    r")", _I)

_NUMBER_AFTER = (r"(?P<cur2>" + _CUR_BEFORE_RE + r")?(?:(?P<d2>" + _DIGITS.replace("(?<![\\w.,/])", "")
                 + r")|(?P<w2>" + _WORDNUM + r"))(?:\s?(?P<s2>" + _SCALE + r")\b)?")
_RANGE_DASH = re.compile(r"\s?[-\u2013\u2014]\s?" + _NUMBER_AFTER, _I)
_RANGE_TO = re.compile(r"\s+to\s+" + _NUMBER_AFTER, _I)
_RANGE_AND = re.compile(r"\s+and\s+" + _NUMBER_AFTER, _I)
_RANGE_OR = re.compile(r"\s+or\s+" + _NUMBER_AFTER, _I)
_PART_OF = re.compile(r"\s+(?P<link>out\s+of|of|in|per)\s+(?:the\s+[\w-]+['\u2019]s\s+|the\s+|every\s+|its\s+|their\s+|his\s+|her\s+|our\s+)?" + _NUMBER_AFTER, _I)
_PERCENT = re.compile(r"\s?(?:%|percentage\s+points?\b|per\s?cent\b|percent(?:age)?\b|pct\b)", _I)
# "5 million pesos", "1.4 trillion Lebanese pounds": a currency word after the figure, perhaps with its country
_CUR_AFTER_RE = re.compile(r"\s+(?:of\s+)?(?:(?P<country>(?-i:[A-Z][a-z]+))\s+(?=\S+\b))?(?P<word>"
                           + alternation(_CUR_AFTER) + r")\b", _I)
_RATE = table("rates.tsv")
_RATE_RE = re.compile(r"\s*,?\s*(?P<rate>" + alternation(_RATE) + r")\b(?!\s+(?:ago|after|before|earlier|later|of)\b)", _I)
_HEDGES = table("hedges.tsv")
_ABOUT_VERBS = words("about_verbs.txt")
_HEDGE_BEFORE = re.compile(r"(?:^|(?<=\W))(?P<hedge>" + alternation(_HEDGES) + r")\s+$", _I)
_PLUS_AFTER = re.compile(r"(?:\+|-plus\b|\s+or\s+(?:more|greater|above|higher)\b|\s+and\s+(?:more|above)\b)", _I)
_MINUS_AFTER = re.compile(r"\s+or\s+(?:less|fewer|below|lower)\b", _I)
_WORDS_AFTER = re.compile(r"[ \t]+([A-Za-z][\w'\u2019-]*)")

_MONTHS = words("months.txt")
_MONTH_BEFORE = re.compile(r"\b(?:" + alternation(_MONTHS) + r")\.?\s+(?:the\s+)?$", _I)
_MONTH_AFTER = re.compile(r"(?:st|nd|rd|th)?\s+(?:of\s+)?(?:" + alternation(_MONTHS) + r")\b", _I)
_ID_HEADS = words("identifier_heads.txt")
_ID_BEFORE = re.compile(r"\b(" + alternation(_ID_HEADS) + r")\.?\s*#?\s*$", _I)
# "30 kilometres from the border": a distance that places something, not a claim
_PLACING_DISTANCE = re.compile(r"\s*(?:nautical\s+)?(?:km|kilometres|kilometers|miles|metres|meters|feet|ft)\s+"
                               r"(?:to\s+the\s+)?(?:from|away|north|south|east|west|"
                               r"outside|inland|off|behind|beyond|of\s+the|below\s+(?:ground|the\s+surface|sea\s+level)|"
                               r"underground|deep|beneath)\b", _I)
_MULTIPLIER = re.compile(r"\s+times\s+(?:the|as|that|this|what|its|their|more|higher|lower|greater|larger|over)\b", _I)  # "three times the rate"
_FACTOR_BEFORE = re.compile(r"\bfactor\s+of\s+$", _I)
# "call or text us on 0803 555 0142", "the helpline on 800 556 112": digits grouped as a phone number is
_DIALLED = re.compile(r"\b(?:on|call|text|dial|ring|contact)\s+(?:us\s+)?(?:on\s+)?\+?\d{2,4}(?:[ \t-]\d{2,4}){2,3}\b"
                      r"|\b0\d{2,4}[ \t-]\d{3}[ \t-]\d{3,4}\b", _I)
_SERVICE_NUMBER = re.compile(r"\b(?:hotline|helpline|hot\s+line|toll-free\s+(?:line|number)|short\s+code)\b[,:]?\s*"
                             r"(?:is\s+|on\s+)?\d{3,6}\b", _I)  # "its hotline, 1548"
_ORDINAL_AFTER = re.compile(r"(?:\s+|-)(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|"
                            r"twelfth|\w+teenth|\w+tieth|hundredth|thousandth|millionth|billionth|trillionth)s?\b", _I)
_SYMBOL_AFTER = re.compile(r"\s?(?P<sym>[\u20ac$\u00a3\u20b4\u20bd])(?![\d\w])")
_AGE_BEFORE = re.compile(r"\b(?:aged|age|ages)\s+(?:between\s+|from\s+)?$", _I)
_UNDER_AGE = re.compile(r"\b(?:children|kids|babies|boys|girls|people|adults?|those|anyone|everyone|men|women|residents|workers)\s+(?:under|over|above|below|aged)\s+(?:the\s+age\s+of\s+)?$", _I)
_NAME_BEFORE = re.compile(r"(?<=[A-Za-z,] )(?!(?:In|On|At|By|Of|To|From|With|For|And|But|The|About|Some|Nearly|Over|Under|Around|Almost|Only|Just|Than|Not)\b)[A-Z][a-z]+\s$")
_TIME_AFTER = re.compile(r"(?::\d\d|\s?(?:a\.m\.|p\.m\.|am\b|pm\b|o'clock|GMT|UTC|BST|hrs\b))", _I)
_TIME_UNITS = words("time_units.txt")
_PERSON_NOUNS = words("person_nouns.txt")
_MEASUREMENT_UNITS = words("measurement_units.txt")
_STOP = words("person_verbs_stop.txt")
_COUNTED_THINGS = words("counted_things.txt")
_PEOPLE_VERBS = words("people_verbs.txt")
_DEMONYM_WORDS = frozenset(table("demonyms.tsv"))
_MODIFIERS = frozenset({"more", "additional", "new", "extra", "further", "other", "fresh"})
PARTICIPLES = frozenset({"killed", "wounded", "injured", "dead", "missing", "displaced", "captured", "arrested", "detained"})
_MEASURE_WORDS = table("measures.tsv")
_PEOPLE_CUES = re.compile(word_alternation(  # "fell" counts the dead only once persons are named
    [w for w, v in _MEASURE_WORDS.items() if len(v) > 1 and v[1] == "people" and w not in ("fell", "fallen")]
    + list(_PERSON_NOUNS)))
_COORDINATED = re.compile(r",\s*(?:while|whereas|but)\b|;")
_SUBJECT_BEFORE = re.compile(
    r"\b(?!(?:has|is|was|does|its|this|thus|as|us|his|yes|less|unless|always|perhaps)\b)"  # "region, has risen to 64"
    r"(?P<noun>[a-z]+s|toll|population|turnout|workforce|staff|dead|wounded|injured|missing)\s+(?:(?:could|would|will|may|"
    r"might|has|have|had|is|are|was|were|already|now|also|then|to)\s+)*(?:reach|reached|reaches|rise|rose|risen|rises|climb|climbed|top|topped|tops|exceed|"
    r"exceeded|hit|stand|stood|number|numbered|total|totalled|totaled|stand at|of|shrunk|shrank|fallen|fell|dropped|"
    r"grown|grew)(?:\s+(?:to|at|above|past))?"
    r"\s+(?:about|around|some|nearly|almost|roughly|more than|over|at least|an estimated)?\s*$")
_CROWD_AT = re.compile(r"\b(?:crowds?|turnout|attendance|protesters|demonstrators|marchers)\s+at\s+(?:about\s+|around\s+|"
                       r"some\s+|nearly\s+|almost\s+|roughly\s+|more\s+than\s+|over\s+|at\s+least\s+|up\s+to\s+)?$", _I)
# "put Ethiopian deaths at about 14,000": the noun put at the figure
_PUT_AT = re.compile(r"\b(?:put|puts|putting|placed|places|estimated|estimates)\s+(?:[\w'\u2019-]+\s+){0,3}?(?P<noun>[a-z]+s)"
                     r"\s+at\s+(?:between\s+)?(?:about\s+|around\s+|some\s+|nearly\s+|almost\s+|roughly\s+|more\s+than\s+|"
                     r"over\s+|at\s+least\s+|up\s+to\s+)?$")
# "17 of his soldiers": the people it is a part of
_OF_PEOPLE = re.compile(r"\s+of\s+(?:his|her|its|their|the|those|these|our|my)\s+(?:own\s+)?(?P<noun>[a-z]+)\b")
_SENTENCE_END_IN = re.compile(r"[.!?]\s+[A-Z]")  # "... 8.1 percent a year earlier. Employment was 38,000 lower"
_SHARED_NOUN = re.compile(r"\s+[a-z-]+\s+(?:and|or)\s+")
_TO_LEVEL = re.compile(r",?\s+to\s+(?:about\s+|some\s+|nearly\s+|around\s+)?$")  # "up 31 percent on last year, to 27,600"
_OF_THOSE = re.compile(r"\b(?:of|among)\s+(?:those|them|these)\s*,?\s*(?:some\s+|about\s+|nearly\s+|around\s+)?$", _I)
_N_MORE = re.compile(r"\s+more\s*(?:[.,;:!?\u201d\"]|$)")
_TOLL_HEAD = re.compile(r"\btoll\s+(?:from|in|of|at|since|among)\b[^,;.!?]*$")
_SENTENCE_START = re.compile(r"[.!?]\s+[\"'\u201c\u2018]?(?=[A-Z])|\n\s*\n")

_YEAR_MIN, _YEAR_MAX = 1800, 2100


@dataclass(slots=True)
class Figure:
    """A figure found in the text, before attribution."""

    start: int
    end: int
    value: float | None = None
    low: float | None = None
    high: float | None = None
    total: float | None = None
    approx: bool = False
    unit: str | None = None
    per: str | None = None
    noun: str | None = None       # the counted noun phrase as written
    noun_start: int = -1
    noun_end: int = -1
    money: bool = False
    percent: bool = False
    vague: bool = False
    hedge: str | None = None      # the hedge or bound word before it
    scaled: bool = False          # written with a scale word: "11.3 trillion"
    tail: int = 0                 # end of everything read after the figure (noun, rate)
    currency_word: str | None = None     # "pounds", "pesos": a word many currencies share
    currency_country: str | None = None  # the word written before it ("Lebanese")


def find_figures(text: str) -> list[Figure]:
    """Every figure in `text`, in order. Linear in the text's length."""
    found: list[Figure] = []
    position = 0
    while True:
        match = CORE.search(text, position)
        if match is None:
            break
        figure = _read(text, match)
        if figure is None:
            position = match.end() if match.end() > match.start() else match.start() + 1
            skip = _RANGE_DASH.match(text, position) or _RANGE_TO.match(text, position) or \
                _RANGE_AND.match(text, position)
            if skip and match.group("digits") and not _is_year_like(match.group("digits").strip()):
                position = skip.end()  # "aged 18 to 34": both ends go; but "freed since 2022 to 4,813" keeps 4,813
            continue
        found.append(figure)
        position = max(figure.end, match.end())
    _inherit_units(text, found)
    return found


# ---------------------------------------------------------------- reading
def _number_value(m: re.Match, digits: str, words_: str, scale: str) -> float | None:
    if m.group(digits):
        value = numbers.parse_digits(m.group(digits))
    elif m.group(words_):
        value = numbers.parse_words(m.group(words_))
        if value is None:
            return None
    else:
        return None
    if m.group(scale):
        value *= numbers.scale_factor(m.group(scale))
    return value


def _read(text: str, m: re.Match) -> Figure | None:
    start, end = m.start(), m.end()
    currency = _CUR_BEFORE.get((m.group("cur") or "").strip())
    digits = m.group("digits")
    scaled_core = False
    value = low = high = total = None
    approx = vague = False

    if m.group("half"):
        part = m.group("part").lower().split()
        fraction = {"half": 0.5, "a": 0.25, "quarter": 0.25, "three": 0.75}[part[0]]
        value = fraction * numbers.parse_words(m.group("part_scale"))
    elif m.group("few"):
        low, high = numbers.parse_few(m.group("few_scale"))
        approx = vague = True
    elif m.group("vague"):
        low, high = numbers.parse_vague(m.group("vague"))
        approx = vague = True
    elif m.group("fraction"):
        value, total = numbers.parse_fraction(m.group("fraction"))
    elif digits:
        value = numbers.parse_digits(digits)
        scale = m.group("dscale")
        if scale:
            if numbers.scale_needs_money(scale) and not currency and not _plural_noun_follows(text, end):
                # "a 5m wall" is a length, not five million
                end = m.start("dscale")
                scale = None
                while end > start and text[end - 1].isspace():
                    end -= 1
            else:
                value *= numbers.scale_factor(scale)
                scaled_core = True
        if _not_a_claim_digits(text, m, start, end, digits, bool(scale or currency)):
            return None
    elif m.group("words"):
        surface = m.group("words")
        if re.fullmatch(r"an?", surface.strip(), _I):
            return None
        value = numbers.parse_words(surface)
        if value is None:
            return None
        # "a" alone before the words belongs to them only as "a dozen", "a hundred"
        if _not_a_claim_words(text, m, start, end, surface):
            return None
    else:
        return None

    figure = Figure(start=start, end=end, value=value, low=low, high=high, total=total,
                    approx=approx, vague=vague)
    figure.money = currency is not None
    figure.scaled = scaled_core
    if currency:
        figure.unit = currency

    _read_before(text, figure)
    _read_after(text, figure, m)
    if figure.value is None and figure.low is None and figure.high is None:
        return None
    if not _keep_small_word_number(text, m, figure):
        return None
    return figure


def _plural_noun_follows(text: str, end: int) -> bool:
    nxt = _WORDS_AFTER.match(text, end)
    return bool(nxt) and (nxt.group(1).lower() in _PERSON_NOUNS or nxt.group(1).lower().endswith("s"))


def _not_a_claim_digits(text: str, m: re.Match, start: int, end: int, digits: str, scaled: bool) -> bool:
    before = text[max(0, start - 30):start]
    after = text[end:end + 30]
    if start > 0 and (text[start - 1].isalpha() or text[start - 1] in "#/:=%&?"):
        return True  # "G7", "#5", "24/7"
    if _in_phone_number(text, start, end):
        return True  # "call +507 6123 4567", "(202) 555-0143"
    if len(digits) <= 2 and _ENUMERATION.match(text, end) and _LIST_START.search(text, max(0, start - 3), start):
        return True  # "Notes to editors: 1. The agency ...": a list's numbering
    if start > 1 and text[start - 1] in "-\u2011" and text[start - 2].isalnum():
        return True  # "F-16", "PAC-3", "COVID-19"
    if after[:1].isalpha() and not scaled:
        return True  # "3rd", "5G", "1990s"
    if re.match(r"[./]\d", after):
        return True  # "192.168.1.2", "9/11"
    if re.match(r"-[A-Za-z]", after) and not re.match(r"-(?:strong|plus)\b", after, _I):
        return True  # "45-year-old", "150-seat", "10-day"
    if _TIME_AFTER.match(after):
        return True
    if scaled:
        return False
    if _ID_BEFORE.search(before) or _AGE_BEFORE.search(before) or _is_age(text, start, end):
        return True
    if _NAME_BEFORE.search(before) and "," not in digits and not _counted_noun_follows(text, end) \
            and not _PERCENT.match(text, end) and not _in_title_case_line(text, start):
        return True  # "Leopard 2", "Boeing 747", "Line 1": a name's number
    if _MONTH_BEFORE.search(before) or _MONTH_AFTER.match(after):
        return True
    if _is_year_like(digits) and (not _counted_noun_follows(text, end) or _YEAR_DETERMINER.search(before)) \
            and not _HEDGE_BEFORE.search(before):
        return True  # "in 2023"; "the 2024 appeal" names a year's appeal, not 2,024 of them
    if _time_unit_follows(text, end) or _PLACING_DISTANCE.match(text, end):
        return True
    if re.match(r"-\s+(?:to|and)\s+\d+-year", after):
        return True  # "25- to 34-year-olds"
    return _is_multiplier(text, start, end) or _describes_the_source(text, start, end)


def _not_a_claim_words(text: str, m: re.Match, start: int, end: int, surface: str) -> bool:
    after = text[end:end + 30]
    if _ORDINAL_AFTER.match(after):
        return True  # "one hundred twenty fifth", "two hundredth": an ordinal
    before = text[max(0, start - 30):start]
    if re.match(r"-[A-Za-z]", after) and not re.match(r"-(?:strong|plus)\b", after, _I):
        return True  # "ten-day", "three-year-old"
    if _AGE_BEFORE.search(before) or _ID_BEFORE.search(before) or _is_age(text, start, end):
        return True
    if _time_unit_follows(text, end) or _TIME_AFTER.match(after) or re.match(r"\s+o'clock", after, _I):
        return True
    if _CLOCK_WORDS.match(after) and re.search(r"\bat\s+$", text[max(0, start - 4):start]) \
            or _CLOCK_BEFORE.search(text, max(0, start - 20), start):
        return True  # "locked the classroom at five past two"
    return _is_multiplier(text, start, end) or _describes_the_source(text, start, end)


def _describes_the_source(text: str, start: int, end: int) -> bool:
    """'runs to 94 pages', 'makes 14 recommendations', 'a survey of 1,400
    households', 'its 2 percent target': the report's own make-up, a sample's
    size or a standing goal, not a figure it puts forward."""
    return bool(_DOCUMENT_PARTS.match(text, end) or _SAMPLE_OF.search(text, max(0, start - 30), start)
                or _STANDING_TARGET.match(text, end) and _OWNER_BEFORE.search(text, max(0, start - 8), start))


_CLOCK_WORDS = re.compile(r"\s+(?:past|to)\s+(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|noon|midnight)\b", _I)
_CLOCK_BEFORE = re.compile(r"\b(?:quarter|half|five|ten|twenty|twenty-five)\s+(?:past|to)\s+$", _I)
_DOCUMENT_PARTS = re.compile(r"\s+" + alternation(words("document_parts.txt")) + r"\b", _I)
_SAMPLE_OF = re.compile(r"\b(?:survey|poll|sample|census)\s+of\s+(?:about\s+|some\s+|more\s+than\s+|nearly\s+)?$", _I)
_STANDING_TARGET = re.compile(r"(?:\s*%|\s+per\s*cent|\s+percent)?\s+(?:inflation\s+)?(?:target|goal|ceiling|threshold)\b", _I)
_OWNER_BEFORE = re.compile(r"(?:\b(?:its|their|the|a|an)|['\u2019]s)\s+$", _I)


def _is_multiplier(text: str, start: int, end: int) -> bool:
    """'more than six times the number', 'differ by a factor of six': a ratio, not a count."""
    return bool(_MULTIPLIER.match(text, end) or _FACTOR_BEFORE.search(text, max(0, start - 12), start))


def _keep_small_word_number(text: str, m: re.Match, figure: Figure) -> bool:
    """'One battalion commander warned': "one" alone is a determiner, not a claim."""
    if not m.group("words") or figure.value != 1:
        return True
    if figure.total is not None or figure.low is not None or figure.high is not None:
        return True
    return figure.money or figure.percent


_YEAR_DETERMINER = re.compile(r"\b(?:the|its|their|this|that|last|next|a)\s+$", _I)
_HEADLINE_LONGEST = 300


def _in_title_case_line(text: str, position: int) -> bool:
    """'Floods Kill 200 In Kenya': in a title-case headline every word is capitalised."""
    line_start = text.rfind("\n", max(0, position - _HEADLINE_LONGEST), position) + 1
    line_end = text.find("\n", position, position + _HEADLINE_LONGEST)
    if line_start == 0 and position > _HEADLINE_LONGEST or line_end < 0 and len(text) - position > _HEADLINE_LONGEST:
        return False  # a line this long is no headline (and reading it whole for every figure would be quadratic)
    words_ = re.findall(r"[A-Za-z][\w'-]*", text[line_start:line_end if line_end >= 0 else len(text)])
    return len(words_) >= 4 and sum(w[0].isupper() for w in words_) >= 0.7 * len(words_)


def _is_age(text: str, start: int, end: int) -> bool:
    """'Ríos, 44, told ...' and 'children under five'."""
    if re.match(r"[,.](?!\d)", text[end:end + 1] + " ") and re.search(r"[A-Z][\w\u00c0-\u017f'-]+,\s$", text[max(0, start - 30):start]) \
            and end - start <= 2:
        return True
    if _PERSON_WAS.search(text, max(0, start - 30), start) and _AGE_AFTER.match(text, end):
        return True  # "My son was 19 when they took him", "He will be 22 in April", "most of them are over 40."
    return bool(_UNDER_AGE.search(text[max(0, start - 30):start]))


_PERSON_WAS = re.compile(r"\b(?:(?:he|she|i|my\s+\w+|his\s+\w+|her\s+\w+)\s+(?:was|is|'s|will\s+be|turned|turns|"
                         r"had\s+just\s+turned)\s+(?:nearly\s+|almost\s+|only\s+|just\s+)?"
                         r"|(?:they|of\s+them)\s+(?:are|were)\s+(?:over|under)\s+)$", _I)  # one person's age, or theirs
_AGE_AFTER = re.compile(r"\s*(?:[.,;!?\u201d\"]|$|\s+(?:when|in\s+[A-Z]\w+|next|last|this|now|years?\s+old)\b)")


def _in_phone_number(text: str, start: int, end: int) -> bool:
    return any(m.start() <= start and end <= m.end()
               for pattern in (_PHONE, _SERVICE_NUMBER, _DIALLED)
               for m in pattern.finditer(text, max(0, start - 30), min(len(text), end + 30)))


_PHONE = re.compile(r"(?:\b(?:call|tel|telephone|phone|fax|hotline|whatsapp|mobile)\b\.?:?\s*(?:on\s+)?|(?<![\w+])(?=\+\d))"
                    r"[+(]?\d[\d \t().-]{5,}\d|\(\d{3}\)\s*\d{3}-\d{4}|\b\d{3}-\d{3}-\d{4}\b", _I)
_ENUMERATION = re.compile(r"[.)]\s+[A-Za-z]")
_LIST_START = re.compile(r"(?:^|\n|:)\s*$")


def _is_year_like(digits: str) -> bool:
    return (len(digits) == 4 and digits.isdigit() and _YEAR_MIN <= int(digits) <= _YEAR_MAX)


def _counted_noun_follows(text: str, end: int) -> bool:
    nxt = _WORDS_AFTER.match(text, end)
    if not nxt:
        return False
    word = nxt.group(1).lower()
    return word in _PERSON_NOUNS or word in _MEASURE_WORDS or word in ("people", "percent")


def _time_unit_follows(text: str, end: int) -> bool:
    """'24 hours', 'three consecutive days', 'ten years ago': durations and ages."""
    position = end
    for _ in range(2):
        nxt = _WORDS_AFTER.match(text, position)
        if not nxt:
            return False
        word = nxt.group(1).lower()
        if word in _TIME_UNITS:
            return True
        if word not in ("more", "consecutive", "long", "straight", "full", "additional", "further", "whole"):
            return False
        position = nxt.end()
    return False


def _read_before(text: str, figure: Figure) -> None:
    """Hedges and bounds written before the figure: 'at least', 'about', 'up to'."""
    before = text[max(0, figure.start - 40):figure.start]
    for _ in range(2):
        hit = _HEDGE_BEFORE.search(before)
        if not hit:
            break
        hedge = re.sub(r"\s+", " ", hit.group("hedge").lower())
        if hedge == "about" and _word_before(before, hit.start()) in _ABOUT_VERBS:
            break  # "talking about 300,000": a preposition
        effect = _HEDGES[hedge][0]
        figure.hedge = figure.hedge or hit.group("hedge").lower()
        if effect == "approx":
            figure.approx = True
        elif effect == "low" and figure.value is not None:
            figure.low = figure.value
        elif effect == "high" and figure.value is not None:
            figure.high = figure.value
        before = before[:hit.start()]


def _word_before(text: str, position: int) -> str:
    hit = re.search(r"([A-Za-z']+)\W*$", text[:position])
    return hit.group(1).lower() if hit else ""


def _second_number(m: re.Match) -> tuple[float | None, str | None]:
    value = _number_value(m, "d2", "w2", "s2")
    return value, m.group("s2")


def _read_after(text: str, figure: Figure, core: re.Match) -> None:
    end = figure.end
    digits_scale = core.group("dscale") if core.group("digits") else None

    # ranges: "300,000-350,000", "between 20 and 30", "from 20 to 30", "20 to 30"
    if figure.value is not None and figure.total is None and not figure.vague:
        before = text[max(0, figure.start - 12):figure.start].lower()
        between = re.search(r"\bbetween\s+$", before)
        rng = (_RANGE_AND.match(text, end) if between else
               _RANGE_DASH.match(text, end) or _RANGE_TO.match(text, end))
        either = None if rng or between else _RANGE_OR.match(text, end)
        if either:
            second, _ = _second_number(either)
            if second is not None and figure.value < second <= 2 * figure.value and figure.value < 1000:
                rng = either  # "five or six replacements", "maybe 40 or 50"
        if rng and _is_tally(text, core, rng) or rng and _time_unit_follows(text, rng.end()):
            figure.value = None  # "a 3-1 win", "between eight and 15 years": not claims
            return
        if rng and _is_range(text, figure, core, rng, bool(between)):
            second, second_scale = _second_number(rng)
            if second is not None:
                first = figure.value
                if second_scale and not digits_scale and core.group("digits"):
                    first *= numbers.scale_factor(second_scale)  # "1.2-1.5 million"
                if rng.group("cur2") and not figure.money:
                    figure.money, figure.unit = True, _CUR_BEFORE.get(rng.group("cur2").strip())
                figure.value, figure.low, figure.high = None, min(first, second), max(first, second)
                if between:
                    figure.start = figure.start - (len(before) - between.start())
                end = rng.end()

    # parts of a whole: "40 of 200 men", "one in five", "two out of three"
    if figure.value is not None and figure.total is None and not figure.vague:
        part = _PART_OF.match(text, end)
        if part and not (part.group("link").lower() == "in" and part.group("d2") and _is_year_like(part.group("d2"))):
            whole, _ = _second_number(part)
            if whole is not None and whole > figure.value and not _time_unit_follows(text, part.end()):
                if not (part.group("d2") and _MONTH_AFTER.match(text, part.end())):
                    if core.group("words") and core.group("words").strip().lower() == "one" \
                            and part.group("link").lower() == "of":
                        # "one of 300 workers laid off": the claim is the 300
                        figure.start = part.start("d2") if part.group("d2") else part.start("w2")
                        figure.value = whole
                    else:
                        figure.total = whole
                    end = part.end()

    # percent and money written after: "12%", "60 billion dollars", "tens of billions of dollars"
    pct = _PERCENT.match(text, end)
    if pct and re.match(r"\s+(?:threshold|barrier|hurdle|limit|cap|rule|mark)\b", text[pct.end():pct.end() + 12], _I) \
            and re.search(r"\bthe\s+$", text[max(0, figure.start - 5):figure.start]):
        figure.value = None  # "cleared the 5 percent threshold": a size used as a modifier
        return
    if pct:
        figure.percent, figure.unit = True, "percent"
        end = pct.end()
    elif not figure.money and _SYMBOL_AFTER.match(text, end):
        symbol = _SYMBOL_AFTER.match(text, end)
        figure.money, figure.unit = True, _CUR_BEFORE[symbol.group("sym")]
        end = symbol.end()
    elif not figure.money:
        cur = _CUR_AFTER_RE.match(text, end)
        if cur:
            word = re.sub(r"\s+", " ", cur.group("word")).lower()
            country = cur.group("country")
            written = f"{country.lower()} {word}" if country else word
            figure.money, figure.unit = True, _CUR_AFTER.get(written, _CUR_AFTER[word])
            if not (country and written in _CUR_AFTER):  # whose pounds or pesos: decided in meaning.py
                figure.currency_word, figure.currency_country = word, country
            end = cur.end()

    plus = _PLUS_AFTER.match(text, end)
    if plus and figure.value is not None and figure.low is None:
        figure.low = figure.value
        end = plus.end()
    minus = _MINUS_AFTER.match(text, end)
    if minus and figure.value is not None and figure.high is None:
        figure.high = figure.value
        end = minus.end()
    figure.end = end

    # the counted noun, then a rate
    tail = end
    if not figure.money and not figure.percent:
        tail = _read_noun(text, figure, end)
    rate = _find_rate(text, figure, tail)
    figure.tail = max(tail, figure.end)
    if rate:
        figure.per = rate


def _is_tally(text: str, core: re.Match, rng: re.Match) -> bool:
    d1, d2 = core.group("digits"), rng.group("d2")
    return bool(d1 and d2 and re.fullmatch(r"\s?[-\u2013]\s?", text[core.end():rng.start("d2")] if rng.start("d2") >= core.end() else "")
                and len(d1) <= 2 and len(d2) <= 2 and not _counted_noun_follows(text, rng.end())
                and not _PERCENT.match(text, rng.end()))


def _is_range(text: str, figure: Figure, core: re.Match, rng: re.Match, between: bool) -> bool:
    if _time_unit_follows(text, rng.end()):
        return False
    if between:
        return True
    d1, d2 = core.group("digits"), rng.group("d2")
    if d1 and d2 and _is_year_like(d1) and _is_year_like(d2):
        return False  # "2014-2022"
    if d1 and d2 and "-" in text[figure.end:rng.start("d2")] and len(d1) <= 2 and len(d2) <= 2 and "," not in d1:
        # "won 9-2": a tally unless a counted noun follows
        return _counted_noun_follows(text, rng.end()) or bool(_PERCENT.match(text, rng.end()))
    if d2 and (_MONTH_AFTER.match(text, rng.end()) or _time_unit_follows(text, rng.end())):
        return False
    if re.match(r"\s+to\s+", text[figure.end:rng.start()], _I) is None and rng.group("w2"):
        return bool(core.group("words"))  # "ten-twelve" only between words
    return True


def _read_noun(text: str, figure: Figure, end: int) -> int:
    """The counted noun phrase after the figure: '31,000 [Ukrainian soldiers]',
    'thousands of [people]'. Sets unit and noun; returns where it ends."""
    position = end
    if figure.vague or figure.total is not None or figure.value is not None:
        of = re.match(r"\s+of(?:\s+(?:the|them|those|their|its))?(?=\s)", text[position:position + 16], _I)
        if of and (figure.vague or figure.total is not None or figure.value is None
                   or re.match(r"\s+of\s+(?:the|its|their)\s", text[position:position + 16], _I)):
            position += of.end()  # "fewer than 40 of the country's polling stations"
    if text[position:position + 1] in ('"', "\u201d") and text[position + 1:position + 2] == " ":
        position += 1  # '"up to 20" Tajik servicemen': the noun after a quoted figure
    colon = re.match(r":\s+(?:(?:the|a|an)\s+)?(?=[a-z])", text[position:position + 8])
    if colon:
        position += colon.end() - 1  # "- 89 of 150: the seats ...": a list item names its noun after the colon
    collected: list[re.Match] = []
    person_index = None
    while len(collected) < 4:
        nxt = _WORDS_AFTER.match(text, position)
        if not nxt:
            break
        word = nxt.group(1)
        lower = word.lower()
        if lower in _MODIFIERS and not collected:
            position = nxt.end()  # "seven more Patriot systems"
            continue
        if lower.endswith(("'s", "\u2019s")) and not collected:
            position = nxt.end()  # "40 of the country's polling stations": whose, not what
            continue
        if lower in _STOP and not (not collected and lower in ("killed", "wounded", "injured", "dead", "missing",
                                                                 "displaced", "captured", "arrested", "detained")):
            break
        collected.append(nxt)
        position = nxt.end()
        if lower in _PERSON_NOUNS or word[0].isupper() and lower in _DEMONYM_WORDS and lower.endswith("s"):
            person_index = len(collected) - 1  # "5.2 million Chileans voted"
            break
        if lower in ("killed", "wounded", "injured", "dead", "missing", "displaced", "captured", "arrested", "detained"):
            break  # "70,000 killed": the participle stands for the persons
        if lower in _MEASUREMENT_UNITS:
            break  # "a storm surge of up to 15 feet swept through": the unit is all
        if not word[0].isupper() and _looks_like_noun(lower) and not _next_is_noun(text, position):
            break
    while collected and not _looks_like_noun(collected[-1].group(1).lower()) \
            and collected[-1].group(1).lower() not in PARTICIPLES | _MEASUREMENT_UNITS:
        collected.pop()  # "thousands march", "two seriously": a verb or adverb, not the counted noun
    if not collected:
        nxt = _WORDS_AFTER.match(text, end)
        if nxt and nxt.group(1).lower() in _PEOPLE_VERBS:
            figure.unit = "people"  # "5.2 million voted"
        return end
    head = collected[-1].group(1)
    lower = head.lower()
    if person_index is not None or lower in _PERSON_NOUNS or lower.endswith(("ists", "ians")) or lower in _MEASURE_WORDS and _is_people_word(lower) \
            or (head[0].isupper() and lower in _DEMONYM_WORDS and lower.endswith(("s", "ese"))):
        figure.unit = "people"
    elif lower in _TIME_UNITS:
        return end
    else:
        if head[0].isupper():
            return end  # a name, not a counted noun
        figure.unit = _singular(lower)
    figure.noun_start = collected[0].start(1)
    figure.noun_end = collected[-1].end(1)
    figure.noun = text[figure.noun_start:figure.noun_end]
    return figure.noun_end


def _looks_like_noun(word: str) -> bool:
    if word in _PERSON_NOUNS or word in _COUNTED_THINGS or _singular(word) in _COUNTED_THINGS:
        return True
    return word.endswith("s") and not word.endswith(("ss", "ous", "ly")) and len(word) > 3


def _next_is_noun(text: str, position: int) -> bool:
    """'4,000 measles cases': the next word is the head, this one a modifier."""
    nxt = _WORDS_AFTER.match(text, position)
    if not nxt:
        return False
    word = nxt.group(1)
    lower = word.lower()
    return lower in _PERSON_NOUNS or (word[0].islower() and lower not in _STOP and _looks_like_noun(lower))


def _is_people_word(word: str) -> bool:
    entry = _MEASURE_WORDS.get(word)
    return bool(entry) and len(entry) > 1 and entry[1] == "people"


def _find_rate(text: str, figure: Figure, position: int) -> str | None:
    """'per day' right after the figure or its noun, or within a few words
    ('200 people are dying each day'); 'daily' just before the noun."""
    hit = _RATE_RE.match(text, position)
    if hit:
        return _RATE[re.sub(r"\s+", " ", hit.group("rate").lower())][0]
    window = text[position:position + 40]
    stop = re.search(r"[.;:!?,\u2014()]|\d|\b(?:and|or|but)\b", window)
    window = window[:stop.start()] if stop else window
    hit = _RATE_IN_WINDOW.search(window)
    if hit:
        return _RATE[re.sub(r"\s+", " ", hit.group("rate").lower())][0]
    if figure.noun_start > 0:
        lead = text[figure.end:figure.noun_start]
        hit = re.search(r"\b(daily|weekly|monthly|annual|yearly)\b", lead, _I)
        if hit:
            return {"daily": "day", "weekly": "week", "monthly": "month", "annual": "year", "yearly": "year"}[hit.group(1).lower()]
    return None


_RATE_ALT = alternation(_RATE)
# "doubled in a month" is a total over a period, not a rate
_RATE_IN_WINDOW = re.compile(r"(?<!\bin\s)(?<!\bwithin\s)(?<!\bfor\s)(?<!\bover\s)(?<!\bafter\s)\b(?P<rate>" + _RATE_ALT
                             + r")\b(?!\s+(?:ago|after|before|earlier|later|of)\b)", _I)


_IRREGULAR = {"men": "man", "women": "woman", "children": "child", "people": "person", "measles": "measles",
              "news": "news", "species": "species", "means": "means", "mumps": "mumps", "rabies": "rabies",
              "aircraft": "aircraft", "lives": "life", "wives": "wife", "series": "series", "feet": "foot",
              "diagnoses": "diagnosis", "analyses": "analysis", "crises": "crisis", "teeth": "tooth",
              "geese": "goose", "mice": "mouse"}  # plurals that do not end in a plain 's'


def _singular(word: str) -> str:
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _inherit_units(text: str, figures: list[Figure]) -> None:
    """A bare figure leans on the one before it: '3,600 casualties per day, or
    1.3 million per year'; 'Not 300,000 or 150,000'. Else a person word
    earlier in its sentence ('deaths ... running into the millions')."""
    previous: Figure | None = None
    for i, figure in enumerate(figures):
        if figure.unit is None:
            subject = _SUBJECT_BEFORE.search(text, max(0, figure.start - 60), figure.start)
            referent = _OF_THOSE.search(text, max(0, figure.start - 20), figure.start) \
                or _N_MORE.match(text, figure.tail)
            put_at = _PUT_AT.search(text, max(0, figure.start - 80), figure.start)
            part_of = _OF_PEOPLE.match(text, figure.tail)
            if _CROWD_AT.search(text, max(0, figure.start - 50), figure.start):
                figure.unit = "people"  # "put the crowd at 48,000"
            elif put_at and (put_at.group("noun") in _PERSON_NOUNS or _is_people_word(put_at.group("noun"))):
                figure.unit = "people"
            elif part_of and (part_of.group("noun") in _PERSON_NOUNS or _is_people_word(part_of.group("noun"))):
                figure.unit = "people"
            elif referent and previous is not None:
                # "Of those, 79,000 ...", "has asked for at least seven more": the things counted before
                counted = next((f for f in reversed(figures[:i]) if f.unit and not f.money
                                and not f.percent and figure.start - f.tail < 400), None)
                figure.unit = counted.unit if counted is not None else None
            elif subject:
                word = subject.group("noun").lower()
                if _TOLL_HEAD.search(text, max(0, subject.start() - 100), subject.start()):
                    word = "toll"  # "the death toll from the quake in the highlands rose to 1,240"
                figure.unit = "people" if word in _PERSON_NOUNS or _is_people_word(word) \
                    or word in ("population", "workforce", "staff", "dead", "wounded", "injured", "missing") \
                    else _singular(word)  # "cases could reach 25,000", "the death toll rose to 1,240"
            elif previous is not None and previous.money and figure.money is False and figure.scaled \
                    and figure.start - previous.tail < 250 and "\n" not in text[previous.tail:figure.start] \
                    and not _COORDINATED.search(text, previous.tail, figure.start):
                figure.unit, figure.money = previous.unit, True  # "... 9 trillion rubles ..., to rise to 11.3 trillion"
            elif previous is not None and previous.unit and figure.start - previous.tail < 120 \
                    and not (previous.percent and (_TO_LEVEL.search(text, previous.tail, figure.start)
                                                   or _SENTENCE_END_IN.search(text, previous.tail, figure.start))) \
                    and not _COORDINATED.search(text, previous.tail, figure.start) \
                    and not (figure.total is not None and (previous.percent or previous.money)) \
                    and "\n\n" not in text[previous.tail:figure.start]:
                figure.unit = previous.unit
            else:
                sentence_start = _sentence_start(text, figure.start)
                if _PEOPLE_CUES.search(text, sentence_start, figure.start) or \
                        _PEOPLE_CUES.search(text[figure.tail:figure.tail + 30]):
                    figure.unit = "people"
        previous = figure
    for figure, following in zip(figures, figures[1:]):
        if figure.unit is None and following.unit and _SHARED_NOUN.fullmatch(text, figure.tail, following.start):
            figure.unit = following.unit  # "48 suspected and 22 confirmed cases"


def _sentence_start(text: str, position: int) -> int:
    window_start = max(0, position - 300)
    start = last_match(_SENTENCE_START, text, window_start, position)
    return start.end() if start else window_start
