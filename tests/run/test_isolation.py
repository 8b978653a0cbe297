"""One page cannot hold up the others: a pattern that backtracks, a diff
that never ends and a page too big for the thread each fail (or run) on
their own, with a reason, while the other watches of the round go on."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlmodel import col, select

from monitor.run import jobs
from monitor.run.check import CheckSettings
from monitor.run.jobs import SMALL_DIFF
from monitor.run.round import check_claims
from monitor.sources.offload import Limits
from monitor.store import Check, add_watch, claim_due, get_engine, list_versions, session_scope, utcnow
from tests.hooks import ENDLESS, big_text, endless_diff

SETTINGS = CheckSettings(notifiers=({"type": "file", "directory": "alerts-test"},))
# A line that makes ``(a|aa)+$`` try every way of splitting 40 a's before the b fails it.
TRAP_LINE = "a" * 40 + "b"
BACKTRACKS = r"(a|aa)+$"


def test_a_backtracking_ignore_pattern_fails_its_check_and_the_round_goes_on(make_origin, monitor_cmd):
    site = make_origin({"/story/trap": [f"Talks resumed on Friday.\n\n{TRAP_LINE}"],
                        "/story/plain": ["Talks resumed on Friday.\n\nThe ministry confirmed it."]}, noise=False)
    # Refused at add (config.patterns) unless forced: forced here, to show the check-time budget holds too.
    assert monitor_cmd("add", site.url("/story/trap"), "--name", "trap", "--ignore", BACKTRACKS,
                       "--force").returncode == 0
    assert monitor_cmd("add", site.url("/story/plain"), "--name", "plain").returncode == 0
    r = monitor_cmd("check", "--all", timeout=60)
    assert r.returncode == 1, r.stdout + r.stderr
    lines = {ln.split(":", 1)[0].lstrip("✓✗! "): ln for ln in r.stdout.splitlines() if ":" in ln}
    assert "ignore pattern timed out" in lines["trap"] and BACKTRACKS in lines["trap"]
    assert lines["plain"].startswith("✓ plain: first version stored")
    assert "Traceback" not in r.stderr


def test_an_ordinary_ignore_pattern_still_removes_its_line(make_origin, monitor_cmd):
    page = "Talks resumed on Friday.\n\nUpdated 3 minutes ago\n\nThe ministry confirmed it."
    site = make_origin({"/story/a": [page]}, noise=False)
    added = monitor_cmd("add", site.url("/story/a"), "--name", "a", "--ignore", r"^Updated \d+ minutes ago$")
    assert added.returncode == 0
    assert monitor_cmd("check", "a").returncode == 0
    shown = monitor_cmd("show", "a")
    assert "The ministry confirmed it." in shown.stdout and "Updated 3 minutes ago" not in shown.stdout


def test_a_pattern_the_regex_engine_refuses_is_one_line_at_add(monitor_cmd):
    r = monitor_cmd("add", "https://news.example/live", "--ignore", "(unclosed")
    assert r.returncode == 2
    assert "not a valid regular expression" in r.stderr + r.stdout
    assert "Traceback" not in r.stderr


@pytest.mark.slow
def test_a_diff_past_the_deadline_fails_with_a_reason_and_the_next_check_works(make_origin, tmp_path, monkeypatch):
    monkeypatch.setattr(jobs, "diff_function", endless_diff)
    first, endless, fixed = big_text("v1"), big_text("v1") + f"\n\n{ENDLESS}", big_text("v1") + "\n\nA new paragraph."
    assert len(first) + len(endless) > SMALL_DIFF  # so the diff goes to a worker
    site = make_origin({"/story/big": [first, endless, fixed],
                        "/story/small": ["Talks resumed.", "Talks resumed on Friday."]}, noise=False)
    engine = get_engine(f"sqlite:///{tmp_path / 'monitor.db'}")
    with session_scope(engine, write=True) as s:
        big = add_watch(s, "big", site.url("/story/big"), interval_seconds=60, adaptive=False)
        small = add_watch(s, "small", site.url("/story/small"), interval_seconds=60, adaptive=False)
        s.flush()
        ids = {"big": big.id, "small": small.id}

    def round_() -> dict[str, tuple[str, str | None]]:
        claims = claim_due(engine, "test", limit=10, now=utcnow() + timedelta(days=1))
        got = asyncio.run(check_claims(engine, claims, settings=SETTINGS, worker_id="test",
                                       limits=Limits(deadline=8.0)))
        return {r.watch: (r.outcome, r.error) for r in got}

    assert round_() == {"big": ("first", None), "small": ("first", None)}
    site.advance()
    stuck = round_()
    assert stuck["big"] == ("failed", "diff timed out after 8 s")
    assert stuck["small"][0] == "changed"
    site.advance("/story/big")
    assert round_()["big"][0] == "changed"
    with session_scope(engine) as s:
        assert [v.version for v in list_versions(s, ids["big"])] == [1, 2]
        errors = s.exec(select(Check.error).where(Check.watch_id == ids["big"]).order_by(col(Check.id))).all()
    assert errors == [None, "diff timed out after 8 s", None]


@pytest.mark.slow
def test_a_file_read_that_never_ends_delays_no_other_watch_in_the_daemon(tmp_path, make_origin):
    """The daemon with one file watch whose read never ends (a mount that
    stopped answering, through a test hook) and 50 ordinary watches: every
    ordinary change is seen within its interval plus 5 s, and SIGTERM, sent
    while the read hangs, exits 0 within 15 s."""
    from tests.run.crowd import ORDINARY, crowd, ordinary_changes_while_one_hangs
    from tests.sources.helpers import ENDLESS_READ

    site = make_origin(ORDINARY, noise=False)
    stuck = tmp_path / f"{ENDLESS_READ}.txt"
    stuck.write_text("The talks begin on Thursday.", encoding="utf-8")
    c, stuck_id = crowd(tmp_path, site, lambda s: add_watch(s, "stuck", str(stuck), kind="file", interval_seconds=1,
                                                           adaptive=False))

    def never_read():
        assert c.versions(stuck_id) == []  # its read never finished

    out = ordinary_changes_while_one_hangs(tmp_path, site, c, "tests.sources.helpers:run_with_endless_read",
                                           lambda: None, never_read)
    assert out.code == 0 and out.took <= 15.0, out.log
