"""Alerts POSTed as JSON: a documented generic schema, or Slack/Discord messages.

Generic body (``preset: generic``), UTF-8 JSON, one POST per alert::

    {
      "schema": 1,                      # bumped only on incompatible changes
      "key": "watch3:changes:…:hook",   # stable across retries; also the Idempotency-Key header
      "kind": "changes",                # changes | failing | recovered | test
      "watch": "istanbul-talks",
      "url": "https://…",               # the monitored page
      "title": "…",
      "created_at": "2024-05-01T12:00:00+00:00",
      "significance": 0.95,             # of the most significant change, 0..1
      "summary": "3 changes, 1 update: edited (negation): …",
      "version": 7,                     # stored version number, or null
      "report_url": "https://…/r/7",    # or null
      "error": null,                    # the fetch error of a "failing" alert
      "changes": [Change.to_dict(), …], # kind, old, new, old_at, new_at, aspects, significance,
                                        # reason, similarity, moved, group, details
      "groups": [UpdateGroup.to_dict(), …],  # id, trigger, heading, new_at, significance
      "subject": "[Story Monitor] …",   # rendered from subject.txt.j2
      "text": "…"                       # rendered from body.txt.j2 (bounded)
    }

Headers: ``Content-Type: application/json``, ``Idempotency-Key: <key>`` and,
when a secret is configured, ``X-Monitor-Signature: sha256=<hex>``: the
HMAC-SHA256 of the exact body bytes with the secret, so a receiver can verify
the sender before parsing anything.

Chat presets obey the services' limits by truncating, never by being
rejected: a long alert keeps its most significant changes and points to
``report_url`` for the rest. Page text is escaped for the service (Slack's
``& < >``, Discord markdown) and Discord is told to ping nobody.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import socket
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from monitor.diff.model import Change
from monitor.diff.words import word_ops
from monitor.notify.base import AlertMessage, DeliveryError
from monitor.notify.templates import MAX_STATEMENT, Templates, default_templates, one_line, shown_changes

USER_AGENT = "story-monitor-webhook/1"

# Service limits (api.slack.com/reference/block-kit, discord.com/developers/docs/resources/message).
SLACK_TEXT = 3000
SLACK_BLOCKS = 50
# Slack documents no total for blocks, but very long messages are cut or refused; stay well below.
SLACK_TOTAL = 20000
DISCORD_CONTENT = 2000
DISCORD_EMBEDS = 10
DISCORD_DESCRIPTION = 4096
DISCORD_TITLE = 256
DISCORD_TOTAL = 6000


def slack_escape(text: str) -> str:
    """Slack reads ``<…>`` as links and mentions (``<!channel>``); escaping makes page text inert."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_DISCORD_MD = re.compile(r"([\\*_~`|>#\[\]<])")


def discord_escape(text: str) -> str:
    """Backslash Discord markdown so page text can't format, link or spoil."""
    return _DISCORD_MD.sub(r"\\\1", text)


def _fit(raw: str, limit: int, render: Callable[[str], str]) -> str:
    """Render ``raw`` cut short enough that the *rendered* text fits ``limit``
    (escaping grows text, so cutting the result would break an entity)."""
    out = render(raw)
    while len(out) > limit and raw:
        raw = raw[: max(0, len(raw) - (len(out) - limit) - 1)]
        out = render(raw + "…")
    return out if len(out) <= limit else out[:limit]


def marked(c: Change, esc: Callable[[str], str], strike: str, bold: str) -> str:
    """A change as chat markdown: struck old words, bold new ones, the page text escaped."""
    if c.kind == "added":
        return esc(c.new or "")
    if c.kind == "removed":
        return f"{strike}{esc((c.old or '').strip())}{strike}" if (c.old or "").strip() else ""
    if c.kind == "moved":
        return esc(c.new or "")
    parts: list[str] = []
    for op in word_ops(c.old or "", c.new or ""):
        if op.op == "equal":
            parts.append(esc(op.new))
            continue
        if op.old.strip():
            parts.append(f"{strike}{esc(op.old.strip())}{strike} ")
        if op.new.strip():
            parts.append(f"{bold}{esc(op.new.strip())}{bold}{op.new[len(op.new.rstrip()):] or ' '}")
    return "".join(parts).strip()


def _label(c: Change) -> str:
    aspects = f" ({', '.join(c.aspects)})" if c.aspects else ""
    return f"{c.kind}{aspects} · {c.significance:.2f}"


def _more_line(alert: AlertMessage, more: int, link: Callable[[str], str]) -> str:
    noun = f"{more} more change{'s' if more != 1 else ''}"
    if alert.report_url:
        return f"…and {noun}: {link(alert.report_url)}"
    return f"…and {noun} (see the file or email alert for all of them)"


def _slack_link(url: str, label: str) -> str:
    return f"<{url.replace('>', '%3E').replace('|', '%7C')}|{label}>"


def slack_payload(alert: AlertMessage) -> dict[str, Any]:
    """``text`` plus Block Kit sections, within 50 blocks of at most 3000 characters."""
    esc = slack_escape
    shown = shown_changes(alert, SLACK_BLOCKS - 2)
    head = f"*{esc(one_line(alert.title, 300))}*\n{esc(alert.url)}\n{esc(one_line(alert.summary, 1000))}"
    if alert.error:
        head += f"\nerror: {esc(one_line(alert.error, 1000))}"
    blocks: list[dict[str, Any]] = [{"type": "section", "text": {"type": "mrkdwn", "text": head[:SLACK_TEXT]}}]
    budget = SLACK_TOTAL - len(head)
    for c in shown:
        label = f"*{esc(_label(c))}*\n"
        text = marked(c, esc, "~", "*")
        if len(label) + len(text) > SLACK_TEXT:
            text = _fit(c.new or c.old or "", SLACK_TEXT - len(label), esc)
        if len(label) + len(text) > budget:
            break
        budget -= len(label) + len(text)
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": label + text}})
    more = len(alert.changes) - (len(blocks) - 1)
    shortened = any(len(c.old or "") > MAX_STATEMENT or len(c.new or "") > MAX_STATEMENT for c in alert.changes)
    trailer = ""
    if more:
        trailer = _more_line(alert, more, lambda u: _slack_link(u, "full report"))
    elif alert.report_url:
        prefix = "Some statements were shortened: " if shortened else ""
        trailer = prefix + _slack_link(alert.report_url, "full report")
    if trailer:
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": trailer[:SLACK_TEXT]}]})
    fallback = esc(one_line(f"{alert.title}: {alert.summary}", SLACK_TEXT // 2))
    return {"text": fallback[:SLACK_TEXT], "blocks": blocks[:SLACK_BLOCKS], "unfurl_links": False}


def discord_payload(alert: AlertMessage) -> dict[str, Any]:
    """``content`` plus embeds within Discord's per-field and 6000-character total limits."""
    esc = discord_escape
    content = f"**{esc(one_line(alert.title, 300))}**\n{esc(one_line(alert.summary, 1000))}"
    if alert.error:
        content += f"\nerror: {esc(one_line(alert.error, 1000))}"
    shown = shown_changes(alert, DISCORD_EMBEDS - 1)
    budget = DISCORD_TOTAL - 300  # room for the trailer embed
    embeds: list[dict[str, Any]] = []
    for c in shown:
        title = _label(c)[:DISCORD_TITLE]
        room = min(DISCORD_DESCRIPTION, budget - len(title))
        if room < 100:
            break
        rich = marked(c, esc, "~~", "**")
        desc = rich if len(rich) <= room else _fit(c.new or c.old or "", room, esc)
        embeds.append({"title": title, "description": desc})
        budget -= len(title) + len(desc)
    more = len(alert.changes) - len(embeds)
    if more:
        line = _more_line(alert, more, lambda u: u)
        embeds.append({"title": "More changes", "description": line[:290],
                       **({"url": alert.report_url} if alert.report_url else {})})
    elif alert.report_url:
        embeds.append({"title": "Full report", "description": alert.report_url[:290], "url": alert.report_url})
    if alert.url.startswith(("http://", "https://")) and embeds:
        embeds[0]["url"] = alert.url
    return {"content": content[:DISCORD_CONTENT], "embeds": embeds[:DISCORD_EMBEDS],
            "allowed_mentions": {"parse": []}}


class WebhookNotifier:
    """POST each alert as JSON to a URL: a generic signed payload, or a Slack or Discord message.

    The generic payload is documented in ``monitor.notify.webhook`` and is
    signed with ``X-Monitor-Signature: sha256=<HMAC of the body>`` when a
    secret is set; every request carries ``Idempotency-Key``. Server errors,
    429 and timeouts are retried; other 4xx responses are not.
    """

    kind: ClassVar[str] = "webhook"

    class Options(BaseModel):
        model_config = ConfigDict(extra="forbid", frozen=True)

        url: str = Field(..., description="The http(s) URL to POST to.")
        preset: Literal["generic", "slack", "discord"] = Field(
            "generic", description="Body format: generic (documented JSON), slack or discord (incoming webhooks).")
        secret_env: str | None = Field(
            None, description="Name of the environment variable holding the HMAC secret (preferred over secret).")
        secret: str | None = Field(
            None, repr=False, description="HMAC secret written in the config; prefer secret_env.")
        timeout: float = Field(10.0, gt=0, description="Seconds to wait for the server before retrying later.")
        headers: dict[str, str] = Field(
            default_factory=dict, description="Extra request headers, e.g. an Authorization token.")
        template_dir: str | None = Field(
            None, description="Directory with your own subject.txt.j2 / body.txt.j2 for the generic payload.")

        @field_validator("url")
        @classmethod
        def _http_only(cls, v: str) -> str:
            if not v.startswith(("http://", "https://")):
                raise ValueError("must start with http:// or https://")
            return v

    def __init__(self, options: Options, *, templates: Templates | None = None) -> None:
        self.options = options
        if templates is None:
            templates = Templates(options.template_dir) if options.template_dir else default_templates()
        self.templates = templates

    def _secret(self) -> bytes | None:
        o = self.options
        if o.secret_env:
            value = os.environ.get(o.secret_env)
            if value is None:
                raise DeliveryError(f"webhook: environment variable {o.secret_env} is not set", transient=False)
            return value.encode("utf-8")
        return o.secret.encode("utf-8") if o.secret else None

    def payload(self, alert: AlertMessage) -> dict[str, Any]:
        if self.options.preset == "slack":
            return slack_payload(alert)
        if self.options.preset == "discord":
            return discord_payload(alert)
        body = alert.to_dict()
        body["subject"] = self.templates.subject(alert)
        body["text"] = self.templates.text(alert)
        return body

    def body(self, alert: AlertMessage) -> bytes:
        return json.dumps(self.payload(alert), ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    def send(self, alert: AlertMessage) -> None:
        data = self.body(alert)
        headers = {
            **self.options.headers,
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": USER_AGENT,
            "Idempotency-Key": one_line(alert.key, 500),
        }
        secret = self._secret()
        if secret is not None:
            headers["X-Monitor-Signature"] = "sha256=" + hmac.new(secret, data, hashlib.sha256).hexdigest()
        self.post(data, headers)

    def post(self, data: bytes, headers: dict[str, str]) -> None:
        url, timeout = self.options.url, self.options.timeout
        req = urllib.request.Request(url, data=data, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 - scheme checked in Options
                resp.read(65536)
        except urllib.error.HTTPError as e:
            detail = one_line(e.read(300).decode("utf-8", "replace"), 200) if e.fp else ""
            transient = e.code >= 500 or e.code in (408, 425, 429)
            raise DeliveryError(f"webhook: {url} answered {e.code} {e.reason}{': ' + detail if detail else ''}",
                                transient=transient) from e
        except urllib.error.URLError as e:
            reason = e.reason
            if isinstance(reason, TimeoutError | socket.timeout):
                raise DeliveryError(f"webhook: {url} timed out after {timeout:g}s", transient=True) from e
            raise DeliveryError(f"webhook: cannot reach {url}: {reason}", transient=True) from e
        except TimeoutError as e:
            raise DeliveryError(f"webhook: {url} timed out after {timeout:g}s", transient=True) from e
        except OSError as e:
            raise DeliveryError(f"webhook: {url} failed: {e}", transient=True) from e
