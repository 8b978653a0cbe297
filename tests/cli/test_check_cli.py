"""One check end to end on a local file watch, then reading back what was kept.

The watched file is edited between checks, so no HTTP is involved: the file
source, the diff, the store and the outbox all run for real.
"""

from __future__ import annotations

import csv
import functools
import io
import json
from pathlib import Path

import pytest

from tests.cli.conftest import CLEAN_ENV, Result, invoke, one_error_line
from tests.conftest import run_monitor

V1 = "The talks will begin on Thursday in Istanbul.\n\nThe US will attend the talks, officials said.\n"
V2 = ("The talks will begin on Friday in Istanbul.\n\nThe US will not attend the talks, officials said.\n\n"
      "Update: Russia sent a delegation of 12 officials.\n")
# Page text is anyone's: commas, quotes and a spreadsheet formula must survive export harmlessly.
V3 = ("The talks will begin on Friday in Istanbul.\n\nThe US will not attend the talks, officials said.\n\n"
      "Update: Russia sent a delegation of 14 officials.\n\n"
      '=HYPERLINK("http://evil.example","click") was posted, with "quotes, and commas".\n')


def make_story(run, folder: Path) -> tuple[Path, list[str]]:
    """A file watch named ``story`` with three versions, checked through the real command."""
    page = folder / "story.txt"
    page.write_text(V1)
    assert run("add", "story.txt").returncode == 0
    outputs = []
    for text in (V1, V2, V3):
        page.write_text(text)
        r = run("check", "story")
        assert r.returncode == 0, r.stderr
        outputs.append(r.stdout)
    return page, outputs


@pytest.fixture
def story(mon, tmp_path: Path) -> tuple[Path, list[str]]:
    return make_story(mon, tmp_path)


@pytest.fixture(scope="module")
def kept(tmp_path_factory: pytest.TempPathFactory):
    """One story, made by real processes, for the tests that only read it back.

    Returns a runner in a subprocess and one in this process (for the many
    small cases), both in the story's folder.
    """
    folder = tmp_path_factory.mktemp("kept")

    def run(*args: str) -> Result:
        p = run_monitor(*args, cwd=folder, env=CLEAN_ENV)
        return Result(p.returncode, p.stdout, p.stderr)

    make_story(run, folder)
    return run, functools.partial(invoke, cwd=folder), folder


def test_checks_report_one_line_each_and_a_summary(story, mon) -> None:
    page, (first, second, third) = story
    assert first.splitlines()[0] == "✓ story: first version stored, version 1"
    assert first.splitlines()[1].startswith("checked 1 watch in ") and first.endswith(" s: 1 first version\n")
    assert second.splitlines()[0].startswith("✓ story: changed, 3 changes, version 2, ")
    assert "alerts queued" in second
    assert third.startswith("✓ story: changed, 2 changes, version 3")

    r = mon("check", "story", "--json", "--concurrency", "1", "--per-host", "1")
    assert r.returncode == 0
    (report,) = json.loads(r.stdout)
    assert {k: report[k] for k in ("watch", "outcome", "changes", "error")} == {
        "watch": "story", "outcome": "unchanged", "changes": 0, "error": None}

    # A failing watch fails the round (exit 1) and says why, one line per watch.
    other = page.with_name("other.txt")
    other.write_text("Another story entirely.\n")
    assert mon("add", "other.txt", "--name", "other").returncode == 0
    page.unlink()
    r = mon("check", "--all")
    assert r.returncode == 1, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0] == "✓ other: first version stored, version 1"
    assert lines[1] == f"✗ story: failed: no such file: {page.resolve()}"
    assert "checked 2 watches in " in lines[2] and lines[2].endswith(": 1 first version, 1 failed")
    status = {w["name"]: w for w in json.loads(mon("list", "--json").stdout)}["story"]
    assert status["status"] == "failed" and status["failures"] == 1 and status["versions"] == 3
    assert "no such file" in status["error"]


def test_check_refuses_a_concurrency_below_one(kept) -> None:
    _, cli, _ = kept
    for flag in ("--concurrency", "--per-host"):
        assert flag in one_error_line(cli("check", "story", flag, "0"))


def test_history_lists_versions_changes_and_checks(kept) -> None:
    mon, cli, _ = kept
    r = mon("history", "story")
    assert r.returncode == 0, r.stderr
    lines = [line.rstrip() for line in r.stdout.splitlines()]
    assert lines[0].startswith("story (id 1): ") and lines[0].endswith(", every 10m")
    assert lines[1].split() == ["version", "time", "size", "changes"]
    assert lines[2].split()[0] == "1" and lines[2].endswith("first version")
    assert lines[3].split()[0] == "2" and lines[3].endswith("2 edited, 1 added")
    assert lines[4].split()[0] == "3" and "1 added, 1 edited" in lines[4]
    assert "recent checks (3):" in r.stdout

    data = json.loads(cli("history", "story", "--json").stdout)
    assert [v["version"] for v in data["versions"]] == [1, 2, 3]
    assert data["versions"][1]["counts"] == {"edited": 2, "added": 1}
    assert [c["outcome"] for c in data["checks"]] == ["changed", "changed", "first"]
    assert [c["version"] for c in data["checks"]] == [3, 2, 1]


def test_show_versions_and_single_changes(kept) -> None:
    mon, cli, _ = kept
    latest = mon("show", "story").stdout
    assert latest.startswith("story@3 · ")
    assert "Update: Russia sent a delegation of 14 officials." in latest
    assert "2 changes since version 2:" in latest and "[-12-] {+14+}" in latest

    assert cli("show", "story", "--version", "1", "--text").stdout == V1.rstrip("\n") + "\n"
    second = cli("show", "story", "--version", "-2")
    assert second.stdout.startswith("story@2 · ") and "3 changes since version 1:" in second.stdout

    data = json.loads(cli("show", "story", "--version", "2", "--json").stdout)
    assert data["version"] == 2 and data["compared_to"] == 1 and data["text"].startswith("The talks")
    negation = next(c for c in data["changes"] if "negation" in c["aspects"])
    assert negation["old"] == "The US will attend the talks, officials said."

    detail = mon("show", "story", "--change", str(negation["id"]))
    assert detail.returncode == 0, detail.stderr
    assert detail.stdout.startswith(f"change #{negation['id']} of story: version 2 (")
    assert "compared with version 1" in detail.stdout
    assert "aspects:      negation" in detail.stdout and "new:          The US will not attend" in detail.stdout
    as_json = json.loads(cli("show", "story", "--change", str(negation["id"]), "--json").stdout)
    assert as_json["kind"] == "edited" and as_json["version"] == 2 and as_json["significance"] > 0.5

    for args, needle in [(["--version", "7"], "watch 'story' has no version 7 (the newest is 3)"),
                         (["--change", "999"], "watch 'story' has no change 999"),
                         (["--version", "1", "--change", "1"], "give --version or --change, not both")]:
        assert needle in one_error_line(cli("show", "story", *args))


def test_diff_between_stored_versions(kept) -> None:
    mon, cli, _ = kept
    r = mon("diff", "story@1", "story@2")
    assert r.returncode == 1, r.stderr
    assert r.stdout.startswith("--- story@1\n+++ story@2\n")
    assert "The US will {+not+} attend" in r.stdout
    r = cli("diff", "story@-2", "story@latest", "--format", "json")
    assert r.returncode == 1 and json.loads(r.stdout)["changes"]
    assert cli("diff", "story@2", "story@2").returncode == 0
    for spec, needle in [("story@9", "story@9: watch 'story' has no version 9"),
                         ("ghost@1", "ghost@1: no watch named or numbered 'ghost'"),
                         ("story@new", "'story@new': the version after '@' must be a number"),
                         ("story@0", "versions are numbered from 1")]:
        assert needle in one_error_line(cli("diff", spec, "story@1"))


def test_export_json_and_csv(kept) -> None:
    mon, cli, tmp_path = kept
    r = mon("export", "story", "--format", "json", "--output", "out.json")
    assert r.stdout == "exported story (3 versions, 5 changes) to out.json\n", r.stderr
    data = json.loads((tmp_path / "out.json").read_text())
    assert data["watch"]["name"] == "story" and data["watch"]["kind"] == "file"
    assert [v["version"] for v in data["versions"]] == [1, 2, 3]
    assert data["versions"][0]["text"] == V1.rstrip("\n") and len(data["versions"][0]["hash"]) == 64
    assert [c["version"] for c in data["changes"]] == [2, 2, 2, 3, 3]

    r = mon("export", "story", "-f", "csv")
    assert r.returncode == 0, r.stderr
    rows = list(csv.reader(io.StringIO(r.stdout, newline="")))
    assert rows[0] == ["version", "time", "kind", "aspects", "significance", "old", "new", "reason"]
    assert len(rows) == 6
    injected = next(row for row in rows if "HYPERLINK" in row[6])
    # Quoted correctly (the commas and quotes come back intact) and defused with a leading quote.
    assert injected[6] == "'" + '=HYPERLINK("http://evil.example","click") was posted, with "quotes, and commas".'
    assert injected[:3] == ["3", injected[1], "added"]
    assert "no watch named or numbered 'ghost'" in one_error_line(cli("export", "ghost"))


def test_a_terminal_gets_a_progress_bar_and_a_pipe_does_not(tmp_path: Path) -> None:
    import os
    import pty
    import subprocess
    import sys

    from tests.conftest import run_monitor as run

    (tmp_path / "story.txt").write_text(V1)
    assert run("add", "story.txt", cwd=tmp_path, env=CLEAN_ENV).returncode == 0
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "monitor", "check", "--all"], cwd=tmp_path,
                            env={**os.environ, **CLEAN_ENV, "TERM": "xterm", "COLUMNS": "100"},
                            stdin=subprocess.DEVNULL, stdout=slave, stderr=slave)
    os.close(slave)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the other end closed: the command is done
            break
        if not chunk:
            break
        seen += chunk
    os.close(master)
    assert proc.wait(timeout=60) == 0
    shown = seen.decode("utf-8", "replace")
    assert "checking" in shown and "1/1" in shown  # the bar, drawn on the terminal
    assert "first version stored" in shown
    piped = run("check", "--all", cwd=tmp_path, env=CLEAN_ENV)
    assert piped.returncode == 0 and "checking" not in piped.stdout + piped.stderr
