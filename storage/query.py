"""The search query language, parsed into a safe structure (never raw FTS syntax).

Words are ANDed; "exact phrases"; `OR` between words; `-word` (after whitespace) negates;
`prefix*`; filters `key:value`. Any input either parses (repaired where the intent is
clear: an unclosed quote, a stray OR) or raises QueryError with a one-line reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from storage.errors import QueryError
from tagging.text import fold

FILTER_KEYS = frozenset(
    {
        "place",
        "theme",
        "source",
        "lang",
        "since",
        "until",
        "near",
        "side",
        "type",
        "read",
        "is",
        "starred",
    }
)
_WORD = re.compile(r"[^\W_]+")
_FILTER = re.compile(r"^([A-Za-z]+):(.*)$", re.S)
MAX_QUERY_LENGTH = 1000
MAX_TERMS = 64


@dataclass(frozen=True, slots=True)
class Term:
    """One searchable unit: a word, or a phrase of words that must stand together."""

    words: tuple[str, ...]  # folded
    prefix: bool = False
    quoted: bool = False

    @property
    def text(self) -> str:
        """The words as typed (folded), joined by spaces."""
        return " ".join(self.words)


@dataclass(frozen=True, slots=True)
class Filter:
    """A `key:value` restriction."""

    key: str
    value: str


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    """AND of OR-groups of terms, minus the negated terms, within the filters."""

    groups: tuple[tuple[Term, ...], ...] = ()
    negated: tuple[Term, ...] = ()
    filters: tuple[Filter, ...] = ()
    notes: tuple[str, ...] = field(default=())

    @property
    def is_empty(self) -> bool:
        """Nothing to search for and nothing to filter by."""
        return not self.groups and not self.filters and not self.negated

    def values(self, key: str) -> list[str]:
        """The values given for one filter key, in order."""
        return [f.value for f in self.filters if f.key == key]


@dataclass(slots=True)
class _Token:
    kind: str  # "term", "or", "not", "filter"
    term: Term | None = None
    negated: bool = False
    filter: Filter | None = None


def parse_query(text: str) -> ParsedQuery:
    """Parse a user's query.

    Raises:
        QueryError: with a one-line reason when the query cannot be made sense of.
    """
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryError(f"query too long ({len(text)} characters; at most {MAX_QUERY_LENGTH})")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise QueryError(
            "the query holds bytes that are not valid text (check its encoding)"
        ) from None
    notes: list[str] = []
    tokens = _tokens(text, notes)
    return _assemble(tokens, notes)


def _tokens(text: str, notes: list[str]) -> list[_Token]:
    tokens: list[_Token] = []
    pos, length = 0, len(text)
    while pos < length:
        char = text[pos]
        if char.isspace():
            pos += 1
            continue
        negated = False
        if char == "-" and pos + 1 < length and not text[pos + 1].isspace():
            negated = True
            pos += 1
            char = text[pos]
        if char == '"':
            end = text.find('"', pos + 1)
            if end < 0:
                notes.append("closed an unbalanced quote at the end of the query")
                end = length
            term = _term(text[pos + 1 : end], quoted=True)
            pos = end + 1
            if term:
                tokens.append(_Token("term", term=term, negated=negated))
            continue
        end = pos
        while end < length and not text[end].isspace() and text[end] != '"':
            end += 1
        raw = text[pos:end]
        pos = end
        filter_match = _FILTER.match(raw)
        if filter_match and filter_match.group(1).lower() in FILTER_KEYS:
            key, value = filter_match.group(1).lower(), filter_match.group(2)
            if not value and pos < length and text[pos] == '"':
                close = text.find('"', pos + 1)
                close = length if close < 0 else close
                value, pos = text[pos + 1 : close], close + 1
            if not value.strip():
                raise QueryError(f"{key}: needs a value, e.g. {_example(key)}")
            tokens.append(_Token("filter", filter=Filter(key, value.strip()), negated=negated))
            continue
        if not negated and raw in ("OR", "|", "||"):
            tokens.append(_Token("or"))
            continue
        if not negated and raw in ("AND", "&&"):
            continue
        if not negated and raw == "NOT":
            tokens.append(_Token("not"))
            continue
        term = _word_term(raw)
        if term:
            tokens.append(_Token("term", term=term, negated=negated))
    return tokens


def _word_term(raw: str) -> Term | None:
    stripped = raw.rstrip("*")
    prefix = stripped != raw
    term = _term(stripped, quoted=False, prefix=prefix)
    if prefix:
        if term is None:
            raise QueryError("a lone '*' is not a search: put it after at least 2 letters")
        if len(term.words[-1]) < 2:
            raise QueryError(f"a prefix needs at least 2 letters before '*': {raw!r}")
    return term


def _term(text: str, *, quoted: bool, prefix: bool = False) -> Term | None:
    words = tuple(_WORD.findall(fold(text)))
    if not words:
        return None
    return Term(words=words, prefix=prefix, quoted=quoted)


def _assemble(tokens: list[_Token], notes: list[str]) -> ParsedQuery:
    groups: list[list[Term]] = []
    negated: list[Term] = []
    filters: list[Filter] = []
    pending_or = False
    negate_next = False
    for token in tokens:
        if token.kind == "or":
            pending_or = bool(groups)
            continue
        if token.kind == "not":
            negate_next = True
            continue
        if token.kind == "filter":
            assert token.filter is not None
            if token.negated or negate_next:
                raise QueryError(f"a filter cannot be negated: -{token.filter.key}:")
            filters.append(token.filter)
            pending_or = False
            continue
        assert token.term is not None
        if token.negated or negate_next:
            negated.append(token.term)
            negate_next = False
            pending_or = False
            continue
        if pending_or:
            groups[-1].append(token.term)
        else:
            groups.append([token.term])
        pending_or = False
    if negate_next:
        notes.append("ignored a NOT with nothing after it")
    if sum(len(g) for g in groups) + len(negated) > MAX_TERMS:
        raise QueryError(f"too many words in the query (at most {MAX_TERMS})")
    if negated and not groups and not filters:
        raise QueryError("a query cannot only exclude: add a word or a filter to search for")
    return ParsedQuery(
        groups=tuple(tuple(g) for g in groups),
        negated=tuple(negated),
        filters=tuple(filters),
        notes=tuple(notes),
    )


def _example(key: str) -> str:
    return {
        "place": "place:Pokrovsk",
        "theme": "theme:drones",
        "source": "source:isw",
        "lang": "lang:uk",
        "since": "since:24h",
        "until": "until:2026-01-15",
        "near": "near:Pokrovsk/25km",
        "side": "side:ua",
        "type": "type:analyst",
        "read": "read:no",
        "is": "is:unread",
        "starred": "starred:yes",
    }.get(key, f"{key}:value")
