"""What a watch is configured as, from the command line or from ``monitor.toml``.

Import from here; the submodules are an implementation detail:

- ``settings``: each setting's validator (schedule, URL or file, name,
  selector, ignore patterns, rules, notifiers, retention, tags), ``Schedule`` and
  ``WatchSpec`` (a watch's settings, validated and immutable)
- ``file``: ``load_config`` for ``monitor sync monitor.toml``
- ``secrets``: where secrets may be read from, and masking them wherever they are shown
- ``trust``: what a config file from someone else may reach (``monitor sync``)
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from monitor.config.file import SyncConfig, load_config, parse_config
    from monitor.config.settings import (
        DEFAULT_TIMEZONE,
        ConfigError,
        Invalid,
        Schedule,
        WatchSpec,
        check_debounce,
        check_ignore,
        check_keep,
        check_name,
        check_notifier,
        check_notifier_names,
        check_request,
        check_rules,
        check_select,
        check_selector,
        check_tag,
        check_tags,
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

_FILE = frozenset({"SyncConfig", "load_config", "parse_config"})


def __getattr__(name: str) -> Any:
    """Names load their submodule on first use: ``monitor.config.secrets`` is imported by every
    notifier and must not pull in the scheduler and the rules with it."""
    if name not in __all__:
        raise AttributeError(f"module 'monitor.config' has no attribute {name!r}")
    module = importlib.import_module("monitor.config.file" if name in _FILE else "monitor.config.settings")
    value = getattr(module, name)
    globals()[name] = value
    return value


__all__ = [
    "DEFAULT_TIMEZONE",
    "ConfigError",
    "Invalid",
    "Schedule",
    "SyncConfig",
    "WatchSpec",
    "check_debounce",
    "check_ignore",
    "check_keep",
    "check_name",
    "check_notifier",
    "check_notifier_names",
    "check_request",
    "check_rules",
    "check_select",
    "check_selector",
    "check_tag",
    "check_tags",
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
