"""Hostile inputs as a user meets them on the command line: one line and exit 2
for what cannot be read, and nothing from a page acting on the terminal."""

import json
import os
from pathlib import Path

import pytest

from tests.origin import STORY

# What a page could try on a terminal: an OSC window title (BEL- and
# ST-terminated), clear screen, cursor home, a colour, an 8-bit CSI, a
# carriage return and a backspace to overwrite text, a right-to-left override.
HOSTILE = "\x1b]0;pwned\x07\x1b]8;;http://x\x1b\\link\x1b[2J\x1b[H\x1b[31mred\x9b0m\rover\x08 \u202eton\u202c"
FORBIDDEN = ("\x1b", "\x9b", "\x07", "\r", "\x08", "\u202e", "\u202c")


def clean_output(*streams: str) -> bool:
    return not any(ch in s for s in streams for ch in FORBIDDEN)


def page(title: str, paragraphs: list[str]) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f"<html><head><title>{title}</title></head><body><article>{body}</article></body></html>"


@pytest.mark.parametrize("mode", ["redirect_file", "redirect_data", "redirect_javascript", "redirect_ftp"])
def test_diff_against_a_redirect_to_another_scheme_is_one_line_and_exit_2(origin, monitor_cmd, mode):
    origin.set_fault(STORY, mode)
    r = monitor_cmd("diff", origin.url(STORY), origin.url(STORY))
    assert r.returncode == 2, r.stderr
    assert r.stdout == "" and "Traceback" not in r.stderr
    assert r.stderr.count("\n") == 1 and "redirected to a URL that cannot be read" in r.stderr


@pytest.mark.parametrize("mode", ["utf16_bom", "utf16_meta", "charset_punycode", "charset_undefined"])
def test_diff_reads_utf16_and_bogus_charset_pages(origin, monitor_cmd, mode):
    origin.configure(STORY, noise=False)
    healthy = origin.url(STORY)
    origin.add_route("/healthy", lambda request: _forward(origin, request))
    origin.set_fault(STORY, mode)
    r = monitor_cmd("diff", origin.url("/healthy"), healthy)
    assert r.returncode == 0, r.stderr
    assert "no changes" in r.stdout


async def _forward(origin, request):
    """The story as the healthy site serves it, whatever fault STORY has."""
    from aiohttp import web

    from monitor.origin import render_article

    story = origin.stories[STORY]
    return web.Response(text=render_article(story.title, story.text, ad="Ad"), content_type="text/html",
                        charset="utf-8")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_diff_of_a_device_or_a_fifo_is_refused(monitor_cmd, tmp_path):
    a = tmp_path / "a.txt"
    a.write_text("Talks begin on Thursday.", encoding="utf-8")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for other, kind in (("/dev/zero", "character device"), (str(fifo), "FIFO")):
        r = monitor_cmd("diff", str(a), other, timeout=30)  # a blocked read would hit this timeout
        assert r.returncode == 2 and r.stdout == ""
        assert r.stderr.count("\n") == 1 and kind in r.stderr and "Traceback" not in r.stderr


def test_diff_output_carries_no_escape_sequences(monitor_cmd, tmp_path):
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text("The minister spoke on Thursday.\n\nThe toll is 200.", encoding="utf-8")
    b.write_text(f"The minister spoke on Thursday {HOSTILE}.\n\nThe toll is 2\u200b00.", encoding="utf-8")
    for fmt in ("text", "markdown", "html"):
        r = monitor_cmd("diff", str(a), str(b), "-f", fmt)
        assert r.returncode == 1 and clean_output(r.stdout, r.stderr), (fmt, r.stdout)
        assert "red" in r.stdout and "over" in r.stdout and "200" not in r.stdout.replace("The toll is 200", "")
    r = monitor_cmd("diff", str(a), str(b), "-f", "json")
    assert clean_output(r.stdout)
    (change,) = json.loads(r.stdout)["changes"]
    assert "minister" in change["new"] and "not" in change["new"]
    assert "toll" not in r.stdout  # the zero-width space did not make a change


def test_show_history_list_and_check_keep_page_text_off_the_terminal(monitor_cmd, tmp_path):
    story = tmp_path / "story\x1b[2J.html"
    # Control characters in the body are extraction's business (stripped
    # before it); the title and the path reach the terminal as they are.
    story.write_text(page(HOSTILE, ["Talks began in Istanbul on Thursday with both delegations present.",
                                    "Officials said a second round would \u202eton\u202c follow next week."]),
                     encoding="utf-8")
    assert monitor_cmd("add", str(story), "--name", "story").returncode == 0
    runs = [monitor_cmd("check", "story")]
    story.unlink()
    os.mkfifo(story)  # the watched file swapped for a FIFO: the check fails, naming the path
    runs.append(monitor_cmd("check", "story", timeout=30))
    assert runs[-1].returncode == 1 and "FIFO" in runs[-1].stdout
    runs += [monitor_cmd("show", "story"), monitor_cmd("show", "story", "--text"), monitor_cmd("history", "story"),
             monitor_cmd("list"), monitor_cmd("status"), monitor_cmd("show", "story", "--json"),
             monitor_cmd("show", "nosuch\x1b[2J")]
    for r in runs:
        assert clean_output(r.stdout, r.stderr), (r.args, r.stdout, r.stderr)
    show = runs[2].stdout
    assert "Officials said a second round would not follow" in show  # as a reader of the page reads it
    assert "link" in show and "pwned" not in show  # the title's text kept, its window-title sequence dropped
    title = json.loads(runs[7].stdout)["title"]  # stored as text: each sequence gone whole at extraction
    assert "link" in title and "pwned" not in title and "\x1b" not in title
    assert runs[-1].returncode == 2 and runs[-1].stderr.count("\n") == 1


# -- ignore patterns tried when a watch is added, edited or synced ------------------------------------------------

# Each times out on a 40-character probe with the ``regex`` engine (which applies
# them at check time); ``(a+)+$``, the textbook case, does not: that engine
# matches it without backtracking, so it is accepted.
BACKTRACKING = [r"(a|aa)+$", r"(\d|\d\d)+$", r"(\w|\w\w)+!", r"^(\s|\s\s)*$"]
ORDINARY = [r"^Updated .* ago$", r"Updated \d+ minutes ago", r"Share this.*", r"(\w+\s?)+$", r"(a+)+$",
            r"^(Advertisement|Sponsored)$", r"Read more:.*$", r"\(AP\)\s*—", r"[0-9]+ comments"]


@pytest.mark.parametrize("pattern", BACKTRACKING)
def test_the_probe_refuses_a_backtracking_pattern_in_about_its_timeout(pattern):
    import time

    from monitor.config.patterns import PROBE_TIMEOUT, backtracks

    backtracks.cache_clear()
    started = time.perf_counter()
    why = backtracks(pattern)
    took = time.perf_counter() - started
    assert why == f"pattern {pattern!r} may backtrack catastrophically: timed out on a 40-character probe"
    assert took < PROBE_TIMEOUT * 8  # one probe's timeout (the engine checks its clock now and then), not minutes


@pytest.mark.parametrize("pattern", ORDINARY)
def test_the_probe_accepts_ordinary_patterns(pattern):
    from monitor.config.patterns import backtracks

    assert backtracks(pattern) is None


def test_add_and_edit_refuse_a_backtracking_ignore_pattern_unless_forced(monitor_cmd):
    r = monitor_cmd("add", "https://news.example/live", "--name", "live", "--ignore", "(a|aa)+$")
    assert r.returncode == 2 and r.stdout == "" and "Traceback" not in r.stderr
    assert r.stderr.strip().splitlines() == [
        "monitor: error: --ignore: pattern '(a|aa)+$' may backtrack catastrophically: timed out on a "
        "40-character probe; simplify it, or keep it anyway with --force"]
    assert "live" not in monitor_cmd("list").stdout
    assert monitor_cmd("add", "https://news.example/live", "--name", "live", "--ignore", r"^Updated .* ago$",
                       ).returncode == 0
    r = monitor_cmd("edit", "live", "--ignore", r"(\w|\w\w)+!")
    assert r.returncode == 2 and "may backtrack catastrophically" in r.stderr
    forced = monitor_cmd("edit", "live", "--ignore", r"(\w|\w\w)+!", "--force")
    assert forced.returncode == 0
    # From the pattern add kept (the refused edit changed nothing) to the forced one.
    assert 'ignore: ["^Updated .* ago$"] → ["(\\\\w|\\\\w\\\\w)+!"]' in forced.stdout


def test_sync_refuses_a_backtracking_pattern_naming_where_it_is_unless_forced(monitor_cmd, tmp_path):
    (tmp_path / "monitor.toml").write_text(
        '[defaults]\nignore = ["^Updated .* ago$"]\n\n'
        '[[watch]]\nname = "live"\nurl = "https://news.example/live"\n\n'
        '[[watch]]\nname = "trap"\nurl = "https://news.example/trap"\nignore = [\'(\\d|\\d\\d)+$\']\n',
        encoding="utf-8")
    r = monitor_cmd("sync", "monitor.toml")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert r.stderr.startswith("monitor: error: monitor.toml: watch[2].ignore: pattern '(\\\\d|\\\\d\\\\d)+$' may "
                               "backtrack catastrophically")
    assert "live" not in monitor_cmd("list").stdout  # nothing was written
    forced = monitor_cmd("sync", "monitor.toml", "--force")
    assert forced.returncode == 0, forced.stderr
    assert {w["name"] for w in json.loads(monitor_cmd("list", "--json").stdout)} == {"live", "trap"}
