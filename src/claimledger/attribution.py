"""Attribution and stance: who puts each figure forward, through whom, with
which words, and who rejects it.

Order of evidence for a figure: an attribution inside its own clause ("as
the rebels claim", "officials said privately ..."), then the quotation that
holds it (attribution after, before, or carried over from the quote before),
then the reporting verb of its sentence, "according to", or a trailing
", officials said". No evidence: the document's own voice (null).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import alternation, last_match, words
from .names import NameIndex, Source, classify_run, is_country, is_speaker_name, source_from_phrase, strip_possessive
from .clause import FigureClause, Report, span_of
from .sentences import TextIndex
from .turns import Turns

_I = re.IGNORECASE
_VERBS = words("reporting_verbs.txt")
_VERB_RE = re.compile(r"(?<![\w])(?=[a-z])(?P<verb>" + alternation(v for v in _VERBS if v != "according to") + r")\b(?P<adverb>\s+(?:privately|publicly|separately|earlier|later|recently)\b)?")  # reporting verbs are lower-case: "the United States" holds no "states"
_DENIALS = [w for w in words("denial_cues.txt") if w != "not"]
_DENIAL_RE = re.compile(r"(?<![\w])(?=[A-Za-z])(?P<verb>" + alternation(_DENIALS) + r")\b", _I)
_ACCORDING = re.compile(r"\baccording\s+to\s+(?P<np>[^,.;:\u201c\u201d\"()]{2,80}?)(?=\s*(?:[,.;:\u201c\u201d\"()]|$|"
                        r"\b(?-i:last|this|who|which|that)\b|\b(?-i:on|in|at)\s+(?!(?-i:[A-Z])(?![a-z]*day\b)"
                        r"(?!(?:January|February|March|April|May|June|July|August|September|October|November|December)\b))))", _I)
_REPORTS = re.compile(r"\b(?:amid|after|following|despite|with)\s+(?P<np>(?:(?:unconfirmed|media|press|news|local|several|multiple|credible)\s+)*reports)\b(?:\s+that)?", _I)
_SURVEY_BY = re.compile(r"\b(?:in|according\s+to)\s+(?:a|an|the|its|their)\s+(?:[\w-]+\s+)?(?P<kind>survey|report|study|poll|"
                        r"analysis|assessment|census|count|review)\b[^,;]{0,60}?\bby\s+(?P<np>(?:the\s+)?[A-Z][^,;:()]{1,70}?)\s*,", _I)
_BARE_DATA = frozenset({"figures", "data", "documents", "records", "numbers", "statistics", "papers", "files", "estimates"})
_HELD_BY = re.compile(r"\s+(?:obtained|seen|reviewed|viewed|leaked|shared)\s+(?:by|to|with)\s+(?P<outlet>.+)$", _I)
_BY_AUTHOR = re.compile(r"[^,.;]{0,40}?\b(?:by|from)\s+(?P<np>(?:the\s+)?[A-Z][^,.;:()]{1,60}|(?:[a-z]+\s+)?"
                        r"(?:researchers|scientists|experts|economists|analysts|academics|epidemiologists)\b)")
_POSSESSIVE_FIGURE = re.compile(r"(?P<np>(?:the\s+)?[\w-]+(?:\s+[\w-]+)?)(?:['\u2019]s|(?<=s)['\u2019])\s+(?:own\s+)?(?:(?:figure|estimate|count|tally|toll|number)\s+of\s+)?$", _I)
_AS_CLAIM = re.compile(
    r"\b(?:whatever|as|like|that)\s+(?P<np>[^,.;:\u201c\u201d\"]{1,60}?)\s+(?:(?:is|are|was|were|has|have|had)\s+)?"
    r"(?P<verb>saying|claiming|claims?|claimed|say|says|said|reported|reports|alleges?|alleged|estimates?|estimated|insists?|insisted)\b", _I)
_BY_SOURCE = re.compile(r"^[^.;]{0,70}?\b(?P<verb>given|cited|claimed|reported|put forward|published|released|announced|quoted)\s+by\s+(?P<np>[^,.;:\u201c\u201d\"()]{2,60})", _I)
_NEGATION = re.compile(r"\b(?:not|never|nowhere\s+near|far\s+from|rather\s+than|instead\s+of|false\s+claims?\s+of)\s+"
                       r"(?:even\s+|just\s+|only\s+|the\s+)?(?:[\d.,]+\s*(?:or|and|,|nor)\s*)*(?:about\s+|some\s+)?$", _I)
_BOUNDARY = re.compile(r"[,;:(\u2014\u201c\u201d\"]|\bthat\b|\bbut\b|\bthough\b|\balthough\b|\bwhile\b|\bwhereas\b")
_QUOTED = re.compile(r"[\u201c\"][^\u201c\u201d\"]*[\u201d\"]")  # a quotation holds no subject of the verb after it
_AGE = re.compile(r",\s*\d{1,3}\s*,\s*$")
_PASSIVE_END = re.compile(r"\b(?:was|were|is|are|been|be|being)\s*$", _I)  # "A capsized trawler was found": no source
_ISSUED_PAPER = frozenset({"statement", "bulletin", "communique", "release"})
_ROLE_WORDS = words("role_nouns.txt")
# "X, who ..., has said": an aside before the verb, and the auxiliaries after it
_AUXILIARY_RUN = (r"(?:(?:has|have|had|also|later|earlier|now|initially|originally|first|so\s+far|thus\s+far|today|"
                  r"yesterday|on\s+[A-Z][a-z]+day)\s+)*")
_RELATIVE_CLAUSE = re.compile(r",\s*(?:who|which|whose)\b[^,;:\u201c\u201d\"]*,\s*" + _AUXILIARY_RUN + "$", _I)
_ASIDE = re.compile(r",\s*(?:for\s+(?:its|his|her|their)\s+part|in\s+(?:(?:its|his|her|their)\s+)?turn|meanwhile|however|too|also|separately|"
                    r"in\s+a\s+statement|on\s+\w+day)\s*,\s*$", _I)
_APPOSITION = re.compile(r",\s*(?:(?:an?|the)\s+[\w-]|(?:[a-z]+\s+){0,2}(?:" + alternation(_ROLE_WORDS) + r")\b|[a-z]+ing\b|quoted\b|asked\b|(?:published|released|issued|conducted|commissioned|compiled)\b)[^,;:\u201c\u201d\"]{0,140},\s*" + _AUXILIARY_RUN + "$")
_DEED_VERBS = frozenset({"appealed", "launched", "pledged", "pledges", "promised", "promises", "offered", "committed", "commits",
                         "allocated", "approved", "released", "unveiled", "announced", "announces", "announcing"})
_ROLE_THEN_NAME = re.compile(r"\s+(?:its|the|their|his|her)\s+[a-z][\w\s'\u2019-]{1,40}?,\s*"
                             r"(?P<name>(?:Dr\.?\s+)?[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*){1,3})(?=\s*[,.;]|\s*$)")
_MADE_BY = re.compile(r"\b(?:released|published|compiled|issued|provided|collected|gathered|kept)\b(?:\s+(?:on|in|last|this)\s+\w+)?"
                      r"\s+by\s+(?P<np>.+)$", _I)
_INVERTED_SAID = re.compile(r"\b(?:said|says|added|told\s+\w+)\s+(?P<np>(?:(?:Dr|Mr|Mrs|Ms|Prof)\.?\s+)?[A-Z][^,;:\u201c\u201d\"]{1,60})")
_FIGURE_OF = re.compile(r"\b(?:figure|estimate|count|tally|toll|number)\s+of\s+$", _I)
_SPEECH = words("speech_verbs.txt")
_TRAILING_CITING = re.compile(r",\s*(?:citing|quoting)\s+(?P<np>[^,.;:\u201c\u201d\"]{2,60})")
_STATUS_AFTER = re.compile(r"\s+(?:dead|killed|missing|infected|positive|cases|deaths|wounded|injured|alive)\b")
_AUTHORED = words("document_nouns.txt")
_THE_DOCUMENT = re.compile(r"(?:the|this|that|its|their)\s+(?:[\w-]+\s+)?\w+$", _I)
_AUTHORED_BY = re.compile(r"\b(?i:" + alternation(_AUTHORED) + r")\b[^.;:,]{0,40}?\bby\s+"
                          r"(?P<np>(?:the\s+)?[\w'\u2019-]+(?:\s+(?:at|of|from|for|and|the|[A-Z][\w'\u2019-]*))*)")
_AT_BODY = re.compile(r"\s+(?:at|of|from|with)\s+(?:the\s+)?[A-Z][\w'\u2019-]*(?:\s+(?:of|for|the|and|[A-Z][\w'\u2019-]*))*")
_MEMBER_NOUNS = words("member_nouns.txt")
_ISSUING = frozenset({"released", "published", "issued", "compiled", "prepared"})
_DOCUMENT_BEFORE = re.compile(r"\b(?:" + alternation(_AUTHORED | {"statement", "update", "document", "data", "figures",
                                                                "estimates", "bulletin", "findings"}) + r")\s+$", _I)
_CITING = frozenset({"citing", "quoting", "cited", "quoted"})
_WEAK_VERBS = frozenset({"listed", "lists", "found", "finds", "showed", "shows", "counted", "counts", "recorded", "records",
                         "registered", "tallied", "put", "puts", "reported", "identified", "documented", "verified"})
_CITED_SOURCE = re.compile(r"\s+(?P<np>[^,;:\u201c\u201d\"]{2,80}?)(?=\s*,|\s+(?:as\s+saying|saying|claiming|that)\b)", _I)
_MAIN_VERB = re.compile(r"\b(?:[a-z]+ed|has|have|had|is|are|was|were|does|do|did|will|would|can|could|says|said|denies|"
                        r"rejects|claims)\b")
_AUXILIARIES = re.compile(r"\b(?:has|have|had|also|later|earlier|then|previously|since)\b", _I)
_COORDINATION = re.compile(r",\s*(?:while|but|and|whereas)\b|;")  # "organisers said, while police gave": no nesting
_TRAILING_END = re.compile(r"(?:\s+(?:reporters|journalists|lawmakers|parliament|[A-Z][\w.-]*|(?:the|a|an)\s+[\w-]+(?:\s+[\w-]+)?))?"
                           r"(?:\s+[A-Z][\w.-]*){0,2}"  # "told the state broadcaster RTS on Sunday"
                           r"\s*(?:[,;.!?]|$|(?:on|in|at|late|early|earlier|later|last|this|yesterday|today|"
                           r"privately|publicly|separately|recently|by\s+phone|in\s+a\s+statement)\b)")
_FIRST_PERSON = frozenset({"i", "we", "us", "me", "you"})
_PRONOUN_RE = re.compile(r"^(?:he|she|they|it|him|her|them)$", _I)


@dataclass(slots=True)
class Attribution:
    speaker: Source | None = None
    via: Source | None = None
    cue: str | None = None
    disputed_by: Source | None = None


class Attributor:
    """Attribution for the figures of one document."""

    def __init__(self, text: str, index: TextIndex, names: NameIndex):
        self.text = text
        self.index = index
        self.names = names
        self.turns = Turns(text, names)
        self.speakers: list[Source] = []      # resolved so far, for pronouns
        self._quote_cache: dict[int, tuple[Source | None, str | None]] = {}

    # ------------------------------------------------------------ entry
    def attribute(self, start: int, end: int, clause: FigureClause | None = None) -> Attribution:
        quote_index = self.index.quote(start)
        if quote_index is not None:
            result = self._in_quote(quote_index, start, end)
        else:
            result = self._narration(start, end, clause)
            turn = self.turn_speaker(start)
            if turn is not None and result.speaker is None:
                result.speaker = turn  # "MINISTER GARCÍA: We have counted 38 deaths."
            elif turn is not None and result.speaker.name != turn.name and result.via is None:
                result.via = turn  # "PRESENTER: The ministry says 38 ...": the ministry, through the presenter
        if result.speaker is not None:
            self.speakers.append(result.speaker)
        return result

    def turn_speaker(self, position: int) -> Source | None:
        """The speaker whose turn this is, from the document's layout (labels,
        name headings, signatures: `turns.Turns`). Later stages ask too."""
        return self.turns.speaker(position)

    # ------------------------------------------------------------ quotations
    def _in_quote(self, quote_index: int, start: int, end: int) -> Attribution:
        quote = self.index.quotes[quote_index]
        outer, cue = self._quote_speaker(quote_index)
        clause_start = self._clause_start(max(quote.start + 1, self.index.sentence(start)[0]), start)
        inner = self._as_claim(start, quote.end) or self._verb_before(clause_start, start)
        negated = bool(_NEGATION.search(self.text[max(quote.start + 1, start - 60):start]))
        if inner is not None and inner[0] is not None and inner[0].name.lower() not in _FIRST_PERSON:
            speaker, inner_cue = inner
            if outer is not None and speaker.name == outer.name:
                return Attribution(speaker=outer, cue=cue)
            return Attribution(speaker=speaker, via=outer, cue=inner_cue,
                               disputed_by=outer if negated else None)
        return Attribution(speaker=outer, cue=cue)

    def _quote_speaker(self, quote_index: int) -> tuple[Source | None, str | None]:
        if quote_index in self._quote_cache:
            return self._quote_cache[quote_index]
        self._quote_cache[quote_index] = (None, None)  # guards against cycles
        quote = self.index.quotes[quote_index]
        found = self._after_quote(quote) or self._before_quote(quote)
        if found is None and quote_index > 0:
            previous = self.index.quotes[quote_index - 1]
            same_paragraph = self.index.paragraph_start(previous.start) == self.index.paragraph_start(quote.start)
            # a paragraph that opens with an unattributed quote goes on with the last speaker quoted
            between = self.text[previous.end:quote.start]
            next_paragraph = self._opens_paragraph(quote.start) and between.count("\n\n") <= 1 \
                and len(between.split()) <= 8
            if quote.continues or same_paragraph or next_paragraph:
                earlier = quote_index - 1  # the quotes before, oldest first: no recursion a thousand deep
                while earlier > 0 and earlier - 1 not in self._quote_cache:
                    earlier -= 1
                for i in range(earlier, quote_index - 1):
                    self._quote_speaker(i)
                found = self._quote_speaker(quote_index - 1)
        found = found or (None, None)
        self._quote_cache[quote_index] = found
        return found

    def _opens_paragraph(self, position: int) -> bool:
        return not self.text[self.index.paragraph_start(position):position].strip()

    def _after_quote(self, quote) -> tuple[Source, str] | None:
        text = self.text
        inside_end = quote.end - 1
        sentence_end = self.index.sentence(quote.end)[1] if quote.end < len(text) else quote.end
        stop = re.search(r"[\n\u201c\"]", text[quote.end:quote.end + 120])
        limit = min(quote.end + (stop.start() if stop else 120), max(sentence_end, quote.end))
        after = text[quote.end:limit]
        first = after.lstrip()[:1]
        ended_with_comma = text[max(quote.start, inside_end - 2):inside_end].rstrip().endswith((",", "?", "!"))
        if not first or not (first == "," or ended_with_comma):
            return None  # '"at most 120,000" of the soldiers counted': no attribution after a comma
        verb = _VERB_RE.search(after)
        if not verb:
            return None
        before_verb = after[:verb.start()].strip(" ,").split(",")[0]  # "Gen. X, the army chief, told"
        if len(before_verb.split()) > 6:
            return None
        if before_verb:
            source = self._source(before_verb, quote.end)
        else:
            rest = re.split(r"[,;]", after[verb.end():])[0]
            source = self._source(rest, quote.end + verb.end())
        return (source, _cue(verb)) if source else None

    def _before_quote(self, quote) -> tuple[Source, str] | None:
        sentence_start = self.index.sentence(quote.start)[0]
        if sentence_start >= quote.start:  # the quote opens its sentence: look at the one before
            return None
        found = self._verb_before(sentence_start, quote.start)
        return found if found and found[0] is not None else None

    # ------------------------------------------------------------ narration
    def _narration(self, start: int, end: int, clause: FigureClause | None) -> Attribution:
        """Outside quotations: the tree's reading, unless it found nothing, or
        found only a record or a deed ("the rebels released three") where the
        words around the figure name a speech ("..., the diplomats said"): a
        parser misses attachments, and a speech verb near the figure is
        stronger evidence than a record verb it found."""
        found = self._from_tree(clause) if clause is not None else None
        if found is None:
            return self._in_narration(start, end)
        tree, weak = found
        words_ = None  # the reading of the words around the figure, read once if asked for
        if tree.speaker is None and tree.disputed_by is not None:
            # "dismissed the organisers' figure of 250,000": the tree found who rejects it; whose it is
            # may still be named next to it
            words_ = self._in_narration(start, end)
            if words_.speaker is not None and words_.speaker.name != tree.disputed_by.name:
                tree.speaker, tree.cue = words_.speaker, words_.cue
        if tree.speaker is not None and weak:
            words_ = words_ or self._in_narration(start, end)
            if words_.speaker is not None and words_.cue and words_.cue.split()[0] in _SPEECH:
                return words_
        return tree

    def _from_tree(self, clause: FigureClause) -> tuple[Attribution, bool] | None:
        """(attribution, whether it rests on a record or a deed rather than a
        speech). Who reports the figure's clause, read from the tree: the innermost
        report's source is the speaker (or the one it cites), the next one out
        with another source is `via`; a verb of denial makes its subject the
        disputer. A record inside a speech ("said clinics were recording 250")
        and a pronoun or "we" inside one ("Britain said it would provide") are
        the outer speaker's; an agentless passive ("it was reported") names nobody."""
        spoken = [r for r in clause.reports if not r.negated]
        # a record or a deed that a speech reports is the speaker's ("said clinics were recording
        # 250"; "Croatia will send €120m, the minister said")
        spoken = [r for k, r in enumerate(spoken)
                  if not (r.weak and (r.deed or _reported_clause(r)) and any(not o.weak for o in spoken[k + 1:]))]
        chain: list[tuple[Source, Report]] = []
        for k, report in enumerate(spoken):
            if report.nobody:
                if not chain and k == len(spoken) - 1:
                    return Attribution(), False  # ("It was reported that 300 died")
                continue
            if not report.sources:
                continue  # a subject the parser did not find: the next report, or the words around
            words_ = span_of(report.sources)
            if len(words_) == 1 and words_[0].pos_ == "PRON" and k < len(spoken) - 1:
                continue  # ("Britain said it would provide £8m")
            source = self._words_source(words_, clause)
            if source is None or source.name.lower() in _FIRST_PERSON or words_[-1].lower_ in _FIGURE_WORDS:
                continue  # ("the figure included 1,900 away supporters": no source)
            if report.cited:
                cited = self._words_source(span_of([_data_owner(t) for t in report.cited]), clause)
                if cited is not None:
                    chain.append((cited, report))
            chain.append((source, report))
        if not chain:
            return None
        (speaker, report), outer = chain[0], chain[1:]
        weak = report.weak or not report.cue
        if report.denies:
            return Attribution(disputed_by=speaker), weak
        via = next((source for source, outer_report in outer if source.name != speaker.name
                    and not outer_report.denies), None)
        disputer = next((source for source, outer_report in outer if outer_report.denies), None)
        return Attribution(speaker=speaker, via=via, cue=report.cue, disputed_by=disputer), weak

    def _words_source(self, words_, clause: FigureClause) -> Source | None:
        if not words_:
            return None
        sentence = clause.sentence
        start, end = sentence.offset(words_[0]), sentence.end_of(words_[-1])
        return self._source(self.text[start:end], start)

    def _in_narration(self, start: int, end: int) -> Attribution:
        sentence = self.index.sentence(start)
        disputer = self._disputer(sentence[0], start)
        found, via = self._named_with_the_figure(start, end, sentence), None
        if found is None:
            found, via = self._reported_speech(start, end, sentence)
        if found is None:
            return Attribution(disputed_by=disputer)
        speaker, cue = found
        if disputer is not None and speaker is not None and disputer.name == speaker.name:
            speaker, cue = None, None
        return Attribution(speaker=speaker, via=via, cue=cue, disputed_by=disputer)

    def _disputer(self, sentence_start: int, start: int) -> Source | None:
        """Who rejects the figure in its own clause: 'X denied the figure of 350'."""
        before = self.text[sentence_start:start]
        denial = None
        for denial in _DENIAL_RE.finditer(before):
            if re.search(r"\b(?:a|an|the|its|their)\s+$", before[:denial.start()]):
                denial = None  # "the disputed figure": an adjective
        if denial is None or _VERB_RE.search(before, denial.end()):
            return None  # none, or "Fletcher dismissed the figure ..., and said the company made £310m"
        return self._subject_before(sentence_start, sentence_start + denial.start())

    def _named_with_the_figure(self, start: int, end: int, sentence: tuple[int, int]):
        """A source named with the figure itself: '2,000 deaths given by the rebels',
        'the ministry's figure of 42', 'in a survey ... by the Association, 68 percent'."""
        sentence_start, sentence_end = sentence
        claim_by = _BY_SOURCE.match(self.text, end, sentence_end)
        if claim_by:
            source = self._source(claim_by.group("np"), end + claim_by.start("np"))
            if source:
                return source, claim_by.group("verb").lower() + " by"
        owner = _POSSESSIVE_FIGURE.search(self.text, max(sentence_start, start - 60), start)
        if owner and owner.group("np").split()[-1].lower() not in _FIRST_PERSON:
            source = self._source(owner.group("np"), owner.start("np"))
            figure_of = _FIGURE_OF.search(owner.group(0))
            claim_word = figure_of or owner.group("np").lower().startswith("the ")  # "the governor's 11,000"
            if source is not None and (source.kind in ("organization", "publication")
                                       or source.kind == "person" and " " in source.name and claim_word
                                       or source.kind == "anonymous" and figure_of):
                # ("the organisers' figure of 250,000"; but "the district's 604 shelters" are the district's things)
                return source, None  # "the ministry's 42"; a person's only as "Aguirre's figure of": not his votes
        survey = _SURVEY_BY.search(self.text, sentence_start, start)
        if survey:
            source = self._source(survey.group("np"), survey.start("np"))
            if source is not None:
                return source, survey.group("kind").lower()
        return None

    def _reported_speech(self, start: int, end: int, sentence: tuple[int, int]):
        """(speaker and cue, via) from the sentence's reporting verbs, 'amid reports',
        'according to X', or a trailing ', X said'."""
        sentence_start, sentence_end = sentence
        reports = last_match(_REPORTS, self.text, sentence_start, start)
        chain = self._verb_chain(sentence_start, start)
        according = self._according(sentence_start, sentence_end, start)
        if reports:
            # "amid reports they were ...": the noun, not a verb with a subject
            chain = [c for c in chain if not (reports.start() <= c[2] < reports.end())]
            if not chain or chain[-1][2] < reports.start():
                return (Source(reports.group("np"), "anonymous", reports.start("np")), "reports"), None
        country = bool(chain) and is_country(chain[-1][0].name)
        if chain and (chain[-1][1].split()[0] in _WEAK_VERBS | _DEED_VERBS or country):
            # "Uganda has confirmed 4,212 cases ..., the Health Ministry said": who said so
            trailing = self._verb_after(end, sentence_end)
            if trailing is None and country:
                # "Brazil has recorded 1,116 deaths ..., and a further 1,580 ..., the Health Ministry said"
                trailing = self._verb_after(end, sentence_end, across_clauses=True)
            if trailing is not None:
                return trailing, None  # "Brazil has recorded 1,116 deaths, the Health Ministry said"
        if chain:
            if according and (according[2] > chain[-1][2] or chain[-1][1].split()[0] in _DEED_VERBS):
                return according[:2], according[3]  # "Washington has committed $50bn, according to the State Department"
            # an outer verb that takes a clause ("the Times reported that officials said"); not one
            # that took a figure of its own ("World Bank puts damage at $8.4bn, Beirut says $17bn")
            via = next((c[0] for c in reversed(chain[:-1]) if c[0].name != chain[-1][0].name
                        and c[1].split()[0] not in _WEAK_VERBS | _DEED_VERBS
                        and not _COORDINATION.search(self.text, c[2], chain[-1][2])), None)
            cited = self._cited_after(end, sentence_end, own_clause=True) \
                if chain[-1][1].split()[0] in _SPEECH else None
            if cited is not None:  # "The agency said 12 people had died, citing a fire brigade official"
                return (cited[0], chain[-1][1]), chain[-1][0]
            return chain[-1][:2], via
        if according:
            return according[:2], according[3]
        trailing = self._verb_after(end, sentence_end)
        # "..., the provincial government said, citing village officials": the officials, via the government
        cited = self._cited_after(end, sentence_end, own_clause=trailing is None)
        if trailing is not None and cited is not None and cited[1] > trailing[0].start:
            return (cited[0], trailing[1]), trailing[0]
        if trailing is None and cited is not None:
            return (cited[0], "citing"), None  # "An earlier entry said 12 had died, citing a fire brigade official"
        return trailing, None

    def _cited_after(self, end: int, sentence_end: int, own_clause: bool) -> tuple[Source, int] | None:
        """The source of ", citing X" after a figure, and where the phrase starts; with
        `own_clause`, only when no reporting verb comes between (then X is not the figure's)."""
        cited = _TRAILING_CITING.search(self.text, end, sentence_end)
        if cited is None or own_clause and _VERB_RE.search(self.text, end, cited.start()):
            return None
        source = self._source(cited.group("np"), cited.start("np"))
        return (source, cited.start()) if source is not None else None

    def _verb_chain(self, begin: int, position: int) -> list[tuple[Source, str, int]]:
        """Attributions before `position`, in order: 'the Times cited US officials
        claiming' -> [(Times, cited), (US officials, claiming)]."""
        chain = []
        for verb in _VERB_RE.finditer(self.text, begin, position):
            word = verb.group("verb").lower()
            if re.search(r"\b(?:an|the|a)\s+$", self.text[max(begin, verb.start() - 5):verb.start()]):
                continue  # "an estimated 45,000", "the reported 300": an adjective
            if self.text[verb.end():verb.end() + 4].startswith((" by", " of")) and word in (
                    "reports", "claims", "estimates", "report", "claim", "estimate", "counts", "records"):
                continue  # a noun: "reports of", "estimates by"
            if word == "adding" and self.text.startswith(" to ", verb.end()):
                continue  # "..., adding to about 41,000 people displaced": in addition, not speech
            if word in ("confirmed", "reported") and _STATUS_AFTER.match(self.text, verb.end()):
                continue  # "79 people confirmed dead", "reported missing": a status, not a source speaking
            if word in _ISSUING and _DOCUMENT_BEFORE.search(self.text, max(begin, verb.start() - 30), verb.start()):
                continue  # "said in a report released on Monday": the report's making, not a source speaking
            if word in _CITING:
                cited = _CITED_SOURCE.match(self.text, verb.end(), position)
                source = self._source(cited.group("np"), cited.start("np")) if cited else None
                if source is not None:
                    # "The Courier, citing Western officials, reported": the officials speak, via the Courier
                    outer = self._subject_before(begin, verb.start())
                    if outer is not None:
                        chain.append((outer, word, verb.start()))
                    chain.append((source, word, verb.start() + 1))
                continue
            if word.endswith("ing") and self.text[max(begin, verb.start() - 2):verb.start()].startswith(","):
                # ", saying ...": the subject of the clause it hangs on
                inverted = None if chain else last_match(_INVERTED_SAID, self.text, begin, verb.start())
                if inverted is not None:  # '"...," said Dr. Ana Ruiz, the surgeon, adding that ...'
                    subject = self._source(inverted.group("np"), inverted.start("np"))
                else:
                    subject = chain[-1][0] if chain else self._main_subject(begin, verb.start())
                if subject is not None:
                    chain.append((subject, _cue(verb), verb.start()))
                continue
            subject = self._subject_before(begin, verb.start())
            if subject is not None and subject.name.lower() not in _FIRST_PERSON:
                if word in _WEAK_VERBS and any(c[1].split()[0] not in _WEAK_VERBS
                                               and not _COORDINATION.search(self.text, c[2], verb.start()) for c in chain):
                    continue  # "X said his campaign had found ...": X still speaks (but not across ", while")
                chain.append((subject, _cue(verb), verb.start()))
        return _drop_outlet_verb(chain)

    def _verb_before(self, begin: int, position: int) -> tuple[Source, str] | None:
        chain = self._verb_chain(begin, position)
        return chain[-1][:2] if chain else None

    def _verb_after(self, end: int, sentence_end: int, across_clauses: bool = False) -> tuple[Source, str] | None:
        """'... 500 people died, officials said.' / '..., said the ministry.' /
        '... killed 143 since January, the Health Ministry said on Tuesday, warning ...'"""
        rest = self.text[end:sentence_end]
        for comma in re.finditer(",", rest):
            tail = rest[comma.end():]
            if _NEW_CLAUSE.match(tail):
                if across_clauses:
                    continue
                break  # "About 300 marched, and a petition has gathered 112,000 signatures, its organisers said"
            verb = _VERB_RE.search(tail)
            if not verb or len(tail[:verb.start()].split()) > 7 or re.match(r"\s*(?:and|which|who|that|whose)\b", tail):
                continue
            if not _TRAILING_END.match(tail[verb.end():]):
                continue  # "..., and its government has warned that ...": a clause of its own
            offset = end + comma.end()
            before_verb = tail[:verb.start()].strip()
            if before_verb:
                source = self._source(before_verb, offset)
            else:
                named = _ROLE_THEN_NAME.match(tail, verb.end())  # "said its editor, Selam Bekele"
                if named:
                    source = self._source(named.group("name"), offset + named.start("name"))
                else:
                    source = self._source(re.split(r"[,;]", tail[verb.end():])[0], offset + verb.end())
            if source:
                return source, _cue(verb)
        return None

    def _according(self, sentence_start: int, sentence_end: int, position: int):
        """(source, cue, where, via) of 'according to X' in the sentence."""
        for match in _ACCORDING.finditer(self.text, sentence_start, sentence_end):
            held = _HELD_BY.search(match.group("np"))
            if held:
                # "according to an internal report obtained by the Examiner": the report speaks, via the outlet
                np, outlet = match.group("np"), re.split(r"\s+(?:through|via|under|after|in|from)\s", held.group("outlet"))[0]
                document = self._source(np[:held.start()], match.start("np"))
                if document is not None and document.name.lower() in _BARE_DATA:
                    # "figures obtained by the Courier": nobody's figures but as obtained
                    document = Source(np[:held.start("outlet")].strip() + " " + outlet, "document", match.start("np"))
                if document:
                    return document, "according to", match.start(), \
                        self._source(outlet, match.start("np") + held.start("outlet"))
            made_by = _MADE_BY.search(match.group("np"))
            if made_by:  # "according to figures released by its public health directorate"
                source = self._source(made_by.group("np"), match.start("np") + made_by.start("np"))
                if source:
                    return source, "according to", match.start(), None
            by = _BY_AUTHOR.match(self.text, match.end(), sentence_end)
            if by:  # "according to a report published last month by the Khartoum Monitoring Group"
                source = self._source(by.group("np"), by.start("np"))
                if source:
                    return source, "according to", match.start(), None
            np = match.group("np")
            at_body = _AT_BODY.match(self.text, match.end("np"))
            if at_body and np.split()[-1].lower() in _MEMBER_NOUNS:
                np += at_body.group(0)  # "a study by researchers at the London School of ...": the school
            source = self._source(np, match.start("np"))
            if source and not (source.name.lower() in _BARE_DATA and source.kind == "anonymous"):
                return source, "according to", match.start(), None  # "according to the data": nobody in particular
        return None

    def _as_claim(self, position: int, limit: int) -> tuple[Source, str] | None:
        """'Not 300,000 or 150,000, or whatever Putin ... are saying'."""
        window_end = min(limit, position + 120)
        clause = re.split(r"[.;!?](?=\s|$)", self.text[position:window_end])[0]
        match = _AS_CLAIM.search(clause)
        if not match:
            return None
        source = self._source(match.group("np"), position + match.start("np"))
        return (source, match.group("verb").lower()) if source else None

    # ------------------------------------------------------------ subjects
    def _clause_start(self, begin: int, position: int) -> int:
        boundary = last_match(_BOUNDARY, self.text, begin, position)
        return boundary.end() if boundary else begin

    def _main_subject(self, begin: int, position: int) -> Source | None:
        """The subject of a sentence's main clause: the words before its first verb
        ("Tajikistan's Interior Ministry rejected that account, saying ...")."""
        verbs = [v for v in (_MAIN_VERB.search(self.text, begin, position), _VERB_RE.search(self.text, begin, position))
                 if v is not None]  # "Lukić put the crowd at 14,500 ... and dismissed": "put" is a verb too
        return self._subject_before(begin, min(v.start() for v in verbs)) if verbs else None

    def subject_of(self, sentence_start: int, verb_start: int) -> Source | None:
        """Who does what the verb at `verb_start` says (for stages after attribution)."""
        return self._subject_before(sentence_start, verb_start)

    def _subject_before(self, begin: int, verb_start: int) -> Source | None:
        """The subject of a reporting verb: the phrase from the last clause
        boundary up to the verb, a relative clause skipped ("X, who ..., said")."""
        segment = self.text[begin:verb_start]
        segment = _QUOTED.sub(lambda m: m.group(0)[0] + " " * (len(m.group(0)) - 2) + m.group(0)[-1], segment)
        segment = _AGE.sub(lambda m: " " * len(m.group(0)), segment)  # "Ríos, 44, told"
        segment = _RELATIVE_CLAUSE.sub(lambda m: " " * len(m.group(0)), segment)
        segment = _APPOSITION.sub(lambda m: " " * len(m.group(0)), segment)
        segment = _ASIDE.sub(lambda m: " " * len(m.group(0)), segment)
        boundary = last_match(_BOUNDARY, segment)
        last = boundary.end() if boundary else 0
        phrase = segment[last:]
        bare = _AUXILIARIES.sub("", phrase)  # "... but has said": no subject of its own
        conjunction = re.search(r"\b(?:but|and)\s*$", segment[:last]) or re.fullmatch(r"\s*(?:but|and)\s*", bare)
        if re.search(r"\w\s+(?:and|but)\s*$", segment) and _VERB_RE.search(segment):
            return self._main_subject(begin, verb_start)  # "Lukić put the crowd at 14,500 and dismissed"
        if conjunction and not bare.strip(" \t\nandbut"):
            # "Aguirre conceded defeat but said ...", "... stated that ..., and rejected": the main clause's subject
            return self._main_subject(begin, begin + last)
        if _ONLY_ADVERBS.fullmatch(phrase):
            phrase = ""  # "The state governor, Uba Sani, initially put the number at 100"
        relative = bool(_RELATIVE_PRONOUN.fullmatch(phrase))
        if (not phrase.strip() or relative) and last > 0 and segment[last - 1] == ",":
            # ("The Families Union, which says it has": the union)
            # "The agency's head, Halima Yakubu, said": the name set off by commas
            boundary = last_match(_BOUNDARY, segment, 0, last - 1)
            earlier = boundary.end() if boundary else 0
            phrase, last = segment[earlier:last - 1], earlier
            if relative and _DESCRIPTION.match(phrase) and earlier > 0 and segment[earlier - 1] == ",":
                # "Norrsken Fordon, the Gothenburg-based maker of buses, which said": the name before the description
                boundary = last_match(_BOUNDARY, segment, 0, earlier - 1)
                before = boundary.end() if boundary else 0
                phrase, last = segment[before:earlier - 1], before
        if not phrase.strip():
            return None
        return self._source(phrase, begin + last)

    def _source(self, phrase: str, offset: int) -> Source | None:
        """The source a phrase names, if it names one (`names.is_speaker_name`)."""
        source = self._phrase_source(phrase, offset)
        if source is not None:
            source.name = strip_possessive(source.name)
            if not is_speaker_name(source.name):
                return None
        return source

    def _phrase_source(self, phrase: str, offset: int) -> Source | None:
        stripped = phrase.strip().strip(",;:")
        if not stripped:
            return None
        stripped = _ONE_OF.sub("", stripped)  # "One of them said": them
        stripped = _ADVERB_TAIL.sub("", stripped) or stripped  # "He also pointed out": he
        one_of_the = _ONE_OF_THE.match(stripped)
        if one_of_the:  # "one of the officials said": the officials heard before
            noun = one_of_the.group("noun").lower()
            heard = next((s for s in reversed(self.speakers) if s.name.lower().split()[-1] == noun), None)
            if heard is not None:
                return Source(heard.name, heard.kind, offset)
        stripped = _LEADING_TIME.sub("", stripped) or stripped  # "A day later he said": he
        stripped = _LEADING_PREPOSITION.sub("", stripped)  # "In a report on Tuesday it said": it
        last = stripped.split()[-1]
        if _PRONOUN_RE.match(last) and len(stripped.split()) <= 2:
            referent = self.names.resolve_pronoun(last, offset, self.speakers)
            if referent is None:
                return None
            return Source(referent.name, referent.kind, referent.start)
        if last.lower() in _FIRST_PERSON:
            return Source(last, "person", offset)
        if _PASSIVE_END.search(stripped):
            return None
        source = source_from_phrase(stripped, offset, self.names)
        if source is not None and source.name.lower() in _AUTHORED and _THE_DOCUMENT.match(stripped):
            # "The study, which used surveys, estimated": whoever the story said made it ("a study by ...")
            author = last_match(_AUTHORED_BY, self.text, max(0, offset - 3000), offset)
            made = author and source_from_phrase(author.group("np"), author.start("np"), self.names)
            if made and made.name.lower() not in _AUTHORED:
                return Source(made.name, made.kind, offset)
        if source is not None and source.name.lower() in _ISSUED_PAPER:
            # "The statement said": the statement of whoever spoke last for an organisation
            issuer = next((s for s in reversed(self.speakers) if s.kind in ("organization", "anonymous")), None)
            return Source(issuer.name, issuer.kind, offset) if issuer is not None else source
        return source


def _reported_clause(report: Report) -> bool:
    """Whether a report's verb heads a clause another verb reports ("said his
    campaign had found"), not one of its own ("with Ivan Perov putting the toll at")."""
    verb = report.verb
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
    return verb.dep_ in ("ccomp", "xcomp", "parataxis", "acl:relcl")


_FIGURE_WORDS = words("figure_nouns.txt")


def _data_owner(token):
    """'citing police estimates': the police, whose estimates they are."""
    if token.lower_ in _FIGURE_WORDS:
        owner = [c for c in token.children if c.dep_ in ("compound", "amod", "nmod:poss") and c.pos_ in ("NOUN", "PROPN")]
        if owner:
            return owner[-1]
    return token


def _drop_outlet_verb(chain: list) -> list:
    """[(Courier, citing), (officials, citing), (Courier, reported)]: the
    outlet's own verb does not displace the source it cites."""
    if len(chain) >= 3 and chain[-2][1] in _CITING and chain[-1][1] not in _CITING \
            and chain[-1][0].name == chain[-3][0].name:
        return chain[:-1]
    return chain


def _cue(verb: re.Match) -> str:
    return (verb.group("verb") + (verb.group("adverb") or "")).lower().replace("\n", " ")


_ONE_OF = re.compile(r"^(?:one|two|three|some|several|many|most|all|each|both|either|neither)\s+of\s+(?=them$|these$|those$)", _I)
_NEW_CLAUSE = re.compile(r"\s*(?:and|but)\s+(?:a|an|the|its|their|his|her|this|that|[A-Z][\w-]*)\s+[\w-]+")
_LEADING_TIME = re.compile(r"^(?:(?:a|an|one|two|three|four|five|several|some|\d+)\s+(?:days?|weeks?|hours?|months?|years?)\s+"
                           r"(?:later|earlier)|later|then|earlier|afterwards|now|on\s+[A-Z][a-z]+day|last\s+(?:week|month|year|"
                           r"night)|yesterday|today)\s+(?=\S)", _I)
_LEADING_PREPOSITION = re.compile(r"^(?:in|on|at|after|before|during|since|with|under|for|from)\s+[^,]*?\s+(?=(?:he|she|it|they)$)", _I)
_RELATIVE_PRONOUN = re.compile(r"\s*(?:which|who)\s+(?:also\s+)?", _I)
_ONE_OF_THE = re.compile(r"(?:one|two|three|some|several|many|most|each|another)\s+of\s+the\s+(?P<noun>[a-z]+)$", _I)
_DESCRIPTION = re.compile(r"\s*(?:[Aa]n?|[Tt]he)\s+(?:[a-z]|[A-Z]\w*-[a-z])")  # "the Gothenburg-based maker"
_ADVERB_TAIL = re.compile(r"(?:\s+(?:also|later|then|now|still|again|further|too))+$", _I)
_ONLY_ADVERBS = re.compile(r"\s*(?:(?:initially|originally|first|later|also|now|then|earlier|previously)\s*)+", _I)
