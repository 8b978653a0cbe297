"""CPU and memory of checking one very long feed: first, unchanged, changed.

A local server (a thread of this process, so its CPU is not counted) serves
an RSS feed of ``--entries`` items (100,000 by default, about 7.7 MB, each a
title and a link) without validators, so nothing but the monitor's own
limits keeps the work down. ``monitor check`` of the feed watch runs three
times, each in its own process: the first check, the same bytes again, and
the feed with one new entry on top. Each row is that process's CPU seconds
(its worker processes included) and the largest resident size of any of
them, from ``wait4``.

    python -m benchmarks.bench_feed [--entries N]

``--help`` prints this and runs nothing.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def feed(base: str, entries: int, newest: int) -> bytes:
    """Entries ``newest`` down to ``newest - entries + 1``, newest first, as feeds list them."""
    items = "".join(f"<item><title>Entry {i}</title><link>{base}/entry/{i}</link></item>"
                    for i in range(newest, newest - entries, -1))
    return (f"<?xml version='1.0'?><rss version='2.0'><channel><title>Section</title>{items}"
            "</channel></rss>").encode()


class _Feed(BaseHTTPRequestHandler):
    body = b""

    def do_GET(self) -> None:  # noqa: N802 - the http.server name
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args: object) -> None:
        pass


def _monitor(args: list[str], cwd: str) -> tuple[float, float, float, str]:
    """Runs ``monitor ARGS``: wall s, CPU s (with its children), largest RSS in MB, last output line."""
    env = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "monitor", *args], cwd=cwd, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = proc.stdout.read().decode() if proc.stdout else ""
    _, _, usage = os.wait4(proc.pid, 0)
    proc.returncode = 0  # reaped above
    lines = [ln for ln in out.splitlines() if ln.strip()]
    said = " | ".join(ln.strip() for ln in lines if not ln.startswith("checked"))[:160]
    return (time.perf_counter() - started, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, said)


def run(entries: int = 100_000) -> bool:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Feed)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    first = feed(base, entries, entries)
    changed = feed(base, entries + 1, entries + 1)
    print(f"feed of {entries:,} entries, {len(first) / 1e6:.1f} MB, no validators")
    print(f"{'check':<10} {'wall s':>7} {'CPU s':>7} {'max RSS MB':>11}  output")
    try:
        with tempfile.TemporaryDirectory() as tmp:
            db = str(Path(tmp) / "monitor.db")
            subprocess.run([sys.executable, "-m", "monitor", "add", f"{base}/section.xml", "--feed", "--name",
                            "section", "--db", db], cwd=tmp, env={**os.environ, "PYTHONPATH": str(ROOT)},
                           check=True, capture_output=True)
            for label, body in (("first", first), ("unchanged", first), ("changed", changed)):
                _Feed.body = body
                wall, cpu, rss, said = _monitor(["check", "section", "--db", db], tmp)
                print(f"{label:<10} {wall:>7.1f} {cpu:>7.1f} {rss:>11.0f}  {said}")
    finally:
        server.shutdown()
    return True


def main(argv: list[str]) -> int:
    if "-h" in argv or "--help" in argv:
        print(__doc__.strip())
        return 0
    entries = 100_000
    if "--entries" in argv:
        entries = int(argv[argv.index("--entries") + 1])
    return 0 if run(entries) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
