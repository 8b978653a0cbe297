"""The statement timeline on the web: the story page's panel and ``/api/watches/W/timeline``, both read from
the lineage the checks stored (``monitor.views.timeline``), filtered by ``about`` as ``monitor timeline --about``."""

from __future__ import annotations

import html
import json
import re

import jsonschema

from monitor.web.openapi import schema
from tests.conftest import run_monitor
from tests.web.conftest import store_versions

US = "United States"
TIMELINE = schema()["paths"]["/api/watches/{ref}/timeline"]["get"]["responses"]["200"]["content"][
    "application/json"]["schema"]


def _us(body: dict) -> dict:
    [st] = [s for s in body["statements"] if US in s["text"]]
    return st


def test_api_timeline_keeps_one_identity_for_the_us_statement_with_its_negation_edit(client):
    r = client.get("/api/watches/istanbul-talks/timeline", params={"about": US})
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    body = r.json()
    jsonschema.validate(body, TIMELINE)
    assert [v["version"] for v in body["versions"]] == [1, 2, 3, 4, 5, 6]
    assert body["about"]["subject"] == US and {"US", "U.S.", "Washington"} <= set(body["about"]["names"])
    st = _us(body)
    assert [(h["version"], h["kind"]) for h in st["history"]] == [(1, "appeared"), (2, "edited"), (5, "edited")]
    assert st["history"][2]["aspects"] == ["negation"]
    assert "would also be present" in st["history"][2]["old"]
    assert "ultimately did not participate" in st["history"][2]["new"]
    assert st["present"] and st["edits"] == 2
    # The filter keeps statements naming the subject under an alias, and drops the rest.
    unfiltered = client.get("/api/watches/1/timeline").json()
    assert len(body["statements"]) < len(unfiltered["statements"])
    assert st["id"] in {s["id"] for s in unfiltered["statements"]} and unfiltered["about"] is None
    again = client.get("/api/watches/1/timeline", params={"about": US},
                       headers={"if-none-match": r.headers["etag"]})
    assert again.status_code == 304


def test_api_timeline_is_what_the_cli_prints_as_json(story, client, db_url):
    api = client.get("/api/watches/istanbul-talks/timeline", params={"about": US}).json()
    cli = run_monitor("timeline", "istanbul-talks", "--about", US, "--json", "--db", db_url)
    assert cli.returncode == 0, cli.stderr
    assert api == json.loads(cli.stdout)


def test_api_timeline_refuses_what_the_cli_refuses(client):
    alone = client.get("/api/watches/1/timeline", params={"alias": "Washington"})
    assert alone.status_code == 400 and alone.headers["content-type"] == "application/problem+json"
    assert alone.json()["detail"] == "alias and builtin_aliases go with about"
    assert client.get("/api/watches/1/timeline", params={"about": "x" * 201}).status_code == 400
    assert client.get("/api/watches/nope/timeline").status_code == 404
    # Without the built-in table, "United States" is its own only name; an explicit alias brings one back.
    own = client.get("/api/watches/1/timeline", params={"about": US, "builtin_aliases": "0"}).json()
    assert own["about"]["names"] == [US]
    extra = client.get("/api/watches/1/timeline",
                       params={"about": US, "builtin_aliases": "0", "alias": "Washington"}).json()
    assert extra["about"]["names"] == [US, "Washington"]


def _panel(page: str) -> str:
    return page.split('<section id="timeline">', 1)[1].split("</section>", 1)[0]


def test_story_page_panel_shows_the_us_statements_history(client):
    page = client.get("/watches/istanbul-talks", params={"about": US})
    assert page.status_code == 200
    panel = _panel(page.text)
    assert 'name="about" size="24" value="United States"' in panel
    assert "statements about United States (United States, US, U.S." in html.unescape(panel)
    assert panel.count('href="/watches/1/versions/') == 6
    [article] = [a for a in panel.split('<article class="statement"')[1:] if "did not participate" in a]
    steps = re.findall(r'<span class="kind">v(\d+) (\w+)</span>', article)
    assert steps == [("1", "appeared"), ("2", "edited"), ("5", "edited")]
    assert '<span class="aspect">negation</span>' in article and "was: " in article
    # Unfiltered: only the statements with a history, and a count of all; all=1 lists every one.
    plain = _panel(client.get("/watches/1").text)
    every = _panel(client.get("/watches/1", params={"all": "1"}).text)
    assert plain.count('<article class="statement"') < every.count('<article class="statement"')
    assert "did not participate" in plain
    nothing = _panel(client.get("/watches/1", params={"about": "Antarctica"}).text)
    assert "No statement mentions it." in nothing and "<article" not in nothing
    assert client.get("/watches/1", params={"alias": "US"}).status_code == 400


HOSTILE = ('Officials said <script>alert("x")</script> the talks would resume. '
           'A photo <img src=x onerror=alert(1)> showed the US delegation arriving.')


def test_hostile_statement_text_is_escaped_in_the_panel(client, story):
    engine, doc = story
    store_versions(engine, doc, [doc.read_text(encoding="utf-8") + "\n\n" + HOSTILE + "\n"], start_day=20)
    page = client.get("/watches/1", params={"about": "onerror"})
    panel = _panel(page.text)
    assert "statements about onerror (onerror): 1" in panel
    assert "<div>A photo &lt;img src=x onerror=alert(1)&gt; showed the US delegation arriving.</div>" in panel
    scripted = client.get("/watches/1", params={"about": "talks", "all": "1"}).text
    assert "Officials said &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; the talks would resume." in _panel(scripted)
    # Nothing the story or the visitor wrote reaches the page as markup: no tag, no handler, no broken attribute.
    typed = '"><script>alert(2)</script>'
    echoed = client.get("/watches/1", params={"about": typed}).text
    assert 'value="&#34;&gt;&lt;script&gt;alert(2)&lt;/script&gt;"' in echoed
    for body in (page.text, scripted, echoed):
        assert body.count("<script") == 1 and '<script src="/static/live.js" defer></script>' in body
        assert "<img" not in body and not re.search(r"<[^>]*\sonerror=", body)
    # The API hands the same text over as JSON data, unchanged.
    [st] = client.get("/api/watches/1/timeline", params={"about": "onerror"}).json()["statements"]
    assert st["text"] == "A photo <img src=x onerror=alert(1)> showed the US delegation arriving."


def _part(page: str, opening: str, closing: str) -> str:
    return opening + page.split(opening, 1)[1].split(closing, 1)[0] + closing


BODY = ('<div id="timeline-body" data-live>', "\n</div>")


def test_live_parts_carry_the_panel_under_the_pages_filter_and_hostile_text_escaped(client, story):
    engine, doc = story
    page = client.get("/watches/1", params={"about": US}).text
    live = client.get("/watches/1/live", params={"about": US})
    assert live.status_code == 200 and live.headers["content-type"].startswith("text/html")
    assert live.headers["cache-control"] == "no-store" and "set-cookie" not in live.headers
    # The same panel body as the page, byte for byte; the filter form stays behind (a reader may be typing).
    assert _part(live.text, *BODY) == _part(page, *BODY)
    assert 'id="about"' not in live.text and "<html" not in live.text and "<script" not in live.text
    ids = re.findall(r'<(?:div|section) id="([\w-]+)"[^>]* data-live', live.text)
    assert ids == ["status", "versions", "diff", "timeline-body", "alerts", "checks"]
    # A comparison the reader asked for is not live: it stays as asked.
    assert 'id="diff"' not in client.get("/watches/1/live", params={"old": "2", "new": "3"}).text

    # A new version with hostile text: its history entry is in the next fragment, as text only.
    store_versions(engine, doc, [doc.read_text(encoding="utf-8") + "\n\n" + HOSTILE + "\n"], start_day=20)
    fresh = client.get("/watches/1/live", params={"about": "onerror"}).text
    body = _part(fresh, *BODY)
    assert 'href="/watches/1/versions/7">v7</a>' in body and "statements about onerror (onerror): 1" in body
    [entry] = re.findall(r'<li class="appeared"><span class="kind">v7 appeared</span>.*?</li>', body, re.S)
    assert "<div>A photo &lt;img src=x onerror=alert(1)&gt; showed the US delegation arriving.</div>" in entry
    assert 'data-version="7"' in fresh and "<img" not in fresh and not re.search(r"<[^>]*\sonerror=", fresh)
    assert "Alerts (" in fresh and "version 7" in _part(fresh, '<section id="checks"', "</section>")
    # The page's checks hold for its parts: a bad filter is the same 400, an unknown watch a 404.
    assert client.get("/watches/1/live", params={"alias": "US"}).status_code == 400
    assert client.get("/watches/nope/live").status_code == 404
