"""What a kind of source is: the ``Source`` protocol every plugin implements.

A source turns what a user typed (a URL, a path, anything its own scheme
names) into the string a watch row stores, and reads that string into one
``Fetched`` record. Built-ins (http, file, feed) and third-party sources are
found the same way, through the ``monitor.sources`` entry-point group (see
``monitor.sources.registry``), so adding a kind of source is one module and
one entry point; nothing else in ``monitor`` names it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, runtime_checkable

if TYPE_CHECKING:
    from monitor.sources.base import Fetched, FetchOptions


class SourceContext(Protocol):
    """What a round lends a source while it reads: shared, so connections are pooled.

    ``session`` is the round's aiohttp session (only sources that speak HTTP
    touch it); ``offload`` runs CPU-bound extraction off the event loop;
    ``policy`` is the ``sources.addresses.AddressPolicy`` the round reads
    under, or None (the session already applies it; a source that connects
    by other means, as the browser does, applies it itself).
    """

    @property
    def session(self) -> Any: ...

    @property
    def offload(self) -> Any: ...

    @property
    def policy(self) -> Any: ...


@runtime_checkable
class Source(Protocol):
    """One kind of watch target.

    ``kind`` is the name stored in the watch row and given to ``--kind``.
    ``schemes`` are the URL schemes this source takes without being asked
    (``counter://x`` goes to the source that lists ``counter``); ``paths``
    says it takes targets that are not URLs (local files). A source with
    neither is used only when named (``--kind feed``). The class docstring's
    first line is the help shown for the kind.
    """

    kind: ClassVar[str]
    schemes: ClassVar[tuple[str, ...]]
    paths: ClassVar[bool]

    def target(self, raw: str, *, base_dir: Path | None = None) -> str:
        """The string to store for what a user gave; ``ValueError`` (one line) when it cannot be read."""
        ...

    async def fetch(self, url: str, options: FetchOptions, context: SourceContext) -> Fetched:
        """One read. Failures are ``Fetched`` values (``monitor.sources.base.failed``), not exceptions;
        an exception that escapes anyway becomes a failed check, never a dead daemon."""
        ...
