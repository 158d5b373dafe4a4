"""A seeded generator of synthetic multilingual front-line news items, shared by every bench."""

from __future__ import annotations

import math
import random
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import accumulate

from bench.corpus_words import (
    HEAD_WORDS,
    NAME_ENDINGS,
    NAME_ROOTS,
    REAL_PLACES,
    TAIL_SYLLABLES,
    THEMES,
)
from storage.db import Database
from storage.places import sync_places
from storage.sources import add_source
from storage.types import NewItem, Place, Source
from tagging.text import fold
from tagging.types import Evidence, PlaceTag, TagResult, ThemeTag

# The corpus's "now": the newest item is first seen just before it.
END = datetime(2026, 1, 10, 12, 0, tzinfo=UTC)
CENTRE = (48.2824, 37.1777)  # Pokrovsk; every place lies in a 200 km box around it
BOX_KM = 200.0
TAIL_WORDS = 5_000  # rare words per language
TAGGER_VERSION = "bench-corpus-1"
# Theme popularity, after the labelled evaluation set's counts.
THEME_WEIGHTS = (62, 13, 9, 11, 9, 19, 40, 17, 10, 10, 9, 9, 51, 10, 10, 30)

SOURCES = (
    Source(id="ua-wire", kind="rss", url="https://ua-wire.example/rss", title="UA Wire",
           lang="uk", side="ua", type="media"),
    Source(id="front-en", kind="rss", url="https://front-en.example/feed", title="Front EN",
           lang="en", side="intl", type="analyst"),
    Source(id="ru-milblog", kind="telegram", url="https://t.me/s/rumilblog", title="RU Milblog",
           lang="ru", side="ru", type="milblogger"),
    Source(id="digest", kind="html", url="https://digest.example/", title="Digest",
           side="other", type="aggregator"),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class CorpusParams:
    """Everything that shapes the corpus; the same params and seed give the same items."""

    items: int = 10_000
    days: int = 30
    seed: int = 1
    lang_mix: tuple[tuple[str, float], ...] = (("en", 0.35), ("uk", 0.40), ("ru", 0.25))
    title_words: tuple[int, int] = (6, 14)
    body_words: tuple[int, int] = (40, 400)
    body_mean: float = 150.0
    place_count: int = 300
    place_zipf: float = 1.0
    places_per_item: tuple[float, ...] = (0.05, 0.10, 0.20, 0.30, 0.20, 0.15)  # P(0..5)
    themes_per_item: tuple[float, ...] = (0.30, 0.45, 0.25)  # P(0..2)
    mention_share: float = 0.8  # tagged places also named in the body
    summary_only: float = 0.3
    undated: float = 0.05
    duplicates: float = 0.02  # another source's recent title, copied
    tail_share: float = 0.2  # share of body words drawn from the rare tail
    batch: int = 200
    end: datetime = END

    def describe(self) -> list[str]:
        """The parameters as lines a bench prints before its figures."""
        mix = ", ".join(f"{lang} {share:.0%}" for lang, share in self.lang_mix)
        heads = "/".join(str(len(HEAD_WORDS[lang])) for lang, _ in self.lang_mix)
        places = _mean(self.places_per_item)
        themes = _mean(self.themes_per_item)
        return [
            f"corpus: {self.items:,} items over {self.days} days (seed {self.seed}), "
            f"polls of {self.batch} items from {len(SOURCES)} sources in turn",
            f"languages: {mix}",
            f"title {self.title_words[0]}-{self.title_words[1]} words; body "
            f"{self.body_words[0]}-{self.body_words[1]} words (log-normal, mean ~"
            f"{self.body_mean:.0f}); {self.summary_only:.0%} summary-only; "
            f"{self.undated:.0%} undated",
            f"vocabulary: {heads} common words or fixed expressions (Zipf; an expression counts "
            f"as one word above) + {TAIL_WORDS:,} rare words per language "
            f"({self.tail_share:.0%} of body words)",
            f"places: {self.place_count} ids, Zipf s={self.place_zipf} offset 1 (pokrovsk most "
            "common), "
            f"{places:.1f} per item (0-{len(self.places_per_item) - 1}), "
            f"{self.mention_share:.0%} named in the body",
            f"themes: {len(THEMES)} ids, {themes:.2f} per item (0-{len(self.themes_per_item) - 1})",
            f"duplicates: {self.duplicates:.0%} copies of another source's recent title",
        ]


def _mean(distribution: Sequence[float]) -> float:
    return sum(n * p for n, p in enumerate(distribution))


@dataclass(frozen=True, slots=True)
class SyntheticPlace:
    """A place of the corpus gazetteer, most popular first."""

    id: str
    name: str  # Latin, as English items write it
    cyrillic: str  # as Ukrainian and Russian items write it
    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class Batch:
    """One poll's worth of items: a source, when it was polled, what it returned."""

    source_id: str
    fetched_at: datetime
    items: list[NewItem]


def make_places(count: int = 300, seed: int = 1) -> list[SyntheticPlace]:
    """The corpus gazetteer: real places of the axis first, then made-up villages.

    Made-up names repeat after the first round (as Novopavlivka or Zelene do in life):
    the repeats get an id ending in -2 and share the Cyrillic name, so a form can name two.
    """
    rng = random.Random(f"places-{seed}")
    names = [(pid, pid.capitalize(), cyr) for pid, cyr in REAL_PLACES]
    made_up = [
        (latin + ending, cyr + cyr_ending)
        for latin, cyr in NAME_ROOTS
        for ending, cyr_ending in NAME_ENDINGS
    ]
    rng.shuffle(made_up)
    for round_no in range(1, 100):
        for latin, cyr in made_up:
            if len(names) >= count:
                break
            pid = latin if round_no == 1 else f"{latin}-{round_no}"
            names.append((pid, latin.capitalize(), cyr))
        if len(names) >= count:
            break
    half_lat = BOX_KM / 2 / 111.0
    half_lon = BOX_KM / 2 / (111.0 * math.cos(math.radians(CENTRE[0])))
    places = []
    for rank, (pid, name, cyr) in enumerate(names):
        if rank == 0:
            lat, lon = CENTRE
        else:
            lat = CENTRE[0] + rng.uniform(-half_lat, half_lat)
            lon = CENTRE[1] + rng.uniform(-half_lon, half_lon)
        places.append(SyntheticPlace(pid, name, cyr, round(lat, 5), round(lon, 5)))
    return places


def seed_database(db: Database, params: CorpusParams) -> list[SyntheticPlace]:
    """Load the corpus places (forms: the id and the folded Cyrillic name) and sources."""
    places = make_places(params.place_count, params.seed)
    rows = [
        Place(
            id=p.id,
            name=p.name,
            name_uk=p.cyrillic,
            name_ru=p.cyrillic,
            kind="village",
            oblast="Donetsk",
            raion="Pokrovskyi",
            lat=p.lat,
            lon=p.lon,
        )
        for p in places
    ]
    forms = [(p.id, p.id) for p in places] + [(fold(p.cyrillic), p.id) for p in places]
    sync_places(db, rows, forms, version=f"bench-{params.place_count}-{params.seed}")
    for source in SOURCES:
        add_source(db, source)
    return places


class _Vocabulary:
    """One language's words with Zipf weights: a common head and a long rare tail."""

    def __init__(self, lang: str, tail_share: float, seed: int) -> None:
        head = list(HEAD_WORDS[lang])
        tail = _tail_words(lang, seed)
        head_weights = _zipf(len(head), 1.0, offset=2.0)
        tail_weights = _zipf(len(tail), 1.0, offset=10.0)
        weights = [w * (1 - tail_share) for w in head_weights]
        weights += [w * tail_share for w in tail_weights]
        self.words = head + tail
        self.cum = list(accumulate(weights))

    def sample(self, rng: random.Random, count: int) -> list[str]:
        return rng.choices(self.words, cum_weights=self.cum, k=count)


def _zipf(count: int, exponent: float, offset: float = 0.0) -> list[float]:
    raw = [1.0 / (rank + offset) ** exponent for rank in range(1, count + 1)]
    total = sum(raw)
    return [w / total for w in raw]


def _draw_count(rng: random.Random, distribution: Sequence[float]) -> int:
    return rng.choices(range(len(distribution)), weights=distribution)[0]


def _tail_words(lang: str, seed: int) -> list[str]:
    rng = random.Random(f"tail-{lang}-{seed}")
    syllables = TAIL_SYLLABLES[lang]
    words: dict[str, None] = {}
    while len(words) < TAIL_WORDS:
        words["".join(rng.choices(syllables, k=rng.randint(2, 4)))] = None
    return list(words)


class _Writer:
    """Makes the text of one item, remembering where each place name landed."""

    def __init__(self, params: CorpusParams, places: list[SyntheticPlace]) -> None:
        self.params = params
        self.places = places
        self.vocab = {
            lang: _Vocabulary(lang, params.tail_share, params.seed) for lang, _ in params.lang_mix
        }
        self.place_cum = list(accumulate(_zipf(len(places), params.place_zipf, offset=1.0)))
        self.theme_cum = list(accumulate(THEME_WEIGHTS))
        mu = math.log(params.body_mean) - 0.55**2 / 2
        self.body_mu, self.body_sigma = mu, 0.55

    def pick_places(self, rng: random.Random) -> list[SyntheticPlace]:
        wanted = _draw_count(rng, self.params.places_per_item)
        chosen: dict[str, SyntheticPlace] = {}
        for _ in range(wanted * 4):
            if len(chosen) == wanted:
                break
            place = rng.choices(self.places, cum_weights=self.place_cum)[0]
            chosen[place.id] = place
        return list(chosen.values())

    def pick_themes(self, rng: random.Random) -> list[str]:
        wanted = _draw_count(rng, self.params.themes_per_item)
        return list(dict.fromkeys(rng.choices(THEMES, cum_weights=self.theme_cum, k=wanted)))

    def body_length(self, rng: random.Random) -> int:
        low, high = self.params.body_words
        return min(high, max(low, round(rng.lognormvariate(self.body_mu, self.body_sigma))))

    def text(
        self,
        rng: random.Random,
        lang: str,
        words: int,
        mentions: Sequence[tuple[str, str]],
        sentences: bool,
    ) -> tuple[str, dict[str, list[tuple[int, int]]]]:
        """Text of `words` words with the (place id, name) mentions at random places."""
        tokens: list[tuple[str, str | None]] = [
            (w, None) for w in self.vocab[lang].sample(rng, words)
        ]
        for place_id, name in mentions:
            tokens.insert(rng.randrange(len(tokens) + 1), (name, place_id))
        parts: list[str] = []
        spans: dict[str, list[tuple[int, int]]] = {}
        pos = 0
        left = rng.randint(8, 20)
        capital = True
        for index, (word, place_id) in enumerate(tokens):
            if index:
                parts.append(" ")
                pos += 1
            if capital:
                word = word[:1].upper() + word[1:]
                capital = False
            if place_id is not None:
                spans.setdefault(place_id, []).append((pos, pos + len(word)))
            parts.append(word)
            pos += len(word)
            left -= 1
            if sentences and (left == 0 or index == len(tokens) - 1):
                parts.append(".")
                pos += 1
                left = rng.randint(8, 20)
                capital = True
        return "".join(parts), spans


def _place_tags(
    places: list[SyntheticPlace],
    found: dict[str, dict[str, list[tuple[int, int]]]],
    names: dict[str, str],
) -> tuple[PlaceTag, ...]:
    tags = []
    for place in places:
        evidence = [
            Evidence(field, start, end, fold(names[place.id]), "bench")
            for field in ("title", "body")
            for start, end in found[field].get(place.id, ())
        ]
        tags.append(PlaceTag(place.id, max(1, len(evidence)), tuple(evidence[:3])))
    return tuple(tags)


def batches(params: CorpusParams) -> Iterator[Batch]:
    """The corpus as polls: each a batch of one source's items, first-seen times increasing.

    Publication times rise with first-seen times and never pass them.
    """
    rng = random.Random(params.seed)
    writer = _Writer(params, make_places(params.place_count, params.seed))
    langs = [lang for lang, _ in params.lang_mix]
    lang_weights = [share for _, share in params.lang_mix]
    count = math.ceil(params.items / params.batch)
    start = params.end - timedelta(days=params.days)
    step = (params.end - start) / count
    recent: deque[tuple[str, str]] = deque(maxlen=400)
    made = 0
    for number in range(count):
        source = SOURCES[number % len(SOURCES)]
        fetched = start + step * (number + 1)
        previous = fetched - step
        size = min(params.batch, params.items - made)
        items = []
        for offset in range(size):
            serial = made + offset
            lang = rng.choices(langs, weights=lang_weights)[0]
            published = None
            if rng.random() >= params.undated:
                published = previous + step * (offset + 1) / (size + 1)
            items.append(_item(rng, writer, params, source.id, serial, lang, published, recent))
        made += size
        yield Batch(source.id, fetched, items)


def _item(
    rng: random.Random,
    writer: _Writer,
    params: CorpusParams,
    source_id: str,
    serial: int,
    lang: str,
    published: datetime | None,
    recent: deque[tuple[str, str]],
) -> NewItem:
    places = writer.pick_places(rng)
    names = {p.id: (p.name if lang == "en" else p.cyrillic) for p in places}
    title_mentions = [(places[0].id, names[places[0].id])] if places and rng.random() < 0.6 else []
    body_mentions = [(p.id, names[p.id]) for p in places if rng.random() < params.mention_share]
    title, title_spans = writer.text(
        rng, lang, rng.randint(*params.title_words) - len(title_mentions), title_mentions, False
    )
    copied = [t for s, t in recent if s != source_id]
    if copied and rng.random() < params.duplicates:
        title, title_spans = rng.choice(copied), {}
    recent.append((source_id, title))
    words = writer.body_length(rng) - len(body_mentions)
    body, body_spans = writer.text(rng, lang, words, body_mentions, True)
    found = {"title": title_spans, "body": body_spans}
    tags = TagResult(
        lang=lang,
        places=_place_tags(places, found, names),
        themes=tuple(ThemeTag(t, round(rng.uniform(0.3, 1.0), 2)) for t in writer.pick_themes(rng)),
        version=TAGGER_VERSION,
    )
    summary_only = rng.random() < params.summary_only
    cut = body.find(".", 160)
    summary = body if summary_only or cut < 0 else body[: cut + 1]
    return NewItem(
        guid=f"{source_id}-{serial}",
        title=title,
        url=f"https://{source_id}.example/news/{serial}?utm_source=rss",
        summary=summary,
        content="" if summary_only else body,
        lang=lang,
        published_at=published,
        tags=tags,
    )


def rare_place(places: Sequence[SyntheticPlace], rank: int = 250) -> SyntheticPlace:
    """A place far down the popularity list (few items name it)."""
    return places[min(rank, len(places) - 1)]
