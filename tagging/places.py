"""Finding settlement names in one field of text and judging each by the words around it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tagging.context import Ambiguity, Contexts
from tagging.formindex import FormHit
from tagging.forms import adjective_stem_candidates, compound_stems
from tagging.gazetteer import Gazetteer
from tagging.scan import (
    CONJUNCTIONS,
    FieldText,
    Span,
    chain_before,
    match_words,
    next_words,
    previous_words,
)
from tagging.tokenise import KeyText, key_of, key_words

_SENTENCE_END = ".!?…\n"
_SMALL_KINDS = frozenset({"village", "settlement"})
# Oblique forms of villages like Попово or Кузнеці read as surnames (Попова, Кузнецов).
_SURNAME_ENDINGS = (
    "ов", "ев", "ин", "ова", "ева", "ина", "ову", "еву", "ину", "овым", "евым", "иным",
    "овой", "евой", "иной", "ой",
)  # fmt: skip
_RELATIONAL_ENDINGS = ("ське", "цьке", "ское", "цкое", "ський", "цький", "ский", "цкий")
# The word right after a position, with the text between.
_NEXT_WORD = re.compile(r"([\W_]*)([^\W_]+)")
_REGION_FILLERS = frozenset({"in", "the", "a", "of", "в", "у", "на", "із", "з", "из"})
_LIST_SEPARATORS = re.compile(r"[\s,;/()&\-–—«»\"']+")
_LONG_WORD = re.compile(r"[^\W\d_]{4,}")
# Punctuation after which a word is still inside its sentence (not sentence-initial).
_TRANSPARENT_STOPS = ",;:-—–"
# What may stand between a name and the word before it for that word to qualify it.
_QUOTES = " \t«»\"'“”„()[]*#"
# A cue or a neighbouring place counts within this many characters of the same sentence.
_NEAR = 80
_CUE_WORDS = 3


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

    def span(self, candidate: Candidate) -> Span:
        """The candidate's span in the original text."""
        return self.text.span(candidate.start, candidate.end)


def _sentence_initial(key: str, start: int) -> bool:
    i = start - 1
    while i >= 0:
        ch = key[i]
        if ch == "\n":
            return True
        if ch.isalnum() or ch in _TRANSPARENT_STOPS:
            return False
        if ch in _SENTENCE_END:
            return True
        i -= 1  # spaces, quotes, brackets, emoji
    return True


def _named_together(key: str, a: Span, b: Span, connectors: frozenset[str]) -> bool:
    """Whether two names stand together: only commas, dashes, brackets, "and" or a word
    of nearness between them ("Світле, Зелене та Удачне", "Шевченко поблизу Покровська")."""
    low, high = (a[1], b[0]) if a[0] <= b[0] else (b[1], a[0])
    if high - low > _NEAR or not key[low:high].strip():
        return False  # "Селище Покровське": two words of one name, not a list
    between = _LIST_SEPARATORS.sub(" ", key[low:high]).split()
    return all(word in CONJUNCTIONS or word in connectors for word in between)


class PlaceFinder:
    """Finds place-name candidates in a field and applies the context rules to them."""

    def __init__(
        self, gazetteer: Gazetteer, contexts: Contexts, region_words: frozenset[str]
    ) -> None:
        """Args:
        gazetteer: the places and their spellings.
        contexts: the context word lists.
        region_words: words that make the name before them a region (oblast, район).
        """
        self._gaz = gazetteer
        self._index = gazetteer.index
        self._contexts = contexts
        self._not_after = contexts.not_after | region_words
        self._small = frozenset(p.id for p in gazetteer if p.kind in _SMALL_KINDS)
        self._water = frozenset(p.id for p in gazetteer if key_of(p.name) in contexts.water_places)
        self._relational = _relational_names(gazetteer)
        # A village named like its river (Оскіл, Донець) is the river more often than not.
        self._proper = self._relational | frozenset(
            i for i in self._water if gazetteer[i].kind != "city"
        )
        self._not_before = contexts.not_before
        self._verb_endings = tuple(contexts.verb_endings)

    def scan(self, field: FieldText, regions: list[Span]) -> FieldScan:
        """Candidates of one field, each accepted, rejected or left pending."""
        text = field.text
        scan = FieldScan(field.name, text)
        nouns = self._nouns(field)
        sectors = self._sectors(field)
        scan.candidates = _merge(nouns, sectors)
        for candidate in scan.candidates:
            if not candidate.sector:
                self._judge(text, candidate, regions)
        return scan

    def _nouns(self, field: FieldText) -> list[Candidate]:
        index = self._index
        key = field.key
        found: list[Candidate] = []
        for head in field.words & index.first_tokens:
            rests = index.multi.get(head, ())
            single = index.get(head)
            for start, end in field.spans(head):
                for rest in rests:
                    full_end = match_words(key, end, rest)
                    if full_end is not None:
                        full = " ".join((head, *rest))
                        found.append(Candidate(start, full_end, full, index.get(full)))  # type: ignore[arg-type]
                        break
                else:
                    if single is not None:
                        found.append(Candidate(start, end, head, single))
        return found

    def _stem_places(self, word: str) -> tuple[str, ...] | None:
        for stem in adjective_stem_candidates(word):
            ids = self._index.stem(stem)
            if ids:
                return ids
        return None

    def _sectors(self, field: FieldText) -> list[Candidate]:
        key = field.key
        found: list[Candidate] = []
        for noun in field.words & self._contexts.sector_nouns:
            for start, _end in field.spans(noun):
                chain = chain_before(key, start, self._stem_places)
                if not chain:
                    continue
                before = previous_words(key, chain[-1][0].start, 1)
                if before and before[0].gap == "-":
                    continue  # Південно-Донецький: a compound that names no settlement
                for word, ids in chain:
                    hit = FormHit(ids, ())
                    found.append(
                        Candidate(word.start, word.end, word.key, hit, sector=True, accepted=True)
                    )
                    found[-1].rule = "adj+sector"
        return found

    def _ambiguity(self, key: str, ids: tuple[str, ...]) -> Ambiguity:
        small = all(i in self._small for i in ids)
        ambiguity = self._contexts.ambiguity(key, small_places=small)
        if ambiguity is Ambiguity.PROPER:
            return ambiguity
        if not self._proper.isdisjoint(ids):
            return Ambiguity.PROPER
        if (
            small
            and key.endswith(_SURNAME_ENDINGS)
            and not key.isascii()
            and not any(key in self._gaz.name_keys(self._gaz[i]) for i in ids if i in self._gaz)
        ):
            return Ambiguity.PROPER
        return ambiguity

    def _judge(self, text: KeyText, c: Candidate, regions: list[Span]) -> None:
        """Accept, reject or leave pending one noun candidate.

        The common case, an unambiguous capitalised name, costs two regex matches for its
        neighbouring words; the fuller context is read only for ambiguous names.
        """
        key = text.key
        ids = c.hit.current + c.hit.former
        c.ambiguity = self._ambiguity(c.key, ids)
        start = text.to_original(c.start)
        c.capital = text.original[start].isupper()
        if not c.capital and not (c.start > 0 and key[c.start - 1] == "#"):
            return _reject(c, "lowercase")
        for region_start, region_end in regions:
            if region_start <= c.start < region_end:
                return _reject(c, "region")
        after = _NEXT_WORD.match(key, c.end)
        if after and not after.group(1).strip(" ,(-") and after.group(2) in self._not_after:
            return _reject(c, f"not-after:{after.group(2)}")
        before = previous_words(key, c.start, 1)
        if before and not before[0].gap.strip(_QUOTES) and before[0].key in self._not_before:
            return _reject(c, f"not-before:{before[0].key}")
        if self._water and not self._water.isdisjoint(ids) and self._watery(key, c):
            return _reject(c, "river")
        if c.ambiguity is Ambiguity.NONE:
            return _accept(c, "form")
        if c.ambiguity is Ambiguity.PROPER and after and self._verb(text, after):
            return _reject(c, "person")
        c.shouting = _case_of(text.original, *text.span(c.start, c.end))[1]
        c.shouting = c.shouting or _title_case(text.original)
        c.initial = _sentence_initial(key, c.start)
        if c.ambiguity is Ambiguity.COMMON and not (c.initial or c.shouting):
            return _accept(c, "form+caps")
        c.cue = self._cue(key, c, regions)
        if c.cue:
            return _accept(c, "form+cue")
        return None

    def _watery(self, key: str, c: Candidate) -> bool:
        water = self._contexts.water_words | self._contexts.river_words
        before = previous_words(key, c.start, 3)
        if before and before[0].key == "the":
            return True  # English names rivers with "the", towns without
        return any(word.key in water for word in before + next_words(key, c.end, 3))

    def _verb(self, text: KeyText, after: re.Match[str]) -> bool:
        """Whether the word after a surname-like name is a verb (Шевченко заявив)."""
        word = after.group(2)
        if after.group(1).strip() or len(word) < 4:
            return False
        if not text.original[text.to_original(after.start(2))].islower():
            return False
        return word.endswith(self._verb_endings)

    def _cue(self, key: str, c: Candidate, regions: list[Span]) -> bool:
        """A settlement cue before the name ("в селі"), or after it: a settlement noun
        ("Pokrovske, a town in"), a region ("Світле (Покровський район)"), or a colon that
        makes the name a dateline ("Межова: ...")."""
        for word in previous_words(key, c.start, _CUE_WORDS):
            if any(ch in _SENTENCE_END for ch in word.gap):
                break
            if word.key in self._contexts.settlement_cues:
                return True
        if c.initial and key[c.end : c.end + 2].strip().startswith(":"):
            return True
        for index, word in enumerate(next_words(key, c.end, _CUE_WORDS)):
            if any(ch in _SENTENCE_END for ch in word.gap):
                break
            if index == 0 and not word.gap.strip():
                break  # "Шахтарське місто": an adjective, not an apposition
            if word.key in self._contexts.settlement_nouns:
                return True
        for start, _end in regions:
            if 0 <= start - c.end <= 40:
                between = _LIST_SEPARATORS.sub(" ", key[c.end : start]).split()
                if all(word in _REGION_FILLERS for word in between):
                    return True
        return False


def _title_case(text: str) -> bool:
    """Whether a text capitalises most of its words (an English headline), so that a
    capital letter says nothing about a word being a name."""
    words = _LONG_WORD.findall(text[:400])
    if len(words) < 4:
        return False
    return sum(w[0].isupper() for w in words) >= 0.6 * len(words)


def _relational_names(gazetteer: Gazetteer) -> frozenset[str]:
    """Ids of places named by a city's adjective (Харківське, Донецьке, Покровське).

    Their case forms are everyday adjectives (Харківського університету), so they need
    a settlement cue or a neighbouring place.
    """
    cities: dict[str, set[str]] = {}
    out = set()
    for place in gazetteer:
        for name, lang in ((place.name_uk, "uk"), (place.name_ru, "ru")):
            words = key_words(name)
            if len(words) != 1 or not words[0].endswith(_RELATIONAL_ENDINGS):
                continue
            for stem in compound_stems(words, lang):
                owners = cities.setdefault(
                    stem,
                    {
                        gazetteer[i].name
                        for i in gazetteer.index.stem(stem)
                        if i in gazetteer and gazetteer[i].kind == "city"
                    },
                )
                if owners - {place.name}:
                    out.add(place.id)
    return frozenset(out)


def _case_of(original: str, start: int, end: int) -> tuple[bool, bool]:
    """(starts with a capital, is all capitals) for a span of the original text."""
    segment = original[start:end]
    letters = [ch for ch in segment if ch.isalpha()]
    if not letters:
        return False, False
    capital = letters[0].isupper()
    shouting = capital and len(letters) > 1 and all(ch.isupper() for ch in letters)
    return capital, shouting


def _accept(c: Candidate, rule: str) -> None:
    c.accepted = True
    c.rule = rule


def _reject(c: Candidate, reason: str) -> None:
    c.accepted = False
    c.rule = "reject:" + reason


def _merge(nouns: list[Candidate], sectors: list[Candidate]) -> list[Candidate]:
    """Nouns and sector adjectives without overlaps; the longer (or the sector) wins.

    A Latin noun keeps its place over a sector reading (Pokrovsk direction), a Cyrillic
    sector adjective wins over a noun form it happens to equal (Покровському напрямку).
    """
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
                    _accept(c, "form+echo")
                elif any(
                    _named_together(key, (c.start, c.end), (a.start, a.end), connectors)
                    for a in accepted
                ):
                    _accept(c, "form+near")
                else:
                    continue
                changed = True
                accepted.append(c)
    for scan in scans:
        for c in scan.candidates:
            if not c.accepted and not c.rule:
                _reject(c, "ambiguous")
