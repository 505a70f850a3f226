"""Whose turn a paragraph is, from the layout of the document rather than its
sentences: transcripts and interviews label each turn ("ANA TORRES:",
"Presenter (Luis Ortega):", "A:"), parliamentary records and scripts head a
speaker's paragraphs with a line naming them ("Mr Daniel Okoye (Carlisle
South) (Con)"), and a letters page signs each letter at its end ("Amina
Bello, Lokoja"). A figure in such a paragraph with no speaker of its own in
its sentence is that speaker's.
"""
from __future__ import annotations

import re

from .lexicon import words
from .names import NameIndex, Source, classify_run

# a turn's label at a paragraph's start: "ANA TORRES:", "Presenter (Luis Ortega):", "MINISTER GARCÍA:"
_LABEL = re.compile(r"(?P<label>[A-Z][\w.'\u2019-]*(?:[ \t]+[A-Z][\w.'\u2019-]*){0,3})"
                    r"(?:[ \t]*\((?P<aside>[^()\n]{1,60})\))?:[ \t]+(?=\S)")
_NAME_LIKE = re.compile(r"[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*){1,3}")
# a line that only names someone: "Mr Daniel Okoye (Carlisle South) (Con)", "— Amina Bello, Lokoja"
_NAME_LINE = re.compile(r"[ \t]*(?:[\u2014\u2013-][ \t]*)?(?P<name>[A-Z][\w.'\u2019-]*(?:[ \t]+(?:of[ \t]+|the[ \t]+)?"
                        r"[A-Z][\w.'\u2019-]*){0,5})[ \t]*(?:\((?P<aside>[^()\n]{1,60})\)[ \t]*)*(?:,[^\n.!?]{0,60})?[ \t]*$")
_ROLE_LABELS = words("transcript_roles.txt")
_NOT_LABELS = words("heading_labels.txt")  # whole labels, or words in them
_ANSWER = frozenset({"a", "answer"})
_TITLES = words("titles.txt")


class Turns:
    """The speaker of each paragraph of a document whose layout names one."""

    def __init__(self, text: str, names: NameIndex):
        self.text, self.names = text, names
        self._by_paragraph: dict[int, Source | None] = {}
        self._headed = self._read_layout()

    def speaker(self, position: int) -> Source | None:
        """The speaker whose turn holds `position`, if the layout says."""
        paragraph = self.text.rfind("\n", 0, position) + 1
        if paragraph not in self._by_paragraph:
            label = _LABEL.match(self.text, paragraph)
            found = self._label_source(label) if label and label.end() <= position else None
            self._by_paragraph[paragraph] = found or self._headed.get(paragraph)
        return self._by_paragraph[paragraph]

    def _label_source(self, label: re.Match) -> Source | None:
        name = label.group("aside") if label.group("aside") and _NAME_LIKE.fullmatch(label.group("aside")) \
            else label.group("label")
        if name.lower() in _ANSWER:
            return self._interviewee(label.start())
        if name.lower() in _NOT_LABELS or set(name.lower().split()) & _NOT_LABELS \
                or not (name.isupper() or name.lower() in _ROLE_LABELS or name.lower() in self.names.fullest):
            return None
        if name.isupper():
            name = name.title()
        if name.lower() in _ROLE_LABELS:
            return Source(name.lower(), "person", label.start())
        return self._person(name, label.start())

    def _person(self, name: str, start: int) -> Source | None:
        titled = classify_run(name)  # "Minister Okafor": the person, title stripped, at her fullest
        if titled is not None and titled.kind == "person":
            name = titled.name
        elif titled is None or titled.kind != "person":
            return None
        full = self.names.full(name)
        return Source(full.title() if full.isupper() else full, "person", start)

    def _interviewee(self, position: int) -> Source | None:
        """'A:' answers for the person the piece is with: the person its
        opening names most."""
        counts: dict[str, int] = {}
        for mention in self.names.mentions:
            if mention.start < position and mention.kind == "person":
                full = self.names.full(mention.name)
                counts[full] = counts.get(full, 0) + 1
        if not counts:
            return None
        return Source(max(counts, key=lambda name: counts[name]), "person", position)

    def _read_layout(self) -> dict[int, Source]:
        """Paragraphs headed by a line that names a speaker (that speaker's, up
        to the next such line) or signed by one at their end (the signer's,
        back to the last signature)."""
        paragraphs = [(m.start(), m.group(0)) for m in re.finditer(r"[^\n]+", self.text)]
        headed: dict[int, Source] = {}
        current: Source | None = None
        unsigned: list[int] = []
        for k, (start, line) in enumerate(paragraphs):
            named = self._name_line(start, line) if k > 0 else None
            if named is None:
                if current is not None:
                    headed[start] = current
                else:
                    unsigned.append(start)
                continue
            following = paragraphs[k + 1][1] if k + 1 < len(paragraphs) else None
            signs = line.lstrip().startswith(("\u2014", "\u2013", "-")) or following is None \
                or self._title_line(following)
            if signs and current is None:
                for paragraph in unsigned:
                    headed.setdefault(paragraph, named)
                unsigned = []
            else:
                current = named
        return headed

    def _name_line(self, start: int, line: str) -> Source | None:
        """A line that only names a person the document knows by name
        (mentioned elsewhere too, or with a title): not "FOR IMMEDIATE RELEASE"."""
        match = _NAME_LINE.fullmatch(line)
        if match is None or len(line.split()) > 12:
            return None
        aside = match.group("aside")
        name = aside if aside and _NAME_LIKE.fullmatch(aside) and classify_run(aside) is not None \
            and classify_run(aside).kind == "person" else match.group("name")
        person = self._person(name, start)
        if person is None or " " not in person.name:
            return None
        known = sum(1 for m in self.names.mentions if m.kind == "person" and m.name.split()[-1] == person.name.split()[-1])
        titled = name.split()[0].lower().rstrip(".") in _TITLES and not name.isupper()
        return person if known >= 2 or titled else None

    @staticmethod
    def _title_line(line: str) -> bool:
        """A headline-like line: short, no sentence end."""
        stripped = line.strip()
        return 0 < len(stripped.split()) <= 12 and not stripped.endswith((".", "!", "\"", "\u201d", ":"))
