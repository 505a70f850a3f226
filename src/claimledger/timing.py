"""Time: the moment a figure holds for (`as_of`), from the time expressions
of its sentence, resolved against the publication date, at the precision
the text gives ("In November 2022" -> 2022-11, "last August" -> the August
before publication, "on Tuesday" -> that date, "two years ago" -> a year).
"""
from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass

from .clause import attachment
from .lexicon import alternation, words
from .numbers import parse_words

_I = re.IGNORECASE
_MONTH_NAMES = ["january", "february", "march", "april", "may", "june", "july", "august",
                "september", "october", "november", "december"]
_MONTH_NUMBER = {name: i + 1 for i, name in enumerate(_MONTH_NAMES)}
_MONTH_NUMBER.update({name[:3]: i + 1 for i, name in enumerate(_MONTH_NAMES)})
_MONTH_NUMBER["sept"] = 9
_MONTH = r"(?P<month>" + alternation(m for m in words("months.txt") if m != "may") + r"|May)\.?"
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_NUMBER = r"(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|a\s+few|few)"

_PATTERNS = [
    ("month_day_year", r"\b" + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})\b"),
    ("day_month_year", r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r",?\s+(?P<year>\d{4})\b"),
    ("month_year", r"\b" + _MONTH + r",?\s+(?:of\s+)?(?P<year>\d{4})\b"),
    ("month_day", r"\b" + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b(?!,?\s+\d{4})"),
    ("day_month", r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r"\b(?!,?\s+\d{4})"),
    ("last_month_name", r"\b(?:last|this\s+past|past)\s+" + _MONTH + r"\b"),
    ("in_month", r"\b(?:in|since|during|by|until|from|early|late|mid-?|between|and)\s+" + _MONTH + r"\b(?!\s*\d)"),
    ("ago", r"\b" + _NUMBER + r"\s+(?P<unit>day|days|week|weeks|month|months|year|years)\s+ago\b"),
    ("relative", r"\b(?P<which>last|this|next|earlier\s+this|later\s+this|past)\s+(?P<unit>week|month|year|weekend)\b"),
    ("day_word", r"\b(?P<word>yesterday|today|tonight|this\s+morning|this\s+afternoon|this\s+evening|last\s+night)\b"),
    ("by_weekday", r"\b(?:by|until|before)\s+(?P<weekday>" + "|".join(_WEEKDAYS) + r")\b(?!['\u2019]s)"),
    ("weekday", r"\b(?:on\s+|last\s+|this\s+past\s+)?(?P<weekday>" + "|".join(_WEEKDAYS) + r")\b(?!['\u2019]s)"),
    ("season", r"\b(?:by\s+)?(?P<which>last|this|next)\s+(?P<season>spring|summer|autumn|fall|winter)\b"),
    ("quarter", r"\b(?:in\s+)?the\s+(?P<q>first|second|third|fourth|final|last)\s+quarter(?:\s+of\s+(?P<year>(?:19|20)\d\d))?\b"),
    ("end_of_month", r"\b(?:by|before|until)\s+the\s+end\s+of\s+" + _MONTH + r"\b(?!\s*\d)"),
    ("end_of_year", r"\bby\s+the\s+end\s+of\s+(?:the|this)\s+year\b"),
    ("year_noun", r"\bthe\s+(?P<year>(?:18|19|20)\d\d)\s+(?:[a-z]+\s+)?(?:war|conflict|election|elections|invasion|offensive|campaign|census|season|crisis|earthquake|floods?|famine|outbreak|pandemic|budget|vote|referendum|harvest|accounts|plan|fiscal\s+year|financial\s+year)\b"),
    ("year_span", r"\b(?:between|from)\s+(?:19|20)\d\d\s+(?:and|to)\s+(?P<year>(?:19|20)\d\d)\b"),
    ("year", r"\b(?:in|since|during|by|until|of|through|for)\s+(?:early\s+|late\s+|mid-?)?(?P<year>(?:18|19|20)\d\d)\b(?!\s*[-\u2013]\d)"),
]
_TIME_RE = re.compile("|".join(f"(?P<{name}>{pattern.replace('(?P<', f'(?P<{name}_')})"
                               for name, pattern in _PATTERNS), _I)
_GROUP_NAMES = {kind: [(f"{kind}_{short}", short) for short in re.compile(pattern).groupindex]
                for kind, pattern in _PATTERNS}  # each kind's own groups, by their names in _TIME_RE


@dataclass(slots=True)
class TimeMention:
    start: int
    end: int
    value: str | None       # ISO at the text's precision
    future: bool = False    # a target time ("by the end of the year", "next month")
    forward: str | None = None  # the same words read as the coming one ("in January" in a forecast)
    since: bool = False     # "since October": where a count starts, not the time it holds for


def parse_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        parts = [int(p) for p in value[:10].split("-")]
        while len(parts) < 3:
            parts.append(1)
        return dt.date(*parts[:3])
    except (ValueError, TypeError):
        return None


# Every time expression holds one of these words; the full pattern is tried
# only around them, which is several times faster than scanning with it.
_ANCHOR = re.compile(r"(?<![\w])(?=[A-Za-z0-9])(?:" + alternation(words("months.txt") | set(_WEEKDAYS) | {
    "yesterday", "today", "tonight", "ago", "week", "weeks", "weekend", "month", "months", "year", "years",
    "day", "days", "morning", "afternoon", "evening", "night", "quarter", "spring", "summer", "autumn", "fall",
    "winter"}) + r"|(?:18|19|20)\d\d)\b", _I)


_WORD_START = re.compile(r"(?<![\w])\w")
# "since October", "so far this year", "this year": a period running to now, not the time a figure holds for
_SINCE = re.compile(r"\bsince\b[^,.;]{0,40}$|^since\b|\bso\s+far\s+$|\bso\s+far\s+this\b", _I)
_SAID_RIGHT_BEFORE = re.compile(r"\b(?:said|announced|reported|wrote|estimated)\s+$", _I)
_THIS_PERIOD = re.compile(r"this\s+(?:year|month|week)\b", _I)


# A unit word ("year", "days", "night") dates something only in "N years ago",
# "last/this/next week", "this morning", "by the end of the year": most of
# them ("a 7-day rest", "within weeks") are ruled out before the full pattern.
_UNIT_WORDS = {"week", "weeks", "weekend", "month", "months", "year", "years", "day", "days",
               "morning", "afternoon", "evening", "night"}
_AGO_AFTER = re.compile(r"\s+ago\b", _I)
_UNIT_CONTEXT = re.compile(r"(?:\b(?:last|this|next|past)|\bend\s+of\s+the)\s+$", _I)


def find_times(text: str, begin: int, end: int, published: dt.date | None) -> list[TimeMention]:
    out: list[TimeMention] = []
    covered = begin
    for anchor in _ANCHOR.finditer(text, begin, end):
        if anchor.start() < covered:
            continue
        if anchor.group(0).lower() in _UNIT_WORDS and not _AGO_AFTER.match(text, anchor.end()) \
                and not _UNIT_CONTEXT.search(text, max(begin, anchor.start() - 16), anchor.start()):
            continue
        window_start = max(covered, anchor.start() - 40)
        # try the full pattern only at the word starts just before the anchor
        for start in _WORD_START.finditer(text, window_start, anchor.start() + 1):
            match = _TIME_RE.match(text, start.start(), min(end, anchor.end() + 30))
            if match is None or match.end() <= anchor.start():
                continue  # each expression is found from the anchor it holds
            kind = match.lastgroup
            groups = {short: match.group(full) for full, short in _GROUP_NAMES[kind] if match.group(full)}
            value, future = _resolve(kind, groups, published)
            if future and kind == "end_of_month" and published is not None \
                    and _past_perfect_before(text, begin, match.start()):
                month = _month(groups["month"])  # "had been given by the end of February": the February before
                value, future = f"{published.year - (month > published.month):04d}-{month:02d}", False
            if future and kind == "by_weekday" and _PAST_BEFORE.search(text, max(begin, match.start() - 80), match.start()):
                value, future = _resolve("weekday", groups, published)  # "had recovered 12 bodies by Tuesday": the last one
            mention = TimeMention(match.start(), match.end(), value, future)
            if kind == "quarter" and published is not None and "year" not in groups:
                ends = _quarter_end(groups["q"])  # "peaking in the second quarter": the coming one
                mention.forward = f"{published.year + (published.month > ends):04d}"
            if kind in ("in_month", "month_day") and published is not None:
                month = _month(groups["month"])
                year = published.year if month >= published.month else published.year + 1
                mention.forward = _day(year, month, int(groups["day"])) if "day" in groups else f"{year:04d}-{month:02d}"
                if re.match(r"(?:by|until|before)\b", match.group(0), _I) \
                        and not _past_perfect_before(text, begin, match.start()):
                    mention.value, mention.future = mention.forward, True  # "had been given by the end of February" stays past
            # "in the past week": a period running up to the statement, like "since"
            mention.since = bool(_SINCE.search(text, max(begin, match.start() - 45), match.start() + 6)
                                 or _SINCE.search(text, max(begin, match.start() - 45), match.start())  # "Sept. 4"
                                 or _THIS_PERIOD.match(match.group(0))
                                 or kind == "relative" and groups["which"].lower() == "past") \
                and not _SAID_RIGHT_BEFORE.search(text, max(begin, match.start() - 20), match.start())
            # ("since President Zelensky said in February that ...": when he said it, not where a count starts)
            out.append(mention)
            covered = match.end()
            break
    return out


def _past_perfect_before(text: str, begin: int, start: int) -> bool:
    """'had been given by the end of February': a deadline in the past perfect is behind the writer."""
    return bool(_PAST_PERFECT_BEFORE.search(text, max(begin, start - 40), start))


def _month(name: str) -> int:
    return _MONTH_NUMBER[name.lower().rstrip(".")]


def _resolve(kind: str, g: dict, published: dt.date | None) -> tuple[str | None, bool]:
    if kind == "month_day_year" or kind == "day_month_year":
        return _day(int(g["year"]), _month(g["month"]), int(g["day"])), False
    if kind == "month_year":
        return f"{int(g['year']):04d}-{_month(g['month']):02d}", False
    if kind in ("year", "year_noun", "year_span"):
        year = int(g["year"])
        return f"{year:04d}", bool(published and year > published.year)
    if kind == "end_of_year":
        return (f"{published.year:04d}-12" if published else None), True
    if published is None:
        return None, False
    if kind in ("month_day", "day_month"):
        month, day = _month(g["month"]), int(g["day"])
        year = published.year if (month, day) <= (published.month, published.day) else published.year - 1
        return _day(year, month, day), False
    if kind == "end_of_month":
        month = _month(g["month"])
        year = published.year if month >= published.month else published.year + 1
        return f"{year:04d}-{month:02d}", True
    if kind in ("last_month_name", "in_month"):
        month = _month(g["month"])
        year = published.year if month < published.month or (kind == "in_month" and month == published.month) \
            else published.year - 1
        return f"{year:04d}-{month:02d}", False
    if kind == "ago":
        n = g["n"].lower()
        count = 1 if n in ("a", "an") else (int(n) if n.isdigit() else parse_words(n))
        if count is None:
            return None, False  # "a few months ago": no time precise enough
        unit = g["unit"].lower().rstrip("s")
        if unit == "day":
            return (published - dt.timedelta(days=count)).isoformat(), False
        if unit == "week":
            return (published - dt.timedelta(weeks=count)).isoformat()[:7], False
        if unit == "month":
            months = published.year * 12 + published.month - 1 - int(count)
            return f"{months // 12:04d}-{months % 12 + 1:02d}", False
        if count == 1:  # "a year ago": the same month last year
            return f"{published.year - 1:04d}-{published.month:02d}", False
        return f"{published.year - int(count):04d}", False
    if kind == "relative":
        which, unit = re.sub(r"\s+", " ", g["which"].lower()), g["unit"].lower()
        step = {"last": -1, "past": -1, "next": 1}.get(which, 0)
        if unit in ("week", "weekend"):
            return (published + dt.timedelta(weeks=step)).isoformat()[:7], step > 0
        if unit == "month":
            months = published.year * 12 + published.month - 1 + step
            return f"{months // 12:04d}-{months % 12 + 1:02d}", step > 0
        return f"{published.year + step:04d}", step > 0
    if kind == "day_word":
        return day_said(g["word"], published), False
    if kind == "weekday":
        target = _WEEKDAYS.index(g["weekday"].lower())
        back = (published.weekday() - target) % 7
        return (published - dt.timedelta(days=back)).isoformat(), False
    if kind == "by_weekday":  # "up to 80 millimetres more by Thursday": the coming one
        ahead = (_WEEKDAYS.index(g["weekday"].lower()) - published.weekday()) % 7 or 7
        return (published + dt.timedelta(days=ahead)).isoformat(), True
    if kind == "season":  # "last spring": the latest one that has ended, at the year's precision
        ends = {"spring": 5, "summer": 8, "autumn": 11, "fall": 11, "winter": 2}[g["season"].lower()]
        which = g["which"].lower()
        latest = published.year if published.month > ends else published.year - 1
        year = latest if which == "last" else latest + 1 if which == "next" else published.year
        return f"{year:04d}", which == "next"
    if kind == "quarter":  # "in the fourth quarter": of this year if it has ended, else of the last
        if "year" in g:
            return g["year"], False
        ends = _quarter_end(g["q"])
        return f"{published.year if published.month > ends else published.year - 1:04d}", False
    return None, False


def _day(year: int, month: int, day: int) -> str:
    """The ISO day; a day the month does not have ("Feb 30") holds for the month."""
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return f"{year:04d}-{month:02d}"


def _quarter_end(which: str) -> int:
    """The month a quarter ends in: 'first' -> 3; 'fourth', 'final' and 'last' -> 12."""
    return {"first": 3, "second": 6, "third": 9}.get(which.lower(), 12)


# how many days before the day they are said on "yesterday" and "today" point
_DAYS_BACK = {"yesterday": 1, "last night": 1, "today": 0, "tonight": 0, "this morning": 0,
              "this afternoon": 0, "this evening": 0}


def day_said(words: str, said_on: dt.date) -> str | None:
    """The day 'yesterday' or 'this morning' means when said on `said_on`."""
    back = _DAYS_BACK.get(re.sub(r"\s+", " ", words.lower()))
    return None if back is None else (said_on - dt.timedelta(days=back)).isoformat()


def statement_time(mentions: list[TimeMention], clause, text: str) -> TimeMention | None:
    """The time of the statement that reports a figure ("..., rescuers said on
    Thursday"), read from what each time phrase modifies in the tree."""
    return next((m for m in mentions if m.value and not (m.since and not _WHEN_AFTER.match(text, m.end))
                 and attachment(clause, m.start, m.end) == "report"), None)


def choose(mentions: list[TimeMention], figure_start: int, figure_end: int, text: str,
           sentence_start: int = 0) -> TimeMention | None:
    return _period_end(mentions, _choose(mentions, figure_start, figure_end, text, sentence_start), text)


def _period_end(mentions: list[TimeMention], chosen: TimeMention | None, text: str) -> TimeMention | None:
    if chosen is not None:  # "between 10 May and 30 June": a period holds at its end
        for later in mentions:
            if later.start > chosen.end and later.value and (
                    _SPAN_JOIN.fullmatch(text, chosen.end, later.start)
                    or not text[chosen.end:later.start].strip() and _JOINED_HEAD.match(text, later.start)):
                return later  # (the join may open the later mention: "between January | and March")
    return chosen


_WHEN_AFTER = re.compile(r",?\s+when\b")
_JOINED_HEAD = re.compile(r"(?:and|to|through)\s", _I)
_SPAN_JOIN = re.compile(r"\s*(?:and|to|until|through|-|\u2013)\s*")


def _choose(mentions: list[TimeMention], figure_start: int, figure_end: int, text: str,
            sentence_start: int = 0) -> TimeMention | None:
    """The time expression that dates a figure: one right after it in its
    clause ("rose to 1,240 on Tuesday", "2.8 percent in 2023"), else the
    nearest before it in its clause or at the head of its sentence ("In
    November 2022, ... said ..., though ... 120,000"). "since October"
    dates no figure, nor does a time before "now"."""
    usable = [m for m in mentions if m.value and not (m.start <= figure_start < m.end)
              and (not m.since or _WHEN_AFTER.match(text, m.end) and m.end <= figure_start)]
    # ("has not updated its figure since September 2022, when Shoigu said 5,937": the when-clause's time)
    for m in usable:
        if m.start >= figure_end and m.start - figure_end < 60 and _same_clause_after(text[figure_end:m.start]):
            if (_FROM_BEFORE.search(text, max(0, m.start - 6), m.start) or _FROM_HEAD.match(text, m.start)) \
                    and _CHANGE_BY.search(text, max(0, figure_start - 30), figure_start):
                continue  # "dropped by 64,000 from July": where the change began, not when the figure holds
            return m
    for m in reversed([m for m in usable if m.end <= figure_start]):
        between = text[m.end:figure_start]
        if re.search(r"\bnow\b", between) or _PRESENT_VERB.search(between):
            return None  # "was founded in 1987 and works in 23 countries": today's figure
        if m.start - sentence_start < 25 or not _CLAUSE_BREAK.search(between) \
                or not _HARD_BREAK.search(between) and not any(later.start >= figure_end for later in usable) \
                and not _EARLIER_VALUE_TIME.search(text, max(0, m.start - 40), m.start):
            return m  # ("rose to 16 million tonnes last year, and the bloc paid 8 billion euros": the same year)
    return None


def _same_clause_after(between: str) -> bool:
    """Nothing between a figure and a time after it starts another figure's
    clause: a time of day ("shortly after 10 a.m. on Tuesday") and a figure
    coordinated with it ("38 deaths and 97 injuries in March") do not."""
    between = _TIME_OF_DAY.sub(" ", between)
    between = _PARENTHESIS.sub(" ", between)  # "2.1 billion kronor ($196 million) in the fourth quarter"
    between = _SET_IN.sub(" ", between)  # "remains 1,305, set in August 2022"
    between = _COORDINATED_FIGURE.sub(" ", between, count=1)
    return not re.search(r"[\d;,]", between)


_EARLIER_VALUE_TIME = re.compile(r"\b(?:up|down)\s+from\b[^,;]*$", _I)  # "up from 27.5 percent five years ago"
_BREAK = r";|,\s*(?:but|while|whereas)\b|(?<![A-Z])\.\s"  # a sentence's end is not "U.S. officials"
_HARD_BREAK = re.compile(_BREAK + r"|,\s*and\s+(?:\w+\s+)?(?:said|says|added|told|warned|reported)\b")  # a new statement
_CHANGE_BY = re.compile(r"\bby\s+(?:about\s+|some\s+|nearly\s+|almost\s+|more\s+than\s+|over\s+)?$", _I)
_FROM_HEAD = re.compile(r"from\b", _I)
_FROM_BEFORE = re.compile(r"\bfrom\s+$", _I)
_PRESENT_VERB = re.compile(r"\b(?:works|employs|operates|runs|remains|stands|has|have)\b")
_SET_IN = re.compile(r"^,\s*(?:set|recorded|reached|registered|counted|reported)\s+(?=(?:in|on|at|during)\b)")
_PARENTHESIS = re.compile(r"\([^()]{0,40}\)")
_TIME_OF_DAY = re.compile(r"\b\d{1,2}(?:[:.]\d{2})?\s*(?:a\.m\.|p\.m\.|am\b|pm\b|GMT\b|UTC\b|local\s+time\b)", _I)
_COORDINATED_FIGURE = re.compile(r"\s+and\s+(?:(?:about|some|nearly|more\s+than|at\s+least|over|around|almost)\s+)?\d[\d,.]*"
                                 r"(?:\s+(?![a-z]+ing\b)[a-z]+){1,2}\s+$")  # not "and 10,000 more arriving next week"
_PAST_BEFORE = re.compile(r"\b(?:had|was|were|did)\b", _I)
_PAST_PERFECT_BEFORE = re.compile(r"\bhad\s+(?:been\s+|already\s+)?\w+(?:ed|en|n|t)\s+$", _I)
_CLAUSE_BREAK = re.compile(_BREAK + r"|,\s*and\b")


def event_date(times: "DocumentTimes", published: dt.date | None) -> str | None:
    """The day the story reports on: the first day named in its opening
    lines, within a week before publication ("on Saturday"; "Sunday's
    quake" names the quake, not the day of the story)."""
    if published is None:
        return None
    for mention in times.between(0, _LEAD_CHARACTERS):
        if _DATELINE.search(times.text, max(0, mention.start - 40), mention.start):
            continue  # "MOSCOW, July 18": the day it was filed, not the day it tells of
        day = parse_date(mention.value) if mention.value and len(mention.value) == 10 else None
        if day is not None and 0 <= (published - day).days <= 7:
            return mention.value
    return None


_LEAD_CHARACTERS = 700
_DATELINE = re.compile(r"(?:^|\n)[A-Z][A-Z .'/-]+,\s*$")


class DocumentTimes:
    """The time expressions of a document, by position. They are found one
    sentence at a time, and only in the sentences asked about: those around
    figures, and the lead."""

    def __init__(self, text: str, published: dt.date | None, sentences: list[tuple[int, int]] | None = None):
        self.text, self.published = text, published
        self.sentences = sentences if sentences else [(0, len(text))]
        self._sentence_starts = [start for start, _ in self.sentences]
        self._found: dict[int, list[TimeMention]] = {}
        self._between: dict[tuple[int, int], list[TimeMention]] = {}  # a sentence is asked about once per figure

    def between(self, begin: int, end: int) -> list[TimeMention]:
        """The mentions within [begin, end); callers must not change the list (it is shared)."""
        key = (begin, end)
        found = self._between.get(key)
        if found is None:
            first = max(bisect.bisect_right(self._sentence_starts, begin) - 1, 0)
            last = bisect.bisect_left(self._sentence_starts, end)
            found = self._between[key] = [m for i in range(first, last) for m in self._in_sentence(i)
                                          if begin <= m.start and m.end <= end]
        return found

    def _in_sentence(self, i: int) -> list[TimeMention]:
        found = self._found.get(i)
        if found is None:
            start, end = self.sentences[i]
            found = self._found[i] = find_times(self.text, start, end, self.published)
        return found
