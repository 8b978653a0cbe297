"""A third-party source, shipped as its own distribution (see pyproject.toml beside it).

``counter://NAME`` reads as a short story whose figure goes up by one on
every read in the same process, so each check after the first is an edit
with a changed number: enough to show the daemon finding, checking and
alerting on a kind of source it was never told about.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlsplit

from monitor.sources.base import Fetched, FetchOptions

_reads: dict[str, int] = {}


class CounterSource:
    """A story whose count goes up by one on every read (a test source)."""

    kind: ClassVar[str] = "counter"
    schemes: ClassVar[tuple[str, ...]] = ("counter",)
    paths: ClassVar[bool] = False

    def target(self, raw: str, *, base_dir: Path | None = None) -> str:
        name = urlsplit(raw).netloc
        if not name.isidentifier():
            raise ValueError(f"{raw!r}: a counter needs a name, such as counter://visitors")
        return f"counter://{name}"

    async def fetch(self, url: str, options: FetchOptions, context: Any) -> Fetched:
        name = urlsplit(url).netloc
        _reads[name] = _reads.get(name, 0) + 1
        text = (f"The {name} counter is kept by a test plugin.\n\n"
                f"It has been read {_reads[name]} times so far.")
        return Fetched(status="ok", text=text, title=f"Counter {name}", final_url=url,
                       raw_hash=hashlib.sha256(text.encode()).hexdigest(), bytes=len(text))
