"""The history views return plain data a web page can use as it is: no
database objects, secrets masked, versions and the changes that made them."""

import json
from datetime import datetime

import pytest

from monitor.store import add_watch, get_engine, session_scope
from monitor.views.history import NoSuchChange, change_view, version_view, watch_history
from tests.checks import check_texts
from tests.origin import seed_versions


def _plain(value):
    """JSON types and datetimes only: what a template or an API encoder takes without the database."""
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_plain(v) for v in value)
    return value is None or isinstance(value, (str, int, float, bool, datetime))


@pytest.fixture
def story(tmp_path):
    engine = get_engine(str(tmp_path / "m.db"))
    doc = tmp_path / "story.txt"
    with session_scope(engine, write=True) as s:
        add_watch(s, "story", str(doc), kind="file")
    check_texts(engine, doc, seed_versions()[-3:])
    yield engine
    engine.dispose()


def test_history_lists_versions_oldest_first_and_checks_newest_first(story):
    h = watch_history(story, "story", checks=2)
    assert _plain(h)
    assert [v["version"] for v in h["versions"]] == [1, 2, 3]
    assert h["versions"][0]["changes"] == 0 and h["versions"][2]["changes"] == sum(h["versions"][2]["counts"].values())
    assert h["versions"][2]["changes"] > 0
    assert len(h["checks"]) == 2 and h["checks"][0]["time"] >= h["checks"][1]["time"]
    assert h["checks"][0]["version"] == 3
    json.dumps(h, default=str)  # what the CLI and an API write


def test_a_version_carries_its_text_and_the_changes_that_made_it(story):
    newest, first = version_view(story, "story"), version_view(story, "story", 1)
    assert _plain(newest) and newest["version"] == 3 and newest["compared_to"] == 2
    assert newest["text"].strip() == seed_versions()[-1].strip()
    assert first["changes"] == [] and first["compared_to"] is None
    one = newest["changes"][0]
    c = change_view(story, "story", one["id"])
    assert _plain(c) and c["version"] == 3 and c["compared_to"] == 2 and c["kind"] == one["kind"]
    with pytest.raises(NoSuchChange, match="has no change 999999"):
        change_view(story, "story", 999999)
