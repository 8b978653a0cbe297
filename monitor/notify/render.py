"""Rendering alerts from Jinja2 templates, safely.

Page text is untrusted: it reaches a template only as a variable, never as
template source, so ``{{ 7*7 }}`` on a page arrives literally. HTML templates
autoescape. The environment is sandboxed (``notify.sandbox``, which also
bounds rendering in time and size) because a user's ``template_dir`` is
configuration, not code: a template that reaches for ``__class__`` fails with
a clear error instead of running (Jinja's own sandbox would quietly print
nothing), and user templates are rehearsed on the sample alert when the
notifier is built, so the error is a config error rather than a dead letter.
Sizes are bounded here, once, so no notifier can be made to send a megabyte
because a page grew one.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SecurityError
from markupsafe import Markup

from monitor.diff.model import Change
from monitor.diff.render.html import CSS, change_html
from monitor.diff.render.text import change_text
from monitor.notify.base import (
    ALERT_KINDS,
    AlertMessage,
    DeliveryError,
    NotifierConfigError,
    headline,
    is_reversion,
)
from monitor.notify.sandbox import Sandbox, TemplateLimit, render_bounded

MAX_STATEMENT = 2000
MAX_CHANGES = 50
MAX_SUBJECT = 200

DEFAULT_TEMPLATES = ("subject.txt.j2", "body.txt.j2", "body.html.j2")


def cut(text: str | None, limit: int = MAX_STATEMENT) -> str | None:
    """Bound one piece of page text; ``None`` stays ``None``."""
    if text is None or len(text) <= limit:
        return text
    return text[: max(0, limit - 1)].rstrip() + "…"


def one_line(text: str, limit: int = MAX_SUBJECT) -> str:
    """Collapse CR/LF and runs of whitespace: a header can't be split by page text."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def alert_subject(alert: AlertMessage) -> str:
    """The default subject: "[Story Monitor] <title>: <headline>"."""
    return one_line(f"[Story Monitor] {alert.title}: {headline(alert)}")


def short_hash(key: str, n: int = 10) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:n]


def shown_changes(alert: AlertMessage, limit: int = MAX_CHANGES, statement: int = MAX_STATEMENT) -> list[Change]:
    """The ``limit`` most significant changes, in the alert's order (by version,
    newest first, then document order), each statement bounded."""
    return [c for _, c in _shown(alert, limit, statement)]


def _shown(alert: AlertMessage, limit: int, statement: int) -> list[tuple[int, Change]]:
    indexed = list(enumerate(alert.changes))
    if len(indexed) > limit:
        indexed = sorted(indexed, key=lambda ic: -ic[1].significance)[:limit]
        indexed.sort(key=lambda ic: ic[0])
    return [(i, replace(c, old=cut(c.old, statement), new=cut(c.new, statement),
                        reason=cut(c.reason, statement) or "")) for i, c in indexed]


@dataclass(frozen=True)
class ChangeView:
    """One change as templates see it: data plus the shared renderings."""

    kind: str
    aspects: tuple[str, ...]
    significance: float
    reason: str
    old: str | None
    new: str | None
    text: str  # word-level marks as wdiff does: [-old-] {+new+}
    html: Markup  # already escaped by change_html
    group: int | None
    group_start: bool
    group_heading: str
    group_trigger: str
    reversion: bool  # the statement went back to an earlier wording
    version: int | None = None  # the stored version it appeared in
    version_start: bool = False  # the first change shown of its version, in an alert covering several
    version_summary: str = ""
    version_at: str = ""


def context(alert: AlertMessage, *, max_changes: int = MAX_CHANGES,
            max_statement: int = MAX_STATEMENT) -> dict[str, Any]:
    """Template variables; every string from the page is data, nothing is compiled."""
    groups = {g.id: g for g in alert.groups}
    parts = {p.version: p for p in alert.versions}
    several = len(parts) > 1
    views: list[ChangeView] = []
    current: int | None = None
    shown_version: object = ...
    for i, c in _shown(alert, max_changes, max_statement):
        g = groups.get(c.group) if c.group is not None else None
        start = c.group is not None and c.group != current
        current = c.group
        version = alert.change_versions[i] if i < len(alert.change_versions) else alert.version
        version_start = several and version != shown_version
        shown_version = version
        part = parts.get(version)
        views.append(ChangeView(
            kind=c.kind, aspects=c.aspects, significance=c.significance, reason=c.reason,
            old=c.old, new=c.new, text=change_text(c, plain=True).plain,
            html=Markup(change_html(c)), group=c.group, group_start=start,
            group_heading=cut(g.heading, max_statement) or "" if g else "",
            group_trigger=g.trigger if g else "",
            reversion=is_reversion(c),
            version=version, version_start=version_start,
            version_summary=cut(part.summary, 500) or "" if part else "",
            version_at=part.created_at.strftime("%Y-%m-%d %H:%M UTC") if part else "",
        ))
    return {
        "alert": alert,
        "kind": alert.kind,
        "watch": alert.watch,
        "url": alert.url,
        "title": cut(alert.title, 300),
        "created_at": alert.created_at.strftime("%Y-%m-%d %H:%M UTC"),
        "summary": cut(alert.summary, 500),
        "headline": headline(alert),
        "error": cut(alert.error, 1000),
        "version": alert.version,
        "version_from": alert.version_from,
        "versions": [{"version": p.version, "created_at": p.created_at.strftime("%Y-%m-%d %H:%M UTC"),
                      "summary": cut(p.summary, 500), "changes": p.changes} for p in alert.versions],
        "report_url": alert.report_url,
        "significance": alert.significance,
        "changes": views,
        "total": len(alert.changes),
        "more": len(alert.changes) - len(views),
        "groups": [{"id": g.id, "trigger": g.trigger, "heading": cut(g.heading, 300)} for g in alert.groups],
        "reversions": len(alert.reversions),
        "css": Markup(CSS),
    }


def _autoescape(name: str | None) -> bool:
    return bool(name) and str(name).endswith((".html.j2", ".html"))


class Templates:
    """The three templates a notifier renders, user directory first.

    A user ``template_dir`` only needs the files it overrides; the rest come
    from the package. Templates are loaded (and syntax-checked) when the
    notifier is built, so a typo is a config error, not a failed delivery.
    """

    def __init__(self, template_dir: str | Path | None = None, *, max_changes: int = MAX_CHANGES,
                 max_statement: int = MAX_STATEMENT) -> None:
        loaders: list[jinja2.BaseLoader] = []
        if template_dir is not None:
            path = Path(template_dir).expanduser()
            if not path.is_dir():
                raise NotifierConfigError(f"option 'template_dir': {str(path)!r} is not a directory")
            loaders.append(jinja2.FileSystemLoader(str(path)))
        loaders.append(jinja2.PackageLoader("monitor.notify", "templates"))
        self.env = Sandbox(
            loader=jinja2.ChoiceLoader(loaders), autoescape=_autoescape,
            keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True,
        )
        self.max_changes = max_changes
        self.max_statement = max_statement
        self._compiled: dict[str, jinja2.Template] = {}
        for name in DEFAULT_TEMPLATES:
            self._load(name)
        if template_dir is not None:
            self._rehearse()

    def _rehearse(self) -> None:
        """Render every template against the sample alert as each kind of
        alert, so a user template that reaches outside the sandbox is refused
        when the notifier is built, with its name, rather than dead-lettering
        real alerts later. Other render errors may depend on the alert (a
        ``failing`` alert has no changes) and are left to delivery."""
        from monitor.notify.sample import sample_alert

        sample = sample_alert(created_at=datetime(2024, 1, 1, tzinfo=UTC))
        rehearsals = [replace(sample, kind=kind) for kind in ALERT_KINDS if kind != "failing"]
        rehearsals.append(replace(sample, kind="failing", changes=(), groups=(), error="HTTP 503"))
        for alert in rehearsals:
            ctx = context(alert, max_changes=self.max_changes, max_statement=self.max_statement)
            for name in DEFAULT_TEMPLATES:
                try:
                    render_bounded(self._compiled[name], {**ctx, "default_subject": alert_subject(alert)})
                except TemplateLimit as e:
                    raise NotifierConfigError(f"template {name!r} went past a limit: {e}") from None
                except SecurityError as e:
                    raise NotifierConfigError(f"template {name!r} was stopped by the sandbox: {e}") from None
                except Exception:  # noqa: BLE001, S112 - see the docstring: judged at delivery instead
                    continue

    def _load(self, name: str) -> jinja2.Template:
        if name not in self._compiled:
            try:
                self._compiled[name] = self.env.get_template(name)
            except jinja2.TemplateSyntaxError as e:
                raise NotifierConfigError(f"template {name!r} line {e.lineno}: {one_line(e.message or '', 300)}") from e
            except jinja2.TemplateNotFound as e:
                raise NotifierConfigError(f"template {name!r} not found") from e
        return self._compiled[name]

    def render(self, name: str, alert: AlertMessage, **extra: Any) -> str:
        """Render one template; a template that misbehaves is a permanent failure."""
        ctx = context(alert, max_changes=self.max_changes, max_statement=self.max_statement)
        ctx.update(extra)
        try:
            return render_bounded(self._load(name), ctx)
        except TemplateLimit as e:
            raise DeliveryError(f"template {name!r} went past a limit: {e}", transient=False) from e
        except SecurityError as e:
            raise DeliveryError(f"template {name!r} was stopped by the sandbox: {e}", transient=False) from e
        except Exception as e:  # noqa: BLE001 - a template fails the same way on every retry
            raise DeliveryError(f"template {name!r} failed: {type(e).__name__}: {e}", transient=False) from e

    def subject(self, alert: AlertMessage) -> str:
        return one_line(self.render("subject.txt.j2", alert, default_subject=alert_subject(alert)))

    def text(self, alert: AlertMessage) -> str:
        return self.render("body.txt.j2", alert)

    def html(self, alert: AlertMessage) -> str:
        return self.render("body.html.j2", alert)


_DEFAULT: Templates | None = None


def default_templates() -> Templates:
    """The package templates, compiled once per process."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Templates()
    return _DEFAULT
