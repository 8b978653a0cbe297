"""Importers from urlwatch, changedetection.io and OPML: the watches carried over and the report of the rest."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from monitor.run.importers import ImportError_, read_import

DATA = Path(__file__).parent / "data"


def test_urls_yaml_with_every_job_kind_and_filter_is_imported_with_a_report_of_the_rest() -> None:
    got = read_import("urlwatch", DATA / "urls.yaml")
    by_name = {w.name: w for w in got.watches}
    assert list(by_name) == ["Ministry statements", "Talks live blog", "Court rulings index", "Wire story",
                             "Live feed API", "Ceasefire text (PDF)", "Subscriber edition", "Search results",
                             "Script-rendered tracker", "Agency rss page"]  # the command job is not among them
    assert by_name["Ministry statements"].selector == "main article.statement"
    assert by_name["Talks live blog"].selector == "div.live-entries"
    assert by_name["Court rulings index"].selector is None
    assert by_name["Ministry statements"].tags == ("ministry", "україна")
    assert by_name["Talks live blog"].tags == ("istanbul-talks",)  # one tag given as a string
    assert by_name["Court rulings index"].tags == ()
    assert by_name["Wire story"].ignore == (r"Updated \d+ minutes ago",)
    api = by_name["Live feed API"]
    assert (api.kind, api.select, dict(api.request)) == ("json", ".entries[] | .body",
                                                         {"headers": {"Accept": "application/json"}})
    assert by_name["Ceasefire text (PDF)"].kind == "pdf"
    assert dict(by_name["Subscriber edition"].request) == {"headers": {"X-Edition": "international"},
                                                           "cookies": {"consent": "accepted"}}
    assert dict(by_name["Search results"].request) == {"method": "POST", "body": "q=istanbul+talks&sort=newest",
                                                       "timeout": 20}
    assert by_name["Script-rendered tracker"].url == "https://tracker.example/delegations"
    assert all(w.schedule.describe() == "every 10m" for w in got.watches)
    assert list(got.report) == [
        "all jobs: urlwatch runs every job on its own cron schedule, not per job: each watch is checked every 10m "
        "(change with monitor edit --every)",
        "job 2 (Talks live blog): max_tries 3 not carried over: each read retries transient errors twice, and a "
        "failed check is tried again later with backoff",
        "job 2 (Talks live blog): tag 'Istanbul talks' kept as istanbul-talks (a tag has only letters, digits, "
        "- and _)",
        "job 3 (Court rulings index): filter xpath '//table[@id=\"rulings\"]' not carried over: no equivalent here "
        "(CSS selectors only; the page's article is watched)",
        r"job 4 (Wire story): re.sub '\\s+\\(AFP\\)' → ' (wire)' not carried over: ignore patterns only remove text",
        "job 7 (Subscriber edition): max_tries 5 not carried over: each read retries transient errors twice, and a "
        "failed check is tried again later with backoff",
        "job 9 (Script-rendered tracker): navigate: imported as a plain read; no browser runs the page's scripts here",
        "job 9 (Script-rendered tracker): wait_until 'networkidle' not carried over: pages are not rendered in a "
        "browser",
        "job 10 (Local headline scraper): not imported: a command job runs a program; Story Monitor reads "
        "documents (watch a file the command writes instead)",
        "job 11 (Agency rss page): css exclude 'aside' not carried over: a selector picks, it cannot exclude",
        "job 11 (Agency rss page): ssl_no_verify True not carried over: certificates are always verified",
        "job 11 (Agency rss page): diff_filter ['additions_only'] not carried over: changes are compared as "
        "statements, not as diff lines",
    ]


def test_a_bad_setting_in_a_job_is_dropped_and_reported_the_job_kept(tmp_path: Path) -> None:
    (tmp_path / "urls.yaml").write_text(
        "name: a\nurl: https://a.example/x\nfilter:\n  - css: 'div[['\n  - jq: '.a['\n---\n"
        "name: a\nurl: ftp://b.example/y\n---\nurl: https://c.example/z\nmethod: DELETE\n---\nurl: /etc/hostname\n")
    got = read_import("urlwatch", tmp_path / "urls.yaml")
    assert [(w.name, w.selector, w.select, w.kind) for w in got.watches] == [
        ("a", None, None, "json"), ("c.example-z", None, None, "http")]
    assert got.report[1].startswith("job 1 (a): CSS selector dropped: 'div[[' is not a valid CSS selector")
    assert got.report[2].startswith("job 1 (a): jq selection dropped: '.a[' is not a valid jq program")
    assert got.report[3] == ("job 2 (a): not imported: ftp://b.example/y: unsupported URL scheme 'ftp'; "
                             "use http:// or https://")
    assert got.report[4] == ("job 3 (https://c.example/z): method dropped: 'DELETE' is not a method a watch "
                             "can use; use GET, POST, PUT, PATCH")
    assert got.report[5] == ("job 4 (/etc/hostname): not imported: '/etc/hostname' is a local path; only URLs "
                             "are imported (add a file watch with monitor add PATH)")


def changedetection_backup(watching: dict, settings: dict | None = None) -> bytes:
    """A zip laid out as changedetection.io's backup page lays it out: the watches, then per-watch history."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("url-watches.json", json.dumps({"watching": watching, "settings": settings or {}}))
        for uuid in watching:
            zf.writestr(f"{uuid}/history.txt", "1733011200,snapshot.txt\n")
            zf.writestr(f"{uuid}/snapshot.txt", "an old version")
        zf.writestr("url-list.txt", "\n".join(w["url"] for w in watching.values()))
    return buf.getvalue()


WATCHING = {
    "3f1c2a9e-0000-4000-8000-000000000001": {
        "url": "https://news.example/live/istanbul", "title": "Istanbul live", "paused": False,
        "time_between_check_use_default": False,
        "time_between_check": {"weeks": None, "days": None, "hours": 1, "minutes": 30, "seconds": None},
        "include_filters": ["div.live", "xpath://div[@id='x']"], "ignore_text": ["Updated", "/\\d+ readers/"],
        "headers": {"X-Desk": "world"}, "method": "GET", "body": None, "fetch_backend": "system",
        "processor": "text_json_diff", "trigger_text": ["ceasefire"], "notification_urls": ["mailto://x"],
        "tags": ["a1", "b2", "gone"], "last_checked": 1733011200, "previous_md5": "abc", "check_count": 4,
    },
    "3f1c2a9e-0000-4000-8000-000000000002": {
        "url": "https://shop.example/item", "title": "", "paused": True, "time_between_check_use_default": True,
        "processor": "restock_diff", "fetch_backend": "html_webdriver", "browser_steps": [{"op": "click"}],
        "method": "POST", "body": "a=1", "tag": "Shops, prices",  # the comma-separated names of older versions
    },
}
GROUPS = {"a1": {"title": "Istanbul talks", "notification_muted": False}, "b2": {"title": "Turkey"}}


def test_a_changedetection_backup_carries_interval_filters_ignores_and_paused(tmp_path: Path) -> None:
    (tmp_path / "backup.zip").write_bytes(changedetection_backup(
        WATCHING, {"requests": {"time_between_check": {"minutes": 45}}, "application": {"tags": GROUPS}}))
    got = read_import("changedetection", tmp_path / "backup.zip")
    live, shop = got.watches
    assert (live.tags, shop.tags) == (("istanbul-talks", "turkey"), ("prices", "shops"))
    assert (live.name, live.schedule.describe(), live.selector, live.enabled) == (
        "Istanbul live", "every 1h30m", "div.live", True)
    assert live.ignore == ("(?i)^.*Updated.*$", r"\d+ readers")
    assert dict(live.request) == {"headers": {"X-Desk": "world"}}
    assert (shop.name, shop.schedule.describe(), shop.enabled, dict(shop.request)) == (
        "shop.example-item", "every 45m", False, {"method": "POST", "body": "a=1"})
    assert list(got.report) == [
        "all watches: snapshots and history are not imported: each watch starts from its next check",
        "watch 3f1c2a9e (Istanbul live): include filter \"xpath://div[@id='x']\" not carried over: CSS selectors only",
        "watch 3f1c2a9e (Istanbul live): trigger_text not carried over: alerts follow statement changes and rules, "
        "not trigger text",
        "watch 3f1c2a9e (Istanbul live): notification_urls not carried over: add notifiers with monitor edit --notify",
        "watch 3f1c2a9e (Istanbul live): tag 'gone' not carried over: the backup does not name it",
        "watch 3f1c2a9e (Istanbul live): tag 'Istanbul talks' kept as istanbul-talks (a tag has only letters, "
        "digits, - and _)",
        "watch 3f1c2a9e (https://shop.example/item): processor restock_diff not carried over: the page is watched "
        "as text",
        "watch 3f1c2a9e (https://shop.example/item): fetch_backend html_webdriver not carried over: pages are read "
        "without a browser",
        "watch 3f1c2a9e (https://shop.example/item): browser_steps not carried over: pages are not driven by a "
        "browser here",
    ]


def test_an_ignore_line_matches_as_changedetection_matches_it() -> None:
    import regex

    from monitor.run.importers.changedetection import _ignore_line

    assert regex.search(_ignore_line("updated"), "Last UPDATED 5 min ago")
    assert not regex.search(_ignore_line("a.b"), "axb")
    assert regex.search(_ignore_line("/^\\d+ readers$/i"), "12 READERS")


OPML = """<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head><title>Newsroom feeds</title></head>
  <body>
    <outline text="World">
      <outline type="rss" text="Wire: world" title="Wire: world" xmlUrl="https://wire.example/world.rss"
               htmlUrl="https://wire.example/world"/>
      <outline type="rss" text="Ministry press" xmlUrl="https://ministry.example/press.atom"/>
    </outline>
    <outline type="rss" text="Court news" xmlUrl="https://court.example/feed" category="/Justice system,courts"/>
    <outline type="link" text="Partner list" url="https://partner.example/list.opml"/>
  </body>
</opml>
"""


def test_an_opml_list_becomes_feed_watches(tmp_path: Path) -> None:
    (tmp_path / "feeds.opml").write_text(OPML)
    got = read_import("opml", tmp_path / "feeds.opml")
    assert [(w.name, w.kind, w.url, w.tags) for w in got.watches] == [
        ("Wire: world", "feed", "https://wire.example/world.rss", ("world",)),  # the folder it is in
        ("Ministry press", "feed", "https://ministry.example/press.atom", ("world",)),
        ("Court news", "feed", "https://court.example/feed", ("courts", "justice-system"))]  # its categories
    assert list(got.report) == [
        "feed 3 (Court news): tag 'Justice system' kept as justice-system (a tag has only letters, digits, - and _)",
        "list 1 (Partner list): not imported: a link to another subscription list is not followed",
    ]


@pytest.mark.parametrize(("fmt", "content", "message"), [
    ("urlwatch", b"name: [unclosed", "not valid YAML at line 1"),
    ("urlwatch", b"- just\n- a list\n", "not a urlwatch jobs file"),
    ("changedetection", b"not a zip", "not a zip file"),
    ("opml", b"<html><p>hello</p></html>", "no feeds in it (is it an OPML file?)"),
])
def test_a_file_of_the_wrong_format_is_one_line(tmp_path: Path, fmt: str, content: bytes, message: str) -> None:
    (tmp_path / "f").write_bytes(content)
    with pytest.raises(ImportError_) as info:
        read_import(fmt, tmp_path / "f")
    assert str(info.value).startswith(f"{tmp_path / 'f'}: ") and message in str(info.value)


def test_foreign_tags_are_rewritten_or_dropped_and_said_so_briefly(tmp_path: Path) -> None:
    long = "Long " * 100
    (tmp_path / "urls.yaml").write_text(json.dumps({"url": "https://a.example/x", "name": "a",
                                                    "tags": ["\x1b[2Jnews", "---", long, "News", 7]}))
    got = read_import("urlwatch", tmp_path / "urls.yaml")
    (w,) = got.watches
    assert w.tags == ("2jnews", "7", "long-long-long-long-long-long-long-long", "news")  # one news; 40 characters
    assert got.report[1:] == (
        "job 1 (a): tag '\\x1b[2Jnews' kept as 2jnews (a tag has only letters, digits, - and _)",
        "job 1 (a): tag '---' dropped: a tag needs a letter or a digit",
        f"job 1 (a): tag {long[:80]!r} kept as long-long-long-long-long-long-long-long (a tag has only letters, "
        "digits, - and _)",
    )
