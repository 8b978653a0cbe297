"""Alerts POSTed as JSON: a documented generic schema, or Slack/Discord messages.

Generic body (``preset: generic``), UTF-8 JSON, one POST per alert::

    {
      "schema": 1,                      # bumped only on incompatible changes; new keys may appear
      "key": "watch3:changes:…:hook",   # stable across retries; also the Idempotency-Key header
      "kind": "changes",                # changes | failing | recovered | test
      "watch": "istanbul-talks",
      "url": "https://…",               # the monitored page
      "title": "…",
      "created_at": "2024-05-01T12:00:00+00:00",
      "significance": 0.95,             # of the most significant change, 0..1
      "summary": "3 changes, 1 update: edited (negation): …",
      "version": 7,                     # stored version number, or null
      "report_url": "https://…/r/7",    # or null
      "error": null,                    # the fetch error of a "failing" alert
      "changes": [Change.to_dict(), …], # kind, old, new, old_at, new_at, aspects, significance,
                                        # reason, similarity, moved, group, details
      "groups": [UpdateGroup.to_dict(), …],  # id, trigger, heading, new_at, significance
      "reversions": [Change.to_dict(), …],   # the changes back to an earlier wording
      "subject": "[Story Monitor] …",   # rendered from subject.txt.j2
      "text": "…"                       # rendered from body.txt.j2 (bounded)
    }

The same contract as a JSON Schema and as Markdown for the docs is in
``monitor.notify.schema`` (``WEBHOOK_SCHEMA``, ``schema_markdown()``).

Headers: ``Content-Type: application/json``, ``Idempotency-Key: <key>`` and,
when a secret is configured, ``X-Monitor-Signature: sha256=<hex>``: the
HMAC-SHA256 of the exact body bytes with the secret, so a receiver can verify
the sender before parsing anything::

    expected = "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()
    hmac.compare_digest(request.headers["X-Monitor-Signature"], expected)

Outcomes: 2xx is delivered. 5xx, 408, 425, 429, timeouts and connection
errors are retried with backoff. Other 4xx and redirects are not: the URL
or the receiver needs fixing (a redirected POST would arrive as a bodiless
GET, so redirects are reported, never followed).

Chat presets obey the services' limits by truncating, never by being
rejected (see ``monitor.notify.chat``).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import urllib.error
import urllib.request
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from monitor.config.secrets import SecretError, check_env_name, check_ref, mask_endpoint, mask_text, resolve
from monitor.notify.base import AlertMessage, DeliveryError
from monitor.notify.chat import (
    DISCORD_CONTENT,
    DISCORD_DESCRIPTION,
    DISCORD_EMBEDS,
    DISCORD_TITLE,
    DISCORD_TOTAL,
    SLACK_BLOCKS,
    SLACK_TEXT,
    discord_payload,
    slack_payload,
)
from monitor.notify.render import Templates, default_templates, one_line

__all__ = [
    "DISCORD_CONTENT", "DISCORD_DESCRIPTION", "DISCORD_EMBEDS", "DISCORD_TITLE", "DISCORD_TOTAL",
    "SLACK_BLOCKS", "SLACK_TEXT", "WebhookNotifier", "sign",
]

USER_AGENT = "story-monitor-webhook/1"
# Statuses that mean "not now" rather than "not this": the server is busy, slow or rate-limiting.
RETRY_STATUSES = frozenset({408, 425, 429})


def sign(secret: bytes, body: bytes) -> str:
    """The ``X-Monitor-Signature`` value for ``body``."""
    return "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """urllib would turn a redirected POST into a GET without the body and call it a success."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: ANN001, PLR0913 - urllib's signature
        return None


# No cookie jar, no redirects; proxies from the environment are honoured as users expect.
_OPENER = urllib.request.build_opener(_NoRedirect)


class WebhookNotifier:
    """POST each alert as JSON to a URL: a generic signed payload, or a Slack or Discord message.

    The generic payload is documented in ``monitor.notify.webhook`` and is
    signed with ``X-Monitor-Signature: sha256=<HMAC of the body>`` when a
    secret is set; every request carries ``Idempotency-Key``. Server errors,
    429 and timeouts are retried; other 4xx responses and redirects are not.
    The slack and discord presets fit the services' size limits, escape page
    text for them and never ping anyone.
    """

    kind: ClassVar[str] = "webhook"

    class Options(BaseModel):
        model_config = ConfigDict(extra="forbid", frozen=True)

        url: str = Field(..., description="The http(s) URL to POST to, or env:MONITOR_SECRET_NAME for a URL that "
                                          "is itself the credential (Slack, Discord); shown masked.")
        preset: Literal["generic", "slack", "discord"] = Field(
            "generic", description="Body format: generic (documented JSON), slack or discord (incoming webhooks).")
        secret_env: str | None = Field(
            None, description="Name of the environment variable (MONITOR_SECRET_*) holding the HMAC secret.")
        secret: str | None = Field(
            None, repr=False, description="HMAC secret: env:MONITOR_SECRET_NAME, or written in the config (shown "
                                          "masked; prefer the reference).")
        timeout: float = Field(10.0, gt=0, le=300, description="Seconds to wait for the server before retrying later.")
        headers: dict[str, str] = Field(
            default_factory=dict, description="Extra request headers, e.g. an Authorization token; a value may be "
                                              "env:MONITOR_SECRET_NAME. Shown masked.")
        template_dir: str | None = Field(
            None, description="Directory with your own subject.txt.j2 / body.txt.j2 for the generic payload.")

        @field_validator("url")
        @classmethod
        def _http_only(cls, v: str) -> str:
            if not v.startswith(("http://", "https://")) and not v.startswith("env:"):
                raise ValueError("must start with http:// or https://, or be env:MONITOR_SECRET_NAME")
            return check_ref(v)

        @field_validator("secret_env")
        @classmethod
        def _allowed_env(cls, v: str | None) -> str | None:
            return check_env_name(v) if v is not None else v

        @field_validator("secret")
        @classmethod
        def _secret_ref(cls, v: str | None) -> str | None:
            return check_ref(v) if v is not None else v

        @field_validator("headers")
        @classmethod
        def _no_line_breaks(cls, v: dict[str, str]) -> dict[str, str]:
            for name, value in v.items():
                if any(ch in name + value for ch in "\r\n"):
                    raise ValueError(f"header {name.strip()!r} contains a line break")
                check_ref(value)
            return v

    def __init__(self, options: Options, *, templates: Templates | None = None) -> None:
        self.options = options
        if templates is None:
            templates = Templates(options.template_dir) if options.template_dir else default_templates()
        self.templates = templates

    def _secret(self) -> bytes | None:
        o = self.options
        try:
            if o.secret_env:
                return resolve("env:" + o.secret_env).encode("utf-8")
            return resolve(o.secret).encode("utf-8") if o.secret else None
        except SecretError as e:
            raise DeliveryError(f"webhook: {e}", transient=False) from None

    def _resolved(self) -> tuple[str, dict[str, str]]:
        """The URL and headers with every ``env:`` reference read, at send time only."""
        try:
            headers = {k: resolve(v) for k, v in self.options.headers.items()}
            url = resolve(self.options.url)
        except SecretError as e:
            raise DeliveryError(f"webhook: {e}", transient=False) from None
        if not url.startswith(("http://", "https://")):
            raise DeliveryError(f"webhook: the URL read from {self.options.url} is not http(s)", transient=False)
        return url, headers

    def payload(self, alert: AlertMessage) -> dict[str, Any]:
        """The JSON body as data, for the preset in use."""
        if self.options.preset == "slack":
            return slack_payload(alert)
        if self.options.preset == "discord":
            return discord_payload(alert)
        body = alert.to_dict()
        body["subject"] = self.templates.subject(alert)
        body["text"] = self.templates.text(alert)
        return body

    def body(self, alert: AlertMessage) -> bytes:
        """The exact bytes sent, and signed."""
        return json.dumps(self.payload(alert), ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    def send(self, alert: AlertMessage) -> None:
        data = self.body(alert)
        url, extra = self._resolved()
        headers = {
            **extra,
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": USER_AGENT,
            "Idempotency-Key": one_line(alert.key, 500),
        }
        secret = self._secret()
        if secret is not None:
            headers["X-Monitor-Signature"] = sign(secret, data)
        self.post(data, headers, url)

    def post(self, data: bytes, headers: dict[str, str], url: str | None = None) -> None:
        """One POST; every failure becomes a ``DeliveryError`` that says whether to retry.

        Errors name the endpoint masked: a hook URL is often the credential itself.
        """
        url = url or self._resolved()[0]
        timeout, shown = self.options.timeout, mask_endpoint(url)
        req = urllib.request.Request(url, data=data, headers=headers, method="POST")
        try:
            with _OPENER.open(req, timeout=timeout) as resp:
                resp.read(65536)  # drain a little so keep-alive servers see a clean close
        except urllib.error.HTTPError as e:
            raise _status_error(shown, e) from e
        except urllib.error.URLError as e:
            if isinstance(e.reason, TimeoutError):
                raise DeliveryError(f"webhook: {shown} timed out after {timeout:g}s", transient=True) from e
            raise DeliveryError(f"webhook: cannot reach {shown}: {mask_text(str(e.reason))}", transient=True) from e
        except TimeoutError as e:
            raise DeliveryError(f"webhook: {shown} timed out after {timeout:g}s", transient=True) from e
        except OSError as e:  # reset connections, broken pipes: the network, not the alert
            raise DeliveryError(f"webhook: {shown} failed: {mask_text(str(e))}", transient=True) from e


def _status_error(url: str, e: urllib.error.HTTPError) -> DeliveryError:
    try:
        detail = one_line(e.read(300).decode("utf-8", "replace"), 200) if e.fp else ""
    except OSError:
        detail = ""
    if 300 <= e.code < 400:
        where = mask_endpoint(e.headers.get("Location", "?")) if e.headers else "?"
        return DeliveryError(f"webhook: {url} redirects ({e.code}) to {one_line(where, 200)}; "
                             "configure the final URL", transient=False)
    transient = e.code >= 500 or e.code in RETRY_STATUSES
    detail = mask_text(detail) or ""
    return DeliveryError(f"webhook: {url} answered {e.code} {e.reason}{': ' + detail if detail else ''}",
                         transient=transient)
