"""`zorgpad validate`: files and folders, text and JSON output, exit codes, retours, XSLT cross-check."""

from __future__ import annotations

import io
import json
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree
from rich.console import Console

from zorgpad.app.cli import main
from zorgpad.app.commands.validate import with_progress
from zorgpad.ijw.batch import FileVerdict, check_files
from zorgpad.ijw.messages import message_type
from zorgpad.ijw.schemas import schema_for

RAPPORT = "http://www.istandaarden.nl/validatie/1_1/rapport/schema"


def run(
    args: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> tuple[int, str, str]:
    """Run the real entry point (including its UserError handling); return exit code, stdout, stderr."""
    monkeypatch.setattr(sys, "argv", ["zorgpad", *args])
    with pytest.raises(SystemExit) as stopped:
        main()
    captured = capsys.readouterr()
    code = stopped.value.code
    return (code if isinstance(code, int) else 1), captured.out, captured.err


def _copy(examples_dir: Path, tmp_path: Path, *codes: str) -> Path:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    for i, code in enumerate(codes):
        # Half of them one level deeper: folders are searched recursively.
        target = folder / ("sub" if i % 2 else "") / f"{code}.xml"
        shutil.copy(examples_dir / f"{code}.xml", target)
    return folder


def test_all_valid_files_exit_0_with_a_dutch_summary(
    examples_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _copy(examples_dir, tmp_path, "JW301", "JW305", "JW319")
    code, out, _ = run(["validate", str(folder)], capsys, monkeypatch)
    assert code == 0
    assert out.count("geldig ") == 3
    assert "JW305 Start zorg" in out
    assert "Samenvatting: 3 berichten gecontroleerd: 3 geldig, 0 ongeldig." in out


def test_an_xsd_failure_exits_1_and_explains_in_dutch(
    examples_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = run(["validate", str(examples_dir / "JW315.xml")], capsys, monkeypatch)
    assert code == 1
    assert "ongeldig" in out
    assert "XSD bij /Bericht/Client/AangevraagdeProducten/AangevraagdProduct[1]/ToewijzingEinddatum" in out
    assert "bestaande datum" in out
    assert "geen retourbericht" in out
    assert "1 bericht gecontroleerd: 0 geldig, 1 ongeldig." in out


def test_json_output_is_one_object_per_message(
    examples_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "kapot.xml"
    broken.write_bytes(b"<Bericht>")
    args = [
        "validate",
        "--format",
        "json",
        str(examples_dir / "JW301.xml"),
        str(examples_dir / "JW318.xml"),
        str(broken),
    ]
    code, out, _ = run(args, capsys, monkeypatch)
    assert code == 1
    lines = [json.loads(line) for line in out.splitlines()]
    assert [line["message"] for line in lines] == ["JW301", "JW318", None]
    assert [line["valid"] for line in lines] == [True, False, False]
    assert lines[0]["findings"] == []
    assert {f["rule"] for f in lines[1]["findings"]} == {"XSD"}
    assert lines[1]["findings"][0]["xpath"] == "/Bericht/Client/Verzoek/RetourCode"
    unreadable = lines[2]["findings"]
    assert [f["rule"] for f in unreadable] == ["XML"]
    assert "XML-ONLEESBAAR" in unreadable[0]["message"]
    assert set(lines[0]) == {"path", "message", "valid", "findings"}


@pytest.mark.parametrize(
    ("args", "error_code"),
    [
        (["validate"], "GEEN-PAD"),
        (["validate", "bestaat/niet.xml"], "PAD-ONBEKEND"),
        (["validate", "--format", "xml", "."], "ONBEKEND-FORMAAT"),
    ],
)
def test_usage_errors_exit_2_with_a_dutch_message(
    args: list[str], error_code: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = run(args, capsys, monkeypatch)
    assert code == 2
    assert f"[{error_code}]" in err
    assert "Fout:" in err
    assert "Traceback" not in out + err


def test_retour_dir_gets_a_valid_jw325_for_a_level2_rejection(
    examples_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The vendored JW323 repeats ReferentieNummer RN004: TR101, a level-2 rejection.
    source = (examples_dir / "JW323.xml").read_bytes()
    heen = tmp_path / "declaratie.xml"
    heen.write_bytes(source)
    retour_dir = tmp_path / "retour"
    code, out, _ = run(
        ["validate", "--format", "json", "--retour", str(retour_dir), str(heen)], capsys, monkeypatch
    )
    line = json.loads(out)
    assert code == 1
    assert {f["rule"] for f in line["findings"]} == {"TR101"}
    written = retour_dir / "declaratie_JW325.xml"
    assert line["retour"] == str(written)
    root = etree.parse(str(written)).getroot()
    assert schema_for(message_type("JW325")).validate(root.getroottree())
    codes = root.findall(f".//{{{message_type('JW325').namespace}}}RetourCode")
    assert [c.text for c in codes] == ["0001"]


def test_retour_dir_gets_nothing_for_an_xsd_failure(
    examples_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    retour_dir = tmp_path / "retour"
    code, _, _ = run(
        ["validate", "--retour", str(retour_dir), str(examples_dir / "JW315.xml")], capsys, monkeypatch
    )
    assert code == 1
    assert not retour_dir.exists() or not any(retour_dir.iterdir())


def _xslt(tmp_path: Path, codes: list[str]) -> Path:
    """A stand-in for the official stylesheet: it reports the given rule codes for any message."""
    fouten = "".join(f"<r:Fout><r:Code>{c}</r:Code><r:Details>test</r:Details></r:Fout>" for c in codes)
    path = tmp_path / "regels.xsl"
    path.write_text(
        '<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" '
        f'xmlns:r="{RAPPORT}"><xsl:template match="/"><r:Rapport><r:Header><r:XSLTVersie>0.0.1'
        f"</r:XSLTVersie></r:Header><r:Fouten>{fouten}</r:Fouten></r:Rapport></xsl:template>"
        "</xsl:stylesheet>",
        encoding="utf-8",
    )
    return path


def test_against_xslt_lists_a_message_where_the_verdicts_differ(
    examples_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    xslt = _xslt(tmp_path, ["CD999"])
    code, out, _ = run(
        ["validate", "--against-xslt", str(xslt), str(examples_dir / "JW301.xml")], capsys, monkeypatch
    )
    assert code == 0
    assert "verschil met het XSLT" in out
    assert "alleen XSLT: CD999; alleen zorgpad: -" in out
    assert "1 berichten vergeleken, 1 met een ander oordeel" in out


def test_against_xslt_agreeing_verdicts_and_json(
    examples_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    xslt = _xslt(tmp_path, [])
    args = ["validate", "--format", "json", "--against-xslt", str(xslt), str(examples_dir / "JW301.xml")]
    code, out, _ = run(args, capsys, monkeypatch)
    assert code == 0
    assert json.loads(out)["xslt"] == {"equal": True, "official": [], "zorgpad": []}


def test_against_xslt_skips_messages_that_fail_the_xsd(
    examples_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    xslt = _xslt(tmp_path, ["CD999"])
    args = ["validate", "--format", "json", "--against-xslt", str(xslt), str(examples_dir / "JW315.xml")]
    _, out, _ = run(args, capsys, monkeypatch)
    assert "xslt" not in json.loads(out)


@pytest.mark.parametrize("content", ["<xsl:stylesheet", "<not-xslt/>"])
def test_a_bad_xslt_file_is_a_dutch_usage_error(
    content: str,
    examples_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bad = tmp_path / "kapot.xsl"
    bad.write_text(content, encoding="utf-8")
    code, out, err = run(
        ["validate", "--against-xslt", str(bad), str(examples_dir / "JW301.xml")], capsys, monkeypatch
    )
    assert code == 2
    assert "[XSLT-ONGELDIG]" in err
    assert "Traceback" not in out + err


def test_a_missing_xslt_file_is_a_dutch_usage_error(
    examples_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ["validate", "--against-xslt", str(tmp_path / "weg.xsl"), str(examples_dir / "JW301.xml")]
    code, _, err = run(args, capsys, monkeypatch)
    assert code == 2
    assert "[XSLT-ONLEESBAAR]" in err


def _verdicts(count: int, examples_dir: Path) -> Iterator[FileVerdict]:
    return check_files([examples_dir / "JW301.xml"] * count)


@pytest.mark.parametrize(
    ("count", "terminal", "shown"), [(25, True, True), (25, False, False), (3, True, False)]
)
def test_progress_is_shown_only_for_many_files_on_a_terminal(
    count: int, terminal: bool, shown: bool, examples_dir: Path
) -> None:
    screen = io.StringIO()
    err = Console(file=screen, force_terminal=terminal, width=100)
    verdicts = list(with_progress(_verdicts(count, examples_dir), count, err))
    assert len(verdicts) == count
    assert ("Berichten controleren" in screen.getvalue()) == shown
