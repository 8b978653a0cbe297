"""Alembic migrations, shipped inside the package so an installed copy can upgrade itself.

There is no alembic.ini: ``monitor.store.migrate`` builds the configuration
in code. To add a revision after changing ``models.py``::

    python -m monitor.store.migrations "what changed"

which autogenerates a draft in ``versions/`` against a scratch database at
head; read and edit it before committing.
"""
