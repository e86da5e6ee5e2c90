"""The writer: prefixes, escaping, header builders, and reading errors for malformed structure."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from zorgpad.ijw.model import (
    Declaratiebericht,
    ModelReadError,
    Toewijzing,
    ToewijzingRetour,
    from_document,
)
from zorgpad.ijw.model.base import element_specs
from zorgpad.ijw.model.declaratie import Declaratie
from zorgpad.ijw.reader import parse_bytes, parse_file
from zorgpad.ijw.schemas import schema_for
from zorgpad.ijw.writer import header, retour_header, to_xml


def test_writer_uses_the_standard_prefixes_and_a_declaration(examples_dir: Path) -> None:
    xml = to_xml(from_document(parse_file(examples_dir / "JW323.xml")))
    assert xml.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    assert b"<jw323:Bericht" in xml and b"<ijw:Identificatie>" in xml and b"<jw323:Prestatie>" in xml


def test_amounts_are_integer_eurocents_and_dates_are_dates(examples_dir: Path) -> None:
    message = from_document(parse_file(examples_dir / "JW323.xml"))
    assert isinstance(message, Declaratiebericht)
    line = message.declaratie.clienten[0].prestaties[0]
    assert isinstance(line.ingediend_bedrag.bedrag, int)
    assert isinstance(line.product_periode.begindatum, date)
    total = sum(p.ingediend_bedrag.bedrag for c in message.declaratie.clienten for p in c.prestaties)
    assert message.declaratie.totaal_ingediend_bedrag.totaal_bedrag == total


def test_user_text_is_escaped(examples_dir: Path) -> None:
    message = from_document(parse_file(examples_dir / "JW301.xml"))
    assert isinstance(message, Toewijzing)
    client = message.client.model_copy(update={"commentaar": "a < b & 'c' \"d\" ]]>"})
    xml = to_xml(message.model_copy(update={"client": client}))
    assert b"a &lt; b &amp; 'c' \"d\" ]]&gt;" in xml
    back = from_document(parse_bytes(xml, "x"))
    assert isinstance(back, Toewijzing)
    assert back.client.commentaar == "a < b & 'c' \"d\" ]]>"


def test_header_builder_takes_code_and_versions_from_the_standard() -> None:
    built = header("JW301", "0384", "12345678", "ID1", date(2026, 3, 1))
    assert (built.bericht_code, built.bericht_versie, built.bericht_subversie) == ("436", 3, 2)
    assert built.xsd_versie.bericht_xsd_versie == "0.1.0"  # the vendored XSD appinfo (IV034)


def test_retour_header_keeps_sender_and_receiver_and_validates(examples_dir: Path) -> None:
    heen = from_document(parse_file(examples_dir / "JW301.xml"))
    head = retour_header(heen.header, "JW301", "R1", date(2026, 4, 2), retour_codes=("0001",))
    assert (head.afzender, head.ontvanger, head.bericht_code) == (
        heen.header.afzender,
        heen.header.ontvanger,
        "437",
    )
    retour = ToewijzingRetour(header=head)  # rejected as a whole: header only
    document = parse_bytes(to_xml(retour), "JW302.xml")
    assert schema_for(document.message_type).validate(document.tree)
    assert from_document(document) == retour
    with pytest.raises(ValueError):
        retour_header(heen.header, "JW323", "R1", date(2026, 4, 2))


def test_field_names_are_snake_case_of_the_ijw_names() -> None:
    specs = {s.field: s.element for s in element_specs(Declaratie)}
    assert specs["totaal_ingediend_bedrag"] == "TotaalIngediendBedrag"
    assert specs["clienten"] == "Clienten"


@pytest.mark.parametrize(
    ("replace", "by"),
    [
        (b"<ijw:Dagtekening>2026-04-01</ijw:Dagtekening>", b"<ijw:Dagtekening>2026-02-30</ijw:Dagtekening>"),
        (
            b"<jw301:Geslacht>1</jw301:Geslacht>",
            b"<jw301:Geslacht>1</jw301:Geslacht><jw301:Extra>x</jw301:Extra>",
        ),
        (b"<jw301:Bsn>999900006</jw301:Bsn>", b""),
    ],
)
def test_structure_errors_are_located_user_errors(examples_dir: Path, replace: bytes, by: bytes) -> None:
    data = (examples_dir / "JW301.xml").read_bytes()
    assert replace in data
    with pytest.raises(ModelReadError) as caught:
        from_document(parse_bytes(data.replace(replace, by, 1), "bad.xml"))
    assert caught.value.code == "BERICHT-STRUCTUUR"
    assert (caught.value.location or "").startswith("bad.xml:")
