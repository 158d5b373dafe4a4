"""Place-name candidates of a field: their record, and settling them against each other."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tagging.context import Ambiguity
from tagging.formindex import FormHit
from tagging.scan import CONJUNCTIONS, Span
from tagging.tokenise import KeyText

_LIST_SEPARATORS = re.compile(r"[\s,;/()&\-–—«»\"']+")
# A neighbouring place counts within this many characters of the same sentence.
_NEAR = 80


@dataclass(slots=True)
class Candidate:
    """A name found in a field, with what the tagger has learned about it so far."""

    start: int  # offsets into the folded key text
    end: int
    key: str
    hit: FormHit
    ambiguity: Ambiguity = Ambiguity.NONE
    sector: bool = False
    rule: str = ""  # how it was accepted, or why rejected; empty while undecided
    accepted: bool = False
    cue: bool = False
    capital: bool = True
    initial: bool = False
    shouting: bool = False


@dataclass(slots=True)
class FieldScan:
    """All candidates of one field, accepted, rejected or still pending."""

    field: str
    text: KeyText
    candidates: list[Candidate] = field(default_factory=list)
    # Whether the field reads as an English headline; worked out once, when first needed.
    title_case: bool | None = None

    def span(self, candidate: Candidate) -> Span:
        """The candidate's span in the original text."""
        return self.text.span(candidate.start, candidate.end)


def _named_together(key: str, a: Span, b: Span, connectors: frozenset[str]) -> bool:
    """Whether two names stand together: only commas, dashes, brackets, "and" or a word
    of nearness between them ("Світле, Зелене та Удачне", "Шевченко поблизу Покровська")."""
    low, high = (a[1], b[0]) if a[0] <= b[0] else (b[1], a[0])
    if high - low > _NEAR or not key[low:high].strip():
        return False  # "Селище Покровське": two words of one name, not a list
    between = _LIST_SEPARATORS.sub(" ", key[low:high]).split()
    return all(word in CONJUNCTIONS or word in connectors for word in between)


def accept(c: Candidate, rule: str) -> None:
    """Mark a candidate accepted by `rule`."""
    c.accepted = True
    c.rule = rule


def reject(c: Candidate, reason: str) -> None:
    """Mark a candidate rejected, saying why."""
    c.accepted = False
    c.rule = "reject:" + reason


def merge(nouns: list[Candidate], sectors: list[Candidate]) -> list[Candidate]:
    """Nouns and sector adjectives without overlaps; the longer (or the sector) wins.

    A Latin noun keeps its place over a sector reading (Pokrovsk direction), a Cyrillic
    sector adjective wins over a noun form it happens to equal (Покровському напрямку).
    """
    if not sectors and len(nouns) < 2:
        return nouns
    sector_spans = {(s.start, s.end): s for s in sectors}
    out: list[Candidate] = []
    for noun in nouns:
        sector = sector_spans.get((noun.start, noun.end))
        if sector is not None and not noun.key.isascii():
            continue
        if sector is not None:
            del sector_spans[(noun.start, noun.end)]
        out.append(noun)
    out += sector_spans.values()
    out.sort(key=lambda c: (c.start, -(c.end - c.start)))
    kept: list[Candidate] = []
    last_end = -1
    for candidate in out:
        if candidate.start >= last_end:
            kept.append(candidate)
            last_end = candidate.end
    return kept


def settle(scans: list[FieldScan], connectors: frozenset[str] = frozenset()) -> None:
    """Decide pending candidates by neighbouring accepted places and by echoes.

    A pending name is accepted when it stands together with an accepted place ("бої за
    Світле та Покровськ", "Шевченко поблизу Покровська"), or when the same spelling was
    accepted elsewhere in the item. Whatever is still pending after that is rejected.
    """
    if all(c.rule for s in scans for c in s.candidates):
        return  # nothing pending: the usual case
    changed = True
    while changed:
        changed = False
        accepted_keys = {c.key for s in scans for c in s.candidates if c.accepted}
        for scan in scans:
            key = scan.text.key
            accepted = [c for c in scan.candidates if c.accepted]
            for c in scan.candidates:
                if c.accepted or c.rule:
                    continue
                if c.key in accepted_keys:
                    accept(c, "form+echo")
                elif any(
                    _named_together(key, (c.start, c.end), (a.start, a.end), connectors)
                    for a in accepted
                ):
                    accept(c, "form+near")
                else:
                    continue
                changed = True
                accepted.append(c)
    for scan in scans:
        for c in scan.candidates:
            if not c.accepted and not c.rule:
                reject(c, "ambiguous")
