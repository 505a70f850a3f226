"""Where a figure sits in its sentence's tree: the token that heads it, the
noun it counts, the clause it belongs to, and the reporting verbs that govern
that clause, innermost first.

Relations are those of Universal Dependencies as our parser (trained on UD
English EWT) gives them. Nothing here knows words except through the lists in
`data/`: the tree says which verb governs a clause, the lists say whether
that verb reports speech.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .lexicon import rows, words
from .parse import Sentence

if TYPE_CHECKING:
    from spacy.tokens import Token

# relations that open a clause of their own: climbing past one leaves the figure's clause
CLAUSAL = frozenset({"ccomp", "xcomp", "advcl", "advcl:relcl", "parataxis", "acl", "acl:relcl", "csubj",
                     "csubj:pass", "csubj:outer", "ROOT", "root", "list", "dep"})
# relations by which a reported clause hangs on its reporting verb
REPORTED = frozenset({"ccomp", "xcomp", "parataxis", "obj", "advcl", "conj", "dep", "list"})
SUBJECTS = ("nsubj", "nsubj:pass", "nsubj:outer", "csubj")
REPORTING_LEMMAS = words("reporting_lemmas.txt")
DENIAL_LEMMAS = words("denial_lemmas.txt")
WEAK_LEMMAS = words("weak_reporting_lemmas.txt")
DEED_LEMMAS = words("deed_lemmas.txt")
OBJECT_REPORTING = words("object_reporting_lemmas.txt")
MODALS = words("modal_lemmas.txt")
_ACCORDING = ("according", "citing", "quoting")


def lemma(token: "Token") -> str:
    """The token's lemma in lower case (its form where the model gives none)."""
    return (token.lemma_ or token.text).lower()


def is_reporting(token: "Token") -> bool:
    return token.pos_ in ("VERB", "AUX") and lemma(token) in REPORTING_LEMMAS


def is_deed(token: "Token") -> bool:
    return token.pos_ in ("VERB", "AUX") and lemma(token) in DEED_LEMMAS


def clause_head(token: "Token") -> "Token":
    """The head of the clause `token` belongs to: the first of it and its
    ancestors that a clausal relation (or the root) attaches."""
    steps = 0
    while token.dep_ not in CLAUSAL and token.head.i != token.i and steps < 100 and not (
            token.dep_ == "conj" and token.pos_ in ("VERB", "AUX") and has_own_subject(token)):
        token, steps = token.head, steps + 1  # (a verb coordinated with its own subject heads a clause)
    return token


def subjects(predicate: "Token") -> list["Token"]:
    """The tokens that head a predicate's subject. A verb coordinated with or
    hanging on another shares that one's ("..., saying", "conceded defeat but
    said"); a participle on a noun has the noun ("mediators saying"); a bare
    noun phrase before the verb is its subject however the parser labelled it."""
    steps = 0
    while steps < 8:
        found = [c for c in predicate.children if c.dep_ in SUBJECTS]
        if found:
            return found
        if predicate.dep_ in ("acl", "conj") and predicate.head.pos_ in ("NOUN", "PROPN", "PRON") \
                and predicate.head.i < predicate.i:
            # "mediators saying"; and a parser's "An official, speaking on condition of anonymity, (conj) warned"
            return [predicate.head]
        bare = [c for c in predicate.children if c.i < predicate.i and c.pos_ in ("NOUN", "PROPN")
                and c.dep_ in ("obl:unmarked", "nmod:unmarked", "dep", "obl", "compound") and not _marked(c)]
        if bare:
            return bare[-1:]
        if predicate.dep_ in ("conj", "xcomp", "advcl") and predicate.head.i != predicate.i:
            predicate, steps = predicate.head, steps + 1
            continue
        return []
    return []


def _marked(token: "Token") -> bool:
    return any(c.dep_ in ("case", "mark") for c in token.children)


def has_own_subject(predicate: "Token") -> bool:
    return any(c.dep_ in SUBJECTS for c in predicate.children)


def agent(predicate: "Token") -> "Token | None":
    """'was reported by the ministry': the agent of a passive verb."""
    for child in predicate.children:
        if child.dep_ == "obl:agent" or child.dep_ == "obl" and _passive(predicate) and any(
                c.dep_ == "case" and c.lower_ == "by" for c in child.children):
            return child
    return None


def _passive(predicate: "Token") -> bool:
    """A passive verb: one with a passive auxiliary (a parser's "nsubj:pass" on
    an active "estimated" is not enough), or a participle on a noun."""
    return any(c.dep_ == "aux:pass" for c in predicate.children) or \
        predicate.tag_ == "VBN" and predicate.dep_ in ("acl", "amod")


@dataclass(slots=True)
class Report:
    """A reporting verb, a deed, or 'according to', that governs a figure's clause."""

    verb: "Token"                 # the verb, or the noun 'according to' governs
    sources: list["Token"]        # the heads of the phrase naming who reports (none: nobody named)
    cue: str                      # the attribution words ("said", "told reporters", "according to")
    denies: bool = False          # "denied", "rejected": the source disputes what it reports
    negated: bool = False         # "did not say": no attribution
    weak: bool = False            # "found", "recorded": a record more than a speaker
    deed: bool = False            # "pledged", "will send": a body's act, which a report around it tells of
    cited: list["Token"] = field(default_factory=list)  # "citing X": X is the one who speaks
    passive: bool = False         # "it was reported that": a passive with no agent names no source

    @property
    def nobody(self) -> bool:
        return self.passive


@dataclass(slots=True)
class FigureClause:
    """What the tree says of one figure."""

    sentence: Sentence
    head: "Token"
    noun: "Token | None"
    predicate: "Token"
    path: list["Token"] = field(default_factory=list)  # the figure's head up to the root
    reports: list[Report] = field(default_factory=list)  # innermost first


def read(sentence: Sentence, start: int, end: int) -> FigureClause | None:
    head = sentence.head_of(start, end)
    if head is None:
        return None
    noun = counted_noun(head)
    anchor = noun if noun is not None and noun.head.i != head.i else head
    path = [head] if anchor is head else [head, anchor]
    while path[-1].head.i != path[-1].i and len(path) < 100:
        path.append(path[-1].head)
    path = _reattached(path)
    clause = FigureClause(sentence, head, noun, clause_head(anchor), path)
    clause.reports = reports(clause)
    return clause


def _reattached(path: list["Token"]) -> list["Token"]:
    """A parser often hangs a figure that ends a complement clause on the verb
    above it ("estimated that losses could be as high as $300 billion", the
    figure on "estimated"): a figure right after a clause that its verb
    governs belongs to that clause."""
    top = path[-1] if len(path) < 2 else path[1] if path[0].dep_ in ("nummod", "compound") else path[0]
    top = path[path.index(top)] if top in path else path[0]
    verb = top.head
    if top.dep_ not in ("obl", "obj", "nmod", "obl:unmarked", "advmod") or verb.i == top.i:
        return path
    first = min(t.i for t in top.subtree)
    for child in verb.children:
        if child.dep_ in ("ccomp", "xcomp") and child.i < first:
            edge = max(t.i for t in child.subtree)
            between = [t for t in child.doc[edge + 1:first] if not (t.is_punct or t.lower_ in ("as", "than", "to"))]
            if not between:
                lower = path[:path.index(top) + 1]
                above = [child]
                while above[-1].head.i != above[-1].i and len(above) < 100:
                    above.append(above[-1].head)
                return lower + above
    return path


def counted_noun(head: "Token") -> "Token | None":
    """The noun a figure counts: the one it modifies as a number ("31,000
    soldiers"), or the one it governs with 'of' ("40 of the 200 men")."""
    if head.dep_ in ("nummod", "amod", "compound", "det") and head.head.pos_ in ("NOUN", "PROPN") \
            and head.head.i > head.i:
        return head.head
    for child in head.children:
        if child.dep_ in ("nmod", "obl") and child.pos_ == "NOUN" and any(
                c.dep_ == "case" and c.lower_ == "of" for c in child.children):
            return child
    return None


def reports(clause: FigureClause) -> list[Report]:
    """The reports that govern the figure's clause, innermost first: a source
    that owns the figure ("the ministry's figure of 42"); its own verb if it
    reports it as its object or is a body's deed ("The ministry reported 300
    deaths", "Britain pledged £2m"); the verbs whose complement holds it
    ("officials said 300 died"); a report hanging on its clause with no
    complement of its own ("300 died, officials said"); and 'according to X'.
    A clause coordinated with a report that has a subject of its own is a
    statement of its own ("the EU announced €3.5m, and Britain pledged £2m");
    a verb whose subject holds the figure reports nothing of it ("Dozens
    feared missing")."""
    found: list[Report] = []
    on_path = {node.i for node in clause.path}
    for k, node in enumerate(clause.path):
        below = clause.path[k - 1] if k else None
        if below is not None and below.dep_ == "conj" and has_own_subject(below) and (
                is_reporting(node) or is_deed(node)):
            break
        owner = _owner(node, below)
        if owner is not None:
            found.append(Report(node, [owner], "", weak=False))
        if below is not None and below.dep_ in ("ccomp", "parataxis") and _own_figure(node, on_path):
            break  # "World Bank puts damage at $8.4bn, Beirut says $17bn": Beirut says its own figure
        if node.i != clause.head.i and below is not None and below.dep_ not in SUBJECTS and (
                is_reporting(node) and _reports_through(node, below) or is_deed(node) and _takes_the_figure(node, below)
                and node.dep_ != "acl"):  # ("legislation providing $60 billion": no one's deed)
            report = _report(node, deed=not is_reporting(node))
            if below.dep_ in ("advcl", "conj", "parataxis", "advcl:relcl"):
                report.denies = False  # "denied the figure of 300, saying only 40": the 40 is not denied
            if not any(source.i in on_path or _counted(source) for source in report.sources):
                found.append(report)  # ("79 people confirmed dead": a status of counted people, no speaker)
        for child in node.children:
            if child.i in on_path:
                continue
            if child.dep_ in ("parataxis", "advcl", "conj") and is_reporting(child) and child.i > node.i \
                    and subjects(child) and not _has_complement(child):
                found.append(_report(child))
            elif child.dep_ in ("obl", "nmod", "advcl", "obl:unmarked") and _according(child):
                found.append(Report(child, [child], _according(child)))
                holder = _held_by(child)
                if holder is not None:  # "according to a report obtained by the Examiner": through the Examiner
                    found.append(Report(holder.head, [holder], lemma(holder.head)))
    return found


_FIGURE_NOUNS = words("figure_nouns.txt")


def _owner(node: "Token", below: "Token | None") -> "Token | None":
    """'the ministry's figure of 42', 'the operator's estimate of £4m': whose figure."""
    if below is None or lemma(node) not in _FIGURE_NOUNS or below.dep_ not in ("nmod", "appos", "nummod", "compound"):
        return None
    return next((c for c in node.children if c.dep_ == "nmod:poss" and c.pos_ in ("PROPN", "NOUN")), None)


def _reports_through(verb: "Token", below: "Token") -> bool:
    """A verb of speech reports the clause it governs ("said 300 died"); a
    verb that can report a figure as its object reports that too ("reported
    300 deaths"), but "adding to the 10 million" adds, and "would add 0.3
    percent" says nothing."""
    if below.dep_ in ("obj", "obl", "iobj", "nsubj:pass", "obl:unmarked", "nmod"):
        return lemma(verb) in OBJECT_REPORTING and not _to_phrase(below)
    return True


def _to_phrase(token: "Token") -> bool:
    return any(c.dep_ == "case" and c.lower_ in ("to", "into") for c in token.children)


def _has_complement(verb: "Token") -> bool:
    """'as Kyiv warned that it was running short': a report of its own clause."""
    return any(c.dep_ in ("ccomp", "xcomp", "obj", "csubj") for c in verb.children)


def _own_figure(verb: "Token", on_path: set[int]) -> bool:
    """Whether a verb takes a figure of its own as its object."""
    return any(c.dep_ in ("obj", "iobj") and c.i not in on_path and (
        c.pos_ in ("NUM", "SYM") or any(g.dep_ == "nummod" for g in c.children)) for c in verb.children)


def _counted(token: "Token") -> bool:
    """'79 people', 'hundreds': a phrase that counts, not one that names a source."""
    return token.pos_ == "NUM" or any(c.dep_ == "nummod" for c in token.children)


def _takes_the_figure(verb: "Token", below: "Token | None") -> bool:
    """Whether the figure is the deed's object ("pledged $25 million")."""
    return below is not None and below.dep_ in ("obj", "obl", "iobj", "nsubj:pass", "xcomp")


_HOLDING = frozenset({"obtain", "see", "review", "view", "leak", "share", "receive"})


def _held_by(document: "Token") -> "Token | None":
    """'a report obtained by the Examiner': who holds the document (not who made it)."""
    for child in document.children:
        if child.dep_ == "acl" and lemma(child) in _HOLDING:
            return agent(child)
    return None


def _according(token: "Token") -> str | None:
    for child in token.children:
        if child.dep_ in ("case", "mark") and child.lower_ in _ACCORDING:
            fixed = [c for c in child.children if c.dep_ in ("fixed", "case")]
            following = [c for c in token.children if c.dep_ == "case" and c.i == child.i + 1]
            return " ".join([child.lower_] + [c.lower_ for c in fixed + following])
    return None


_CITING = frozenset({"cite", "cites", "citing", "cited", "quote", "quotes", "quoting", "quoted"})


def _cites(token: "Token") -> bool:
    return lemma(token) in _CITING or token.lower_ in _CITING


def _report(verb: "Token", deed: bool = False) -> Report:
    sources = subjects(verb)
    by = agent(verb)
    if by is not None:
        sources = [by]
    elif sources and all(s.dep_ == "nsubj:pass" and s.head.i == verb.i for s in sources) and _passive(verb):
        return Report(verb, [], verb.text.lower(), passive=True)  # "it was reported that": nobody
    negated = any(c.dep_ == "advmod" and c.lower_ in ("not", "n't", "never") for c in verb.children)
    particles = [c for c in verb.children if c.dep_ == "compound:prt"]
    told = [c for c in verb.children if c.dep_ in ("obj", "iobj") and lemma(verb) == "tell" and c.pos_ == "NOUN"]
    cue = " ".join([verb.text.lower()] + [c.lower_ for c in particles + told])
    cited: list = []
    if _cites(verb):  # "the Times cited US officials claiming ...": the officials speak, through the Times
        cited += [c for c in verb.children if c.dep_ in ("obj", "iobj") and c.pos_ in ("NOUN", "PROPN")]
    head = verb.head if verb.dep_ in ("conj", "parataxis") and _cites(verb.head) else None
    for holder in [verb, *sources] + ([head] if head is not None else []):
        citing = [holder] if _cites(holder) and holder is not verb else []
        # ("The Courier, citing officials, reported", "said 12 had died, citing a fire brigade official")
        citing += [t for t in holder.subtree if t is not holder and _cites(t) and t.dep_ in (
            "advcl", "acl", "acl:relcl", "xcomp", "conj", "parataxis", "appos")]
        for cite in citing:
            if holder is verb and cite.dep_ == "conj" and cite.head.i != verb.i:
                continue  # a citing of a clause coordinated below the verb is another statement's
            cited += [c for c in cite.children if c.dep_ in ("obj", "obl") and c.pos_ in ("NOUN", "PROPN")]
    return Report(verb, sources, cue, denies=lemma(verb) in DENIAL_LEMMAS, negated=negated,
                  weak=lemma(verb) in WEAK_LEMMAS or deed, deed=deed, cited=cited[:1])


def is_projected(clause: FigureClause) -> bool:
    """A forecast, plan or hypothetical: on the way from the figure up to the
    verb that reports it, a modal ("would take 3,600 casualties", "could
    reach"), a verb that takes the figure as its forecast ("projected 1.3
    million"), a word whose to-clause holds it ("is expected to reach", "plans
    to deploy"), or a noun it belongs to ("a target of 5,000"). A modal
    perfect estimates the past ("may have killed 200"); a modal in a clause
    above the figure's own is not the figure's ("said it would ... after 300 died")."""
    reporting = {report.verb.i for report in clause.reports}
    below = None
    for node in clause.path:
        word = lemma(node)
        if _earlier_value(node):
            return False  # "will take 41 percent, down from 52 percent in 2023": the 52 is past
        if below is not None:
            relation = below.dep_
            if relation in ("obj", "nsubj:pass", "obl", "nummod", "iobj") and word in _FORECAST["object"]:
                return True
            if relation == "xcomp" and word in _FORECAST["complement"]:
                return True
            if relation in ("nmod", "compound") and word in _FORECAST["noun"]:
                return True
        modal = any(child.dep_ in ("aux", "aux:pass") and lemma(child) in MODALS and not _perfect_after(child, node)
                    for child in node.children) and not _cannot(node)
        if node.i in reporting:
            # a deed's own modal is the figure's ("said it would provide £8m"); a speech verb's is not
            return modal and is_deed(node) and not is_reporting(node)
        if modal:
            return True
        if node.dep_ in _OWN_CLAUSE_ENDS and not _purpose(node):
            return False
        below = node
    return False


def _purpose(node: "Token") -> bool:
    """'would spend 2.5 billion rupees to survey 4,000 buildings': a purpose is part of the plan."""
    return node.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "to" for c in node.children)


def decided(clause: FigureClause) -> bool:
    """A body's act already done that holds the figure ("the council approved a
    $4.2 billion budget for next year"): its amount is no projection, whatever
    time it is for."""
    return bool(clause.reports) and is_deed(clause.reports[0].verb) and \
        "Past" in clause.reports[0].verb.morph.get("Tense")


# leaving the figure's clause by one of these: what governs it from above is another clause's
_OWN_CLAUSE_ENDS = frozenset({"ccomp", "advcl", "advcl:relcl", "acl:relcl", "parataxis", "csubj", "list"})
_FORECAST_FORMS = words("forecast_cues.txt")
_FORECAST: dict[str, frozenset[str]] = {
    how: frozenset(word for word, kind in rows("forecast_words.tsv") if kind == how)
    for how in ("object", "complement", "noun")}


def _earlier_value(node: "Token") -> bool:
    """'up from 2,400', 'down from 52 percent', 'compared with 40': the value a change started from."""
    return any(c.dep_ == "case" and c.lower_ in ("from", "with") for c in node.children) and (
        node.head.lower_ in ("up", "down", "compared", "rising", "falling") or
        any(c.lower_ in ("up", "down") and c.i < node.i for c in node.head.children))


def _cannot(verb: "Token") -> bool:
    """'could not be identified', 'would not go home': a negated modal says what is not
    possible, not what will be."""
    return any(c.dep_ == "advmod" and c.lower_ in ("not", "n't", "never") for c in verb.children)


def forecast_cue(cue: str | None) -> bool:
    """An attribution by a verb of forecasting ("forecasts", "projected",
    "expect"): what it puts forward is a projection."""
    return bool(cue) and cue.split()[0] in _FORECAST_FORMS


def _perfect_after(modal: "Token", verb: "Token") -> bool:
    """'may have killed': a modal perfect estimates the past (but 'would have to' is a plan)."""
    return any(c.dep_ == "aux" and lemma(c) == "have" and c.i > modal.i for c in verb.children) \
        and verb.tag_.startswith("VBN")


# parts of a phrase that say more about the thing named than name it
_ASIDES = frozenset({"acl:relcl", "acl", "appos", "parataxis", "advcl", "advcl:relcl", "punct", "dep", "ccomp",
                     "xcomp", "list", "discourse", "vocative", "dislocated"})
_AUTHORING = words("authoring_verbs.txt")
_DOCUMENTS = words("document_nouns.txt") | {"figures", "data", "statistics", "estimates", "count", "tally", "records"}


def span_of(heads: list["Token"]) -> list["Token"]:
    """The words of one or more heads' phrases, as one run of the sentence."""
    words_ = sorted({t.i: t for head in heads for t in phrase(naming_token(head))}.values(), key=lambda t: t.i)
    if not words_:
        return []
    doc = words_[0].doc
    run = [t for t in doc[words_[0].i:words_[-1].i + 1]]
    while run and (run[-1].is_punct or run[-1].dep_ == "cc"):
        run.pop()
    return run


def phrase(token: "Token") -> list["Token"]:
    """The words of the phrase `token` heads, without the relative clauses,
    appositions and asides that describe it ("X, who ..., said")."""
    keep: list["Token"] = []
    stack = [token]
    while stack:
        node = stack.pop()
        keep.append(node)
        stack.extend(c for c in node.children if c.dep_ not in _ASIDES and c.pos_ not in ("VERB", "AUX"))
    keep.sort(key=lambda t: t.i)
    while keep and (keep[0].is_punct or keep[0].dep_ in ("cc", "case", "mark")):
        keep.pop(0)
    while keep and (keep[-1].is_punct or keep[-1].dep_ in ("cc", "case")):
        keep.pop()  # ("the operator's figure": the operator)
    return keep


def naming_token(token: "Token") -> "Token":
    """The token whose phrase names a source best: a role with a name in
    apposition names that person ("the agency's spokeswoman, Col. Jane Doe");
    a document with its author names the author ("a poll by two universities
    ...", "figures released by the ministry")."""
    names = [c for c in token.children if c.dep_ == "appos" and c.pos_ == "PROPN"]
    if token.pos_ != "PROPN" and names:
        return names[0]
    if (token.lemma_.lower() or token.lower_) in _DOCUMENTS or token.lower_ in _DOCUMENTS:
        for child in token.children:
            if child.dep_ in ("nmod", "nmod:poss") and (child.dep_ == "nmod:poss" or any(
                    c.dep_ == "case" and c.lower_ in ("by", "from") for c in child.children)):
                return naming_token(child)
            if child.dep_ == "acl" and lemma(child) in _AUTHORING:
                by = agent(child)
                if by is not None:
                    return naming_token(by)
    return token


def attachment(clause: FigureClause, start: int, end: int) -> str | None:
    """What the words at [start, end) (a time phrase, a place) modify, seen
    from the figure: "own" for the figure's own clause ("rose to 1,240 on
    Tuesday", "At a march last October, police detained 11"), "shared" for a
    clause coordinated with it or governing it ("walked out on September 24
    after rejecting an offer of 4.5 percent"), "report" for a statement that
    reports it or whoever makes it ("..., rescuers said on Thursday", "a poll
    published on Thursday found"), None for anything else."""
    token = clause.sentence.head_of(start, end)
    if token is None:
        return None
    host = token.head if token.head.i != token.i else token
    predicate = clause.predicate
    reporting = {report.verb.i for report in clause.reports}
    own_verb = predicate.i in reporting and clause.path[0].i != predicate.i
    if clause_head(host).i == predicate.i or token.i == predicate.i:
        return "own"  # (a figure that is the object of its reporting verb: "Last March, it recorded 31")
    if predicate.dep_ in ("acl:relcl", "acl", "advcl") and predicate.head.i == token.i:
        return "own"  # "in the whole of 2023, when 1.65 million were recorded"
    for report in clause.reports:
        # the verb itself ("said on Thursday"), an aside on it ("Speaking on Wednesday, X said"), or
        # its source ("a poll published on Thursday found"); not its object ("reported 43 deaths in February")
        if host.i == report.verb.i or host.dep_ in ("advcl", "xcomp") and host.head.i == report.verb.i \
                or any(token.i in {t.i for t in source.subtree} for source in report.sources):
            return "report"
    host_clause = clause_head(host)
    if host_clause.dep_ == "conj" and host_clause.head.i == predicate.i or \
            predicate.dep_ == "conj" and predicate.head.i == host_clause.i or \
            host_clause.dep_ == "conj" and predicate.dep_ == "conj" and host_clause.head.i == predicate.head.i:
        return "shared"
    if predicate.dep_ == "xcomp" and predicate.head.i == host_clause.i and not own_verb:
        return "own"  # "is expected to reach 300 by Friday"
    if predicate.dep_ in ("advcl", "acl", "xcomp") and predicate.head.i == host_clause.i \
            and host_clause.i not in reporting:
        return "shared"
    return None


def coordinated_start(clause: FigureClause | None, sentence_start: int) -> int:
    """Where the figure's clause starts when it is coordinated with another
    that has a subject of its own ("... and that 45,000 people were living in
    tents"); else the sentence's start."""
    if clause is None:
        return sentence_start
    predicate = clause.predicate
    if predicate.dep_ != "conj" or not has_own_subject(predicate) or predicate.head.i > predicate.i:
        return sentence_start
    first = min(t.i for t in predicate.subtree)
    return max(sentence_start, clause.sentence.offset(clause.sentence.doc[first]))
