"""Live pages that wrap each entry in its own block: every entry is kept,
with its stamp on a line of its own, and ordinary pages are read as before.

The pages are the written cases of seeds/liveblogs-html/ (see its README).
"""

import json

import pytest

from monitor.text.extract import _parse, extract, paragraphs
from monitor.text.liveblog import live_entries
from monitor.text.markers import is_separator, marker_of
from tests.conftest import ROOT

HTML = ROOT / "seeds" / "liveblogs-html"
RECORDS = [json.loads(line) for line in (HTML / "labels.jsonl").read_text(encoding="utf-8").splitlines()]
LIVE = [r for r in RECORDS if r["entries"]]
NOT_LIVE = [r for r in RECORDS if not r["entries"]]


def _page(rel: str) -> str:
    return (HTML / rel).read_text(encoding="utf-8")


def _lines(rel: str) -> list[str]:
    return extract(_page(rel)).text.split("\n\n")


@pytest.mark.parametrize("rec", LIVE, ids=[r["id"] for r in LIVE])
def test_every_new_entry_is_kept_with_its_stamp_as_a_line(rec):
    lines = _lines(rec["new_html"])
    flat = " ".join(lines)
    for texts in rec["entries"]:
        for t in texts:
            assert t in flat, t
        stamp = texts[0]
        if marker_of(stamp) is not None:  # the entries whose stamp the reader sees
            assert stamp in lines, stamp
    for t in rec["others"]:  # the old entries are still there too
        assert t in flat


@pytest.mark.parametrize("rec", LIVE[::2], ids=[r["id"] for r in LIVE[::2]])
def test_no_menu_footer_or_furniture_line_on_a_live_page(rec):
    lines = _lines(rec["new_html"])
    for furniture in ("Home", "Most read", "Accept", "About us", "We use cookies to improve your experience."):
        assert furniture not in lines
    assert not [line for line in lines if is_separator(line)]
    assert lines[0] == extract(_page(rec["new_html"])).title  # the headline leads, then the standfirst


@pytest.mark.parametrize("rec", NOT_LIVE, ids=[r["id"] for r in NOT_LIVE])
def test_a_page_that_is_not_live_has_no_entries(rec):
    for side in ("old_html", "new_html"):
        assert live_entries(_parse(_page(rec[side])), paragraphs) is None


def test_the_local_sites_pages_are_not_live():
    from benchmarks.bench_extract import pages

    for name, page in pages():
        assert live_entries(_parse(page), paragraphs) is None, name


def test_a_relative_time_is_read_from_its_datetime():
    """'12m ago' changes on every check; the entry's datetime does not."""
    old, new = _lines("relative-ago/old.html"), _lines("relative-ago/new1.html")
    assert not any("ago" in line for line in old + new)
    assert "2024-10-02 09:10" in old and "2024-10-02 09:10" in new


def test_share_rows_ads_and_rules_are_left_out_of_entries():
    text = extract(_page("finance-updated-at/new3.html")).text
    assert "Advertisement" not in text
    text = extract(_page("broadsheet-bst/new3.html")).text
    assert "Copy link" not in text and "Share" not in text.split("\n\n")


def test_an_inline_stamp_is_its_own_line_and_the_text_keeps_its_words():
    lines = _lines("council-ascending/new1.html")
    i = lines.index("19:05")
    assert lines[i + 1] == "Councillor Amadi moves to delay the vote by a month."


WRAP = ("<html><body><nav><ul><li><a href='/'>Home</a></li><li><a href='/w'>World</a></li></ul></nav>"
        "<main><article><h1>Live: the count</h1>{body}</article></main></body></html>")


def test_two_stamped_blocks_make_a_live_page_and_a_script_inside_stays_out():
    body = ("<div class='post'><time datetime='2024-10-02T10:00'>10:00</time><p>The count has started.</p>"
            "<script>document.write('injected text here')</script></div>"
            "<div class='post'><time datetime='2024-10-02T09:00'>09:00</time><p>Polls have closed.</p></div>")
    lines = extract(WRAP.format(body=body)).text.split("\n\n")
    assert lines == ["Live: the count", "10:00", "The count has started.", "09:00", "Polls have closed."]
    assert "injected" not in " ".join(lines)


def test_a_stamp_linked_to_its_entry_is_a_stamp():
    """Many live pages link each entry's time to the entry (a permalink)."""
    post = ("<div class='block'><a href='#b{n}'><time datetime='2024-10-02T1{n}:00'>1{n}.00 BST</time></a>"
            "<h2>Heading {n}</h2><p>Body text of entry {n} says something.</p></div>")
    lines = extract(WRAP.format(body=post.format(n=2) + post.format(n=1))).text.split("\n\n")
    assert lines[1:4] == ["12.00 BST", "Heading 2", "Body text of entry 2 says something."]
    assert "11.00 BST" in lines


@pytest.mark.parametrize("body", [
    # a list of timed links
    "<ul><li><time>10:00</time> <a href='/a'>A story elsewhere on the site today</a></li>"
    "<li><time>09:00</time> <a href='/b'>Another story elsewhere on the site</a></li></ul>",
    # comments under an article
    "<p>The council met on Tuesday and agreed the budget.</p><div class='comments'>"
    "<div class='comment'><time>10:00</time><p>Good news for the town at last.</p></div>"
    "<div class='comment'><time>10:05</time><p>Not for the parks, it isn't.</p></div></div>",
    # a programme: stamps without a sentence
    "<ul><li><time>10:00</time> Welcome and coffee in the hall</li><li><time>11:00</time> Keynote talk</li></ul>",
])
def test_timed_blocks_that_are_not_entries(body):
    assert live_entries(_parse(WRAP.format(body=body)), paragraphs) is None


@pytest.mark.parametrize("line", ["* * *", "———", "—", "Advertisement", "Share", "Copy link", "Share Tweet", ""])
def test_separators(line):
    assert is_separator(line)


@pytest.mark.parametrize("line", ["Share prices fell.", "10:00", "Copy link to this post and send it", "A"])
def test_not_separators(line):
    assert not is_separator(line)
