"""Alerts printed to the terminal, for a foreground run or a quick test."""

from __future__ import annotations

import sys
from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field
from rich.console import Console, Group
from rich.panel import Panel
from rich.text import Text

from monitor.diff.render.text import change_text
from monitor.notify.base import AlertMessage, version_range
from monitor.notify.render import MAX_CHANGES, MAX_STATEMENT, Templates, shown_changes
from monitor.text.terminal import for_terminal as safe

# How each alert kind reads at a glance: its word in the panel title and its colour.
LOOK = {"changes": ("changed", "yellow"), "failing": ("failing", "red"), "recovered": ("recovered", "green"),
        "test": ("test", "blue")}


class ConsoleNotifier:
    """Print each alert as a panel on the terminal.

    Shows the title, the URL and every change with its kind, aspects,
    significance and the old and new wording with the changed words
    highlighted. Page text is printed as text, never read as rich markup.
    """

    kind: ClassVar[str] = "console"

    class Options(BaseModel):
        model_config = ConfigDict(extra="forbid", frozen=True)

        stream: Literal["stdout", "stderr"] = Field(
            "stdout", description="Where to print: stdout, or stderr to keep stdout for data.")
        max_changes: int = Field(
            MAX_CHANGES, ge=1, description="Show at most this many changes per alert (the most significant).")

    def __init__(self, options: Options, *, templates: Templates | None = None,
                 console: Console | None = None) -> None:
        # ``templates`` is accepted for a uniform constructor; the terminal layout is rich, not templated.
        self.options = options
        self._console = console

    @property
    def console(self) -> Console:
        # Looked up at send time so a redirected sys.stdout (tests, the CLI runner) is honoured.
        if self._console is not None:
            return self._console
        return Console(file=sys.stderr if self.options.stream == "stderr" else sys.stdout, highlight=False)

    def send(self, alert: AlertMessage) -> None:
        con = self.console
        parts: list[Text] = [Text(safe(alert.url, one_line=True), style="blue underline")]
        if alert.summary:
            parts.append(Text(safe(alert.summary), style="bold"))
        if span := version_range(alert):
            parts.append(Text(span, style="dim"))
        if alert.error:
            parts.append(Text(f"error: {safe(alert.error, one_line=True)}", style="red"))
        groups = {g.id: g for g in alert.groups}
        current: int | None = None
        shown = shown_changes(alert, self.options.max_changes, MAX_STATEMENT)
        for c in shown:
            if c.group is not None and c.group != current and c.group in groups:
                g = groups[c.group]
                parts.append(Text(f"▍update ({g.trigger}): {safe(g.heading, one_line=True)}", style="bold green"))
            current = c.group
            parts.append(change_text(c, plain=not con.is_terminal or con.no_color))
        if len(alert.changes) > len(shown):
            more = len(alert.changes) - len(shown)
            parts.append(Text(f"…and {more} more change{'s' if more != 1 else ''}", style="dim"))
        if alert.report_url:
            parts.append(Text(f"report: {alert.report_url}", style="dim"))
        label, colour = LOOK.get(alert.kind, (alert.kind, "yellow"))
        title = Text(f"{safe(alert.title, one_line=True)} — {label}", style=f"bold {colour}")
        con.print(Panel(Group(*parts), title=title, title_align="left", border_style=colour, expand=True))
