"""The ``monitor`` command. Thin: it parses, calls the library, renders."""

from __future__ import annotations

import gc
import sys

import typer

from monitor.errors import MonitorError

app = typer.Typer(
    name="monitor",
    help="Story Monitor: watch evolving stories and report what changed, statement by statement.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _register() -> None:
    # Each command group lives in its own module and adds itself to ``app``;
    # the order here is the order of the panels in --help.
    import importlib

    for name in ("demo", "diff", "watches", "sync", "importing", "check", "history", "timeline", "daemon",
                 "alerts", "db", "serve"):
        importlib.import_module(f"monitor.cli.{name}")


def fail(message: str, code: int = 2) -> typer.Exit:
    typer.echo(error_line(message), err=True)
    return typer.Exit(code)


def error_line(message: object) -> str:
    """``monitor: error: ...`` on one line; a message can quote a page or a
    URL, so nothing in it reaches the terminal as a control sequence."""
    from monitor.text.terminal import for_terminal

    return f"monitor: error: {for_terminal(str(message), one_line=True)}"


def main() -> None:
    try:
        _main()
    finally:
        # What is alive now lives until exit: take it out of the collector's
        # sight, so leaving does not walk every object SQLAlchemy and pydantic
        # built (0.26 s of each command's exit here, 0.03 s with this).
        gc.freeze()


def _main() -> None:
    from typer._click import exceptions as click_exc

    _register()
    try:
        rc = app(standalone_mode=False, prog_name="monitor")  # also under `python -m monitor`
    except click_exc.NoArgsIsHelpError as e:
        typer.echo(e.ctx.get_help())
        sys.exit(0)
    except click_exc.UsageError as e:
        # One line, like every other mistake, with where to look next.
        where = e.ctx.command_path if e.ctx else "monitor"
        typer.echo(f"monitor: error: {e.format_message()} (see '{where} --help')", err=True)
        sys.exit(2)
    except click_exc.ClickException as e:
        typer.echo(error_line(e.format_message()), err=True)
        sys.exit(e.exit_code)
    except MonitorError as e:  # every error a user can cause: one line, exit 2
        typer.echo(error_line(e), err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        typer.echo("monitor: interrupted", err=True)
        sys.exit(130)
    sys.exit(rc if isinstance(rc, int) else 0)
