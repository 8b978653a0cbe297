"""Slack and Discord message bodies for the webhook notifier's presets.

Built in Python, not from templates: each service has hard limits (Slack: 50
blocks, 3000 characters a section; Discord: 2000 characters of content, 10
embeds, 4096 a description, 6000 in all) and its own markup to neutralise,
and both are easier to keep exactly when the payload is data. A long alert
keeps its most significant changes and points to ``report_url`` for the rest:
it is shortened, never refused by the service.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from monitor.diff.model import Change
from monitor.diff.words import word_ops
from monitor.notify.base import AlertMessage, version_range
from monitor.notify.render import MAX_STATEMENT, one_line, shown_changes

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


_DISCORD_MD = re.compile(r"([\\*_~`|>#\[\]<-])")


def discord_escape(text: str) -> str:
    """Backslash Discord markdown so page text can't format, link, quote or spoil.

    Mentions are not escaped here (a backslash would show): the payload's
    ``allowed_mentions`` tells Discord to ping nobody.
    """
    return _DISCORD_MD.sub(r"\\\1", text)


def discord_code(text: str) -> str:
    """Inline code shows a path as typed, with nothing to escape but the backtick itself."""
    return "`" + text.replace("`", "'") + "`"


def is_web(url: str | None) -> bool:
    """Services accept only http(s) links; a report on disk is shown as text instead."""
    return bool(url) and str(url).startswith(("http://", "https://"))


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
    if c.kind in ("added", "moved"):
        return esc(c.new or "")
    if c.kind == "removed":
        return f"{strike}{esc((c.old or '').strip())}{strike}" if (c.old or "").strip() else ""
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
    if not is_web(url):
        return slack_escape(url)
    return f"<{url.replace('>', '%3E').replace('|', '%7C')}|{label}>"


def _shortened(alert: AlertMessage) -> bool:
    return any(len(c.old or "") > MAX_STATEMENT or len(c.new or "") > MAX_STATEMENT for c in alert.changes)


def slack_payload(alert: AlertMessage) -> dict[str, Any]:
    """``text`` plus Block Kit sections, within 50 blocks of at most 3000 characters."""
    esc = slack_escape
    shown = shown_changes(alert, SLACK_BLOCKS - 2)
    head = f"*{esc(one_line(alert.title, 300))}*\n{esc(alert.url)}\n{esc(one_line(alert.summary, 1000))}"
    if span := version_range(alert):
        head += f"\n{span}"
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
    trailer = ""
    if more:
        trailer = _more_line(alert, more, lambda u: _slack_link(u, "full report"))
    elif alert.report_url:
        prefix = "Some statements were shortened: " if _shortened(alert) else ""
        trailer = prefix + _slack_link(alert.report_url, "full report")
    if trailer:
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": trailer[:SLACK_TEXT]}]})
    fallback = esc(one_line(f"{alert.title}: {alert.summary}", SLACK_TEXT // 2))
    return {"text": fallback[:SLACK_TEXT], "blocks": blocks[:SLACK_BLOCKS], "unfurl_links": False}


def discord_payload(alert: AlertMessage) -> dict[str, Any]:
    """``content`` plus embeds within Discord's per-field and 6000-character total limits."""
    esc = discord_escape
    content = f"**{esc(one_line(alert.title, 300))}**\n{esc(one_line(alert.summary, 1000))}"
    if span := version_range(alert):
        content += f"\n{span}"
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
    # Discord refuses the whole message when an embed url is not http(s): a report on disk is only named.
    link = {"url": alert.report_url} if is_web(alert.report_url) else {}
    if more:
        line = _more_line(alert, more, lambda u: u if is_web(u) else discord_code(u))
        embeds.append({"title": "More changes", "description": line[:290], **link})
    elif alert.report_url:
        report = alert.report_url if is_web(alert.report_url) else discord_code(alert.report_url)
        embeds.append({"title": "Full report", "description": report[:290], **link})
    if is_web(alert.url) and embeds:
        embeds[0]["url"] = alert.url
    return {"content": content[:DISCORD_CONTENT], "embeds": embeds[:DISCORD_EMBEDS],
            "allowed_mentions": {"parse": []}}
