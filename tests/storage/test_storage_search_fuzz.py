"""Any query string either runs or raises QueryError: never an SQLite error or a crash."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from storage_kit import NOW, body_tag, item, seed

from storage import Database, QueryError, open_database
from storage.items import store_items
from storage.search import search
from storage.types import SearchResult

# Pieces users (and attackers) type: FTS5 syntax, SQL, filters, controls, odd Unicode.
FRAGMENTS = [
    '"',
    "'",
    "(",
    ")",
    "*",
    ":",
    "-",
    "^",
    "+",
    "{",
    "}",
    "[",
    "]",
    ",",
    ";",
    "\\",
    "/",
    "NEAR(",
    "NEAR(a b, 3)",
    "AND",
    "AND AND",
    "OR",
    "OR OR",
    "NOT",
    "|",
    "||",
    "&&",
    "title:",
    "tags:",
    "content:",
    "items_fts",
    "rowid",
    "zp_pokrovsk",
    "zt_drones",
    "'; DROP TABLE items; --",
    '" OR 1=1 --',
    "%",
    "_",
    "\x00",
    "\x1b[2J",
    "\u200b",
    "\u202e",
    "\t",
    "\n",
    "Покровськ",
    "Слов’янськ",
    "F-16",
    "п*",
    "обс*",
    "**",
    "place:",
    "place:pokrovsk",
    "place:Novopavlivka",
    "theme:",
    "theme:drones",
    "source:",
    "source:ua-news",
    "lang:",
    "lang:uk",
    "since:",
    "since:7d",
    "until:",
    "near:",
    "near:Pokrovsk/",
    "near:Zelene",
    "side:",
    "type:",
    "read:",
    "is:",
    "starred:",
    "since:0d",
    "since:99999w",
    "near:Pokrovsk/300km",
    "/0",
    "km",
    "e9",
    "..",
    "T",
    "+02:00",
]

queries = st.one_of(
    st.text(max_size=60),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=6)), max_size=10).map(
        lambda parts: " ".join(parts)
    ),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=3)), max_size=10).map("".join),
    st.tuples(
        st.sampled_from(["since:", "until:"]),
        st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)).map(str),
        st.sampled_from(["", "T00:00", "T23:59:59", "T12:00+05:00", " ", "x"]),
    ).map("".join),
)


@pytest.fixture(scope="module")
def fuzz_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """A small seeded database shared by every example (hypothesis re-runs the test body)."""
    db = open_database(tmp_path_factory.mktemp("fuzz") / "fw.db")
    seed(db)
    body = "Бої під Покровськом, дрони над Слов'янськом; F-16 і обстріли."
    tagged = [body_tag("pokrovsk", body, "Покровськом"), "sloviansk"]
    store_items(
        db,
        "ua-news",
        [
            item("g1", "Штурм Покровська", body, places=tagged, themes=["drones"]),
            item("g2", "(NEAR) AND \"quotes\" 'OR' *", "a:b c-d 1=1 -- drop"),
        ],
        now=NOW,
    )
    yield db
    db.close()


def _runs_or_query_error(db: Database, query: str, sort: str = "newest") -> None:
    try:
        result = search(db, query, now=NOW, sort=sort)
    except QueryError as exc:
        message = str(exc)
        assert message and "\n" not in message
        return
    assert isinstance(result, SearchResult)


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(query=queries, sort=st.sampled_from(["newest", "rank"]))
def test_any_query_runs_or_raises_query_error(fuzz_db: Database, query: str, sort: str) -> None:
    _runs_or_query_error(fuzz_db, query, sort)


@pytest.mark.parametrize(
    "query",
    ['"', '""', '"" *', "NEAR(", "AND AND", "OR", "-", "--", "*:*", "title:x", "a OR", "NOT"],
)
def test_fts_syntax_never_reaches_sqlite(fuzz_db: Database, query: str) -> None:
    _runs_or_query_error(fuzz_db, query)


def test_sql_in_a_query_is_just_words(fuzz_db: Database) -> None:
    hits = search(fuzz_db, "'; DROP TABLE items; --", now=NOW).hits
    assert [h.item.title for h in hits] == []
    hits = search(fuzz_db, "drop 1=1", now=NOW).hits
    assert [h.item.title for h in hits] == ["(NEAR) AND \"quotes\" 'OR' *"]
    assert fuzz_db.conn().execute("SELECT count(*) FROM items").fetchone()[0] == 2


@pytest.mark.parametrize("query", ["until:9999-12-31"])
def test_the_last_representable_date_is_a_query_error(fuzz_db: Database, query: str) -> None:
    _runs_or_query_error(fuzz_db, query)


@pytest.mark.parametrize("query", ["source:\udcff", "place:\udcff"])
def test_undecodable_input_is_a_query_error(fuzz_db: Database, query: str) -> None:
    _runs_or_query_error(fuzz_db, query)
