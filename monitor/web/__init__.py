"""The web app and the REST API (``monitor serve``): pages, ``/api``, Atom feeds, over ``views/`` and ``run/``.

- ``app``: the ASGI app and its guard (``create_app``)
- ``security``: loopback, token, CSRF, Content-Security-Policy
- ``pages`` / ``api`` / ``feeds``: the routes; ``openapi``: the API's schema
- ``reading``: what they read (plain data); ``watching``: what they write, through the CLI's validators
- ``diffview``: a diff as page fragments, inline or side by side
"""
