"""What a source hands to the pipeline: one ``Fetched`` record per read.

Outcomes are values, not exceptions: a 404, a timeout or a page that is not
text is a ``Fetched`` with ``status="failed"``, a one-line ``error`` and a
``transient`` flag that says whether trying again later can help.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Status = Literal["ok", "not_modified", "same_body", "failed"]

USER_AGENT = "StoryMonitor/0.1 (+change monitor)"
MAX_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class FetchOptions:
    """How to read one document, including what is known from the last read."""

    timeout_connect: float = 5.0
    timeout_read: float = 15.0
    retries: int = 2
    backoff_base: float = 0.5
    max_redirects: int = 10
    max_bytes: int = MAX_BYTES
    user_agent: str = USER_AGENT
    selector: str | None = None
    ignore: tuple[str, ...] = ()
    etag: str | None = None
    last_modified: str | None = None
    raw_hash: str | None = None
    raw: bool = False  # hand back the body bytes (in ``extra["body"]``) instead of extracting


@dataclass(frozen=True, slots=True)
class Fetched:
    status: Status
    text: str | None = None
    title: str | None = None
    raw_hash: str | None = None
    http_status: int | None = None
    etag: str | None = None
    last_modified: str | None = None
    content_type: str | None = None
    final_url: str | None = None
    error: str | None = None
    transient: bool = False
    elapsed_ms: int = 0
    bytes: int = 0
    extra: dict = field(default_factory=dict, compare=False, repr=False)


def failed(error: str, *, transient: bool = False, **kw) -> Fetched:
    return Fetched(status="failed", error=error, transient=transient, **kw)
