"""The daemon's log: text for a person at a terminal, or JSON lines for a log shipper.

With ``json`` every line on stderr is one JSON object, whoever wrote it:
the monitor's own lines, APScheduler's, asyncio's ("Task exception was
never retrieved"), ``warnings.warn`` and a traceback of a crash. Each has
``time`` (UTC, ISO 8601 to the millisecond), ``level``, ``logger`` and
``message``; a line about one thing carries its fields besides (a check's
``event``, ``watch``, ``outcome``, ``duration_ms`` ...), passed as
``log.info(message, extra=fields(...))``, so the text format says the same
in words. Everything is masked (``config.secrets.mask_text``) on the way
out: a URL with a password or a token in a field reads ``***``.

The standard library's ``logging`` does it with one formatter: the fields
are plain values, so nothing here needs structlog's processor chain.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from monitor.config.secrets import MaskSecrets, mask_text

FORMATS = ("text", "json")
_FIELDS = "monitor_fields"  # the LogRecord attribute that carries a line's fields


def fields(**values: Any) -> dict[str, Any]:
    """``extra=`` for a log call: the values a JSON line carries besides its message."""
    return {_FIELDS: values}


def _masked(value: Any) -> Any:
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, Mapping):
        return {str(k): _masked(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_masked(v) for v in value]
    return value


class JsonLines(logging.Formatter):
    """One JSON object per record, on one line (a traceback is a field, not more lines)."""

    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": mask_text(record.getMessage()),
        }
        for key, value in (getattr(record, _FIELDS, None) or {}).items():
            out.setdefault(key, _masked(value))
        if record.exc_info:
            out["exception"] = mask_text(self.formatException(record.exc_info))
        if record.stack_info:
            out["stack"] = mask_text(self.formatStack(record.stack_info))
        return json.dumps(out, ensure_ascii=False, default=str)


def setup_logging(fmt: str = "text", level: int = logging.INFO) -> logging.Handler:
    """Send every logger's records to stderr in ``fmt``; the monitor's at ``level``, others' at warning.

    The handler sits on the root logger, so a library's line (or Python's
    own "Task exception was never retrieved") comes out in the same format
    rather than through logging's bare fallback.
    """
    if fmt not in FORMATS:
        raise ValueError(f"log format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(MaskSecrets())  # every line, text or JSON, with URLs and tokens masked
    if fmt == "json":
        handler.setFormatter(JsonLines())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s", "%Y-%m-%dT%H:%M:%S"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.WARNING)
    ours = logging.getLogger("monitor")
    ours.handlers.clear()
    ours.setLevel(level)
    ours.propagate = True
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    logging.captureWarnings(True)  # warnings.warn(...) as a log line, not two raw lines on stderr
    return handler


def log_uncaught(exc: BaseException) -> None:
    """The daemon's end by an error as one log line: a user's mistake (``MonitorError``,
    a database that cannot be opened) as its message, anything else with its traceback."""
    from monitor.errors import MonitorError

    log = logging.getLogger("monitor")
    if isinstance(exc, MonitorError):
        log.error(str(exc), extra=fields(event="exit"))
    else:
        log.critical(f"daemon crashed: {type(exc).__name__}: {exc}", exc_info=(type(exc), exc, exc.__traceback__),
                     extra=fields(event="exit"))
