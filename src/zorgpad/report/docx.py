"""The board report as an editable Word document (DOCX, python-docx): the same key figures, conclusions,
charts (as PNG, drawn by the one chart renderer) and tables as the HTML and PDF versions."""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.shared import Cm, Pt

from zorgpad.insights.registry import InsightContext
from zorgpad.report.build import Report, build_report
from zorgpad.report.charts import render_png


def _table(document: Any, table: dict[str, Any]) -> None:
    if not table["rows"]:
        document.add_paragraph("Geen gegevens.")
        return
    grid = document.add_table(rows=1, cols=len(table["headers"]))
    grid.style = "Light Grid Accent 1"
    for cell, header in zip(grid.rows[0].cells, table["headers"], strict=True):
        cell.text = header
    for row in table["rows"]:
        cells = grid.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = value
    for row in grid.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(8)
    if table["more"]:
        document.add_paragraph(f"… en nog {table['more']} rijen (volledig in het dashboard).")


def write(report: Report, names: Any) -> bytes:
    document = Document()
    document.add_heading("Bestuursrapportage jeugdhulp", level=0)
    first, last = report.period
    period = f"; geleverde zorg van {first:%d-%m-%Y} tot en met {last:%d-%m-%Y}" if first and last else ""
    document.add_paragraph(f"{report.region} – {report.scope}{period}.")
    document.add_paragraph(
        f"Opgesteld op {report.today:%d-%m-%Y}"
        + (f", productstructuur {report.catalog}" if report.catalog else "")
        + ". Dit document is bewerkbaar: vul het aan voor de raad of het college."
    )
    document.add_heading("Kerncijfers", level=1)
    for figure in report.figures:
        note = f" ({figure.note})" if figure.note else ""
        document.add_paragraph(f"{figure.label}: {figure.value}{note}", style="List Bullet")
    for section in report.sections:
        document.add_heading(section.title, level=1)
        document.add_paragraph(section.question).runs[0].italic = True
        c = section.conclusion
        if c is not None:
            paragraph = document.add_paragraph()
            paragraph.add_run(f"Conclusie: {c.status_nl}. ").bold = True
            paragraph.add_run(c.sentence_nl)
            if c.region_value is not None:
                document.add_paragraph(
                    f"Ter vergelijking, de hele regio: {c.region_text}. {c.region_sentence_nl}"
                )
            norm = document.add_paragraph()
            norm.add_run("Norm: ").bold = True
            norm.add_run(f"{c.norm.text_nl} (bron: {c.norm.kind}, {c.norm.source_nl})")
            step = document.add_paragraph()
            step.add_run("Volgende stap: ").bold = True
            step.add_run(c.next_step_nl)
        document.add_paragraph(f"Wat de cijfers verder zeggen: {section.reading}")
        for part in section.indicators:
            item = part["indicator"]
            document.add_heading(item.name_nl, level=2)
            document.add_paragraph(item.definition_nl).runs[0].font.size = Pt(8)
            if part["instead"]:
                document.add_paragraph(part["instead"])
                continue
            png = render_png(names, item, report.tables[item.id])
            if png is not None:
                document.add_picture(io.BytesIO(png), width=Cm(16))
            _table(document, part["table"])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def render_docx(ctx: InsightContext, gemeente: str | None = None) -> bytes:
    """The report as DOCX bytes (for one municipality against the region, or for the region)."""
    from zorgpad.insights.names import Names

    return write(build_report(ctx, gemeente), Names.of(ctx.catalog))
