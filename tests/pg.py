"""A throwaway PostgreSQL server for the test suite, and a fresh database per test.

Users' machines have no PostgreSQL, so the suite brings its own: the server
binaries of the ``pgserver`` wheel (a test extra), started in a temporary
directory, reachable only through a Unix socket in that directory, and
deleted afterwards. Set ``MONITOR_TEST_DATABASE_URL`` to a server you
already run (any database on it; the suite creates and drops its own next to
it) to skip all that.

PostgreSQL refuses to run as root. Under root the server runs as the
unprivileged ``nobody`` instead, and if ``nobody`` cannot reach the binaries
(a virtualenv under /root, say) they are linked into the temporary directory
rather than loosening permissions on the user's folders.

Use from any conftest::

    from tests.pg import pg_server, postgres_url  # noqa: F401  (fixtures)
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import signal
import stat
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.pool import NullPool

ENV_URL = "MONITOR_TEST_DATABASE_URL"
_START_TIMEOUT = 30.0
_UNPRIVILEGED = "nobody"


@dataclass
class PgServer:
    """A server on which tests may create and drop databases and schemas."""

    admin_url: str  # SQLAlchemy URL of a maintenance database
    # Our own throwaway server may copy files directly (ten times faster than
    # the default WAL-logged copy); a server someone else configured keeps
    # its defaults.
    file_copy: bool = False
    # Stops and starts a private server in place (same data, same socket),
    # for tests of a database that goes away; None on a configured server.
    control: ServerControl | None = None

    def create_schema(self, prefix: str = "t") -> str:
        """A URL whose connections see only a new, empty schema.

        A schema costs a millisecond where a database costs a hundred, and it
        isolates tables just as well: the URL sets ``search_path`` so every
        unqualified name, ``alembic_version`` included, lands in it.
        """
        name = f"{prefix}_{uuid.uuid4().hex[:12]}"
        with self._admin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{name}"'))
        url = make_url(self.admin_url)
        return url.update_query_dict({"options": f"-csearch_path={name}"}).render_as_string(
            hide_password=False
        )

    def drop_schema(self, url: str) -> None:
        name = schema_of(url)
        with self._admin() as conn:
            # A test that failed half-way may still hold locks; don't hang on it.
            conn.execute(text("SET lock_timeout = '10s'"))
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{name}" CASCADE'))

    def create_database(self, prefix: str = "t") -> str:
        """A URL of a new, empty database: for tests that need a whole one."""
        name = f"{prefix}_{uuid.uuid4().hex[:12]}"
        strategy = " STRATEGY FILE_COPY" if self.file_copy else ""
        with self._admin() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"{strategy}'))
        return make_url(self.admin_url).set(database=name).render_as_string(hide_password=False)

    def drop_database(self, url: str) -> None:
        name = make_url(url).database
        with self._admin() as conn:
            # FORCE: a test that failed half-way may have left sessions open.
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    @contextmanager
    def _admin(self) -> Iterator[Any]:
        engine = create_engine(self.admin_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
        try:
            with engine.connect() as conn:
                yield conn
        finally:
            engine.dispose()


@dataclass
class ServerControl:
    """The running process of a private server, and how to start it again."""

    launch: Any  # () -> Popen: starts the server on the existing data directory
    url: str
    log: Path
    process: subprocess.Popen[bytes] | None = None

    def stop(self) -> None:
        """Fast shutdown: clients are disconnected, the socket goes away."""
        if self.process is not None:
            _stop(self.process)
            self.process = None

    def start(self) -> None:
        if self.process is None:
            self.process = self.launch()
            _wait_until_ready(self.url, self.process, self.log)


def schema_of(url: str) -> str:
    options = str(make_url(url).query.get("options", ""))
    prefix = "-csearch_path="
    assert options.startswith(prefix), f"not a URL from create_schema: {url}"
    return options[len(prefix) :]


def _normalise(url: str) -> str:
    scheme, rest = url.split("://", 1)
    if scheme in ("postgres", "postgresql"):
        scheme = "postgresql+psycopg"
    return f"{scheme}://{rest}"


def _pgserver_root() -> Path:
    # Locate the wheel without importing it: its import has side effects
    # (lock files, warnings) that this module does not need.
    spec = importlib.util.find_spec("pgserver")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(
            "PostgreSQL tests need the `pgserver` package (pip install -e '.[test]') "
            f"or {ENV_URL} pointing at a server"
        )
    return Path(next(iter(spec.submodule_search_locations)))


def _reachable_by_others(path: Path) -> bool:
    """True when a user who is neither owner nor in the group can read ``path``."""
    for parent in [*path.parents]:
        if not parent.stat().st_mode & stat.S_IXOTH:
            return False
    return bool(path.stat().st_mode & stat.S_IROTH)


def _link_tree(src: Path, dst: Path) -> None:
    """Copy a tree others can read, hard-linking files that are already world-readable.

    Linking saves copying 30 MB; a file that is not world-readable is copied
    instead, so that making it readable never touches the original.
    """
    readable = stat.S_IROTH | stat.S_IXOTH

    def link_or_copy(s: str, d: str) -> None:
        mode = os.stat(s).st_mode
        wanted = stat.S_IROTH | (stat.S_IXOTH if mode & stat.S_IXUSR else 0)
        if mode & wanted == wanted:
            try:
                os.link(s, d)
                return
            except OSError:
                pass
        shutil.copy2(s, d)
        os.chmod(d, os.stat(d).st_mode | wanted)

    shutil.copytree(src, dst, copy_function=link_or_copy, symlinks=True)
    for folder in [dst, *(p for p in dst.rglob("*") if p.is_dir() and not p.is_symlink())]:
        folder.chmod(folder.stat().st_mode | readable)


def _install_dir(workdir: Path, as_other_user: bool) -> Path:
    """The ``pginstall`` folder (bin, lib, share), where the server user can read it."""
    root = _pgserver_root()
    install = root / "pginstall"
    if not as_other_user or _reachable_by_others(install / "bin" / "postgres"):
        return install
    # Keep the wheel's relative layout: initdb finds its libpq in ../../../pgserver.libs.
    _link_tree(install, workdir / "pgserver" / "pginstall")
    libs = root.parent / "pgserver.libs"
    if libs.is_dir():
        _link_tree(libs, workdir / "pgserver.libs")
    (workdir / "pgserver").chmod(0o755)
    return workdir / "pgserver" / "pginstall"


def _run_as() -> dict[str, Any]:
    if os.name != "posix" or os.geteuid() != 0:
        return {}
    import pwd

    try:
        entry = pwd.getpwnam(_UNPRIVILEGED)
    except KeyError as exc:
        raise RuntimeError(
            f"running as root, and there is no {_UNPRIVILEGED!r} user to run PostgreSQL as; "
            f"set {ENV_URL} to a server instead"
        ) from exc
    return {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}


@contextmanager
def local_server() -> Iterator[PgServer]:
    """Start a private server in a temporary directory; stop and delete it on exit."""
    run_as = _run_as()
    base = tempfile.gettempdir()
    if run_as and not _reachable_by_others(Path(base) / "."):
        base = "/tmp"  # TMPDIR is private to root; the server user could not enter it
    # Short and shallow on purpose: a Unix socket path must stay under ~100 bytes.
    workdir = Path(tempfile.mkdtemp(prefix="monitor-pg-", dir=base))
    control: ServerControl | None = None
    try:
        if run_as:
            workdir.chmod(0o755)
        bindir = _install_dir(workdir, bool(run_as)) / "bin"
        home = workdir / "server"
        home.mkdir()
        if run_as:
            os.chown(home, run_as["user"], run_as["group"])
        data, sockets, log = home / "data", home / "sock", home / "log"
        env = {**os.environ, "LC_ALL": "C", "LANG": "C", "HOME": str(home)}
        kwargs: dict[str, Any] = {"env": env, "cwd": home, **run_as}
        subprocess.run(
            [bindir / "initdb", "-D", data, "-U", "postgres", "--auth=trust",
             "--encoding=UTF8", "--locale=C", "--no-sync"],
            check=True, capture_output=True, **kwargs,
        )  # fmt: skip
        (home / "sock").mkdir()
        if run_as:
            os.chown(sockets, run_as["user"], run_as["group"])

        def launch() -> subprocess.Popen[bytes]:
            with open(log, "ab") as log_file:
                return subprocess.Popen(
                    [bindir / "postgres", "-D", data, "-k", sockets,
                     # No TCP at all: tests reach it through the socket only.
                     "-c", "listen_addresses=",
                     # A throwaway server needs no crash safety; skip the fsyncs.
                     "-c", "fsync=off", "-c", "synchronous_commit=off",
                     "-c", "full_page_writes=off", "-c", "max_connections=200"],
                    stdout=log_file, stderr=subprocess.STDOUT, **kwargs,
                )  # fmt: skip

        url = f"postgresql+psycopg://postgres@/postgres?host={sockets}"
        control = ServerControl(launch, url, log)
        control.start()
        yield PgServer(admin_url=url, file_copy=True, control=control)  # the bundled server is 16
    finally:
        if control is not None:
            control.stop()
        shutil.rmtree(workdir, ignore_errors=True)


def _wait_until_ready(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    import psycopg

    conninfo = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    deadline = time.monotonic() + _START_TIMEOUT
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"PostgreSQL exited at startup:\n{log.read_text(errors='replace')}")
        try:
            psycopg.connect(conninfo, connect_timeout=2).close()
            return
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGINT)  # "fast" shutdown: disconnect clients, exit
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def server() -> Iterator[PgServer]:
    """The configured server if ``MONITOR_TEST_DATABASE_URL`` is set, else a private one."""
    configured = os.environ.get(ENV_URL)
    if configured:
        yield PgServer(admin_url=_normalise(configured))
        return
    with local_server() as started:
        yield started


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """One server for the whole session, started on first use only."""
    with server() as started:
        yield started


@pytest.fixture
def postgres_url(pg_server: PgServer) -> Iterator[str]:
    """A URL onto a fresh, empty schema for one test, dropped afterwards."""
    url = pg_server.create_schema()
    try:
        yield url
    finally:
        pg_server.drop_schema(url)


@pytest.fixture
def own_pg_server() -> Iterator[PgServer]:
    """A private server for one test that stops and starts it (``PgServer.control``);
    never the configured one, which other tests share."""
    with local_server() as started:
        yield started


@pytest.fixture
def postgres_database_url(pg_server: PgServer) -> Iterator[str]:
    """A fresh, empty database for one test, for the rare test that needs a whole one."""
    url = pg_server.create_database()
    try:
        yield url
    finally:
        pg_server.drop_database(url)
