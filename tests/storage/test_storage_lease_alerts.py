"""The poller lease (one poller per database) and alert claims (each pair fires once)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from storage_kit import StoreFn, item

from storage import Database, open_database
from storage.alerts import alerts_after, claim_alerts, last_alert_id
from storage.db import LEASE_STALE_SECONDS
from storage.lease import (
    acquire,
    current_poller,
    heartbeat,
    holder_name,
    release,
)
from storage.timeutil import now_epoch
from storage.watch import add_place, add_query


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The lease's idea of now, as a one-element list the test moves forward."""
    now = [now_epoch()]
    monkeypatch.setattr("storage.lease.now_epoch", lambda: now[0])
    return now


def test_acquire_heartbeat_release(db: Database, clock: list[int]) -> None:
    assert acquire(db, "poller@a:1") is None
    live = current_poller(db, now=clock[0])
    assert live is not None and live.holder == "poller@a:1" and live.heartbeat_at == clock[0]
    clock[0] += 20
    assert heartbeat(db, "poller@a:1") is True
    live = current_poller(db, now=clock[0])
    assert live is not None and live.heartbeat_at == clock[0]
    assert acquire(db, "poller@a:1") is None  # the holder may take it again
    release(db, "poller@a:1")
    assert current_poller(db, now=clock[0]) is None
    assert heartbeat(db, "poller@a:1") is False


def test_second_holder_is_refused_while_the_first_is_live(
    db_path: Path, db: Database, clock: list[int]
) -> None:
    other = open_database(db_path)  # another process's view of the same file
    assert acquire(db, "poller@a:1") is None
    clock[0] += LEASE_STALE_SECONDS  # still live: exactly at the limit
    refused = acquire(other, "poller@b:2")
    assert refused is not None and refused.holder == "poller@a:1"
    assert heartbeat(other, "poller@b:2") is False
    release(other, "poller@b:2")  # releasing a lease one does not hold changes nothing
    live = current_poller(other, now=clock[0])
    assert live is not None and live.holder == "poller@a:1"
    other.close()


def test_stale_lease_is_taken_over(db_path: Path, db: Database, clock: list[int]) -> None:
    other = open_database(db_path)
    assert acquire(db, "poller@a:1") is None
    clock[0] += LEASE_STALE_SECONDS + 1  # the first holder stopped beating
    assert current_poller(other, now=clock[0]) is None
    assert acquire(other, "poller@b:2") is None
    live = current_poller(db, now=clock[0])
    assert live is not None and live.holder == "poller@b:2"
    # The first holder wakes up and learns it lost the lease.
    assert heartbeat(db, "poller@a:1") is False
    other.close()


def test_old_heartbeat_written_by_hand_is_stale(db: Database) -> None:
    with db.write() as conn:
        conn.execute(
            "INSERT INTO lease (name, holder, pid, schema_version, heartbeat_at) "
            "VALUES ('poller', 'poller@gone:9', 9, 2, ?)",
            (now_epoch() - 3600,),
        )
    assert current_poller(db) is None
    assert acquire(db, "poller@new:1") is None


def test_force_takes_a_live_lease(db: Database, clock: list[int]) -> None:
    assert acquire(db, "poller@a:1") is None
    assert acquire(db, "poller@b:2", force=True) is None
    live = current_poller(db, now=clock[0])
    assert live is not None and live.holder == "poller@b:2"
    assert heartbeat(db, "poller@a:1") is False
    assert heartbeat(db, "poller@b:2") is True


def test_holder_name() -> None:
    name = holder_name("monitor")
    role, _, rest = name.partition("@")
    assert role == "monitor" and rest.rsplit(":", 1)[1].isdigit()


@pytest.fixture
def pairs(db: Database, store: StoreFn) -> list[tuple[int, int]]:
    """(item, rule) pairs that exist: three items against two rules."""
    ids = store("ua-news", *(item(f"g{n}", f"Новина {n}", "текст") for n in range(3))).new_ids
    rules = [add_place(db, "pokrovsk").id, add_query(db, "текст").id]
    return [(i, r) for i in ids for r in rules]


def test_each_pair_is_claimed_once(db_path: Path, db: Database, pairs: list) -> None:
    other = open_database(db_path)
    first = claim_alerts(db, pairs[:4])
    assert first == pairs[:4]
    second = claim_alerts(other, pairs[2:])  # overlaps the first claim
    assert second == pairs[4:]
    assert claim_alerts(db, pairs) == []
    assert claim_alerts(other, [pairs[0], pairs[0]]) == []
    other.close()


def test_a_pair_repeated_in_one_claim_fires_once(db: Database, pairs: list) -> None:
    assert claim_alerts(db, [pairs[0], pairs[0], pairs[1]]) == [pairs[0], pairs[1]]


def test_concurrent_claims_never_share_a_pair(db_path: Path, db: Database, pairs: list) -> None:
    results: list[list[tuple[int, int]]] = [[], []]
    start = threading.Barrier(2)

    def claim(slot: int) -> None:
        own = open_database(db_path)
        start.wait()
        results[slot] = claim_alerts(own, pairs)
        own.close()

    threads = [threading.Thread(target=claim, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not set(results[0]) & set(results[1])
    assert sorted(results[0] + results[1]) == sorted(pairs)


def test_followers_read_alerts_in_order(db: Database, pairs: list) -> None:
    assert last_alert_id(db) == 0
    assert alerts_after(db, 0) == []
    claim_alerts(db, pairs[:3])
    seen = last_alert_id(db)
    claim_alerts(db, pairs[3:])
    fired = alerts_after(db, 0)
    assert [(item_id, rule_id) for _, item_id, rule_id in fired] == pairs
    assert [a for a, _, _ in fired] == sorted(a for a, _, _ in fired)
    assert [(i, r) for _, i, r in alerts_after(db, seen)] == pairs[3:]
    assert len(alerts_after(db, 0, limit=2)) == 2
    assert last_alert_id(db) == fired[-1][0]
