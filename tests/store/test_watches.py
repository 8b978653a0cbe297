"""Adding, finding, changing and removing watches, with errors a user can act on."""

from __future__ import annotations

from datetime import UTC

import pytest
from sqlalchemy import Engine

from monitor.diff.model import Change
from monitor.store import (
    AlertDraft,
    WatchExists,
    WatchNotFound,
    add_watch,
    get_watch,
    list_watches,
    remove_watch,
    session_scope,
    update_watch,
)
from tests.store.helpers import check_in, counts, make_watch, result


def test_add_and_get_by_name_id_or_digits(engine: Engine) -> None:
    watch = make_watch(
        engine,
        "istanbul-talks",
        interval_seconds=300,
        ignore=[r"\d+ comments"],
        rules={"min_significance": 0.3},
        notifiers=[{"kind": "console"}, {"kind": "webhook", "url": "http://127.0.0.1:9/x"}],
    )
    with session_scope(engine) as session:
        for ref in ("istanbul-talks", watch.id, str(watch.id)):
            found = get_watch(session, ref)  # type: ignore[arg-type]
            assert found.id == watch.id
        assert found.ignore == [r"\d+ comments"]
        assert found.rules == {"min_significance": 0.3}
        assert found.notifiers[1] == {"kind": "webhook", "url": "http://127.0.0.1:9/x"}
        assert found.enabled and found.adaptive and found.kind == "http"
        assert found.created_at.tzinfo is not None
        assert found.created_at.utcoffset() == UTC.utcoffset(None)


def test_a_name_made_of_digits_wins_over_an_id(engine: Engine) -> None:
    first = make_watch(engine, "first")
    numbered = make_watch(engine, str(first.id))
    with session_scope(engine) as session:
        assert get_watch(session, str(first.id)).id == numbered.id
        assert get_watch(session, first.id or 0).id == first.id


def test_duplicate_name_is_refused_and_transaction_survives(engine: Engine) -> None:
    make_watch(engine, "story")
    with session_scope(engine) as session:
        with pytest.raises(WatchExists, match="'story' already exists"):
            add_watch(session, "story", "https://elsewhere.example/")
        add_watch(session, "other", "https://elsewhere.example/")
    with session_scope(engine) as session:
        assert [w.name for w in list_watches(session)] == ["other", "story"]


def test_unknown_watch_message(engine: Engine) -> None:
    with session_scope(engine) as session, pytest.raises(WatchNotFound) as info:
        get_watch(session, "nope")
    assert str(info.value) == "no watch named or numbered 'nope' (see `monitor list`)"
    assert isinstance(info.value, LookupError)
    # "²" is a digit to str.isdigit but not a number to int(): unknown, not a crash.
    with session_scope(engine) as session, pytest.raises(WatchNotFound):
        get_watch(session, "²")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"kind": "ftp"}, "kind must be one of browser, feed, file, http, json, pdf"),  # the installed sources, by kind
        ({"interval_seconds": 0}, "interval_seconds must be a positive"),
        ({"min_interval": 600, "max_interval": 60}, "min_interval must not exceed"),
        ({"keep_versions": 0}, "keep_versions must be at least 1"),
    ],
    ids=["kind", "interval", "min-max", "keep"],
)
def test_invalid_fields_are_refused(engine: Engine, fields: dict, message: str) -> None:
    with session_scope(engine) as session, pytest.raises(ValueError, match=message):
        add_watch(session, "story", "https://news.example/", **fields)


def test_scheduler_state_is_not_settable(engine: Engine) -> None:
    with session_scope(engine) as session, pytest.raises(TypeError, match="lease_token"):
        add_watch(session, "story", "https://news.example/", lease_token="mine")


def test_update_and_rename(engine: Engine) -> None:
    make_watch(engine, "a")
    make_watch(engine, "b")
    with session_scope(engine) as session:
        update_watch(session, "a", interval_seconds=60, enabled=False, name="a2")
    with session_scope(engine) as session:
        watch = get_watch(session, "a2")
        assert (watch.interval_seconds, watch.enabled) == (60, False)
        assert [w.name for w in list_watches(session, enabled=True)] == ["b"]
        with pytest.raises(WatchExists):
            update_watch(session, "a2", name="b")


def test_feed_children(engine: Engine) -> None:
    feed = make_watch(engine, "feed", kind="feed")
    make_watch(engine, "article-1", parent_id=feed.id)
    make_watch(engine, "article-2", parent_id=feed.id)
    with session_scope(engine) as session:
        assert [w.name for w in list_watches(session, parent_id=feed.id)] == [
            "article-1",
            "article-2",
        ]
        remove_watch(session, "feed")
    with session_scope(engine) as session:  # the articles outlive their feed
        assert get_watch(session, "article-1").parent_id is None


def test_remove_takes_everything_of_the_watch_with_it(engine: Engine) -> None:
    gone, kept = make_watch(engine, "gone"), make_watch(engine, "kept")
    change = Change(kind="added", old=None, new="New line.", new_at=((0, 1),))
    for watch in (gone, kept):
        check_in(engine, watch, result("first", "Old line."))
        check_in(
            engine,
            watch,
            result(
                "changed",
                "Old line. New line.",
                changes=[change],
                alerts=[AlertDraft("console", {"n": 1})],
            ),
        )
    before = counts(engine)
    with session_scope(engine) as session:
        remove_watch(session, "gone")
    assert counts(engine) == {name: n // 2 for name, n in before.items()}
    with session_scope(engine) as session, pytest.raises(WatchNotFound):
        remove_watch(session, "gone")
