"""`--debounce` and the names of notifiers on `monitor add` and `monitor edit`, as a user runs them."""

from __future__ import annotations

from tests.cli.conftest import one_error_line


def test_add_and_edit_set_it(cli) -> None:
    assert cli("add", "https://a.example/x", "--name", "a", "--debounce", "2m").returncode == 0
    r = cli("edit", "a", "--debounce", "0")
    assert r.returncode == 0, r.stderr
    assert "debounce: 120s → 0s" in r.stdout
    assert "cannot read 'soon'" in one_error_line(cli("edit", "a", "--debounce", "soon"))
    assert one_error_line(cli("add", "https://b.example/x", "--debounce", "-1")).startswith("--debounce:")


def test_two_notifiers_of_one_name_are_refused(cli) -> None:
    hook = '{"type": "webhook", "url": "http://127.0.0.1:9/a", "name": "desk"}'
    folder = '{"type": "file", "directory": "out", "name": "desk"}'
    assert one_error_line(cli("add", "https://a.example/x", "--notify", hook, "--notify", folder)) == (
        "--notify: two notifiers are named 'desk'; give each its own name")
    r = cli("add", "https://a.example/x", "--name", "a", "--notify", hook, "--notify", '{"type": "webhook", '
            '"url": "http://127.0.0.1:9/b"}')
    assert r.returncode == 0, r.stderr  # a named and an unnamed webhook: desk and webhook
    assert "two notifiers are named" in one_error_line(cli("edit", "a", "--notify", hook, "--notify", folder))
