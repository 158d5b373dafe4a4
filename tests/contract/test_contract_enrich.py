"""Fetch first, enrich later: full text re-tags (may alert); no private fetches; plain text."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from ingest import netguard
from ingest.alerting import AlertPolicy
from ingest.cpu import CpuPool
from ingest.fetch import FetchResult
from ingest.monitor import Monitor
from ingest.parse_source import parse_document
from ingest.poll_source import PollSettings
from storage.items import store_items
from storage.sources import add_source, poll_now
from storage.stream import get_item
from storage.types import NewItem, Source
from storage.watch import add_place
from tests.contract.contract_kit import Entry, Feed, alert_recorder, now, recorded
from tests.ingest.poll_kit import KeywordTagger, add, count, fetcher, make_db, poll_round

PARAGRAPHS = [
    "Ukrainian units reported&nbsp;heavy fighting on the approaches to Myrnohrad overnight, "
    "with several assault groups stopped <b>before</b> the railway line.",
    "Local officials said that evacuation buses left the town twice during the day while "
    "artillery fire continued along the northern edge of the city and the nearby villages.",
    "According to the brigade&#8217;s press service, the defenders still hold the mine area and "
    "the road that supplies the garrison, although it is under constant drone observation.",
    "Analysts note that the pressure on the town has grown steadily over the past weeks as "
    "reserves were brought up from the south and the weather allowed more drone flights.",
]
ARTICLE = (
    "<!doctype html><html><head><title>Night fighting</title></head><body>"
    "<nav><a href='/'>Home</a> | <a href='/news'>News</a></nav><article><h1>Night fighting</h1>"
    + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    + "</article><footer>Copyright</footer></body></html>"
)
PUBLIC_HOST = "news.example"


@pytest.fixture
def public_name(monkeypatch: pytest.MonkeyPatch) -> str:
    """A host name that resolves to a public address (no lookup leaves the machine)."""
    real = netguard.resolve

    async def resolve(host: str) -> list:
        if host == PUBLIC_HOST:
            return [ipaddress.ip_address("93.184.216.34")]
        return await real(host)

    monkeypatch.setattr(netguard, "resolve", resolve)
    return PUBLIC_HOST


def _count_item_writes(db) -> None:  # noqa: ANN001
    """From now on, every insert, update or delete of an item adds a row to item_writes."""
    with db.write() as conn:
        conn.execute("CREATE TABLE item_writes (n INTEGER)")
        for event in ("INSERT", "UPDATE", "DELETE"):
            conn.execute(
                f"CREATE TRIGGER count_{event.lower()} AFTER {event} ON items "
                "BEGIN INSERT INTO item_writes VALUES (1); END"
            )


def _monitor(db, f, argv: list[str] | None = None) -> Monitor:  # noqa: ANN001
    policy = AlertPolicy(command=tuple(argv or ()))
    settings = PollSettings(jitter=0.0, extract_enabled=True)
    return Monitor(db, f, CpuPool(tagger=KeywordTagger()), settings=settings, alert_policy=policy)


async def test_full_text_lands_later_retags_and_may_alert_a_new_place(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    db = make_db(tmp_path)
    add_place(db, "myrnohrad")
    httpserver.expect_request("/article").respond_with_data(ARTICLE, content_type="text/html")
    feed = Feed(httpserver)
    add(db, "s", feed.url)
    argv, out = alert_recorder(tmp_path)
    feed.entries = [Entry("seed", "Morning summary", now())]
    async with fetcher() as f:
        monitor = _monitor(db, f, argv)
        poll_now(db)
        await monitor.run_round()
        feed.entries.append(
            Entry("n1", "Night fighting", now(), httpserver.url_for("/article"), "Short note.")
        )
        poll_now(db)
        summary = await monitor.run_round()
        # Stored, tagged and alert-checked from the feed's own text: no place yet, no alert.
        item_id = count(db, "SELECT max(id) FROM items")
        assert summary.new_items == 1 and summary.alerts == []
        assert get_item(db, item_id).row.places == ()
        assert count(db, "SELECT count(*) FROM items WHERE extract_state = 'pending'") == 1

        assert await monitor.enrich() == 1

        # Change detection compares feed fields only: the full text that landed is no change.
        # The document changes (its channel title) so it is parsed again each time.
        _count_item_writes(db)
        for n in range(3):
            feed.title = f"Test feed, edition {n}"
            poll_now(db)
            again = await monitor.run_round()
            assert (again.ok, again.new_items) == (1, 0)
            assert await monitor.enrich() == 0
    assert count(db, "SELECT count(*) FROM item_writes") == 0
    assert [e[0].path for e in httpserver.log].count("/article") == 1
    detail = get_item(db, item_id)
    assert detail.row.places == ("myrnohrad",)  # re-tagged from the full text
    assert [n["title"] for n in recorded(out)] == ["Night fighting"]  # the new place alerted
    assert count(db, "SELECT count(*) FROM alerts_fired") == 1
    # Stored content is plain text: no markup, no entities, no no-break spaces.
    assert "heavy fighting on the approaches to Myrnohrad" in detail.content
    assert "before the railway line" in detail.content and "brigade’s" in detail.content
    for bad in ("<", ">", "&nbsp;", "&#", "\xa0"):
        assert bad not in detail.content


async def test_feed_text_is_stored_as_plain_text(tmp_path: Path, httpserver: HTTPServer) -> None:
    db = make_db(tmp_path)
    feed = Feed(httpserver)
    add(db, "s", feed.url)
    feed.entries = [
        Entry(
            "cdata",
            "Tom&amp;nbsp;and Jerry",
            now(),
            None,
            "<![CDATA[<p>One&nbsp;<b>two</b></p><p>three</p>]]>",
        ),
        Entry(
            "escaped",
            "Plain title",
            now(),
            None,
            "&lt;p&gt;Four&amp;nbsp;&lt;i&gt;five&lt;/i&gt;&lt;/p&gt;",
        ),
    ]
    await poll_round(db)
    with db.reading() as conn:
        rows = dict(
            conn.execute("SELECT guid, title || '|' || summary || '|' || content FROM items")
        )
    assert rows["cdata"].startswith("Tom and Jerry|") and "One two\n\nthree" in rows["cdata"]
    assert "Four five" in rows["escaped"]
    for text in rows.values():
        for bad in ("<", ">", "&nbsp;", "&amp;", "\xa0"):
            assert bad not in text, (bad, text)


def _pending_item(db, source: Source, link: str) -> int:  # noqa: ANN001
    add_source(db, source)
    new = NewItem("p1", "Short note", link, summary="Short.", extract_state="pending")
    return store_items(db, source.id, [new]).new_ids[0]


@pytest.mark.parametrize(
    "target",
    [
        "loopback",  # the test's own server
        "http://169.254.169.254/latest/meta-data/",  # cloud metadata
        "http://10.1.2.3/article",  # private network
        "http://[fe80::1]/article",  # link-local
    ],
)
async def test_article_links_to_private_addresses_are_not_fetched_for_a_public_source(
    tmp_path: Path, httpserver: HTTPServer, public_name: str, target: str
) -> None:
    httpserver.expect_request("/article").respond_with_data(ARTICLE, content_type="text/html")
    link = httpserver.url_for("/article") if target == "loopback" else target
    db = make_db(tmp_path)
    source = Source(id="pub", kind="rss", url=f"https://{public_name}/feed", interval=60)
    item_id = _pending_item(db, source, link)
    async with fetcher() as f:
        assert await _monitor(db, f).enrich() == 1
    assert httpserver.log == []
    assert count(db, "SELECT extract_state FROM items WHERE id = ?", item_id) == "failed"


async def test_a_source_on_a_private_address_may_lead_to_one(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/article").respond_with_data(ARTICLE, content_type="text/html")
    db = make_db(tmp_path)
    source = Source(id="lan", kind="rss", url=httpserver.url_for("/feed"), interval=60)
    item_id = _pending_item(db, source, httpserver.url_for("/article"))
    async with fetcher() as f:
        await _monitor(db, f).enrich()
    assert len(httpserver.log) == 1
    assert count(db, "SELECT extract_state FROM items WHERE id = ?", item_id) == "done"


async def test_an_html_index_on_a_public_host_never_fetches_private_article_links(
    tmp_path: Path, httpserver: HTTPServer, public_name: str
) -> None:
    httpserver.expect_request("/article").respond_with_data(ARTICLE, content_type="text/html")
    index = (
        "<html><body><main>"
        f'<a href="{httpserver.url_for("/article")}">Night fighting near Myrnohrad today</a>'
        "</main></body></html>"
    )
    # A selector picks links on any host (discovery alone keeps to the index's own host).
    source = Source(
        id="idx", kind="html", url=f"https://{public_name}/", interval=60, selector="main a"
    )
    page = FetchResult(
        url=source.url,
        final_url=source.url,
        status=200,
        headers={"content-type": "text/html"},
        body=index.encode(),
    )
    async with fetcher() as f:
        outcome = await parse_document(
            CpuPool(tagger=KeywordTagger()), f, source, page, 20, known=lambda s, g: set()
        )
    assert httpserver.log == []
    assert outcome.items == () and "private" in (outcome.error or "")
