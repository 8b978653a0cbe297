"""`monitor add --debounce` and `monitor edit --debounce` as a user runs them."""

from __future__ import annotations

from tests.cli.conftest import one_error_line


def test_add_and_edit_set_it(cli) -> None:
    assert cli("add", "https://a.example/x", "--name", "a", "--debounce", "2m").returncode == 0
    r = cli("edit", "a", "--debounce", "0")
    assert r.returncode == 0, r.stderr
    assert "debounce: 120s → 0s" in r.stdout
    assert "cannot read 'soon'" in one_error_line(cli("edit", "a", "--debounce", "soon"))
    assert one_error_line(cli("add", "https://b.example/x", "--debounce", "-1")).startswith("--debounce:")
