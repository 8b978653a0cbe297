"""Every setting a watch has, in one table: the one place a new setting is declared.

Each row names the setting as ``monitor.toml`` spells it, the TOML type it
must have, its default as a person reads it, the help line the command-line
options show, the command-line options that set it, the watch-row columns it
decides and the check in ``monitor.config.settings`` that validates it.
From this table come the keys ``monitor sync`` accepts (and the type errors
it gives), the options of ``monitor add``/``edit`` (``monitor.cli.setting_options``
builds them from the rows), and the settings table of the README; tests fail
when the options, the stored fields or the README drift from it. Kept free of
imports so every command can read it at start-up.

Print the README table with ``python -m monitor.config.watch_settings``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Option:
    """One command-line option that sets a row's setting, as ``monitor add`` and ``edit`` declare it.

    ``decls`` is Click's spelling: ``"--every"``, or ``"--feed/--no-feed"`` for an on/off pair.
    A value option of an array or table setting may be given again and again. A lone flag is off
    unless given; a pair and a value are None unless given, so ``edit`` tells "not given" from
    "off". ``help`` replaces the row's help (an option that qualifies another, such as ``--force``);
    ``edit_help`` is said after it on ``edit`` only. ``commands`` are the commands that have the
    option: a setting may take one shape on ``add`` and another on ``edit`` (``--feed`` and
    ``--feed/--no-feed``).
    """

    decls: str
    metavar: str = ""
    flag: bool = False
    help: str = ""
    edit_help: str = ""
    commands: tuple[str, ...] = ("add", "edit")

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self.decls.split("/"))

    @property
    def param(self) -> str:
        """The command function's parameter: ``--keep-versions`` is ``keep_versions``."""
        return self.names[0].removeprefix("--").replace("-", "_")


@dataclass(frozen=True)
class WatchSetting:
    """One row. ``validator`` names a function of ``monitor.config.settings`` (or is empty when
    the setting is checked together with others, such as the schedule); ``defaults`` says whether
    the ``[defaults]`` table of ``monitor.toml`` may set it."""

    name: str
    type: type | tuple[type, ...]
    type_words: str
    default: str
    help: str
    cli: tuple[Option, ...] = ()
    columns: tuple[str, ...] = ()
    validator: str = ""
    defaults: bool = True

    @property
    def options(self) -> tuple[str, ...]:
        """Every option name that sets it, on any command, each once."""
        return tuple(dict.fromkeys(n for o in self.cli for n in o.names))

    @property
    def toml_type(self) -> str:
        words = {str: "string", bool: "boolean", int: "integer", list: "array", dict: "table"}
        return " or ".join(words[t] for t in (self.type if isinstance(self.type, tuple) else (self.type,)))


ADD, EDIT = ("add",), ("edit",)
CLEARS, REPLACES = " An empty string clears it.", " Replaces the list."
SCHEDULE_COLUMNS = ("interval_seconds", "cron", "min_interval", "max_interval", "adaptive", "timezone")

SETTINGS: tuple[WatchSetting, ...] = (
    WatchSetting("name", str, "a string", "from the URL",
                 "Name to refer to the watch by (default: from the URL); on `edit`, the new name.",
                 (Option("--name", commands=ADD), Option("--name", metavar="NEW-NAME", commands=EDIT)),
                 ("name",), "check_name", defaults=False),
    WatchSetting("url", str, "a string", "required",
                 "What to watch (the argument of `monitor add`): an http(s) URL, a local file, or what an "
                 "installed source takes (see `monitor sources`).",
                 (Option("--url", metavar="URL|PATH", commands=EDIT),), ("url",), "parse_target", defaults=False),
    WatchSetting("kind", str, "a string", "from the target",
                 "Kind of source, when the target does not say it (see `monitor sources`), e.g. feed.",
                 (Option("--kind"),), ("kind",), "parse_target"),
    WatchSetting("feed", bool, "true or false", "false",
                 "The URL is an RSS/Atom feed: watch each article it lists.",
                 (Option("--feed", flag=True, commands=ADD), Option("--feed/--no-feed", flag=True, commands=EDIT)),
                 ("kind",), "parse_target"),
    WatchSetting("render", bool, "true or false", "false",
                 "Read the page in a browser first, so text its scripts write is seen (the browser source).",
                 (Option("--render", flag=True, commands=ADD),
                  Option("--render/--no-render", flag=True, commands=EDIT)), ("kind",), "parse_target"),
    WatchSetting("every", str, "a string such as \"10m\"", "10m",
                 "How often to check: 90s, 10m, 2h, 1d; or a range such as 2m..6h for adaptive pacing "
                 "(often while the story changes, rarely once it is quiet). Default: every 10m, fixed.",
                 (Option("--every"),), SCHEDULE_COLUMNS, "parse_schedule"),
    WatchSetting("cron", str, "a string", "none",
                 "Check on a cron schedule instead, e.g. \"*/15 * * * *\" (in --tz).",
                 (Option("--cron"),), SCHEDULE_COLUMNS, "parse_schedule"),
    WatchSetting("tz", str, "a string", "UTC",
                 "IANA time zone for --cron, e.g. Europe/Istanbul (default UTC).",
                 (Option("--tz"),), ("timezone",), "parse_schedule"),
    WatchSetting("adaptive", bool, "true or false", "true with a range",
                 "Adaptive pacing (needs a range); --no-adaptive (false) refuses a range.",
                 (Option("--adaptive/--no-adaptive", flag=True, commands=EDIT),
                  Option("--no-adaptive", flag=True, help="Refuse adaptive pacing (with a range: error).",
                         commands=ADD)), ("adaptive",), "parse_schedule"),
    WatchSetting("selector", str, "a string", "none",
                 "CSS selector of the part of the page to watch (default: the extracted article).",
                 (Option("--selector", edit_help=CLEARS),), ("selector",), "check_selector"),
    WatchSetting("select", str, "a string", "none",
                 "jq program picking the statements of a JSON document, each item it yields one statement, "
                 "e.g. \".entries[] | .body\" (default: every string).",
                 (Option("--select", edit_help=CLEARS),), ("selection",), "check_select"),
    WatchSetting("headers", dict, "a table", "none",
                 "Request header 'Name: value' (repeatable); a value may be env:MONITOR_SECRET_NAME.",
                 (Option("--header", metavar="'NAME: VALUE'"),), ("request",), "check_headers"),
    WatchSetting("cookies", dict, "a table", "none",
                 "Cookie name=value sent with the request (repeatable); a value may be env:MONITOR_SECRET_NAME.",
                 (Option("--cookie", metavar="NAME=VALUE"),), ("request",), "check_cookies"),
    WatchSetting("user_agent", str, "a string", "StoryMonitor/0.1",
                 "User-Agent header to send instead of the monitor's own.",
                 (Option("--user-agent"),), ("request",), "check_user_agent"),
    WatchSetting("method", str, "a string", "GET (POST with a body)",
                 "HTTP method: GET, POST, PUT or PATCH.",
                 (Option("--method"),), ("request",), "check_method"),
    WatchSetting("body", str, "a string", "none",
                 "Request body to send (a form or JSON query); implies POST unless a method is given.",
                 (Option("--body"),), ("request",), "check_body"),
    WatchSetting("proxy", str, "a string", "none",
                 "Proxy to read through: http://HOST:PORT or socks5://HOST:PORT (socks4, socks5h too).",
                 (Option("--proxy", metavar="URL"),), ("request",), "check_proxy"),
    WatchSetting("auth", str, "a string", "none",
                 "Basic auth as USER:env:MONITOR_SECRET_NAME: the password is read from that variable "
                 "when the request is sent, never stored.",
                 (Option("--auth", metavar="USER:env:NAME"),), ("request",), "check_auth"),
    WatchSetting("timeout", int, "a whole number", "60",
                 "Seconds one read of this watch may take, all of it (1-600).",
                 (Option("--timeout", metavar="SECONDS"),), ("request",), "check_timeout"),
    WatchSetting("ignore", list, "a list of regular expressions", "none",
                 "Regular expression of text to ignore (repeatable), e.g. a rotating \"Updated .* ago\" line.",
                 (Option("--ignore", edit_help=REPLACES),
                  Option("--clear-ignore", flag=True, help="Ignore nothing any more.", commands=EDIT),
                  Option("--force", flag=True, help="Keep an --ignore pattern even if it timed out on the "
                                                    "backtracking probes.")),
                 ("ignore",), "check_ignore"),
    WatchSetting("keep_versions", int, "a whole number", "0 (all)",
                 "Keep at most N versions (0: keep all, the default).",
                 (Option("--keep-versions", metavar="N"),), ("keep_versions",), "check_keep"),
    WatchSetting("keep_days", int, "a whole number", "0 (all)",
                 "Drop versions older than D days (0: keep all, the default).",
                 (Option("--keep-days", metavar="D"),), ("keep_days",), "check_keep"),
    WatchSetting("rules", dict, "a table", "see Rules",
                 "What is worth an alert (see [Rules](#rules)); in a file, merged key by key over [defaults].",
                 (), ("rules",), "check_rules"),
    WatchSetting("debounce", (str, int), "a duration such as \"2m\", or seconds", "2m",
                 "The first change of a quiet story is sent at once; changes within this long after a send are "
                 "batched into one alert sent when it ends (0: every change at once), e.g. 90s, 2m.",
                 (Option("--debounce", metavar="DURATION"),), ("debounce_seconds",), "check_debounce"),
    WatchSetting("notifiers", list, "an array of tables", "the daemon's",
                 "Notifier: a type (console, file, email, webhook) or a JSON object with \"type\" (repeatable).",
                 (Option("--notify", edit_help=REPLACES),
                  Option("--clear-notify", flag=True, help="Back to the default notifiers.", commands=EDIT)),
                 ("notifiers",), "check_notifier"),
    WatchSetting("enabled", bool, "true or false", "true",
                 "Whether the watch is checked: --disable pauses it, --enable resumes it.",
                 (Option("--enable/--disable", flag=True, commands=EDIT),), ("enabled",), ""),
    WatchSetting("tags", list, "a list of tags", "none",
                 "Tag to group the watch by (repeatable), e.g. ukraine: 1-40 letters, digits, - or _, any script, "
                 "kept in lower case; `monitor list --tag`, the web app and a feed per tag use them.",
                 (Option("--tag", metavar="TAG", edit_help=REPLACES),
                  Option("--add-tag", metavar="TAG", help="Add a tag to those the watch has (repeatable).",
                         commands=EDIT),
                  Option("--untag", metavar="TAG", help="Remove a tag from the watch (repeatable).", commands=EDIT),
                  Option("--clear-tags", flag=True, help="Remove every tag.", commands=EDIT)),
                 ("tags",), "check_tags"),
)

BY_NAME: dict[str, WatchSetting] = {s.name: s for s in SETTINGS}
WATCH_KEYS: frozenset[str] = frozenset(BY_NAME)
DEFAULT_KEYS: frozenset[str] = frozenset(s.name for s in SETTINGS if s.defaults)
TYPES: dict[str, tuple[type, str]] = {s.name: (s.type, s.type_words) for s in SETTINGS}


def markdown_table() -> str:
    """The README's table of watch settings, one row per setting."""
    rows = ["| setting (`monitor.toml`) | option | type | default | meaning |", "|---|---|---|---|---|"]
    for s in SETTINGS:
        options = ", ".join(f"`{o}`" for o in s.options) or "(file only)"
        meaning = s.help.replace("|", "\\|")
        rows.append(f"| `{s.name}` | {options} | {s.toml_type} | {s.default} | {meaning} |")
    return "\n".join(rows)


if __name__ == "__main__":
    print(markdown_table())
