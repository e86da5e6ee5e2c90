"""The board report per municipality from the dashboard: `/gemeenten/{code}/rapport/{formaat}` as HTML,
PDF or an editable Word document (DOCX), with the same charts and conclusions as the pages and the
municipality set against the region (zorgpad.report); of the latest control run, or of `?run=N`."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse, Response

from zorgpad.app.web.errors import NotFoundError
from zorgpad.app.web.runs import chosen_run
from zorgpad.app.web.site import Site
from zorgpad.errors import UserError
from zorgpad.report.build import render_html

FORMATS = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def register(site: Site) -> None:
    @site.router.get("/gemeenten/{code}/rapport/{formaat}", name="gemeente-rapport", include_in_schema=False)
    def report(request: Request, code: str, formaat: str, run: str | None = None) -> Response:
        option = site.data.gemeente(code)
        if option is None:
            raise NotFoundError(
                "GEMEENTE-ONBEKEND", f"'{code}' komt in deze gegevens niet voor. Kies er een uit /gemeenten.",
                "path.code",
            )  # fmt: skip
        if formaat not in FORMATS:
            raise UserError("RAPPORT-SOORT", "Het rapport bestaat als html, pdf of docx.", "path.formaat")
        chosen = chosen_run(site, run)
        with site.data.reading(chosen) as ctx:
            if formaat == "docx":
                from zorgpad.report.docx import render_docx

                body = render_docx(ctx, code)
            else:
                html = render_html(ctx, code)
                if formaat == "html":
                    return HTMLResponse(html)
                from weasyprint import HTML  # type: ignore[import-untyped]

                body = HTML(string=html).write_pdf()
        name = f"bestuursrapportage-{option.name.lower().replace(' ', '-')}.{formaat}"
        return Response(
            body,
            media_type=FORMATS[formaat],
            headers={"content-disposition": f'attachment; filename="{name}"'},
        )
