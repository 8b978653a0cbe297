"""The diff a check runs, and where: in the calling thread when small, in a
stoppable worker (``sources.offload``) when large.

The workers belong to the sources layer, which reads pages and must not
know the diff engine; this layer hands them the diff as a job. Measured on
two shared cores: the slowest shapes of texts of ``SMALL_DIFF`` characters
together took about 0.2 s, a full rewrite of 2 x 160,000 characters 40 s,
so below the threshold a diff runs where it is asked for (no pickling, no
process) and above it under the per-check deadline.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

SMALL_DIFF = 32_000  # characters (old + new) diffed in the calling thread
DIFF_MODULES = ("monitor.diff.engine",)  # what a worker imports before its first diff (``Limits.preload``)


def _diff_texts(old: str, new: str) -> Any:
    from monitor.diff.engine import diff_texts

    return diff_texts(old, new)


# The diff a check runs. Tests replace it (a diff that never ends) to prove
# the deadline; it is not a setting a user can reach. Read at each call, and
# by name in a worker: it must stay a module-level function.
diff_function: Callable[[str, str], Any] = _diff_texts


def stoppable_diff(ctx: Any) -> Callable[[str, str], Any]:
    """The diff of a check run in ``ctx`` (a ``FetchContext``): blocking, so call it from ``ctx.cpu``."""

    def diff(old: str, new: str) -> Any:
        return ctx.stoppable(diff_function, old, new, what="diff", here_up_to=SMALL_DIFF)

    return diff
