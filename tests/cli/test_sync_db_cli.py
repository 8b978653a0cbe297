"""`monitor sync monitor.toml` and `monitor db`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.conftest import one_error_line

FIRST = """
[defaults]
every = "15m"
notifiers = [{ type = "console" }]

[[watch]]
name = "story"
url = "story.txt"

[[watch]]
name = "live"
url = "https://news.example/live"
every = "2m..6h"
rules = { keywords = ["ceasefire"] }
"""

SECOND = """
[defaults]
every = "15m"
notifiers = [{ type = "console" }]

[[watch]]
name = "story"
url = "story.txt"
selector = "article"

[[watch]]
name = "statement"
url = "https://news.example/statement"
cron = "0 * * * *"
tz = "Europe/Istanbul"
"""


def test_sync_creates_updates_and_prunes(mon, tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text("Some story.\n")
    cfg = tmp_path / "monitor.toml"
    cfg.write_text(FIRST)
    assert mon("add", "https://news.example/other", "--name", "by-hand").returncode == 0

    dry = mon("sync", "monitor.toml", "--dry-run", "--allow-files", ".")
    assert dry.returncode == 0, dry.stderr
    assert dry.stdout.splitlines() == [
        f"would create watch story: {(tmp_path / 'story.txt').resolve()}, every 15m",
        "would create watch live: https://news.example/live, every 2m..6h (adaptive)",
        "not in monitor.toml, left alone (--prune removes them): by-hand",
        "alerts would be sent to:",
        "  console (stdout): story, live",
        "local files read:",
        f"  {(tmp_path / 'story.txt').resolve()}: story",
        "dry run: nothing written",
    ]
    assert len(json.loads(mon("list", "--json").stdout)) == 1

    r = mon("sync", "monitor.toml", "--allow-files", ".")
    assert r.stdout.splitlines()[:2] == [
        f"created watch story (id 2): {(tmp_path / 'story.txt').resolve()}, every 15m",
        "created watch live (id 3): https://news.example/live, every 2m..6h (adaptive)",
    ], r.stderr
    again = mon("sync", "monitor.toml", "--allow-files", ".")
    assert again.stdout.splitlines() == [
        "unchanged: 2 watches",
        "not in monitor.toml, left alone (--prune removes them): by-hand",
        "nothing to do: the database already matches the file",
    ]

    cfg.write_text(SECOND)
    r = mon("sync", "monitor.toml", "--prune", "--allow-files", ".")
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == [
        "created watch statement (id 4): https://news.example/statement, cron '0 * * * *' (Europe/Istanbul)",
        "updated watch story: selector: none → 'article'",
        "removed watch by-hand",
        "removed watch live",
    ]
    watches = {w["name"]: w for w in json.loads(mon("list", "--json").stdout)}
    assert sorted(watches) == ["statement", "story"]
    assert watches["story"]["id"] == 2  # updated in place: its history is kept


def test_sync_keeps_a_watch_a_user_edited_until_the_file_says_otherwise(cli, tmp_path: Path) -> None:
    (tmp_path / "monitor.toml").write_text('[[watch]]\nname = "a"\nurl = "https://a.example"\n')
    cli("sync", "monitor.toml")
    cli("edit", "a", "--every", "1h")
    r = cli("sync", "monitor.toml")
    # The file is the source of truth for what it declares: a key left out is the default.
    assert r.stdout.splitlines()[0] == "updated watch a: every 1h → every 10m"


BAD = {
    "syntax": ('[[watch]\n', "monitor.toml: invalid TOML: ", "line 1, column"),
    "duration": ('[[watch]]\nname = "a"\nurl = "https://a.example"\n[[watch]]\nname = "b"\n'
                 'url = "https://b.example"\nevery = "ten"\n', "monitor.toml: watch[2].every: cannot read 'ten'", ""),
    "unknown": ('[[watch]]\nname = "a"\nurl = "https://a.example"\ncolour = "red"\n',
                "monitor.toml: watch[1].colour: unknown key", ""),
}


@pytest.mark.parametrize(("text", "needle", "also"), BAD.values(), ids=BAD.keys())
def test_a_bad_file_changes_nothing_and_says_where(cli, tmp_path: Path, text: str, needle: str, also: str) -> None:
    (tmp_path / "monitor.toml").write_text(text)
    message = one_error_line(cli("sync", "monitor.toml"))
    assert message.startswith(needle) and also in message
    assert cli("list", "--json").stdout == "[]\n"


def test_sync_errors_from_a_real_process(mon, tmp_path: Path) -> None:
    (tmp_path / "monitor.toml").write_text('[defaults]\nevery = 10\n')
    assert one_error_line(mon("sync", "monitor.toml")) == \
        'monitor.toml: defaults.every: must be a string such as "10m", not 10'
    assert one_error_line(mon("sync", "missing.toml")) == "missing.toml: no such file"


def test_db_upgrade_is_idempotent(cli, tmp_path: Path) -> None:
    from monitor.store.migrate import head_revision

    head = head_revision()
    line = one_error_line(cli("db", "current"))
    assert line.startswith("no database at ") and line.endswith("snapshots/monitor.db")
    assert cli("db", "upgrade").stdout == f"database at revision {head} (was empty)\n"
    assert cli("db", "upgrade").stdout == f"database already at revision {head} (current)\n"
    assert cli("db", "current").stdout == f"database at revision {head} (current)\n"
    other = tmp_path / "elsewhere" / "x.db"
    assert cli("db", "upgrade", "--db", str(other)).returncode == 0 and other.exists()


def test_db_commands_in_a_real_process(mon) -> None:
    r = mon("db", "upgrade")
    assert r.returncode == 0 and r.stdout.startswith("database at revision ") and "(was empty)" in r.stdout
    assert mon("db", "current").stdout.endswith("(current)\n")
