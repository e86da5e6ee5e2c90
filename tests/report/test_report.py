"""The board report on the hand-computed regio scenario: key figures, sections, PDF, errors."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from insights.scenario_store import SCENARIOS, build_store, context, read
from zorgpad.app.cli import app
from zorgpad.errors import UserError
from zorgpad.report.build import render_html, write_report
from zorgpad.report.dutch import euro, number, percent
from zorgpad.store import Store


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    opened = build_store(read(SCENARIOS / "regio.yaml"), tmp_path_factory.mktemp("report") / "regio.duckdb")
    yield opened
    opened.close()


def test_dutch_formats() -> None:
    assert euro(123456789) == "€ 1.234.567,89"
    assert euro(-1005) == "-€ 10,05"
    assert euro(442000, whole=True) == "€ 4.420"
    assert number(1234.56, 1) == "1.234,6"
    assert percent(43.0) == "43,0 %"


@pytest.fixture(scope="module")
def html(store: Store) -> str:
    return render_html(context(read(SCENARIOS / "regio.yaml"), store))


def test_html_holds_the_hand_computed_key_figures(html: str) -> None:
    # 6 clients; 4.420,00 declared; 4.420 / 6 = 736,67 per client; 4 providers; rejected debets 1.000 +
    # 1.000 (the rejected credit of 100 is reported apart, never netted).
    for figure in ("€ 4.420", "€ 737", "€ 2.000", "45,2 % van het gedeclareerde", "€ 300", "51 dagen"):
        assert figure in html, figure
    assert ">6</div>" in html and ">4</div>" in html
    assert "Groepsbehandeling tegenover individuele behandeling" in html
    assert "De meeste afwijzingen komen van de regel" in html
    assert html.count("<svg") >= 10


def test_report_per_municipality(store: Store, tmp_path: Path) -> None:
    out = write_report(context(read(SCENARIOS / "regio.yaml"), store), tmp_path / "doesburg.html", "0221")
    html = out.read_text(encoding="utf-8")
    assert "gemeente Doesburg, vergeleken met de regio" in html
    assert "€ 1.050" in html  # Doesburg: 600,00 + 450,00


def test_svg_ids_are_unique_on_the_page(html: str) -> None:
    ids = re.findall(r'id="([^"]+)"', html)
    assert len(ids) == len(set(ids))


@pytest.mark.slow
def test_pdf_is_written(store: Store, tmp_path: Path) -> None:
    out = write_report(context(read(SCENARIOS / "regio.yaml"), store), tmp_path / "rapport.pdf")
    assert out.read_bytes().startswith(b"%PDF")
    pdf = PdfReader(out)
    assert len(pdf.pages) > 1
    text = "".join(page.extract_text() for page in pdf.pages)
    assert "Bestuursrapportage jeugdhulp" in text and "Kerncijfers" in text


def test_bad_output_and_unknown_municipality(store: Store, tmp_path: Path) -> None:
    ctx = context(read(SCENARIOS / "regio.yaml"), store)
    with pytest.raises(UserError) as kind:
        write_report(ctx, tmp_path / "rapport.odt")
    assert kind.value.code == "RAPPORT-SOORT"
    with pytest.raises(UserError) as place:
        write_report(ctx, tmp_path / "rapport.html", "9999")
    assert place.value.code == "RAPPORT-GEMEENTE"


def test_report_command(tmp_path: Path) -> None:
    db = tmp_path / "regio.duckdb"
    build_store(read(SCENARIOS / "regio.yaml"), db).close()
    out = tmp_path / "rapport.html"
    arguments = ["report", "--db", str(db), "--catalog", "centraal-gelderland", "--out", str(out)]
    result = CliRunner().invoke(app, arguments)
    assert result.exit_code == 0, result.output
    assert "Bestuursrapportage geschreven" in result.output
    assert "€ 4.420" in out.read_text(encoding="utf-8")
    missing = CliRunner().invoke(app, ["report", "--db", str(tmp_path / "nergens.duckdb"), "--out", str(out)])
    # The CLI's main() turns a UserError into a Dutch message and an exit code (tested in tests/ijw).
    assert isinstance(missing.exception, UserError)
    assert missing.exception.code == "DB-ONBEKEND"
    # Without a catalogue, a municipality is checked against the store: no silent empty report.
    unknown = CliRunner().invoke(app, ["report", "--db", str(db), "--out", str(out), "--gemeente", "9999"])
    assert isinstance(unknown.exception, UserError) and unknown.exception.code == "RAPPORT-GEMEENTE"
    assert "9999" in unknown.exception.message


def test_word_report_from_the_command_layer(store: Store, tmp_path: Path) -> None:
    from docx import Document

    out = write_report(context(read(SCENARIOS / "regio.yaml"), store), tmp_path / "doesburg.docx", "0221")
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "gemeente Doesburg, vergeleken met de regio" in text
    assert "Conclusie: " in text and "Norm: " in text


def test_unknown_municipality_without_catalogue_is_an_error_and_no_report(tmp_path: Path) -> None:
    # Issue 17, item 8: without a catalogue the store's municipalities decide; no empty report, exit 2.
    db = tmp_path / "regio.duckdb"
    build_store(read(SCENARIOS / "regio.yaml"), db).close()
    out = tmp_path / "rapport.html"
    result = CliRunner().invoke(app, ["report", "--db", str(db), "--out", str(out), "--gemeente", "9999"])
    assert isinstance(result.exception, UserError)
    assert result.exception.code == "RAPPORT-GEMEENTE"
    assert "9999" in result.exception.message
    assert not out.exists()
    with Store.open(db, read_only=True) as store:
        known = store.connection.execute("SELECT min(gemeente) FROM messages").fetchall()[0][0]
    good = CliRunner().invoke(app, ["report", "--db", str(db), "--out", str(out), "--gemeente", known])
    assert good.exit_code == 0, good.output
    assert out.exists()
