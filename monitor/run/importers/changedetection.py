"""A changedetection.io backup: the zip its backup page makes.

The watches are in ``url-watches.json`` at the top of the zip (``watching``:
one table per watch, by uuid), with the application's defaults under
``settings``; newer versions also keep each watch as ``<uuid>/watch.json``,
read when the first is absent. Snapshots and history in the zip are not
imported: the first check here takes the page's current version.

What carries over: the URL, the title (the watch name), the interval
(``time_between_check``, or the application default when the watch uses
it), paused, ``include_filters`` when they are CSS (the first one), the
``ignore_text`` lines (each an ignore pattern that matches the line,
as changedetection.io matches it: case-insensitive text, or a ``/regex/``),
headers, method, body, and its groups (``tags``, named in the settings'
groups table or ``<uuid>/tag.json``; ``tag`` in older versions), as tags.
Everything else is reported.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any

from monitor.run.importers.common import Collector, Imported, ImportError_, read_bytes, seconds

MAX_JSON = 50 * 1024 * 1024  # bytes of url-watches.json read; a backup is mostly snapshots
DEFAULT_INTERVAL = {"hours": 3}  # changedetection.io's own default when a backup names none

# Keys that are carried over, or are state rather than settings (never reported).
CARRIED = {"url", "title", "time_between_check", "time_between_check_use_default", "paused", "include_filters",
           "ignore_text", "headers", "method", "body", "uuid", "date_created", "last_checked", "last_changed",
           "last_viewed", "last_error", "check_count", "history_n", "previous_md5", "newest_history_key",
           "fetch_time", "consecutive_filter_failures", "remote_server_reply", "content-type", "page_title",
           "last_notification_error", "notification_alert_count", "check_unique_lines", "has_ldjson_price_data",
           "viewed", "fetch_backend", "processor", "tags", "tag"}
# Settings worth a report line when they hold something, with why they do not carry over.
REPORTED = {
    "subtractive_selectors": "a selector picks, it cannot remove elements",
    "trigger_text": "alerts follow statement changes and rules, not trigger text",
    "text_should_not_be_present": "alerts follow statement changes and rules",
    "extract_text": "no equivalent here",
    "browser_steps": "pages are not driven by a browser here",
    "webdriver_js_execute_code": "pages are not rendered in a browser here",
    "notification_urls": "add notifiers with monitor edit --notify",
    "proxy": "proxies are named by URL here (monitor edit --proxy)",
    "time_schedule_limit": "checks run around the clock; use --cron for set hours",
    "filter_text_added": "every change kind is compared",
    "filter_text_removed": "every change kind is compared",
    "ignore_status_codes": "every failed check is recorded and reported",
    "sort_text_alphabetically": "statements keep their order",
    "remove_duplicate_lines": "no equivalent here",
    "trim_text_whitespace": None,
    "in_stock_only": "restock and price watching is not supported",
}


def _ignore_line(text: str) -> str:
    """changedetection.io ignores a line containing the text (any case), or matching ``/regex/``."""
    text = text.strip()
    if len(text) > 2 and text.startswith("/") and text.rstrip("i").endswith("/"):
        body = text[1:text.rstrip("i").rindex("/")]
        return body if not text.endswith("i") else f"(?i){body}"
    return f"(?i)^.*{re.escape(text)}.*$"


def _tag_titles(zf: zipfile.ZipFile, settings: dict[str, Any]) -> dict[str, str]:
    """Each group's title by its uuid: from the application's settings, and from ``<uuid>/tag.json``
    where newer versions keep each group (those win, as they do when changedetection.io loads them)."""
    table = (settings.get("application") or {}).get("tags") if isinstance(settings, dict) else None
    groups = dict(table) if isinstance(table, dict) else {}
    for n in zf.namelist():
        if re.fullmatch(r"[0-9a-f-]{8,}/tag\.json", n) and zf.getinfo(n).file_size <= 1024 * 1024:
            try:
                groups[n.split("/")[0]] = json.loads(zf.read(n))
            except ValueError:
                continue
    return {uuid: str(g["title"]) for uuid, g in groups.items() if isinstance(g, dict) and g.get("title")}


def _tags(c: Collector, where: str, w: dict[str, Any], titles: dict[str, str]) -> list[str]:
    """A watch's groups (``tags``, uuids of the groups table) and, from older versions, its ``tag``
    (names separated by commas), as names."""
    names: list[str] = []
    for uuid in w.get("tags") if isinstance(w.get("tags"), list) else []:
        if not isinstance(uuid, str):
            continue
        if uuid in titles:
            names.append(titles[uuid])
        else:
            c.note(where, f"tag {uuid[:60]!r} not carried over: the backup does not name it")
    if isinstance(w.get("tag"), str):
        names += [t.strip() for t in w["tag"].split(",") if t.strip()]
    return names


def _watches(zf: zipfile.ZipFile, path: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    names = set(zf.namelist())
    if "url-watches.json" in names:
        info = zf.getinfo("url-watches.json")
        if info.file_size > MAX_JSON:
            raise ImportError_(f"{path}: url-watches.json is larger than {MAX_JSON // 1024 // 1024} MB")
        try:
            data = json.loads(zf.read(info))
        except ValueError as e:
            raise ImportError_(f"{path}: url-watches.json is not valid JSON ({e})") from None
        if not isinstance(data, dict) or not isinstance(data.get("watching"), dict):
            raise ImportError_(f"{path}: url-watches.json has no 'watching' table")
        return data["watching"], data.get("settings") or {}
    per_watch = sorted(n for n in names if re.fullmatch(r"[0-9a-f-]{8,}/watch\.json", n))
    if not per_watch:
        raise ImportError_(f"{path}: not a changedetection.io backup (no url-watches.json in the zip)")
    watching = {}
    for n in per_watch:
        try:
            watching[n.split("/")[0]] = json.loads(zf.read(n))
        except ValueError:
            continue
    return watching, {}


def read_changedetection(path: Path) -> Imported:
    raw = read_bytes(path, "a backup zip")
    try:
        zf = zipfile.ZipFile(io.BytesIO(raw))
    except zipfile.BadZipFile:
        raise ImportError_(f"{path}: not a zip file") from None
    with zf:
        watching, settings = _watches(zf, path)
        titles = _tag_titles(zf, settings)
    default = ((settings.get("requests") or {}).get("time_between_check")) or DEFAULT_INTERVAL
    c = Collector()
    c.note("all watches", "snapshots and history are not imported: each watch starts from its next check")
    for uuid, w in watching.items():
        if not isinstance(w, dict):
            continue
        where = f"watch {uuid[:8]} ({w.get('title') or w.get('url')})"
        _watch(c, where, w, default, titles)
    return c.result()


def _watch(c: Collector, where: str, w: dict[str, Any], default: dict[str, Any], titles: dict[str, str]) -> None:
    url = w.get("url")
    if not isinstance(url, str):
        c.note(where, "not imported: no url")
        return
    if w.get("processor") and w["processor"] != "text_json_diff":
        c.note(where, f"processor {w['processor']} not carried over: the page is watched as text")
    if w.get("fetch_backend") not in (None, "system", "html_requests"):
        c.note(where, f"fetch_backend {w['fetch_backend']} not carried over: pages are read without a browser")
    interval = default if w.get("time_between_check_use_default", True) else (w.get("time_between_check") or {})
    every = seconds(interval.get("weeks"), interval.get("days"), interval.get("hours"), interval.get("minutes"),
                    interval.get("seconds"))
    selector = None
    for f in w.get("include_filters") or []:
        xpath = f.startswith(("xpath:", "xpath1:", "/"))
        if selector is None and not xpath:
            selector = f
        else:
            why = "CSS selectors only" if xpath else "one selector per watch"
            c.note(where, f"include filter {f!r} not carried over: {why}")
    ignore = [_ignore_line(t) for t in w.get("ignore_text") or [] if isinstance(t, str) and t.strip()]
    request: dict[str, Any] = {}
    if w.get("headers"):
        request["headers"] = {str(k): str(v) for k, v in w["headers"].items()}
    if w.get("method") and w["method"] != "GET":
        request["method"] = w["method"]
    if w.get("body"):
        request["body"] = w["body"]
    for key, why in REPORTED.items():
        if w.get(key) and why:
            c.note(where, f"{key} not carried over: {why}")
    for key in sorted(set(w) - CARRIED - set(REPORTED)):
        if w[key] not in (None, "", [], {}, False):
            c.note(where, f"{key} not carried over: no equivalent here")
    c.add(where, url=url, name=w.get("title") or None, every=every or None, selector=selector, ignore=ignore,
          request=request, enabled=not w.get("paused", False), tags=_tags(c, where, w, titles))
