"""A made-up alert for ``monitor notify test``: one of each thing a notifier must show."""

from __future__ import annotations

from datetime import UTC, datetime

from monitor.diff.model import Change, UpdateGroup
from monitor.diff.summary import summarize
from monitor.notify.base import AlertMessage


def sample_alert(*, key: str = "test:sample", created_at: datetime | None = None) -> AlertMessage:
    """A negation edit, a numbers edit and a live-blog update group."""
    changes = (
        Change(kind="edited", old="Officials said the talks would resume on Monday.",
               new="Officials said the talks would not resume on Monday.",
               old_at=((0, 0),), new_at=((0, 0),), aspects=("negation",), significance=0.95,
               reason="a negation was added", similarity=0.93),
        Change(kind="edited", old="At least 12 delegates attended the first round.",
               new="At least 19 delegates attended the first round.",
               old_at=((1, 0),), new_at=((1, 0),), aspects=("numbers",), significance=0.8,
               reason="12 → 19", similarity=0.95, details=(("numbers", "12 → 19"),)),
        Change(kind="added", old=None, new="Update 14:05: The delegation has left the venue.",
               new_at=((0, 0),), significance=0.6, reason="new update", group=1),
        Change(kind="added", old=None, new="No statement was issued.", new_at=((0, 1),),
               significance=0.4, reason="new update", group=1),
    )
    groups = (UpdateGroup(id=1, trigger="marker", heading="Update 14:05", new_at=((0, 0), (0, 1)),
                          significance=0.6),)
    return AlertMessage(
        key=key, kind="test", watch="sample-story", url="https://example.org/news/talks",
        title="Talks to resume (sample)", created_at=created_at or datetime.now(UTC),
        changes=changes, groups=groups, significance=0.95, summary=summarize(changes, groups),
        version=3, report_url=None, error=None,
    )
