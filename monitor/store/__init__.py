"""Storage: tables, engine, migrations, and the queries the rest of the app uses.

Import from here; the submodules are an implementation detail:

- ``engine``: which database (``database_url``), connecting (``get_engine``,
  migrating on first use), ``session_scope``, ``upgrade`` for ``monitor db upgrade``
- ``watches``: add/get/list/update/remove watches
- ``leases``: ``claim_due``, ``renew_lease``, ``release_lease``
- ``checks``: ``record_check``, all of one check's writes under its lease
- ``writer``: ``CheckWriter``, one thread recording many checks in few transactions
- ``snapshots``: versions, their text and changes, recent checks
- ``outbox``: queued alerts and their delivery state
- ``hosts``: the per-host request budget all daemons share
- ``workers``: daemon heartbeats and the ``monitor status`` summary
- ``retention``: pruning old versions and checks
- ``backup``: writing back the versions and changes ``monitor export`` saved
- ``lineage``: statement identities across versions (``sync_lineage``, ``statement_histories``)
- ``browse``: pages of alerts and versions for the web app and the API
"""

from __future__ import annotations

from monitor.store.backup import SavedChange, SavedVersion, restore_history
from monitor.store.browse import AlertRow, alert_entries, alerts_page, last_alerted, newest_version, versions_page
from monitor.store.checks import (
    AlertDraft,
    CheckResult,
    Observation,
    Recorded,
    content_hash,
    record_check,
)
from monitor.store.columns import utcnow
from monitor.store.compress import compress_text, decompress_text
from monitor.store.engine import (
    DBAPIError,
    Engine,
    Session,
    absolute_sqlite,
    data_dir,
    database_revision,
    database_url,
    get_engine,
    make_engine,
    missing_sqlite_file,
    session_scope,
    upgrade,
)
from monitor.store.errors import (
    AlertNotFound,
    LeaseLost,
    StoreError,
    VersionNotFound,
    WatchExists,
    WatchNotFound,
)
from monitor.store.hosts import Taken, release_host_slot, renew_host_slots, take_host_slot
from monitor.store.leases import (
    Claim,
    claim_due,
    claim_watches,
    fair_share,
    lease_owner,
    release_lease,
    renew_lease,
    renew_leases,
)
from monitor.store.lineage import (
    EventRecord,
    StatementRecord,
    lineage_ids,
    lineage_versions,
    statement_histories,
    sync_lineage,
    watch_has_lineage,
)
from monitor.store.models import (
    OUTCOMES,
    WATCH_KINDS,
    Alert,
    AlertStatus,
    Check,
    HostSlot,
    Outcome,
    Snapshot,
    StoredChange,
    Watch,
    WatchKind,
    Worker,
)
from monitor.store.outbox import (
    claim_alerts,
    failed_alerts,
    mark_delivered,
    mark_failed,
    outbox_counts,
    pending_alerts,
    receiver_counts,
    release_alerts,
    retry_alert,
)
from monitor.store.retention import apply_retention, prune_checks, versions_to_prune
from monitor.store.snapshots import (
    Head,
    VersionInfo,
    changes_for,
    get_change,
    get_snapshot,
    iter_changes,
    iter_versions,
    latest_snapshot,
    latest_versions,
    list_versions,
    recent_checks,
    reversion_texts,
    snapshot_by_id,
    snapshot_heads,
    snapshot_text,
    snapshot_texts,
    stored_changes,
    version_counts,
)
from monitor.store.watches import (
    add_watch,
    count_children,
    count_watches,
    find_watch,
    get_watch,
    list_watches,
    remove_watch,
    update_watch,
    watch_names,
    watch_refs,
    watched_urls,
)
from monitor.store.workers import (
    StatusSummary,
    heartbeat,
    live_workers,
    prune_workers,
    remove_worker,
    status_summary,
)
from monitor.store.writer import CheckWriter

__all__ = [
    "SavedChange",
    "SavedVersion",
    "restore_history",
    "AlertRow",
    "alert_entries",
    "alerts_page",
    "last_alerted",
    "newest_version",
    "versions_page",
    "DBAPIError",
    "absolute_sqlite",
    "database_revision",
    "missing_sqlite_file",
    "Session",
    "count_children",
    "get_change",
    "iter_changes",
    "iter_versions",
    "latest_versions",
    "receiver_counts",
    "release_alerts",
    "reversion_texts",
    "snapshot_by_id",
    "stored_changes",
    "version_counts",
    "watch_names",
    "watched_urls",
    "Engine",
    "lease_owner",
    "OUTCOMES",
    "WATCH_KINDS",
    "Alert",
    "AlertDraft",
    "AlertNotFound",
    "AlertStatus",
    "Check",
    "HostSlot",
    "CheckResult",
    "CheckWriter",
    "Claim",
    "Head",
    "LeaseLost",
    "Observation",
    "Outcome",
    "Recorded",
    "Snapshot",
    "StatusSummary",
    "StoreError",
    "StoredChange",
    "VersionInfo",
    "VersionNotFound",
    "Watch",
    "WatchExists",
    "WatchKind",
    "WatchNotFound",
    "Worker",
    "add_watch",
    "apply_retention",
    "changes_for",
    "claim_alerts",
    "claim_due",
    "claim_watches",
    "compress_text",
    "content_hash",
    "count_watches",
    "data_dir",
    "database_url",
    "decompress_text",
    "failed_alerts",
    "find_watch",
    "get_engine",
    "get_snapshot",
    "get_watch",
    "heartbeat",
    "latest_snapshot",
    "list_versions",
    "list_watches",
    "make_engine",
    "mark_delivered",
    "mark_failed",
    "outbox_counts",
    "pending_alerts",
    "prune_checks",
    "prune_workers",
    "recent_checks",
    "record_check",
    "release_lease",
    "remove_watch",
    "remove_worker",
    "renew_lease",
    "renew_leases",
    "Taken",
    "release_host_slot",
    "renew_host_slots",
    "take_host_slot",
    "fair_share",
    "live_workers",
    "retry_alert",
    "session_scope",
    "snapshot_heads",
    "snapshot_text",
    "snapshot_texts",
    "status_summary",
    "update_watch",
    "upgrade",
    "utcnow",
    "versions_to_prune",
    "watch_refs",
    # statement lineage
    "EventRecord",
    "StatementRecord",
    "lineage_ids",
    "lineage_versions",
    "statement_histories",
    "sync_lineage",
    "watch_has_lineage",
]
