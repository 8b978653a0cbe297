"""Renderers read Change records and keep page text inert."""

import json

import pytest

from monitor import diff_texts
from monitor.diff.render import FORMATS, renderer

OLD = "The talks begin on Thursday. The US will attend.\n\nA quiet line."
NEW = (
    "The talks begin on Friday. The US will not attend.\n\n"
    "<script>alert(1)</script> and {{ 7*7 }} and [bold red]x[/] appeared.\n\nA quiet line."
)


@pytest.fixture(scope="module")
def d():
    return diff_texts(OLD, NEW)


def test_json_schema_is_stable(d):
    out = json.loads(renderer("json")(d, old_label="a", new_label="b"))
    assert out["schema"] == 1 and out["old"] == "a" and out["new"] == "b"
    assert set(out["counts"]) == {"added", "removed", "edited", "moved", "split", "merged", "update"}
    first = out["changes"][0]
    assert set(first) >= {"kind", "old", "new", "old_at", "new_at", "aspects", "significance", "reason",
                          "similarity", "moved", "group", "details"}
    assert {c["kind"] for c in out["changes"]} == {"edited", "added"}


def test_html_escapes_page_text_and_is_self_contained(d):
    html = renderer("html")(d)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "and {{ 7*7 }} and" in html and "and 49 and" not in html
    assert "<script" not in html.lower().replace("&lt;script", "")
    assert "http://" not in html and "https://" not in html
    assert "<del>Thursday" in html.replace("</del>", "</del>") or "<del>Thursday." in html


def test_text_keeps_markup_literal_and_marks_words(d):
    out = renderer("text")(d, color=False)
    assert "[bold red]x[/]" in out
    assert "[-Thursday.-]" in out and "{+Friday.+}" in out


def test_markdown_escapes_page_text(d):
    out = renderer("markdown")(d)
    assert "<script>" not in out and "\\<script\\>" in out


def test_moved_only_with_show_moved():
    a = "First para here.\n\nSecond para here.\n\nThird para here."
    b = "Third para here.\n\nFirst para here.\n\nSecond para here."
    d = diff_texts(a, b)
    for fmt in FORMATS:
        hidden = renderer(fmt)(d)
        shown = renderer(fmt)(d, show_moved=True)
        assert len(shown) > len(hidden), fmt


LIVE_OLD = ("Harbour vote: live\n\n12.31 BST\n\nDock workers rally\n\nAbout two hundred dock workers gathered on the "
            "embankment.\n\n11.48 BST\n\nGood morning\n\nWelcome to today's coverage of the debate.")
LIVE_NEW = ("Harbour vote: live\n\n13.15 BST\n\nVote moved <b>to</b> Thursday\n\nThe whips have pushed the vote back "
            "by a day.\n\n" + LIVE_OLD.split("\n\n", 1)[1])


@pytest.fixture(scope="module")
def live():
    d = diff_texts(LIVE_OLD, LIVE_NEW)
    assert [(g.at, g.heading) for g in d.groups] == [("13.15 BST", "Vote moved <b>to</b> Thursday")]
    return d


def test_every_format_shows_a_groups_time_and_heading(live):
    text = renderer("text")(live, color=False)
    assert "update (timestamp) at 13.15 BST: Vote moved <b>to</b> Thursday" in text
    md = renderer("markdown")(live)
    assert "### Update (timestamp) at 13.15 BST: Vote moved \\<b\\>to\\</b\\> Thursday" in md
    html = renderer("html")(live)
    assert '<span class="at">13.15 BST</span>' in html
    assert "<strong>Vote moved &lt;b&gt;to&lt;/b&gt; Thursday</strong>" in html and "<b>to</b>" not in html
    group = json.loads(renderer("json")(live))["groups"][0]
    assert group["at"] == "13.15 BST" and group["heading"] == "Vote moved <b>to</b> Thursday"


def test_a_group_without_time_shows_no_empty_at():
    from monitor.diff.model import UpdateGroup
    from monitor.diff.render import group_line, group_parts

    g = UpdateGroup(id=1, trigger="top", heading="Road closed", new_at=((0, 0),))
    assert group_line(*group_parts(g)) == "update (top): Road closed"


def test_a_groups_time_cannot_reach_the_terminal_as_a_sequence():
    from monitor.diff.model import UpdateGroup

    d = diff_texts(LIVE_OLD, LIVE_NEW)
    g = d.groups[0]
    bad = UpdateGroup(g.id, g.trigger, g.heading, g.new_at, g.significance, at="13.15\x1b]0;pwned\x07 BST")
    from dataclasses import replace

    out = renderer("text")(replace(d, groups=(bad,)), color=False)
    assert "\x1b" not in out and "\x07" not in out and "13.15" in out
