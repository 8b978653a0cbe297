"""What a watch is configured as, from the command line or from ``monitor.toml``.

Import from here; the submodules are an implementation detail:

- ``settings``: each setting's validator (schedule, URL or file, name,
  selector, ignore patterns, rules, notifiers, retention), ``Schedule`` and
  ``WatchSpec`` (a watch's settings, validated and immutable)
- ``file``: ``load_config`` for ``monitor sync monitor.toml``
"""

from __future__ import annotations

from monitor.config.file import SyncConfig, load_config, parse_config
from monitor.config.settings import (
    DEFAULT_TIMEZONE,
    ConfigError,
    Invalid,
    Schedule,
    WatchSpec,
    check_ignore,
    check_keep,
    check_name,
    check_notifier,
    check_rules,
    check_selector,
    default_name,
    describe_field,
    differences,
    format_duration,
    parse_notifier,
    parse_schedule,
    parse_target,
    setting,
    spec_of,
)

__all__ = [
    "DEFAULT_TIMEZONE",
    "ConfigError",
    "Invalid",
    "Schedule",
    "SyncConfig",
    "WatchSpec",
    "check_ignore",
    "check_keep",
    "check_name",
    "check_notifier",
    "check_rules",
    "check_selector",
    "default_name",
    "describe_field",
    "differences",
    "format_duration",
    "load_config",
    "parse_config",
    "parse_notifier",
    "parse_schedule",
    "parse_target",
    "setting",
    "spec_of",
]
