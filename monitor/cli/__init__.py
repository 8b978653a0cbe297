"""The ``monitor`` command. Thin: it parses, calls the library, renders."""

from __future__ import annotations

import sys

import typer

from monitor.errors import MonitorError

app = typer.Typer(
    name="monitor",
    help="Story Monitor: watch evolving stories and report what changed, statement by statement.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _register() -> None:
    # Each command group lives in its own module and adds itself to ``app``.
    from monitor.cli import alerts, check, daemon, db, demo, diff, history, sync, watches  # noqa: F401


def user_errors() -> tuple[type[BaseException], ...]:
    """Exceptions that are the user's to fix: printed as one line, exit 2."""
    errs: list[type[BaseException]] = [MonitorError]
    try:
        from monitor.store.engine import StoreError
        from monitor.store.queries import WatchExists, WatchNotFound

        errs += [StoreError, WatchNotFound, WatchExists]
    except ImportError:
        pass
    try:
        from monitor.notify.registry import NotifierConfigError, UnknownNotifier

        errs += [NotifierConfigError, UnknownNotifier]
    except ImportError:
        pass
    return tuple(errs)


def fail(message: str, code: int = 2) -> typer.Exit:
    typer.echo(f"monitor: error: {message}", err=True)
    return typer.Exit(code)


def main() -> None:
    _register()
    try:
        app()  # standalone: usage errors print themselves and exit 2
    except user_errors() as e:
        typer.echo(f"monitor: error: {e}", err=True)
        sys.exit(2)
