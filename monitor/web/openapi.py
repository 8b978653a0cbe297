"""The API's OpenAPI 3.1 document, written out (Starlette has no models to derive it from).

The property-based tests generate requests from this document and check the
answers against it, so it cannot drift from what the handlers do unnoticed.
"""

from __future__ import annotations

from typing import Any

from monitor.notify.schema import CHANGE_SCHEMA, GROUP_SCHEMA

_STR = {"type": "string"}
_NSTR = {"type": ["string", "null"]}
_INT = {"type": "integer"}
_NINT = {"type": ["integer", "null"]}

PROBLEM = {
    "type": "object", "required": ["type", "title", "status", "detail"],
    "properties": {"type": _STR, "title": _STR, "status": _INT, "detail": _STR, "instance": _STR},
}
WATCH = {
    "type": "object",
    "required": ["id", "name", "url", "kind", "tags", "enabled", "schedule", "status", "versions", "next_due",
                 "title", "last_change"],
    "properties": {
        "id": _INT, "name": _STR, "url": _STR, "kind": _STR,
        "tags": {"type": "array", "items": _STR, "description": "Lower case, sorted."},
        "enabled": {"type": "boolean"}, "schedule": _STR,
        "title": {**_NSTR, "description": "The title of the newest version."},
        "last_check": _NSTR, "status": _NSTR, "failures": _INT, "error": _NSTR, "versions": _INT,
        "next_due": _NSTR, "last_change": {**_NSTR, "description": "When the last alert for a change was raised."},
    },
}
WATCH_INPUT = {
    "type": "object", "additionalProperties": False,
    "description": "The settings of `monitor add` / `monitor edit`, validated the same way.",
    "properties": {
        "url": {**_STR, "description": "An http(s) URL or a file path (required to create)."},
        "name": _STR, "every": {**_STR, "description": "10m, or a range 2m..6h"}, "cron": _STR, "tz": _STR,
        "selector": _STR, "ignore": {"type": "array", "items": _STR}, "feed": {"type": "boolean"}, "kind": _STR,
        "notify": {"type": "array", "items": _STR, "description": "A notifier type or a JSON object, as --notify."},
        "keep_versions": _INT, "keep_days": _INT, "enabled": {"type": "boolean"}, "force": {"type": "boolean"},
        "tags": {"type": "array", "items": _STR,
                 "description": "Replaces the tags, as --tag: 1-40 letters, digits, - or _, kept in lower case."},
    },
}
VERSION = {
    "type": "object", "required": ["version", "time", "hash", "size", "suspect"],
    "properties": {"version": _INT, "time": _STR, "hash": _STR, "size": _INT, "title": _NSTR,
                   "suspect": {"type": "boolean"}},
}
VERSION_DETAIL = {
    "type": "object", "required": ["watch", "version", "changes"],
    "properties": {"watch": _STR, "version": _INT, "time": _STR, "hash": _STR, "size": _INT, "title": _NSTR,
                   "suspect": {"type": "boolean"}, "compared_to": _NINT,
                   "changes": {"type": "array", "items": {"type": "object"}}},
}
DIFF = {
    "type": "object", "required": ["schema", "old", "new", "counts", "changes", "groups"],
    "description": "The schema of `monitor diff --format json`.",
    "properties": {"schema": _INT, "old": _STR, "new": _STR, "counts": {"type": "object"},
                   "changes": {"type": "array", "items": CHANGE_SCHEMA},
                   "groups": {"type": "array", "items": GROUP_SCHEMA}, "degraded": {"type": "object"}},
}
EVENT = {
    "type": "object", "required": ["version", "time", "kind", "old", "new", "aspects", "similarity", "position"],
    "properties": {"version": _INT, "time": _STR,
                   "kind": {**_STR, "description": "appeared, edited, split, moved, merged, removed, returned"},
                   "old": _NSTR, "new": _NSTR, "aspects": {"type": "array", "items": _STR},
                   "similarity": {"type": "number"}, "position": _NINT},
}
TIMELINE = {
    "type": "object", "required": ["watch", "about", "versions", "statements", "numbered_now"],
    "description": "`monitor timeline W --json`: the versions, oldest first, and each statement's history.",
    "properties": {
        "watch": {"type": "object", "required": ["id", "name", "url"],
                  "properties": {"id": _INT, "name": _STR, "url": _STR}},
        "about": {"type": ["object", "null"], "required": ["subject", "names"],
                  "properties": {"subject": _STR, "names": {"type": "array", "items": _STR}}},
        "versions": {"type": "array", "items": {
            "type": "object", "required": ["version", "time", "size", "suspect", "counts", "statements"],
            "properties": {"version": _INT, "time": _STR, "size": _INT, "title": _NSTR,
                           "suspect": {"type": "boolean"},
                           "counts": {"type": "object", "additionalProperties": _INT},
                           "statements": {**_NINT, "description": "null: stored before the lineage existed"}}}},
        "statements": {"type": "array", "items": {
            "type": "object", "required": ["id", "first_version", "first_seen", "text", "present", "edits", "history"],
            "properties": {"id": _INT, "first_version": _INT, "first_seen": _STR, "text": _STR,
                           "present": {"type": "boolean"}, "edits": _INT,
                           "history": {"type": "array", "items": EVENT}}}},
        "numbered_now": {**_INT, "description": "Versions numbered into the lineage by this read."},
    },
}
ALERT = {
    "type": "object", "required": ["id", "watch", "notifier", "status", "attempts", "created_at"],
    "properties": {"id": _INT, "watch": _STR, "watch_id": _INT, "version": _NINT, "notifier": _STR,
                   "status": {"enum": ["pending", "delivered", "dead"]}, "attempts": _INT, "kind": _NSTR,
                   "summary": _NSTR, "error": _NSTR, "created_at": _STR, "delivered_at": _NSTR,
                   "next_attempt_at": _NSTR},
}


def _page(item: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "required": ["items", "total", "offset", "limit", "next"],
            "properties": {"items": {"type": "array", "items": item}, "total": _INT, "offset": _INT,
                           "limit": _INT, "next": _NSTR}}


def _json(schema: dict[str, Any], description: str = "OK") -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _problems(*codes: int) -> dict[str, Any]:
    return {str(c): {"description": "A problem (RFC 9457).",
                     "content": {"application/problem+json": {"schema": PROBLEM}}} for c in codes}


_REF = {"name": "ref", "in": "path", "required": True, "description": "Watch name or id.",
        "schema": {"type": "string", "minLength": 1}}
_PAGE = [
    {"name": "offset", "in": "query", "schema": {"type": "integer", "minimum": 0}},
    {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 200}},
]
_VERSION_PARAM = {"type": "string", "description": "1, 2, …; -1 or latest is the newest"}


def schema() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "Story Monitor API", "version": "1",
                 "description": "Watches, their stored versions, diffs between any two, statement timelines "
                                "and the alert outbox."},
        "components": {"securitySchemes": {"token": {"type": "http", "scheme": "bearer",
                                                     "description": "Needed when served beyond loopback."}}},
        "paths": {
            "/api/watches": {
                "get": {"operationId": "listWatches", "summary": "Every watch, failing first",
                        "parameters": [
                            {"name": "q", "in": "query", "schema": _STR,
                             "description": "Search names, titles of the newest versions, URLs and tags."},
                            {"name": "tag", "in": "query", "schema": _STR,
                             "description": "Only the watches with this tag (any case)."}, *_PAGE],
                        "responses": {"200": _json(_page(WATCH)), **_problems(400)}},
                "post": {"operationId": "createWatch", "summary": "Add a watch (monitor add)",
                         "requestBody": {"required": True, "content": {"application/json": {"schema": WATCH_INPUT}}},
                         "responses": {"201": _json(WATCH, "Created"), **_problems(400, 409, 415, 422)}},
            },
            "/api/watches/{ref}": {
                "get": {"operationId": "getWatch", "parameters": [_REF],
                        "responses": {"200": _json(WATCH), **_problems(404)}},
                "patch": {"operationId": "updateWatch", "summary": "Change settings (monitor edit)",
                          "parameters": [_REF],
                          "requestBody": {"required": True,
                                          "content": {"application/json": {"schema": WATCH_INPUT}}},
                          "responses": {"200": _json(WATCH), **_problems(400, 404, 409, 415, 422)}},
                "delete": {"operationId": "deleteWatch", "parameters": [_REF],
                           "responses": {"204": {"description": "Removed with its versions"}, **_problems(404)}},
            },
            "/api/watches/{ref}/check": {
                "post": {"operationId": "checkWatch", "summary": "Check now (monitor check WATCH)",
                         "parameters": [_REF], "responses": {"200": _json({"type": "object"}), **_problems(404)}},
            },
            "/api/watches/{ref}/versions": {
                "get": {"operationId": "listVersions", "parameters": [_REF, *_PAGE],
                        "responses": {"200": _json(_page(VERSION)), **_problems(400, 404)}},
            },
            "/api/watches/{ref}/versions/{n}": {
                "get": {"operationId": "getVersion",
                        "parameters": [_REF, {"name": "n", "in": "path", "required": True,
                                              "schema": _VERSION_PARAM}],
                        "responses": {"200": _json(VERSION_DETAIL), **_problems(400, 404)}},
            },
            "/api/watches/{ref}/versions/{n}/text": {
                "get": {"operationId": "getVersionText",
                        "parameters": [_REF, {"name": "n", "in": "path", "required": True,
                                              "schema": _VERSION_PARAM}],
                        "responses": {"200": {"description": "The version's text",
                                              "content": {"text/plain": {"schema": _STR}}},
                                      **_problems(400, 404)}},
            },
            "/api/watches/{ref}/diff": {
                "get": {"operationId": "diffVersions", "summary": "monitor diff W@old W@new --format json",
                        "parameters": [_REF,
                                       {"name": "old", "in": "query", "required": True, "schema": _VERSION_PARAM},
                                       {"name": "new", "in": "query", "required": True, "schema": _VERSION_PARAM},
                                       {"name": "show_moved", "in": "query", "schema": {"enum": ["0", "1"]}}],
                        "responses": {"200": _json(DIFF), **_problems(400, 404)}},
            },
            "/api/watches/{ref}/timeline": {
                "get": {"operationId": "getTimeline", "summary": "monitor timeline W [--about TEXT] --json",
                        "parameters": [
                            _REF,
                            {"name": "about", "in": "query", "schema": {**_STR, "maxLength": 200},
                             "description": "Only the statements that mention this subject under any of its "
                                            "names (built-in aliases: United States also matches US, U.S., "
                                            "Washington ...); blank: every statement."},
                            {"name": "alias", "in": "query", "schema": {**_STR, "maxLength": 200},
                             "description": "Another name for the subject (repeatable), as --alias."},
                            {"name": "builtin_aliases", "in": "query", "schema": {"enum": ["0", "1"]},
                             "description": "0: the subject and alias names only (--no-builtin-aliases)."}],
                        "responses": {"200": _json(TIMELINE), **_problems(400, 404)}},
            },
            "/api/alerts": {
                "get": {"operationId": "listAlerts",
                        "parameters": [{"name": "status", "in": "query",
                                        "schema": {"enum": ["pending", "delivered", "dead"]}},
                                       {"name": "watch", "in": "query", "schema": _STR}, *_PAGE],
                        "responses": {"200": _json(_page(ALERT)), **_problems(400, 404)}},
            },
            "/api/alerts/{alert_id}/retry": {
                "post": {"operationId": "retryAlert",
                         "parameters": [{"name": "alert_id", "in": "path", "required": True, "schema": _INT}],
                         "responses": {"200": _json({"type": "object"}), **_problems(404)}},
            },
        },
        "security": [{}, {"token": []}],
    }
