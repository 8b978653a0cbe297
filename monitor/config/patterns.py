"""Ignore patterns tried before they are kept: one that backtracks is refused
when the watch is added, edited or synced, not found out at check time.

At check time every pattern already runs under a time budget per page
(``text.extract.apply_ignore``), so a backtracking pattern can only fail its
own watch's checks. That is still a watch that never works, found out one
failed check later. So ``add``, ``edit`` and ``sync`` also try each pattern,
the way a check applies it (``regex``'s ``sub``, with a timeout), on short
probe strings built to make a backtracking pattern try every way of
splitting them: a run of one of the pattern's own characters (or a letter,
a digit, a space) ended by a character that matches nothing (then, again,
by the pattern's last literal character), so an anchored or trailing part
fails only after the run has been split every way.

Measured here on an idle machine: ``(a|aa)+$`` takes 0.4 s on a 30-character
probe and more than 3 s on a 40-character one, ``^(\\s|\\s\\s)*$`` 0.17 s and more
than 3 s: at 30 characters a fast machine finished such a pattern inside the
timeout and accepted it, so probes are 40 characters. Ordinary patterns
(``^Updated .* ago$``, ``Share this.*``, ``(\\w+\\s?)+$``, which the ``regex``
engine handles without backtracking) take microseconds at either length.
A probe gets ``PROBE_TIMEOUT`` seconds, a thousand times what an ordinary
pattern needs, so a loaded machine does not refuse one.
The probes cannot prove a pattern safe (that is the check-time budget's
job); they catch the common shapes at the moment the user is there to fix
them.
"""

from __future__ import annotations

from functools import lru_cache

PROBE_LENGTH = 40  # characters: exponential backtracking shows long before a paragraph's length
PROBE_TIMEOUT = 0.25  # seconds per probe
_END = "\x00"  # matches nothing in an ordinary pattern, so a trailing ``$`` or literal fails at the end
_META = set("\\^$.|?*+()[]{}")
_ALWAYS = "a1 "  # stand-ins for \w, \d, \s, ``.`` and classes
_MAX_CHARS = 8  # of the pattern's own characters


def probes(pattern: str, length: int = PROBE_LENGTH) -> list[str]:
    """Strings of ``length`` characters that make backtracking patterns slow."""
    own: list[str] = []
    escaped = False
    for ch in pattern:
        if escaped:  # ``\d``, ``\.``: the escaped character is a stand-in too, harmless if not matched
            escaped = False
        elif ch == "\\":
            escaped = True
            continue
        elif ch in _META:
            continue
        if ch.isprintable() and ch not in own:
            own.append(ch)
    chars = own[:_MAX_CHARS] + [c for c in _ALWAYS if c not in own[:_MAX_CHARS]]
    out = [c * (length - 1) + _END for c in chars]
    if own:  # the pattern's last literal after the end, so an engine that first looks for it still tries the run
        out += [c * (length - 2) + _END + own[-1] for c in chars]
    # Words and spaces, for nested word repeats such as ``(\w+\s?)+$``.
    out.append(("ab " * length)[: length - 1] + _END)
    # Two of the pattern's characters in turn, for alternations such as ``(ab|a)+$``.
    if len(own) >= 2:
        out.append((own[0] + own[1]) * (length // 2 - 1) + own[0] + _END)
    return out


@lru_cache(maxsize=256)  # a monitor.toml repeats its [defaults] patterns in every watch
def backtracks(pattern: str, *, timeout: float = PROBE_TIMEOUT) -> str | None:
    """Why ``pattern`` is refused (one line), or None. Assumes it compiles."""
    import regex

    rx = regex.compile(pattern)
    for probe in probes(pattern):
        try:
            rx.sub("", probe, timeout=timeout)
        except TimeoutError:
            return (f"pattern {pattern!r} may backtrack catastrophically: timed out on a "
                    f"{len(probe)}-character probe")
    return None
