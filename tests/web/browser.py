"""A headless Chromium driven over the DevTools protocol (aiohttp's websocket client): enough to load a
page, evaluate JavaScript in it and collect what the console reports. Playwright's own browser cannot be
downloaded here, so the system's ``chromium`` is driven directly; tests skip when there is none."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
from typing import Any

import aiohttp

CONSOLE = ("Runtime.consoleAPICalled", "Log.entryAdded", "Runtime.exceptionThrown")


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Browser:
    """One page in a fresh headless Chromium; ``console`` collects errors and messages as they come."""

    def __init__(self) -> None:
        self.console: list[dict[str, Any]] = []
        self._n = 0

    async def __aenter__(self) -> Browser:
        port = _free_port()
        # Chromium's helper processes may still write into the profile after the browser exits:
        # the whole process group is stopped, and a file they leave behind does not fail the test.
        self._profile = tempfile.TemporaryDirectory(ignore_cleanup_errors=True)
        self._proc = subprocess.Popen(
            [chromium() or "chromium", "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
             f"--user-data-dir={self._profile.name}", f"--remote-debugging-port={port}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        self._http = aiohttp.ClientSession()
        pages: list[dict[str, Any]] = []
        for _ in range(100):
            try:
                async with self._http.get(f"http://127.0.0.1:{port}/json/list") as r:
                    pages = [t for t in await r.json() if t["type"] == "page"]
                if pages:
                    break
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)
        self._ws = await self._http.ws_connect(pages[0]["webSocketDebuggerUrl"], max_msg_size=0)
        for domain in ("Runtime", "Log", "Page"):
            await self.call(f"{domain}.enable")
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._ws.close()
        await self._http.close()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self._proc.pid, signal.SIGTERM)
        self._proc.wait(timeout=10)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self._proc.pid, signal.SIGKILL)  # helpers that outlived the browser
        self._profile.cleanup()

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        self._n += 1
        mine = self._n
        await self._ws.send_json({"id": mine, "method": method, "params": params})
        while True:
            msg = await self._ws.receive_json()
            if msg.get("id") == mine:
                return msg.get("result") or {}
            if msg.get("method") in CONSOLE:
                self.console.append(msg["params"])

    async def evaluate(self, expression: str) -> Any:
        result = await self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        return result.get("result", {}).get("value")

    async def goto(self, url: str) -> None:
        await self.call("Page.navigate", url=url)
        for _ in range(100):
            if await self.evaluate("document.readyState") == "complete":
                return
            await asyncio.sleep(0.05)

    async def press(self, key: str, times: int = 1) -> None:
        """A key pressed as a person would (Tab, Enter), through the browser's input pipeline."""
        codes = {"Tab": (9, ""), "Enter": (13, "\r")}
        code, text = codes[key]
        for _ in range(times):
            await self.call("Input.dispatchKeyEvent", type="keyDown", key=key, code=key,
                            windowsVirtualKeyCode=code, text=text)
            await self.call("Input.dispatchKeyEvent", type="keyUp", key=key, code=key, windowsVirtualKeyCode=code)

    async def type(self, text: str) -> None:
        await self.call("Input.insertText", text=text)

    async def wait_for(self, expression: str, timeout: float = 10) -> Any:
        """Poll ``expression`` until it is truthy (a navigation may be under way)."""
        value = None
        for _ in range(int(timeout / 0.1)):
            try:
                value = await self.evaluate(expression)
            except (KeyError, aiohttp.ClientError):
                value = None
            if value:
                return value
            await asyncio.sleep(0.1)
        return value

    async def drain(self, seconds: float = 0.5) -> None:
        """Collect console messages that arrived without a call in flight."""
        try:
            while True:
                msg = await asyncio.wait_for(self._ws.receive_json(), seconds)
                if msg.get("method") in CONSOLE:
                    self.console.append(msg["params"])
        except TimeoutError:
            pass
