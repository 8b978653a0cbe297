"""Writing back what ``monitor export`` saved: a watch's versions and changes (``monitor import``).

The versions keep their numbers, times and texts (the text is checked
against its hash, so a file edited by hand cannot store a version that
lies about its content); each change goes back under the version it led to
and the one it was compared with, when that one was kept.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel import Session

from monitor.diff.model import Change
from monitor.store.checks import content_hash
from monitor.store.compress import compress_text
from monitor.store.models import Snapshot, StoredChange


@dataclass(frozen=True)
class SavedVersion:
    version: int
    fetched_at: datetime
    text: str
    content_hash: str
    title: str | None = None
    suspect: bool = False

    @property
    def intact(self) -> bool:
        """Whether the text is the one its hash was taken of."""
        return content_hash(self.text) == self.content_hash


@dataclass(frozen=True)
class SavedChange:
    version: int  # the version it led to
    compared_to: int | None  # the version it was compared with, if kept
    created_at: datetime
    change: Mapping[str, Any] = field(default_factory=dict)  # ``Change.to_dict()``


def restore_history(session: Session, watch_id: int, versions: Sequence[SavedVersion],
                    changes: Sequence[SavedChange]) -> tuple[int, int]:
    """Stores the versions and changes of a new watch; returns how many of each."""
    ids: dict[int, int] = {}
    for v in sorted(versions, key=lambda v: v.version):
        encoded = v.text.encode("utf-8")
        snap = Snapshot(watch_id=watch_id, version=v.version, content_hash=v.content_hash,
                        text_z=compress_text(v.text), size=len(encoded), fetched_at=v.fetched_at, title=v.title,
                        suspect=v.suspect)
        session.add(snap)
        session.flush()
        ids[v.version] = snap.id or 0
    for c in changes:
        session.add(StoredChange.from_change(
            Change.from_dict(dict(c.change)), watch_id=watch_id, snapshot_id=ids[c.version],
            prev_snapshot_id=ids.get(c.compared_to) if c.compared_to is not None else None,
            created_at=c.created_at))
    session.flush()
    return len(ids), len(changes)
