"""``monitor export`` of every watch and ``monitor import``: a backup that restores the watches."""

from __future__ import annotations

import json
from pathlib import Path

from monitor.config.watch_settings import SETTINGS
from tests.cli.conftest import one_error_line

CONFIG = """
[[watch]]
name = "story"
url = "story.txt"
every = "2m..6h"
selector = "article"
ignore = ["Updated \\\\d+ minutes ago"]
keep_versions = 50
tags = ["talks", "Туреччина"]
rules = { debounce_seconds = 0, keywords = ["ceasefire"] }
notifiers = [{ type = "webhook", url = "https://hooks.example/in", secret = "env:MONITOR_SECRET_HOOK" },
             { type = "file", directory = "out" }]

[[watch]]
name = "statement"
url = "https://news.example/statement?token=env:MONITOR_SECRET_Q"
cron = "0 * * * *"
tz = "Europe/Istanbul"
keep_days = 30
enabled = false
"""


def parse(r) -> dict:
    assert r.returncode == 0, (r.stdout, r.stderr)
    return json.loads(r.stdout)


def without_ids(value):
    """Database ids and the export's own time are the new database's; everything else must survive."""
    if isinstance(value, dict):
        return {k: without_ids(v) for k, v in value.items() if k not in ("id", "exported_at")}
    if isinstance(value, list):
        return [without_ids(v) for v in value]
    return value


def kept(cli, tmp_path: Path) -> None:
    """Two watches, one with three versions and the changes between them."""
    story = tmp_path / "story.txt"
    story.write_text("<article><p>The talks begin on Thursday.</p><p>The United States will attend.</p></article>")
    (tmp_path / "monitor.toml").write_text(CONFIG)
    assert cli("sync", "monitor.toml", "--allow-files", ".").returncode == 0
    assert cli("check", "story").returncode == 0
    story.write_text("<article><p>The talks begin on Friday.</p><p>The United States will attend.</p></article>")
    assert cli("check", "story").returncode == 0
    story.write_text("<article><p>The talks begin on Friday.</p><p>The United States did not attend.</p>"
                     "<p>Update: the first round is over.</p></article>")
    assert cli("check", "story").returncode == 0


def test_export_import_export_round_trip(cli, tmp_path: Path) -> None:
    kept(cli, tmp_path)
    # As if the story's page had listed the statement in a feed: a child of it.
    from monitor.store import get_engine, get_watch, session_scope, update_watch

    engine = get_engine(str(tmp_path / "snapshots" / "monitor.db"))
    with session_scope(engine, write=True) as s:
        update_watch(s, "statement", parent_id=get_watch(s, "story").id)
    engine.dispose()
    report = parse(cli("export", "--output", "backup.json", "--json"))
    assert report["versions"] == 3 and report["changes"] >= 2
    assert [w["name"] for w in report["watches"]] == ["statement", "story"]
    first = json.loads((tmp_path / "backup.json").read_text())
    assert first["format"] == "story-monitor-export" and len(first["watches"]) == 2
    story = first["watches"][1]
    assert list(story["watch"]["settings"]) == [s.name for s in SETTINGS]  # every setting the table has
    assert story["watch"]["settings"]["notifiers"][0]["secret"] == "env:MONITOR_SECRET_HOOK"
    assert story["watch"]["settings"]["ignore"] == ["Updated \\d+ minutes ago"]
    assert story["watch"]["settings"]["tags"] == ["talks", "туреччина"]
    assert [c["compared_to"] for c in story["changes"]][-1] == 2
    assert first["watches"][0]["watch"]["parent"] == "story" and story["watch"]["parent"] is None

    dry = parse(cli("import", "backup.json", "--db", "fresh.db", "--dry-run", "--allow-files", ".", "--json"))
    assert dry["dry_run"] and [(w["name"], w["versions"]) for w in dry["restored"]] == [("statement", 0),
                                                                                         ("story", 3)]
    assert not (tmp_path / "fresh.db").exists() or parse(cli("list", "--db", "fresh.db", "--json")) == []

    done = parse(cli("import", "backup.json", "--db", "fresh.db", "--allow-files", ".", "--json"))
    assert [w["name"] for w in done["restored"]] == ["statement", "story"] and all(w["id"] for w in done["restored"])
    assert cli("export", "--db", "fresh.db", "--output", "again.json").returncode == 0
    again = json.loads((tmp_path / "again.json").read_text())
    assert without_ids(again) == without_ids(first)
    assert {w["name"]: w["tags"] for w in parse(cli("list", "--db", "fresh.db", "--json"))} == {
        "statement": [], "story": ["talks", "туреччина"]}

    # The restored watch carries on: its next check compares with the newest restored version.
    assert cli("check", "story", "--db", "fresh.db").stdout.startswith("✓ story: unchanged")

    # Restoring over a database that has them leaves them alone.
    twice = parse(cli("import", "backup.json", "--db", "fresh.db", "--allow-files", ".", "--json"))
    assert twice["restored"] == [] and twice["existing"] == ["statement", "story"]
    # "backup" is the default format of `monitor import`; naming it does the same.
    named = parse(cli("import", "backup", "backup.json", "--db", "named.db", "--allow-files", ".", "--json"))
    assert [w["name"] for w in named["restored"]] == ["statement", "story"]


def test_masked_secrets_stop_the_import_and_are_named(cli, tmp_path: Path) -> None:
    cli("add", "https://news.example/a", "--name", "plain")
    cli("add", "https://news.example/b", "--name", "signed", "--notify",
        '{"type": "webhook", "url": "https://hooks.example/in", "secret": "hunter22"}')
    assert cli("export", "--output", "backup.json").returncode == 0
    text = (tmp_path / "backup.json").read_text()
    assert "hunter22" not in text and '"secret": "***"' in text

    dry = cli("import", "backup.json", "--db", "fresh.db", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "would skip signed: secrets masked on export (notifiers[1].secret)" in dry.stdout
    assert "without --skip-masked the import stops" in dry.stdout and "would restore watch plain" in dry.stdout
    error = one_error_line(cli("import", "backup.json", "--db", "fresh.db"))
    assert "signed: notifiers[1].secret" in error and "--skip-masked" in error
    assert not (tmp_path / "fresh.db").exists() or parse(cli("list", "--db", "fresh.db", "--json")) == []

    done = parse(cli("import", "backup.json", "--db", "fresh.db", "--skip-masked", "--json"))
    assert [w["name"] for w in done["restored"]] == ["plain"]
    assert done["skipped_masked"] == [{"name": "signed", "masked": ["notifiers[1].secret"]}]

    # Given as a reference instead, it comes back.
    (tmp_path / "fixed.json").write_text(text.replace('"***"', '"env:MONITOR_SECRET_HOOK"'))
    again = parse(cli("import", "fixed.json", "--db", "fresh.db", "--json"))
    assert [w["name"] for w in again["restored"]] == ["signed"] and again["existing"] == ["plain"]


def test_a_tampered_or_foreign_file_is_refused(cli, tmp_path: Path) -> None:
    kept(cli, tmp_path)
    cli("export", "story", "--output", "story.json")
    data = json.loads((tmp_path / "story.json").read_text())
    data["versions"][1]["text"] += " And a sentence nobody saw."
    (tmp_path / "tampered.json").write_text(json.dumps(data))
    assert "does not match its hash" in one_error_line(
        cli("import", "tampered.json", "--db", "fresh.db", "--allow-files", "."))
    (tmp_path / "other.json").write_text('{"hello": 1}')
    assert "not a file of `monitor export --format json`" in one_error_line(cli("import", "other.json"))
    assert "no such file" in one_error_line(cli("import", "missing.json"))
    assert "--json reports on a file" in one_error_line(cli("export", "story", "--json"))
