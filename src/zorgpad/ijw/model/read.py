"""Turn an lxml tree from `zorgpad.ijw.reader` into typed models, in one pass over the children.

No xpath per element: each class's fields are analysed once (`element_specs`) into a name lookup,
and every element's children are visited once, so a JW323 with 100,000+ lines reads in linear time.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, time
from functools import cache
from typing import Any, TypeVar, cast

from lxml import etree

from zorgpad.errors import UserError
from zorgpad.ijw.model.base import ElementSpec, IjwModel, element_specs
from zorgpad.ijw.values import value_of

M = TypeVar("M", bound=IjwModel)


class ModelReadError(UserError):
    """A message whose structure does not fit the iJw 3.2 model (it also fails the XSD)."""


def _parse_date(text: str) -> date:
    return date.fromisoformat(text.strip())


def _parse_time(text: str) -> time:
    return time.fromisoformat(text.strip())


def _parse_int(text: str) -> int:
    return int(text.strip())


def _parse_str(text: str) -> str:
    return text


_PARSERS: dict[type, Callable[[str], Any]] = {
    str: _parse_str,
    int: _parse_int,
    date: _parse_date,
    time: _parse_time,
}

_DUTCH_KIND = {int: "een geheel getal", date: "een datum (JJJJ-MM-DD)", time: "een tijd (UU:MM:SS)"}


_gc_lock = threading.Lock()
_gc_users = 0
_gc_was_enabled = False


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a large message becomes models.

    A JW323 of 100,000 lines becomes some 25,000 small acyclic model objects; the collector would
    scan them again and again as they pile up (about 40% of the reading time), yet can free none.
    Reference counting still frees everything as usual. Nested and concurrent readers share one pause:
    the collector is switched back on, if it was on, when the last of them is done.
    """
    global _gc_users, _gc_was_enabled
    with _gc_lock:
        if _gc_users == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_users += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_users -= 1
            if _gc_users == 0 and _gc_was_enabled:
                gc.enable()


@cache
def _by_element(cls: type[IjwModel]) -> dict[str, ElementSpec]:
    return {spec.element: spec for spec in element_specs(cls)}


@cache
def _defaults(cls: type[IjwModel]) -> dict[str, Any] | None:
    """The default of every optional field, or None when `cls` needs pydantic's own construction."""
    if cls.__private_attributes__ or cls.__pydantic_post_init__ is not None:
        return None
    return {
        name: info.get_default(call_default_factory=True)
        for name, info in cls.model_fields.items()
        if not info.is_required()
    }


def _construct(cls: type[M], values: dict[str, Any]) -> M:
    """`cls.model_construct(**values)` for plain frozen models, without its per-call bookkeeping.

    Sets exactly what `model_construct` sets (the field values with the defaults of absent optional
    fields, the fields set, no extra and no private values); about twice as fast, which matters
    with four models per Prestatie.
    """
    defaults = _defaults(cls)
    if defaults is None:
        # The plugin types model_construct on a type variable as the bound; it returns `cls`.
        return cast(M, cls.model_construct(**values))
    model = cls.__new__(cls)
    fields_set = set(values)
    for name, default in defaults.items():
        if name not in fields_set:
            values[name] = default
    object.__setattr__(model, "__dict__", values)
    object.__setattr__(model, "__pydantic_fields_set__", fields_set)
    object.__setattr__(model, "__pydantic_extra__", None)
    object.__setattr__(model, "__pydantic_private__", None)
    return model


def read_model(cls: type[M], element: etree._Element, source: str = "") -> M:
    """Build `cls` from `element` (whose children are the fields, in any namespace prefix)."""
    specs = _by_element(cls)
    values: dict[str, Any] = {}
    for child in element:
        tag = child.tag
        if not isinstance(tag, str):  # comments and processing instructions
            continue
        spec = specs.get(_LOCAL.get(tag) or _local_name(tag))
        if spec is None:
            raise _error(source, child, f"het element {_local(child)} hoort hier niet")
        if spec.item is None:
            values[spec.field] = _value(spec, child, source)
        else:
            values[spec.field] = tuple(_items(spec, child, source))
    for spec in _required(cls):
        missing = spec.field not in values or (spec.item is not None and not values[spec.field])
        if missing:
            raise _error(
                source, element, f"in {_local(element)} ontbreekt het verplichte element {spec.element}"
            )
    # Every value is already typed by its parser and every required field is present, so pydantic's
    # validation would only repeat that work (about a fifth of the reading time of a large JW323).
    return _construct(cls, values)


# Clark name -> local name: one dict lookup per child. iJw has a few hundred element names; the bound
# keeps files full of invented names from growing it.
_LOCAL: dict[str, str] = {}
_LOCAL_MAX = 4096


def _local_name(tag: str) -> str:
    local = tag.rpartition("}")[2]
    if len(_LOCAL) < _LOCAL_MAX:
        _LOCAL[tag] = local
    return local


@cache
def _required(cls: type[IjwModel]) -> tuple[ElementSpec, ...]:
    return tuple(spec for spec in element_specs(cls) if spec.required)


def _items(spec: ElementSpec, wrapper: etree._Element, source: str) -> list[Any]:
    items = []
    for item in wrapper:
        if not isinstance(item.tag, str):
            continue
        if item.tag.rpartition("}")[2] != spec.item:
            raise _error(source, item, f"in {spec.element} hoort alleen {spec.item}, niet {_local(item)}")
        items.append(_value(spec, item, source))
    return items


def _value(spec: ElementSpec, element: etree._Element, source: str) -> Any:
    if spec.model is not None:
        return read_model(spec.model, element, source)
    assert spec.scalar is not None
    text = value_of(element) or ""
    try:
        return _PARSERS[spec.scalar](text)
    except ValueError:
        kind = _DUTCH_KIND.get(spec.scalar, "een waarde")
        raise _error(
            source, element, f"{_local(element)} moet {kind} zijn, maar is {text.strip()!r}"
        ) from None


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname


def _error(source: str, element: etree._Element, message: str) -> ModelReadError:
    location = f"{source}:{element.sourceline}" if source else f"regel {element.sourceline}"
    return ModelReadError(
        "BERICHT-STRUCTUUR",
        f"Het bericht past niet in het iJw 3.2-model: {message}. Controleer het bericht tegen de XSD.",
        location,
    )
