"""Alerts written as files: a JSON record and a self-contained HTML page."""

from __future__ import annotations

import json
import os
import re
import tempfile
import unicodedata
from pathlib import Path
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field

from monitor.notify.base import AlertMessage, DeliveryError
from monitor.notify.render import Templates, default_templates, short_hash


def slug(text: str, limit: int = 60) -> str:
    """A file-name-safe slug: ASCII letters, digits and dashes only, so a
    watch named ``../../etc`` can't leave the alerts directory."""
    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    s = re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")[:limit].strip("-")
    return s or "watch"


def alert_stem(alert: AlertMessage) -> str:
    """The file name without extension, derived only from the alert, so a
    re-send after a crash overwrites the first copy instead of duplicating it."""
    when = alert.created_at.strftime("%Y%m%dT%H%M%SZ")
    return f"{when}-{slug(alert.watch)}-{short_hash(alert.key or alert.to_dict()['created_at'] + alert.watch)}"


def write_atomic(path: Path, data: str) -> None:
    """Write to a temporary file beside ``path`` and rename: readers never see half a file."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class FileNotifier:
    """Write each alert to a directory as JSON and as an HTML page.

    Files are named ``<time>-<watch>-<hash>.json`` and ``.html``; the name
    comes from the alert itself, so delivering the same alert twice
    overwrites rather than duplicates. The HTML page has no scripts and no
    external resources and can be opened straight from the directory.
    """

    kind: ClassVar[str] = "file"

    class Options(BaseModel):
        model_config = ConfigDict(extra="forbid", frozen=True)

        directory: str = Field("alerts", description="Directory to write alerts to (created if missing).")
        html: bool = Field(True, description="Also write a self-contained HTML page next to the JSON.")
        template_dir: str | None = Field(
            None, description="Directory with your own body.html.j2 (searched before the built-in one).")

    def __init__(self, options: Options, *, templates: Templates | None = None) -> None:
        self.options = options
        if templates is None:
            templates = Templates(options.template_dir) if options.template_dir else default_templates()
        self.templates = templates

    def paths(self, alert: AlertMessage) -> tuple[Path, Path]:
        base = Path(self.options.directory).expanduser() / alert_stem(alert)
        return base.with_name(base.name + ".json"), base.with_name(base.name + ".html")

    def send(self, alert: AlertMessage) -> None:
        json_path, html_path = self.paths(alert)
        # Render first: a template error must not leave a JSON without its page.
        page = self.templates.html(alert) if self.options.html else None
        body = json.dumps(alert.to_dict(), ensure_ascii=False, indent=2) + "\n"
        try:
            json_path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(json_path, body)
            if page is not None:
                write_atomic(html_path, page)
        except OSError as e:
            # A full disk or a missing mount may come back; a retry is cheap.
            raise DeliveryError(f"cannot write alert to {json_path.parent}: {e}", transient=True) from e
