"""``monitor status`` as plain data: daemons alive, checks per minute, failing watches, outbox backlog.

The CLI prints it as text or JSON; a web page or an API can return it as is.
Errors and URLs quoted from watches are masked here, once.
"""

from __future__ import annotations

from typing import Any

from monitor.config.secrets import mask_text
from monitor.store import Engine, session_scope, status_summary


def status(engine: Engine) -> dict[str, Any]:
    """The state of the deployment behind ``engine``, JSON-ready (ISO timestamps)."""
    with session_scope(engine) as s:
        st = status_summary(s)
        return {
            "daemons_alive": [{"id": w.id, "host": w.hostname, "pid": w.pid, "checks": w.checks_done,
                               "heartbeat_at": w.heartbeat_at.isoformat()} for w in st.workers_alive],
            "daemons_silent": [{"id": w.id, "heartbeat_at": w.heartbeat_at.isoformat()} for w in st.workers_silent],
            "checks_last_minute": st.checks_last_minute,
            "watches": st.watches, "enabled": st.enabled, "overdue": st.overdue,
            "failing": [{"name": w.name, "failures": w.consecutive_failures, "error": mask_text(w.last_error)}
                        for w in st.failing],
            "outbox": st.outbox,
            "oldest_pending": st.oldest_pending.isoformat() if st.oldest_pending else None,
        }
