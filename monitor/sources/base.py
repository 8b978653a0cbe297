"""What a source hands to the pipeline: one ``Fetched`` record per read.

Outcomes are values, not exceptions: a 404, a timeout or a page that is not
text is a ``Fetched`` with ``status="failed"``, a one-line ``error`` and a
``transient`` flag that says whether trying again later can help. A
scheduler can then count failures and back off without ever catching
anything from a source.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Status = Literal["ok", "not_modified", "same_body", "failed"]

USER_AGENT = "StoryMonitor/0.1 (+change monitor)"
MAX_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class FetchOptions:
    """How to read one document, and what is known from the last read.

    The validators (``etag``, ``last_modified``) and ``raw_hash`` come from
    the previous successful read, so an unchanged page costs a 304 or a hash,
    never an extraction. ``timeout_total`` bounds one attempt as a whole:
    ``timeout_read`` alone restarts with every byte, so a server that trickles
    a byte a second could otherwise hold a connection slot for hours.
    """

    timeout_connect: float = 5.0
    timeout_read: float = 15.0
    timeout_total: float = 60.0
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
    # What the watch asks of the request (``config.request``); secrets stay ``env:`` references until sent.
    document: str | None = None  # "pdf" or "json": read as that whatever the Content-Type says
    select: str | None = None  # jq program picking a JSON document's statements
    method: str = "GET"
    headers: tuple[tuple[str, str], ...] = ()
    cookies: tuple[tuple[str, str], ...] = ()
    body: str | None = None
    proxy: str | None = None
    auth: str | None = None  # "USER:env:NAME": basic auth, the password read from NAME when sent


@dataclass(frozen=True, slots=True)
class Fetched:
    """One read of one document, whatever the source.

    ``text`` is set only for ``ok``: paragraphs separated by one blank line.
    ``not_modified`` (HTTP 304) and ``same_body`` (the raw bytes hash as
    before) both mean "nothing to diff" and carry no text, because no
    extraction ran. ``error`` is one line a user can read; ``transient`` says
    whether a retry later can help (a timeout can, a 404 cannot).
    ``retry_after`` is the server's own Retry-After, in seconds, when it sent
    one with a 429 or 503, so the scheduler can wait at least that long.
    ``extra`` carries what only some sources have (a feed's entries, the raw
    body when ``FetchOptions.raw``) without widening every record.
    """

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
    retry_after: float | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def ok(self) -> bool:
        return self.status == "ok"


def failed(error: str, *, transient: bool = False, **kw: Any) -> Fetched:
    """A failed read; the message is folded to one line so logs and alerts stay tidy."""
    return Fetched(status="failed", error=" ".join(error.split()), transient=transient, **kw)
