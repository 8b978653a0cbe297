"""Atom feeds: valid Atom that feedparser reads, one entry per stored alert newest first, conditional GET."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import feedparser

ATOM = "{http://www.w3.org/2005/Atom}"


def _valid_atom(xml: bytes) -> ET.Element:
    """RFC 4287's required elements: feed id, title, updated, author; each entry id, title, updated, link."""
    root = ET.fromstring(xml)
    assert root.tag == f"{ATOM}feed"
    for tag in ("id", "title", "updated", "author"):
        assert root.find(f"{ATOM}{tag}") is not None, tag
    for entry in root.findall(f"{ATOM}entry"):
        for tag in ("id", "title", "updated", "summary", "content"):
            assert (entry.find(f"{ATOM}{tag}").text or "").strip(), tag
        assert entry.find(f"{ATOM}link").get("href")
    ids = [e.find(f"{ATOM}id").text for e in root.findall(f"{ATOM}entry")]
    assert len(ids) == len(set(ids))
    return root


def test_story_feed_lists_its_alerts_newest_first(client):
    r = client.get("/feeds/watches/istanbul-talks.atom")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/atom+xml")
    _valid_atom(r.content)
    feed = feedparser.parse(r.content)
    assert not feed.bozo, feed.get("bozo_exception")
    alerts = client.get("/api/alerts", params={"watch": "istanbul-talks", "limit": 200}).json()["items"]
    versions = sorted({a["version"] for a in alerts if a["kind"] == "changes"}, reverse=True)
    assert len(feed.entries) == len(versions) >= 3  # one entry per alerting check, not one per notifier
    times = [e.updated for e in feed.entries]
    assert times == sorted(times, reverse=True)
    newest = feed.entries[0]
    assert newest.link.endswith(f"/watches/1?new={versions[0]}")
    # The changes are in the body twice: as text, and as HTML whose markup was escaped into the XML.
    assert "added" in newest.summary
    assert "<ins>" in newest.content[0].value and newest.content[0].type == "text/html"
    assert "&lt;ins&gt;" in r.text


def test_feed_of_every_material_change_and_conditional_get(client):
    r = client.get("/feeds/changes.atom")
    root = _valid_atom(r.content)
    feed = feedparser.parse(r.content)
    assert not feed.bozo and len(feed.entries) == len(root.findall(f"{ATOM}entry")) >= 3
    assert all(e.title.startswith("istanbul-talks: ") for e in feed.entries)
    again = client.get("/feeds/changes.atom", headers={"if-none-match": r.headers["etag"]})
    assert again.status_code == 304
    client.post("/api/alerts/1/retry")  # the outbox changes, the entries (what was raised) do not
    assert client.get("/feeds/changes.atom", headers={"if-none-match": r.headers["etag"]}).status_code == 304
    assert client.get("/feeds/watches/nope.atom").status_code == 404
