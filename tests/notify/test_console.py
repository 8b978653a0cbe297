"""The console notifier: rich panels, page text never read as markup."""

from __future__ import annotations

from io import StringIO

from rich.console import Console

from monitor.notify.base import AlertMessage
from monitor.notify.console import ConsoleNotifier
from monitor.notify.sample import sample_alert
from tests.notify.conftest import make_alert


def _capture(alert, **options) -> str:
    con = Console(file=StringIO(), record=True, width=120, color_system=None)
    ConsoleNotifier(ConsoleNotifier.Options(**options), console=con).send(alert)
    return con.export_text()


def test_panel_shows_changes_with_word_marks() -> None:
    out = _capture(sample_alert())
    assert "Talks to resume (sample)" in out and "https://example.org/news/talks" in out
    assert "{+not+}" in out and "[-12-]" in out and "{+19+}" in out
    assert "negation" in out and "0.95" in out
    assert "update (marker)" in out


def test_stream_option_goes_to_stderr(capsys) -> None:
    ConsoleNotifier(ConsoleNotifier.Options(stream="stderr")).send(make_alert())
    captured = capsys.readouterr()
    assert captured.out == "" and "Talks in Istanbul" in captured.err


def test_long_alert_is_bounded() -> None:
    from tests.notify.conftest import huge_alert

    out = _capture(huge_alert(n=30, size=100), max_changes=5)
    assert "…and 25 more changes" in out


def test_status_alerts_say_what_happened() -> None:
    failing = AlertMessage(**{**make_alert(changes=(), kind="failing").__dict__, "error": "HTTP 503 [red]boom[/]"})
    out = _capture(failing)
    assert "Talks in Istanbul — failing" in out and "error: HTTP 503 [red]boom[/]" in out
    assert "— recovered" in _capture(make_alert(changes=(), kind="recovered"))


def test_colour_follows_the_alert_kind() -> None:
    con = Console(file=StringIO(), record=True, width=100, color_system="truecolor", force_terminal=True)
    ConsoleNotifier(ConsoleNotifier.Options(), console=con).send(make_alert(changes=(), kind="failing"))
    assert "\x1b[1;31m" in con.export_text(styles=True)  # bold red title
