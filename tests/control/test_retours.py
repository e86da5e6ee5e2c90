"""`zorgpad check --out` answers every received start, stop and request with its retour (JW306, JW308,
JW316, JW318): level-2 faults header-only with 0001, cross-message faults on the class they concern,
0200 when all is well; every retour passes the XSD, zorgpad's level 2 and the official XSLT."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

from ijw.rules.mutate import official
from zorgpad.app.cli import app
from zorgpad.control.cli_support import open_inputs
from zorgpad.control.retours import retour_for_message
from zorgpad.control.run import check
from zorgpad.ijw.reader import parse_file
from zorgpad.ijw.validate import validate_document

EXAMPLES = Path(__file__).resolve().parents[2] / "src" / "zorgpad" / "ijw" / "examples"


def _example(name: str, *edits: tuple[str, str]) -> bytes:
    text = (EXAMPLES / f"{name}.xml").read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text
        text = text.replace(old, new)
    return text.encode()


pytestmark = pytest.mark.slow  # one ingest and check of six messages, shared by the tests


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp_path = tmp_path_factory.mktemp("retours")
    inbox = tmp_path / "in"
    inbox.mkdir()
    # The allocation from the start's gemeente to its aanbieder, for the start's client.
    (inbox / "toewijzing.xml").write_bytes(
        _example(
            "JW301",
            ("<jw301:Afzender>0384</jw301:Afzender>", "<jw301:Afzender>0363</jw301:Afzender>"),
            ("<jw301:Ontvanger>42420001</jw301:Ontvanger>", "<jw301:Ontvanger>65656055</jw301:Ontvanger>"),
        )
    )
    (inbox / "start.xml").write_bytes(_example("JW305"))
    # The same start again, as new, five days later: TR074 and TR326.
    (inbox / "start-nogmaals.xml").write_bytes(
        _example(
            "JW305",
            (
                "<ijw:Identificatie>123456789012</ijw:Identificatie>",
                "<ijw:Identificatie>S2</ijw:Identificatie>",
            ),
            (
                "<ijw:Dagtekening>2026-04-15</ijw:Dagtekening>",
                "<ijw:Dagtekening>2026-04-20</ijw:Dagtekening>",
            ),
        )
    )
    (inbox / "stop.xml").write_bytes(_example("JW307"))
    # The same stop again a day later under the same Identificatie: TR056 on the header.
    (inbox / "stop-zelfde-identificatie.xml").write_bytes(
        _example(
            "JW307",
            (
                "<ijw:Dagtekening>2026-07-20</ijw:Dagtekening>",
                "<ijw:Dagtekening>2026-07-21</ijw:Dagtekening>",
            ),
        )
    )
    (inbox / "wijziging.xml").write_bytes(_example("JW317"))  # breaks CS003 (level 2)
    (inbox / "aanvraag.xml").write_bytes(_example("JW315"))  # fails its XSD: no retour at all
    db = tmp_path / "zorg.duckdb"
    runner = CliRunner()
    ingested = runner.invoke(app, ["ingest", str(inbox), "--db", str(db)])
    assert ingested.exit_code == 1 and "2 nieuwe bestanden zijn ongeldig" in ingested.output  # JW315, JW317
    out = tmp_path / "uit"
    result = runner.invoke(app, ["check", "--db", str(db), "--out", str(out), "--dagtekening", "2026-08-01"])
    assert result.exit_code == 0, result.output
    assert "5 retourberichten op starts, stops en verzoeken" in result.output
    assert "waarvan 3 met een afkeuring" in result.output
    return out


def _codes(path: Path) -> dict[str, list[str]]:
    """Per class (local name) the retourcodes it carries."""
    root = etree.parse(str(path)).getroot()
    found: dict[str, list[str]] = {}
    for holder in root.iter("{*}RetourCodes"):
        owner = etree.QName(holder.getparent()).localname
        found.setdefault(owner, []).extend(code.text or "" for code in holder)
    return found


def _retours(out: Path) -> dict[str, dict[str, list[str]]]:
    """Per retour (its type and the Identificatie of the message it answers) the codes per class."""
    found = {}
    for path in sorted((out / "retour").glob("*.xml")):
        root = etree.parse(str(path)).getroot()
        kind = str(etree.QName(root).namespace).split("/")[-2]
        found[f"{kind}:{root.findtext('.//{*}BerichtIdentificatie/{*}Identificatie')}"] = _codes(path)
    return found


def test_every_received_start_stop_and_request_gets_its_retour(checked: Path) -> None:
    assert _retours(checked) == {
        "jw306:123456789012": {"Header": ["0200"]},
        # Both StartProducts of the repeated start: TR074 and TR326.
        "jw306:S2": {
            "Header": ["0200"],
            "Client": ["0200"],
            "StartProduct": ["9074", "9326", "9074", "9326"],
        },
        "jw308:123456789012": {"Header": ["0200"]},
        "jw318:987654321": {"Header": ["0001"]},
    }


def test_a_reused_identificatie_is_answered_on_the_header(checked: Path) -> None:
    by_day = {}
    for path in (checked / "retour").glob("JW308_*.xml"):
        root = etree.parse(str(path)).getroot()
        by_day[root.findtext(".//{*}BerichtIdentificatie/{*}Dagtekening")] = _codes(path)
    assert by_day["2026-07-20"] == {"Header": ["0200"]}
    assert by_day["2026-07-21"]["Header"] == ["9056"]


def test_every_retour_is_xsd_and_level_2_valid_and_passes_the_official_xslt(checked: Path) -> None:
    files = sorted((checked / "retour").glob("*.xml"))
    assert len(files) == 5
    for path in files:
        document = parse_file(path)
        assert validate_document(document) == ()
        assert set(official().rule_codes(document)) == set()


def test_one_stored_message_is_answered_for_an_outbox(checked: Path) -> None:
    store, tables = open_inputs(checked.parent / "zorg.duckdb")
    with store:
        result = check(store.backend, tables, None)
        messages = tables["messages"]
        ids = messages.filter(messages.identificatie == "S2").select("message_id").to_pyarrow().to_pylist()
        xml = retour_for_message(tables, result.findings, ids[0]["message_id"], dt.date(2026, 8, 1))
        declaration = retour_for_message(tables, result.findings, "geen-bericht", dt.date(2026, 8, 1))
    assert xml is not None and xml.count(b"<jw306:RetourCode>9326<") == 2
    assert declaration is None
