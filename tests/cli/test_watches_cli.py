"""`monitor add`, `list`, `edit`, `remove` as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.conftest import one_error_line


def test_add_list_edit_remove_round_trip(mon, tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text("The talks begin on Thursday.\n")
    r = mon("add", "story.txt")
    assert r.returncode == 0, r.stderr
    path = str((tmp_path / "story.txt").resolve())
    assert r.stdout == f"added watch story (id 1): {path}, every 10m\n"
    r = mon("add", "https://www.bbc.com/news/live/world-12345", "--every", "2m..6h", "--selector", "article",
            "--ignore", r"Updated \d+ min ago", "--notify", "console", "--keep-versions", "50")
    assert r.stdout == ("added watch bbc.com-world-12345 (id 2): https://www.bbc.com/news/live/world-12345, "
                        "every 2m..6h (adaptive)\n"), r.stderr
    r = mon("add", "https://news.example/statement", "--name", "statement", "--cron", "*/15 * * * *",
            "--tz", "Europe/Istanbul", "--notify", '{"type": "file", "directory": "out"}')
    assert "cron '*/15 * * * *' (Europe/Istanbul)" in r.stdout, r.stderr

    r = mon("list", "--json")
    rows = json.loads(r.stdout)
    assert [w["name"] for w in rows] == ["bbc.com-world-12345", "statement", "story"]
    assert set(rows[0]) == {"id", "name", "url", "kind", "tags", "enabled", "schedule", "last_check", "status",
                            "failures", "error", "versions", "next_due"}
    story = rows[2]
    assert story["kind"] == "file" and story["url"] == path and story["versions"] == 0
    assert story["last_check"] is None and story["status"] is None and story["next_due"].endswith("+00:00")

    table = mon("list").stdout
    assert table.splitlines()[0].split() == ["id", "name", "url", "last", "check", "status", "versions", "next",
                                             "due"]
    assert "statement" in table and "never" in table and "due now" in table

    r = mon("edit", "statement", "--every", "5m", "--name", "statement-2", "--disable", "--selector", "main")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("updated watch statement-2 (id 3): name: statement → statement-2; ")
    assert "cron '*/15 * * * *' (Europe/Istanbul) → every 5m;" in r.stdout
    assert "selector: none → 'main'" in r.stdout and "enabled: yes → no" in r.stdout
    edited = {w["name"]: w for w in json.loads(mon("list", "--json").stdout)}["statement-2"]
    assert edited["schedule"] == "every 5m" and edited["enabled"] is False
    assert "disabled" in mon("list").stdout
    # The same settings again change nothing, and say so.
    assert "unchanged" in mon("edit", "3", "--every", "5m").stdout

    r = mon("remove", "statement-2")  # no terminal to confirm on
    assert "pass --yes" in one_error_line(r)
    r = mon("remove", "3", "--yes")
    assert r.stdout == "removed watch statement-2 (id 3) and its 0 versions\n"
    assert [w["name"] for w in json.loads(mon("list", "--json").stdout)] == ["bbc.com-world-12345", "story"]


def test_names_are_made_unique_and_lists_start_empty(cli, tmp_path: Path) -> None:
    assert cli("list").stdout == "no watches yet; add one with `monitor add URL`\n"
    assert cli("list", "--json").stdout == "[]\n"
    assert not (tmp_path / "snapshots").exists()  # listing nothing creates no database
    for _ in range(3):
        assert cli("add", "https://news.example/live/").returncode == 0
    names = [w["name"] for w in json.loads(cli("list", "--json").stdout)]
    assert names == ["news.example-live", "news.example-live-2", "news.example-live-3"]


def test_edit_switches_schedules_and_clears_lists(cli, tmp_path: Path) -> None:
    cli("add", "https://a.example/x", "--name", "a", "--ignore", "ad", "--notify", "console", "--keep-days", "3")
    r = cli("edit", "a", "--every", "1m..1h", "--clear-ignore", "--clear-notify", "--keep-days", "0")
    assert r.returncode == 0, r.stderr
    assert "every 10m → every 1m..1h (adaptive)" in r.stdout
    assert 'ignore: ["ad"] → none' in r.stdout and "keep-days: 3 → none" in r.stdout
    r = cli("edit", "a", "--every", "30m")
    assert "every 1m..1h (adaptive) → every 30m" in r.stdout
    r = cli("edit", "a", "--url", "https://b.example/y", "--feed")
    assert "url: https://a.example/x → https://b.example/y" in r.stdout and "kind: http → feed" in r.stdout


ERRORS = {
    "scheme": (["add", "ftp://a.example/x"], "ftp://a.example/x: unsupported URL scheme 'ftp'"),
    "no-host": (["add", "https:///x"], "the URL has no host"),
    "no-file": (["add", "story.txt"], "'story.txt' is neither an http(s) URL nor an existing file"),
    "both": (["add", "https://a.example", "--every", "5m", "--cron", "* * * * *"], "give --every or --cron, not both"),
    "duration": (["add", "https://a.example", "--every", "ten"], "--every: cannot read 'ten' as a duration"),
    "range": (["add", "https://a.example", "--every", "2m..6h", "--no-adaptive"],
              "--every: a range (2m..6h) only makes sense with adaptive pacing"),
    "cron": (["add", "https://a.example", "--cron", "*/15 * *"], "--cron: invalid cron expression"),
    "tz": (["add", "https://a.example", "--tz", "Europe/Atlantis"], "--tz: unknown time zone 'Europe/Atlantis'"),
    "regex": (["add", "https://a.example", "--ignore", "(open"], "--ignore: '(open' is not a valid regular expression"),
    "css": (["add", "https://a.example", "--selector", "div[x"], "--selector: 'div[x' is not a valid CSS selector"),
    "css-pseudo": (["add", "https://a.example", "--selector", "p:bogus"], "--selector: 'p:bogus'"),
    "name-digits": (["add", "https://a.example", "--name", "42"], "--name: '42': a watch name cannot be only digits"),
    "name-at": (["add", "https://a.example", "--name", "a@b"], "--name: 'a@b': a watch name cannot contain '@'"),
    "keep": (["add", "https://a.example", "--keep-versions", "many"], "--keep-versions: must be a whole number"),
    "keep-negative": (["add", "https://a.example", "--keep-days", "-2"], "--keep-days: must be 0"),
    "notify-json": (["add", "https://a.example", "--notify", "{oops"], "--notify: not valid JSON"),
    "notify-type": (["add", "https://a.example", "--notify", '{"to": "x"}'], "--notify: a notifier needs a 'type'"),
    "exists": (["add", "https://b.example", "--name", "known"], "a watch named 'known' already exists"),
    "edit-unknown": (["edit", "nope", "--every", "5m"], "no watch named or numbered 'nope'"),
    "edit-nothing": (["edit", "known"], "nothing to change"),
    "edit-adaptive": (["edit", "known", "--adaptive"], "--adaptive: adaptive pacing needs a range"),
    "edit-rename-taken": (["edit", "known", "--name", "other"], "a watch named 'other' already exists"),
    "remove-unknown": (["remove", "nope", "--yes"], "no watch named or numbered 'nope'"),
    "remove-unconfirmed": (["remove", "known"], "not removing watch known (id 1) and its 0 versions"),
    "bad-db": (["list", "--db", "nosuchdriver://x"], "bad database URL"),
    "missing-db": (["edit", "known", "--every", "5m", "--db", "elsewhere.db"], "elsewhere.db"),
    "url-space": (["add", "https://a.example/two words"], "the URL contains white space"),
    "url-port": (["add", "https://a.example:99999/"], "the URL has an invalid port"),
    "status-missing-db": (["status", "--db", "typo.db"], "no database at "),
    "alerts-missing-db": (["alerts", "--db", "typo.db"], "no database at "),
}


@pytest.mark.parametrize(("args", "needle"), ERRORS.values(), ids=ERRORS.keys())
def test_every_mistake_is_one_line_and_status_2(cli, args: list[str], needle: str) -> None:
    assert cli("add", "https://a.example/known", "--name", "known").returncode == 0
    assert cli("add", "https://a.example/other", "--name", "other").returncode == 0
    r = cli(*args)
    assert needle in one_error_line(r)
    assert r.stdout == ""


def test_mistakes_exit_2_from_a_real_process(mon) -> None:
    r = mon("add", "https://a.example", "--every", "soon")
    assert "--every: cannot read 'soon'" in one_error_line(r)
    r = mon("edit", "ghost", "--every", "5m")
    assert "no database at " in one_error_line(r) and "snapshots/monitor.db" in one_error_line(r)


def test_reading_commands_never_create_a_database(cli, tmp_path: Path) -> None:
    """A mistyped --db on a command that only reads is an error, and leaves no empty database behind."""
    for args in (["status"], ["status", "--json"], ["alerts"], ["alerts", "--failed"], ["history", "x"],
                 ["show", "x"], ["export", "x"], ["check", "--all"]):
        r = cli(*args, "--db", "typo.db")
        assert "typo.db" in one_error_line(r), args
    assert not (tmp_path / "typo.db").exists()


def test_a_url_refused_at_add_is_the_url_the_fetcher_refuses(cli) -> None:
    """One validator: what ``add`` accepts, every check can fetch, and the words are the same."""
    from monitor.sources.http import validate_url

    for url in ("https://a.example/two words", "https://a.example:99999/", "https://:80/", "ftp://a.example/"):
        with pytest.raises(ValueError) as fetcher:
            validate_url(url)
        r = cli("add", url)
        assert r.returncode == 2 and str(fetcher.value) in r.stderr, (url, r.stderr)
    assert cli("add", "https://a.example/two%20words").returncode == 0
