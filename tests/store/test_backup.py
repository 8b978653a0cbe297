"""``restore_history``: versions and changes written back as export saved them, on both backends."""

from datetime import UTC, datetime, timedelta

from monitor.diff.model import Change
from monitor.store import (
    SavedChange,
    SavedVersion,
    add_watch,
    content_hash,
    iter_changes,
    iter_versions,
    latest_snapshot,
    restore_history,
    session_scope,
    snapshot_text,
)

T0 = datetime(2026, 5, 15, 6, 0, tzinfo=UTC)
TEXTS = ["The talks begin on Thursday.", "The talks begin on Friday.", "Page not found."]


def test_restored_versions_and_changes_read_back(engine) -> None:
    versions = [SavedVersion(version=i, fetched_at=T0 + timedelta(minutes=i), text=t, content_hash=content_hash(t),
                             suspect=(i == 3)) for i, t in enumerate(TEXTS, start=1)]
    change = Change(kind="edited", old=TEXTS[0], new=TEXTS[1], aspects=("time",), significance=0.8)
    changes = [SavedChange(version=2, compared_to=1, created_at=T0 + timedelta(minutes=2), change=change.to_dict())]
    assert all(v.intact for v in versions)
    with session_scope(engine, write=True) as s:
        w = add_watch(s, "story", "https://news.example/story")
        s.flush()
        assert restore_history(s, w.id, versions, changes) == (3, 1)
        wid = w.id
    with session_scope(engine) as s:
        stored = list(iter_versions(s, wid))
        assert [(v.version, snapshot_text(v), v.fetched_at, v.suspect) for v in stored] == [
            (v.version, v.text, v.fetched_at, v.suspect) for v in versions]
        [(row, version)] = list(iter_changes(s, wid))
        assert version == 2 and row.to_change() == change and row.created_at == T0 + timedelta(minutes=2)
        assert row.prev_snapshot_id == stored[0].id
        assert latest_snapshot(s, wid).version == 2  # the suspect third is not the one compared with
    assert not SavedVersion(1, T0, "edited text", content_hash("other")).intact
