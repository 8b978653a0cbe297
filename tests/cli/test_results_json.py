"""``--json`` on the commands that report what they did: add, edit, remove, sync, alerts --send, db.

Each output is parsed and its keys checked against the schema the README
documents; values are checked against what the database then holds.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import one_error_line

BRIEF = {"id", "name", "url", "kind", "schedule", "enabled", "tags"}

CONFIG = """
[defaults]
every = "15m"

[[watch]]
name = "live"
url = "https://news.example/live"
notifiers = [{ type = "webhook", url = "https://hooks.example/in?token=abc123", secret = "env:MONITOR_SECRET_HOOK" }]

[[watch]]
name = "statement"
url = "https://news.example/statement"
cron = "0 * * * *"
"""


def parse(r) -> dict:
    assert r.returncode == 0, (r.stdout, r.stderr)
    return json.loads(r.stdout)


def test_add_edit_remove_json(cli) -> None:
    add = parse(cli("add", "https://news.example/a?token=s3cret", "--name", "a", "--every", "5m", "--json"))
    assert add["action"] == "added" and set(add["watch"]) == BRIEF | {"next_due"}
    assert add["watch"]["url"] == "https://news.example/a?token=***"
    assert add["watch"]["schedule"] == "every 5m" and isinstance(add["watch"]["id"], int)

    edit = parse(cli("edit", "a", "--every", "2m", "--selector", "article", "--notify",
                     '{"type": "webhook", "url": "https://hooks.example/x", "secret": "hunter22"}', "--json"))
    assert edit["action"] == "updated" and edit["watch"]["id"] == add["watch"]["id"]
    by_setting = {c["setting"]: c for c in edit["changes"]}
    assert by_setting["schedule"] == {"setting": "schedule", "old": "every 5m", "new": "every 2m"}
    assert by_setting["selector"] == {"setting": "selector", "old": None, "new": "article"}
    assert by_setting["notifiers"]["new"][0]["secret"] == "***"
    assert "hunter22" not in cli("edit", "a", "--every", "2m", "--json").stdout

    same = parse(cli("edit", "a", "--every", "2m", "--json"))
    assert same["action"] == "unchanged" and same["changes"] == []

    assert "needs --yes" in one_error_line(cli("remove", "a", "--json"))
    gone = parse(cli("remove", "a", "--yes", "--json"))
    assert gone == {"action": "removed", "watch": {"id": add["watch"]["id"], "name": "a"}, "versions_deleted": 0}
    assert parse(cli("list", "--json")) == []


def test_sync_json_dry_run_and_apply(cli, tmp_path: Path) -> None:
    (tmp_path / "monitor.toml").write_text(CONFIG)
    dry = parse(cli("sync", "monitor.toml", "--dry-run", "--json"))
    assert dry["dry_run"] is True and dry["source"] == "monitor.toml"
    assert [w["name"] for w in dry["created"]] == ["live", "statement"]
    assert all(w["id"] is None for w in dry["created"])
    assert dry["reach"]["secrets_from_env"] == [{"name": "MONITOR_SECRET_HOOK", "watches": ["live"]}]
    sent = {e["endpoint"] for e in dry["reach"]["alerts_sent_to"]}
    assert "webhook (generic) POST https://hooks.example/in?token=***" in sent
    assert parse(cli("list", "--json")) == []  # nothing written

    done = parse(cli("sync", "monitor.toml", "--json"))
    assert done["dry_run"] is False and "reach" not in done
    ids = {w["name"]: w["id"] for w in parse(cli("list", "--json"))}
    assert {w["name"]: w["id"] for w in done["created"]} == ids

    (tmp_path / "monitor.toml").write_text(CONFIG.replace('cron = "0 * * * *"', 'every = "1h"'))
    again = parse(cli("sync", "monitor.toml", "--json"))
    assert again["created"] == [] and again["unchanged"] == ["live"]
    [upd] = again["updated"]
    assert upd["name"] == "statement" and upd["id"] == ids["statement"]
    assert upd["changes"] == [{"setting": "schedule", "old": "cron '0 * * * *'", "new": "every 1h"}]


def test_alerts_send_and_db_json(cli, tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_text("The talks begin on Thursday.\n\nThe United States will attend.\n")
    (tmp_path / "monitor.toml").write_text(
        '[[watch]]\nname = "story"\nurl = "story.txt"\nrules = { debounce_seconds = 0 }\n'
        'notifiers = [{ type = "file", directory = "out" }]\n')
    assert cli("sync", "monitor.toml", "--allow-files", ".").returncode == 0
    assert cli("check", "story").returncode == 0
    story.write_text("The talks begin on Friday.\n\nThe United States did not attend.\n")
    assert cli("check", "story").returncode == 0
    sent = parse(cli("alerts", "--send", "--json"))
    assert sent["delivered"] == 1 and sent["pending"] == 0 and sent["dead"] == 0, sent
    assert sent["outbox"]["delivered"] == 1 and len(list((tmp_path / "out").iterdir())) >= 1
    again = parse(cli("alerts", "--retry", "1", "--json"))
    assert again == {"action": "already_delivered", "alert": {"id": 1, "notifier": "file", "status": "delivered"}}

    cur = parse(cli("db", "current", "--json"))
    assert cur["current"] is True and cur["revision"] == cur["head"] and cur["revision"]
    up = parse(cli("db", "upgrade", "--json"))
    assert up == {"revision": cur["head"], "head": cur["head"], "current": True, "previous": cur["head"],
                  "upgraded": False}
    fresh = parse(cli("db", "upgrade", "--db", str(tmp_path / "new.db"), "--json"))
    assert fresh["previous"] is None and fresh["upgraded"] is True and fresh["current"] is True
