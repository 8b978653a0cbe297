"""Draft a new revision: ``python -m monitor.store.migrations "what changed"``.

Autogenerates against a scratch SQLite database brought to the current head,
so the draft holds exactly the difference between ``models.py`` and the
existing revisions. Revision ids are sequential (0001, 0002, ...) to keep the
history readable in a directory listing.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from alembic import command
from alembic.script import ScriptDirectory

from monitor.store import migrate
from monitor.store.engine import make_engine


def main(argv: list[str]) -> int:
    message = " ".join(argv).strip() or "schema change"
    scripts = ScriptDirectory.from_config(migrate.alembic_config())
    rev_id = f"{len(list(scripts.walk_revisions())) + 1:04d}"
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp, 'scratch.db').as_posix()}")
        try:
            if scripts.get_current_head() is not None:
                migrate.upgrade(engine)
            with engine.connect() as conn, conn.begin():
                config = migrate.alembic_config(conn)
                command.revision(config, message=message, autogenerate=True, rev_id=rev_id)
        finally:
            engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
