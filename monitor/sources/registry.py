"""Finding sources through entry points, and choosing one for a target.

The built-ins (http, file, feed) are registered in ``pyproject.toml`` under
the same ``monitor.sources`` group a third-party package would use, so the
watch kinds, the choice of a source for what a user typed, the fetch of a
watch and the ``--kind`` help all come from one list.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from monitor.config.plugins import load_group
from monitor.errors import MonitorError
from monitor.sources.protocol import Source

GROUP = "monitor.sources"
MAX_KIND = 16  # the width of watch.kind


class UnknownSource(MonitorError, LookupError):
    """A watch or a command names a kind of source that no installed package provides."""

    def __init__(self, kind: str, installed: list[str], *, reason: str | None = None) -> None:
        self.kind = kind
        self.installed = installed
        if reason:
            super().__init__(f"source kind {kind!r} is installed but unusable: {' '.join(reason.split())}")
        else:
            super().__init__(f"unknown source kind {kind!r}; installed: {', '.join(installed) or 'none'}")


@dataclass(frozen=True)
class SourceInfo:
    """A source as listings and help texts show it; all from the class itself."""

    kind: str
    summary: str
    schemes: tuple[str, ...]
    paths: bool


def _is_source(cls: object) -> bool:
    return (isinstance(cls, type) and isinstance(getattr(cls, "kind", None), str)
            and callable(getattr(cls, "target", None)) and callable(getattr(cls, "fetch", None)))


def _problem(kind: str, cls: object) -> str | None:
    if not _is_source(cls):
        return " is not a source (it needs kind, target and fetch)"
    if len(kind) > MAX_KIND:
        return f": a kind has at most {MAX_KIND} characters (the watch row stores it)"
    return None


def scan() -> tuple[dict[str, Source], dict[str, str]]:
    """Every entry point of the group, built: the sources by kind, and why the broken ones failed."""
    classes, broken = load_group(GROUP, _problem)
    return {kind: cls() for kind, cls in classes.items()}, broken


def available() -> dict[str, Source]:
    """Installed sources by kind. Scanned on each call: cheap, and a plugin installed
    since start-up is seen; a round keeps the result (``FetchContext``)."""
    return scan()[0]


def kinds() -> tuple[str, ...]:
    """The watch kinds this installation can read."""
    return tuple(available())


def get(kind: str, sources: dict[str, Source] | None = None) -> Source:
    """The source for a stored kind; ``UnknownSource`` names what is installed."""
    if sources is None:
        sources, broken = scan()
    else:
        broken = {}
    source = sources.get(kind)
    if source is None:
        raise UnknownSource(kind, list(sources), reason=broken.get(kind))
    return source


def summary_of(source: Source) -> str:
    doc = inspect.getdoc(type(source)) or ""
    return doc.strip().splitlines()[0] if doc.strip() else ""


def describe() -> list[SourceInfo]:
    """Every installed source with its one-line help, for ``--kind`` and the README."""
    return [SourceInfo(kind=k, summary=summary_of(s), schemes=tuple(s.schemes), paths=bool(s.paths))
            for k, s in available().items()]


def _schemes_phrase(sources: dict[str, Source]) -> str:
    schemes = [f"{s}://" for src in sources.values() for s in src.schemes]
    if len(schemes) <= 1:
        return "".join(schemes) or "no"
    return ", ".join(schemes[:-1]) + " or " + schemes[-1]


def choose(raw: str, kind: str | None = None, *, base_dir: Path | None = None,
           found: tuple[dict[str, Source], dict[str, str]] | None = None) -> tuple[str, str]:
    """``(stored target, kind)`` for what a user gave.

    A named ``kind`` picks its source; otherwise a URL goes to the source
    that lists its scheme and anything else to the one that takes paths.
    Every complaint is a ``ValueError`` of one line. ``found`` is a ``scan()``
    the caller keeps for many targets (a config file): reading the entry
    points costs about 8 ms.
    """
    sources, broken = found if found is not None else scan()
    raw = raw.strip()
    if kind is not None:
        if kind not in sources:
            raise ValueError(str(UnknownSource(kind, list(sources), reason=broken.get(kind))))
        return sources[kind].target(raw, base_dir=base_dir), kind
    takes_paths = [s for s in sources.values() if s.paths]
    if not raw:
        raise ValueError("needs an http(s) URL or the path of a file" if takes_paths else "needs a URL")
    if "://" in raw:
        scheme = urlsplit(raw).scheme.lower()
        for source in sources.values():
            if scheme in source.schemes:
                return source.target(raw, base_dir=base_dir), source.kind
        from monitor.config.secrets import mask_url

        shown = f"'{urlsplit(raw).scheme}'" if urlsplit(raw).scheme else "none"
        raise ValueError(f"{mask_url(raw)}: unsupported URL scheme {shown}; use {_schemes_phrase(sources)}")
    if not takes_paths:
        raise ValueError(f"{raw!r}: no installed source reads local files")
    return takes_paths[0].target(raw, base_dir=base_dir), takes_paths[0].kind
