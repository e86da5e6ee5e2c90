"""Retour messages: a heen message with retour codes on every part, or a header-only rejection."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, TypeVar

from hypothesis import strategies as st

from ijw.gen.base import Draw, identificatie, retour_codes
from zorgpad.ijw.model import MESSAGE_MODELS, MessageModel
from zorgpad.ijw.model.base import IjwModel, element_specs
from zorgpad.ijw.model.common import Header, RetourHeader
from zorgpad.ijw.writer import retour_header

M = TypeVar("M", bound=IjwModel)


def with_retour_codes(draw: Draw, heen: IjwModel, target: type[M]) -> M:
    """`heen` converted to its retour class `target`, drawing retour codes for every part."""
    values: dict[str, Any] = {}
    for spec in element_specs(target):
        if spec.field == "retour_codes":
            values["retour_codes"] = draw(retour_codes())
            continue
        value = getattr(heen, spec.field)
        if spec.model is not None and value is not None and type(value) is not spec.model:
            if spec.item is None:
                value = with_retour_codes(draw, value, spec.model)
            else:
                value = tuple(with_retour_codes(draw, item, spec.model) for item in value)
        values[spec.field] = value
    return target.model_validate(values)


def retour_of(heen_strategy: st.SearchStrategy[MessageModel], code: str) -> st.SearchStrategy[MessageModel]:
    """The retour message `code` answering messages drawn from `heen_strategy`."""

    @st.composite
    def build(draw: Draw) -> MessageModel:
        heen = draw(heen_strategy)
        cls = MESSAGE_MODELS[code]
        body_field = element_specs(cls)[1]
        heen_header = getattr(heen, "header", None)  # every message has one; MessageModel does not declare it
        assert isinstance(heen_header, Header)
        heen_day = heen_header.bericht_identificatie.dagtekening
        head: RetourHeader = retour_header(
            heen_header, heen.code, draw(identificatie), heen_day + timedelta(days=1)
        )
        if draw(st.booleans()):  # rejected as a whole: header-only with retour codes
            return cls.model_validate({"header": head.model_copy(update={"retour_codes": ("0001",)})})
        body = getattr(heen, body_field.field)
        assert body_field.model is not None
        return cls.model_validate(
            {"header": head, body_field.field: with_retour_codes(draw, body, body_field.model)}
        )

    return build()
