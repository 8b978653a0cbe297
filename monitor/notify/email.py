"""Alerts sent by email over SMTP (stdlib ``smtplib``), text and HTML."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate
from pathlib import Path
from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from monitor.config.secrets import SecretError, check_env_name, mask_text, read_env
from monitor.notify.base import AlertMessage, DeliveryError, NotifierConfigError
from monitor.notify.render import Templates, default_templates, one_line, short_hash

DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}


def _smtp_error(e: smtplib.SMTPException) -> DeliveryError:
    """SMTP says itself whether to retry: 4xx is "try later", 5xx is "never"."""
    if isinstance(e, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in e.recipients.values()]
        transient = bool(codes) and all(400 <= c < 500 for c in codes)
        who = ", ".join(f"{r} ({c})" for r, (c, _) in e.recipients.items())
        return DeliveryError(f"SMTP server refused recipients: {who}", transient=transient)
    if isinstance(e, smtplib.SMTPResponseException):
        msg = e.smtp_error.decode("utf-8", "replace") if isinstance(e.smtp_error, bytes) else str(e.smtp_error)
        return DeliveryError(f"SMTP error {e.smtp_code}: {one_line(msg)}", transient=400 <= e.smtp_code < 500)
    if isinstance(e, smtplib.SMTPServerDisconnected):
        return DeliveryError(f"SMTP server disconnected: {e}", transient=True)
    if isinstance(e, smtplib.SMTPNotSupportedError):
        return DeliveryError(f"SMTP server does not support what was asked: {e}", transient=False)
    return DeliveryError(f"SMTP error: {e}", transient=True)


class EmailNotifier:
    """Send each alert as an email (plain text and HTML) through an SMTP server.

    The subject reads "[Story Monitor] <title>: <most significant change>".
    Credentials are never written in the config: name the environment
    variables that hold them with ``username_env`` and ``password_env``.
    """

    kind: ClassVar[str] = "email"

    class Options(BaseModel):
        model_config = ConfigDict(extra="forbid", frozen=True)

        host: str = Field("localhost", description="SMTP server host name.")
        port: int | None = Field(
            None, ge=1, le=65535, description="SMTP port; default 587 for starttls, 465 for ssl, 25 for none.")
        security: Literal["starttls", "ssl", "none"] = Field(
            "starttls", description="starttls (upgrade a plain connection), ssl (TLS from the start) or none.")
        username_env: str | None = Field(
            None, description="Name of the environment variable (MONITOR_SECRET_*) holding the SMTP user name "
                              "(no login if unset).")
        password_env: str | None = Field(
            None, description="Name of the environment variable (MONITOR_SECRET_*) holding the SMTP password.")
        from_addr: str = Field("story-monitor@localhost", description="Sender address (From header).")
        to: list[str] = Field(..., min_length=1, description="Recipient addresses.")
        timeout: float = Field(
            30.0, gt=0, le=300, description="Seconds to wait for the server before giving up (retried).")
        ca_file: str | None = Field(
            None, description="PEM file of certificate authorities to trust, for a server with a private CA "
                              "(the system's CAs otherwise).")
        template_dir: str | None = Field(
            None, description="Directory with your own subject.txt.j2, body.txt.j2 or body.html.j2.")

        @field_validator("from_addr", "to")
        @classmethod
        def _addresses(cls, v: str | list[str]) -> str | list[str]:
            for addr in [v] if isinstance(v, str) else v:
                if "@" not in addr or any(ch in addr for ch in "\r\n"):
                    raise ValueError(f"{addr!r} is not an email address")
            return v

        @field_validator("username_env", "password_env")
        @classmethod
        def _allowed_env(cls, v: str | None) -> str | None:
            # Only MONITOR_SECRET_* (or allow-listed) variables: a config from someone else must not be able
            # to send any variable of this machine to an SMTP server of its choosing.
            return check_env_name(v) if v is not None else v

        @model_validator(mode="after")
        def _login_pair(self) -> EmailNotifier.Options:
            if self.password_env and not self.username_env:
                raise ValueError("password_env is set but username_env is not; both are needed to log in")
            return self

    def __init__(self, options: Options, *, templates: Templates | None = None) -> None:
        self.options = options
        if options.ca_file is not None and not Path(options.ca_file).expanduser().is_file():
            raise NotifierConfigError(f"notifier 'email': option 'ca_file': {options.ca_file!r} is not a file")
        if templates is None:
            templates = Templates(options.template_dir) if options.template_dir else default_templates()
        self.templates = templates

    def message(self, alert: AlertMessage) -> EmailMessage:
        """The email for one alert; rendering errors surface before any connection is made."""
        msg = EmailMessage()
        msg["Subject"] = self.templates.subject(alert)
        msg["From"] = self.options.from_addr
        msg["To"] = ", ".join(self.options.to)
        msg["Date"] = formatdate(alert.created_at.timestamp(), usegmt=True)
        # Same key, same Message-ID: mail clients fold a duplicate re-sent after a crash.
        msg["Message-ID"] = f"<{short_hash(alert.key or alert.watch + alert.created_at.isoformat(), 32)}@story-monitor>"
        msg["X-Monitor-Key"] = one_line(alert.key, 200)
        msg.set_content(self.templates.text(alert))
        msg.add_alternative(self.templates.html(alert), subtype="html")
        return msg

    def _credentials(self) -> tuple[str, str] | None:
        o = self.options
        if not o.username_env:
            return None
        try:
            user = read_env(o.username_env)
            password = read_env(o.password_env) if o.password_env else ""
        except SecretError as e:
            raise DeliveryError(f"email: {e}", transient=False) from None
        return user, password

    def _tls(self) -> ssl.SSLContext:
        cafile = str(Path(self.options.ca_file).expanduser()) if self.options.ca_file else None
        return ssl.create_default_context(cafile=cafile)

    def send(self, alert: AlertMessage) -> None:
        """Deliver over one SMTP connection. Blocking (smtplib): async callers run it in a thread
        (``asyncio.to_thread``); every network step is bounded by ``timeout``."""
        o = self.options
        msg = self.message(alert)
        creds = self._credentials()
        port = o.port or DEFAULT_PORTS[o.security]
        try:
            if o.security == "ssl":
                smtp: smtplib.SMTP = smtplib.SMTP_SSL(o.host, port, timeout=o.timeout, context=self._tls())
            else:
                smtp = smtplib.SMTP(o.host, port, timeout=o.timeout)
            with smtp:
                if o.security == "starttls":
                    smtp.starttls(context=self._tls())
                if creds is not None:
                    smtp.login(*creds)
                smtp.send_message(msg)
        except smtplib.SMTPException as e:
            raise _smtp_error(e) from e
        except ssl.SSLCertVerificationError as e:
            raise DeliveryError(f"email: TLS certificate of {o.host} not trusted: {mask_text(str(e))}",
                                transient=False) from e
        except TimeoutError as e:
            raise DeliveryError(f"email: {o.host}:{port} timed out after {o.timeout:g}s", transient=True) from e
        except OSError as e:
            raise DeliveryError(f"email: cannot reach {o.host}:{port}: {e}", transient=True) from e
