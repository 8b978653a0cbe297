"""What a ``monitor.toml`` written by someone else may reach, and how ``sync --dry-run`` shows it.

A config file is data from whoever wrote it. ``monitor sync`` lets it:

- read local files only under the directories the person running it names
  with ``--allow-files DIR`` (none by default): a file watch, and a notifier's
  ``directory``, ``template_dir`` or ``ca_file``, resolved (``..`` and symlinks
  followed) before the check, so ``../../etc/passwd`` cannot step out;
- read environment variables as secrets only when they are named
  ``MONITOR_SECRET_*`` or listed in ``MONITOR_SECRET_ALLOW`` (``monitor.config.secrets``;
  every notifier enforces it, whichever way its options came in);
- send alerts anywhere it says, which is why ``--dry-run`` lists every
  endpoint (masked) and every secret and file it would read, before anything
  is written.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from monitor.config.secrets import (
    ENV_PREFIX,
    REF,
    is_ref,
    mask_endpoint,
    mask_options,
    mask_url,
    secret_name,
    url_secret,
)

# Notifier options that name a local path the notifier reads or writes.
PATH_OPTIONS = ("directory", "template_dir", "ca_file")


def _inside(path: Path, roots: Sequence[Path]) -> bool:
    return any(path == root or path.is_relative_to(root) for root in roots)


def _roots_text(roots: Sequence[Path]) -> str:
    if not roots:
        return "monitor sync reads local files only under a directory you allow with --allow-files DIR"
    return "outside the directories allowed with --allow-files (" + ", ".join(str(r) for r in roots) + ")"


def resolve_roots(dirs: Iterable[Path | str]) -> tuple[Path, ...]:
    """The ``--allow-files`` directories, resolved once so that comparisons see through symlinks."""
    return tuple(Path(d).expanduser().resolve() for d in dirs)


def check_file_target(raw: str, base_dir: Path | None, roots: Sequence[Path]) -> None:
    """Refuse a file watch outside ``roots``, before asking whether the file exists.

    Checked first so that a config cannot even learn which paths exist
    outside the allowed directories from the error it gets.
    """
    from monitor.config.settings import Invalid

    path = Path(raw.strip()).expanduser()
    if not path.is_absolute() and base_dir is not None:
        path = base_dir / path
    resolved = path.resolve()
    if not _inside(resolved, roots):
        raise Invalid(f"{raw.strip()!r} is a local file ({resolved}); {_roots_text(roots)}")


def check_notifier_paths(entry: Mapping[str, Any], roots: Sequence[Path]) -> None:
    """Refuse a notifier option that reads or writes a local path outside ``roots``.

    Relative paths are taken from the working directory, as the notifier itself will.
    """
    from monitor.config.settings import Invalid

    for key in PATH_OPTIONS:
        value = entry.get(key)
        if not isinstance(value, str):
            continue
        resolved = Path(value).expanduser().resolve()
        if not _inside(resolved, roots):
            raise Invalid(f"option {key!r}: {value!r} ({resolved}) is a local path; {_roots_text(roots)}")


def secrets_read(entry: Mapping[str, Any]) -> list[str]:
    """The environment variables a notifier config reads as secrets."""
    names: list[str] = []

    def walk(key: str, value: Any) -> None:
        if isinstance(value, Mapping):
            for k, v in value.items():
                walk(str(k), v)
        elif isinstance(value, list | tuple):
            for v in value:
                walk(key, v)
        elif isinstance(value, str):
            if key.endswith("_env"):
                names.append(value)
            elif is_ref(value):
                names.append(value[len(REF):])

    for k, v in entry.items():
        walk(str(k), v)
    return names


def inline_secrets(entry: Mapping[str, Any]) -> list[str]:
    """The options of a notifier config that hold a secret written in place (shown ``***``)."""
    found = []
    for key, value in entry.items():
        if isinstance(value, Mapping):
            found += [f"{key}.{k}" for k, v in value.items() if secret_name(str(k)) and v and not is_ref(v)]
        elif isinstance(value, str) and value and secret_name(str(key)) and not is_ref(value):
            found.append(str(key))
    return found


def endpoint(entry: Mapping[str, Any]) -> str:
    """Where a notifier sends alerts, in one masked line: what ``sync --dry-run`` shows."""
    kind = str(entry.get("type"))
    if kind == "webhook":
        preset = entry.get("preset", "generic")
        return f"webhook ({preset}) POST {mask_endpoint(str(entry.get('url')))}"
    if kind == "email":
        security = entry.get("security", "starttls")
        port = entry.get("port") or {"starttls": 587, "ssl": 465, "none": 25}.get(str(security), "?")
        to = ", ".join(str(a) for a in entry.get("to") or ())
        return f"email via {entry.get('host', 'localhost')}:{port} ({security}) to {to}"
    if kind == "file":
        return f"file in {Path(str(entry.get('directory', 'alerts'))).expanduser().resolve()}"
    if kind == "console":
        return f"console ({entry.get('stream', 'stdout')})"
    if kind == "apprise":
        return "apprise to " + ", ".join(mask_endpoint(str(u)) if str(u).startswith(("http://", "https://"))
                                         else (str(u) if is_ref(u) else f"{str(u).split('://', 1)[0]}://***")
                                         for u in entry.get("urls") or ())
    import json

    options = {k: v for k, v in mask_options(entry).items() if k not in ("type", "name")}
    return f"{kind} {json.dumps(options, ensure_ascii=False, sort_keys=True)}"


def request_secrets(request: Mapping[str, Any]) -> list[str]:
    """The environment variables a watch's request reads: its basic auth and ``env:`` header or cookie values."""
    names = []
    auth = request.get("auth") or ""
    if REF in auth:
        names.append(auth.split(REF, 1)[1])
    for key in ("headers", "cookies"):
        for value in (request.get(key) or {}).values():
            if isinstance(value, str) and value.startswith(REF):
                names.append(value[len(REF):])
    return names


def reach(specs: Iterable[Any], defaults: Sequence[Mapping[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Every endpoint, secret and local file the watches of a config would reach, with the watches,
    as data (``sync --dry-run --json``). A watch without notifiers uses ``defaults`` (the daemon's)."""
    sent: dict[str, list[str]] = {}
    secrets: dict[str, list[str]] = {}
    inline: dict[str, list[str]] = {}
    files: list[dict[str, Any]] = []
    proxies: dict[str, list[str]] = {}
    for spec in specs:
        configs = list(spec.notifiers) or list(defaults)
        suffix = "" if spec.notifiers else " (default notifiers)"
        for cfg in configs:
            sent.setdefault(endpoint(cfg), []).append(spec.name + suffix)
            for name in secrets_read(cfg):
                secrets.setdefault(name, []).append(spec.name)
            for key in inline_secrets(cfg):
                inline.setdefault(f"{cfg.get('name') or cfg.get('type')} {key}", []).append(spec.name)
        if "://" not in spec.url:  # a source that reads local paths (file, or a plugin)
            files.append({"path": spec.url, "watches": [spec.name]})
        elif (name := url_secret(spec.url)) is not None:
            secrets.setdefault(name, []).append(spec.name)
        request = getattr(spec, "request", None) or {}
        for name in request_secrets(request):
            secrets.setdefault(name, []).append(spec.name)
        if proxy := request.get("proxy"):
            proxies.setdefault(mask_url(proxy), []).append(spec.name)
    return {
        "pages_read_through": [{"proxy": where, "watches": names} for where, names in proxies.items()],
        "alerts_sent_to": [{"endpoint": where, "watches": names} for where, names in sent.items()],
        "secrets_from_env": [{"name": n, "watches": list(dict.fromkeys(w))} for n, w in secrets.items()],
        "secrets_in_file": [{"option": o, "watches": list(dict.fromkeys(w))} for o, w in inline.items()],
        "files_read": files,
    }


def reach_lines(specs: Iterable[Any], defaults: Sequence[Mapping[str, Any]]) -> list[str]:
    """``reach`` as the lines ``sync --dry-run`` prints."""
    r = reach(specs, defaults)
    lines: list[str] = []
    if r["pages_read_through"]:
        lines.append("pages would be read through proxies:")
        lines += [f"  {e['proxy']}: {', '.join(e['watches'])}" for e in r["pages_read_through"]]
    if r["alerts_sent_to"]:
        lines.append("alerts would be sent to:")
        lines += [f"  {e['endpoint']}: {', '.join(e['watches'])}" for e in r["alerts_sent_to"]]
    if r["secrets_from_env"]:
        lines.append(f"secrets read from the environment (only {ENV_PREFIX}* or allow-listed names):")
        lines += [f"  {e['name']}: {', '.join(e['watches'])}" for e in r["secrets_from_env"]]
    if r["secrets_in_file"]:
        lines.append("secrets written in the file (shown as ***):")
        lines += [f"  {e['option']}: {', '.join(e['watches'])}" for e in r["secrets_in_file"]]
    if r["files_read"]:
        lines.append("local files read:")
        lines += [f"  {e['path']}: {', '.join(e['watches'])}" for e in r["files_read"]]
    return lines
