"""``monitor add``, ``list``, ``edit`` and ``remove``: managing what is watched.

Every setting is validated by ``monitor.config`` (the same checks ``monitor
sync`` applies to a file) and written through the store. Nothing here talks
to a running daemon: it reads the watch rows on every claim, so an edit
takes effect on its next round.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

import typer

from monitor.cli import app, fail
from monitor.cli.common import (
    JSON_HELP,
    RESULT_JSON_HELP,
    complete_tag,
    db_option,
    engine_for,
    handled,
    interactive,
    missing_sqlite_file,
    print_json,
    relative,
    watch_argument,
)
from monitor.cli.setting_options import asked, setting_options
from monitor.config.watch_settings import SETTINGS

if TYPE_CHECKING:
    from monitor.store import Watch

# The store, the config checks and the scheduler are imported where used:
# every command registers at start-up, and `monitor diff` should not pay
# for the database code it never touches.

T = TypeVar("T")

# The request settings: their options' parameters, and the option to blame for each.
_OPTION = {s.name: s.cli[0].decls for s in SETTINGS if s.columns == ("request",)}
_REQUEST = tuple(s.cli[0].param for s in SETTINGS if s.columns == ("request",))


def _request(given: dict[str, Any], base: dict[str, Any] | None = None) -> dict[str, Any] | None:
    """The request table from the options given, over ``base`` (``edit``); an empty value clears
    a setting. None when no request option was given."""
    from monitor import config as cfg
    from monitor.config import request as req

    if all(v is None for v in given.values()):
        return None
    raw: dict[str, Any] = {}
    if given["header"] is not None:
        raw["headers"] = dict(_checked("--header", req.parse_header, h) for h in given["header"] if h)
    if given["cookie"] is not None:
        raw["cookies"] = dict(_checked("--cookie", req.parse_cookie, c) for c in given["cookie"] if c)
    for key in ("user_agent", "method", "body", "proxy", "auth"):
        if given[key] is not None:
            raw[key] = given[key]
    if given["timeout"] is not None:
        raw["timeout"] = _number("--timeout", given["timeout"], keep=False) if given["timeout"] else None
    out = dict(base or {})
    for key, value in raw.items():
        out.pop(key, None)
        out.update(_checked(_OPTION[key], partial(req.check_request, defaults=False), {key: value}))
    option = "--body" if given["body"] else "--method"
    with cfg.setting(option):
        return cfg.check_request(out)


def _number(option: str, raw: str | None, *, keep: bool = True) -> int | None:
    """Whole-number options are read here, not by Click, so a typo is one line, not a usage box."""
    from monitor import config as cfg

    if raw is None:
        return None
    try:
        value = int(raw.strip())
    except ValueError:
        raise cfg.ConfigError(f"{option}: must be a whole number, not {raw!r}") from None
    if keep:
        with cfg.setting(option):
            cfg.check_keep(value, "versions" if "versions" in option else "days")
    return value


def _checked(option: str, check: Callable[..., T], *args: Any) -> T:
    from monitor import config as cfg

    with cfg.setting(option):
        return check(*args)


def _target(raw: str, feed: bool, kind: str | None = None, render: bool = False) -> tuple[str, str]:
    from monitor import config as cfg

    try:
        return cfg.parse_target(raw, feed=feed, kind=kind, render=render)
    except cfg.Invalid as e:
        raise cfg.ConfigError(str(e)) from None


def _kept_kind(old_kind: str, feed: bool | None, render: bool | None = None) -> str | None:
    """A new URL keeps a kind that is only ever chosen by name (a feed stays a feed, a rendered
    page stays rendered); any other kind is chosen again from the new target."""
    from monitor.sources.registry import available

    source = available().get(old_kind)
    named_only = source is not None and not source.schemes and not source.paths
    return old_kind if feed is None and render is None and named_only else None


def _edited_tags(g: dict[str, Any], current: tuple[str, ...]) -> tuple[str, ...]:
    """``--tag`` replaces the tags (``--clear-tags`` removes them), then ``--add-tag`` adds and ``--untag``
    removes; each value checked and blamed on its own option."""
    from monitor import config as cfg

    if g["tag"] and g["clear_tags"]:
        raise cfg.ConfigError("give --tag or --clear-tags, not both")
    base = () if g["clear_tags"] else _checked("--tag", cfg.check_tags, g["tag"]) if g["tag"] else current
    added = _checked("--add-tag", cfg.check_tags, g["add_tag"] or [])
    removed = set(_checked("--untag", cfg.check_tags, g["untag"] or []))
    return _checked("--add-tag" if added else "--tag", cfg.check_tags,
                    [t for t in (*base, *added) if t not in removed])


def _schedule_option(every: str | None, cron: str | None, tz: str | None, adaptive: bool | None) -> str:
    """The option to blame for a schedule problem: the one that sets its shape, if given."""
    from monitor.config import ConfigError

    if every is not None and cron is not None:
        raise ConfigError("give --every or --cron, not both")
    if every is not None:
        return "--every"
    if cron is not None:
        return "--cron"
    if tz is not None:
        return "--tz"
    return "--adaptive" if adaptive else "--no-adaptive"


@app.command("add", rich_help_panel="Watches")
@handled
@setting_options("add")
def add_cmd(
    target: str = typer.Argument(..., metavar="URL|PATH", help="An http(s) URL, or a local file to watch."),
    *,
    as_json: bool = typer.Option(False, "--json", help=RESULT_JSON_HELP),
    db: str | None = db_option(),
    **given: Any,
) -> None:
    """Watch a URL or a local file; it is due at once.

    The next `monitor check --all` or daemon round reads it. The default
    schedule is every 10m, fixed; give a range (--every 2m..6h) for adaptive
    pacing, or --cron.
    """
    from monitor import config as cfg
    from monitor import store

    g = given
    url, kind = _target(target, g["feed"], g["kind"], g["render"])
    if g["name"] is not None:
        _checked("--name", cfg.check_name, g["name"])
    adaptive = False if g["no_adaptive"] else None
    with cfg.setting(_schedule_option(g["every"], g["cron"], g["tz"], adaptive)):
        schedule = cfg.parse_schedule(g["every"], g["cron"], g["tz"], adaptive, every_key="--every", cron_key="--cron")
    spec = cfg.WatchSpec(
        name=g["name"] or "",
        url=url,
        kind=kind,
        schedule=schedule,
        selector=_checked("--selector", cfg.check_selector, g["selector"]),
        ignore=_checked("--ignore", partial(cfg.check_ignore, force=g["force"]), g["ignore"] or []),
        notifiers=_checked("--notify", cfg.check_notifier_names,
                           [_checked("--notify", cfg.parse_notifier, n) for n in g["notify"] or []]),
        keep_versions=_number("--keep-versions", g["keep_versions"]) or None,
        keep_days=_number("--keep-days", g["keep_days"]) or None,
        debounce=_checked("--debounce", cfg.check_debounce, g["debounce"]),
        select=_checked("--select", cfg.check_select, g["select"]),
        request=_request({k: g[k] for k in _REQUEST}) or {},
        tags=_checked("--tag", cfg.check_tags, g["tag"] or []),
    )
    with engine_for(db) as engine, store.session_scope(engine, write=True) as session:
        if not spec.name:
            taken = store.watch_names(session)
            spec = replace(spec, name=cfg.default_name(url, kind, taken))
        watch = store.add_watch(session, spec.name, **spec.fields(), next_due=store.utcnow())
        session.flush()
    if as_json:
        from monitor.views.results import added

        print_json(added(watch.id, spec, watch.next_due))
        return
    from monitor.config.secrets import mask_url
    from monitor.text.terminal import for_terminal as safe

    tagged = f", tagged {safe(', '.join(spec.tags))}" if spec.tags else ""
    typer.echo(f"added watch {safe(watch.name)} (id {watch.id}): {safe(mask_url(watch.url))}, {schedule.describe()}"
               f"{tagged}")


@app.command("list", rich_help_panel="Watches")
@handled
def list_cmd(
    tag: str | None = typer.Option(None, "--tag", metavar="TAG", help="Only the watches with this tag.",
                                   autocompletion=complete_tag),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
    db: str | None = db_option(),
) -> None:
    """List watches: tags, last check, status, versions kept, next due."""
    from monitor import store
    from monitor.views.watches import watch_summaries

    if tag is not None:
        from monitor import config as cfg

        tag = _checked("--tag", cfg.check_tag, tag)
    watches: list[Watch] = []
    rows: list[dict[str, Any]] = []
    # No database yet simply means no watches; don't create one to say so.
    if not missing_sqlite_file(store.database_url(db)):
        with engine_for(db) as engine:
            watches, rows = watch_summaries(engine, tag=tag)
    now = store.utcnow()
    if as_json:
        print_json(rows)
        return
    if not rows:
        typer.echo(f"no watch is tagged {tag}" if tag else "no watches yet; add one with `monitor add URL`")
        return
    from rich.table import Table

    from monitor.cli.common import console
    from monitor.text.terminal import for_terminal as safe

    table = Table(box=None, pad_edge=False, header_style="bold")
    widest = max(len(w.name) for w in watches)
    tagged = any(r["tags"] for r in rows)  # a column only once some watch has a tag
    for column, kw in (("id", {"justify": "right"}), ("name", {"min_width": min(widest, 40), "overflow": "fold"}),
                       ("url", {"overflow": "fold", "ratio": 1}), *((("tags", {"overflow": "fold"}),) * tagged),
                       ("last check", {"no_wrap": True}), ("status", {"no_wrap": True}),
                       ("versions", {"justify": "right"}), ("next due", {"no_wrap": True})):
        table.add_column(column, **kw)
    for w, r in zip(watches, rows, strict=True):
        due = "—" if not w.enabled else "due now" if w.next_due <= now else relative(w.next_due, now)
        tags = (safe(", ".join(r["tags"]), one_line=True),) * tagged
        table.add_row(str(w.id), safe(w.name, one_line=True), safe(r["url"], one_line=True), *tags,
                      relative(w.last_check_at, now), status_text(w),
                      str(r["versions"]), due)
    console().print(table)
    for w in watches:
        if stored_password(w.url):
            typer.echo(f"note: watch {w.name} keeps a password in its URL (stored before passwords were refused); "
                       "it is masked wherever it is shown and still used; move it to an environment variable: "
                       f"monitor edit {w.name} --url 'http://USER:env:MONITOR_SECRET_NAME@HOST/...'", err=True)


def stored_password(url: str) -> bool:
    """A watch stored before passwords in URLs were refused: the password itself is in the row."""
    from monitor.config.secrets import SecretError, check_url_credentials

    try:
        check_url_credentials(url)
    except SecretError:
        return True
    except ValueError:
        return False
    return False


def status_text(w: Watch) -> str:
    status = w.last_status or "new"
    if status == "failed" and w.consecutive_failures > 1:
        status = f"failed ({w.consecutive_failures} in a row)"
    return status if w.enabled else f"{status}, disabled"


@app.command("edit", rich_help_panel="Watches")
@handled
@setting_options("edit")
def edit_cmd(
    ref: str = watch_argument(),
    *,
    as_json: bool = typer.Option(False, "--json", help=RESULT_JSON_HELP),
    db: str | None = db_option(),
    **given: Any,
) -> None:
    """Change a watch's settings; the daemon picks them up on its next round.

    A request option replaces what the watch had (--header and --cookie replace
    the whole table); an empty value ('') clears it.
    """
    from monitor import config as cfg
    from monitor import store
    from monitor.run import sync as watching

    g = given
    if not asked("edit", g) - {"force"}:
        raise fail("nothing to change: give an option such as --every 5m (see `monitor edit --help`)")
    with engine_for(db, must_exist=True) as engine, store.session_scope(engine, write=True) as session:
        row = store.get_watch(session, ref)
        old = cfg.spec_of(row)
        changes: dict[str, Any] = {}
        if g["name"] is not None:
            changes["name"] = _checked("--name", cfg.check_name, g["name"])
        if any(g[k] is not None for k in ("url", "feed", "render", "kind")):
            kept = g["kind"] or _kept_kind(old.kind, g["feed"], g["render"])
            changes["url"], changes["kind"] = _target(g["url"] or row.url, bool(g["feed"]), kept, bool(g["render"]))
        schedule = (g["every"], g["cron"], g["tz"], g["adaptive"])
        if any(v is not None for v in schedule):
            with cfg.setting(_schedule_option(*schedule)):
                changes["schedule"] = cfg.parse_schedule(*schedule, base=old.schedule,
                                                         every_key="--every", cron_key="--cron")
        if g["selector"] is not None:
            changes["selector"] = _checked("--selector", cfg.check_selector, g["selector"])
        if g["clear_ignore"] or g["ignore"]:
            changes["ignore"] = _checked("--ignore", partial(cfg.check_ignore, force=g["force"]), g["ignore"] or [])
        if g["clear_notify"] or g["notify"]:
            changes["notifiers"] = _checked("--notify", cfg.check_notifier_names,
                                            [_checked("--notify", cfg.parse_notifier, n) for n in g["notify"] or []])
        if g["keep_versions"] is not None:
            changes["keep_versions"] = _number("--keep-versions", g["keep_versions"]) or None
        if g["keep_days"] is not None:
            changes["keep_days"] = _number("--keep-days", g["keep_days"]) or None
        if g["debounce"] is not None:
            changes["debounce"] = _checked("--debounce", cfg.check_debounce, g["debounce"])
        if g["enable"] is not None:
            changes["enabled"] = g["enable"]
        if g["select"] is not None:
            changes["select"] = _checked("--select", cfg.check_select, g["select"])
        request = _request({k: g[k] for k in _REQUEST}, dict(old.request))
        if request is not None:
            changes["request"] = request
        if g["tag"] or g["add_tag"] or g["untag"] or g["clear_tags"]:
            changes["tags"] = _edited_tags(g, old.tags)
        new = replace(old, **changes)
        lines = ([f"name: {old.name} → {new.name}"] if new.name != old.name else []) + cfg.differences(old, new)
        if lines:
            store.update_watch(session, row.id or 0, **watching.spec_changes(row, new, store.utcnow()))
    if as_json:
        from monitor.views.results import edited

        print_json(edited(row.id, old, new))
    elif not lines:
        typer.echo(f"watch {row.name} unchanged (it already has those settings)")
    else:
        typer.echo(f"updated watch {new.name} (id {row.id}): " + "; ".join(lines))


@app.command("remove", rich_help_panel="Watches")
@handled
def remove_cmd(
    ref: str = watch_argument(),
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation."),
    as_json: bool = typer.Option(False, "--json", help=RESULT_JSON_HELP + " Needs --yes."),
    db: str | None = db_option(),
) -> None:
    """Stop watching, and delete the watch's versions, checks, changes and queued alerts."""
    from monitor import store

    if as_json and not yes:
        raise fail("--json needs --yes: a confirmation question would not be JSON")

    with engine_for(db, must_exist=True) as engine:
        with store.session_scope(engine) as session:
            row = store.get_watch(session, ref)
            versions = store.version_counts(session, [row.id or 0]).get(row.id or 0, 0)
        what = f"watch {row.name} (id {row.id}) and its {versions} version{'s' if versions != 1 else ''}"
        if not yes:
            if not interactive():
                raise fail(f"not removing {what} without confirmation: pass --yes")
            if not typer.confirm(f"remove {what}?", default=False):
                typer.echo("nothing removed")
                raise typer.Exit(1)
        with store.session_scope(engine, write=True) as session:
            store.remove_watch(session, row.id or 0)
    if as_json:
        from monitor.views.results import removed

        print_json(removed(row.id, row.name, versions))
        return
    typer.echo(f"removed {what}")


@app.command("sources", rich_help_panel="Watches")
def sources_cmd(as_json: bool = typer.Option(False, "--json", help="Print one JSON object.")) -> None:
    """List the installed kinds of source (built-ins and plugins alike) and what each takes."""
    from monitor.sources.registry import describe

    infos = describe()
    if as_json:
        print_json([{"kind": i.kind, "summary": i.summary, "schemes": list(i.schemes), "paths": i.paths}
                    for i in infos])
        return
    for i in infos:
        takes = [f"{s}://" for s in i.schemes] + (["local paths"] if i.paths else [])
        typer.echo(f"{i.kind}: {i.summary} ({', '.join(takes) if takes else 'only with --kind ' + i.kind})")
