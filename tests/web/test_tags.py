"""Tags on the web: the stories page filtered by tag (links, no JavaScript), a feed per tag, the forms and the API."""

from __future__ import annotations

import html
import re
from urllib.parse import quote

import feedparser

from monitor.store import add_watch, session_scope, update_watch
from tests.origin import seed_versions
from tests.web.conftest import client_for, store_versions
from tests.web.test_feeds import _valid_atom
from tests.web.test_pages import csrf_of

UA = "україна"
UA_PATH = quote(UA, safe="")  # %D1%83%D0%BA...


def _page(title: str, text: str) -> str:
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n") if p.strip())
    return f"<html><head><title>{title}</title></head><body><article>{paragraphs}</article></body></html>"


def tag_two_stories(story, tmp_path):
    """istanbul-talks (the seed story, six versions) tagged talks and turkey; kyiv (a page of the seed story's
    first three versions, later, its title changed in the third) tagged talks and україна; weather untagged."""
    engine, _ = story
    doc = tmp_path / "kyiv.html"
    with session_scope(engine, write=True) as s:
        update_watch(s, "istanbul-talks", tags=["talks", "turkey"])
        add_watch(s, "kyiv", str(doc), kind="file", tags=["talks", UA])
    v1, v2, v3 = seed_versions()[:3]
    store_versions(engine, doc, [_page("Ceasefire talks, day one", v1), _page("Ceasefire talks, day one", v2),
                                 _page("Ceasefire negotiations, day two", v3)], start_day=10)
    with session_scope(engine, write=True) as s:  # never checked: nothing is read beyond this machine
        add_watch(s, "weather", "https://weather.example/", tags=[])
    return engine


def _rows(page: str) -> list[str]:
    """The story names the page lists, in order."""
    return re.findall(r'<td class="story"><a href="/watches/\d+">([^<]+)</a>', page)


def test_stories_page_filters_by_tag_with_plain_links(story, tmp_path):
    engine = tag_two_stories(story, tmp_path)
    with client_for(engine) as client:
        page = client.get("/").text
        assert sorted(_rows(page)) == ["istanbul-talks", "kyiv", "weather"]
        nav = page.split('<nav class="tags"', 1)[1].split("</nav>", 1)[0]
        chips = re.findall(r'<a class="tag" href="([^"]+)">([^<]+?) <span class="count">(\d+)</span>', nav)
        assert chips == [("/?tag=talks", "talks", "2"), ("/?tag=turkey", "turkey", "1"),
                         (f"/?tag={UA_PATH}", UA, "1")]
        assert '<a href="/" aria-current="page">all</a>' in nav  # no tag chosen: "all" is

        tagged = client.get(chips[2][0])  # following the chip's link, as a browser without scripts would
        assert tagged.status_code == 200 and _rows(tagged.text) == ["kyiv"]
        assert f'<link rel="alternate" type="application/atom+xml" title="Stories tagged {UA}" ' \
               f'href="/feeds/tags/{UA_PATH}.atom">' in tagged.text
        assert f'href="/?tag={UA_PATH}" aria-current="page"' in tagged.text
        assert f'<input type="hidden" name="tag" value="{UA}">' in tagged.text  # a search stays in the tag
        # Each row links its tags too; any case finds the stored tag.
        assert f'<a class="tag" href="/?tag={UA_PATH}">{UA}</a>' in tagged.text
        assert sorted(_rows(client.get("/", params={"tag": "TALKS"}).text)) == ["istanbul-talks", "kyiv"]
        assert _rows(client.get("/", params={"tag": "talks", "q": "KYIV"}).text) == ["kyiv"]
        assert _rows(client.get("/", params={"q": "turk"}).text) == ["istanbul-talks"]  # search reads tags
        assert "No watch tagged “sport”." in client.get("/", params={"tag": "sport"}).text

        bad = client.get("/", params={"tag": "a b"})
        assert bad.status_code == 400
        assert "tag: &#39;a b&#39;: a tag has only letters, digits, &#39;-&#39; and &#39;_&#39;, not &#39; &#39;" \
            in bad.text
        hostile = client.get("/", params={"q": '<script>alert(1)</script>', "tag": "talks"})
        assert "<script>alert(1)" not in hostile.text and "&lt;script&gt;" in hostile.text


def test_search_reads_the_newest_title(story, tmp_path):
    engine = tag_two_stories(story, tmp_path)
    with client_for(engine) as client:
        assert client.get("/api/watches/kyiv").json()["title"] == "Ceasefire negotiations, day two"
        page = client.get("/", params={"q": "NEGOTIATIONS, DAY"}).text
        assert _rows(page) == ["kyiv"] and '<div class="meta">Ceasefire negotiations, day two</div>' in page
        assert _rows(client.get("/", params={"q": "day one"}).text) == []  # an older version's title is not read
        found = client.get("/api/watches", params={"q": "day two", "tag": UA}).json()["items"]
        assert [(w["name"], w["title"]) for w in found] == [("kyiv", "Ceasefire negotiations, day two")]


def test_tag_feed_lists_only_the_tagged_stories_changes_newest_first(story, tmp_path):
    engine = tag_two_stories(story, tmp_path)
    with client_for(engine) as client:
        alerts = client.get("/api/alerts", params={"limit": 200}).json()["items"]
        changes = {(a["watch"], a["version"]) for a in alerts if a["kind"] == "changes"}
        by_watch = {w: sum(1 for n, _ in changes if n == w) for w in ("istanbul-talks", "kyiv")}
        assert by_watch["istanbul-talks"] >= 3 and by_watch["kyiv"] >= 1

        r = client.get(f"/feeds/tags/{UA_PATH}.atom")
        assert r.status_code == 200 and r.headers["content-type"].startswith("application/atom+xml")
        _valid_atom(r.content)
        feed = feedparser.parse(r.content)
        assert not feed.bozo, feed.get("bozo_exception")
        assert feed.feed.title == f"Story Monitor: stories tagged {UA}"
        assert feed.feed.id == f"http://127.0.0.1:8000/feeds/tags/{UA_PATH}.atom"
        assert [e.title.split(":")[0] for e in feed.entries] == ["kyiv"] * by_watch["kyiv"]

        both = feedparser.parse(client.get("/feeds/tags/talks.atom").content)
        assert len(both.entries) == by_watch["istanbul-talks"] + by_watch["kyiv"]
        assert {e.title.split(":")[0] for e in both.entries} == {"istanbul-talks", "kyiv"}
        times = [e.updated for e in both.entries]
        assert times == sorted(times, reverse=True)
        assert both.entries[0].title.startswith("kyiv: ")  # checked last
        turkey = feedparser.parse(client.get("/feeds/tags/Turkey.atom").content)
        assert {e.title.split(":")[0] for e in turkey.entries} == {"istanbul-talks"}

        tag = client.get("/feeds/tags/talks.atom")
        assert client.get("/feeds/tags/talks.atom", headers={"if-none-match": tag.headers["etag"]}).status_code == 304
        # Untagging a story takes its entries out of the feed, so the old ETag no longer matches.
        with session_scope(engine, write=True) as s:
            update_watch(s, "istanbul-talks", tags=["turkey"])
        again = client.get("/feeds/tags/talks.atom", headers={"if-none-match": tag.headers["etag"]})
        assert again.status_code == 200 and len(feedparser.parse(again.content).entries) == by_watch["kyiv"]

        for missing in ("sport", "a%20b", "x" * 50):
            gone = client.get(f"/feeds/tags/{missing}.atom")
            assert gone.status_code == 404 and gone.headers["content-type"] == "application/problem+json"


def test_the_forms_take_tags_with_the_clis_messages(client):
    token = csrf_of(client)
    bad = client.post("/watches", data={"url": "https://example.org/a", "tags": "ukraine, peace talks",
                                        "csrf": token})
    assert bad.status_code == 422
    assert "tags: &#39;peace talks&#39;: a tag has only letters" in bad.text
    assert 'value="ukraine, peace talks"' in bad.text  # the form comes back as typed
    ok = client.post("/watches", data={"url": "https://example.org/a", "name": "a", "tags": "Ukraine, talks,",
                                       "csrf": token}, follow_redirects=True)
    assert ok.status_code == 200 and client.get("/api/watches/a").json()["tags"] == ["talks", "ukraine"]
    assert '<a class="tag" href="/?tag=talks">talks</a>' in ok.text  # the story page links its tags

    form = client.get("/watches/a/edit").text
    assert '<input id="tags" name="tags" value="talks, ukraine">' in form
    values = dict(re.findall(r'name="(\w+)" value="([^"]*)"', form))
    same = client.post("/watches/a/edit", data={**values, "csrf": token}, follow_redirects=True)
    assert "unchanged" in same.text
    edited = client.post("/watches/a/edit", data={**values, "tags": "talks", "csrf": token}, follow_redirects=True)
    assert "tags: talks, ukraine → talks" in edited.text
    cleared = client.post("/watches/a/edit", data={**values, "tags": "", "csrf": token}, follow_redirects=True)
    assert "tags: talks → none" in cleared.text and client.get("/api/watches/a").json()["tags"] == []


def test_the_api_filters_by_tag_and_sets_tags(client):
    created = client.post("/api/watches", json={"url": "https://example.org/b", "name": "b", "tags": ["Kyiv", UA]})
    assert created.status_code == 201 and created.json()["tags"] == ["kyiv", UA]
    assert [w["name"] for w in client.get("/api/watches", params={"tag": UA}).json()["items"]] == ["b"]
    assert client.get("/api/watches", params={"tag": "nothing"}).json()["items"] == []
    patched = client.patch("/api/watches/b", json={"tags": ["kyiv"]})
    assert patched.json()["tags"] == ["kyiv"] and patched.json()["changed"] == [f"tags: kyiv, {UA} → kyiv"]
    bad = client.patch("/api/watches/b", json={"tags": ["a/b"]})
    assert bad.status_code == 422 and bad.json()["detail"].startswith("tags: 'a/b': a tag has only letters")
    assert client.patch("/api/watches/b", json={"tags": "kyiv"}).status_code == 400  # a list, not a string
    query = client.get("/api/watches", params={"tag": "a b"})
    assert query.status_code == 400 and query.json()["detail"].startswith("tag: 'a b': ")
