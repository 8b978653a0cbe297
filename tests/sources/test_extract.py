"""HTML -> text: what is kept, what is dropped, selectors, ignore patterns, hygiene."""

import pytest

from monitor.origin import render_article
from monitor.text.extract import MAX_TEXT, ExtractError, extract, extract_plain
from tests.origin import seed_versions
from tests.sources.helpers import paragraphs

SEEDS = seed_versions()
# Words that appear only in the page furniture around the article.
NOISE = ("Advertisement", "Updated", "minutes ago", "Related stories", "Cookie", "All rights reserved", "dataLayer",
         "gtag", "Share on", "Breaking news ticker", "Newsletters", "About us", "By Staff Reporter", "margin:")
PAGE = render_article("Title", "First paragraph here is long enough.\n\nSecond paragraph, Updated 5 minutes ago.")


@pytest.mark.parametrize("version", range(len(SEEDS)), ids=[f"v{i + 1}" for i in range(len(SEEDS))])
def test_every_seed_version_comes_back_paragraph_for_paragraph(version):
    text = SEEDS[version]
    got = extract(render_article("Live: talks in Istanbul", text, minutes_ago=7, ad="Buy now #3"))
    assert paragraphs(got.text) == paragraphs(text)
    assert got.text == "\n\n".join(paragraphs(text))
    for word in NOISE:
        assert word not in got.text
    assert got.title == "Live: talks in Istanbul"


def test_photo_caption_and_update_line_are_kept():
    story = ("Delegations meet in Istanbul on Friday. (Source: Staff photo)\n\nUpdate:\n\n"
             "The first direct talks are over after two hours.\n\nThe sides agreed on an exchange of prisoners.")
    page = render_article("Talks", story)
    assert "<figcaption>" in page  # the caption really is a caption in the page
    assert paragraphs(extract(page).text) == paragraphs(story)


def test_the_ad_and_widget_rotating_does_not_change_the_text():
    a = render_article("T", SEEDS[-1], minutes_ago=1, ad="Download our app #1")
    b = render_article("T", SEEDS[-1], minutes_ago=42, ad="Subscribe for 1 EUR a month #2")
    assert a != b and extract(a).text == extract(b).text


def test_css_selector_overrides_trafilatura():
    assert extract(PAGE, selector=".live-widget").text == "Updated 3 minutes ago"
    assert extract(PAGE, selector="nav.main-nav li:first-child").text == "World"
    page = ("<html><body><div class='live'>Intro <b>line</b><p>First<br>second</p>tail<!-- x -->more"
            "<script>var x = 1</script><div class='live'>Nested</div></div></body></html>")
    assert extract(page, selector=".live").text == "Intro line\n\nFirst\n\nsecond\n\ntailmore\n\nNested"
    assert extract(page, selector=".nothing-here").text == ""
    with pytest.raises(ExtractError, match="CSS selector"):
        extract(PAGE, selector="div[[")


def test_ignore_patterns_remove_spans_and_emptied_lines():
    cleaned = extract(PAGE, ignore=[r",? ?Updated \d+ minutes ago\.?"])
    assert cleaned.text == "First paragraph here is long enough.\n\nSecond paragraph"
    assert extract(PAGE, ignore=[r"^First.*$"]).text == "Second paragraph, Updated 5 minutes ago."
    plain = extract_plain("Kept line\nLast updated: 10:42\n\nUpdated 3 minutes ago\n\nNext",
                          ignore=[r"^.*[Uu]pdated.*$"])
    assert plain.text == "Kept line\n\nNext"
    with pytest.raises(ExtractError, match="regular expression"):
        extract(PAGE, ignore=["("])
    with pytest.raises(ExtractError, match="regular expression"):
        extract("", ignore=["("])  # reported even when there is nothing to apply it to


def test_plain_text_passes_through_with_paragraphs_normalised():
    got = extract("  First   paragraph,\nwrapped line.\r\n\r\n\n\nSecond\tparagraph.  \n")
    assert got.text == "First paragraph,\nwrapped line.\n\nSecond paragraph."
    assert got.title is None
    assert extract(b"Caf\xc3\xa9 au lait\n\nsecond").text == "Café au lait\n\nsecond"


def test_hostile_markup_is_text_never_code():
    page = render_article("T", "A <script>alert(1)</script> paragraph with {{ 7*7 }} inside it, long enough.")
    got = extract(page)
    assert "<script>alert(1)</script>" in got.text and "{{ 7*7 }}" in got.text  # escaped in the page: text
    assert "dataLayer" not in got.text
    live = ("<html><body><article><p>Real paragraph of the article, long enough to keep.</p>"
            "<script>document.write('injected')</script><style>p{color:red}</style>"
            "<noscript>Enable JavaScript</noscript><template><p>hidden</p></template></article></body></html>")
    for selector in (None, "article"):
        text = extract(live, selector=selector).text
        assert text == "Real paragraph of the article, long enough to keep."


def test_invisible_characters_and_spacing_are_normalised():
    page = ("<html><body><article><p>Soft\u00adhyphen and zero\u200bwidth and\x07bell \u00a0 nbsp</p>"
            "<p>Second\n   line   spaced</p></article></body></html>")
    assert extract(page, selector="article").text == "Softhyphen and zerowidth andbell nbsp\n\nSecond line spaced"


def test_extracted_text_is_bounded():
    huge = "\n\n".join(f"Paragraph number {i} of a very long plain text document." for i in range(80_000))
    assert len(huge) > MAX_TEXT
    assert len(extract(huge).text) <= MAX_TEXT


def test_odd_documents_do_not_raise():
    assert extract("").text == ""
    assert extract("<html></html>").text == ""
    xml_decl = ('<?xml version="1.0" encoding="utf-8"?>'
                "<html><body><article><p>Declared as XML.</p></article></body></html>")
    assert extract(xml_decl, selector="article").text == "Declared as XML."
    assert extract(b"<html><head><meta charset='windows-1251'></head><body><p>\xcf\xf0\xe8\xe2\xe5\xf2</p>"
                   b"</body></html>", selector="p").text == "Привет"


def test_title_prefers_the_article_headline():
    page = ("<html><head><title>Site | Page</title><meta property='og:title' content='OG title'></head>"
            "<body><h1 class='logo'>Site</h1><article><h1>The headline</h1><p>Body.</p></article></body></html>")
    assert extract(page).title == "The headline"
    assert extract(page.replace("<h1>The headline</h1>", "").replace("<h1 class='logo'>Site</h1>", "")).title \
        == "OG title"
