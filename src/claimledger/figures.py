"""Figure finding: every number a text puts forward, with its value, bounds,
unit and rate; numbers that are not claims (dates, ordinals, identifiers,
ages, durations, "one" as a determiner) are dropped here.

Every figure has a `kind`: "claim" for a figure put forward, or, for a
quantity that is no claim, what it is ("duration", "age", "modifier",
"score", "rank"). By default only claims are returned; with
`all_quantities=True` the other quantities are returned too (dates, years,
ordinals and identifiers are never quantities). A figure with a physical unit
has `measurement` set: the reading stage gives it the measure "measurement".

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
# "30 MUSD", "MAUD 60": a code with a scale letter before it (data/currency_multiples.tsv) is that many of it
_CODES = {s for s, code, where in _CURRENCIES if s == code and where == "both"}
CURRENCY_FACTOR = {prefix + code: float(factor) for prefix, factor in rows("currency_multiples.tsv") for code in _CODES}
_CUR_BEFORE.update({written: written[-3:] for written in CURRENCY_FACTOR})
_CUR_AFTER.update({written.lower(): written[-3:] for written in CURRENCY_FACTOR})
# a trie, not a flat alternation: it is tried at every word start that may begin a figure
_CUR_BEFORE_RE = alternation(_CUR_BEFORE) + r"\s?"

# "-0.8%", "$-12bn", "minus 5C": a sign written before the digits
_SIGN = r"(?P<sign>(?<![\w\u2212+-])[-\u2212+](?=\.?\d)|\bminus\s+(?=\d))?"
_DIGITS = (r"(?<![\w.,/])(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!,\d)|\d{1,2}(?:,\d\d)+,\d{3}(?:\.\d+)?"  # "1,50,000": Indian grouping
           r"|\d{1,3}(?:[\u00a0\u202f ]\d{3})+(?:\.\d+)?(?![\d,]|\.\d)"
           r"|\d+(?:\.\d+)?|\.\d+)")
_SCALE = alternation(numbers.SCALE_WORDS)
_SCALES = _SCALE + r"(?:\s+" + _SCALE + r")*"  # "3 hundred thousand"
_NUMWORD = alternation(w for w in numbers.NUMBER_WORDS)
_WORDNUM = (r"(?:\ban?\s+)?\b" + _NUMWORD + r"\b(?:(?:\s+and\s+|\s+-\s+|\s+|-)" + _NUMWORD + r"\b)*"
            r"(?:\s+and\s+a\s+half(?:\s+" + _SCALE + r"\b)?)?")
_VAGUE_WORD = alternation(numbers.VAGUE_WORDS)
_VAGUE = (r"\b(?:(?:tens|hundreds)(?:\s+(?:and|or)\s+(?:tens|hundreds))?\s+of\s+)?" + _VAGUE_WORD + r"\b")
_FEW = r"\b(?:several|a\s+few)\s+(?P<few_scale>hundred|thousand|million|billion)\b"
_HALF_OF_SCALE = (r"\b(?P<part>half|a\s+quarter|quarter|three\s+quarters)\s+(?:of\s+)?(?:an?\s+)?"
                  r"(?P<part_scale>hundred|thousand|million|billion|dozen)\b")
# fractions and mixed numbers in words: "five eighths", "a hundredth", "three twenty-firsts", "one and a
# half", "3 million and a quarter", "two hundred and fifty-four hundredths", "two thirds of a million";
# a singular ordinal is a denominator only where no noun follows it ("a fifth of", not "a fifth term")
_CHAIN = r"\b" + _NUMWORD + r"\b(?:(?:\s+and\s+|\s*-\s*|\s+)" + _NUMWORD + r"\b)*"
_TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_TENS_WORD = _TENS + r"[\s-]+"
_SINGULAR = numbers.FRACTION_WORDS - {w + "s" for w in numbers.FRACTION_WORDS} - {"halves"}
_SINGULAR_DENOMINATOR = (r"(?:" + _TENS_WORD + alternation({"first", "second", "third", "fourth", "fifth", "sixth", "seventh",
                                                            "eighth", "ninth"}) + "|" + alternation(_SINGULAR) + r")\b")
_PLURAL_DENOMINATOR = (r"(?:" + _TENS_WORD + alternation({"firsts", "seconds", "thirds", "fourths", "fifths", "sixths",
                                                          "sevenths", "eighths", "ninths"})
                       + "|" + alternation(numbers.FRACTION_WORDS - _SINGULAR) + r")\b")
# one part takes a singular ordinal ("a fifth", "one twenty-fifth"), and only where no noun follows it ("a
# fifth of", not "a fifth term"; "two hundredth" is an ordinal); more parts a plural ("five eighths")
_WORD_FRACTION = (r"(?:(?:" + _CHAIN + r"|\d+(?:\.\d+)?(?:\s+" + _SCALE + r")?)\s+and\s+)?"
                  r"(?:(?:\ban?|\bone)(?:\s*-\s*|\s+)" + _SINGULAR_DENOMINATOR
                  + r"(?!(?<!half)(?<!quarter)(?:[ \t]+(?!(?:of|and|or|than|in|to|percent|per)\b)[a-z]|-[a-z]))"
                  r"|(?:\ban?(?:\s+" + _CHAIN + r")?|" + _CHAIN + r")(?:\s*-\s*|\s+)" + _PLURAL_DENOMINATOR + r")"  # ("a hundred trillionths")
                  r"(?:\s+(?:of\s+an?\s+)?" + _SCALE + r"\b)?")
# "1/4", "2 1/2", "½", "2½": fractions in digits or a glyph
_GLYPH = "[" + "".join(numbers.GLYPHS) + "]"
_DIGIT_FRACTION = (r"(?<![\w.,/])(?:(?:\d+\s+)?\d+\s*/\s*\d+(?![\d/]|\.\d)|(?:\d+\s?)?" + _GLYPH + r")|" + _GLYPH)
_FRACTION = (r"\b(?:(?:one|two|three|four|five|six|seven|eight|nine)[\s-](?:thirds|quarters|fifths|sixths|tenths)"
             r"|(?:one|a)[\s-](?:third|quarter|fifth|sixth|tenth)(?=\s+of\b)"
             r"|(?<!first\s)(?<!second\s)(?<!last\s)(?<!other\s)half(?=\s+(?:of|the|their|its|all)\b)"
             r"|(?<=than\s)half)\b")  # "more than half"

# A figure starts at a word's start with a digit, a sign before one, a currency as written, or a word that
# may begin a number: one lookahead (a trie of those words) turns away every other word start before the
# alternatives below are tried one by one. (currency codes start it only as written, "INR" but not "in")
_START_WORDS = numbers.NUMBER_WORDS - numbers.AFTER_A_NUMBER_ONLY | numbers.VAGUE_WORDS | {
    "half", "quarter", "quarters", "several", "minus", "tens", "negative"}
_AFTER_ARTICLE = numbers.NUMBER_WORDS - numbers.AFTER_A_NUMBER_ONLY | numbers.FRACTION_WORDS | {"few"}
_GATE = (r"(?<![\w])(?=[\d" + "".join(numbers.GLYPHS) + r"$\u20ac\u00a3\u20b4\u20bd\u00a5\u20b9\u20aa\u20a9\u20ba\u20b1\u20a6]|[-+\u2212]?\.?\d"
         r"|(?-i:" + alternation(s for s in _CUR_BEFORE if s[0].isalpha()) + r")"
         r"|(?:an?[\s-]+" + alternation(_AFTER_ARTICLE) + r"|" + alternation(_START_WORDS) + r")\b)")

CORE = re.compile(
    _GATE + r"(?P<cur>" + _CUR_BEFORE_RE + r")?(?:"
    r"(?P<half>" + _HALF_OF_SCALE + r")"
    r"|(?P<few>" + _FEW + r")"
    r"|(?P<vague>" + _VAGUE + r")"
    r"|(?P<wsign>\b(?:minus|negative)\s+)?(?P<wfrac>" + _WORD_FRACTION + r")"
    r"|(?P<fraction>" + _FRACTION + r")"
    r"|(?P<fsign>[-\u2212](?=\d))?(?P<dfrac>" + _DIGIT_FRACTION + r")"
    # after a currency written with letters ("$US40", "RM50", "USD10m") the digits may be glued to it
    r"|" + _SIGN + r"(?P<digits>(?(cur)" + _DIGITS.replace("(?<![\\w.,/])", "") + "|" + _DIGITS + r"))(?:\s?(?P<dscale>" + _SCALES + r")\b)?"
    r"|(?P<wsign2>\b(?:minus|negative)\s+)?(?P<words>" + _WORDNUM + r")"
    r")", _I)

_NUMBER_AFTER = (r"(?P<cur2>" + _CUR_BEFORE_RE + r")?(?P<sign2>[-\u2212](?=\d))?(?:(?P<d2>" + _DIGITS.replace("(?<![\\w.,/])", "")
                 + r")|(?P<w2>" + _WORDNUM + r"))(?:\s?(?P<s2>" + _SCALES + r")\b)?")
_RANGE_DASH = re.compile(r"(?![ \t][-\u2212]\d)\s?[-\u2013\u2014]\s?" + _NUMBER_AFTER.replace("(?P<sign2>[-\\u2212](?=\\d))?", ""), _I)
_RANGE_TO = re.compile(r"\s+(?:to|through|thru)\s+" + _NUMBER_AFTER, _I)
_RANGE_AND = re.compile(r"\s+and\s+" + _NUMBER_AFTER, _I)
_RANGE_OR = re.compile(r"\s+or\s+" + _NUMBER_AFTER, _I)
_PART_OF = re.compile(r"\s+(?P<link>out\s+of|of|in|per)\s+(?:the\s+[\w-]+['\u2019]s\s+|the\s+|every\s+|its\s+|their\s+|his\s+|her\s+|our\s+)?" + _NUMBER_AFTER, _I)
_PERCENT = re.compile(r"\s?(?:%|percentage\s+points?\b|per\s?cent\b|percent(?:age)?\b|pct\b|(?-i:pc)\b)", _I)  # "2.5pc": British
# "5 million pesos", "1.4 trillion Lebanese pounds": a currency word after the figure, perhaps with its country
_CUR_AFTER_RE = re.compile(r"\s+(?:of\s+)?(?:(?P<country>(?-i:[A-Z][a-z]+))\s+(?=\S+\b))?(?P<word>"
                           + alternation(_CUR_AFTER) + r")\b", _I)
_RATE = table("rates.tsv")
_RATE_RE = re.compile(r"\s*,?\s*(?P<rate>" + alternation(_RATE) + r")\b(?!\s+(?:ago|after|before|earlier|later|of)\b)", _I)
_HEDGES = table("hedges.tsv")
_ABOUT_VERBS = words("about_verbs.txt")
_HEDGE_BEFORE = re.compile(r"(?:^|(?<=\W))(?P<hedge>" + alternation(_HEDGES) + r")\s+$", _I)
_PLUS_AFTER = re.compile(r"(?:\+|-plus\b|\s+or\s+(?:more|greater|above|higher)\b(?!\s+than\s+\S)|\s+and\s+(?:more|above)\b)", _I)
_MINUS_AFTER = re.compile(r"\s+or\s+(?:less|fewer|below|lower)\b(?!\s+than\s+\S)", _I)
_WORDS_AFTER = re.compile(r"[ \t]+([A-Za-z][\w'\u2019-]*?)(?:['\u2019](?![\w]))?(?![\w'\u2019-])")

# Physical units (data/units.tsv: the spec's symbol, its dimension, pint's name for it, its written forms)
_UNIT_ROWS = rows("units.tsv")


def _written_variants(form: str) -> set[str]:
    """A unit written in words matches in its usual cases ("kilometres",
    "Kilometres", "KILOMETRES"); a symbol only as written ("MW" is not "mW")."""
    if form.islower() and form.replace(" ", "").isalpha() and (len(form) >= 4 or " " in form):
        return {form, form[:1].upper() + form[1:], form.title(), form.upper()}
    return {form}


UNIT_OF: dict[str, str] = {}       # written form -> the spec's symbol
DIMENSION: dict[str, str] = {}     # symbol -> what it measures ("length", "temperature")
for _symbol, _dimension, _pint, _written in _UNIT_ROWS:
    DIMENSION[_symbol] = _dimension
    for _form in _written.split("|"):
        for _variant in _written_variants(_form):
            UNIT_OF.setdefault(_variant, _symbol)
_TIME_SYMBOLS = {"s": "s", "sec": "s", "second": "s", "min": "min", "minute": "min", "h": "h", "hr": "h",
                 "hour": "h", "ms": "ms", "millisecond": "ms"}
_UNIT_AFTER = re.compile(
    r"(?:[ \t\u00a0]?(?P<open>[(\[{<])?|-)(?P<unit>" + alternation(UNIT_OF) + r")(?(open)(?P<close>[)\]}>]))"
    # a compound unit: "m3/s", "km/ms", "metres per second"; a square or cube: "km2" is in the table
    r"(?:(?:/|\s+per\s+)(?P<per_unit>" + alternation(_TIME_SYMBOLS) + r"|" + alternation(UNIT_OF) + r")(?![\w]))?"
    r"(?![\w\u00b2\u00b3/^])(?!['\u2019]\w|-\w)")
# "a magnitude 6.9 quake", "magnitude-7.8": the unit written before the number
_MAGNITUDE_BEFORE = re.compile(r"\bmagnitude(?:[ \t]+of)?[ \t-]+(?:about\s+|around\s+|some\s+)?$", _I)
# "250p", "4 cents", "12 paise": money in hundredths of its currency (data/subunits.tsv)
_SUBUNITS = {row[0]: (row[1], float(row[2])) for row in rows("subunits.tsv")}
_PENCE_AFTER = re.compile(r"(?:p\b(?!\.\w|[\u2019'])|\s?(?P<word>" + alternation(w for w in _SUBUNITS if len(w) > 1) + r")\b)")
# "between 1500 and 1700", "A.D. 800", "800 BC": years of an era
_ERA_AFTER = re.compile(r"\s?(?:" + alternation(words("era_markers.txt") | {m.upper() for m in words("era_markers.txt")}) + r")(?![\w])")
_ERA_MARKS_BEFORE = (" AD", "A.D.", " CE", "C.E.")
_INDEX_NAMES = [row[0] for row in rows("index_names.txt")]
# "the FTSE 100", "S&P 500", "ISO 9001": the number ends a name (looked up by the last words before the
# number, not searched for: this runs for every number of the text)
_INDEX_WORDS = frozenset(_INDEX_NAMES) | {n.lower() for n in _INDEX_NAMES if len(n) >= 3}
_INDEX_LONGEST = max(len(n.split()) for n in _INDEX_NAMES)
# "10 Downing Street", "1600 Pennsylvania Avenue": a house number
_STREET_AFTER = re.compile(r"(?:[ \t]+[A-Z][\w'.-]*){1,3}[ \t]+(?:" + alternation(r[0] for r in rows("street_types.txt"))
                           + r")(?![\w])")
_POSTCODE_BEFORE = re.compile(r"(?:\b(?-i:[A-Z]{2})|\b(?:postcode|zip|zip\s+code|postal\s+code))[ \t:]+$", _I)
# "a five course meal", "a 150 seat parliament": a number between an article and a singular noun sizes the noun
_ARTICLE_BEFORE = re.compile(r"(?:^|(?<=\W))(?:a|an|A|An)\s+$")
_SINGULAR_NOUN_AFTER = re.compile(r"[ \t]+(?P<noun>[a-z][a-z-]*[a-rt-z])\b(?![ \t]+(?:of|per|to|and|or|more|fewer|less)\b)")
# "from 3.1 percent to 2.9 percent" after a change word: two levels, not a range
_CHANGE_WORDS = words("change_verbs.txt")
_CHANGE_BEFORE = re.compile(r"\b(?:" + alternation(_CHANGE_WORDS) + r")\b[^.;:!?\n]{0,40}?\b(?:from|by)\s+(?:about\s+|around\s+|some\s+|roughly\s+|nearly\s+|almost\s+)?$", _I)
# "ranked No. 3", "the world number one": a place in a ranking
_RANK_ENDS = frozenset({"no", "o.", "er", "#"})  # the end of "No", "No.", "number", "#": a cheap test first
_RANK_BEFORE = re.compile(r"\b(?:ranked|ranks|rank|seeded|seed|world|at)\s+(?:no\.?|number|#)\s*$", _I)

_EVENT_AFTER = re.compile(r"(?![ \t]*[a-z])|[ \t]+(?:" + alternation(words("event_words.txt") | {"in", "at", "on", "with", "and", "for", "by"}) + r")\b")
_PLACING_AFTER = re.compile(r"[ \t]+(?:to\s+the\s+)?(?:from|away|north|south|east|west|outside|inland|off|behind|beyond|"
                            r"of\s+the|below\s+(?:ground|the\s+surface|sea\s+level)|underground|beneath)\b", _I)

# what a number that is no claim is: a quantity of another kind, or none at all
CLAIM = "claim"
NOT_A_QUANTITY = "none"     # dates, years, times, ordinals, identifiers, phone numbers, names' numbers
DURATION, AGE, MODIFIER, SCORE, RANK = "duration", "age", "modifier", "score", "rank"
QUANTITY_KINDS = frozenset({DURATION, AGE, MODIFIER, SCORE, RANK})

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
# "100元": a currency sign written after the number (of the signs written before it, the ones news writes after too)
_SYMBOL_AFTER = re.compile(r"\s?(?P<sym>[\u20ac$\u00a3\u20b4\u20bd]|" + alternation(s for s in _CUR_AFTER if len(s) == 1) + r")(?![\d\w])")
# "115USD", "30MUSD": a currency code glued to the number
_CODE_GLUED = re.compile(r"(?P<word>" + alternation(s for s, _, where in _CURRENCIES if s.isupper() and s.isalpha()
                                                    and where in ("after", "both")) + "|"
                         + alternation(CURRENCY_FACTOR) + r")(?![\w])")
_AGE_BEFORE = re.compile(r"\b(?:aged|age|ages)\s+(?:between\s+|from\s+)?$", _I)
_UNDER_AGE = re.compile(r"\b(?:children|kids|babies|boys|girls|people|adults?|those|anyone|everyone|men|women|residents|workers)\s+(?:under|over|above|below|aged)\s+(?:the\s+age\s+of\s+)?$", _I)
_NAME_BEFORE = re.compile(r"(?:(?<=[A-Za-z,] )|(?<=[A-Za-z]-))(?!(?:In|On|At|By|Of|To|From|With|For|And|But|The|About|Some|Nearly|Over|Under|Around|Almost|Only|Just|Than|Not)\b)[A-Z][a-z]+(?:[A-Z][A-Za-z]*)?\s$")  # "Leopard 2", "Wi-Fi 7", "OstraOS 11"
_TIME_AFTER = re.compile(r"(?::\d\d|\s?(?:a\.m\.|p\.m\.|am\b|pm\b|o'clock|GMT|UTC|BST|(?<=\d\d\d\d)\s?hrs\b))", _I)  # ("1400 hrs"; "3 hrs": hours)
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
_SHARED_UNIT = re.compile(r"\s+(?:and|or)\s+")
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
    measurement: bool = False     # a physical amount ("70mph", "250mm"): its measure is "measurement"
    kind: str = "claim"           # "claim", or the kind of a quantity that is no claim (QUANTITY_KINDS)
    second: "Figure | None" = None  # the other side of a score ("won 9-2")


def find_figures(text: str, all_quantities: bool = False) -> list[Figure]:
    """Every figure in `text`, in order; with `all_quantities`, every quantity
    (figures that are no claim have their `kind`). Linear in the text's length."""
    found: list[Figure] = []
    position = 0
    while True:
        match = CORE.search(text, position)
        if match is None:
            break
        figure = _read(text, match, all_quantities)
        if figure is None or figure.kind != CLAIM:
            if figure is not None and (not found or figure.start >= found[-1].end):  # (not a part of the last one)
                found.append(figure)
                if figure.second is not None:
                    found.append(figure.second)  # "won 9-2": the other side's score
            # the search goes on where it would in claims mode, so that both modes read the same claims
            position = match.end() if match.end() > match.start() else match.start() + 1
            skip = _RANGE_DASH.match(text, position) or _RANGE_TO.match(text, position) or \
                _RANGE_AND.match(text, position)
            if skip and match.group("digits") and not _is_year_like(match.group("digits").strip()):
                position = skip.end()  # "aged 18 to 34": both ends go; but "freed since 2022 to 4,813" keeps 4,813
            continue
        found.append(figure)
        position = max(figure.end, match.end())
    claims = [f for f in found if f.kind == CLAIM]
    _inherit_units(text, claims)
    return found if all_quantities else claims


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
    if m.groupdict().get("sign2"):
        value = -value
    return value


def _read(text: str, m: re.Match, all_quantities: bool = False) -> Figure | None:
    start, end = m.start(), m.end()
    currency = _CUR_BEFORE.get((m.group("cur") or "").strip())
    digits = m.group("digits")
    scaled_core = False
    value = low = high = total = None
    approx = vague = False
    not_a_claim = None

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
    elif m.group("wfrac"):
        parsed = numbers.parse_fraction_words(m.group("wfrac"))
        if parsed is None:
            return None
        value, total = parsed
        if m.group("wsign"):
            value = -value
        if total is not None and _ORDINAL_BEFORE.search(text, max(0, start - 12), start):
            return None  # "the one hundred twenty fifth": an ordinal
        not_a_claim = _not_a_claim_words(text, m, start, end, m.group("wfrac"))
    elif m.group("fraction"):
        value, total = numbers.parse_fraction(m.group("fraction"))
    elif m.group("dfrac"):
        parsed = numbers.parse_digit_fraction(m.group("dfrac"))
        if parsed is None:
            return None
        value, total = parsed
        if total is not None and "/" in m.group("dfrac") and (value >= total or value <= 12 and total <= 31
                                                              and not _FRACTION_CONTEXT.match(text, end)
                                  and not m.group("fsign") and not _HEDGE_BEFORE.search(text, max(0, start - 40), start)):
            return None  # "24/7", "9/11", "5/17": no fraction (a date, a name)
        if m.group("fsign"):
            value = -value
        not_a_claim = _not_a_claim_digits(text, m, start, end, m.group("dfrac"), False)
    elif digits:
        value = numbers.parse_digits(digits)
        if m.group("sign"):
            value = -value
        scale = m.group("dscale")
        if scale == "K" and _TEMPERATURE_WORDS.search(text, _sentence_start(text, start), min(len(text), end + 60)) \
                and _BARE_LETTER_END.match(text, end):  # (not "50K runners")
            end, scale = m.start("dscale"), None  # "573.15K" where the sentence is about temperature: kelvin
        if scale:
            if numbers.scale_needs_money(scale) and not currency and (
                    numbers.scale_needs_currency(scale) or not _plural_noun_follows(text, end)
                    and not (scale == "M" and not _UNIT_AFTER.match(text, m.start("dscale")))):  # "10M": ten million
                # "a 5m wall" is a length, not five million
                end = m.start("dscale")
                scale = None
                while end > start and text[end - 1].isspace():
                    end -= 1
            else:
                value = numbers.scaled(value, numbers.scale_factor(scale))
                scaled_core = True
                if "." not in digits and numbers.scale_factor(scale) >= 100:
                    value, end = _read_rest_of_number(text, value, numbers.scale_factor(scale), end, start)
        not_a_claim = _not_a_claim_digits(text, m, start, end, digits, bool(scale or currency))
    elif m.group("words"):
        surface = m.group("words")
        if re.fullmatch(r"an?", surface.strip(), _I):
            return None
        value = numbers.parse_words(surface)
        if value is None:
            return None
        if m.group("wsign2"):
            value = -value  # "minus five", "negative ten"
        # "a" alone before the words belongs to them only as "a dozen", "a hundred"
        not_a_claim = _not_a_claim_words(text, m, start, end, surface)
    else:
        return None
    if not_a_claim is not None:
        return _quantity(text, start, end, value, not_a_claim) if all_quantities and not_a_claim in QUANTITY_KINDS \
            else None
    factor = CURRENCY_FACTOR.get((m.group("cur") or "").strip())
    if factor and value is not None:
        value, scaled_core = numbers.scaled(value, factor), True  # "MAUD 60": 60 million

    figure = Figure(start=start, end=end, value=value, low=low, high=high, total=total,
                    approx=approx, vague=vague)
    figure.money = currency is not None
    figure.scaled = scaled_core
    if currency:
        figure.unit = currency

    _read_before(text, figure)
    _read_after(text, figure, m)
    if figure.kind == CLAIM and figure.value is None and figure.low is None and figure.high is None:
        return None
    if figure.kind == CLAIM and _sizes_a_noun(text, m, figure):
        return None  # "a five course meal": the number names a kind of meal, no quantity
    if figure.kind != CLAIM:
        return figure if all_quantities else None
    if not _keep_small_word_number(text, m, figure):
        return None
    return figure


# "4 thousand 3 hundred and 21": digits and scale words, each part smaller than the scale before it
_REST_OF_NUMBER = re.compile(r"[ \t]+(?:(?P<and>and)[ \t]+)?(?P<d>\d{1,3})(?!\d|[,.]\d)(?:[ \t]?(?P<s>" + _SCALES + r")\b)?", _I)


def _read_rest_of_number(text: str, value: float, factor: float, end: int, start: int) -> tuple[float, int]:
    """The parts of a number after its first scale word: '4 thousand [3 hundred and 21]'. A part with a
    scale word of its own follows with no 'and' ('4 thousand 3 hundred'), the last one without a scale word
    after 'and' ('3 hundred and 21'; not after 'between': 'between 3 hundred and 50' is a range)."""
    between = re.search(r"\bbetween\s+$", text[max(0, start - 12):start], _I)
    while True:
        more = _REST_OF_NUMBER.match(text, end)
        if not more or bool(more.group("and")) == bool(more.group("s")) or more.group("and") and between:
            return value, end
        part_factor = numbers.scale_factor(more.group("s")) if more.group("s") else 1.0
        part = float(more.group("d")) * part_factor
        if more.group("s") and numbers.scale_needs_money(more.group("s")) or not 0 < part < factor or part_factor >= factor:
            return value, end
        value, end, factor = value + part, more.end(), part_factor
        if not more.group("s"):
            return value, end


_TEMPERATURE_WORDS = re.compile(r"(?<![\w])" + alternation(w for w in words("temperature_words.txt") if w.isalpha()) + r"(?![\w])|"
                                + alternation(w for w in words("temperature_words.txt") if not w.isalpha()), _I)
_YEARS_OLD_SHORT = re.compile(r"[ \t]?(?:yo|y/o|y\.o\.)(?!\w)")  # "a 87 yo man"
_ORDINAL_BEFORE = re.compile(r"\b(?:the|its|their|his|her|our)\s+$|['\u2019]s\s+$", _I)
# a fraction in digits that a date could be ("3/4") is one before a unit, "of", or a hedge
_FRACTION_CONTEXT = re.compile(r"\s*(?:of\b|[-\s]?(?:inch|inches|in\b|mile|miles|cup|cups|teaspoons?|tablespoons?|tsp|tbsp|"
                               r"lb|pound|pounds|oz|ounces?|percent|per\s?cent|%))", _I)


def _sizes_a_noun(text: str, m: re.Match, figure: Figure) -> bool:
    """'a five course meal', 'a 150 seat parliament': a bare number between an
    article and a singular noun is the noun's size, not a figure."""
    if figure.unit is not None or figure.money or figure.percent or figure.measurement or figure.value is None \
            or figure.low is not None or figure.high is not None or figure.total is not None or m.group("dscale"):
        return False
    words_ = (m.group("words") or "").strip().lower()
    if words_:
        if not re.match(r"an?\s", words_) or numbers.SCALE_WORDS & set(words_.split()) or "dozen" in words_:
            return False  # "a hundred people", "a dozen eggs"
    elif not _ARTICLE_BEFORE.search(text, max(0, figure.start - 4), figure.start):
        return False
    noun = _SINGULAR_NOUN_AFTER.match(text, figure.end)
    return bool(noun) and noun.group("noun") not in _STOP and noun.group("noun") not in _NOT_SIZED


_NOT_SIZED = frozenset({"more", "further", "additional", "other", "percent", "per", "times", "time", "million",
                        "billion", "thousand", "hundred", "dozen", "score", "half", "quarter", "third", "year",
                        "month", "week", "day", "hour", "minute", "point"})


# "25- to 34-year-olds", "8- to 16-meter": the first bound's hyphen waits for the unit after the second
_SUSPENDED_HYPHEN = re.compile(r"-[ \t]+(?:to|and|or)[ \t]+(?P<d2>\d+(?:\.\d+)?)(?=-[A-Za-z])", _I)


def _quantity(text: str, start: int, end: int, value: float | None, kind: str) -> Figure:
    """A quantity that is no claim (a duration, an age, a size used as a
    modifier), with the unit written after it: 'three days', '45-year-old',
    '150-seat', '2.5-mile'."""
    figure = Figure(start=start, end=end, value=value, kind=kind)
    suspended = _SUSPENDED_HYPHEN.match(text, end)
    if suspended and value is not None and float(suspended.group("d2")) > value:
        figure.value, figure.low, figure.high, end = None, value, float(suspended.group("d2")), suspended.end()
    elif kind in (AGE, DURATION):  # "aged between 18 and 65", "children aged six to 11"
        between = re.search(r"\bbetween\s+$", text[max(0, start - 10):start], _I)
        span = _RANGE_AND.match(text, end) if between else _RANGE_TO.match(text, end) or _RANGE_DASH.match(text, end)
        second = _second_number(span)[0] if span else None
        if second is not None and value is not None and second > value:
            figure.value, figure.low, figure.high, end = None, value, second, span.end()
    unit = _UNIT_AFTER.match(text, end)
    if unit and _is_unit(text, unit):
        figure.unit, figure.measurement, figure.end = _unit_symbol(unit), True, unit.end()
    else:
        after = _QUANTITY_UNIT_AFTER.match(text, end)
        if after and (after.group("word").lower() in _TIME_UNITS or text[end:end + 1] == "-"):
            figure.unit = _singular(after.group("word").lower())
            figure.end = after.end()
            if after.group("word").lower() in _SUBUNITS and value is not None:  # "a 12-cent dividend": 0.12 USD
                figure.unit, parts = _SUBUNITS[after.group("word").lower()]
                figure.value, figure.money = value / parts, True
        else:
            figure.end = end
    if figure.value is not None and figure.low is None:
        _read_before(text, figure)  # "more than thirty years old", "under five years"
    if figure.unit is None:
        figure.unit = {AGE: "year", RANK: "rank"}.get(kind)  # "Rohan Mehta, 41"; "world No. 3"
    figure.tail = figure.end
    return figure


_QUANTITY_UNIT_AFTER = re.compile(r"(?:-|[ \t]+)(?:(?:more|consecutive|long|straight|full|additional|further|whole)"
                                  r"[ \t]+)?(?P<word>[A-Za-z][a-z]*)(?:['\u2019](?=\s))?(?:(?:-|[ \t]+)old\b|[ \t]+of[ \t]+age\b)?")


def _unit_symbol(hit: re.Match) -> str:
    """The spec's symbol of a unit read by _UNIT_AFTER: 'km/h', 'm3/s', 'kWh'."""
    symbol = UNIT_OF[hit.group("unit")]
    per_unit = hit.group("per_unit")
    if per_unit:
        symbol += "/" + _TIME_SYMBOLS.get(per_unit.lower(), UNIT_OF.get(per_unit, per_unit))
    return symbol


def _is_unit(text: str, hit: re.Match) -> bool:
    """Whether what _UNIT_AFTER read is a unit here: a bracket it opens is
    closed; a lone capital C, F or K ("44C", "30 C") is a temperature only
    where no word or code is glued to it ("the 13F filing", "SCP-173C");
    '"' is an inch only where no quotation is open on its line."""
    if bool(hit.group("open")) != bool(hit.group("close")):
        return False
    unit = hit.group("unit")
    if unit in ("C", "F", "K", "°", "\u00ba"):
        return bool(_BARE_LETTER_END.match(text, hit.end()))
    if unit == '"':
        line_start = text.rfind("\n", 0, hit.start()) + 1
        return text.count('"', line_start, hit.start()) % 2 == 0 and (  # glued: '9"', not '20" Tajik'
            hit.group(0) == '"' or bool(_SIZE_WORD_AFTER.match(text, hit.end())))  # or before a size word: '10 " long'

    return True


_BARE_LETTER_END = re.compile(r"(?![ \t]*[-/]?[\w\u00b0])|[ \t]+(?:and|or|to|in|on|at|for|with|by|as|but|while|yesterday|"
                              r"today|this|last|outside|inside|across|during|overnight|long|tall|wide|high|deep|thick|"
                              r"are|is|was|were|will|could|may|might|would|expected|forecast|above|below|higher|lower|"
                              r"warmer|colder|cooler|hotter|than|from|into|before|after|since|until|earlier|later|"
                              r"under|over|around|through|throughout|when|where|which|amid|despite)\b")


def _plural_noun_follows(text: str, end: int) -> bool:
    nxt = _WORDS_AFTER.match(text, end)
    return bool(nxt) and (nxt.group(1).lower() in _PERSON_NOUNS or _looks_like_noun(nxt.group(1).lower()))


def _hyphen_kind(after: str) -> str:
    """'45-year-old' is an age, '10-day' a duration, '150-seat' a modifier."""
    word = re.match(r"-([A-Za-z]+)(-old)?", after)
    if word and word.group(1).lower() in _TIME_UNITS:
        return AGE if word.group(2) else DURATION
    return MODIFIER


def _time_kind(text: str, end: int) -> str:
    """'three years' is a duration; 'three years old', '3 years of age' an age."""
    return AGE if _AGE_UNIT_AFTER.match(text, end) else DURATION


_AGE_UNIT_AFTER = re.compile(r"[ \t-]+(?:[a-z]+[ \t]+)?(?:years?|months?|weeks?|days?)(?:-|[ \t]+)(?:old\b|of[ \t]+age\b)", _I)


def _not_a_claim_digits(text: str, m: re.Match, start: int, end: int, digits: str, scaled: bool) -> str | None:
    """Why a number in digits is no claim (NOT_A_QUANTITY, or the kind of
    quantity it is), or None for a claim."""
    before = text[max(0, start - 30):start]
    after = text[end:end + 30]
    if start > 0 and (text[start - 1].isalpha() or text[start - 1] in "#/:=%&?"):
        return NOT_A_QUANTITY  # "G7", "#5", "24/7"
    if _in_phone_number(text, start, end):
        return NOT_A_QUANTITY  # "call +507 6123 4567", "(202) 555-0143"
    if len(digits) <= 2 and _ENUMERATION.match(text, end) and _LIST_START.search(text, max(0, start - 3), start):
        return NOT_A_QUANTITY  # "Notes to editors: 1. The agency ...": a list's numbering
    if start > 1 and text[start - 1] in "-\u2011" and text[start - 2].isalnum():
        return NOT_A_QUANTITY  # "F-16", "PAC-3", "COVID-19"
    if not m.group("sign") and _names_an_index(before):
        return NOT_A_QUANTITY  # "the FTSE 100", "S&P 500", "ISO 9001"
    unit = _UNIT_AFTER.match(text, end)
    unit = unit if unit and _is_unit(text, unit) else None
    if after[:1].isalpha() and not scaled and not unit and not _PERCENT.match(text, end) \
            and not _PENCE_AFTER.match(text, end) and not _CODE_GLUED.match(text, end) and not _SYMBOL_AFTER.match(text, end) \
            and not _context_unit_after(text, start, end)[0]:
        return NOT_A_QUANTITY  # "3rd", "5G", "1990s" (but "250mm", "44C", "128GB", "115USD", "100元" are amounts)
    if re.match(r"[./]\d", after):
        return NOT_A_QUANTITY  # "192.168.1.2", "9/11"
    if re.match(r"-[A-Za-z]", after) and not re.match(r"-(?:strong|plus)\b", after, _I):
        if unit and _unit_symbol(unit) == "magnitude":
            return None  # "a 6.9-magnitude quake": the quake's size, a claim
        return _hyphen_kind(after)  # "45-year-old", "150-seat", "10-day", "2.5-mile"
    if _TIME_AFTER.match(text, end):
        return NOT_A_QUANTITY
    if _ERA_AFTER.match(text, end) or before.rstrip().endswith(_ERA_MARKS_BEFORE):
        return NOT_A_QUANTITY  # "800 BC", "A.D. 800"
    if scaled:
        if not m.group("cur") and _time_unit_follows(text, end):
            return _time_kind(text, end)  # "4.1 billion years old"
        return None
    if unit and _unit_symbol(unit) == "m" and unit.group(0) == "m" and re.search(r"\bthe\s+$", before, _I) \
            and _EVENT_AFTER.match(text, unit.end()):
        return NOT_A_QUANTITY  # "won the 100m", "the 400m hurdles": a race's name
    if unit and DIMENSION.get(_unit_symbol(unit)) == "length" and _PLACING_AFTER.match(text, unit.end()):
        return MODIFIER  # "120 light-years from Earth", "40km south-west of Padang": it places something
    if _time_unit_follows(text, end):
        return _time_kind(text, end)  # "took Marrowby Ceramics 18 months": a duration, whatever is named before
    if _STREET_AFTER.match(text, end) or len(digits) == 5 and digits.isdigit() and _POSTCODE_BEFORE.search(before):
        return NOT_A_QUANTITY  # "10 Downing Street", "Washington, DC 20500"
    if before.rstrip()[-2:].lower() in _RANK_ENDS and _RANK_BEFORE.search(before):
        return RANK  # "ranked No. 3"
    if _ID_BEFORE.search(before):
        return NOT_A_QUANTITY
    if _AGE_BEFORE.search(before) or _is_age(text, start, end) or _YEARS_OLD_SHORT.match(after):
        return AGE
    if _NAME_BEFORE.search(before) and "," not in digits and not _counted_noun_follows(text, end) \
            and not _PERCENT.match(text, end) and not _in_title_case_line(text, start):
        return NOT_A_QUANTITY  # "Leopard 2", "Boeing 747", "Line 1": a name's number
    if _MONTH_BEFORE.search(before) or _MONTH_AFTER.match(after):
        return NOT_A_QUANTITY
    if _is_year_like(digits) and (not _counted_noun_follows(text, end) or _YEAR_DETERMINER.search(before)) \
            and not _HEDGE_BEFORE.search(before) and not unit and not _PERCENT.match(text, end):
        return NOT_A_QUANTITY  # "in 2023"; "the 2024 appeal" names a year's appeal, not 2,024 of them
    if _is_era_year(text, start, end, digits):
        return NOT_A_QUANTITY  # "between 1500 and 1700"
    if _time_unit_follows(text, end):
        return _time_kind(text, end)
    if _PLACING_DISTANCE.match(text, end):
        return MODIFIER  # "30 km from the border": a distance that places something
    suspended = _SUSPENDED_HYPHEN.match(after)
    if suspended:
        return _hyphen_kind(after[suspended.end():])  # "25- to 34-year-olds", "an 8- to 16-meter telescope"
    if _is_multiplier(text, start, end) or _describes_the_source(text, start, end):
        return MODIFIER
    return None


def _names_an_index(before: str) -> bool:
    """Whether the words right before a number are an index's or a standard's name ("FTSE", "S&P/ASX")."""
    if not before[-1:].isspace() and before[-1:] not in ("", "\u00a0"):
        return False
    last = before.split()[-_INDEX_LONGEST:]
    return any(" ".join(last[i:]) in _INDEX_WORDS or last[-1].split("/")[-1] in _INDEX_WORDS for i in range(len(last))) \
        if last else False


def _is_era_year(text: str, start: int, end: int, digits: str) -> bool:
    """Years before 1800 are told apart from counts when written as a span
    of years: 'between 1500 and 1700', 'from 1642 to 1651', '1500-1700'."""
    if not (len(digits) == 4 and digits.isdigit() and 1000 <= int(digits) < _YEAR_MIN):
        return False
    pair_after = re.match(r"\s*(?:-|\u2013|to|and)\s*(\d{4})\b", text[end:end + 12])
    if pair_after and int(digits) < int(pair_after.group(1)) <= _YEAR_MAX and not _counted_noun_follows(text, end + pair_after.end()):
        return True
    pair_before = re.search(r"\b(\d{4})\s*(?:-|\u2013|to|and)\s*$", text[max(0, start - 12):start])
    return bool(pair_before) and 1000 <= int(pair_before.group(1)) < int(digits) and not _counted_noun_follows(text, end)


def _not_a_claim_words(text: str, m: re.Match, start: int, end: int, surface: str) -> str | None:
    after = text[end:end + 30]
    if _ORDINAL_AFTER.match(after):
        return NOT_A_QUANTITY  # "one hundred twenty fifth", "two hundredth": an ordinal
    before = text[max(0, start - 30):start]
    if re.match(r"-[A-Za-z]", after) and not re.match(r"-(?:strong|plus)\b", after, _I):
        return _hyphen_kind(after)  # "ten-day", "three-year-old", "six-mile"
    if before.rstrip()[-2:].lower() in _RANK_ENDS and _RANK_BEFORE.search(before):
        return RANK  # "the world number one"
    if _AGE_BEFORE.search(before) or _is_age(text, start, end):
        return AGE
    if _ID_BEFORE.search(before):
        return NOT_A_QUANTITY
    if _TIME_AFTER.match(after) or re.match(r"\s+o'clock", after, _I):
        return NOT_A_QUANTITY
    if _time_unit_follows(text, end):
        return _time_kind(text, end)
    if _CLOCK_WORDS.match(after) and re.search(r"\bat\s+$", text[max(0, start - 4):start]) \
            or _CLOCK_BEFORE.search(text, max(0, start - 20), start):
        return NOT_A_QUANTITY  # "locked the classroom at five past two"
    if _is_multiplier(text, start, end) or _describes_the_source(text, start, end):
        return MODIFIER
    return None

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
    if not m.group("words") or figure.value != 1 or figure.measurement:
        return True  # ("one mile": a measurement)
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
    # a phone number has digits beside this group, a "+" or "(" before it, or a word that calls it one:
    # a cheap test first, as this runs for every number in digits
    if not (_DIGIT_BESIDE_AFTER.match(text, end) or _DIGIT_BESIDE_BEFORE.search(text, max(0, start - 4), start)
            or "+" in text[max(0, start - 1):start + 1] or "(" in text[max(0, start - 1):start + 1]
            or _PHONE_WORDS.search(text[max(0, start - 30):start].lower())):
        return False
    return any(m.start() <= start and end <= m.end()
               for pattern in (_PHONE, _SERVICE_NUMBER, _DIALLED)
               for m in pattern.finditer(text, max(0, start - 30), min(len(text), end + 30)))


_PHONE = re.compile(r"(?:\b(?:call|tel|telephone|phone|fax|hotline|whatsapp|mobile)\b\.?:?\s*(?:on\s+)?|(?<![\w+])(?=\+\d))"
                    r"[+(]?\d[\d \t().-]{5,}\d|\(\d{3}\)\s*\d{3}-\d{4}|\b\d{3}-\d{3}-\d{4}\b", _I)
_DIGIT_BESIDE_AFTER = re.compile(r"[ \t().\-]{1,3}\d")
_DIGIT_BESIDE_BEFORE = re.compile(r"\d[ \t().\-]{1,3}$")
_PHONE_WORDS = re.compile(r"call|tel|phone|fax|hot|whatsapp|mobile|help|toll|code")  # (_PHONE's and _SERVICE_NUMBER's words)
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

    # ranges: "300,000-350,000", "between 20 and 30", "from 20 to 30", "20 to 30"; the unit may be
    # written after both ends: "between 5% and 6%", "2kHz to 4kHz", "44 mg to 50 mg"
    if figure.value is not None and figure.total is None and not figure.vague:
        before = text[max(0, figure.start - 12):figure.start].lower()
        between = re.search(r"\bbetween\s+$", before)
        first_unit, unit_end = _unit_written_after(text, end)
        rng = None
        for at in (end, unit_end) if first_unit else (end,):
            rng = (_RANGE_AND.match(text, at) or _RANGE_TO.match(text, at) if between  # ("between 44 mg to 50 mg")
                   else _RANGE_DASH.match(text, at) or _RANGE_TO.match(text, at))
            if rng:
                if at != end and _unit_written_after(text, rng.end())[0] != first_unit:
                    rng = None  # "from 44 ml to 50 mg": two amounts of different things
                break
        if rng and not between and _RANGE_TO.match(text, rng.start()) \
                and _CHANGE_BEFORE.search(text, max(0, figure.start - 60), figure.start):
            rng = None  # "fell from 3.1 percent to 2.9 percent": a change, two levels
        either = None if rng or between else _RANGE_OR.match(text, end)
        if either:
            second, _ = _second_number(either)
            if second is not None and figure.value < second <= 2 * figure.value and figure.value < 1000:
                rng = either  # "five or six replacements", "maybe 40 or 50"
        if rng and _is_tally(text, core, rng):
            _read_score(figure, rng)  # "a 3-1 win": a score, not a claim
            return
        if rng and _time_unit_follows(text, rng.end()):
            _read_span_of_time(text, figure, rng)  # "between eight and 15 years": a duration, not a claim
            return
        if rng and _is_range(text, figure, core, rng, bool(between)):
            second, second_scale = _second_number(rng)
            if second is not None:
                first = figure.value
                if second_scale and not digits_scale and core.group("digits") and "," not in core.group("digits") \
                        and first <= second:
                    first *= numbers.scale_factor(second_scale)  # "1.2-1.5 million", but not "$500,000 to $2 million"
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
        figure.kind, figure.percent, figure.unit = MODIFIER, True, "percent"  # "cleared the 5 percent threshold"
        figure.end = figure.tail = pct.end()
        return
    if pct:
        figure.percent, figure.unit = True, "percent"
        end = pct.end()
    elif not figure.money and _SYMBOL_AFTER.match(text, end):
        symbol = _SYMBOL_AFTER.match(text, end)
        figure.money, figure.unit = True, _CUR_BEFORE.get(symbol.group("sym")) or _CUR_AFTER[symbol.group("sym")]
        end = _read_money_after(text, figure, symbol.end())
    elif not figure.money:
        cur = _CUR_AFTER_RE.match(text, end) or _CODE_GLUED.match(text, end)
        if cur:
            word = re.sub(r"\s+", " ", cur.group("word")).lower()
            country = cur.groupdict().get("country")
            written = f"{country.lower()} {word}" if country else word
            figure.money, figure.unit = True, _CUR_AFTER.get(written, _CUR_AFTER[word])
            if not (country and written in _CUR_AFTER):  # whose pounds or pesos: decided in meaning.py
                figure.currency_word, figure.currency_country = word, country
            factor = _CURRENCY_FACTOR_AFTER.get(word)
            if factor and not figure.scaled:
                _multiply(figure, factor)  # "30 MUSD": 30 million
            end = _read_money_after(text, figure, cur.end())

    if not figure.money and not figure.percent:
        end = _read_money_in_pence(text, figure, core, end)
    if not figure.money and not figure.percent:
        end = _read_unit(text, figure, end)
    if figure.total is not None and figure.value is not None and (figure.measurement or figure.money) \
            and (core.group("wfrac") or core.group("dfrac") or core.group("fraction")):
        figure.value, figure.total = figure.value / figure.total, None  # "one-half miles", "1/4 inch": 0.25 in

    plus = _PLUS_AFTER.match(text, end)
    if plus and figure.value is not None and figure.low is None:
        figure.low = figure.value
        end = plus.end()
    minus = _MINUS_AFTER.match(text, end)
    if minus and figure.value is not None and figure.high is None:
        figure.high = figure.value
        end = minus.end()
    if figure.value is not None and figure.total is None and (figure.low is None) != (figure.high is None):
        end = _read_other_bound(text, figure, end)
    figure.end = end

    # the counted noun, then a rate
    tail = end
    if not figure.money and not figure.percent and not figure.measurement:
        tail = _read_noun(text, figure, end)
    rate = _find_rate(text, figure, tail)
    figure.tail = max(tail, figure.end)
    if rate:
        figure.per = rate


_CURRENCY_FACTOR_AFTER = {written.lower(): factor for written, factor in CURRENCY_FACTOR.items()}
# "75 USD million": a scale word after the currency
_SCALE_AFTER_MONEY = re.compile(r"[ \t]+(?P<scale>" + alternation(w for w, (factor, needs) in table("scales.tsv").items()
                                                               if needs == "any" and float(factor) >= 1e6) + r")\b", _I)
# "3 dollars 50 cents", "thirteen dollars and forty-five cents", "15 dollars 50": hundredths after the main unit
_BELOW_HUNDRED = (r"(?:" + _TENS + r"(?:[ \t]*-[ \t]*|[ \t]+)"
                  r"(?:one|two|three|four|five|six|seven|eight|nine)\b|" + alternation(
                      w for w, (value, kind) in table("number_words.tsv").items() if kind == "unit" and 0 < float(value) < 100)
                  + r"\b)")
_HUNDREDTHS_AFTER = re.compile(r"[ \t]+(?:and[ \t]+)?(?:(?P<d>\d{1,2})(?!\d|[,.]\d)|(?P<w>" + _BELOW_HUNDRED + r"))"
                               r"(?:[ \t]*(?P<sub>" + alternation(w for w in _SUBUNITS if len(w) > 1) + r")\b)?", _I)


# "rmb 10 usd 20": amounts each after its currency, no hundredths
_CURRENCY_JUST_BEFORE = re.compile(r"(?<![\w])" + alternation(set(_CUR_BEFORE) | set(_CUR_AFTER)) + r"\s?$", _I)


def _multiply(figure: Figure, factor: float) -> None:
    """A scale read after the figure's number: its value and bounds times `factor`."""
    for name in ("value", "low", "high"):
        if getattr(figure, name) is not None:
            setattr(figure, name, numbers.scaled(getattr(figure, name), factor))
    figure.scaled = True


def _read_money_after(text: str, figure: Figure, end: int) -> int:
    """After a currency written after the number: a scale word ('75 USD million'), or the hundredths of a whole
    amount ('3 dollars 50 cents', 'thirteen dollars and forty-five cents', '15 dollars 50.'), where nothing
    the second number counts or measures follows it (not '15 dollars 50 times')."""
    if figure.value is None or figure.low is not None or figure.high is not None or figure.total is not None:
        return end
    scale = _SCALE_AFTER_MONEY.match(text, end)
    if scale and not figure.scaled:
        _multiply(figure, numbers.scale_factor(scale.group("scale")))
        return scale.end()
    part = _HUNDREDTHS_AFTER.match(text, end)
    if not part or figure.scaled or figure.value != int(figure.value) or figure.value < 0:
        return end
    cents = float(part.group("d")) if part.group("d") else numbers.parse_words(part.group("w"))
    if cents is None or not 0 < cents < 100:
        return end
    if not part.group("sub") and (part.group("d") and len(part.group("d")) != 2 or not _stands_alone(text, part.end())
                                  or _CURRENCY_JUST_BEFORE.search(text, max(0, figure.start - 12), figure.start)):
        return end  # with no "cents": two digits, nothing counted after them, and no amount list ("rmb 10 usd 20")
    figure.value += cents / 100
    return part.end()


def _stands_alone(text: str, position: int) -> bool:
    """Whether a number at `position`'s left has nothing after it that it counts or measures: the end of a
    clause, or a word that is no noun, scale, unit or currency ('15 USD 50 more, ...')."""
    if _PERCENT.match(text, position) or _UNIT_AFTER.match(text, position) or _SYMBOL_AFTER.match(text, position) \
            or _CUR_AFTER_RE.match(text, position) or _PENCE_AFTER.match(text, position):
        return False
    for _ in range(2):
        nxt = _WORDS_AFTER.match(text, position)
        if not nxt:
            return not re.match(r"[ \t]*[\w\d$\u20ac\u00a3-]", text[position:position + 3])
        word = nxt.group(1).lower()
        if word in _PERSON_NOUNS or word in _TIME_UNITS or word in numbers.SCALE_WORDS or _looks_like_noun(word) \
                or word in _MEASURE_WORDS or word == "of":  # ("40 dollars and 20 of them")
            return False
        if word not in _MODIFIERS:
            return True
        position = nxt.end()  # "50 more": what follows "more"
    return True


_OTHER_BOUND = re.compile(r"\s*,?\s+(?:and|but)\s+(?P<hedge>" + alternation(_HEDGES) + r")\s+" + _NUMBER_AFTER, _I)


def _read_other_bound(text: str, figure: Figure, end: int) -> int:
    """'more than 10 and less than 40', 'above 1000 and below 1500', 'no more than 50 and no less than 20':
    a bound on each side, one range."""
    other = _OTHER_BOUND.match(text, end)
    if not other:
        return end
    effect = _HEDGES[re.sub(r"\s+", " ", other.group("hedge").lower())][0]
    second, _ = _second_number(other)
    if second is None or effect not in ("low", "high") or (effect == "low") == (figure.low is not None):
        return end
    low, high = (second, figure.high) if effect == "low" else (figure.low, second)
    if low >= high:
        return end  # "more than 40 and less than 10": no range
    figure.value, figure.low, figure.high = None, low, high
    return other.end()


def _unit_written_after(text: str, end: int) -> tuple[str | None, int]:
    """The percent sign or physical unit right after a number, and where it ends."""
    pct = _PERCENT.match(text, end)
    if pct:  # ("12 percentage points to 31%": a change of the share, then the share: no range)
        return ("percentage point" if "point" in pct.group(0).lower() else "percent"), pct.end()
    unit = _UNIT_AFTER.match(text, end)
    if unit and _is_unit(text, unit) and not unit.group(0).startswith("-"):
        return _unit_symbol(unit), unit.end()
    return None, end


_SIZE_WORDS = rows("size_words.tsv")
# "2 in thick", "is 2 in.": "in" with no object, where the text speaks of a size, is an inch
_SIZE_AFTER = alternation(w for w, where in _SIZE_WORDS if where == "after")
_INCH_IN = re.compile(r"[ \t](?P<inch>in)(?=[ \t]+(?P<size>" + _SIZE_AFTER + r")\b|[ \t]*(?:[.,;:!?)](?:\s|$)|$))")
_SIZE_WORD_AFTER = re.compile(r"[ \t]+" + _SIZE_AFTER + r"\b")
_SIZE_IN_SENTENCE = re.compile(r"\b" + alternation(w for w, where in _SIZE_WORDS if where == "sentence") + r"\b", _I)


_CONTEXT_UNITS = [(form, symbol, re.compile(r"\b(?:" + cues + r")\b", _I)) for form, symbol, cues in rows("context_units.tsv")]
_CONTEXT_UNIT_AFTER = re.compile(r"[ \t]?(?P<form>" + alternation(form for form, _, _ in _CONTEXT_UNITS) + r")(?![\w])")


def _context_unit_after(text: str, start: int, end: int) -> tuple[str | None, int]:
    """An abbreviation of data/context_units.tsv after the number, read as the unit whose words its sentence
    has ('100 mb' of a file: MB), and where it ends; (None, end) where it has none of them."""
    hit = _CONTEXT_UNIT_AFTER.match(text, end)
    if hit:
        sentence = text[_sentence_start(text, start):min(len(text), hit.end() + 60)]
        for form, symbol, cues in _CONTEXT_UNITS:
            if form == hit.group("form") and cues.search(sentence):
                return symbol, hit.end()
    return None, end


def _read_unit(text: str, figure: Figure, end: int) -> int:
    """A physical unit after the figure ("250mm", "70 mph", "44C", "1.5l",
    "12,000 hectares", "a 6.9-magnitude quake", "2 in thick") or before it ("magnitude 6.9")."""
    unit = _UNIT_AFTER.match(text, end)
    if unit and _is_unit(text, unit) and (not unit.group(0).startswith("-") or _unit_symbol(unit) == "magnitude"):
        figure.unit, figure.measurement = _unit_symbol(unit), True
        return unit.end()
    inch = _INCH_IN.match(text, end)
    if inch and (inch.group("size") or _SIZE_IN_SENTENCE.search(text, _sentence_start(text, figure.start), figure.start)):
        figure.unit, figure.measurement = "in", True
        return inch.end("inch")
    symbol, unit_end = _context_unit_after(text, figure.start, end)
    if symbol:
        figure.unit, figure.measurement = symbol, True
        return unit_end
    if "agnitude" in text[max(0, figure.start - 16):figure.start] \
            and _MAGNITUDE_BEFORE.search(text, max(0, figure.start - 16), figure.start):
        figure.unit, figure.measurement = "magnitude", True
    return end


def _read_money_in_pence(text: str, figure: Figure, core: re.Match, end: int) -> int:
    """'250p', '12 pence', '4 cents', '12 paise': money written in hundredths
    ("shares fell 12p to 250p"), read in the main unit (2.5 GBP)."""
    pence = _PENCE_AFTER.match(text, end)
    if not pence or not (core.group("digits") or core.group("words")) or figure.value is None or \
            pence.group(0) == "p" and not _MONEY_CONTEXT.search(text, max(0, figure.start - 150), figure.start):
        return end
    code, parts = _SUBUNITS[(pence.group("word") or "p").lower()]
    figure.value /= parts
    for bound in ("low", "high"):
        if getattr(figure, bound) is not None:
            setattr(figure, bound, getattr(figure, bound) / parts)
    figure.money, figure.unit = True, code
    return pence.end()


_MONEY_CONTEXT = re.compile(r"\u00a3|\b(?:pence|pound|pounds|sterling|shares?|stock|price|prices|FTSE|pay|paid|cost|costs|"
                            r"fare|fares|dividend|penny|pennies)\b", _I)


def _read_score(figure: Figure, rng: re.Match) -> None:
    """'won 9-2': one quantity of kind "score" spanning both sides, with no
    value of its own (neither side is the figure: the score is the pair)."""
    figure.kind, figure.unit, figure.value = SCORE, "score", None
    figure.low = figure.high = None
    figure.end = figure.tail = rng.end("d2")


def _read_span_of_time(text: str, figure: Figure, rng: re.Match) -> None:
    """'between eight and 15 years': a duration from one bound to the other."""
    second, _ = _second_number(rng)
    figure.kind = _time_kind(text, rng.end())
    if second is not None and figure.value is not None:
        figure.value, figure.low, figure.high = None, min(figure.value, second), max(figure.value, second)
    unit = _QUANTITY_UNIT_AFTER.match(text, rng.end())
    figure.end = unit.end() if unit else rng.end()
    figure.unit = _singular(unit.group("word").lower()) if unit else None
    figure.tail = figure.end


def _is_tally(text: str, core: re.Match, rng: re.Match) -> bool:
    d1, d2 = core.group("digits"), rng.group("d2")
    return bool(d1 and d2 and re.fullmatch(r"\s?[-\u2013]\s?", text[core.end():rng.start("d2")] if rng.start("d2") >= core.end() else "")
                and len(d1) <= 2 and len(d2) <= 2 and not _counted_noun_follows(text, rng.end())
                and not _unit_written_after(text, rng.end())[0] and not _time_unit_follows(text, rng.end())
                and not core.group("sign") and not core.group("dscale") and not rng.group("s2"))  # ("10-15 exabytes", "40 - 50 years old", "-78-0 degrees": ranges)


def _is_range(text: str, figure: Figure, core: re.Match, rng: re.Match, between: bool) -> bool:
    if _time_unit_follows(text, rng.end()):
        return False
    if between:
        return True
    d1, d2 = core.group("digits"), rng.group("d2")
    if d1 and d2 and _is_year_like(d1) and _is_year_like(d2):
        return False  # "2014-2022"
    if d1 and d2 and rng.re is _RANGE_DASH and len(d1) <= 2 and len(d2) <= 2 and "," not in d1:
        # "won 9-2": a tally unless a counted noun follows ("5k-20k": a range)
        return bool(core.group("dscale") or rng.group("s2")) or _counted_noun_follows(text, rng.end()) or bool(_unit_written_after(text, rng.end())[0])
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
        elif figure.unit is None and following.measurement and figure.value is not None \
                and _SHARED_UNIT.fullmatch(text, figure.tail, following.start):
            figure.unit, figure.measurement = following.unit, True  # "45 and 50 mg"


def _sentence_start(text: str, position: int) -> int:
    window_start = max(0, position - 300)
    start = last_match(_SENTENCE_START, text, window_start, position)
    return start.end() if start else window_start
