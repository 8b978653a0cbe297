"""Request options and JSON/PDF documents from the command line and from monitor.toml, checked against the site."""

from __future__ import annotations

import json
from pathlib import Path

from monitor.origin.pdf import scanned_pdf
from tests.cli.conftest import one_error_line

LIVE = {"entries": [{"body": "The talks are over after two hours."}, {"body": "Delegations arrive in Istanbul."}]}


def test_add_with_request_options_and_a_jq_select_then_check(mon, origin, tmp_path: Path) -> None:
    origin.serve_document("/api/live", "application/json", json.dumps(LIVE).encode())
    env = {"MONITOR_SECRET_DESK": "pw-42"}
    r = mon("add", origin.url("/api/live"), "--name", "live", "--select", ".entries[] | .body",
            "--header", "X-Desk: politics", "--cookie", "consent=yes", "--user-agent", "DeskBot/1",
            "--body", '{"since": 0}', "--auth", "alice:env:MONITOR_SECRET_DESK", "--timeout", "20", env=env)
    assert r.returncode == 0, r.stderr
    r = mon("check", "live", env=env)
    assert r.returncode == 0, r.stdout + r.stderr
    (seen,) = origin.received_at("/api/live")
    assert seen.method == "POST" and seen.body == b'{"since": 0}'
    assert (seen.headers["x-desk"], seen.headers["cookie"], seen.headers["user-agent"]) == (
        "politics", "consent=yes", "DeskBot/1")
    assert "pw-42" not in r.stdout + r.stderr
    r = mon("history", "live", "--json")
    assert r.returncode == 0, r.stderr
    shown = mon("show", "live", "--json")
    assert "Delegations arrive in Istanbul." in shown.stdout, shown.stdout + shown.stderr

    r = mon("edit", "live", "--header", "", "--method", "PUT", "--cookie", "session=abc")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("updated watch live (id 1): request: ")
    assert '"session": "***"' in r.stdout and "abc" not in r.stdout  # a cookie value is shown masked
    mon("check", "live", env=env)
    second = origin.received_at("/api/live")[-1]
    assert second.method == "PUT" and "x-desk" not in second.headers and second.headers["cookie"] == "session=abc"


def test_bad_request_options_are_one_line_errors(mon) -> None:
    url = "https://news.example/x"
    assert one_error_line(mon("add", url, "--auth", "alice:hunter2")) == (
        "--auth: the password must come from an environment variable: alice:env:MONITOR_SECRET_NAME; "
        "a password is never stored")
    assert one_error_line(mon("add", url, "--header", "no colon")) == "--header: give a header as 'Name: value'"
    assert one_error_line(mon("add", url, "--method", "GET", "--body", "x")) == (
        "--body: a GET request has no body; give method POST (or PUT, PATCH)")
    assert one_error_line(mon("add", url, "--select", ".a[")).startswith("--select: '.a[' is not a valid jq program")
    assert one_error_line(mon("add", url, "--timeout", "soon")) == "--timeout: must be a whole number, not 'soon'"


def test_a_scanned_pdf_watch_fails_its_check_with_no_text_layer(mon, origin) -> None:
    origin.serve_document("/ruling.pdf", "application/octet-stream", scanned_pdf())
    assert mon("add", origin.url("/ruling.pdf"), "--kind", "pdf", "--name", "ruling").returncode == 0
    r = mon("check", "ruling")
    assert r.returncode == 1
    assert "no text layer: the PDF's 1 page hold only images (a scan); nothing to compare" in r.stdout + r.stderr


def test_monitor_toml_takes_the_request_keys_and_merges_headers_over_defaults(mon, origin, tmp_path: Path) -> None:
    (tmp_path / "monitor.toml").write_text(f"""
[defaults]
headers = {{ "X-Desk" = "politics", "Accept-Language" = "en" }}
user_agent = "DeskBot/1"

[[watch]]
name = "story"
url = "{origin.url('/story/istanbul-talks')}"
headers = {{ "X-Desk" = "world" }}
method = "post"
body = "a=1"
timeout = 30
""")
    r = mon("sync", "monitor.toml")
    assert r.returncode == 0, r.stderr
    assert mon("check", "story").returncode == 0
    (seen,) = origin.received_at("/story/istanbul-talks")
    assert seen.method == "POST" and seen.body == b"a=1" and seen.headers["user-agent"] == "DeskBot/1"
    assert (seen.headers["x-desk"], seen.headers["accept-language"]) == ("world", "en")
    (tmp_path / "monitor.toml").write_text('[[watch]]\nname = "s"\nurl = "https://a.example"\nauth = "bob:pw"\n')
    assert one_error_line(mon("sync", "monitor.toml")).startswith(
        "monitor.toml: watch[1].auth: the password must come from an environment variable")
