"""Read -> write -> read of the standard's examples and of generated messages of every type."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import cast

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from ijw.strategies import MESSAGES
from zorgpad.ijw.messages import MESSAGE_TYPES
from zorgpad.ijw.model import MESSAGE_MODELS, MessageModel, ModelReadError, from_document
from zorgpad.ijw.reader import parse_bytes, parse_file
from zorgpad.ijw.schemas import schema_for
from zorgpad.ijw.validate import validate_document
from zorgpad.ijw.writer import to_xml

XSD_INVALID_EXAMPLES = {"JW315", "JW318"}  # faulty on purpose (see SOURCE.md)
VALID_EXAMPLES = sorted(set(MESSAGE_TYPES) - XSD_INVALID_EXAMPLES)


def _xsd_errors(xml: bytes, code: str) -> list[str]:
    document = parse_bytes(xml, f"{code}.xml")
    schema = schema_for(document.message_type)
    schema.validate(document.tree)
    # The stubs do not declare _ErrorLog iterable; it is.
    return [str(error) for error in cast(Iterable[etree._LogEntry], schema.error_log)]


@pytest.mark.parametrize("code", VALID_EXAMPLES)
def test_example_round_trips_and_stays_xsd_valid(examples_dir: Path, code: str) -> None:
    model = from_document(parse_file(examples_dir / f"{code}.xml"))
    assert type(model) is MESSAGE_MODELS[code]
    written = to_xml(model)
    assert _xsd_errors(written, code) == []
    assert from_document(parse_bytes(written, "written")) == model


@pytest.mark.parametrize("code", sorted(XSD_INVALID_EXAMPLES))
def test_xsd_invalid_examples_give_a_located_user_error(examples_dir: Path, code: str) -> None:
    with pytest.raises(ModelReadError) as caught:
        from_document(parse_file(examples_dir / f"{code}.xml"))
    assert caught.value.code == "BERICHT-STRUCTUUR"
    assert caught.value.location is not None and f"{code}.xml:" in caught.value.location


def test_every_message_type_has_a_model_and_a_strategy() -> None:
    assert set(MESSAGE_MODELS) == set(MESSAGE_TYPES) == set(MESSAGES)


def _check_round_trip(message: MessageModel) -> None:
    written = to_xml(message)
    assert _xsd_errors(written, message.code) == []
    document = parse_bytes(written, f"{message.code}.xml")
    assert from_document(document) == message
    assert [f.as_json() for f in validate_document(document)] == []


@pytest.mark.parametrize("code", sorted(MESSAGE_TYPES))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_generated_messages_round_trip_xsd_and_level2_clean(code: str, data: st.DataObject) -> None:
    _check_round_trip(data.draw(MESSAGES[code]))
