"""Finding notifiers through entry points and building them from config.

The built-ins are registered in ``pyproject.toml`` under the same
``monitor.notifiers`` group a third-party package would use, so there is one
way in and ``monitor notifiers`` describes them all alike.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from pydantic import BaseModel, ValidationError

from monitor.config.plugins import load_group
from monitor.notify.base import NotifierConfigError, UnknownNotifier
from monitor.notify.protocol import Notifier

if TYPE_CHECKING:
    from monitor.notify.render import Templates

GROUP = "monitor.notifiers"
# Keys of a notifier config that belong to the outbox, not to the notifier's options.
RESERVED = ("type", "name")


class _Required:
    """The default of an option that has none; prints as "required" in listings."""

    def __repr__(self) -> str:
        return "required"


REQUIRED: Any = _Required()


class OptionInfo(NamedTuple):
    """One option as ``(name, type, default, description)``; ``default`` is ``REQUIRED`` when there is none."""

    name: str
    type: str
    default: Any
    description: str

    @property
    def required(self) -> bool:
        return self.default is REQUIRED


@dataclass(frozen=True)
class NotifierInfo:
    """A notifier as ``monitor notify list`` shows it; all from the class itself."""

    kind: str
    summary: str
    doc: str
    options: tuple[OptionInfo, ...]


def _problem(_kind: str, cls: object) -> str | None:
    model = getattr(cls, "Options", None)
    if not (isinstance(model, type) and issubclass(model, BaseModel)) or not callable(getattr(cls, "send", None)):
        return " is not a notifier (it needs an Options model and a send method)"
    return None


def _scan() -> tuple[dict[str, type], dict[str, str]]:
    """Load every entry point of the group: the classes by kind, and why the broken ones failed."""
    return load_group(GROUP, _problem)


def available() -> dict[str, type]:
    """Installed notifier classes by kind, loaded on demand.

    A plugin that fails to import is skipped rather than breaking every
    command; ``build`` names it and says why when a config asks for it.
    """
    return _scan()[0]


def _type_name(annotation: Any) -> str:
    if isinstance(annotation, type):
        return annotation.__name__
    return str(annotation).replace("typing.", "")


def _options_of(cls: type) -> tuple[OptionInfo, ...]:
    model = getattr(cls, "Options", None)
    if model is None or not (isinstance(model, type) and issubclass(model, BaseModel)):
        return ()
    out = []
    for name, field in model.model_fields.items():
        default = REQUIRED if field.is_required() else field.get_default(call_default_factory=True)
        out.append(OptionInfo(name, _type_name(field.annotation), default, field.description or ""))
    return tuple(out)


def describe() -> list[NotifierInfo]:
    """Every installed notifier with its help text and options, for listings and docs."""
    infos = []
    for kind, cls in available().items():
        doc = inspect.getdoc(cls) or ""
        summary = doc.strip().splitlines()[0] if doc.strip() else ""
        infos.append(NotifierInfo(kind=kind, summary=summary, doc=doc, options=_options_of(cls)))
    return infos


def _explain(kind: str, err: ValidationError) -> str:
    first = err.errors()[0]
    key = ".".join(str(p) for p in first.get("loc", ())) or "?"
    if first.get("type") == "extra_forbidden":
        return f"notifier {kind!r}: unknown option {key!r}"
    if first.get("type") == "missing":
        return f"notifier {kind!r}: option {key!r} is required"
    msg = str(first.get("msg", "invalid value")).removeprefix("Value error, ")
    more = f" (and {err.error_count() - 1} more problem{'s' if err.error_count() > 2 else ''})" \
        if err.error_count() > 1 else ""
    return f"notifier {kind!r}: option {key!r}: {msg}{more}"


def options_for(cls: type, config: dict[str, Any]) -> BaseModel:
    """Validate a config's options against the class's ``Options`` model."""
    kind = getattr(cls, "kind", None) or str(config.get("type"))
    opts = {k: v for k, v in config.items() if k not in RESERVED}
    try:
        return cls.Options.model_validate(opts)
    except ValidationError as e:
        raise NotifierConfigError(_explain(kind, e)) from None


def build(config: dict[str, Any], *, templates: Templates | None = None) -> Notifier:
    """A ready notifier from ``{"type": "webhook", "name"?: ..., **options}``.

    Raises ``UnknownNotifier`` for a type no installed package provides and
    ``NotifierConfigError`` (one line naming the kind and the key) for bad
    options; building sends nothing.
    """
    kind = config.get("type")
    if not kind:
        raise NotifierConfigError("notifier config has no 'type'")
    classes, broken = _scan()
    cls = classes.get(str(kind))
    if cls is None:
        raise UnknownNotifier(str(kind), list(classes), reason=broken.get(str(kind)))
    options = options_for(cls, config)
    try:
        if templates is not None:
            return cls(options, templates=templates)
        return cls(options)
    except NotifierConfigError as e:
        # Constructors may not know the name they were registered under; the user needs it.
        if str(e).startswith("notifier "):
            raise
        raise NotifierConfigError(f"notifier {kind!r}: {e}") from e.__cause__
