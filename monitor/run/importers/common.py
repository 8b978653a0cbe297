"""What every importer shares: the result, the report, and turning foreign settings into checked ``WatchSpec``s."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from monitor.config import Invalid, Schedule, WatchSpec
from monitor.config.reading import read_user_file
from monitor.errors import MonitorError


class ImportError_(MonitorError):  # noqa: N801 - ImportError is Python's own
    """A file cannot be imported at all (missing, not the format named): one line."""


@dataclass(frozen=True)
class Imported:
    """The watches a file yields and, line by line, what of it could not be carried over."""

    watches: tuple[WatchSpec, ...]
    report: tuple[str, ...]


@dataclass
class Collector:
    """Builds ``WatchSpec``s one job at a time; a setting that fails its check is dropped and reported,
    a job whose target cannot be read here is skipped and reported."""

    specs: list[WatchSpec] = field(default_factory=list)
    report: list[str] = field(default_factory=list)
    taken: set[str] = field(default_factory=set)
    _sources: Any = None

    def note(self, where: str, message: str) -> None:
        self.report.append(f"{where}: {message}")

    def result(self) -> Imported:
        return Imported(tuple(self.specs), tuple(self.report))

    def add(self, where: str, *, url: str, name: str | None = None, kind: str | None = None,
            every: int | None = None, selector: str | None = None, ignore: list[str] | None = None,
            select: str | None = None, request: Mapping[str, Any] | None = None,
            enabled: bool = True, tags: Sequence[Any] = ()) -> WatchSpec | None:
        from monitor import config as cfg

        if self._sources is None:
            self._sources = _sources()
        if "://" not in url:
            # A list from elsewhere must not make this machine watch its local files (see config.trust).
            self.note(where, f"not imported: {url!r} is a local path; only URLs are imported "
                             "(add a file watch with monitor add PATH)")
            return None
        try:
            url, kind = cfg.parse_target(url, kind=kind, sources=self._sources)
        except Invalid as e:
            self.note(where, f"not imported: {e}")
            return None
        spec_name = self._name(where, name, url, kind)
        schedule = Schedule()
        if every:
            schedule = Schedule(interval_seconds=max(int(every), 1))
        if selector is not None:
            try:
                selector = cfg.check_selector(selector)
            except Invalid as e:
                self.note(where, f"CSS selector dropped: {e}")
                selector = None
        patterns = []
        for p in ignore or []:
            try:
                patterns += cfg.check_ignore([p])
            except Invalid as e:
                self.note(where, f"ignore pattern dropped: {e}")
        if select is not None:
            try:
                select = cfg.check_select(select)
            except Invalid as e:
                self.note(where, f"jq selection dropped: {e}")
                select = None
        checked: dict[str, Any] = {}
        for key, value in (request or {}).items():
            try:
                checked.update(cfg.check_request({key: value}, defaults=False))
            except Invalid as e:
                self.note(where, f"{key} dropped: {e}")
        try:
            checked = cfg.check_request(checked)
        except Invalid as e:
            self.note(where, f"body dropped: {e}")
            checked.pop("body", None)
        spec = WatchSpec(name=spec_name, url=url, kind=kind, schedule=schedule, selector=selector,
                         ignore=tuple(patterns), select=select, request=checked, enabled=enabled,
                         tags=self._tags(where, tags))
        self.specs.append(spec)
        return spec

    def _tags(self, where: str, labels: Sequence[Any]) -> tuple[str, ...]:
        """Another monitor's tags, groups or folders as tags here; one that had to be rewritten (a space, a
        slash) says what it became; one with nothing a tag can hold, or past the limit, is reported and dropped."""
        from monitor.config.settings import MAX_TAG, MAX_TAGS, tag_form

        tags: set[str] = set()
        for label in labels:
            tag, shown = tag_of(label), repr(str(label)[:MAX_TAG * 2])  # a label from elsewhere may be any length
            if tag is None:
                self.note(where, f"tag {shown} dropped: a tag needs a letter or a digit")
                continue
            if tag != tag_form(str(label)):
                self.note(where, f"tag {shown} kept as {tag} (a tag has only letters, digits, - and _)")
            tags.add(tag)
        kept = sorted(tags)
        if len(kept) > MAX_TAGS:
            self.note(where, f"tags {', '.join(kept[MAX_TAGS:])} dropped: a watch has at most {MAX_TAGS}")
        return tuple(kept[:MAX_TAGS])

    def _name(self, where: str, name: str | None, url: str, kind: str) -> str:
        from monitor import config as cfg
        from monitor.config.settings import MAX_NAME

        if name:
            clean = " ".join(str(name).replace("@", " at ").split())[:MAX_NAME]
            if clean.isdigit():
                clean = f"watch-{clean}"
            try:
                cfg.check_name(clean)
            except Invalid:
                clean = ""
            if clean and clean not in self.taken:
                self.taken.add(clean)
                return clean
        made = cfg.default_name(url, kind, self.taken | ({str(name)} if name else set()))
        self.taken.add(made)
        return made


def tag_of(label: Any) -> str | None:
    """A foreign label as a tag: "World news" is world-news, "News/World" news-world; None when nothing of
    it can be a tag."""
    from monitor import config as cfg
    from monitor.config.settings import MAX_TAG, tag_char, tag_form

    words = "".join(ch if tag_char(ch) else " " for ch in tag_form(str(label))).split()
    tag = re.sub(r"-{2,}", "-", "-".join(words))[:MAX_TAG].strip("-_")
    try:
        return cfg.check_tag(tag)
    except Invalid:
        return None


def _sources() -> Any:
    from monitor.config.settings import installed_sources

    return installed_sources()


def read_bytes(path: Path, what: str) -> bytes:
    return read_user_file(path, str(path), what, ImportError_)


def seconds(weeks: Any = 0, days: Any = 0, hours: Any = 0, minutes: Any = 0, secs: Any = 0) -> int:
    """A duration given in parts, any of them missing or None."""
    total = 0
    for n, size in ((weeks, 604800), (days, 86400), (hours, 3600), (minutes, 60), (secs, 1)):
        try:
            total += int(n or 0) * size
        except (TypeError, ValueError):
            continue
    return total
