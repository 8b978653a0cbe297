"""The one check of a watched URL, shared by ``add``/``edit``/``sync`` and the fetcher.

It lives below both: a URL that ``monitor add`` accepts is a URL every check
can fetch, so a typo (a space, a bad port) is refused once, at add time, with
the same words the fetcher would use, and never turns into a watch that fails
every check for months.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlsplit

SCHEMES = ("http", "https")


def check_url(url: str) -> str:
    """The URL, stripped, or ``ValueError`` with one line saying what is wrong with it."""
    s = url.strip()
    if (problem := _problem(s)) is not None:
        raise ValueError(f"{s}: {problem}")
    return s


def url_problem(url: str) -> str | None:
    """What is wrong with ``url``, without the URL itself (the caller shows it, masked), or None."""
    return _problem(url.strip())


@lru_cache(maxsize=8192)
def _problem(s: str) -> str | None:
    # Cached: every check of a watch validates the same URL again, and parsing
    # it costs about as much as a quarter of a 304 exchange on loopback.
    parts = urlsplit(s)
    if parts.scheme.lower() not in SCHEMES:
        shown = f"'{parts.scheme}'" if parts.scheme else "none"
        return f"unsupported URL scheme {shown}; use http:// or https://"
    try:
        host = parts.hostname
        parts.port  # noqa: B018 - raises on a bad port
    except ValueError:
        return "the URL has an invalid port"
    if not host:
        return "the URL has no host"
    if any(c.isspace() for c in s):
        return "the URL contains white space (write a space as %20)"
    return None
