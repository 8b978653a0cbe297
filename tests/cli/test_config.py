"""Watch settings and monitor.toml, validated once for add, edit and sync."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.config import (
    ConfigError,
    Invalid,
    Schedule,
    check_name,
    default_name,
    format_duration,
    load_config,
    parse_notifier,
    parse_schedule,
    parse_target,
)
from monitor.schedule import DEFAULT_EVERY, ScheduleError


def test_default_schedule_is_a_fixed_ten_minutes() -> None:
    s = parse_schedule()
    assert s == Schedule() and s.interval_seconds == DEFAULT_EVERY == 600
    assert (s.cron, s.min_interval, s.adaptive, s.timezone) == (None, None, False, "UTC")
    assert s.describe() == "every 10m"


def test_a_range_is_adaptive_and_cron_takes_a_zone() -> None:
    s = parse_schedule("2m..6h")
    assert (s.interval_seconds, s.min_interval, s.max_interval, s.adaptive) == (120, 120, 21600, True)
    assert s.describe() == "every 2m..6h (adaptive)"
    c = parse_schedule(cron="*/15 * * * *", timezone="Europe/Istanbul")
    assert (c.cron, c.interval_seconds, c.timezone) == ("*/15 * * * *", None, "Europe/Istanbul")
    assert c.describe() == "cron '*/15 * * * *' (Europe/Istanbul)"


def test_changing_one_part_keeps_the_rest() -> None:
    cron = parse_schedule(cron="0 9 * * *")
    moved = parse_schedule(timezone="Asia/Tokyo", base=cron)
    assert (moved.cron, moved.timezone) == ("0 9 * * *", "Asia/Tokyo")
    back = parse_schedule("5m", base=moved)
    assert (back.cron, back.interval_seconds, back.timezone) == (None, 300, "Asia/Tokyo")


@pytest.mark.parametrize(("kw", "needle"), [
    ({"every": "10m", "cron": "* * * * *"}, "not both"),
    ({"every": "ten"}, "cannot read 'ten' as a duration"),
    ({"every": "6h..2m"}, "lower bound is above"),
    ({"cron": "61 * * * *"}, "invalid cron expression"),
    ({"timezone": "Mars/Olympus"}, "unknown time zone"),
    ({"adaptive": True}, "adaptive pacing needs a range"),
    ({"every": "2m..6h", "adaptive": False}, "only makes sense with adaptive pacing"),
], ids=["both", "duration", "range-order", "cron", "zone", "adaptive-fixed", "range-not-adaptive"])
def test_schedule_mistakes(kw: dict, needle: str) -> None:
    with pytest.raises((Invalid, ScheduleError), match=needle):
        parse_schedule(**kw)


@pytest.mark.parametrize(("seconds", "text"), [(45, "45s"), (600, "10m"), (5400, "1h30m"), (86400, "1d"),
                                                (90061, "1d1h1m1s")])
def test_format_duration_reads_back(seconds: int, text: str) -> None:
    assert format_duration(seconds) == text


@pytest.mark.parametrize(("url", "kind", "taken", "name"), [
    ("https://www.bbc.com/news/live/world-12345.html", "http", set(), "bbc.com-world-12345"),
    ("https://news.example/", "http", set(), "news.example"),
    ("https://news.example/Live%20Blog?x=1", "http", {"news.example-live-20blog"}, "news.example-live-20blog-2"),
    ("/data/Istanbul Talks.txt", "file", {"istanbul-talks", "istanbul-talks-2"}, "istanbul-talks-3"),
    ("/data/2024.txt", "file", set(), "watch-2024"),
])
def test_default_names_are_readable_and_unique(url: str, kind: str, taken: set, name: str) -> None:
    assert default_name(url, kind, taken) == name


def test_targets(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text("<p>x</p>")
    assert parse_target("https://a.example/x") == ("https://a.example/x", "http")
    assert parse_target("HTTP://a.example/feed", feed=True) == ("HTTP://a.example/feed", "feed")
    assert parse_target("page.html", base_dir=tmp_path) == (str(page.resolve()), "file")
    for bad, needle in [("ftp://a.example/x", "use http:// or https://"), ("http:///x", "no host"),
                        ("http://a.example:port/", "port"), ("missing.txt", "neither"), (str(tmp_path), "not a file"),
                        ("  ", "needs")]:
        with pytest.raises(Invalid, match=needle):
            parse_target(bad, base_dir=tmp_path)
    with pytest.raises(Invalid, match="a feed must be an http"):
        parse_target("page.html", feed=True, base_dir=tmp_path)


@pytest.mark.parametrize("bad", ["", " padded", "a@b", "12", "x" * 201, "tab\there"])
def test_names_users_could_not_type_back_are_refused(bad: str) -> None:
    with pytest.raises(Invalid):
        check_name(bad)


def test_notifier_option() -> None:
    assert parse_notifier("console") == {"type": "console"}
    assert parse_notifier('{"type": "file", "directory": "out"}') == {"type": "file", "directory": "out"}
    for bad, needle in (('{"url": 1}', "needs a 'type'"), ("{nope", "not valid JSON"), ('{"type": 3}', "'type'"),
                        ("carrier-pigeon", "unknown notifier type 'carrier-pigeon'; installed: "),
                        ('{"type": "console", "volume": 11}', "unknown option 'volume'")):
        with pytest.raises(Invalid, match=needle):
            parse_notifier(bad)


GOOD = """
[defaults]
every = "15m"
rules = { keywords = ["ceasefire"], min_significance = 0.2 }
notifiers = [{ type = "console" }]
keep_days = 30

[[watch]]
name = "story"
url = "story.txt"

[[watch]]
name = "live"
url = "https://news.example/live"
every = "2m..6h"
rules = { additions_only = true }
notifiers = [{ type = "file", directory = "alerts/live" }]

[[watch]]
name = "statement"
url = "https://news.example/statement"
cron = "0 * * * *"
tz = "Europe/Istanbul"
enabled = false
keep_days = 0
"""


def test_defaults_apply_and_watch_keys_win(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text("Some text.")
    path = tmp_path / "monitor.toml"
    path.write_text(GOOD)
    story, live, statement = load_config(path).watches
    assert story.url == str((tmp_path / "story.txt").resolve()) and story.kind == "file"
    assert story.schedule.describe() == "every 15m" and story.keep_days == 30
    assert story.rules == {"keywords": ["ceasefire"], "min_significance": 0.2}
    assert story.notifiers == ({"type": "console"},)
    assert live.schedule.adaptive and live.rules == {**story.rules, "additions_only": True}
    assert live.notifiers == ({"type": "file", "directory": "alerts/live"},)
    # A watch's own cron replaces the default every; 0 means keep everything.
    assert statement.schedule.cron == "0 * * * *" and statement.schedule.interval_seconds is None
    assert statement.keep_days is None and not statement.enabled


BAD = {
    "syntax": ("[[watch]\nname = 1", "invalid TOML: "),
    "top-key": ("verbose = true", "verbose: unknown key"),
    "watch-key": ('[[watch]]\nname = "a"\nurl = "https://a.example"\nevry = "5m"', "watch[1].evry: unknown key"),
    "default-key": ("[defaults]\nname = 'x'", "defaults.name: unknown key"),
    "missing-url": ('[[watch]]\nname = "a"', "watch[1]: missing required key 'url'"),
    "duration": ('[[watch]]\nname = "a"\nurl = "https://a.example"\n[[watch]]\nname = "b"\n'
                 'url = "https://b.example"\nevery = "ten"', "watch[2].every: cannot read 'ten' as a duration"),
    "default-duration": ('[defaults]\nevery = "soon"\n[[watch]]\nname = "a"\nurl = "https://a.example"',
                         "defaults.every: cannot read 'soon'"),
    "type": ('[[watch]]\nname = "a"\nurl = "https://a.example"\nkeep_versions = "10"',
             "watch[1].keep_versions: must be a whole number, not '10'"),
    "bool-is-not-int": ('[[watch]]\nname = "a"\nurl = "https://a.example"\nkeep_days = true',
                        "watch[1].keep_days: must be a whole number, not true"),
    "both": ('[[watch]]\nname = "a"\nurl = "https://a.example"\nevery = "5m"\ncron = "0 * * * *"',
             "watch[1].cron: give every or cron, not both"),
    "cron": ('[[watch]]\nname = "a"\nurl = "https://a.example"\ncron = "every hour"',
             "watch[1].cron: invalid cron expression"),
    "zone": ('[[watch]]\nname = "a"\nurl = "https://a.example"\ntz = "Nowhere"', "unknown time zone 'Nowhere'"),
    "url": ('[[watch]]\nname = "a"\nurl = "gopher://a.example"',
             "watch[1].url: gopher://a.example: unsupported URL scheme 'gopher'"),
    "file": ('[[watch]]\nname = "a"\nurl = "nothere.txt"', "watch[1].url: 'nothere.txt' is neither"),
    "name": ('[[watch]]\nname = "a@1"\nurl = "https://a.example"', "watch[1].name: 'a@1'"),
    "duplicate": ('[[watch]]\nname = "a"\nurl = "https://a.example"\n[[watch]]\nname = "a"\nurl = "https://b.example"',
                  "watch[2].name: 'a' is already the name of watch[1]"),
    "rule": ('[[watch]]\nname = "a"\nurl = "https://a.example"\nrules = { loud = true }',
             "watch[1].rules: unknown rule 'loud'"),
    "rule-type": ('[[watch]]\nname = "a"\nurl = "https://a.example"\nrules = { min_significance = "high" }',
                  "watch[1].rules: a rule has a value of the wrong type"),
    "notifier": ('[[watch]]\nname = "a"\nurl = "https://a.example"\nnotifiers = [{ url = "x" }]',
                 "watch[1].notifiers[1]: a notifier needs a 'type'"),
    "notifier-option": ('[defaults]\nnotifiers = [{ type = "console", stream = "printer" }]',
                        "defaults.notifiers[1]: notifier 'console': option 'stream'"),
    "selector": ('[[watch]]\nname = "a"\nurl = "https://a.example"\nselector = "div["',
                 "watch[1].selector: 'div[' is not a valid CSS selector"),
    "ignore": ('[defaults]\nignore = ["(unclosed"]\n[[watch]]\nname = "a"\nurl = "https://a.example"',
               "defaults.ignore: '(unclosed' is not a valid regular expression"),
    "watch-not-array": ('watch = "a"', "watch: must be an array of tables"),
}


@pytest.mark.parametrize(("text", "needle"), BAD.values(), ids=BAD.keys())
def test_bad_files_name_file_key_and_problem(tmp_path: Path, text: str, needle: str) -> None:
    path = tmp_path / "monitor.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as info:
        load_config(path, label="monitor.toml")
    message = str(info.value)
    assert message.startswith("monitor.toml: ") and needle in message, message
    assert "\n" not in message


def test_syntax_errors_give_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "m.toml"
    path.write_text('[[watch]]\nname = "a"\nurl = = "x"\n')
    with pytest.raises(ConfigError, match=r"m\.toml: invalid TOML: .*line 3, column 7"):
        load_config(path, label="m.toml")
