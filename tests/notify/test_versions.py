"""A debounced alert covers several versions: the range, and the changes grouped by version, newest first."""

from __future__ import annotations

from monitor.diff.model import Change, UpdateGroup
from monitor.notify.base import AlertMessage
from monitor.notify.payload import changes_payload, merge_messages
from monitor.notify.render import Templates
from tests.notify.conftest import HOSTILE, WHEN


def _payload(version: int, new: str, *, group: bool = False) -> dict:
    change = Change(kind="added", old=None, new=new, new_at=((0, 0),), significance=0.5, group=1 if group else None)
    groups = (UpdateGroup(id=1, trigger="marker", heading=new, new_at=((0, 0),)),) if group else ()
    p = changes_payload("story", "https://news.example/s", [change], groups, WHEN, "Story")
    return {**p, "version": version}


def test_one_version_carries_itself_as_the_range() -> None:
    body = AlertMessage.from_dict(_payload(5, "Talks resumed.")).to_dict()
    assert (body["version_from"], body["version"]) == (5, 5)
    assert [p["version"] for p in body["versions"]] == [5]
    assert [c["version"] for c in body["changes"]] == [5]


def test_merged_versions_newest_first_with_groups_renumbered_and_tagged() -> None:
    merged = merge_messages([_payload(3, "First update.", group=True), _payload(4, "Second update.", group=True),
                             _payload(5, "A plain addition.")])
    msg = AlertMessage.from_dict(merged)
    body = msg.to_dict()
    assert (body["version_from"], body["version"]) == (3, 5)
    assert [p["version"] for p in body["versions"]] == [5, 4, 3]
    assert [(c["version"], c["new"]) for c in body["changes"]] == [
        (5, "A plain addition."), (4, "Second update."), (3, "First update.")]
    assert [(g["id"], g["version"], g["heading"]) for g in body["groups"]] == [
        (1, 4, "Second update."), (2, 3, "First update.")]
    assert [c["group"] for c in body["changes"]] == [None, 1, 2]
    assert body["created_at"] == WHEN.isoformat()
    # The outbox payload and the message agree after a round trip.
    assert AlertMessage.from_dict(body).to_dict() == body


def test_text_and_html_show_each_version_under_its_own_heading_and_escape_page_text() -> None:
    merged = merge_messages([_payload(7, "Talks resumed."), _payload(8, f"Officials said {HOSTILE}")])
    msg = AlertMessage.from_dict(merged)
    t = Templates()
    text = t.text(msg)
    assert "Versions 7 to 8" in text
    assert text.index("-- Version 8") < text.index("-- Version 7")
    html = t.html(msg)
    assert "versions 7 to 8" in html and html.index("Version 8") < html.index("Version 7")
    assert "<script>" not in html


def test_chat_and_console_name_the_range() -> None:
    import io

    from rich.console import Console

    from monitor.notify.chat import discord_payload, slack_payload
    from monitor.notify.console import ConsoleNotifier

    msg = AlertMessage.from_dict(merge_messages([_payload(7, "Talks resumed."), _payload(8, "Talks ended.")]))
    assert "versions 7 to 8" in slack_payload(msg)["blocks"][0]["text"]["text"]
    assert "versions 7 to 8" in discord_payload(msg)["content"]
    out = io.StringIO()
    ConsoleNotifier(ConsoleNotifier.Options(), console=Console(file=out, width=100)).send(msg)
    assert "versions 7 to 8" in out.getvalue()
    single = AlertMessage.from_dict(_payload(7, "Talks resumed."))
    assert "versions" not in slack_payload(single)["blocks"][0]["text"]["text"]
