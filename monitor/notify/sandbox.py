"""The Jinja sandbox alert templates run in, bounded in time and in size.

A user's ``template_dir`` is configuration, yet a template is a program:
``{{ 'x' * 10**9 }}`` allocates a gigabyte and two nested ``range`` loops
never end, and either would stall every alert behind it. The bounds:

- time: a trace function on the template's own frames (the compiled
  template, its macros and loops) stops it past ``RENDER_SECONDS``; it
  checks the clock on each line, which makes rendering about twice as slow;
- output: rendered with ``generate()`` and stopped past ``MAX_OUTPUT``
  characters;
- values: the operators and calls that multiply a value (``*``, ``**``,
  ``+``, ``%``, widths such as ``center(10**9)``, ``replace('', ...)``,
  ``join``) are checked before they run, anything iterated by a filter is
  counted as it goes, ``~``, ``{% set %}`` blocks and ``namespace``
  attributes are refused past ``MAX_VALUE`` characters, and lists and dicts
  cannot be modified;
- ``range()`` is capped by the sandbox itself (``MAX_RANGE`` items).

Each limit raises ``TemplateLimit``, a ``SecurityError``, so a user template
that hits one is refused when the notifier is built (the templates are
rehearsed on the sample alert) and fails delivery permanently otherwise.
"""

from __future__ import annotations

import functools
import math
import re
import sys
import time
from collections.abc import Iterator
from typing import Any

import jinja2
from jinja2.runtime import markup_join
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from jinja2.utils import Namespace

from monitor.errors import MonitorError

RENDER_SECONDS = 2.0  # the package templates render in a few milliseconds
MAX_OUTPUT = 1_000_000  # characters of one rendered template
MAX_VALUE = 1_000_000  # characters (or items) of one value a template builds
MAX_WIDTH = 100_000  # a number handed to a call or a filter's parameter (a width, a count)
MAX_ITEMS = 100_000  # items a filter may draw from one iterable (jinja's MAX_RANGE too)
_INT_BITS = 100_000  # the largest integer ``**`` may build

# A %-format or str.format width of six digits or more: "%1000000s", "{:>1000000}".
_WIDE_FORMAT = re.compile(r"%[-#0 +*]*\d{6,}|\{[^{}]*:[^{}]*?\d{6,}[^{}]*\}")


class TemplateLimit(MonitorError, SecurityError):
    """A template went past one of the limits above."""


def _sized(value: Any) -> int | None:
    return len(value) if isinstance(value, str | bytes | list | tuple | dict | set | frozenset) else None


def _check_value(value: Any, what: str = "a value") -> Any:
    n = _sized(value)
    if n is not None and n > MAX_VALUE:
        raise TemplateLimit(f"{what} of {n:,} characters or items is over the {MAX_VALUE:,} limit")
    return value


def _check_arg(value: Any) -> Any:
    """Refuses a parameter that would make a call allocate without bound; counts iterators."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_WIDTH:
        raise TemplateLimit(f"the number {value} given to a call is over the {MAX_WIDTH:,} limit")
    if isinstance(value, Iterator):
        return _counted(value)
    return value


def _check_format(fmt: Any) -> None:
    if isinstance(fmt, str) and _WIDE_FORMAT.search(fmt):
        raise TemplateLimit("a format width of 100,000 or more is not allowed")


def _counted(items: Iterator[Any]) -> Iterator[Any]:
    """``items``, stopped when they add up to more than the limits allow."""
    total = 0
    for n, item in enumerate(items, 1):
        total += _sized(item) or 1
        if n > MAX_ITEMS or total > MAX_VALUE:
            raise TemplateLimit(f"an iteration went past {MAX_ITEMS:,} items or {MAX_VALUE:,} characters")
        yield item


def _check_replace(s: Any, old: Any, new: Any, count: Any = -1) -> None:
    if isinstance(s, str) and isinstance(old, str) and isinstance(new, str):
        hits = len(s) + 1 if old == "" else s.count(old)
        if isinstance(count, int) and count >= 0:
            hits = min(hits, count)
        _check_value_size(len(s) + hits * len(new))


def _check_value_size(n: int) -> None:
    if n > MAX_VALUE:
        raise TemplateLimit(f"a value of {n:,} characters or items would be over the {MAX_VALUE:,} limit")


def _check_binop(op: str, left: Any, right: Any) -> None:
    if op == "**":
        ints = isinstance(left, int) and isinstance(right, int) and abs(left) > 1 and right > 0
        if ints and right * math.log2(abs(left)) > _INT_BITS:
            raise TemplateLimit(f"{left} ** {right} is too large a number")
    elif op == "*":
        for seq, n in ((left, right), (right, left)):
            size = _sized(seq)
            if size is not None and isinstance(n, int):
                _check_value_size(size * n)
    elif op == "+":
        a, b = _sized(left), _sized(right)
        if a is not None and b is not None:
            _check_value_size(a + b)
    elif op == "%":
        _check_format(left)


def _bounded(fn: Any, values: int = 0) -> Any:
    """A filter or call whose parameters are checked and whose result is bounded.

    The first ``values`` positional arguments are the data the filter works
    on (and the context jinja passes to some filters): a number there is
    data, only iterators are counted."""
    name = getattr(fn, "__name__", "")

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        args = tuple(_counted(a) if i < values and isinstance(a, Iterator) else a if i < values else _check_arg(a)
                     for i, a in enumerate(args))
        kwargs = {k: _check_arg(v) for k, v in kwargs.items()}
        data, params = args[values - 1] if values else None, args[values:]
        if name == "do_format":
            _check_format(data)
        elif name == "do_replace" and len(params) >= 2:
            _check_replace(data, *params[:3])
        elif name == "do_join" and isinstance(data, list | tuple):
            sep = params[0] if params else kwargs.get("d", "")
            if isinstance(sep, str):
                _check_value_size(len(data) * len(sep))
        result = fn(*args, **kwargs)
        if isinstance(result, Iterator):
            return _counted(result)
        return _check_value(result)

    return wrapper


def _filter_values(fn: Any) -> int:
    """How many leading arguments of a filter are not parameters: the value, and the context if passed."""
    return 2 if getattr(fn, "jinja_pass_arg", None) is not None else 1


class BoundedNamespace(Namespace):
    """``namespace()`` whose attributes, set in a loop, cannot grow past ``MAX_VALUE``."""

    def __setitem__(self, name: str, value: Any) -> None:
        super().__setitem__(name, _check_value(value, f"namespace attribute {name!r}"))


class Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's sandbox, with the size limits above, refusing to modify lists and dicts.

    Jinja's sandbox renders a blocked attribute as an empty string; here it is
    an error, so a template that probes for internals is told so instead of
    quietly printing nothing."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters = {name: _bounded(f, _filter_values(f)) for name, f in self.filters.items()}
        self.globals["namespace"] = BoundedNamespace
        self.concat = _bounded_concat  # {% set x %}...{% endset %} and rendering itself

    def unsafe_undefined(self, obj: Any, attribute: str) -> jinja2.Undefined:
        raise SecurityError(f"access to attribute {attribute!r} of {type(obj).__name__!r} object is unsafe.")

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        _check_binop(operator, left, right)
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 - as jinja's
        # The sandbox hands out str.format wrapped; the string is the wrapped method's __self__.
        owner = getattr(getattr(__obj, "__wrapped__", __obj), "__self__", None)
        if isinstance(owner, str):
            if getattr(__obj, "__name__", "") in ("format", "format_map"):
                _check_format(owner)  # "{:>999999}".format(...)
            if getattr(__obj, "__name__", "") == "replace" and len(args) >= 2:
                _check_replace(owner, *args[:3])
            if getattr(__obj, "__name__", "") == "join" and args and isinstance(args[0], list | tuple):
                _check_value_size(len(args[0]) * len(owner))
        return _bounded(super().call, values=2)(__context, __obj, *args, **kwargs)


def _bounded_concat(parts: Any) -> str:
    parts = list(parts)
    _check_value_size(sum(len(p) for p in parts if isinstance(p, str)))
    return "".join(parts)


def _str_join(seq: Any) -> str:
    """``a ~ b`` in a template, sized before it is built (jinja's own ``str_join``)."""
    return _bounded_concat([str(x) for x in seq])


def _markup_join(seq: Any) -> str:
    """``a ~ b`` with autoescape on, sized before it is built."""
    seq = tuple(seq)
    _check_value_size(sum(len(x) if isinstance(x, str) else 0 for x in seq))
    return markup_join(seq)


def _bound_joins(template: jinja2.Template) -> None:
    """Points the compiled template's ``~`` at the sized joins. The names are
    globals of the module jinja compiled the template into, shared by its
    blocks and macros."""
    names = template.root_render_func.__globals__
    if names.get("str_join") is not _str_join:
        names["str_join"] = _str_join
        names["markup_join"] = _markup_join


def render_bounded(template: jinja2.Template, context: dict[str, Any], *, seconds: float = RENDER_SECONDS,
                   max_output: int = MAX_OUTPUT) -> str:
    """``template`` rendered, stopped past ``seconds`` or ``max_output`` characters."""
    env = template.environment
    deadline = time.monotonic() + seconds

    def in_template(frame: Any, event: str, arg: Any) -> Any:
        if time.monotonic() > deadline:
            raise TemplateLimit(f"rendering took longer than {seconds:g} s")
        return in_template

    def on_call(frame: Any, event: str, arg: Any) -> Any:
        # Only the template's own code (its globals name the environment) is
        # traced line by line; the library code it calls is not.
        if frame.f_globals.get("environment") is env:
            return in_template(frame, event, arg)
        if time.monotonic() > deadline:
            raise TemplateLimit(f"rendering took longer than {seconds:g} s")
        return None

    _bound_joins(template)
    parts: list[str] = []
    size = 0
    previous = sys.gettrace()
    sys.settrace(on_call)
    try:
        for chunk in template.generate(context):
            size += len(chunk)
            if size > max_output:
                raise TemplateLimit(f"output went past {max_output:,} characters")
            parts.append(chunk)
    finally:
        sys.settrace(previous)
    return "".join(parts)
