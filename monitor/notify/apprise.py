"""Alerts through Apprise: one notifier for the dozens of services it speaks.

Apprise is an optional dependency (``pip install 'story-monitor[apprise]'``);
it is imported when a notifier is built, so listing notifiers works without it.
"""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, field_validator

from monitor.config.secrets import SecretError, check_ref, mask_text, resolve
from monitor.notify.base import AlertMessage, DeliveryError, NotifierConfigError
from monitor.notify.render import Templates, default_templates

INSTALL_HINT = "pip install 'story-monitor[apprise]'"


def _apprise() -> Any:
    try:
        import apprise
    except ImportError as e:
        raise NotifierConfigError(f"notifier 'apprise' needs the apprise library: {INSTALL_HINT}") from e
    return apprise


class AppriseNotifier:
    """Send each alert through Apprise to any of its services (ntfy, Telegram, Matrix, Pushover, …).

    Give one or more Apprise URLs, e.g. ``ntfy://topic`` or
    ``tgram://token/chat``. The alert is sent as plain text: subject as the
    title, the text body as the message. Needs the optional ``apprise``
    extra.
    """

    kind: ClassVar[str] = "apprise"

    class Options(BaseModel):
        model_config = ConfigDict(extra="forbid", frozen=True)

        urls: list[str] = Field(..., min_length=1, description="Apprise service URLs to notify (see apprise docs); "
                                                              "each may be env:MONITOR_SECRET_NAME. Shown masked.")
        template_dir: str | None = Field(
            None, description="Directory with your own subject.txt.j2 / body.txt.j2.")

        @field_validator("urls")
        @classmethod
        def _refs(cls, v: list[str]) -> list[str]:
            return [check_ref(u) for u in v]

    def __init__(self, options: Options, *, templates: Templates | None = None) -> None:
        self.options = options
        if templates is None:
            templates = Templates(options.template_dir) if options.template_dir else default_templates()
        self.templates = templates
        lib = _apprise()
        self._lib = lib
        self._apobj = lib.Apprise()
        for i, ref in enumerate(options.urls):
            try:
                url = resolve(ref)
            except SecretError as e:
                raise NotifierConfigError(f"notifier 'apprise': option 'urls'[{i}]: {e}") from None
            if not self._apobj.add(url):
                # The URL itself may hold a token: name its position and scheme only.
                scheme = url.split("://", 1)[0] if "://" in url else "?"
                raise NotifierConfigError(
                    f"notifier 'apprise': option 'urls'[{i}] ({scheme}://…) is not a URL apprise understands")

    def send(self, alert: AlertMessage) -> None:
        title = self.templates.subject(alert)
        body = self.templates.text(alert)
        try:
            ok = self._apobj.notify(title=title, body=body, body_format=self._lib.NotifyFormat.TEXT)
        except Exception as e:  # noqa: BLE001 - apprise plugins raise anything; all of it is "try later"
            raise DeliveryError(f"apprise: {type(e).__name__}: {mask_text(str(e))}", transient=True) from e
        if not ok:
            raise DeliveryError("apprise: at least one service did not accept the alert", transient=True)
