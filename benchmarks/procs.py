"""Peak memory of a process together with its children (extraction workers).

``ru_maxrss`` from ``wait4`` is the largest single process of the tree, not
their sum; this samples /proc every 20 ms instead.
"""

from __future__ import annotations

import os
import re
import threading
import time
from pathlib import Path

_RSS = re.compile(r"^VmRSS:\s+(\d+)", re.M)


class TreeRSS:
    """Samples ``pid`` and its descendants from construction until ``stop()`` (or until it exits)."""

    def __init__(self, pid: int, every: float = 0.02) -> None:
        self.pid, self.every = pid, every
        self.peak_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def stop(self) -> int:
        """Peak summed RSS in KB."""
        self._stop.set()
        self._thread.join()
        return self.peak_kb

    def _run(self) -> None:
        while not self._stop.is_set():
            total = _tree_rss(self.pid)
            if total is None:
                return
            self.peak_kb = max(self.peak_kb, total)
            time.sleep(self.every)


def _tree_rss(pid: int) -> int | None:
    """Summed RSS (KB) of ``pid`` and its descendants; None once ``pid`` has exited."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            status = Path(f"/proc/{p}/status").read_text()
            for tid in os.listdir(f"/proc/{p}/task"):
                todo += [int(c) for c in Path(f"/proc/{p}/task/{tid}/children").read_text().split()]
        except OSError:
            if p == pid:
                return None
            continue
        if "State:\tZ" in status:
            if p == pid:
                return None
            continue
        m = _RSS.search(status)
        total += int(m.group(1)) if m else 0
    return total
