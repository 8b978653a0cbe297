"""Secrets: where the monitor may read them, and how they are shown (never).

Two rules, in one place so that every renderer and every notifier obeys the same ones:

- **Where from.** A secret is either written in place (a webhook ``secret``, an
  ``Authorization`` header) or a reference ``env:NAME`` to an environment
  variable. Only variables named ``MONITOR_SECRET_*``, or listed by the person
  running the monitor in ``MONITOR_SECRET_ALLOW`` (comma-separated), are ever read
  as secrets: a ``monitor.toml`` written by someone else cannot have ``HOME``'s or
  a cloud key's value sent to its SMTP server.
- **Never shown.** Everything that prints, logs or stores a URL, a notifier's
  options or an error passes it through ``mask_url``, ``mask_endpoint``,
  ``mask_options`` or ``mask_text`` first: a password in a URL, a token in a query
  string or a webhook path, a secret option or an ``Authorization`` header reads
  ``***``. A reference (``env:MONITOR_SECRET_FEED``) is not a secret and is shown,
  so a user can tell which variable to set.

A watch URL never stores a password: ``http://user:pass@host/`` is refused when the
watch is added (``check_url_credentials``), ``http://user:env:MONITOR_SECRET_X@host/``
is accepted, and ``url_auth`` applies the credentials at fetch time.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, unquote, urlsplit, urlunsplit

from monitor.errors import MonitorError

MASK = "***"
ENV_PREFIX = "MONITOR_SECRET_"
ALLOW_VAR = "MONITOR_SECRET_ALLOW"
REF = "env:"

# Names (of options, headers and query parameters) whose values are secrets.
_SECRET_NAME = re.compile(
    r"(^|[-_])pass(word|wd)?$|^pwd$|secret|token|api[-_]?key|^key$|[-_]key$|auth(?!ors?$)|signature|^sig$|^sign$|"
    r"cookie|credential|session|^code$|^access", re.I)
# Option names that name an environment variable rather than hold a value.
_ENV_OPTION = re.compile(r"_env$", re.I)
# Webhook services whose URL path is the credential.
_HOOK_HOSTS = ("hooks.slack.com", "discord.com", "discordapp.com", "webhook.office.com", "chat.googleapis.com")
_URL_IN_TEXT = re.compile(r"\b[a-zA-Z][a-zA-Z0-9+.-]{1,20}://[^\s\"'<>`]+")
_SCHEME_AUTH = re.compile(r"\b(Bearer|Basic|Token|Bot)\s+[A-Za-z0-9._~+/=-]{8,}", re.I)


class SecretError(MonitorError, ValueError):
    """A secret cannot be used as given: one line, never containing the secret."""


# --- where secrets come from ----------------------------------------------------


def allowed_env(name: str) -> bool:
    """Whether ``name`` may be read as a secret: ``MONITOR_SECRET_*`` or listed in ``MONITOR_SECRET_ALLOW``."""
    if name.startswith(ENV_PREFIX) and len(name) > len(ENV_PREFIX):
        return True
    listed = {n.strip() for n in os.environ.get(ALLOW_VAR, "").split(",")}
    return bool(name) and name in listed


def check_env_name(name: str) -> str:
    """``name`` if it may hold a secret; else ``SecretError`` saying which names may."""
    if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name or ""):
        raise SecretError(f"{name!r} is not an environment variable name")
    if not allowed_env(name):
        raise SecretError(f"environment variable {name} cannot be read as a secret: only {ENV_PREFIX}* names "
                          f"are, or names listed in {ALLOW_VAR}")
    return name


def is_ref(value: Any) -> bool:
    """``env:NAME``: a reference to a secret, not the secret."""
    return isinstance(value, str) and value.startswith(REF)


def check_ref(value: str) -> str:
    """A value that may be an ``env:`` reference: the reference's name is checked, a literal passes."""
    if is_ref(value):
        check_env_name(value[len(REF):])
    return value


def read_env(name: str) -> str:
    """The value of an allowed environment variable; ``SecretError`` when not allowed or not set."""
    check_env_name(name)
    value = os.environ.get(name)
    if value is None:
        raise SecretError(f"environment variable {name} is not set")
    return value


def resolve(value: str) -> str:
    """The secret itself: an ``env:`` reference is read (from an allowed variable), a literal is returned."""
    return read_env(value[len(REF):]) if is_ref(value) else value


# --- credentials in a watch URL ------------------------------------------------


def _userinfo(netloc: str) -> tuple[str | None, str | None, str]:
    """(user, password, host[:port]) of a netloc, the password possibly an ``env:`` reference."""
    if "@" not in netloc:
        return None, None, netloc
    info, _, host = netloc.rpartition("@")
    user, sep, password = info.partition(":")
    return unquote(user), (unquote(password) if sep else None), host


def check_url_credentials(url: str) -> str:
    """Refuse a URL that carries a password in clear; check the name of an ``env:`` reference.

    The password would otherwise be stored in the watch row and shown by
    every listing, export, log line and alert that names the URL.
    """
    parts = urlsplit(url)
    user, password, host = _userinfo(parts.netloc)
    if password is None or password == "":
        return url
    if is_ref(password):
        try:
            check_env_name(password[len(REF):])
        except SecretError as e:
            raise SecretError(f"{mask_url(url)}: {e}") from None
        return url
    example = urlunsplit((parts.scheme, f"{quote(user or 'user', safe='')}:{REF}{ENV_PREFIX}NAME@{host}",
                          parts.path, parts.query, ""))
    raise SecretError(f"{mask_url(url)}: a password in the URL would be stored and shown in clear; put it in an "
                      f"environment variable {ENV_PREFIX}NAME and give the URL as {mask_url(example)}")


def url_secret(url: str) -> str | None:
    """The environment variable a watch URL's ``env:`` password reference names, if it has one."""
    try:
        _, password, _ = _userinfo(urlsplit(url).netloc)
    except ValueError:
        return None
    return password[len(REF):] if is_ref(password) else None


def url_auth(url: str) -> tuple[str, tuple[str, str] | None]:
    """The URL without its credentials, and ``(user, password)`` to send, read from the reference.

    A literal password (a watch stored before passwords were refused) is
    still used, so such a watch keeps working; ``SecretError`` when the
    referenced variable is missing or not allowed.
    """
    try:
        parts = urlsplit(url)
    except ValueError:
        return url, None
    user, password, host = _userinfo(parts.netloc)
    if user is None:
        return url, None
    bare = urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))
    if password is None:
        return bare, (user, "")
    return bare, (user, resolve(password))


# --- showing -------------------------------------------------------------------


def _mask_query(query: str, *, every: bool) -> str:
    """The query with secret values replaced, each pair otherwise left exactly as written."""
    out = []
    for pair in query.split("&"):
        key, sep, value = pair.partition("=")
        hidden = sep and value and (every or _SECRET_NAME.search(unquote(key))) and not is_ref(unquote(value))
        out.append(f"{key}={MASK}" if hidden else pair)
    return "&".join(out)


def _token_like(segment: str) -> bool:
    """A path segment that reads as a key rather than a word: long, and letters mixed with digits."""
    s = unquote(segment)
    if len(s) < 16 or not re.fullmatch(r"[A-Za-z0-9._~+=-]+", s) or s.isdigit():
        return False  # short, or an id (Discord's webhook id) rather than the token beside it
    if re.fullmatch(r"[a-z]+(-[a-z0-9]+)+", s):
        return False  # a slug
    mixed = bool(re.search(r"\d", s)) and bool(re.search(r"[A-Za-z]", s))
    return mixed or (s != s.lower() and s != s.upper()) or (len(s) >= 24 and not re.search(r"[-.]", s))


def mask_url(url: str) -> str:
    """A URL to show: a literal password and secret-named query values as ``***``.

    Used for what is being watched: the path is an article's address and is
    kept; a reference (``env:NAME``) is kept so the user knows what to set.
    A URL of a known webhook service is masked as an endpoint.
    """
    if not isinstance(url, str) or "://" not in url:
        return url
    try:
        parts = urlsplit(url)
    except ValueError:
        return MASK
    if (parts.hostname or "").lower().endswith(_HOOK_HOSTS):
        return mask_endpoint(url)
    return _masked(parts, path=False, every_query=False)


def _masked(parts: Any, *, path: bool, every_query: bool) -> str:
    info, at, host = parts.netloc.rpartition("@")
    netloc = parts.netloc
    if at:
        user, sep, password = info.partition(":")
        if sep and password and not is_ref(unquote(password)):
            netloc = f"{user}:{MASK}@{host}"
    p = parts.path
    if path:
        p = "/".join(MASK if _token_like(seg) else seg for seg in p.split("/"))
    query = _mask_query(parts.query, every=every_query) if parts.query else parts.query
    if (netloc, p, query) == (parts.netloc, parts.path, parts.query):
        return parts.geturl()
    return urlunsplit((parts.scheme, netloc, p, query, parts.fragment))


def mask_endpoint(url: str) -> str:
    """A URL that alerts are sent to, to show: also the key-like path segments and every query value.

    A Slack, Discord or Teams hook URL *is* the credential, so only what
    identifies the service survives: ``https://hooks.slack.com/services/T0/B0/***``.
    """
    if not isinstance(url, str):
        return url
    if is_ref(url):
        return url
    if "://" not in url:
        return MASK
    try:
        parts = urlsplit(url)
    except ValueError:
        return MASK
    return _masked(parts, path=True, every_query=True)


def public_url(url: str) -> str:
    """A watch URL as an alert shows it to its readers: no user name or reference at all, secrets masked."""
    if not isinstance(url, str) or "://" not in url:
        return url
    try:
        parts = urlsplit(url)
    except ValueError:
        return MASK
    _, _, host = _userinfo(parts.netloc)
    return mask_url(urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment)))


def mask_text(text: str | None) -> str | None:
    """Free text (an error, a log line) with every URL in it masked and ``Bearer …`` tokens hidden."""
    if not text:
        return text
    out = _URL_IN_TEXT.sub(lambda m: _mask_found(m.group(0)), text)
    return _SCHEME_AUTH.sub(lambda m: f"{m.group(1)} {MASK}", out)


def _mask_found(url: str) -> str:
    # Trailing punctuation belongs to the sentence, not to the URL.
    tail = ""
    while url and url[-1] in ".,;:)]}":
        tail = url[-1] + tail
        url = url[:-1]
    scheme = url.split("://", 1)[0].lower()
    if scheme not in ("http", "https"):
        # apprise-style service URLs (tgram://token/chat): everything after the scheme is the credential
        return f"{scheme}://{MASK}{tail}" if scheme not in ("file", "ftp") else mask_url(url) + tail
    return mask_url(url) + tail


def secret_name(key: str) -> bool:
    """Whether an option, header or parameter called ``key`` holds a secret."""
    return bool(_SECRET_NAME.search(key)) and not _ENV_OPTION.search(key)


def mask_value(key: str, value: Any) -> Any:
    """One option's value, to show."""
    if isinstance(value, Mapping):
        return {k: mask_value(str(k), v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [mask_value(key, v) for v in value]
    if not isinstance(value, str) or is_ref(value):
        return value
    if secret_name(key):
        return MASK if value else value
    if "://" in value:
        scheme = value.split("://", 1)[0].lower()
        return mask_endpoint(value) if scheme in ("http", "https") else f"{scheme}://{MASK}"
    return mask_text(value)


def mask_options(options: Mapping[str, Any]) -> dict[str, Any]:
    """A notifier's configuration to show: secret options and headers ``***``, endpoint URLs masked."""
    return {str(k): mask_value(str(k), v) for k, v in options.items()}


class MaskSecrets(logging.Filter):
    """A logging filter that masks every record's message (text or JSON lines alike) with ``mask_text``.

    Installed on the daemon's handler, so a log line cannot show a password
    or token whatever code wrote it.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_text(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True
