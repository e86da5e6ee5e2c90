"""The secure reader: type detection and Dutch, coded errors for broken input."""

from __future__ import annotations

from pathlib import Path

import pytest

from zorgpad.ijw.reader import MessageReadError, parse_bytes, parse_file


def test_every_example_is_read_with_its_type(examples_dir: Path) -> None:
    for path in sorted(examples_dir.glob("JW*.xml")):
        doc = parse_file(path)
        assert doc.message_type.code == path.stem


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "XML-LEEG"),
        (b"<a><b></a>", "XML-ONLEESBAAR"),
        (b"\x00\x01\x02garbage", "XML-ONLEESBAAR"),
        (b"<Bericht xmlns='urn:other'/>", "XML-ONBEKEND-BERICHT"),
    ],
)
def test_broken_input_gets_a_coded_dutch_error(data: bytes, code: str) -> None:
    with pytest.raises(MessageReadError) as caught:
        parse_bytes(data, "x.xml")
    assert caught.value.code == code
    assert "x.xml" in (caught.value.location or "")
