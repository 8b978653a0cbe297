"""A real webhook receiver on 127.0.0.1 for the delivery tests: it records what arrives and
answers 204, or (``hang``) reads the request and never answers, like a receiver that hangs."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Receiver:
    """A webhook endpoint that records each body with the moment it arrived; ``hang`` makes it
    read the request and then never answer."""

    def __init__(self, *, hang: bool = False) -> None:
        self.got: list[tuple[str, dict, datetime]] = []
        self.release = threading.Event()
        outer = self

        class H(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
                outer.got.append((self.headers.get("Idempotency-Key"), body, datetime.now(UTC)))
                if hang:
                    outer.release.wait(600)
                    return
                self.send_response(204)
                self.end_headers()

            def log_message(self, *a):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), H)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()
