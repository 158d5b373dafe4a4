"""Tagger speed: cold gazetteer load time and tagging throughput (MB/s on one core).

Measures four profiles of ~20 MB of mixed English/Ukrainian/Russian text each and prints
their parameters, figures and the targets (5 MB/s per core, a gazetteer load of 0.5 s);
asserts nothing. Two are news-like prose written from sentence pools and real gazetteer
names: a front-line digest and long-form articles. The third is the shared bench corpus
(bench/corpus.py), the text the retag and search benches store, so that their figures and
this one describe the same data; it names made-up places, which the real gazetteer does
not hold. The fourth is the bundled sample feeds as ingest parses and tags them: short
feed items, dense with names and cues. Each profile is measured on `--runs` corpora
drawn with consecutive seeds (in the prose and shared ones every text is new to the
tagger); the median is the figure: CPU time on a shared virtual machine swings by a fifth
run to run.

    .venv/bin/python bench/tagging_speed.py [--mb 20] [--seed 7] [--runs 3]
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from itertools import count
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.corpus import CorpusParams, batches  # noqa: E402
from bench.verdict import verdict  # noqa: E402
from ingest.convert import tag_texts, to_new_item  # noqa: E402
from ingest.parse import parse_feed  # noqa: E402
from ingest.telegram import parse_telegram  # noqa: E402
from tagging import default_tagger, load_gazetteer  # noqa: E402
from tagging.text import body_of  # noqa: E402

SAMPLE_FEEDS = ROOT / "sample_feeds"
TARGET_MB_PER_S = 5.0
TARGET_LOAD_S = 0.5

# Sentence pools: news-like prose with the usual density of theme words.
SENTENCES = {
    "en": [
        "Russian forces continued offensive operations on several axes, the General Staff said.",
        "Local authorities reported damage to residential buildings after overnight shelling.",
        "Analysts note that muddy roads slow down the movement of armoured vehicles.",
        "The regional administration urged residents to evacuate while roads remain open.",
        "Officials said the talks would resume next week if both sides agree on an agenda.",
        "Power was restored to most households by the evening, the energy company said.",
        "Volunteers delivered water, food and medicine to the people who stayed behind.",
        "The ministry published new figures on the budget and on prices of basic goods.",
        "A spokesperson declined to comment on the reports, citing operational security.",
        "Footage shared on social media could not be independently verified.",
        "The commander said his unit had been rotated out after three months at the front.",
        "Schools in the district will continue to teach online until further notice.",
    ],
    "uk": [
        "Російські війська продовжують наступальні дії на кількох напрямках, повідомив Генштаб.",
        "Місцева влада повідомила про пошкодження житлових будинків після нічного обстрілу.",
        "Аналітики зазначають, що бездоріжжя уповільнює рух бронетехніки.",
        "Обласна адміністрація закликала мешканців евакуюватися, поки дороги відкриті.",
        "Представники сторін заявили, що переговори можуть продовжитися наступного тижня.",
        "Енергетики відновили електропостачання більшості абонентів до вечора.",
        "Волонтери доставили воду, продукти та ліки людям, які залишилися.",
        "Міністерство оприлюднило нові дані про бюджет і ціни на базові товари.",
        "Речник відмовився коментувати повідомлення, пославшись на безпеку операції.",
        "Відео з соцмереж не вдалося незалежно перевірити.",
        "Командир розповів, що його підрозділ вивели на ротацію після трьох місяців на фронті.",
        "Школи громади продовжать навчання онлайн до окремого розпорядження.",
    ],
    "ru": [
        "Российские войска продолжают наступательные действия на нескольких направлениях.",
        "Местные власти сообщили о повреждении жилых домов после ночного обстрела.",
        "Аналитики отмечают, что бездорожье замедляет движение бронетехники.",
        "Областная администрация призвала жителей эвакуироваться, пока дороги открыты.",
        "Представители сторон заявили, что переговоры могут продолжиться на следующей неделе.",
        "Энергетики восстановили электроснабжение большинства абонентов к вечеру.",
        "Волонтеры доставили воду, продукты и лекарства оставшимся людям.",
        "Министерство опубликовало новые данные о бюджете и ценах на базовые товары.",
        "Представитель отказался комментировать сообщения, сославшись на безопасность.",
        "Видео из соцсетей не удалось независимо проверить.",
        "Командир рассказал, что его подразделение вывели на ротацию после трех месяцев.",
        "Школы продолжат обучение онлайн до отдельного распоряжения.",
    ],
}
TEMPLATES = {
    "en": ["Fighting near {}.", "Drones struck {} overnight.", "{} came under fire again."],
    "uk": ["Бої поблизу {}.", "Дрони атакували {} вночі.", "{} знову під обстрілом."],
    "ru": ["Бои у {}.", "Дроны атаковали {} ночью.", "{} снова под обстрелом."],
}
# Two text profiles: a front-line digest (Telegram-like, a place every ~4 sentences) and
# long-form articles (a place every ~12 sentences). Cost grows with names and cues per KB.
PROFILES = {
    "digest": {"place_every": 4, "sentences": (4, 30)},
    "articles": {"place_every": 12, "sentences": (15, 60)},
}


def utf8_size(title: str, body: str) -> int:
    """An item's text in bytes of UTF-8, what the MB/s figures count."""
    return len(title.encode()) + len(body.encode())


Texts = list[tuple[str, str]]  # (title, body) per item


def until_size(pairs: Iterable[tuple[str, str]], megabytes: float) -> tuple[Texts, int]:
    """The first items of `pairs` that add up to about `megabytes` MB, and their size in
    bytes; `pairs` is read no further than that."""
    items: Texts = []
    size = 0
    target = int(megabytes * 1_000_000)
    for title, body in pairs:
        items.append((title, body))
        size += utf8_size(title, body)
        if size >= target:
            break
    return items, size


def build_corpus(megabytes: float, seed: int, profile: str = "digest") -> Texts:
    """Items (title, body) of mixed-language text adding up to about `megabytes` MB."""
    return until_size(_prose_items(seed, profile), megabytes)[0]


def _prose_items(seed: int, profile: str) -> Iterator[tuple[str, str]]:
    place_every = PROFILES[profile]["place_every"]
    low, high = PROFILES[profile]["sentences"]
    rng = random.Random(seed)
    places = list(load_gazetteer())
    names = {
        "en": [p.name for p in places],
        "uk": [p.name_uk for p in places],
        "ru": [p.name_ru for p in places],
    }
    while True:
        lang = rng.choice(("en", "uk", "ru"))
        parts = []
        for _ in range(rng.randint(low, high)):
            if rng.randrange(place_every) == 0:
                parts.append(rng.choice(TEMPLATES[lang]).format(rng.choice(names[lang])))
            else:
                parts.append(rng.choice(SENTENCES[lang]))
        body = " ".join(parts)
        title = rng.choice(TEMPLATES[lang]).format(rng.choice(names[lang]))
        yield title, body


def cold_load_seconds(runs: int = 3) -> tuple[float, float]:
    """(gazetteer load, full tagger construction) in fresh interpreters, best of `runs`."""
    code = (
        "import time,sys; sys.path.insert(0, {root!r}); t=time.perf_counter();"
        "from tagging import {name}; {name}(); print(time.perf_counter()-t)"
    )
    out = []
    for name in ("load_gazetteer", "default_tagger"):
        times = []
        for _ in range(runs):
            result = subprocess.run(
                [sys.executable, "-c", code.format(root=str(ROOT), name=name)],
                capture_output=True,
                text=True,
                check=True,
            )
            times.append(float(result.stdout.strip()))
        out.append(min(times))
    return out[0], out[1]


def measure(items: Texts, size: int) -> float:
    """Tag every item once (`size` bytes of UTF-8 in all), print throughput per core and
    return it (MB/s)."""
    tagger = default_tagger()
    started = time.perf_counter()
    cpu_started = time.process_time()
    places = themes = 0
    for title, body in items:
        result = tagger.tag(title, body)
        places += len(result.places)
        themes += len(result.themes)
    took = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    # CPU time is what one core spent; wall time also counts waiting for a busy machine.
    print(
        f"  tagged: {size / 1e6 / cpu:.2f} MB/s per core (CPU {cpu:.2f} s, wall {took:.2f} s); "
        f"{len(items) / cpu:.0f} items/s; {places} place tags, {themes} theme tags"
    )
    return size / 1e6 / cpu


Profile = tuple[Texts, int, list[str]]  # items, their size in bytes, what they are


def prose(megabytes: float, seed: int, profile: str) -> Profile:
    """A prose profile's items, their size and the lines that say what they are."""
    spec = PROFILES[profile]
    low, high = spec["sentences"]
    about = (
        f"en/uk/ru news-like sentences, {low}-{high} per item, 1 in {spec['place_every']} "
        "naming a random gazetteer place, every title names one"
    )
    return *until_size(_prose_items(seed, profile), megabytes), [about]


def shared(megabytes: float, seed: int) -> Profile:
    """The shared bench corpus's first items adding up to about `megabytes` MB, as retag
    tags them (title, and the fuller of summary and content), and its parameters."""
    # More items than are taken: the corpus stops being drawn once the size is reached.
    params = CorpusParams(items=int(megabytes * 1_000), seed=seed)
    pairs = (
        (item.title, body_of(item.summary, item.content))
        for batch in batches(params)
        for item in batch.items
    )
    # The first line gives the item count and time span, which the sizing above replaces.
    about = ["the shared corpus (bench/corpus.py):", *params.describe()[1:]]
    return *until_size(pairs, megabytes), about


def sample_feeds(megabytes: float, seed: int) -> Profile:
    """The bundled sample feeds and Telegram pages, parsed and tagged as ingest does it
    (title, and the fuller of summary and content), drawn in random order until they add
    up to about `megabytes` MB: short feed items, as a monitor mostly sees them."""
    parsed = [
        item
        for path in sorted((SAMPLE_FEEDS / "feeds").iterdir())
        for item in parse_feed(path.read_bytes(), {}, f"http://localhost/{path.name}").items
    ]
    parsed += [
        item
        for path in sorted((SAMPLE_FEEDS / "telegram").glob("*.html"))
        for item in parse_telegram(path.read_text(encoding="utf-8"), "https://t.me/s/x").items
    ]
    texts = tag_texts([to_new_item(item, needs_full_text=False) for item in parsed])
    rng = random.Random(seed)
    about = (
        f"the {len(texts)} items of the bundled sample feeds and Telegram pages, repeated "
        "(the tagger keeps no result per text, only per word)"
    )
    return *until_size((rng.choice(texts) for _ in count()), megabytes), [about]


def main() -> int:
    """Print the corpus parameters, load times and throughput."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=20.0, help="corpus size in MB per profile")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--runs", type=int, default=3, help="corpora per profile (seeds)")
    args = parser.parse_args()
    gazetteer_s, tagger_s = cold_load_seconds()
    print(
        f"cold load (fresh process, best of 3): gazetteer {gazetteer_s:.3f} s, "
        f"tagger {tagger_s:.3f} s"
    )
    verdict("gazetteer load", gazetteer_s <= TARGET_LOAD_S, f"<= {TARGET_LOAD_S} s")
    default_tagger().tag("warm-up", "")
    for profile in (*PROFILES, "shared corpus", "sample feeds"):
        rates = []
        for seed in range(args.seed, args.seed + args.runs):
            if profile in PROFILES:
                items, size, about = prose(args.mb, seed, profile)
            elif profile == "shared corpus":
                items, size, about = shared(args.mb, seed)
            else:
                items, size, about = sample_feeds(args.mb, seed)
            print(
                f"{profile}: seed {seed}, {len(items)} items, {size / 1e6:.1f} MB UTF-8; {about[0]}"
            )
            for line in about[1:]:
                print(f"    {line}")
            rates.append(measure(items, size))
        median = statistics.median(rates)
        print(f"{profile}: median {median:.2f} MB/s per core over {len(rates)}")
        verdict(profile, median >= TARGET_MB_PER_S, f">= {TARGET_MB_PER_S} MB/s per core")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
