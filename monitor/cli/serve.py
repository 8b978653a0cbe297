"""``monitor serve``: the web app and the REST API over the database, with uvicorn.

Loopback only unless ``--allow-remote`` is given, and then only with a token
(``MONITOR_TOKEN`` or ``--token-file``); see ``monitor.web.security``.
"""

from __future__ import annotations

import os
from pathlib import Path

import typer

from monitor.cli import app
from monitor.cli.common import db_option, engine_for, handled


@app.command("serve", rich_help_panel="Checks and results")
@handled
def serve_cmd(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (loopback unless --allow-remote)."),
    port: int = typer.Option(8000, "--port", min=0, max=65535, help="Port (0: any free one, printed)."),
    allow_remote: bool = typer.Option(False, "--allow-remote",
                                      help="Allow an address beyond this machine; needs a token."),
    token_file: Path | None = typer.Option(None, "--token-file", metavar="FILE",
                                           help="Read the access token from FILE (else $MONITOR_TOKEN)."),
    allow_host: list[str] | None = typer.Option(None, "--allow-host", metavar="HOST",
                                                help="Beyond loopback, let watches read this host although it "
                                                     "resolves to a private address (repeatable)."),
    db: str | None = db_option(),
) -> None:
    """Serve the web app (stories, versions, diffs, alerts, feeds) and the REST API under /api."""
    import socket

    from monitor.web.security import Access, ServeError, read_token

    token = read_token(os.environ.get("MONITOR_TOKEN") or None, token_file)
    access = Access.for_serving(host, allow_remote=allow_remote, token=token,
                                allowed_hosts=frozenset(allow_host or ()))
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        sock.listen(2048)  # listening before the line below: a client that reads it can connect at once
    except OSError as e:
        sock.close()
        raise ServeError(f"cannot listen on {host}:{port}: {e.strerror}") from None
    import uvicorn

    from monitor.web.app import create_app

    with engine_for(db) as engine:
        bound = sock.getsockname()[1]
        shown = f"[{host}]" if ":" in host else host
        typer.echo(f"serving http://{shown}:{bound}/ (API under /api, Ctrl-C stops)"
                   + ("; every request needs the token" if access.token else ""), err=False)
        config = uvicorn.Config(create_app(engine, access), log_level="warning", lifespan="off",
                                timeout_graceful_shutdown=2)
        uvicorn.Server(config).run(sockets=[sock])
