"""Test hooks for work that never ends, injected where users cannot reach.

``run.jobs.diff_function`` is the diff a check runs; these tests
replace it, in-process with ``monkeypatch`` or in a daemon subprocess with
``run_with_endless_diff``, so a diff that never finishes is certain however
fast the real engine becomes. Workers are spawned, so they import this
module by name and find the same function.
"""

from __future__ import annotations

import sys
import time

# A page whose text holds this never finishes diffing (in a worker: it is
# large, so it goes to one; see ``run.jobs.SMALL_DIFF``).
ENDLESS = "ENDLESS-DIFF-MARKER"


def endless_diff(old: str, new: str):
    """The real diff, except for a text carrying ``ENDLESS``: then forever."""
    if ENDLESS in new:
        while True:
            time.sleep(1.0)
    from monitor.diff.engine import diff_texts

    return diff_texts(old, new)


def big_text(seed: str, paragraphs: int = 60) -> str:
    """A story long enough (about 40,000 characters) that its diff runs in a worker."""
    return "\n\n".join(
        f"{seed} paragraph {i}: the delegations met again on day {i} and the ministry said talks would go on, "
        f"with observers from {i % 7 + 2} countries present and a statement expected in the evening. " * 4
        for i in range(paragraphs)
    )


def run_with_endless_diff() -> None:
    """``python -c 'from tests.hooks import run_with_endless_diff as r; r()' run ...``: the
    ``monitor`` command with ``endless_diff`` as its diff."""
    from monitor.cli import main
    from monitor.run import jobs

    jobs.diff_function = endless_diff
    sys.argv[0] = "monitor"
    main()
