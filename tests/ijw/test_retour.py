"""Retour messages (IV028, IV087): which retour, header copied, codes on the right classes, XSD-valid."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from lxml import etree

from zorgpad.ijw.batch import RetourNumbering, check_files
from zorgpad.ijw.findings import Finding
from zorgpad.ijw.messages import BY_NAMESPACE, NS_BASIS, message_type
from zorgpad.ijw.reader import parse_file
from zorgpad.ijw.retour import RetourIdentity, class_retour, retour_bytes, retour_for
from zorgpad.ijw.schemas import schema_for, schema_versions

IDENTITY = RetourIdentity("RET000000001", dt.date(2026, 5, 8))
LEVEL2 = Finding("TR101", "0001", "/Bericht/Declaratie", "dubbel referentienummer")
HEEN = ("JW301", "JW305", "JW307", "JW315", "JW317", "JW319", "JW323")


def _assert_xsd_valid(root: etree._Element) -> None:
    schema = schema_for(BY_NAMESPACE[etree.QName(root).namespace or ""])
    assert schema.validate(root.getroottree()), schema.error_log


def _text(root: etree._Element, path: str) -> list[str]:
    ns = {"r": etree.QName(root).namespace or "", "ijw": NS_BASIS}
    return [str(el.text) for el in root.iterfind(path, ns)]


def _fixed_315(examples_dir: Path, tmp_path: Path) -> Path:
    # The vendored JW315 has an impossible date (2027-06-31); the retour tests need a valid one.
    data = (examples_dir / "JW315.xml").read_bytes().replace(b"2027-06-31", b"2027-06-30")
    path = tmp_path / "JW315.xml"
    path.write_bytes(data)
    return path


def _heen(code: str, examples_dir: Path, tmp_path: Path) -> Path:
    return _fixed_315(examples_dir, tmp_path) if code == "JW315" else examples_dir / f"{code}.xml"


@pytest.mark.parametrize("code", HEEN)
def test_level2_rejection_is_a_header_only_retour_with_0001(
    code: str, examples_dir: Path, tmp_path: Path
) -> None:
    heen = parse_file(_heen(code, examples_dir, tmp_path))
    root = retour_for(heen, [LEVEL2], IDENTITY)
    assert root is not None
    _assert_xsd_valid(root)
    expected = heen.message_type.retour
    assert etree.QName(root).namespace == message_type(str(expected)).namespace
    assert [etree.QName(c).localname for c in root] == ["Header"]
    assert _text(root, "r:Header/r:RetourCodes/r:RetourCode") == ["0001"]
    assert _text(root, "r:Header/r:XsltVersie") == ["2.10.5"]
    assert _text(root, "r:Header/r:BerichtCode") == [message_type(str(expected)).berichtcode]


@pytest.mark.parametrize("code", [c for c in HEEN if c != "JW323"])
def test_retour_header_copies_the_heen_header_unchanged(
    code: str, examples_dir: Path, tmp_path: Path
) -> None:
    heen = parse_file(_heen(code, examples_dir, tmp_path))
    root = retour_for(heen, [LEVEL2], IDENTITY)
    assert root is not None
    for field in ("Afzender", "Ontvanger", "BerichtVersie", "BerichtSubversie"):
        assert _text(root, f"r:Header/r:{field}") == _text(heen.root, f"r:Header/r:{field}")
    for field in ("BerichtIdentificatie/ijw:Identificatie", "XsdVersie/ijw:BerichtXsdVersie"):
        assert _text(root, f"r:Header/r:{field}") == _text(heen.root, f"r:Header/r:{field}")
    assert _text(root, "r:Header/r:IdentificatieRetour") == ["RET000000001"]
    assert _text(root, "r:Header/r:DagtekeningRetour") == ["2026-05-08"]
    retour_type = message_type(str(heen.message_type.retour))
    assert _text(root, "r:Header/r:XsdVersieRetour/ijw:BerichtXsdVersie") == [schema_versions(retour_type)[1]]


def test_a_valid_heen_message_gets_a_header_without_retourcodes(examples_dir: Path) -> None:
    root = retour_for(parse_file(examples_dir / "JW301.xml"), [], IDENTITY)
    assert root is not None
    _assert_xsd_valid(root)
    assert _text(root, "r:Header/r:RetourCodes/r:RetourCode") == []
    assert _text(root, "r:Header/r:XsltVersie") == []


def test_jw323_level2_rejection_is_a_header_only_jw325(examples_dir: Path) -> None:
    heen = parse_file(examples_dir / "JW323.xml")
    root = retour_for(heen, [LEVEL2], IDENTITY)
    assert root is not None
    _assert_xsd_valid(root)
    assert etree.QName(root).namespace == message_type("JW325").namespace
    assert [etree.QName(c).localname for c in root] == ["Header"]
    assert _text(root, "r:Header/r:RetourCodes/r:RetourCode") == ["0001"]
    # The 325 answers the 323: it names the declaration and goes back to its sender.
    assert _text(root, "r:Header/r:DeclaratieIdentificatie/ijw:Identificatie") == ["765432198"]
    assert _text(root, "r:Header/r:BerichtIdentificatie/ijw:Identificatie") == ["RET000000001"]
    assert _text(root, "r:Header/r:Afzender") == ["0384"]
    assert _text(root, "r:Header/r:Ontvanger") == ["65656055"]


def test_jw323_without_findings_is_fully_approved(examples_dir: Path) -> None:
    root = retour_for(parse_file(examples_dir / "JW323.xml"), [], IDENTITY)
    assert root is not None
    _assert_xsd_valid(root)
    assert _text(root, "r:Header/r:RetourCodes/r:RetourCode") == ["0200"]
    assert _text(root, "r:DeclaratieAntwoord/r:RetourCodes/r:RetourCode") == ["8001"]
    assert _text(root, "r:DeclaratieAntwoord/r:TotaalToegekendBedrag/ijw:TotaalBedrag") == ["79000"]


@pytest.mark.parametrize("rule", ["XSD", "XML"])
def test_level1_failures_get_no_retour(rule: str, examples_dir: Path) -> None:
    heen = parse_file(examples_dir / "JW301.xml")
    assert retour_for(heen, [Finding(rule, None, "/Bericht", "kapot")], IDENTITY) is None


@pytest.mark.parametrize("code", ["JW302", "JW325"])
def test_retour_messages_themselves_get_no_retour(code: str, examples_dir: Path) -> None:
    assert retour_for(parse_file(examples_dir / f"{code}.xml"), [LEVEL2], IDENTITY) is None


def test_class_retour_puts_codes_on_the_faulty_class_and_0200_elsewhere(examples_dir: Path) -> None:
    heen = parse_file(examples_dir / "JW305.xml")
    faulty = "/Bericht/Client/StartProducten/StartProduct[2]"
    root = class_retour(heen, {faulty: ["9063"]}, IDENTITY)
    _assert_xsd_valid(root)
    assert _text(root, "r:Header/r:RetourCodes/r:RetourCode") == ["0200"]
    assert _text(root, "r:Client/r:RetourCodes/r:RetourCode") == ["0200"]
    products = "r:Client/r:StartProducten/r:StartProduct"
    assert _text(root, f"{products}/r:RetourCodes/r:RetourCode") == ["0200", "9063"]
    assert _text(root, f"{products}/r:ToewijzingNummer") == _text(heen.root, f"{products}/r:ToewijzingNummer")
    assert _text(root, "r:Client/r:Naam/ijw:Voornamen") == _text(heen.root, "r:Client/r:Naam/ijw:Voornamen")


def test_class_retour_can_mark_classes_not_assessed(examples_dir: Path) -> None:
    heen = parse_file(examples_dir / "JW317.xml")
    root = class_retour(heen, {"/Bericht/Client": ["8187"]}, IDENTITY, default_code="0233")
    _assert_xsd_valid(root)
    assert _text(root, "r:Client/r:RetourCodes/r:RetourCode") == ["8187"]
    assert set(_text(root, "r:Client/r:Verzoek/r:RetourCodes/r:RetourCode")) == {"0233"}


def test_class_retour_with_only_a_header_fault_is_the_header_alone(examples_dir: Path) -> None:
    root = class_retour(parse_file(examples_dir / "JW319.xml"), {}, IDENTITY, header_codes=["9347"])
    _assert_xsd_valid(root)
    assert [etree.QName(c).localname for c in root] == ["Header"]
    assert _text(root, "r:Header/r:RetourCodes/r:RetourCode") == ["9347"]


def test_class_retour_is_refused_for_a_declaration(examples_dir: Path) -> None:
    with pytest.raises(ValueError, match="JW323"):
        class_retour(parse_file(examples_dir / "JW323.xml"), {}, IDENTITY)


def test_retour_bytes_round_trip_through_the_reader(examples_dir: Path, tmp_path: Path) -> None:
    root = retour_for(parse_file(examples_dir / "JW307.xml"), [LEVEL2], IDENTITY)
    assert root is not None
    out = tmp_path / "JW308.xml"
    out.write_bytes(retour_bytes(root))
    assert out.read_bytes().startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    assert parse_file(out).message_type.code == "JW308"


def test_retour_numbering_is_deterministic_and_fits_the_12_character_limit() -> None:
    numbering = RetourNumbering(dt.date(2026, 5, 8))
    first, second = numbering.next(), numbering.next()
    assert (first.identificatie, second.identificatie) == ("ZP2605080001", "ZP2605080002")
    assert first.dagtekening == dt.date(2026, 5, 8)


def test_check_files_writes_one_retour_per_rejected_message_with_unique_names(
    examples_dir: Path, tmp_path: Path
) -> None:
    heen = examples_dir / "JW323.xml"
    verdicts = list(
        check_files(
            [heen, heen, examples_dir / "JW301.xml"],
            tmp_path,
            numbering=RetourNumbering(IDENTITY.dagtekening),
        )
    )
    written = [v.retour.name if v.retour else None for v in verdicts]
    assert written == ["JW323_JW325.xml", "JW323_JW325_2.xml", None]
    second = etree.parse(str(tmp_path / "JW323_JW325_2.xml")).getroot()
    assert _text(second, "r:Header/r:BerichtIdentificatie/ijw:Identificatie") == ["ZP2605080002"]
