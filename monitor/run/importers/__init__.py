"""Bringing watches along from other change monitors: urlwatch, changedetection.io, OPML feed lists.

Each importer is a plain function from a file to an ``Imported``: the
watches, validated exactly as ``monitor add`` and ``monitor sync`` validate
them (``WatchSpec``), and a report of what could not be carried over, one
line per thing, naming the job it came from. The command line
(``monitor import FORMAT FILE``) applies the watches the way ``monitor
sync`` applies a file, so a dry run, a re-import and the output read the
same.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from monitor.run.importers.common import Imported, ImportError_

FORMATS: dict[str, str] = {
    "urlwatch": "urlwatch's urls.yaml (url, navigate and command jobs; css, re.sub, jq, pdf2text filters)",
    "changedetection": "a changedetection.io backup zip (url-watches.json)",
    "opml": "an OPML list of feeds (each feed becomes a feed watch)",
}


def reader(fmt: str) -> Callable[[Path], Imported]:
    """The importer of a format; ``ImportError_`` naming the formats for an unknown one."""
    if fmt == "urlwatch":
        from monitor.run.importers.urlwatch import read_urlwatch

        return read_urlwatch
    if fmt == "changedetection":
        from monitor.run.importers.changedetection import read_changedetection

        return read_changedetection
    if fmt == "opml":
        from monitor.run.importers.opml import read_opml

        return read_opml
    raise ImportError_(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def read_import(fmt: str, path: Path) -> Imported:
    """The watches and report of ``path`` read as ``fmt``."""
    return reader(fmt)(Path(path))


__all__ = ["FORMATS", "ImportError_", "Imported", "read_import", "reader"]
