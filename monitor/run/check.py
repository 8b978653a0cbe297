"""One check of one watch, end to end: fetch -> extract -> compare -> store.

``run.round`` runs many of these at once: the fetches concurrently on one
event loop, the diff of a changed text in a worker thread, so a slow diff
never stalls the network side, and every result through one ``CheckWriter``. Every
outcome is a value (``unchanged``, ``changed``, ``failed``, ``suspect``,
``first``); a failure is recorded on the check row and never produces
changes.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, cast

from monitor.config.schedule import next_due
from monitor.diff.lineage import plan_first, plan_lineage
from monitor.notify.payload import DEFAULT_NOTIFIERS, changes_payload, named_notifiers, status_payload
from monitor.rules import Rules, select
from monitor.run.feeds import DEFAULT_MAX_WATCHES
from monitor.sources.addresses import AddressPolicy
from monitor.sources.base import Fetched, failed
from monitor.sources.offload import WorkFailed, queue_waits
from monitor.store import (
    AlertDraft,
    CheckResult,
    CheckWriter,
    Claim,
    Engine,
    Head,
    LeaseLost,
    Observation,
    Watch,
    content_hash,
    latest_versions,
    lineage_ids,
    record_check,
    reversion_texts,
    session_scope,
    snapshot_heads,
    snapshot_text,
    snapshot_texts,
    sync_lineage,
    utcnow,
    watch_has_lineage,
)
from monitor.text.normalize import normalize
from monitor.text.overlap import gate_wording, kept_fraction
from monitor.text.segment import sentences


@dataclass(frozen=True)
class CheckSettings:
    """Knobs of a check that are not per watch (one home for each default)."""

    suspect_ratio: float = 0.3  # a version under 30% of the previous text is suspect
    foreign_kept: float = 0.05  # ...and so is one that keeps under 5% of its three-word runs (text.overlap)
    failing_after: int = 3  # consecutive failures before the one "failing" alert
    rules: Rules = field(default_factory=Rules)
    notifiers: tuple[dict[str, Any], ...] = DEFAULT_NOTIFIERS
    concurrency: int = 50
    per_host: int = 8
    feed_max_watches: int = DEFAULT_MAX_WATCHES  # watches one feed may spawn in all
    # Addresses refused when a page is read (``sources.addresses``): none by default.
    addresses: AddressPolicy | None = None


@dataclass(frozen=True)
class CheckReport:
    """What one check did, for the CLI, the logs and the daemon's counters."""

    watch_id: int
    watch: str
    url: str
    outcome: str
    duration_ms: int
    version: int | None = None
    changes: int = 0
    alerts: int = 0
    error: str | None = None
    lease_lost: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


FetchOne = Callable[[Watch], Awaitable[Fetched]]
RunCPU = Callable[..., Awaitable[Any]]
_SAME = ("not_modified", "same_body")


async def check_one(
    engine: Engine,
    claim: Claim,
    fetch: FetchOne,
    *,
    settings: CheckSettings,
    worker_id: str | None = None,
    clock: Callable[[], datetime] = utcnow,
    writer: CheckWriter | None = None,
    cpu: RunCPU | None = None,
    diff: Callable[[str, str], Any] | None = None,
) -> CheckReport:
    """Fetches one claimed watch, compares it and records the result.

    Most checks end at ``_quick``: a failure, a 304, the same bytes or the
    same text as the last good version need neither a query nor a thread.
    Only a text that differs goes to a worker thread to be diffed. With a
    ``writer`` the result joins its shared transactions; without one it is
    written on its own. ``cpu`` runs the diff (``FetchContext.cpu``: the one
    thread extraction uses, as more threads only fight over the GIL);
    without it, a worker thread. ``diff`` (``run.jobs.stoppable_diff``) diffs
    where a long diff can be stopped; a diff that runs past its deadline
    or out of memory fails the check with the reason, like a failed fetch.
    """
    w = claim.watch
    assert w.id is not None
    t0, p0 = clock(), time.perf_counter()
    waits: list[float] = []  # each check runs in its own task, so this is its own list
    queue_waits.set(waits)
    got = await fetch(w)
    try:
        if got.status == "ok" and got.extra.get("entries"):  # a source that lists entries (feed) spawns watches
            from monitor.run.feeds import spawn_entries

            await asyncio.to_thread(spawn_entries, engine, w, got.extra["entries"], settings.feed_max_watches)
        quick = _quick(w, claim.head, got, settings, t0, clock()) if claim.head is not None else None
        if quick is not None:
            result, n_changes = quick, 0
        else:
            try:
                result, n_changes = await (cpu or asyncio.to_thread)(_compare, engine, w, got, settings, t0, clock,
                                                                     diff)
            except WorkFailed as e:
                result, n_changes = _quick(w, cast(Head, claim.head), failed(str(e)), settings, t0, clock()), 0
        if waits:
            result = replace(result, queued=sum(waits))
        if result.outcome == "first" and result.observation is not None:  # statement lineage starts here
            result = replace(result, lineage=await (cpu or asyncio.to_thread)(plan_first, result.observation.text))
        if writer is not None:
            rec = await writer.record(w.id, claim.token, result, worker_id=worker_id)
        else:
            rec = await asyncio.to_thread(record_check, engine, w.id, claim.token, result, worker_id=worker_id)
    except LeaseLost:
        return CheckReport(w.id, w.name, w.url, "lease_lost", _ms(p0, waits), lease_lost=True,
                           error="lease expired before the result could be written; another worker has it")
    return CheckReport(
        watch_id=w.id, watch=w.name, url=w.url, outcome=result.outcome, duration_ms=_ms(p0, waits),
        version=rec.version, changes=n_changes, alerts=len(rec.alert_ids), error=result.error,
    )


def _ms(p0: float, waits: Sequence[float] = ()) -> int:
    """Milliseconds since ``p0`` that the check spent working: its jobs' waits for a thread or a
    worker (``sources.offload.queue_waits``) are queue time, not the check's."""
    return max(0, int((time.perf_counter() - p0 - sum(waits)) * 1000))


def _due(w: Watch, now: datetime, failures: int, last_change_at: datetime | None,
         retry_after: float | None = None) -> datetime:
    return next_due(
        now=now, interval=w.interval_seconds, cron=w.cron, timezone=w.timezone or "UTC",
        min_interval=w.min_interval, max_interval=w.max_interval, adaptive=w.adaptive,
        last_change_at=last_change_at, failures=failures, retry_after=retry_after,
    )


def _quick(
    w: Watch, head: Head, got: Fetched, settings: CheckSettings, started: datetime, now: datetime, *,
    settling: bool = False,
) -> CheckResult | None:
    """The outcome, when it needs no stored text: None means ``_compare`` must decide.
    ``settling``: ``_compare`` has read the distrusted version's text and decides with it here."""
    if got.status == "failed":
        failures = w.consecutive_failures + 1
        alerts: list[AlertDraft] = []
        sent = None
        if failures >= settings.failing_after and not w.failing_alert_sent:
            # Keyed by the check that found the episode failing: each outage is its own alert
            # (a key by failure count was the same for every outage, and the second was dropped).
            alerts = _drafts(w, settings, _status_payload(w, "failing", now, got.error),
                             key=f"failing:{now.isoformat()}")
            sent = True
        return CheckResult(
            outcome="failed", started_at=started, finished_at=now,
            next_due=_due(w, now, failures, None, got.retry_after),
            error=got.error or "failed", http_status=got.http_status, alerts=alerts, failing_alert_sent=sent,
        )
    if not settling and got.status in _SAME and head.last_suspect and (
            got.status == "same_body" or head.last_validated):
        return None  # the distrusted version seen again: its text decides
    # Otherwise a 304 answers the good version's validators (the distrusted
    # page brought none): the story is back, and the distrusted page dismissed.
    seen = _seen(got, started, now)
    recovered = _recovery(w, settings, now)
    if got.status in _SAME or got.text is None or (
        head.good_id is not None and content_hash(got.text) == head.good_hash
    ):
        if head.last_suspect and got.status == "not_modified" and not settling:
            # The body hash this 304 carries is the distrusted page's: forget
            # it, or that page served again would pass for "the same body".
            seen["body_hash"] = ""
        return _unchanged(w, head, now, recovered, seen)
    if head.good_id is None:
        return CheckResult(outcome="first", next_due=_due(w, now, 0, now), observation=_observation(got, now),
                           alerts=recovered, **seen)
    return None


def _unchanged(w: Watch, head: Head, now: datetime, recovered: list[AlertDraft], seen: dict[str, Any]) -> CheckResult:
    """Nothing a reader would call a change; a distrusted version before it is
    dismissed: the story is back."""
    return CheckResult(outcome="unchanged", next_due=_due(w, now, 0, head.good_at), alerts=recovered,
                       dismiss=head.last_id if head.last_suspect else None, **seen)


def _seen(got: Fetched, started: datetime, now: datetime) -> dict[str, Any]:
    """What every result of a page that was read carries: its times, status and validators."""
    return dict(started_at=started, finished_at=now, http_status=got.http_status, etag=got.etag,
                last_modified=got.last_modified, body_hash=got.raw_hash)


def _observation(got: Fetched, now: datetime) -> Observation:
    """A version to store, with its language (``text.lang``: a word count settles most
    pages in well under a millisecond; only a new version pays it)."""
    from monitor.text.lang import detect_language

    assert got.text is not None
    return Observation(
        text=got.text, fetched_at=now, http_status=got.http_status, etag=got.etag,
        last_modified=got.last_modified, content_type=got.content_type, final_url=got.final_url,
        title=got.title, language=detect_language(got.text),
    )


def _compare(
    engine: Engine, w: Watch, got: Fetched, settings: CheckSettings, started: datetime,
    clock: Callable[[], datetime], differ: Callable[[str, str], Any] | None = None,
) -> tuple[CheckResult, int]:
    """Reads the stored versions and diffs: a text that differs, or a distrusted version to settle.

    The head is read again here rather than trusted from the claim: this is
    the rare path, and it must be right even if a version was pruned since.
    """
    assert w.id is not None
    with session_scope(engine) as s:
        head = snapshot_heads(s, [w.id])[w.id]
        texts = snapshot_texts(s, [i for i in (head.good_id, head.last_id if head.last_suspect else None) if i])
    good_text = texts.get(head.good_id or 0)
    last_text = texts.get(head.last_id or 0) if head.last_suspect else None
    if got.status in _SAME and last_text is not None:
        # The same bytes as the distrusted version: that version seen again.
        got = replace(got, status="ok", text=last_text)
    now = clock()
    if good_text is None:
        head = replace(head, good_id=None)
    quick = _quick(w, head, got, settings, started, now, settling=True)
    if quick is not None:
        return quick, 0
    assert got.text is not None and good_text is not None
    text = got.text
    obs = _observation(got, now)
    recovered = _recovery(w, settings, now)
    seen = _seen(got, started, now)
    distrust = _distrust(text, good_text, settings, held=last_text,
                         seen_before=head.last_suspect and obs.content_hash == head.last_hash)
    if distrust:
        # Store it, distrust it: a paywall, a bot challenge or an error page
        # served with 200 must never read as "every statement removed". The
        # good version stays the one the next check is compared with, so the
        # story coming back is no change.
        return CheckResult(
            outcome="suspect", next_due=_due(w, now, 0, head.good_at),
            observation=replace(obs, suspect=True), error=distrust, alerts=recovered, **seen,
        ), 0

    from monitor.diff.engine import diff_texts  # loaded by the first text that differs

    diff = (differ or diff_texts)(good_text, text)
    if not diff:
        # Only typography or spacing moved: nothing a reader would call a change.
        return _unchanged(w, head, now, recovered, seen), 0
    rules = Rules.from_mapping(w.rules, settings.rules)
    with session_scope(engine) as s:
        recent = _recent_statements(s, w.id, rules.flipflop_versions, skip=head.good_id)
        reported = _reported_reversions(s, w.id)
        chained = lineage_ids(s, head.good_id) is not None
        gap = not chained and watch_has_lineage(s, w.id)
    if gap:  # a distrusted version since confirmed has none yet: number it, then chain from it
        sync_lineage(engine, w.id, diff=differ)
        with session_scope(engine) as s:
            chained = lineage_ids(s, head.good_id) is not None
    sel = select(diff.changes, diff.groups, rules, recent=recent, reported_reversions=reported)
    alerts = list(recovered)
    if sel:
        window = w.debounce_seconds if w.debounce_seconds is not None else rules.debounce_seconds
        alerts += _drafts(w, settings, _changes_payload(w, sel, now, obs.title), debounce=float(window))
    return CheckResult(
        outcome="changed", next_due=_due(w, now, 0, now), observation=obs, changes=diff.changes,
        compared_to=head.good_id, alerts=alerts, lineage=plan_lineage(diff) if chained else None, **seen,
    ), len(diff.changes)


def _distrust(text: str, good_text: str, settings: CheckSettings, *, seen_before: bool,
              held: str | None = None) -> str | None:
    """Why a version that differs is held as ``suspect`` rather than diffed; None to diff it.

    Two signs, either enough the first time a version is seen:
    - it shrank below ``suspect_ratio`` of the last good version;
    - it shares almost none of that version's wording (under ``foreign_kept``
      of its three-word runs), whatever its length: a challenge or error page
      padded out to look like an article.
    Seen again on the next check, a held version is believed: a story really
    cut down (the same text again), a URL reused for another article, a
    rewrite from scratch or a live blog whose every entry rolled off between
    two checks (the same text, or one that keeps half the held one's wording).
    Except when it shrank and shares no statement with the story, or shares
    nothing and reads like a gate page ("verify you are human", "page not
    found"): those stay held however often they are served, so the story
    coming back is compared with the last good version and is no change.
    """
    size, good_size = len(text.strip()), len(good_text.strip())
    shrunk = size < settings.suspect_ratio * good_size
    kept = kept_fraction(good_text, text)
    foreign = kept is not None and kept < settings.foreign_kept
    if not (shrunk or foreign):
        return None
    gate = gate_wording(text) if foreign else None
    if shrunk and seen_before and _shares_a_statement(text, good_text):
        return None
    if not shrunk and foreign and not gate and held is not None:
        like_held = kept_fraction(held, text)
        if seen_before or (like_held is not None and like_held >= 0.5):
            return None
    if foreign:
        why = f"shares {kept:.0%} of the last good version's wording ({size} of {good_size} characters)"
        if gate:
            return f"{why} and reads like a challenge or error page ({gate!r}); held until the story is back"
        return f"{why}; waiting for the next check to confirm"
    return f"text shrank to {size} of {good_size} characters; waiting for the next check to confirm"


def _shares_a_statement(text: str, good_text: str) -> bool:
    kept = {normalize(x) for x in sentences(good_text)}
    return any(normalize(x) in kept for x in sentences(text))


def _recovery(w: Watch, settings: CheckSettings, now: datetime) -> list[AlertDraft]:
    if not w.failing_alert_sent:
        return []
    return _drafts(w, settings, _status_payload(w, "recovered", now, None),
                   key=f"recovered:{w.last_check_at.isoformat() if w.last_check_at else now.isoformat()}")


def _recent_statements(s, watch_id: int, n: int, skip: int | None) -> list[set[str]]:
    """Normalised statements of the versions before the current good one."""
    if n <= 0:
        return []
    rows = latest_versions(s, watch_id, n, skip=skip)
    return [{normalize(x) for x in sentences(snapshot_text(r))} for r in rows]


def _reported_reversions(s, watch_id: int) -> set[str]:
    return {normalize(t) for t in reversion_texts(s, watch_id)}


def _drafts(
    w: Watch, settings: CheckSettings, payload: dict[str, Any], key: str | None = None, debounce: float = 0.0,
) -> list[AlertDraft]:
    """One alert per configured notifier: each is its own receiver, with its own key and delivery state."""
    return [AlertDraft(notifier=name, payload=payload, key=key, debounce=debounce)
            for name, _ in named_notifiers(w.notifiers, settings.notifiers)]


def _changes_payload(w: Watch, sel, now: datetime, title: str | None) -> dict[str, Any]:
    return changes_payload(w.name, w.url, sel.changes, sel.groups, now, title)


def _status_payload(w: Watch, kind: str, now: datetime, error: str | None) -> dict[str, Any]:
    return status_payload(w.name, w.url, kind, now, error)
