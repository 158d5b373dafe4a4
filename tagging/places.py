"""Finding settlement names in one field of text and judging each by the words around it."""

from __future__ import annotations

import re
from operator import itemgetter
from typing import NamedTuple

from tagging.candidates import Candidate, FieldScan, accept, merge, reject
from tagging.context import Ambiguity, Contexts
from tagging.formindex import FormHit
from tagging.forms import adjective_stem_candidates, compound_stems
from tagging.gazetteer import Gazetteer
from tagging.scan import (
    FieldText,
    Span,
    chain_before,
    match_words,
    next_words,
    previous_words,
    word_before,
)
from tagging.tokenise import NEXT_TOKEN, KeyText, key_of, key_words

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
_CUE_WORDS = 3
_STEM_CACHE = 100_000


_Head = tuple[dict[str, tuple[tuple[str, ...], ...]], FormHit | None]


class _Near(NamedTuple):
    """The words of a field that reject a name standing right after or before them."""

    not_before: set[str]
    not_after: set[str]


_FAR = _Near(set(), set())  # a field without such words (never changed)
_NOT_AMBIGUOUS = Ambiguity.NONE  # a module global: looked up faster than an enum member


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
        self._telling = self._not_before | self._not_after
        # Every word the rules look up in a field: one pass over a field's words against
        # this picks the few that matter, where a pass per list costs a lookup per word each.
        self.vocabulary = self._index.first_tokens | contexts.sector_nouns | self._telling
        self._water_words = contexts.water_words | contexts.river_words
        self._verb_endings = tuple(contexts.verb_endings)
        # Per spelling, what _judge needs of its places: (ambiguity, names a river too).
        # A spelling always names the same places, and a gazetteer has finitely many.
        self._spelling_info: dict[str, tuple[Ambiguity, bool]] = {}
        # Per word, the places its adjective stem names (None: none); news repeats words.
        self._stem_cache: dict[str, tuple[str, ...] | None] = {}
        # Per first word of multi-word names, their later words grouped by the second word
        # (one look at the word after an occurrence rules out all the other names), and
        # what the word names alone. A gazetteer has finitely many first words.
        self._heads: dict[str, _Head] = {}

    def scan(
        self, field: FieldText, regions: list[Span], known: set[str] | None = None
    ) -> FieldScan:
        """Candidates of one field, each accepted, rejected or left pending.

        Args:
            field: the field.
            regions: the spans of the regions named in it.
            known: the field's words that are in `vocabulary`, when the caller has them.
        """
        if known is None:
            known = field.words & self.vocabulary
        text = field.text
        scan = FieldScan(field.name, text)
        nouns = self._nouns(field, known)
        sectors = self._sectors(field, known)
        scan.candidates = merge(nouns, sectors)
        if nouns:
            # A word before or after a name can only be a word of the field: when the field
            # has none of the telling ones, the names need not look for them.
            telling = known & self._telling
            near = _Near(telling & self._not_before, telling & self._not_after) if telling else _FAR
            for candidate in scan.candidates:
                if not candidate.sector:
                    self._judge(scan, candidate, regions, near)
        return scan

    def _head(self, head: str) -> _Head:
        """What a name's first word may start: its multi-word names by second word, and the
        places it names alone (remembered per word)."""
        found = self._heads.get(head)
        if found is None:
            grouped: dict[str, list[tuple[str, ...]]] = {}
            # Kept in the index's order (longest first) within each group.
            for rest in self._index.multi.get(head, ()):
                grouped.setdefault(rest[0], []).append(rest)
            by_next = {word: tuple(rests) for word, rests in grouped.items()}
            found = self._heads[head] = (by_next, self._index.get(head))
        return found

    def _nouns(self, field: FieldText, known: set[str]) -> list[Candidate]:
        index = self._index
        key = field.key
        found: list[Candidate] = []
        heads = self._heads
        for head in known & index.first_tokens:
            by_next, single = heads.get(head) or self._head(head)
            for start, end in field.spans(head):
                after = NEXT_TOKEN.match(key, end) if by_next else None
                for rest in by_next.get(after.group(1), ()) if after is not None else ():
                    full_end = match_words(key, after.end(), rest[1:])  # type: ignore[union-attr]
                    if full_end is not None:
                        full = " ".join((head, *rest))
                        found.append(Candidate(start, full_end, full, index.get(full)))  # type: ignore[arg-type]
                        break
                else:
                    if single is not None:
                        found.append(Candidate(start, end, head, single))
        return found

    def _stem_places(self, word: str) -> tuple[str, ...] | None:
        try:
            return self._stem_cache[word]
        except KeyError:
            pass
        found = None
        for stem in adjective_stem_candidates(word):
            ids = self._index.stem(stem)
            if ids:
                found = ids
                break
        if len(self._stem_cache) >= _STEM_CACHE:
            self._stem_cache.clear()
        self._stem_cache[word] = found
        return found

    def _sectors(self, field: FieldText, known: set[str]) -> list[Candidate]:
        key = field.key
        found: list[Candidate] = []
        for noun in known & self._contexts.sector_nouns:
            for start, _end in field.spans(noun):
                chain = chain_before(key, start, self._stem_places)
                if not chain:
                    continue
                before = word_before(key, chain[-1][0].start)
                if before is not None and before.gap == "-":
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

    def _judge(self, scan: FieldScan, c: Candidate, regions: list[Span], near: _Near) -> None:
        """Accept, reject or leave pending one noun candidate.

        The common case, an unambiguous capitalised name, costs two regex matches for its
        neighbouring words; the fuller context is read only for ambiguous names.
        """
        text = scan.text
        key = text.key
        info = self._spelling_info.get(c.key)
        if info is None:
            ids = c.hit.current + c.hit.former
            watery = bool(self._water) and not self._water.isdisjoint(ids)
            info = self._spelling_info[c.key] = (self._ambiguity(c.key, ids), watery)
        c.ambiguity, watery = info
        c.capital = text.original[text.to_original(c.start)].isupper()
        if not c.capital and not (c.start > 0 and key[c.start - 1] == "#"):
            return reject(c, "lowercase")
        for region_start, region_end in regions:
            if region_start <= c.start < region_end:
                return reject(c, "region")
        after = _NEXT_WORD.match(key, c.end) if near.not_after else None
        if after and not after.group(1).strip(" ,(-") and after.group(2) in near.not_after:
            return reject(c, f"not-after:{after.group(2)}")
        if near.not_before:
            before = word_before(key, c.start)
            if (
                before is not None
                and not before.gap.strip(_QUOTES)
                and before.key in near.not_before
            ):
                return reject(c, f"not-before:{before.key}")
        if watery and self._watery(key, c):
            return reject(c, "river")
        if c.ambiguity is _NOT_AMBIGUOUS:
            return accept(c, "form")
        if c.ambiguity is Ambiguity.PROPER:
            if not near.not_after:
                after = _NEXT_WORD.match(key, c.end)
            if after and self._verb(text, after):
                return reject(c, "person")
        c.shouting = _case_of(text.original, *text.span(c.start, c.end))[1]
        if not c.shouting:
            if scan.title_case is None:
                scan.title_case = _title_case(text.original)
            c.shouting = scan.title_case
        c.initial = _sentence_initial(key, c.start)
        if c.ambiguity is Ambiguity.COMMON and not (c.initial or c.shouting):
            return accept(c, "form+caps")
        c.cue = self._cue(key, c, regions)
        if c.cue:
            return accept(c, "form+cue")
        return None

    def _watery(self, key: str, c: Candidate) -> bool:
        water = self._water_words
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
    capitals = sum(map(str.isupper, map(itemgetter(0), words)))
    return capitals >= 0.6 * len(words)


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
