"""urlwatch's ``urls.yaml``: one YAML document per job.

What carries over: ``url`` jobs (and ``navigate`` jobs, read without a
browser), their name, ``headers``, ``cookies``, ``method``, ``data`` (the
body), ``timeout``, ``http_proxy``/``https_proxy`` and ``tags``; of the filters, the
first ``css`` (the watch's selector), ``re.sub`` with an empty replacement
(an ignore pattern), ``jq`` (the watch's ``select``, a JSON watch) and
``pdf2text`` (a PDF watch). ``html2text``, ``strip`` and ``format-json``
need no equivalent: every page is read as text and its whitespace
normalised. Everything else is reported, with the job it came from.

urlwatch has no schedule per job (cron runs it), so every watch gets the
default schedule, said once in the report.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from monitor.run.importers.common import Collector, Imported, ImportError_, read_bytes

# Filters whose work is done here anyway.
IMPLIED = {"html2text": "every page is read as text", "strip": "whitespace is normalised",
           "format-json": "a JSON watch reads values, not layout", "beautify": "pages are read as text"}
# Job keys that are carried over (the target keys and filter are handled apart).
CARRIED = {"name", "url", "navigate", "command", "filter", "headers", "cookies", "method", "data", "timeout",
           "http_proxy", "https_proxy", "kind", "tags"}
# Why a job key is not carried over; anything else gets a generic line.
REASONS = {
    "max_tries": "each read retries transient errors twice, and a failed check is tried again later with backoff",
    "diff_filter": "changes are compared as statements, not as diff lines",
    "ssl_no_verify": "certificates are always verified",
    "ignore_cached": "unchanged pages are skipped by ETag and by content hash",
    "user_visible_url": "alerts show the URL that is read",
    "encoding": "the encoding is detected from the headers and the page",
    "ignore_connection_errors": "every failed check is recorded and reported",
    "ignore_http_error_codes": "every failed check is recorded and reported",
    "ignore_timeout_errors": "every failed check is recorded and reported",
    "treat_new_as_changed": "a new watch's first version is kept as its baseline",
    "wait_until": "pages are not rendered in a browser",
    "wait_for": "pages are not rendered in a browser",
    "wait_for_navigation": "pages are not rendered in a browser",
    "useragent": "set with --user-agent",
    "monospace": "alerts are rendered from statements",
    "enabled": None,
}


def _filters(spec: Any) -> list[tuple[str, Any]]:
    """urlwatch's filter forms (a string ``css:a,html2text``, or a list of names and one-key tables) as pairs."""
    if spec is None:
        return []
    items = spec.split(",") if isinstance(spec, str) else list(spec) if isinstance(spec, list) else [spec]
    out: list[tuple[str, Any]] = []
    for item in items:
        if isinstance(item, str):
            kind, _, arg = item.strip().partition(":")
            out.append((kind.strip(), arg.strip() or None))
        elif isinstance(item, dict) and len(item) == 1:
            ((kind, arg),) = item.items()
            out.append((str(kind), arg))
        else:
            out.append((repr(item), None))
    return out


def _arg(arg: Any, key: str) -> Any:
    return arg.get(key) if isinstance(arg, dict) else arg


def read_urlwatch(path: Path) -> Imported:
    import yaml

    raw = read_bytes(path, "a urls.yaml")
    try:
        docs = [d for d in yaml.safe_load_all(raw) if d is not None]
    except yaml.YAMLError as e:
        where = getattr(e, "problem_mark", None)
        at = f" at line {where.line + 1}" if where is not None else ""
        raise ImportError_(f"{path}: not valid YAML{at}") from None
    if not docs or not all(isinstance(d, dict) for d in docs):
        raise ImportError_(f"{path}: not a urlwatch jobs file (each YAML document should be one job)")
    c = Collector()
    c.note("all jobs", "urlwatch runs every job on its own cron schedule, not per job: each watch is checked "
                       "every 10m (change with monitor edit --every)")
    for i, job in enumerate(docs, start=1):
        _job(c, f"job {i} ({job.get('name') or job.get('url') or job.get('navigate') or job.get('command')})", job)
    return c.result()


def _job(c: Collector, where: str, job: dict[str, Any]) -> None:
    if "command" in job:
        c.note(where, "not imported: a command job runs a program; Story Monitor reads documents "
                      "(watch a file the command writes instead)")
        return
    url = job.get("url") or job.get("navigate")
    if not isinstance(url, str):
        c.note(where, "not imported: no url")
        return
    if "navigate" in job:
        c.note(where, "navigate: imported as a plain read; no browser runs the page's scripts here")
    kind = None
    selector = select = None
    ignore: list[str] = []
    for name, arg in _filters(job.get("filter")):
        if name == "css" and selector is None and select is None:
            selector = _arg(arg, "selector")
            if isinstance(arg, dict) and arg.get("exclude"):
                c.note(where, f"css exclude {arg['exclude']!r} not carried over: a selector picks, it cannot exclude")
        elif name == "re.sub":
            pattern, repl = _arg(arg, "pattern"), (arg.get("repl") if isinstance(arg, dict) else None)
            if pattern and not repl:
                ignore.append(pattern)
            else:
                c.note(where, f"re.sub {pattern!r} → {repl!r} not carried over: ignore patterns only remove text")
        elif name == "jq" and select is None:
            select, kind = _arg(arg, "query"), "json"
        elif name == "pdf2text":
            kind = "pdf"
            if isinstance(arg, dict) and arg.get("password"):
                c.note(where, "pdf2text password not carried over: encrypted PDFs are not read")
        elif name in IMPLIED:
            continue
        else:
            shown = f"{name} {arg!r}" if arg is not None else name
            extra = " (CSS selectors only; the page's article is watched)" if name == "xpath" else ""
            c.note(where, f"filter {shown} not carried over: no equivalent here{extra}")
    request: dict[str, Any] = {}
    for key in ("headers", "cookies"):
        if isinstance(job.get(key), dict):
            request[key] = {str(k): str(v) for k, v in job[key].items()}
    if job.get("method"):
        request["method"] = job["method"]
    if job.get("data") is not None:
        data = job["data"]
        request["body"] = urlencode(data) if isinstance(data, dict) else str(data)
    if job.get("timeout"):
        request["timeout"] = int(job["timeout"]) if str(job["timeout"]).isdigit() else job["timeout"]
    proxy = job.get("https_proxy") if url.startswith("https:") else job.get("http_proxy")
    if proxy:
        request["proxy"] = proxy
    for key in job:
        if key not in CARRIED:
            why = REASONS.get(key, "no equivalent here")
            if why:
                c.note(where, f"{key} {job[key]!r} not carried over: {why}")
    tags = job.get("tags") or []  # a list of tags, or one tag as a string
    c.add(where, url=url, name=job.get("name"), kind=kind, selector=selector, ignore=ignore, select=select,
          request=request, enabled=job.get("enabled", True) is not False,
          tags=[tags] if isinstance(tags, str) else list(tags) if isinstance(tags, list) else [])
