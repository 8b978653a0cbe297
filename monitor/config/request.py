"""A watch's own request and its JSON selection, validated: shared by add, edit, sync and the importers.

The request options are stored together as one table (the watch row's
``request`` column), keyed as ``monitor.toml`` spells them. Secrets follow
``config.secrets``: a header or cookie value may be an ``env:NAME``
reference, read only when the request goes out; basic auth takes *only* a
reference (``USER:env:MONITOR_SECRET_NAME``), so a password is never stored
or printed. Every complaint is an ``Invalid`` of one line that does not
repeat a value that may be secret.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from monitor.config.invalid import Invalid

REQUEST_KEYS = ("headers", "cookies", "user_agent", "method", "body", "proxy", "auth", "timeout")
METHODS = ("GET", "POST", "PUT", "PATCH")
PROXY_SCHEMES = ("http", "https", "socks4", "socks4a", "socks5", "socks5h")
MAX_TIMEOUT = 600
_TOKEN = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")  # an HTTP header or cookie name
_BREAKS = re.compile(r"[\r\n\x00]")


def _value(what: str, value: Any) -> str:
    from monitor.config.secrets import SecretError, check_ref

    if not isinstance(value, str):
        raise Invalid(f"{what} must be a string")
    if _BREAKS.search(value):
        raise Invalid(f"{what} cannot contain a line break")
    try:
        return check_ref(value)
    except SecretError as e:
        raise Invalid(f"{what}: {e}") from None


def check_headers(headers: Any) -> dict[str, str]:
    """Header names are HTTP tokens; values one line, literal or ``env:NAME``."""
    if not isinstance(headers, Mapping):
        raise Invalid("must be a table of header names and values")
    out = {}
    for name, value in headers.items():
        if not isinstance(name, str) or not _TOKEN.match(name):
            raise Invalid(f"{name!r} is not a valid header name")
        out[name] = _value(f"header {name}", value)
    return out


def check_cookies(cookies: Any) -> dict[str, str]:
    if not isinstance(cookies, Mapping):
        raise Invalid("must be a table of cookie names and values")
    out = {}
    for name, value in cookies.items():
        if not isinstance(name, str) or not _TOKEN.match(name):
            raise Invalid(f"{name!r} is not a valid cookie name")
        value = _value(f"cookie {name}", value)
        if ";" in value:
            raise Invalid(f"cookie {name}: a value cannot contain ';'")
        out[name] = value
    return out


def check_user_agent(agent: Any) -> str | None:
    if agent is None or agent == "":
        return None
    if not isinstance(agent, str) or _BREAKS.search(agent) or not agent.strip():
        raise Invalid("must be one line of text")
    return agent.strip()


def check_method(method: Any) -> str | None:
    if method is None or method == "":
        return None
    upper = str(method).strip().upper()
    if upper not in METHODS:
        raise Invalid(f"{method!r} is not a method a watch can use; use {', '.join(METHODS)}")
    return upper


def check_body(body: Any) -> str | None:
    if body is None or body == "":
        return None
    if not isinstance(body, str):
        raise Invalid("must be a string")
    return body


def check_proxy(proxy: Any) -> str | None:
    """http(s) or socks proxies, without credentials (they would be stored)."""
    if proxy is None or proxy == "":
        return None
    parts = urlsplit(str(proxy).strip())
    if parts.scheme.lower() not in PROXY_SCHEMES:
        raise Invalid(f"a proxy URL starts with {', '.join(s + '://' for s in PROXY_SCHEMES)}")
    if "@" in parts.netloc:
        raise Invalid("a proxy with a user name or password is not supported")
    try:
        parts.port  # noqa: B018 - raises on a bad port
    except ValueError:
        raise Invalid(f"{proxy!r} has an invalid port") from None
    if not parts.hostname:
        raise Invalid(f"{proxy!r} names no host")
    return str(proxy).strip()


def check_auth(auth: Any) -> str | None:
    """``USER:env:NAME``: the password only ever as a reference to an allowed variable."""
    from monitor.config.secrets import REF, SecretError, check_env_name

    if auth is None or auth == "":
        return None
    if not isinstance(auth, str) or ":" not in auth:
        raise Invalid("give USER:env:MONITOR_SECRET_NAME (the password is read from that variable)")
    user, _, ref = auth.partition(":")
    if not user or _BREAKS.search(user):
        raise Invalid("the user name is missing")
    if not ref.startswith(REF):
        # Not echoed: what follows the user name is a password.
        raise Invalid(f"the password must come from an environment variable: {user}:env:MONITOR_SECRET_NAME; "
                      "a password is never stored")
    try:
        check_env_name(ref[len(REF):])
    except SecretError as e:
        raise Invalid(str(e)) from None
    return f"{user}:{ref}"


def check_timeout(timeout: Any) -> int | None:
    if timeout is None or timeout == 0:
        return None
    if isinstance(timeout, bool) or not isinstance(timeout, int):
        raise Invalid(f"must be a whole number of seconds, not {timeout!r}")
    if not 1 <= timeout <= MAX_TIMEOUT:
        raise Invalid(f"must be between 1 and {MAX_TIMEOUT} seconds, not {timeout}")
    return timeout


CHECKS = {"headers": check_headers, "cookies": check_cookies, "user_agent": check_user_agent,
          "method": check_method, "body": check_body, "proxy": check_proxy, "auth": check_auth,
          "timeout": check_timeout}


def check_request(values: Mapping[str, Any], *, defaults: bool = True) -> dict[str, Any]:
    """The stored request table from the request settings given (each checked), empty ones left out.

    A body without a method is sent with POST, as a form would be (``defaults``:
    off to check one setting of several on its own).
    """
    out: dict[str, Any] = {}
    for key in REQUEST_KEYS:
        if key in values:
            checked = CHECKS[key](values[key])
            if checked:
                out[key] = checked
    if not defaults:
        return out
    if "body" in out and "method" not in out:
        out["method"] = "POST"
    if out.get("method") == "GET" and "body" in out:
        raise Invalid("a GET request has no body; give method POST (or PUT, PATCH)")
    return out


def check_select(program: str | None) -> str | None:
    """A jq program that compiles (``jq`` is what reads JSON documents, ``sources.documents``)."""
    if program is None or not program.strip():
        return None
    import jq

    try:
        jq.compile(program)
    except ValueError as e:
        raise Invalid(f"{program!r} is not a valid jq program: {' '.join(str(e).split())}") from None
    return program


def parse_header(raw: str) -> tuple[str, str]:
    """``--header 'Name: value'``."""
    name, sep, value = raw.partition(":")
    if not sep or not name.strip():
        raise Invalid("give a header as 'Name: value'")
    return name.strip(), value.strip()


def parse_cookie(raw: str) -> tuple[str, str]:
    """``--cookie name=value``."""
    name, sep, value = raw.partition("=")
    if not sep or not name.strip():
        raise Invalid("give a cookie as name=value")
    return name.strip(), value.strip()


def shown_request(request: Mapping[str, Any]) -> dict[str, Any]:
    """The request table as listings show it: header and cookie values that may be secrets read ***."""
    from monitor.config.secrets import MASK, is_ref, mask_value

    out = dict(request)
    if "headers" in out:
        out["headers"] = {k: mask_value(k, v) for k, v in out["headers"].items()}
    if "cookies" in out:
        out["cookies"] = {k: v if is_ref(v) else MASK for k, v in out["cookies"].items()}
    return out
