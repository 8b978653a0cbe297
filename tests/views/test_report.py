"""The HTML report of how a story evolved, from stored versions only."""


from monitor.store import add_watch, get_engine, session_scope
from monitor.views.report import story_report
from tests.checks import check_texts
from tests.origin import seed_versions


def test_report_lists_every_version_escapes_page_text_and_boxes_update_groups(tmp_path):
    engine = get_engine(str(tmp_path / "m.db"))
    doc = tmp_path / "story.txt"
    versions = seed_versions()[-2:] + [seed_versions()[-1] + "\n\nA <script>alert(1)</script> line."]
    with session_scope(engine, write=True) as s:
        add_watch(s, "story", str(doc), kind="file")
    check_texts(engine, doc, versions, step=0)
    html = story_report(engine, "story")
    assert html.startswith("<!doctype html>") and "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert [f"Version {n}" in html for n in (1, 2, 3)] == [True, True, True]
    assert html.index("Version 3") < html.index("Version 2") < html.index("Version 1")  # newest first
    assert html.count('<div class="group">') == 1 and "Update:" in html


HOSTILE = ('He said <script>alert(1)</script> and <img src=x onerror="alert(2)"> then '
           '<a href="javascript:alert(3)">click</a> & "quotes" \' end.')


def _hostile_story(engine, tmp_path):
    from tests.views.test_timeline import store_versions

    v1, v2 = seed_versions()[:2]
    store_versions(engine, tmp_path, [v1 + "\n\n" + HOSTILE, v2 + "\n\n" + HOSTILE.replace("end.", "end now."),
                                      v2], name="hostile")


def test_report_page_is_self_contained_and_escapes_hostile_text(engine, tmp_path):
    from html.parser import HTMLParser

    class Page(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.tags: list[tuple[str, dict]] = []
            self.text: list[str] = []

        def handle_starttag(self, tag, attrs):
            self.tags.append((tag, dict(attrs)))

        def handle_data(self, data):
            self.text.append(data)

    _hostile_story(engine, tmp_path)
    html = story_report(engine, "hostile")
    page = Page()
    page.feed(html)
    tags = {t for t, _ in page.tags}
    attrs = {a for _, d in page.tags for a in d}
    # Only the tags and attributes the report writes itself: nothing from the page became markup.
    assert tags <= {"html", "head", "meta", "title", "style", "body", "h1", "h2", "p", "nav", "ol", "li", "a",
                    "span", "section", "div", "ins", "del", "details", "summary", "strong"}
    assert "script" not in tags and "img" not in tags
    assert attrs <= {"lang", "charset", "name", "content", "http-equiv", "href", "id", "class"}
    hrefs = [d["href"] for t, d in page.tags if "href" in d]
    assert hrefs and all(h.startswith("#") for h in hrefs)  # no external asset, no javascript: link
    assert ("meta", {"name": "viewport", "content": "width=device-width, initial-scale=1"}) in page.tags
    assert any(d.get("http-equiv") == "Content-Security-Policy" and "default-src 'none'" in d["content"]
               for _, d in page.tags)
    # The hostile words are shown as words, whole.
    assert HOSTILE in "".join(page.text)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    # Its history: appeared in v1, edited in v2 (the word "now" marked), removed in v3.
    assert "<ins>now" in html
    assert html.count('class="statement gone"') == 1


def test_report_has_the_timeline_version_changes_and_statement_histories(engine, tmp_path):
    from tests.views.test_timeline import store_versions

    store_versions(engine, tmp_path, seed_versions())
    html = story_report(engine, "istanbul-talks", about="United States")
    nav = html[html.index("<nav>"):html.index("</nav>")]
    assert [f'href="#v{n}"' in nav for n in range(1, 7)] == [True] * 6
    assert nav.index("#v1") < nav.index("#v6")  # the timeline reads oldest first
    assert all(f'<section id="v{n}">' in html for n in range(1, 7))
    histories = html[html.index('id="statements"'):]
    assert "United States" in histories and 'class="statement' in histories
    assert histories.count('<div class="statement') == 1  # --about kept the one participation statement
    assert '<span class="aspect">negation</span>' in histories and '<span class="aspect">entities</span>' in histories
    assert "<ins>ultimately did not participate" in histories or "did not participate" in histories.split("<ins>")[-1]


def test_report_evidence_has_times_hashes_texts_and_histories(engine, tmp_path):
    import hashlib
    import json
    from datetime import datetime

    from monitor.views.report import report_evidence
    from tests.views.test_timeline import store_versions

    seeds = seed_versions()
    store_versions(engine, tmp_path, seeds)
    ev = json.loads(json.dumps(report_evidence(engine, "istanbul-talks")))
    assert [v["version"] for v in ev["versions"]] == list(range(1, len(seeds) + 1))
    for v in ev["versions"]:
        assert hashlib.sha256(v["text"].encode("utf-8")).hexdigest() == v["hash"]
        datetime.fromisoformat(v["time"])
    [us] = [s for s in ev["statements"] if "United States" in s["text"]]
    assert [(h["version"], h["kind"], h["aspects"]) for h in us["history"]] == [
        (1, "appeared", []), (2, "edited", ["entities"]), (5, "edited", ["negation"])]
    assert any(c["kind"] == "edited" and "negation" in c["aspects"] for c in ev["changes"])
