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
    huge = "\n\n".join(f"Paragraph number {i} of a very long plain text document."
                       for i in range(MAX_TEXT // 50 + 1000))
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


# -- real-page structures, as small synthetic pages ------------------------------------------------

_WORDS = ("the council said on monday that the new bridge over the river would open in spring after two years "
          "of delays and a long dispute over who should pay for the extra steel").split()


def _para(i: int, n: int = 30) -> str:
    """A distinct sentence-like paragraph, numbered so order can be checked."""
    return " ".join(_WORDS[(i * 7 + k) % len(_WORDS)] for k in range(n)).capitalize() + f" (paragraph {i})."


def _page(body: str, *, wrap: str = "div", head: str = "") -> str:
    menu = "".join(f"<li><a href='/s/{i}'>Section number {i} news</a></li>" for i in range(25))
    return (f"<html><head><title>Bridge</title>{head}</head><body><div id='menu'><ul>{menu}</ul></div>"
            f"<{wrap} class='story'><div class='byline'>By Jo Reporter, updated 3 minutes ago</div>{body}</{wrap}>"
            "<div id='foot'><p>Copyright the town paper</p></div></body></html>")


def test_control_characters_inside_the_article_are_removed_not_fatal():
    controls = "".join(chr(c) for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
    paras = [_para(i) for i in range(6)]
    marked = [p.replace(" ", f" {controls}", 1) if i % 2 == 0 else p for i, p in enumerate(paras)]
    page = _page("".join(f"<p>{p}</p>" for p in marked))
    assert paragraphs(extract(page).text) == paras
    # lxml turns NUL into U+FFFD and stops reading a text at a lone surrogate: neither may reach the text.
    tail = "and the rest of the sentence survives"
    got = extract(_page(f"<p>{paras[0]}</p><p>A lone \ud800 surrogate \x00 {tail}.</p>" + "".join(
        f"<p>{p}</p>" for p in paras[1:]))).text
    assert f"A lone surrogate {tail}." in got and "\ufffd" not in got
    assert extract(page.encode("utf-8")).text == extract(page).text


def test_a_short_article_comes_back_alone_not_with_the_page_around_it():
    for wrap in ("div", "article"):
        for n in (1, 2):
            paras = [_para(i, 12) for i in range(n)]
            got = extract(_page("".join(f"<p>{p}</p>" for p in paras), wrap=wrap)).text
            assert paragraphs(got) == paras, (wrap, n)


def test_a_longer_article_comes_back_without_the_menu_and_footer():
    paras = [_para(i) for i in range(4)]
    got = extract(_page("".join(f"<p>{p}</p>" for p in paras))).text
    assert paragraphs(got) == paras


def test_a_caption_is_put_back_beside_its_paragraph_and_other_captions_stay_out():
    paras = [_para(i) for i in range(5)]
    figure = ("<figure><img src='/b.jpg' alt=''><figcaption>Engineers check the new span on Monday. "
              "(Photo: Town Archive)</figcaption></figure>")
    teaser = ("<aside class='related'><figure><img src='/t.jpg' alt=''><figcaption>Teaser: the old ferry, "
              "retired in 1990</figcaption></figure><a href='/ferry'>The ferry years</a></aside>")
    body = f"<p>{paras[0]}</p>{figure}" + "".join(f"<p>{p}</p>" for p in paras[1:]) + teaser
    got = paragraphs(extract(_page(body)).text)
    assert got == [paras[0], "Engineers check the new span on Monday. (Photo: Town Archive)", *paras[1:]]


def test_a_slideshow_taken_for_the_article_falls_back_to_the_story():
    """A fallback extractor picks a long list of photo captions over the story
    (seen on a news site whose slideshow sits after the article body)."""
    paras = [_para(i) for i in range(8)]
    slides = "".join(
        f"<li><h4> </h4><p>Workers, right, and engineers inspect the steel frame of the bridge, on the east bank, "
        f"Tuesday, March {i % 28 + 1}, in the town centre. (Town Archive/Photographer {i})</p></li>" for i in range(40))
    body = "".join(f"<p>{p}</p>" for p in paras) + f"<div class='promo'><ul class='photo-slideshow'>{slides}</ul></div>"
    got = extract(_page(f"<div class='articleBody'>{body}</div>")).text
    assert paragraphs(got) == paras


def test_a_page_laid_out_with_tables_gives_its_article_once_and_no_menu():
    paras = [_para(i) for i in range(5)]
    menu = "".join(f"<a href='/s/{i}'>Section {i}</a> | " for i in range(12))
    page = (f"<html><body><table width='100%'><tr><td colspan='2'>{menu}</td></tr><tr><td width='150'>Weather: sunny"
            f"<br>Markets: up</td><td><h1>Bridge</h1>{''.join(f'<p>{p}</p>' for p in paras)}</td></tr>"
            f"<tr><td colspan='2'>Copyright the town paper. {menu}</td></tr></table></body></html>")
    assert paragraphs(extract(page).text) == paras


def test_a_data_table_in_the_article_is_kept():
    paras = [_para(i) for i in range(4)]
    table = ("<table><tr><th>Span</th><th>Length</th></tr><tr><td>East</td><td>120 m</td></tr>"
             "<tr><td>West</td><td>95 m</td></tr></table>")
    got = extract(_page(f"<p>{paras[0]}</p><p>{paras[1]}</p>{table}<p>{paras[2]}</p><p>{paras[3]}</p>")).text
    assert "West" in got and "95 m" in got and paragraphs(got)[0] == paras[0]


def test_a_page_that_opens_with_comments_is_read_as_html():
    paras = [_para(i) for i in range(4)]
    head = "".join(f"<meta name='tag-{i}' content='bridge, river, council, spring, steel'>" for i in range(80))
    story = "".join(f"<p>{p}</p>" for p in paras)
    page = "<!-- served by cache node 7 -->\n<!DOCTYPE html>\n" + _page(story, head=head)
    assert paragraphs(extract(page).text) == paras
