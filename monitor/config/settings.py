"""One watch's settings, validated: the checks ``add``, ``edit`` and ``sync`` share.

``monitor add``, ``monitor edit`` and ``monitor sync`` accept the same
settings; each is checked here once, so a bad cron expression reads the same
whichever way it came in, and each default has one home (the fields of
``Schedule`` and ``WatchSpec``, with ``monitor.config.schedule.DEFAULT_EVERY``). Validators raise ``Invalid`` with a
message that does not name where the value came from; the caller adds that
(``--every`` on the command line, ``monitor.toml: watch[2].every`` in a file).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from monitor.config.invalid import Invalid
from monitor.config.request import (  # noqa: F401 - the table of watch settings names them here
    check_auth,
    check_body,
    check_cookies,
    check_headers,
    check_method,
    check_proxy,
    check_request,
    check_select,
    check_timeout,
    check_user_agent,
    shown_request,
)
from monitor.config.schedule import (
    DEFAULT_EVERY,
    ScheduleError,
    parse_duration,
    parse_every,
    validate_cron,
    validate_timezone,
)
from monitor.errors import MonitorError
from monitor.rules import Rules, RulesError

DEFAULT_TIMEZONE = "UTC"
MAX_NAME = 200


class ConfigError(MonitorError):
    """A setting given on the command line or in a config file is wrong (one line)."""


@contextmanager
def setting(where: str) -> Iterator[None]:
    """Turn a validator's complaint into a ``ConfigError`` that names the setting."""
    try:
        yield
    except (Invalid, ScheduleError, RulesError) as e:
        raise ConfigError(f"{where}: {e}") from None


# --- schedule ---------------------------------------------------------------


@dataclass(frozen=True)
class Schedule:
    """How often a watch is read, exactly as the watch row stores it.

    Three shapes: a fixed interval (the default, ``DEFAULT_EVERY``), an
    adaptive range (``--every 2m..6h``: often while the story moves, rarely
    once it is quiet) or a cron expression in a time zone.
    """

    interval_seconds: int | None = DEFAULT_EVERY
    cron: str | None = None
    min_interval: int | None = None
    max_interval: int | None = None
    adaptive: bool = False
    timezone: str = DEFAULT_TIMEZONE

    def fields(self) -> dict[str, Any]:
        return {
            "interval_seconds": self.interval_seconds,
            "cron": self.cron,
            "min_interval": self.min_interval,
            "max_interval": self.max_interval,
            "adaptive": self.adaptive,
            "timezone": self.timezone,
        }

    @classmethod
    def of(cls, row: Any) -> Schedule:
        """The schedule stored in a watch row."""
        return cls(
            interval_seconds=row.interval_seconds,
            cron=row.cron,
            min_interval=row.min_interval,
            max_interval=row.max_interval,
            adaptive=bool(row.adaptive),
            timezone=row.timezone or DEFAULT_TIMEZONE,
        )

    def describe(self) -> str:
        # The zone matters to cron only: an interval is the same in every zone.
        zone = f" ({self.timezone})" if self.timezone != DEFAULT_TIMEZONE else ""
        if self.cron:
            return f"cron '{self.cron}'{zone}"
        if self.min_interval is not None and self.max_interval is not None:
            pace = "adaptive" if self.adaptive else "fixed"
            return f"every {format_duration(self.min_interval)}..{format_duration(self.max_interval)} ({pace})"
        return f"every {format_duration(self.interval_seconds or DEFAULT_EVERY)}"


def format_duration(seconds: int) -> str:
    """The shortest of 90s, 10m, 1h30m, 2d: how a user would type it back."""
    parts = []
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        if seconds >= size or (unit == "s" and not parts):
            n, seconds = divmod(seconds, size)
            if n:
                parts.append(f"{n}{unit}")
    return "".join(parts) or "0s"


def parse_schedule(
    every: str | None = None,
    cron: str | None = None,
    timezone: str | None = None,
    adaptive: bool | None = None,
    *,
    base: Schedule | None = None,
    every_key: str = "every",
    cron_key: str = "cron",
) -> Schedule:
    """A schedule from user settings, changing ``base`` (or the default) where given.

    ``every`` and ``cron`` replace the schedule's shape; ``timezone`` and
    ``adaptive`` alone adjust it. A range needs adaptive pacing (that is what
    the range is for), so ``adaptive = false`` with a range is refused rather
    than quietly checking at the lower bound.
    """
    if every is not None and cron is not None:
        raise Invalid(f"give {every_key} or {cron_key}, not both")
    s = base or Schedule()
    if every is not None:
        e = parse_every(every)
        s = replace(
            s, interval_seconds=e.seconds, cron=None, min_interval=e.min_seconds,
            max_interval=e.max_seconds, adaptive=e.adaptive,
        )
    if cron is not None:
        s = replace(s, cron=cron.strip(), interval_seconds=None, min_interval=None, max_interval=None,
                    adaptive=False)
    if timezone is not None:
        validate_timezone(timezone)
        s = replace(s, timezone=timezone)
    ranged = s.min_interval is not None and s.max_interval is not None
    if adaptive is not None:
        if adaptive and not ranged:
            what = "a cron schedule" if s.cron else "a fixed interval"
            raise Invalid(f"adaptive pacing needs a range such as {every_key} 2m..6h, not {what}")
        if not adaptive and ranged:
            span = f"{format_duration(s.min_interval or 0)}..{format_duration(s.max_interval or 0)}"
            raise Invalid(f"a range ({span}) only makes sense with adaptive pacing; "
                          "give one interval to check at a fixed pace")
    if s.cron:
        validate_cron(s.cron, s.timezone)
    return s


# --- what is read -----------------------------------------------------------


def installed_sources() -> Any:
    """The installed sources and the broken ones (``sources.registry.scan``), read once for a whole config file."""
    from monitor.sources.registry import scan  # entry points: `monitor --help` need not pay for them

    return scan()


def parse_target(raw: str, *, feed: bool = False, kind: str | None = None,
                 base_dir: Path | None = None, sources: Any = None, render: bool = False) -> tuple[str, str]:
    """``(url, kind)`` for what a user gave: a URL, an existing file, or what an installed source takes.

    The installed sources decide (``monitor.sources.registry``): a named
    ``kind`` (``feed=True`` is ``kind="feed"``) picks one, else a URL goes to
    the source of its scheme and a path to the one that reads files. A file is
    stored as an absolute path, relative to ``base_dir`` (a config file's folder).
    ``sources``: ``installed_sources()`` kept by a caller that parses many targets.
    ``render=True`` is ``kind="browser"``: the page is read in a browser first.
    """
    # Imported here: the registry reads entry points, which `monitor --help` need not pay for.
    from monitor.sources.registry import choose

    if feed:
        if kind not in (None, "feed"):
            raise Invalid(f"--feed and kind {kind!r} disagree; give one")
        kind = "feed"
    if render:
        if kind not in (None, "browser"):
            raise Invalid(f"--render and kind {kind!r} disagree; give one")
        kind = "browser"
    try:
        return choose(raw, kind, base_dir=base_dir, found=sources)
    except ValueError as e:
        raise Invalid(str(e)) from None


# --- names --------------------------------------------------------------------


def check_name(name: str) -> str:
    """A watch name a user can type back: ``name@3`` and numeric ids must stay unambiguous."""
    if not name or not name.strip():
        raise Invalid("a watch name cannot be empty")
    if name != name.strip():
        raise Invalid(f"{name!r}: a watch name cannot start or end with spaces")
    if len(name) > MAX_NAME:
        raise Invalid(f"a watch name can have at most {MAX_NAME} characters")
    if "@" in name:
        raise Invalid(f"{name!r}: a watch name cannot contain '@' (NAME@N means version N)")
    if name.isdigit():
        raise Invalid(f"{name!r}: a watch name cannot be only digits (those are watch ids)")
    if any(ord(ch) < 32 for ch in name):
        raise Invalid(f"{name!r}: a watch name cannot contain control characters")
    return name


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9.]+", "-", text.lower()).strip("-.")


def default_name(url: str, kind: str, taken: set[str] | frozenset[str] = frozenset()) -> str:
    """A readable name from a URL (host and last path segment) or a file (its stem).

    Made unique against ``taken`` with -2, -3 …; never only digits, so it
    cannot be mistaken for an id.
    """
    if kind == "file" or "://" not in url:
        base = slug(Path(url).stem)
    else:
        parts = urlsplit(url)
        host = (parts.hostname or "").removeprefix("www.")
        segments = [s for s in parts.path.split("/") if s]
        last = re.sub(r"\.(s?html?|php|aspx?)$", "", segments[-1], flags=re.I) if segments else ""
        base = slug(f"{host} {last}")
    base = (base or "watch")[:MAX_NAME - 8]
    if base.isdigit():
        base = f"watch-{base}"
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base}-{n}"
    return name


# --- what is compared and who is told -----------------------------------------


def check_selector(selector: str | None) -> str | None:
    """An empty selector means "the whole extracted article"; anything else must compile."""
    if selector is None or not selector.strip():
        return None
    import cssselect
    from lxml.cssselect import CSSSelector

    try:
        CSSSelector(selector)
    except cssselect.SelectorError as e:
        raise Invalid(f"{selector!r} is not a valid CSS selector: {e}") from None
    return selector


def check_ignore(patterns: Sequence[str], *, force: bool = False) -> tuple[str, ...]:
    """Each pattern must compile with the ``regex`` package, which applies
    them (``text.extract.apply_ignore``, under a time budget per page), and
    must not time out on the probes of ``config.patterns`` unless ``force``
    (``--force``): a pattern that backtracks would fail every check."""
    import regex

    from monitor.config.patterns import backtracks

    for p in patterns:
        if not isinstance(p, str):
            raise Invalid(f"{p!r} is not a string")
        try:
            regex.compile(p)
        except (regex.error, ValueError, TypeError) as e:
            raise Invalid(f"{p!r} is not a valid regular expression: {e}") from None
        why = None if force else backtracks(p)
        if why:
            raise Invalid(f"{why}; simplify it, or keep it anyway with --force")
    return tuple(patterns)


def check_rules(rules: Any) -> dict[str, Any]:
    if not isinstance(rules, Mapping):
        raise Invalid("must be a table of rules")
    try:
        Rules.from_mapping(rules)
    except RulesError:
        raise
    except (TypeError, ValueError) as e:
        raise Invalid(f"a rule has a value of the wrong type: {e}") from None
    return dict(rules)


def parse_notifier(raw: str) -> dict[str, Any]:
    """``--notify``: a notifier type (``console``) or a JSON object (``{"type": "webhook", …}``)."""
    raw = raw.strip()
    if raw.startswith("{"):
        try:
            entry = json.loads(raw)
        except json.JSONDecodeError as e:
            # Not echoed: the object may hold a secret.
            raise Invalid(f"not valid JSON: {e.msg} at column {e.colno}") from None
    else:
        entry = {"type": raw}
    return check_notifier(entry)


def check_notifier(entry: Any) -> dict[str, Any]:
    """A notifier entry: a table with a ``type``; the notifier's own options model checks the rest."""
    if not isinstance(entry, Mapping):
        raise Invalid("a notifier must be a table with a 'type' key")
    kind = entry.get("type")
    if not isinstance(kind, str) or not kind.strip():
        raise Invalid("a notifier needs a 'type' naming the notifier, e.g. 'console' or 'webhook'")
    entry = dict(entry)
    _validate_with_registry(entry)
    return entry


def check_notifier_names(entries: Sequence[Mapping[str, Any]]) -> tuple[Mapping[str, Any], ...]:
    """A watch's notifiers, each its own receiver: two may not give the same ``name``
    (unnamed ones are told apart by position: webhook, webhook#2)."""
    seen: set[str] = set()
    for entry in entries:
        name = entry.get("name")
        if name is None:
            continue
        if not isinstance(name, str) or not name.strip():
            raise Invalid("a notifier's 'name' must be a non-empty string")
        if name in seen:
            raise Invalid(f"two notifiers are named {name!r}; give each its own name")
        seen.add(name)
    return tuple(entries)


def _validate_with_registry(entry: dict[str, Any]) -> None:
    """Checks the type is installed and its options fit, without building the notifier
    (building may open files or connections; validating a config must not)."""
    from monitor.notify.base import NotifierConfigError, UnknownNotifier
    from monitor.notify.registry import available, options_for

    classes = available()
    cls = classes.get(entry["type"])
    if cls is None:
        raise Invalid(str(UnknownNotifier(entry["type"], list(classes))))
    try:
        options_for(cls, entry)
    except NotifierConfigError as e:
        raise Invalid(str(e)) from None


def check_keep(value: Any, what: str) -> int | None:
    """Retention limits: a count of at least 1, or 0/absent for "keep everything"."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise Invalid(f"must be a whole number, not {value!r}")
    if value < 0:
        raise Invalid(f"must be 0 (keep all {what}) or more, not {value}")
    return value or None


MAX_TAG = 40
MAX_TAGS = 20


def check_tag(raw: Any) -> str:
    """One tag as it is stored and matched: NFC, lower case, 1-40 letters (of any script), digits, '-' or
    '_', starting with a letter or digit. A tag is a word in a URL (``/?tag=``, ``/feeds/tags/T.atom``)
    and on the command line, so nothing that needs quoting in either; "Україна" and "україна" are one tag."""
    import unicodedata

    if not isinstance(raw, str):
        raise Invalid(f"a tag must be a string, not {raw!r}")
    tag = tag_form(raw)
    if not tag:
        raise Invalid("a tag cannot be empty")
    if len(tag) > MAX_TAG:
        raise Invalid(f"a tag can have at most {MAX_TAG} characters, not {len(tag)}")
    bad = [ch for ch in tag if not tag_char(ch)]
    if bad:
        shown = "".join(dict.fromkeys(bad))
        raise Invalid(f"{raw!r}: a tag has only letters, digits, '-' and '_', not {shown!r}")
    if not unicodedata.category(tag[0]).startswith(("L", "N")):
        raise Invalid(f"{raw!r}: a tag starts with a letter or a digit")
    return tag


def tag_form(text: str) -> str:
    """``text`` in the form tags are stored and matched in (NFC, trimmed, lower case), not yet checked:
    what ``check_tag`` compares and an importer rewrites a foreign label from."""
    import unicodedata

    return unicodedata.normalize("NFC", text.strip()).lower()


def tag_char(ch: str) -> bool:
    """Letters of any script and the marks some write letters with (Devanagari vowel signs), decimal digits,
    '-' and '_'."""
    import unicodedata

    category = unicodedata.category(ch)
    return ch in "-_" or category[0] in ("L", "M") or category == "Nd"


def check_tags(values: Any) -> tuple[str, ...]:
    """A watch's tags: each checked, duplicates dropped, sorted (a set, so the order given is no change)."""
    if isinstance(values, str) or not isinstance(values, Sequence):
        raise Invalid(f"must be a list of tags, not {values!r}")
    tags = sorted({check_tag(v) for v in values})
    if len(tags) > MAX_TAGS:
        raise Invalid(f"a watch can have at most {MAX_TAGS} tags, not {len(tags)}")
    return tuple(tags)


MAX_DEBOUNCE = 86400


def check_debounce(value: Any) -> int | None:
    """``debounce``: seconds (a whole number) or a duration ("90s", "2m"); 0 sends every change at once."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise Invalid(f"must be a duration such as \"2m\", or seconds, not {value!r}")
    if isinstance(value, str):
        text = value.strip()
        if re.fullmatch(r"0+(\.0*)?\s*[smhdSMHD]?", text):
            return 0
        try:
            value = parse_duration(text)
        except ScheduleError as e:
            raise Invalid(str(e)) from None
    if value < 0:
        raise Invalid(f"must be 0 (no batching) or more, not {value}")
    if value > MAX_DEBOUNCE:
        raise Invalid(f"must be at most a day (86400 s), not {value} s: alerts would wait too long")
    return value


# --- one watch, fully resolved ------------------------------------------------


@dataclass(frozen=True)
class WatchSpec:
    """Everything the user decides about a watch, validated; no scheduler state."""

    name: str
    url: str
    kind: str = "http"
    schedule: Schedule = field(default_factory=Schedule)
    selector: str | None = None
    ignore: tuple[str, ...] = ()
    rules: Mapping[str, Any] = field(default_factory=dict)
    notifiers: tuple[Mapping[str, Any], ...] = ()
    keep_versions: int | None = None
    keep_days: int | None = None
    debounce: int | None = None  # seconds; None: the daemon's default
    enabled: bool = True
    select: str | None = None
    request: Mapping[str, Any] = field(default_factory=dict)
    tags: tuple[str, ...] = ()

    def fields(self) -> dict[str, Any]:
        """The watch-row columns this spec decides, as ``add_watch``/``update_watch`` take them."""
        return {
            "url": self.url,
            "kind": self.kind,
            **self.schedule.fields(),
            "selector": self.selector,
            "ignore": list(self.ignore),
            "rules": dict(self.rules),
            "notifiers": [dict(n) for n in self.notifiers],
            "keep_versions": self.keep_versions,
            "keep_days": self.keep_days,
            "debounce_seconds": self.debounce,
            "enabled": self.enabled,
            "selection": self.select,
            "request": dict(self.request),
            "tags": list(self.tags),
        }


def spec_of(row: Any) -> WatchSpec:
    """The spec a stored watch row currently has, to compare against a desired one."""
    return WatchSpec(
        name=row.name, url=row.url, kind=row.kind, schedule=Schedule.of(row), selector=row.selector,
        ignore=tuple(row.ignore or ()), rules=dict(row.rules or {}),
        notifiers=tuple(dict(n) for n in row.notifiers or ()), keep_versions=row.keep_versions,
        keep_days=row.keep_days, debounce=row.debounce_seconds, enabled=bool(row.enabled),
        select=getattr(row, "selection", None), request=dict(getattr(row, "request", None) or {}),
        tags=tuple(getattr(row, "tags", None) or ()),
    )


def describe_field(key: str, value: Any) -> str:
    """A setting as a person would read it in "updated … : every 10m → every 5m"."""
    if key == "debounce_seconds":
        return "the default" if value is None else f"{value}s"
    if key == "tags":
        return ", ".join(value) if value else "none"
    if value is None or value == [] or value == {}:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    from monitor.config.secrets import mask_options, mask_url

    if isinstance(value, str):
        if key == "url":
            return mask_url(value)
        return value if key in ("name", "kind") else repr(value)
    if key == "request" and isinstance(value, Mapping):
        value = shown_request(value)
    if key == "notifiers" and isinstance(value, list):
        value = [mask_options(n) if isinstance(n, Mapping) else n for n in value]
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def differences(old: WatchSpec, new: WatchSpec) -> list[str]:
    """Human lines for what ``new`` changes about ``old``: the schedule as one setting."""
    out: list[str] = []
    if old.schedule != new.schedule:
        before, after = old.schedule.describe(), new.schedule.describe()
        if before != after:
            out.append(f"{before} → {after}")
        else:  # a change the summary does not show, such as the zone of an interval
            a, b = old.schedule.fields(), new.schedule.fields()
            out += [f"{k}: {describe_field(k, a[k])} → {describe_field(k, b[k])}" for k in a if a[k] != b[k]]
    a, b = old.fields(), new.fields()
    for key in ("url", "kind", "selector", "selection", "request", "ignore", "rules", "notifiers", "keep_versions",
                "keep_days", "debounce_seconds", "enabled", "tags"):
        if a[key] != b[key]:
            label = {"selection": "select", "debounce_seconds": "debounce"}.get(key) or key.replace("_", "-")
            out.append(f"{label}: {describe_field(key, a[key])} → {describe_field(key, b[key])}")
    return out
