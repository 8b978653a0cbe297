"""CheckWriter: many checks in few transactions, each still all-or-nothing under its lease."""

from __future__ import annotations

import asyncio
import threading
from datetime import timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import select

import monitor.store.writer as writer_module
from monitor.store import CheckWriter, LeaseLost, Watch, claim_due, session_scope
from monitor.store.models import Check, Snapshot
from tests.store.helpers import NOW, counts, make_watch, result


def _claim_all(engine: Engine, n: int) -> dict[int, str]:
    for i in range(n):
        make_watch(engine, f"story-{i}")
    return {c.watch.id or 0: c.token for c in claim_due(engine, "tester", limit=n, now=NOW)}


def test_a_burst_of_checks_shares_transactions_and_every_one_is_recorded(engine: Engine) -> None:
    tokens = _claim_all(engine, 60)
    with CheckWriter(engine) as writer:
        futures = [writer.submit(wid, tok, result("first", f"Story {wid}."), worker_id="w")
                   for wid, tok in tokens.items()]
        recorded = [f.result(timeout=30) for f in futures]
    assert writer.batches < len(tokens)  # shared, not one commit per check
    assert [r.version for r in recorded] == [1] * 60
    assert counts(engine) == {"check": 60, "snapshot": 60, "change": 0, "alert": 0}
    with session_scope(engine) as s:
        for w in s.exec(select(Watch)):
            assert w.lease_token is None and w.last_status == "first"


def test_a_lost_lease_fails_only_its_own_check(engine: Engine) -> None:
    tokens = _claim_all(engine, 3)
    ids = list(tokens)
    with CheckWriter(engine) as writer:
        futures = [writer.submit(wid, tokens[wid] + ("-stale" if wid == ids[1] else ""), result("first", "Text."))
                   for wid in ids]
        with pytest.raises(LeaseLost):
            futures[1].result(timeout=30)
        assert futures[0].result(timeout=30).version == 1
        assert futures[2].result(timeout=30).version == 1
    with session_scope(engine) as s:
        assert sorted(c.watch_id for c in s.exec(select(Check))) == sorted([ids[0], ids[2]])


def test_a_check_that_breaks_its_batch_is_the_only_one_lost(engine: Engine, monkeypatch) -> None:
    tokens = _claim_all(engine, 4)
    ids = list(tokens)
    real = writer_module.record_in
    queued = threading.Event()

    def flaky(session, watch_id, *args, **kw):
        if watch_id == ids[0]:
            queued.wait(10)  # the other three gather meanwhile: they share the next batch
        recorded = real(session, watch_id, *args, **kw)
        if watch_id == ids[2]:
            raise RuntimeError("disk full")  # after writing: the batch must be rolled back
        return recorded

    monkeypatch.setattr(writer_module, "record_in", flaky)
    with CheckWriter(engine) as writer:
        futures = {wid: writer.submit(wid, tok, result("first", f"Story {wid}.")) for wid, tok in tokens.items()}
        queued.set()
        with pytest.raises(RuntimeError, match="disk full"):
            futures[ids[2]].result(timeout=30)
        for wid in (ids[0], ids[1], ids[3]):
            assert futures[wid].result(timeout=30).version == 1
    with session_scope(engine) as s:
        assert sorted(c.watch_id for c in s.exec(select(Check))) == sorted([ids[0], ids[1], ids[3]])
        assert sorted(x.watch_id for x in s.exec(select(Snapshot))) == sorted([ids[0], ids[1], ids[3]])


def test_a_result_is_reported_only_once_committed(engine: Engine) -> None:
    tokens = _claim_all(engine, 1)
    (wid, tok), = tokens.items()

    async def go() -> int:
        async with CheckWriter(engine) as writer:
            rec = await writer.record(wid, tok, result("first", "Text.", at=NOW + timedelta(seconds=1)))
            with session_scope(engine) as s:  # another connection sees it at once
                assert s.get(Check, rec.check_id) is not None
            return rec.check_id

    assert asyncio.run(go()) > 0


def test_a_malformed_result_is_refused_at_once_and_a_closed_writer_takes_nothing(engine: Engine) -> None:
    tokens = _claim_all(engine, 1)
    (wid, tok), = tokens.items()
    writer = CheckWriter(engine)
    with pytest.raises(ValueError, match="unknown check outcome"):
        writer.submit(wid, tok, result("exploded", "x"))
    writer.close()
    with pytest.raises(RuntimeError, match="closed"):
        writer.submit(wid, tok, result("first", "x"))
    assert counts(engine)["check"] == 0


def test_plain_results_go_together_and_a_lost_lease_among_them_writes_nothing(engine: Engine) -> None:
    tokens = _claim_all(engine, 5)
    ids = list(tokens)
    stale = ids[3]
    with CheckWriter(engine) as writer:
        futures = {wid: writer.submit(wid, tok + ("-stale" if wid == stale else ""),
                                      result("unchanged", None, etag=f'"e{wid}"'), worker_id="w")
                   for wid, tok in tokens.items()}
        with pytest.raises(LeaseLost):
            futures[stale].result(timeout=30)
        recorded = {wid: f.result(timeout=30) for wid, f in futures.items() if wid != stale}
    with session_scope(engine) as s:
        checks = {c.id: c for c in s.exec(select(Check))}
        assert sorted(c.watch_id for c in checks.values()) == sorted(set(ids) - {stale})
        for wid, rec in recorded.items():  # each id names that watch's own row
            assert checks[rec.check_id].watch_id == wid and checks[rec.check_id].outcome == "unchanged"
        watches = {w.id: w for w in s.exec(select(Watch))}
    assert watches[stale].lease_token == tokens[stale] and watches[stale].etag is None
    assert all(watches[w].lease_token is None and watches[w].etag == f'"e{w}"' for w in recorded)


def test_one_lease_records_one_result(engine: Engine) -> None:
    (wid, tok), = _claim_all(engine, 1).items()
    writer = CheckWriter(engine)
    # In one batch or in two, the second finds the lease spent.
    first = writer.submit(wid, tok, result("unchanged", None))
    second = writer.submit(wid, tok, result("unchanged", None))
    writer.close()
    assert first.result(timeout=30).check_id > 0
    with pytest.raises(LeaseLost):
        second.result(timeout=30)
    assert counts(engine)["check"] == 1


def test_writers_in_parallel_with_a_claimer_neither_block_nor_lose_a_check(engine: Engine) -> None:
    """Four daemons' writers record disjoint claims at once while a fifth keeps claiming."""
    tokens = _claim_all(engine, 80)
    make_watch(engine, "still-due")  # something for the claimer to find, once
    ids = list(tokens)
    errors: list[BaseException] = []
    claimed: list[int] = []
    stop = threading.Event()

    def record(part: list[int]) -> None:
        try:
            with CheckWriter(engine) as writer:
                futures = [writer.submit(w, tokens[w], result("unchanged", None)) for w in part]
                for f in futures:
                    f.result(timeout=60)
        except BaseException as e:  # surfaced below
            errors.append(e)

    def claim() -> None:
        try:
            while not stop.is_set():
                claimed.extend(c.watch.id or 0 for c in claim_due(engine, "other", limit=5, now=NOW))
        except BaseException as e:
            errors.append(e)

    claimer = threading.Thread(target=claim)
    claimer.start()
    writers = [threading.Thread(target=record, args=(ids[i::4],)) for i in range(4)]
    for t in writers:
        t.start()
    for t in writers:
        t.join(90)
    stop.set()
    claimer.join(30)
    assert errors == [] and not any(t.is_alive() for t in writers)
    assert counts(engine)["check"] == 80
    assert not set(claimed) & set(ids)  # a watch under a live lease is never claimed by another


def test_results_are_kept_while_the_database_is_unavailable_and_written_when_it_is_back(
        engine: Engine, monkeypatch) -> None:
    from sqlalchemy.exc import OperationalError

    tokens = _claim_all(engine, 3)
    real = writer_module.session_scope
    down = threading.Event()
    down.set()
    attempts: list[int] = []

    def scope(*args, **kw):
        if down.is_set():
            attempts.append(1)
            raise OperationalError("SELECT", {}, Exception("connection refused"))
        return real(*args, **kw)

    monkeypatch.setattr(writer_module, "session_scope", scope)
    monkeypatch.setattr(writer_module, "RETRY_FIRST", 0.01)
    heard: list[str | None] = []
    with CheckWriter(engine, on_unavailable=heard.append) as writer:
        futures = [writer.submit(wid, tok, result("first", f"Story {wid}.")) for wid, tok in tokens.items()]
        assert _eventually(lambda: writer.held > 0 and len(attempts) >= 3)
        assert not any(f.done() for f in futures)  # kept, not failed
        down.clear()
        assert [f.result(timeout=10).version for f in futures] == [1, 1, 1]
        assert writer.held == 0
    assert heard[0] == "connection refused" and heard[-1] is None
    with session_scope(engine) as s:
        assert len(s.exec(select(Check)).all()) == 3


def _eventually(pred, timeout: float = 10.0) -> bool:
    import time

    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if pred():
            return True
        time.sleep(0.01)
    return False
