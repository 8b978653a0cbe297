"""The generic webhook body as a JSON Schema, and the same schema as Markdown for the docs.

One source for receivers that validate what they get, for the documentation
(``schema_markdown()``), and for the test that checks every body sent against
it, so the documented schema cannot drift from the payload.
"""

from __future__ import annotations

from typing import Any

from monitor.diff.aspect_table import ASPECT_NAMES
from monitor.notify.base import ALERT_KINDS, PAYLOAD_SCHEMA

_LOC = {"type": "array", "items": {"type": "integer"}, "minItems": 2, "maxItems": 2}

CHANGE_SCHEMA: dict[str, Any] = {
    "title": "change",
    "type": "object",
    "description": "One statement-level change.",
    "required": ["kind", "old", "new", "aspects", "significance"],
    "properties": {
        "kind": {"enum": ["added", "removed", "edited", "moved", "split", "merged"],
                 "description": "What happened to the statement."},
        "old": {"type": ["string", "null"], "description": "The statement before (null when added)."},
        "new": {"type": ["string", "null"], "description": "The statement after (null when removed)."},
        "old_at": {"type": "array", "items": _LOC, "description": "[paragraph, sentence] positions before."},
        "new_at": {"type": "array", "items": _LOC, "description": "[paragraph, sentence] positions after."},
        "aspects": {"type": "array",
                    "items": {"enum": list(ASPECT_NAMES)},
                    "description": "What an edit changed."},
        "significance": {"type": "number", "minimum": 0, "maximum": 1, "description": "0 (noise) to 1."},
        "reason": {"type": "string", "description": "Why it was classified so, for people."},
        "similarity": {"type": "number", "description": "How alike old and new are, 0 to 1."},
        "moved": {"type": "boolean", "description": "The statement also changed position."},
        "group": {"type": ["integer", "null"], "description": "The id of the update group it belongs to."},
        "details": {"type": "object", "additionalProperties": {"type": "string"},
                    "description": "Aspect details, e.g. {\"numbers\": \"12 → 19\"}."},
        "version": {"type": ["integer", "null"], "description": "The stored version it appeared in (in `changes` "
                                                               "of an alert; absent in `reversions`)."},
    },
}

GROUP_SCHEMA: dict[str, Any] = {
    "title": "group",
    "type": "object",
    "description": "A new live-blog entry: added statements read as one update.",
    "required": ["id", "trigger", "heading"],
    "properties": {
        "id": {"type": "integer", "description": "Referenced by the changes' group."},
        "trigger": {"enum": ["marker", "timestamp", "top"], "description": "What made it an update."},
        "heading": {"type": "string", "description": "Its first line."},
        "new_at": {"type": "array", "items": _LOC, "description": "Positions of its statements."},
        "significance": {"type": "number", "description": "0 to 1."},
        "at": {"type": "string", "description": "The entry's time stamp (\"11:48\", \"12.31 Uhr\"), or empty."},
        "version": {"type": ["integer", "null"], "description": "The stored version it appeared in."},
    },
}

VERSION_SCHEMA: dict[str, Any] = {
    "title": "version",
    "type": "object",
    "description": "One stored version an alert covers.",
    "required": ["version", "created_at", "summary", "changes"],
    "properties": {
        "version": {"type": ["integer", "null"], "description": "The stored version number."},
        "created_at": {"type": "string", "format": "date-time", "description": "When it was seen, ISO 8601 in UTC."},
        "summary": {"type": "string", "description": "Its changes in one line."},
        "changes": {"type": "integer", "description": "How many entries of `changes` are this version's."},
    },
}

WEBHOOK_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Story Monitor webhook body (preset generic)",
    "type": "object",
    "required": ["schema", "key", "kind", "watch", "url", "title", "created_at", "significance", "summary",
                 "version", "version_from", "versions", "report_url", "error", "changes", "groups", "reversions",
                 "subject", "text"],
    "properties": {
        "schema": {"const": PAYLOAD_SCHEMA, "description": "Version of this schema; bumped only on incompatible "
                                                           "changes, new keys may appear at any time."},
        "key": {"type": "string", "description": "Idempotency key, stable across retries; also the "
                                                 "Idempotency-Key header. Drop a body whose key you have seen."},
        "kind": {"enum": list(ALERT_KINDS), "description": "changes, failing (the page cannot be read), "
                                                           "recovered, or test."},
        "watch": {"type": "string", "description": "The watch's name."},
        "url": {"type": "string", "description": "The monitored page."},
        "title": {"type": "string", "description": "The story's title."},
        "created_at": {"type": "string", "format": "date-time", "description": "When the alert was raised, "
                                                                               "ISO 8601 in UTC."},
        "significance": {"type": "number", "minimum": 0, "maximum": 1,
                         "description": "Of the most significant change."},
        "summary": {"type": "string", "description": "One line, e.g. \"3 changes, 1 update: edited (negation): "
                                                     "…\"."},
        "version": {"type": ["integer", "null"], "description": "The stored version the alert is about; for a "
                                                               "debounced alert the newest it covers. Null for a "
                                                               "status alert."},
        "version_from": {"type": ["integer", "null"], "description": "The oldest version the alert covers (the "
                                                                    "same as `version` for one version)."},
        "versions": {"type": "array", "items": VERSION_SCHEMA,
                     "description": "The versions covered, newest first; empty for a status alert."},
        "report_url": {"type": ["string", "null"], "description": "Where the full report is, if anywhere."},
        "error": {"type": ["string", "null"], "description": "The fetch error of a failing alert."},
        "changes": {"type": "array", "items": CHANGE_SCHEMA,
                    "description": "Every change, grouped by version newest first, each version's in document "
                                   "order."},
        "groups": {"type": "array", "items": GROUP_SCHEMA, "description": "The update groups, in the same order."},
        "reversions": {"type": "array", "items": CHANGE_SCHEMA,
                       "description": "The changes that return a statement to an earlier wording."},
        "subject": {"type": "string", "description": "A one-line subject (subject.txt.j2)."},
        "text": {"type": "string", "description": "A plain-text rendering (body.txt.j2), bounded in size."},
    },
}

HEADERS: tuple[tuple[str, str], ...] = (
    ("Content-Type", "application/json; charset=utf-8"),
    ("Idempotency-Key", "The alert's key; the same on every retry of the same alert."),
    ("X-Monitor-Signature", "`sha256=<hex>`: HMAC-SHA256 of the exact body bytes with the shared secret "
                            "(only when a secret is configured). Verify it before parsing the body."),
)


def _type(spec: dict[str, Any]) -> str:
    if "const" in spec:
        return f"`{spec['const']}`"
    if "enum" in spec:
        return " \\| ".join(f"`{v}`" for v in spec["enum"])
    kind = spec.get("type", "")
    if kind == "array" and "items" in spec:
        inner = spec["items"]
        return f"array of {inner.get('title') or _type(inner)}"
    return " or ".join(kind) if isinstance(kind, list) else str(kind)


def _table(schema: dict[str, Any]) -> list[str]:
    rows = ["| key | type | meaning |", "|---|---|---|"]
    for name, spec in schema["properties"].items():
        rows.append(f"| `{name}` | {_type(spec)} | {spec.get('description', '')} |")
    return rows


def schema_markdown() -> str:
    """The webhook contract as Markdown: headers, body keys, and the change and group records."""
    lines = ["## Webhook body (`preset: generic`)", "", "One JSON POST per alert, UTF-8.", "",
             "| header | value |", "|---|---|"]
    lines += [f"| `{h}` | {v} |" for h, v in HEADERS]
    lines += ["", *_table(WEBHOOK_SCHEMA), "", "### version", "", *_table(VERSION_SCHEMA),
              "", "### change", "", *_table(CHANGE_SCHEMA), "", "### group", "", *_table(GROUP_SCHEMA), ""]
    return "\n".join(lines)
