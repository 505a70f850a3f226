"""The pipeline: document -> figures -> attribution and meaning -> claims.

Attribution runs only where figures are: a document without figures costs
one regex pass.
"""
from __future__ import annotations

import bisect
import datetime as dt
import logging
import re
from collections.abc import Callable, Iterable, Iterator

from . import clause, frame, meaning, timing
from .attribution import Attributor
from .figures import CLAIM, MODIFIER, PARTICIPLES, Figure, find_figures
from .lexicon import word_alternation, words
from .parse import Parses, clause_span, load_parser
from .record import Claim, Document, Failure, UnreadableText, check_date, scrub
from .sentences import TextIndex

# A bare figure ("or 1.3 million per year") leans on the claim before it when
# this close and in the same paragraph.
_LEAN_DISTANCE = 160
_FUTURE = re.compile(r"\b(?:will|would|'ll|plans?\s+to|aims?\s+to|is\s+to|are\s+to|intends?\s+to)\b")
_SINCE_NOW = re.compile(r"\b(?:since|now|so\s+far|to\s+date)\b")
_SAID_BEFORE = re.compile(r"\b(?:said|says|told\s+(?:[A-Z][\w-]*\s+)*\w+|reported|announced|added|confirmed|estimated|"
                         r"claimed)(?:\s+(?:late|early|earlier|later))?\s*$")
_SUBSET = re.compile(r"[^.;]*?,?\s*(?:including|among\s+them|of\s+whom|of\s+them)\s+(?:at\s+least\s+|about\s+|some\s+)?$")
_OWN_PEOPLE = re.compile(r"\s+of\s+(?:its|their)\s+(?:own\s+)?(?:soldiers|troops|servicemen|personnel|fighters|members|"
                         r"men|officers|citizens|nationals|staff)\b")
_SUBSET_REACH = 160  # "killed 45 people across the Gaza Strip overnight and on Saturday, including 12 children"
_PUBLISHED_BEFORE = re.compile(r"\b(?:published|released|issued|dated)\s*(?:on\s*)?$")
_PRESENT = re.compile(r"\b(?:has|have|is|are|now|says|say|stands|remains|remain|hosts|holds|(?<!the )(?<!a )(?<!its )(?<!their )numbers?)\b")
_PUT_THE_NOUN_AT = re.compile(r"\b(?:put|puts|putting|placed|places|estimated|estimates)\s+(?:the|its|their)\s+"
                              r"(?!(?:number|figure|total|toll|tally|count)\s)[a-z]+\s+at\s+"
                              r"(?:about\s+|around\s+|some\s+|nearly\s+|roughly\s+)?$")
_STATEMENT_TIME = re.compile(r"\b(?:published|released|issued|said|told|wrote|reported|announced)\b[^.;,]{0,30}$")
_A_YEAR_EARLIER = re.compile(r"\s+(?:a\s+year\s+(?:earlier|before)|the\s+year\s+before)\b")  # the figure's own, not "up 19 percent on"
_PRESENT_AFTER = re.compile(r"\s+(?:\w+\s+){0,2}?(?:are|is|remain|remains|live|lives|stand|stands)\s+(?!been\b)\w+")
_PAST = re.compile(r"\b(?:was|were|had|did|yesterday|last)\b")
_OR_RESTATED = re.compile(r"\s*,\s*or\s+(?:about\s+|some\s+|nearly\s+|roughly\s+)?")  # "7.1 million people, or 56 percent"
_AS_HAD = re.compile(r",?\s+as\s+(?:had|have|has|were|was|did|do)\s+$")
_EARLIER_VALUE = re.compile(r"\b(?:up|down)\s+from\s+$|\bcompared\s+with\s+$|\bagainst\s+$")  # "..., up from 2,400 in October"
_PEOPLE_MEASURES = {"killed", "wounded", "casualties", "missing", "captured", "displaced", "strength"}


def extract(text: str, *, published: str | dt.date | None = None, doc_id: str | None = None,
            all_quantities: bool = False, model: str | None = None) -> list[Claim]:
    """Every claim in one text, in document order. With `all_quantities`,
    every quantity of the text (CLAIMS.md, "Every quantity"): the claims, as
    in claims mode, and the quantities that are no claim, each with `claim`
    and `kind` set. `model` names another spaCy pipeline with a parser (an
    installed package's name or a path); claimledger's own is the default.

    `published` (a `date`, `datetime` or ISO text) anchors relative times; an
    impossible date raises `InvalidDate`. Lone surrogates in `text` read as
    U+FFFD, so offsets stay exact.

    >>> [(c.text, c.measure, c.as_of) for c in extract("On Monday 40 people died.", published="2024-02-27")]
    [('40', 'killed', '2024-02-26')]
    """
    published = check_date(published, "published")
    text = scrub(text)
    doc = doc_id or "doc"
    figures = find_figures(text, all_quantities=all_quantities)
    if all_quantities:
        return _every_quantity(text, doc, figures, published, model)
    return _claims(text, doc, figures, published, model)


def _claims(text: str, doc: str, figures: list[Figure], published: str | None,
            model: str | None) -> list[Claim]:
    """The claims the figures make (figure finding's claims, in order)."""
    if not figures:
        return []
    index = TextIndex(text)
    spans = [clause_span(text, index.sentence(f.start), f.start) for f in figures] + frame.lead_spans(index)
    parses = Parses(text, spans, load_parser(model))
    story = frame.build(text, published, index, parses)
    attributor = Attributor(text, index, story.names)
    claims: list[Claim] = []
    previous: tuple[Figure, Claim] | None = None
    own_measures: list[bool] = []
    leaning: list[bool] = []
    sentence_times: dict[int, str | None] = {}  # sentence start -> when its first claim holds
    for figure in figures:
        if _counts_its_sources(text, figure):
            continue  # "two diplomats involved in the talks said": who speaks, not what is claimed
        sentence = parses.sentence(clause_span(text, index.sentence(figure.start), figure.start))
        syntax = clause.read(sentence, figure.start, figure.end) if sentence is not None else None
        claim, own_measure, leans = _claim(story, doc, figure, attributor, previous, sentence_times, syntax)
        sentence_times.setdefault(index.sentence(figure.start)[0], claim.as_of)
        leaning.append(leans)
        claims.append(claim)
        own_measures.append(own_measure)
        previous = (figure, claim)
    _carry_speaker(text, index, claims)
    _disputes_of_the_figure(text, index, attributor, claims)
    _same_figure_same_measure(claims, own_measures)
    _lean_units(claims, leaning)
    _negated_repeats(text, claims)
    _carry_disputes(claims)
    _date_headline(text, claims)
    return claims


def _counts_its_sources(text: str, figure: Figure) -> bool:
    """'two diplomats involved in the talks said', 'according to three officials',
    'citing two US officials', 'based on 37 interviews'."""
    if figure.value is None or figure.low is not None:
        return False
    if figure.noun is not None:
        head = figure.noun.split()[-1].lower()
    else:  # "two US officials": a name between the number and its noun
        head = next((w for w in (w.lower().strip(",.") for w in text[figure.tail:figure.tail + 30].split()[:2])
                     if w in _SOURCE_NOUNS), "")
    if head in _TESTIMONIES:
        return bool(_BASED_ON.search(text, max(0, figure.start - 20), figure.start))
    if head not in _SOURCE_NOUNS or figure.value > _MOST_SOURCES:
        return False
    return bool(_SOURCE_SPEAKS.match(text, figure.tail) or _ACCORDING_TO.search(text, max(0, figure.start - 20),
                                                                                figure.start))


_MOST_SOURCES = 12
_SOURCE_NOUNS = words("source_nouns.txt")
_SOURCE_SPEAKS = re.compile(r"(?:\s+(?:involved|familiar|close|briefed|speaking|with|from|in|at)\b[^.;,]{0,60}?|"
                            r",[^.;]{0,100}?,)?\s+(?:\w+\s+)?(?:said|say|says|told|confirmed|added|estimated)\b"
                            r"(?!\s+(?:dead|killed|missing|infected|alive|wounded|injured)\b)")  # "nine people were confirmed dead"
_ACCORDING_TO = re.compile(r"\b(?:according\s+to|citing|quoting)\s+$", re.I)  # "citing two US officials"
_TESTIMONIES = words("testimony_nouns.txt")
_BASED_ON = re.compile(r"\b(?:based\s+on|drawing\s+on|from)\s+$", re.I)


def _carry_speaker(text: str, index: TextIndex, claims: list[Claim]) -> None:
    """Reported speech runs on: a sentence with no source of its own, right
    after one that reports a speaker in the same paragraph, is still theirs
    ("The Electoral Service said ... Turnout was 61.4 percent")."""
    for previous, claim in zip(claims, claims[1:]):
        if claim.speaker is not None or previous.speaker is None:
            continue
        start = index.sentence(claim.start)[0]
        previous_sentence = index.sentence(previous.start)
        if previous_sentence[0] == start or index.sentence(max(start - 2, 0))[0] != previous_sentence[0]:
            continue  # the same sentence, or not the sentence just before
        if "\n" in text[previous_sentence[1]:start] or index.quote(previous.start) is not None:
            continue
        if claim.as_of and previous.as_of and claim.as_of[:4] != previous.as_of[:4]:
            continue  # "Polls put the AfD at 30%. Turnout in 2019 was 64.9%.": background, not theirs
        claim.speaker, claim.speaker_kind, claim.cue = previous.speaker, previous.speaker_kind, previous.cue


def _date_headline(text: str, claims: list[Claim]) -> None:
    """A headline restates a figure of the story: it holds when the story's
    mention of it does, and counts the same people."""
    headline_end = text.find("\n")
    if headline_end < 0:
        return
    for claim in claims:
        if claim.start >= headline_end:
            break
        for later in claims:
            if later.start > headline_end and (later.unit == claim.unit or claim.unit is None) and \
                    (later.value, later.low, later.high) == (claim.value, claim.low, claim.high):
                claim.as_of = later.as_of
                claim.group = claim.group or later.group
                if claim.unit is None:  # "6.2 million still wait": the body says who
                    claim.unit, claim.measure = later.unit, later.measure
                break


def _disputes_of_the_figure(text: str, index: TextIndex, attributor: Attributor, claims: list[Claim]) -> None:
    """'Israel says it has killed 17,000 militants. Hamas disputes the figure.':
    a rejection that names no number reaches the figures just before it."""
    untrue = _CALLED_UNTRUE.finditer(text) if _UNTRUE_WORDS.search(text) else ()  # the rare words first: a fast scan
    matches = sorted([*_REJECTS_THE_FIGURE.finditer(text), *untrue, *_SAYS_IT_IS_WRONG.finditer(text)],
                     key=lambda m: m.start())
    starts = [c.start for c in claims]
    for match in matches:
        sentence_start = index.sentence(match.start())[0]
        if match.groupdict().get("denier"):  # "a charge Kigali denies"
            source = attributor.subject_of(match.start("denier"), match.end("denier"))
        else:
            source = attributor.subject_of(sentence_start, match.start())
        if source is None or source.name.lower() in ("that", "this", "it"):
            source = attributor.turn_speaker(match.start()) or source  # "MINISTER OKAFOR: That is simply not true."
        disputer = source.name if source is not None else None
        before = claims[:bisect.bisect_left(starts, match.start())]  # (a slice of the nearest only, below)
        if disputer is None:
            # "Organisers put the number at 12,000 and called the police figure a joke": whoever
            # put forward the figure before it in the sentence
            own = [c for c in before[bisect.bisect_left(starts, sentence_start):] if c.speaker is not None]
            disputer = own[-1].speaker if own else None
        if disputer is None:
            continue
        # the figures of the last sentence before it that the disputer did not put forward
        nearby = before[bisect.bisect_left(starts, match.start() - _DISPUTE_REACH - _LONGEST_FIGURE):]
        earlier = [c for c in nearby if c.end <= match.start() and match.start() - c.end < _DISPUTE_REACH
                   and "\n\n" not in text[c.end:match.start()] and c.speaker != disputer]
        if not earlier:
            continue
        last_sentence = index.sentence(earlier[-1].start)
        for claim in earlier:
            if index.sentence(claim.start) == last_sentence and claim.disputed_by is None:
                claim.disputed_by = disputer


_DISPUTE_REACH = 400  # characters back from the rejection to the figures it rejects
_LONGEST_FIGURE = 200
# "..., a figure American officials privately say is far too low": the denier named inside the relative clause
_SAYS_IT_IS_WRONG = re.compile(r"\b(?:figure|estimate|number|toll|count)\s+(?:that\s+)?(?:the\s+)?"
                               r"(?P<denier>[A-Z][\w.-]*(?:\s+[A-Z]?[\w.-]+){0,3}?)\s+(?:\w+ly\s+)?(?:say|says|said|believe|believes)"
                               r"\s+(?:is|was)\s+(?:far\s+|much\s+|way\s+)?(?:too\s+(?:low|high)|wrong|inflated|exaggerated|false)\b")
_UNTRUE_WORDS = re.compile(r"not\s+true|untrue|false|wrong|nonsense|a\s+lie")
_CALLED_UNTRUE = re.compile(r"\b(?:That|that|This|this|It|it)\s+(?:is|was)\s+(?:simply\s+|just\s+|completely\s+|totally\s+)?"
                            r"(?:not\s+true|untrue|false|wrong|nonsense|a\s+lie)\b")
_REJECTS_THE_FIGURE = re.compile(  # tried at lower-case word starts only: a verb opens each form
    r"(?<![\w])(?=[a-z])(?:"
    r"\b(?:disputes|disputed|rejects|rejected|denies|denied|dismisses|dismissed|contests|contested|questioned|questions)\s+"
    r"(?:the|this|that|those|these|such)\s+(?:\w+\s+)?(?:figures?|tolls?|numbers?|claims?|estimates?|counts?|tally|tallies|account)\b"
    r"(?!\s+of\s+\d)"
    r"|\b(?:say|says|said|insist|insists|insisted)\s+(?:that\s+)?(?:it|the\s+(?:real|true|actual)\s+(?:figure|toll|number|count))\s+"
    r"(?:is|was|will\s+be)\s+[\"\u201c]?(?:much\s+|far\s+|considerably\s+)?(?:higher|lower|greater|smaller|nearer|closer)"
    r"|\b(?:say|says|said|insist|insists|insisted)\s+(?:that\s+)?(?:the|these|those|such|its|their|that|this)\s+(?:\w+\s+)?"
    r"(?:figures?|tolls?|numbers?|estimates?|counts?|claims?)\s+(?:were|was|are|is)\s+[\"\u201c]?(?:grossly\s+|wildly\s+)?"
    r"(?:inflated|exaggerated|false|fabricated|untrue|propaganda|wrong|baseless|made\s+up|fiction)"
    r"|\bcall(?:s|ed)?\s+(?:the|this|that|their|its)\s+(?:\w+\s+)?(?:figures?|estimates?|counts?|numbers?|tolls?|tally|"
    r"reports?|study|findings|claims?)\b"
    # "a charge Kigali denies": the denier named between the noun and its verb
    r"|\b(?:charge|claim|allegation|accusation|figures?|estimates?|numbers?|tolls?)\s+(?:that\s+|which\s+)?"
    r"(?:the\s+)?(?P<denier>[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*)\s+(?:has\s+|have\s+)?"
    r"(?:denies|denied|rejects|rejected|disputes|disputed|called|calls|dismissed|dismisses)\b)")


def _same_figure_same_measure(claims: list[Claim], own_measures: list[bool]) -> None:
    """'$300 billion' said again later, with nothing said of it there, is the
    same sum; a bare '600,000' ("Not 600,000, as the leadership claims") is
    the 600,000 dead named before, unit and all."""
    mentions = _mentions_by_value(claims)
    for i, later in enumerate(claims):
        if own_measures[i] or later.value is None:
            continue
        for j in _before(mentions, later.value, i):
            earlier = claims[j]
            if not own_measures[j]:
                continue
            same = (earlier.value, earlier.low, earlier.high) == (later.value, later.low, later.high)
            if same and earlier.unit == later.unit:
                later.measure = earlier.measure
                break
            # "Not 600,000" after "between 600,000 and 800,000 civilians": one end of the range
            one_end = later.low is None and later.value in (earlier.low, earlier.high)
            if (same or one_end) and later.unit is None and earlier.unit is not None \
                    and later.value >= _SAME_FIGURE_LEAST:
                later.unit, later.measure, later.group = earlier.unit, earlier.measure, later.group or earlier.group
                break


def _mentions_by_value(claims: list[Claim]) -> dict[float, list[int]]:
    """Where each number is named (as a value or an end of a range): the passes
    that pair a figure with an earlier one of the same number look only there,
    not at every claim before it (which would be quadratic in a long document)."""
    mentions: dict[float, list[int]] = {}
    for i, claim in enumerate(claims):
        for number in {claim.value, claim.low, claim.high} - {None}:
            mentions.setdefault(number, []).append(i)
    return mentions


def _before(mentions: dict[float, list[int]], number: float, i: int) -> list[int]:
    """The claims before the i-th that name `number`, in document order."""
    found = mentions.get(number, [])
    return found[:bisect.bisect_left(found, i)]


_SAME_FIGURE_LEAST = 10  # small numbers ("two", "seven") come back meaning other things


def _lean_units(claims: list[Claim], leaning: list[bool]) -> None:
    """'Not 40, as Yerevan claims, but six': a bare figure leaning on one whose
    unit was only learnt from a later pass takes it too."""
    for previous, claim, leans in zip(claims, claims[1:], leaning[1:]):
        if leans and claim.unit is None and previous.unit is not None and claim.value is not None:
            claim.unit = previous.unit
            if claim.measure == "count":
                claim.measure, claim.group = previous.measure, claim.group or previous.group


def _negated_repeats(text: str, claims: list[Claim]) -> None:
    """'The ministry says 38 died.' ... 'TORRES: No. Not 38.' (or "the figure
    of 43 deaths was fabricated", "Nineteen hundred is speculation"): a figure
    said again only to be denied is the first speaker's, disputed by the one
    denying it."""
    mentions = _mentions_by_value(claims)
    for i, claim in enumerate(claims):
        if claim.disputed_by is not None or claim.speaker is None or claim.value is None \
                or not (_NOT_BEFORE.search(text, max(0, claim.start - 25), claim.start)
                        or _CALLED_FALSE.match(text, claim.end) or _QUESTIONED.match(text, claim.end)):
            continue
        earlier = next((claims[j] for j in reversed(_before(mentions, claim.value, i))
                        if claims[j].speaker is not None and claims[j].speaker != claim.speaker), None)
        if earlier is not None:
            claim.disputed_by, claim.speaker, claim.speaker_kind = claim.speaker, earlier.speaker, earlier.speaker_kind
            claim.unit = claim.unit or earlier.unit
            if claim.measure == "count":
                claim.measure, claim.group = earlier.measure, claim.group or earlier.group


_CALLED_FALSE = re.compile(r"(?:\s+[a-z][\w-]*){0,3}\s+(?:was|were|is|are)\s+(?:simply\s+|pure\s+|just\s+|almost\s+certainly\s+|"
                           r"certainly\s+|probably\s+|clearly\s+|far\s+)?[\"\u201c]?"
                           r"(?:fabricated|false|exaggerated|inflated|propaganda|untrue|a\s+lie|lies|nonsense|speculation|"
                           r"made\s+up|wrong|baseless|fiction|fantasy|an\s+overestimate|an\s+exaggeration|too\s+high)\b", re.I)
_NOT_BEFORE = re.compile(r"(?:^|[\s\"\u201c])(?:[Nn]ot|[Nn]ever|I\s+(?:don't|do\s+not)\s+accept|"
                         r"(?:cannot|can't|could\s+not|couldn't)\s+(?:possibly\s+)?[a-z]+)\s+$")  # "cannot carry 600"
_QUESTIONED = re.compile(r"\?\s")  # '"Fourteen? In our lane alone there are 20"': said back as a question


def _carry_disputes(claims: list[Claim]) -> None:
    """A figure disputed later ("X denied the figure of 350", "Not 48,000, as
    the delegation says") is disputed where it was first put forward too; and
    the later mention keeps the first one's speaker when it names none."""
    mentions = _mentions_by_value(claims)
    for i, later in enumerate(claims):
        if later.disputed_by is None or later.value is None:
            continue
        for j in _before(mentions, later.value, i):
            earlier = claims[j]
            if earlier.unit == later.unit \
                    and earlier.speaker != later.disputed_by:
                earlier.disputed_by = earlier.disputed_by or later.disputed_by
                if later.speaker is None and earlier.speaker is not None:
                    later.speaker, later.speaker_kind = earlier.speaker, earlier.speaker_kind
                if later.measure == "count" and earlier.measure != "count":
                    # "Not 20, as Bishkek says": the same 20 killed, rejected
                    later.measure, later.group = earlier.measure, later.group or earlier.group


def _claim(story: frame.Frame, doc: str, figure: Figure, attributor: Attributor, previous,
           sentence_times: dict[int, str | None], syntax: clause.FigureClause | None) -> tuple[Claim, bool, bool]:
    """One figure's claim, whether its own words said what it measures, and
    whether it leans on the figure before."""
    text, index, demonyms, story_country = story.text, story.index, story.demonyms, story.country
    sentence_start, sentence_end = index.sentence(figure.start)
    paragraph_start = index.paragraph_start(figure.start)
    attribution = attributor.attribute(figure.start, figure.end, syntax)
    leans = _leans_on(text, figure, previous) and not (
        previous[0].start < sentence_start and (meaning.names_a_measure(text[sentence_start:figure.start])
                                                or not figure.money and figure.unit is not None
                                                and figure.unit != previous[0].unit))
    # ("... killing 188 people. Cholera cases reached 11,327": a sentence about other things)
    # ("... the figure of 350,000. Russia last disclosed its death toll in 2022, when it put it at 5,940")

    # a clause coordinated with the figure's, with a subject of its own, says nothing of what it counts
    # ("9,500 people had been injured and that 45,000 people were living in tents")
    measure, own_measure = meaning.measure(text, figure, clause.coordinated_start(syntax, sentence_start),
                                           sentence_end)
    if figure.measurement:  # a physical amount ("250mm of rain"): figure finding knows it by its unit
        measure, own_measure = "measurement", True
    group = meaning.group(text, figure, sentence_start, paragraph_start, demonyms, sentence_end, syntax) \
        if not leans else None
    if leans and not own_measure:
        measure = previous[1].measure
    if leans:  # "8,212 Ethiopian soldiers ..., as well as 1,046 Eritreans": its own people first
        group = meaning.people_counted(figure, demonyms) or previous[1].group or meaning.group(
            text, figure, sentence_start, paragraph_start, demonyms, sentence_end)
    speaker = attribution.speaker
    if speaker is not None and speaker.start >= 0 and _OWN_PEOPLE.match(text, figure.end):
        # "The Israeli military said ... two of its soldiers were killed": the speaker's own people
        named = demonyms.between(speaker.start, speaker.start + len(speaker.name) + 12)
        group = named[0][2] if named else group
    if group is None and figure.unit == "people" and measure in _PEOPLE_MEASURES:
        group = story_country

    if previous is not None and _AS_HAD.search(text, max(previous[0].tail, figure.start - 20), figure.start) \
            and measure == "count":
        # "11 protesters had been injured, as had three journalists"
        measure, group = previous[1].measure, group or previous[1].group
    if previous is not None and _SUBSET.match(text, previous[0].tail, figure.start) \
            and figure.start - previous[0].tail < _SUBSET_REACH:
        # "62 Russian soldiers, including two officers": a part of the figure before
        if measure in ("count", "strength") or not own_measure:
            measure = previous[1].measure
        group = group or previous[1].group
    unit = meaning.unit(figure, story_country)
    projected = clause.is_projected(syntax) if syntax is not None else False
    projected = projected or clause.forecast_cue(attribution.cue)
    restated = previous is not None and _OR_RESTATED.fullmatch(text, previous[0].tail, figure.start)
    if (leans or restated) and not projected and previous[1].projected \
            and not _EARLIER_VALUE.search(text, sentence_start, figure.start) \
            and index.sentence(previous[0].start)[0] == sentence_start:
        projected = True

    as_of, projected = _as_of(text, figure, index, story.times, (sentence_start, sentence_end), paragraph_start,
                              speaker, previous if leans else None, projected, story.default_time, story.published,
                              sentence_times, syntax)

    def name(source):
        return source.name if source is not None else None

    return Claim(
        doc=doc, start=figure.start, end=figure.end, text=text[figure.start:figure.end],
        value=figure.value, low=figure.low, high=figure.high, total=figure.total,
        approx=figure.approx, unit=unit, per=figure.per, measure=measure,
        subject=figure.noun, group=group, place=meaning.place(syntax, story, measure), speaker=name(speaker),
        speaker_kind=speaker.kind if speaker is not None else "document",
        via=name(attribution.via), cue=attribution.cue if speaker is not None else None,
        disputed_by=name(attribution.disputed_by), projected=projected, as_of=as_of,
        sentence=text[sentence_start:sentence_end],
    ), own_measure, leans


def _as_of(text: str, figure: Figure, index: TextIndex, times: timing.DocumentTimes, sentence: tuple[int, int],
           paragraph_start: int, speaker, leaned_on, projected: bool, default_time: str | None,
           published_text: str | None, sentence_times: dict[int, str | None],
           syntax: clause.FigureClause | None = None) -> tuple[str | None, bool]:
    """When a figure holds, and whether a target time makes it a projection.
    Evidence in order: a time in its own clause or at its sentence's head; the
    day of the statement that reports it ("..., rescuers said on Thursday"); the
    time its speaker was introduced with just before; the figure it leans on; the sentence
    before in its paragraph; else the publication date for the document's own
    present tense, or the story's day."""
    sentence_start, sentence_end = sentence
    if _A_YEAR_EARLIER.match(text, figure.tail):
        # "40.1 percent in May, up from 24.8 percent a year earlier": the same time, a year before
        stated = [m for m in times.between(sentence_start, figure.start) if m.value and not m.since]
        if stated:
            return str(int(stated[-1].value[:4]) - 1) + stated[-1].value[4:7], projected  # the nearest before it
    mentions = times.between(sentence_start, sentence_end)
    said = timing.statement_time(mentions, syntax, text) if syntax is not None else None
    chosen = timing.choose(mentions, figure.start, figure.tail, text, sentence_start)
    if chosen is not None and chosen.future and not (syntax is not None and clause.decided(syntax)):
        projected = True  # "300,000 by 2035": a target; but "plans to spend X next year" is a decision
    future = projected or bool(_FUTURE.search(text, sentence_start, figure.start))
    if chosen is not None and future and _STATEMENT_TIME.search(text, max(0, chosen.start - 40), chosen.start):
        future = False  # "A study published in The Lancet in July estimated ... could be": when it was said, past
    as_of = (chosen.forward or chosen.value if future else chosen.value) if chosen else None
    quote_index = index.quote(figure.start)
    quote_day = _quote_day(text, index, times, quote_index) if quote_index is not None else None
    if chosen is not None and quote_day is not None and index.quote(chosen.start) == quote_index:
        # '"Yesterday we had seven babies on oxygen," she said on Tuesday': the day before Tuesday
        as_of = timing.day_said(text[chosen.start:chosen.end], timing.parse_date(quote_day)) or as_of
    if as_of is None and quote_day is not None:
        as_of = quote_day  # '"We are receiving wounded every hour," she told Al Jazeera on Tuesday'
    if as_of is None and said is not None:
        as_of = said.value  # "..., rescuers said on Thursday": the statement's own day
    if as_of is None and speaker is not None and figure.tail <= speaker.start < sentence_end:
        # "..., according to a report published last month by the Yale lab": when the source spoke
        published_when = [m for m in times.between(max(figure.tail, speaker.start - 40), speaker.start)
                          if m.value and not m.since and _PUBLISHED_BEFORE.search(text, max(0, m.start - 25), m.start)]
        # ("according to a study by X published on Wednesday": after the source too)
        published_when += [m for m in times.between(speaker.start, sentence_end)
                           if m.value and not m.since and _PUBLISHED_BEFORE.search(text, max(0, m.start - 25), m.start)]
        if published_when:
            as_of = published_when[-1].value
    if as_of is None and speaker is not None and 0 <= speaker.start < sentence_start:
        # "the September 2023 study in the X ... It projected": the time the source was introduced with
        introduced = [m for m in times.between(max(0, speaker.start - 40), speaker.start) if m.value and not m.since]
        if introduced and index.sentence(speaker.start)[1] >= index.sentence(sentence_start - 2)[0]:
            as_of = introduced[-1].value
    if as_of is None and leaned_on is not None and index.sentence(leaned_on[0].start)[0] == sentence_start:
        as_of = leaned_on[1].as_of
    present = _PRESENT.search(text, sentence_start, figure.start) and not _PAST.search(text, sentence_start, figure.start) \
        or speaker is None and _PRESENT_AFTER.match(text, figure.tail) is not None  # "About 6.2 million patients are waiting"
    if as_of is None and sentence_start > paragraph_start and not present \
            and not _SINCE_NOW.search(text, sentence_start, sentence_end):
        # "Aid began to arrive on Tuesday. The United States pledged $25 million." A sentence
        # before with claims of its own lends the time of its first ("Turnout was 61.4 percent,
        # down from ... 72 percent in 2021. Some 310,000 ballots were spoiled.")
        before = index.sentence(sentence_start - 2)[0]
        earlier = [m for m in times.between(before, sentence_start)
                   if m.value and not m.since and not m.future and m.start >= paragraph_start]
        if before >= paragraph_start and sentence_times.get(before):
            as_of = sentence_times[before]
        elif earlier:
            as_of = earlier[-1].value
    if as_of is None:
        # the document's own present-tense figures hold at publication; others on the story's day
        as_of = published_text if present else default_time
    return as_of, projected


def _quote_day(text: str, index: TextIndex, times: timing.DocumentTimes, quote_index: int, depth: int = 0) -> str | None:
    """The day a quotation was spoken, from its attribution ('," she said on
    Tuesday'), or from the quote it continues in its paragraph."""
    quote = index.quotes[quote_index]
    for begin, end in ((quote.end, min(index.sentence(quote.end)[1] if quote.end < len(text) else quote.end,
                                       quote.end + 100)),
                       (index.sentence(quote.start)[0], quote.start)):
        for mention in times.between(begin, end):
            if mention.value and len(mention.value) == 10 and not mention.since \
                    and _SAID_BEFORE.search(text, max(begin, mention.start - 40), mention.start):
                return mention.value
    if depth < 3 and quote_index > 0 and (quote.continues or index.paragraph_start(quote.start)
                                          == index.paragraph_start(index.quotes[quote_index - 1].start)):
        return _quote_day(text, index, times, quote_index - 1, depth + 1)
    return None


def _leans_on(text: str, figure: Figure, previous) -> bool:
    """A figure with no noun of its own, close after another in the same
    paragraph, leans on it: 'or 1.3 million per year', 'Not 300,000'."""
    if previous is None or figure.percent or figure.money != previous[0].money or previous[0].percent:
        return False  # ("up 31 percent on last year, to 27,600": a level, not the share again)
    if figure.noun and figure.noun.lower() not in PARTICIPLES:
        return False  # "70,000 killed and 120,000 wounded": a participle is no noun of its own
    gap = text[previous[0].tail:figure.start]
    if _PUT_THE_NOUN_AT.search(gap):
        return False  # "Police, who deployed 340 officers, put the crowd at about 24,000": a figure of its own
    return len(gap) < _LEAN_DISTANCE and "\n" not in gap


# A document longer than this is read in pieces cut at paragraph, else
# sentence, else word boundaries: memory and time per piece stay bounded
# whatever one document holds (offsets stay offsets into the whole text).
PIECE_SIZE = 100_000
_SENTENCE_ENDS = (". ", "! ", "? ", "\u201d ", "\" ", "\u3002")  # a quotation closed, then a space


def pieces(text: str, size: int = PIECE_SIZE) -> Iterator[tuple[int, str]]:
    """(offset, piece) of `text`, each piece at most `size` characters, cut
    at the last paragraph break in a piece's second half, else the last line
    break, sentence end or space there; the whole text when it is short.

    >>> [(offset, len(piece)) for offset, piece in pieces("a b.\\n\\nc d. e f. g", size=8)]
    [(0, 6), (6, 7), (13, 4)]
    """
    start = 0
    while len(text) - start > size:
        end = _cut(text, start + size // 2, start + size)
        yield start, text[start:end]
        start = end
    yield start, text[start:]


def _cut(text: str, earliest: int, limit: int) -> int:
    for separators in (("\n\n",), ("\n",), _SENTENCE_ENDS, (" ", "\t", "\u00a0", "\u3000")):
        found = max(((text.rfind(sep, earliest, limit), sep) for sep in separators), key=lambda x: x[0])
        if found[0] >= 0:
            return found[0] + len(found[1])
    return limit


def stream_pieces(chunks: Iterable[str], size: int = PIECE_SIZE) -> Iterator[tuple[int, str]]:
    """`pieces` of a text given in chunks (a file read a block at a time):
    the same cuts, with at most a piece and a chunk in memory."""
    buffer, offset = "", 0
    for chunk in chunks:
        buffer += chunk
        while len(buffer) > size:
            end = _cut(buffer, size // 2, size)
            yield offset, buffer[:end]
            offset, buffer = offset + end, buffer[end:]
    yield offset, buffer


def extract_pieces(document: Document, piece_size: int | None = None, *,
                   all_quantities: bool = False, model: str | None = None) -> Iterator[Claim | Failure]:
    """The claims of one document as they come, piece by piece (see
    `pieces`; a streamed document is read a chunk at a time), offsets into
    the whole text; a `Failure` naming the document, last, if its text turns
    out unreadable or the extractor fails on a piece."""
    piece_size = piece_size or PIECE_SIZE
    cut = pieces(document.text, piece_size) if document.stream is None \
        else stream_pieces(document.stream(), piece_size)
    try:
        for offset, piece in cut:
            claims = extract_document(Document(document.id, piece, document.published, source=document.source),
                                      all_quantities=all_quantities, model=model)
            if isinstance(claims, Failure):
                yield claims
                return
            for claim in claims:
                claim.start += offset
                claim.end += offset
                yield claim
    except (UnreadableText, OSError) as error:
        yield Failure(document.source or document.id,
                      str(error) if isinstance(error, UnreadableText) else error.strerror or str(error))


def extract_document(document: Document, *, all_quantities: bool = False,
                     model: str | None = None) -> list[Claim] | Failure:
    """The claims of one document, or a `Failure` naming it: no text ends a
    run. The whole text is read at once (see `extract_pieces` for long ones)."""
    try:
        return extract(document.text, published=document.published, doc_id=document.id,
                       all_quantities=all_quantities, model=model)
    except Exception as error:  # RecursionError and MemoryError included: one document, not the run
        return Failure(document.source or document.id, f"extractor error: {type(error).__name__}: {error}")


def extract_documents(docs: Iterable[Document], on_failure: Callable[[Failure], None] | None = None, *,
                      all_quantities: bool = False, model: str | None = None) -> Iterator[Claim]:
    """Claims (or, with `all_quantities`, every quantity) of many documents,
    streamed: one document in memory at a time, a long one read in pieces. A
    document the extractor cannot read is passed to `on_failure` (or logged
    as a warning) and the run goes on."""
    for document in docs:
        for claim in extract_pieces(document, all_quantities=all_quantities, model=model):
            if isinstance(claim, Failure):
                if on_failure is None:
                    logging.getLogger("claimledger").warning("%s", claim)
                else:
                    on_failure(claim)
                break
            yield claim


# ---------------------------------------------------------------- every quantity
def _every_quantity(text: str, doc: str, figures: list[Figure], published: str | None,
                    model: str | None = None) -> list[Claim]:
    """The claims exactly as claims mode gives them, and beside them every
    quantity that is no claim (a duration, an age, a size used as a modifier,
    a score, a rank; a count of the sources themselves), in document order."""
    # figure finding reads the same claims in both modes: they are the figures of kind CLAIM
    claims = _claims(text, doc, [f for f in figures if f.kind == CLAIM], published, model)
    for claim in claims:
        claim.claim, claim.kind = True, CLAIM
    claimed = {(c.start, c.end) for c in claims}
    index = None
    others = []
    for figure in figures:
        if figure.kind == CLAIM and (figure.start, figure.end) in claimed:
            continue
        index = index or TextIndex(text)
        sentence_start, sentence_end = index.sentence(figure.start)
        kind = figure.kind if figure.kind != CLAIM else MODIFIER  # "two diplomats said": who speaks, not a claim
        others.append(Claim(
            doc=doc, start=figure.start, end=figure.end, text=text[figure.start:figure.end],
            value=figure.value, low=figure.low, high=figure.high, total=figure.total, approx=figure.approx,
            unit=figure.unit, per=figure.per, measure="measurement" if figure.measurement else "count",
            subject=figure.noun, sentence=text[sentence_start:sentence_end], claim=False, kind=kind))
    return sorted(claims + others, key=lambda c: (c.start, c.end))
