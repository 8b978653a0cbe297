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
