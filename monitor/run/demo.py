"""``monitor demo``: the whole pipeline on the bundled seed story, on this
machine, with nothing to configure and no network beyond 127.0.0.1.

A local news site serves the seed story; a fresh database and the real
daemon check it every second; the site moves to the next version once the
daemon has seen the current one; alerts go to the terminal and to files in
``alerts/``; at the end, a summary and an HTML report of how the story
evolved.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from monitor.errors import MonitorError

STORY_PATH = "/story/istanbul-talks"


@dataclass(frozen=True)
class DemoResult:
    versions: int
    changes: int
    alerts: int
    seconds: float
    report: Path
    database: Path


def find_seeds(explicit: Path | None = None) -> Path:
    here = Path(__file__).resolve().parent.parent / "seeds" / "istanbul-talks"
    for cand in filter(None, (explicit, Path.cwd() / "seeds" / "istanbul-talks", here)):
        if (cand / "versions.json").is_file():
            return cand
    raise MonitorError("cannot find the seed story (seeds/istanbul-talks); run the demo from the project folder "
                       "or pass --seeds DIR")


def load_seed(seeds: Path) -> list[str]:
    meta = json.loads((seeds / "versions.json").read_text(encoding="utf-8"))
    return [(seeds / m["file"]).read_text(encoding="utf-8") for m in meta]


def run_demo(
    *,
    seeds: Path | None = None,
    data_dir: Path = Path("snapshots"),
    alerts_dir: Path = Path("alerts"),
    interval: float = 1.0,
    say: Callable[[str], None] = print,
    timeout: float = 120.0,
) -> DemoResult:
    from monitor.origin import Origin
    from monitor.rules import Rules
    from monitor.run.check import CheckSettings
    from monitor.run.daemon import Daemon, DaemonSettings
    from monitor.run.deliver import Deliverer
    from monitor.store import add_watch, get_engine, session_scope
    from monitor.views.report import story_report

    versions = load_seed(find_seeds(seeds))
    data_dir.mkdir(parents=True, exist_ok=True)
    alerts_dir.mkdir(parents=True, exist_ok=True)
    db = data_dir / "demo.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    engine = get_engine(f"sqlite:///{db}")
    notifiers = ({"type": "console"}, {"type": "file", "directory": str(alerts_dir)})
    started = time.monotonic()

    with Origin({STORY_PATH: versions}) as origin:
        url = origin.url(STORY_PATH)
        with session_scope(engine, write=True) as s:
            add_watch(s, "istanbul-talks", url, interval_seconds=max(1, int(interval)), adaptive=False,
                      notifiers=list(notifiers))
        say(f"demo: serving {len(versions)} versions of the seed story at {url}")
        say(f"demo: database {db}; alerts in {alerts_dir}/")

        deliverer = Deliverer(engine, defaults=notifiers)
        seen: list[int] = []
        state = {"changes": 0}

        def on_check(r) -> None:
            if r.version is not None and (not seen or r.version > seen[-1]):
                seen.append(r.version)
                state["changes"] += r.changes
                say(f"demo: version {r.version} of {len(versions)} seen ({r.outcome}, {r.changes} changes)")
                if origin.stories[STORY_PATH].index + 1 < len(versions):
                    origin.advance(STORY_PATH)

        daemon = Daemon(
            engine,
            settings=DaemonSettings(tick=0.2, outbox_every=0.3, heartbeat_every=5, host_gap=0.0),
            check_settings=CheckSettings(rules=Rules(debounce_seconds=0), notifiers=notifiers),
            deliver=lambda: asyncio.to_thread(deliverer.deliver_due),
            on_check=on_check,
        )

        async def main() -> None:
            task = asyncio.create_task(daemon.run())
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                await asyncio.sleep(0.2)
                if seen and seen[-1] >= len(versions):
                    break
            daemon.stop()
            await task

        import logging

        logging.getLogger("monitor").setLevel(logging.WARNING)
        asyncio.run(main())

    if not seen or seen[-1] < len(versions):
        raise MonitorError(f"the demo saw {seen[-1] if seen else 0} of {len(versions)} versions before timing out")
    report = alerts_dir / "demo-report.html"
    report.write_text(story_report(engine, "istanbul-talks"), encoding="utf-8")
    return DemoResult(versions=len(seen), changes=state["changes"], alerts=deliverer.sent,
                      seconds=time.monotonic() - started, report=report, database=db)
