"""``monitor timeline`` and ``monitor report``: a story's statements through its versions."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer

from monitor.cli import app, fail
from monitor.cli.common import (
    JSON_HELP,
    console,
    db_option,
    engine_for,
    handled,
    print_json,
    watch_argument,
    when,
    write_text_file,
)
from monitor.text.terminal import for_terminal as safe

ABOUT_HELP = ("Keep only the statements that mention this subject at some point, under any of its names "
              "(built-in aliases: 'United States' also matches US, U.S., Washington ...).")
ALIAS_HELP = "Another name for the --about subject (repeatable)."


def _about_options(about: str | None, alias: list[str], no_aliases: bool) -> dict[str, Any]:
    if (alias or no_aliases) and not about:
        raise fail("--alias and --no-builtin-aliases go with --about")
    if about is not None and not about.strip():
        raise fail("--about needs a subject, e.g. --about 'United States'")
    return {"about": about, "aliases": alias, "builtin_aliases": not no_aliases}


@app.command("timeline", rich_help_panel="Checks and results")
@handled
def timeline_cmd(
    ref: str = watch_argument(),
    about: str | None = typer.Option(None, "--about", metavar="TEXT", help=ABOUT_HELP),
    alias: list[str] = typer.Option([], "--alias", metavar="NAME", help=ALIAS_HELP),
    no_aliases: bool = typer.Option(False, "--no-builtin-aliases", help="Match the --about subject and --alias "
                                    "names only."),
    show_all: bool = typer.Option(False, "--all", help="Also list statements never changed after they appeared."),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
    db: str | None = db_option(),
) -> None:
    """The versions of a story and, per statement, its history: first seen, each edit, removal, return."""
    from monitor.views.timeline import timeline_view

    with engine_for(db, must_exist=True) as engine:
        tl = timeline_view(engine, ref, **_about_options(about, alias, no_aliases))
    if as_json:
        print_json(tl)
        return
    con = console()
    w = tl["watch"]
    con.print(f"{safe(w['name'])}: {safe(w['url'])}", markup=False)
    if not tl["versions"]:
        con.print(f"no versions yet (run `monitor check {safe(w['name'])}`)", markup=False)
        return
    con.print(f"{len(tl['versions'])} versions:", markup=False)
    for i, v in enumerate(tl["versions"]):
        what = ", ".join(f"{n} {k}" for k, n in sorted(v["counts"].items())) or ("first version" if i == 0 else "")
        if v["suspect"]:
            what = (what + ", " if what else "") + "suspect"
        held = f"{v['statements']} statements" if v["statements"] is not None else "not in the lineage"
        con.print(f"  v{v['version']:<3} {when(v['time'])}  {held}  {what}", markup=False)
    statements = tl["statements"]
    if tl["about"]:
        con.print(f"\nstatements about {safe(tl['about']['subject'])} "
                  f"({safe(', '.join(tl['about']['names']))}): {len(statements)}", markup=False)
    shown = statements if show_all or tl["about"] else [s for s in statements if len(s["history"]) > 1]
    if not tl["about"]:
        hidden = len(statements) - len(shown)
        con.print(f"\n{len(statements)} statements, {len(shown)} with a history"
                  + (f" ({hidden} unchanged since they appeared: --all lists them)" if hidden else ""),
                  markup=False)
    for st in shown:
        gone = "" if st["present"] else ", no longer in the story"
        con.print(f"\nstatement {st['id']} (first seen v{st['first_version']}, {when(st['first_seen'])}{gone})",
                  markup=False)
        for h in st["history"]:
            aspects = f" [{', '.join(h['aspects'])}]" if h["aspects"] else ""
            text = h["new"] if h["kind"] not in ("removed", "merged") else h["old"]
            con.print(f"  v{h['version']:<3} {h['kind']}{aspects}: {safe(text or '', one_line=True)}", markup=False)


class ReportFormat(StrEnum):
    html = "html"
    json = "json"


@app.command("report", rich_help_panel="Checks and results")
@handled
def report_cmd(
    ref: str = watch_argument(),
    html: Path | None = typer.Option(None, "--html", metavar="FILE", help="Write the HTML page to FILE."),
    fmt: ReportFormat = typer.Option(ReportFormat.html, "--format", "-f",
                                     help="html: one self-contained page; json: the same as evidence "
                                          "(times, version hashes, texts, statement histories)."),
    output: Path | None = typer.Option(None, "--output", "-o", metavar="FILE", help="Write to FILE, not stdout."),
    about: str | None = typer.Option(None, "--about", metavar="TEXT", help=ABOUT_HELP),
    alias: list[str] = typer.Option([], "--alias", metavar="NAME", help=ALIAS_HELP),
    db: str | None = db_option(),
) -> None:
    """A story's record as one page (timeline, changes with the words highlighted, statement histories) or JSON."""
    from monitor.views.report import report_evidence, story_report

    if html is not None and (output is not None or fmt is ReportFormat.json):
        raise fail("--html FILE writes the page; use --format json --output FILE for the evidence")
    opts = _about_options(about, alias, False)
    opts.pop("builtin_aliases")
    target = html or output
    with engine_for(db, must_exist=True) as engine:
        if fmt is ReportFormat.json:
            evidence = report_evidence(engine, ref, **opts)
            text = json.dumps(evidence, indent=2, ensure_ascii=False) + "\n"
            what = f"{len(evidence['versions'])} versions, {len(evidence['statements'])} statements"
        else:
            text = story_report(engine, ref, **opts)
            what = "HTML page"
    if target is None:
        if fmt is ReportFormat.json:
            print_json(evidence)
        else:
            typer.echo(safe(text), nl=False)
        return
    write_text_file(target, text)
    typer.echo(f"wrote {what} of {safe(ref, one_line=True)} to {target} ({len(text.encode('utf-8')):,} bytes)")
