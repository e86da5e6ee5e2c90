"""The board report per municipality from the dashboard: HTML, Word and PDF, with the conclusions, the
region's values beside the municipality's, and names rather than codes."""

from __future__ import annotations

import io
import re

import pytest
from docx import Document
from starlette.testclient import TestClient

from zorgpad.insights.registry import all_indicators


def test_html_report_has_conclusions_against_the_region(client: TestClient) -> None:
    page = client.get("/gemeenten/0202")
    assert 'href="/gemeenten/0202/rapport/docx"' in page.text
    html = client.get("/gemeenten/0202/rapport/html").text
    assert "gemeente Arnhem, vergeleken met de regio" in html
    assert len(re.findall(r"<strong>Conclusie: (voldoet|let op|actie|geen oordeel)\.</strong>", html)) >= 8
    assert "Ter vergelijking, de hele regio:" in html and "<strong>Norm:</strong>" in html
    assert "Volgende stap:" in html
    products = {
        row["product_code"] for row in client.get("/api/indicatoren/kosten-per-product").json()["rijen"]
    }
    readings = " ".join(re.findall(r'<p class="reading">(.*?)</p>', html, flags=re.S))
    assert not any(code in readings for code in products), "a product code where a name belongs"
    assert html.count('role="img"') >= 5  # the same accessible charts as the pages


def test_word_report_is_editable_and_says_the_same(client: TestClient) -> None:
    answer = client.get("/gemeenten/0202/rapport/docx")
    assert answer.status_code == 200
    assert "attachment" in answer.headers["content-disposition"]
    document = Document(io.BytesIO(answer.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Bestuursrapportage jeugdhulp" in text and "gemeente Arnhem, vergeleken met de regio" in text
    assert text.count("Conclusie: ") >= 8 and "Volgende stap: " in text
    assert len(document.inline_shapes) >= 5  # the charts, as pictures
    assert document.tables, "the indicator tables"


def test_unknown_format_or_municipality(client: TestClient) -> None:
    assert client.get("/gemeenten/0202/rapport/odt").json()["fout"]["code"] == "RAPPORT-SOORT"
    assert client.get("/gemeenten/9999/rapport/html").status_code == 404


@pytest.mark.slow
def test_pdf_report(client: TestClient) -> None:
    answer = client.get("/gemeenten/0202/rapport/pdf")
    assert answer.status_code == 200 and answer.content.startswith(b"%PDF")
    assert all_indicators()
