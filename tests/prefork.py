"""``monitor`` in a real process of its own, without paying for its imports each time.

Most command tests run ``python -m monitor ...`` and read its exit status and
output. Starting Python and importing the command (SQLAlchemy, SQLModel,
typer, rich, aiohttp, lxml, ...) makes a short command take 0.8 s here, and
the suite runs several hundred of them: minutes of the whole run. Forked from
a process that has imported all of it, the same command takes 0.2 s.

So the suite starts one helper process per pytest process that imports all
of that once and then only forks. For each command it forks a child that
takes the test's environment, working directory and standard streams, and
runs ``monitor`` exactly as ``python -m monitor`` would (``__main__``, argv,
exit status, at-exit handlers). The command still runs in a process of its
own, with its own pid, signals and exit code; only the imports were done
before. Nothing else is done before the fork: no database, no event loop,
no thread, so the child starts as clean as a new interpreter would.

``MONITOR_TEST_FORK=0`` turns it off: every command is a new interpreter
again (slower; the same tests pass). A test that gives the command other
interpreter settings (PYTHONPATH with a plugin on it, another locale) gets a
new interpreter too, as does any system but Linux.

The protocol, over a Unix socket pair inherited by the helper: the test sends
a JSON request and, as ancillary data, its stdin, stdout and stderr files and
one end of a fresh socket pair; a first fork keeps waiting for the command's
process (the second fork) and reports its pid, then its exit status, on that
socket pair. The helper itself never waits, so commands may run at once.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ENV_SWITCH = "MONITOR_TEST_FORK"
_MAX_FDS = 4


def enabled() -> bool:
    return os.environ.get(ENV_SWITCH, "1") != "0" and hasattr(os, "fork") and sys.platform == "linux"


# ---------------------------------------------------------------------------------------------
# The test's side


class _Server:
    """The helper process and the socket to it; one per pytest process, started on first use."""

    def __init__(self) -> None:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock = ours
        self.lock = threading.Lock()
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 - the helper writes to it while it lives
        self.env = dict(os.environ)
        # Started from the project's folder, so that ``-m tests.prefork`` is found; the commands
        # then run in their own folders, with no trace of it on sys.path.
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.prefork", str(theirs.fileno())], pass_fds=[theirs.fileno()],
            cwd=Path(__file__).resolve().parent.parent, env=self.env,
            stdin=subprocess.DEVNULL, stdout=self.log, stderr=self.log,
        )
        theirs.close()
        self.pid = os.getpid()

    def log_text(self) -> str:
        self.log.seek(0)
        return self.log.read().decode(errors="replace")[-4000:]

    def same_start(self, env: dict[str, str]) -> bool:
        """True when ``env`` starts an interpreter the way the helper's did: the same PYTHON*
        settings (path, encoding, flags) and locale. Otherwise only a new interpreter is faithful
        (a plugin on PYTHONPATH, say)."""
        return all(env.get(k) == self.env.get(k) for k in {*env, *self.env} if _at_start(k))

    def alive(self) -> bool:
        return self.pid == os.getpid() and self.proc.poll() is None

    def close(self) -> None:
        if self.pid != os.getpid():
            return
        self.sock.close()  # the helper exits when its socket closes
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


_server: _Server | None = None
_server_lock = threading.Lock()


def _get_server() -> _Server:
    global _server
    with _server_lock:
        if _server is None or not _server.alive():
            _server = _Server()
            atexit.register(_server.close)
        return _server


def run(args: list[str], *, cwd: str | os.PathLike[str] | None, env: dict[str, str], input: str | None,
        timeout: float | None) -> subprocess.CompletedProcess[str]:
    """Like ``subprocess.run([python, '-m', 'monitor', *args], capture_output=True, text=True)``."""
    server = _get_server() if enabled() else None
    if server is None or not server.same_start(env):
        return subprocess.run(_argv(args), cwd=cwd, input=input, env=env,
                              capture_output=True, text=True, timeout=timeout)
    mine, child_end = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    with tempfile.TemporaryFile() as stdin, tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, mine:
        if input is not None:
            stdin.write(input.encode(_encoding()))
            stdin.seek(0)
        request = json.dumps({"args": list(args), "cwd": os.fspath(cwd) if cwd is not None else os.getcwd(),
                              "env": env}).encode()
        fds = [stdin.fileno(), out.fileno(), err.fileno(), child_end.fileno()]
        with server.lock:
            server.sock.sendall(len(request).to_bytes(4, "big"))
            socket.send_fds(server.sock, [request], fds)
        child_end.close()
        mine.settimeout(timeout)
        reader = mine.makefile("rb")
        pid: int | None = None
        try:
            pid = int(reader.readline() or 0) or None
            status = reader.readline() if pid else b""
        except TimeoutError:
            if pid is not None:
                _kill(pid)
            out.seek(0)
            err.seek(0)
            raise subprocess.TimeoutExpired(_argv(args), timeout or 0, out.read(), err.read()) from None
        if not status:
            raise RuntimeError(f"the prefork helper lost a command; its log: {server.log_text()}")
        out.seek(0)
        err.seek(0)
        enc = _encoding()
        return subprocess.CompletedProcess(_argv(args), int(status), _text(out.read(), enc), _text(err.read(), enc))


def _at_start(name: str) -> bool:
    """An environment variable the interpreter reads once, as it starts."""
    return name.startswith("PYTHON") or name in ("LANG", "LC_ALL", "LC_CTYPE")


def _argv(args: list[str]) -> list[str]:
    return [sys.executable, "-m", "monitor", *args]


def _encoding() -> str:
    # What subprocess.run(text=True) decodes with: the locale's encoding.
    import locale

    return locale.getpreferredencoding(False)


def _text(data: bytes, encoding: str) -> str:
    # subprocess.run(text=True) also turns \r\n into \n (universal newlines).
    return data.decode(encoding).replace("\r\n", "\n").replace("\r", "\n")


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


# ---------------------------------------------------------------------------------------------
# The helper's side


def _preload() -> None:
    """Every module of the package (the scripts of the migrations and ``__main__`` aside) and
    what they import; no module of it reads the environment or starts a thread on import."""
    import gc
    import importlib
    import pkgutil

    import monitor
    from monitor.store import migrate

    for info in pkgutil.walk_packages(monitor.__path__, "monitor."):
        if not info.name.endswith("__main__") and ".migrations" not in info.name:
            importlib.import_module(info.name)
    migrate.head_revision()  # Alembic and the migration scripts, read as a first upgrade would
    import alembic.command  # noqa: F401
    assert threading.active_count() == 1, threading.enumerate()  # fork copies no thread
    gc.freeze()  # what was imported stays shared between the forks instead of copied by the collector


def _serve(fd: int) -> None:
    _preload()
    sock = socket.socket(fileno=fd)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the first forks are reaped by the system
    while True:
        head = _recv_exactly(sock, 4)
        if head is None:
            return  # the test process went away
        size = int.from_bytes(head, "big")
        msg, fds, _flags, _addr = socket.recv_fds(sock, size, _MAX_FDS)
        while len(msg) < size:
            more = sock.recv(size - len(msg))
            if not more:
                return
            msg += more
        request = json.loads(msg)
        sys.stdout.flush()
        sys.stderr.flush()
        if os.fork() == 0:
            _supervise(sock, request, fds)  # never returns
        for f in fds:
            os.close(f)


def _recv_exactly(sock: socket.socket, n: int) -> bytes | None:
    data = b""
    while len(data) < n:
        got = sock.recv(n - len(data))
        if not got:
            return None
        data += got
    return data


def _supervise(control: socket.socket, request: dict, fds: list[int]) -> None:
    """The first fork: starts the command's process and reports its pid and its exit status."""
    control.close()  # only the helper listens there: the test's closing it must reach the helper alone
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    stdin, stdout, stderr, report = fds
    pid = os.fork()
    if pid == 0:
        os.close(report)
        _command(request, stdin, stdout, stderr)
    code = 1
    try:
        for f in (stdin, stdout, stderr):
            os.close(f)
        os.write(report, f"{pid}\n".encode())
        _, status = os.waitpid(pid, 0)
        os.write(report, f"{os.waitstatus_to_exitcode(status)}\n".encode())
        code = 0
    finally:
        os._exit(code)


def _command(request: dict, stdin: int, stdout: int, stderr: int) -> None:
    """The second fork: becomes ``python -m monitor ARGS`` in the test's directory and environment,
    and leaves as the interpreter does: SystemExit, or an uncaught exception, ends the process
    through the normal shutdown (threads joined, at-exit handlers, streams flushed)."""
    import runpy

    for target, f in ((0, stdin), (1, stdout), (2, stderr)):
        os.dup2(f, target)
        os.close(f)
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    sys.argv = [str(Path(sys.modules["monitor"].__file__).with_name("__main__.py")), *request["args"]]
    sys.path[0] = os.getcwd()  # what `python -m` puts first
    runpy._run_module_as_main("monitor", alter_argv=False)  # type: ignore[attr-defined]
    raise SystemExit(0)  # not back into the helper's loop


if __name__ == "__main__":
    _serve(int(sys.argv[1]))
