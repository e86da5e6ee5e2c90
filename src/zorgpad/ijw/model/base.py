"""The base of every iJw model class and the per-class element plan that reader and writer share.

Naming convention: a field is the snake_case form of the iJw element name and its alias is the exact
element name (``toewijzing_nummer`` <-> ``ToewijzingNummer``), produced by `to_pascal`; models accept
both. Field order is the XSD sequence order. A repeated element always sits alone inside a wrapper
element in iJw 3.2 (``Prestaties/Prestatie``); the model flattens that wrapper into one tuple field
named after the wrapper and marks it `Wrapped(item_element_name)`.
"""

from __future__ import annotations

import types
from dataclasses import dataclass
from datetime import date, time
from functools import cache
from typing import Annotated, ClassVar, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_pascal

Scalar = str | int | date | time


@dataclass(frozen=True)
class Wrapped:
    """Marks a tuple field whose items are `item` elements inside a wrapper element."""

    item: str


class IjwModel(BaseModel):
    """An iJw complex type declared in a message schema: its children are in the message namespace."""

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        alias_generator=to_pascal,
        validate_by_name=True,
        validate_by_alias=True,
    )
    in_basis_namespace: ClassVar[bool] = False


class BasisModel(IjwModel):
    """An iJw ``CDT_`` type of the base schema: its children are in the ``ijw:`` namespace."""

    in_basis_namespace: ClassVar[bool] = True


# The retour codes a receiver attaches to each part of a retour message (WJ001).
RetourCodes = Annotated[tuple[str, ...], Wrapped("RetourCode"), Field(min_length=1)]
# An optional wrapper: the empty tuple means the wrapper element is absent (the XSD needs >= 1 item).
OptionalRetourCodes = Annotated[tuple[str, ...], Wrapped("RetourCode")]


@dataclass(frozen=True)
class ElementSpec:
    """How one field maps to XML: element name, value kind, and the wrapper's item name if any."""

    field: str
    element: str
    scalar: type | None
    model: type[IjwModel] | None
    item: str | None
    required: bool


@cache
def element_specs(cls: type[IjwModel]) -> tuple[ElementSpec, ...]:
    """The fields of `cls` in XSD order, analysed once per class."""
    specs = []
    for name, info in cls.model_fields.items():
        wrapped = next((m for m in info.metadata if isinstance(m, Wrapped)), None)
        inner = _strip_optional(info.annotation)
        if wrapped is not None:
            if get_origin(inner) is not tuple:
                raise TypeError(f"{cls.__name__}.{name}: a wrapped field must be a tuple")
            inner = get_args(inner)[0]
        if not isinstance(inner, type):
            raise TypeError(f"{cls.__name__}.{name}: unsupported annotation {info.annotation!r}")
        is_model = issubclass(inner, IjwModel)
        if not is_model and inner not in (str, int, date, time):
            raise TypeError(f"{cls.__name__}.{name}: unsupported value type {inner!r}")
        specs.append(
            ElementSpec(
                field=name,
                element=info.alias or to_pascal(name),
                scalar=None if is_model else inner,
                model=inner if is_model else None,
                item=wrapped.item if wrapped else None,
                required=info.is_required(),
            )
        )
    return tuple(specs)


def _strip_optional(annotation: object) -> object:
    if get_origin(annotation) in (Union, types.UnionType):
        rest = [arg for arg in get_args(annotation) if arg is not type(None)]
        if len(rest) == 1:
            return rest[0]
    return annotation
