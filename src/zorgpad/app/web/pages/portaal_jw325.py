"""JW325 downloads in the provider portal: one declaration answer (`/portaal/jw325/{bestand}`) or all of
a control run (`/portaal/jw325`, a zip), only of the caller's own AGB codes.

The answers are built again from the stored run (`zorgpad.control.stored_answers`): the same bytes
`zorgpad check` wrote. An answer of another provider answers 403 (it exists, but not for you); every
download is written to the audit trail with the clients the answers name.
"""

from __future__ import annotations

import io
import zipfile

from fastapi import Depends, Query, Request
from fastapi.responses import Response

from zorgpad.app.web.auth.gate import audit_read, require_principal
from zorgpad.app.web.errors import NotFoundError
from zorgpad.app.web.pages.portaal import PORTAL, provider_shown
from zorgpad.app.web.scope import check_code, declare
from zorgpad.app.web.site import Site
from zorgpad.control.stored_answers import StoredAnswer, rebuild_answers
from zorgpad.insights.registry import Filters
from zorgpad.store.runs import chosen_run_id

ZIP_PATH = "/portaal/jw325"
FILE_PATH = "/portaal/jw325/{bestand}"
_RUN = Query(None, ge=1, description="De controlerun; standaard de laatste.")


def _no_run() -> NotFoundError:
    return NotFoundError(
        "CONTROLE-ONTBREEKT",
        "Er is nog geen controle gedraaid, dus er zijn nog geen declaratie-antwoorden (JW325).",
        "query.run",
    )


def _answers(site: Site, run: int | None, where: str, params: list[object]) -> tuple[int, list[StoredAnswer]]:
    """The run chosen and its JW325s for the `control_answers` rows matching `where`."""
    data = site.data
    with data._lock:
        con = data.compute_store.connection
        run_id = chosen_run_id(con, run)
        if run_id is None:
            raise _no_run()
        ids = [
            str(row[0])
            for row in con.execute(
                f"SELECT message_id FROM control_answers WHERE run_id = ? AND {where}", [run_id, *params]
            ).fetchall()
        ]
        return run_id, rebuild_answers(con, run_id, ids)


def register(site: Site) -> None:
    declare(ZIP_PATH, PORTAL)
    declare(FILE_PATH, PORTAL)

    @site.router.get(ZIP_PATH, name="portaal-jw325-run", include_in_schema=False)
    def run_zip(
        request: Request, filters: Filters = Depends(site.filters), run: int | None = _RUN
    ) -> Response:
        agb = provider_shown(site, filters)
        run_id, answers = _answers(site, run, "aanbieder = ?", [agb])
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for answer in answers:
                archive.writestr(answer.name, answer.content)
        audit_read(request, [key for answer in answers for key in answer.client_keys])
        name = f"JW325-{agb}-controlerun-{run_id}.zip"
        headers = {"content-disposition": f'attachment; filename="{name}"'}
        return Response(buffer.getvalue(), media_type="application/zip", headers=headers)

    @site.router.get(FILE_PATH, name="portaal-jw325", include_in_schema=False)
    def one_file(request: Request, bestand: str, run: int | None = _RUN) -> Response:
        principal = require_principal(request)
        data = site.data
        with data._lock:
            con = data.compute_store.connection
            run_id = chosen_run_id(con, run)
            if run_id is None:
                raise _no_run()
            owner = con.execute(
                "SELECT aanbieder FROM control_answers WHERE run_id = ? AND file_name = ?", [run_id, bestand]
            ).fetchone()
        if owner is None:
            raise NotFoundError(
                "ANTWOORD-ONBEKEND",
                f"Controlerun {run_id} heeft geen declaratie-antwoord '{bestand}'.",
                "path.bestand",
            )
        check_code(principal, "aanbieder", str(owner[0]), "path.bestand")
        _, answers = _answers(site, run_id, "file_name = ?", [bestand])
        if not answers:
            raise NotFoundError(
                "ANTWOORD-ONBEKEND",
                f"Het declaratie-antwoord '{bestand}' is niet op te bouwen.",
                "path.bestand",
            )
        answer = answers[0]
        audit_read(request, answer.client_keys)
        headers = {"content-disposition": f'attachment; filename="{answer.name}"'}
        return Response(answer.content, media_type="application/xml", headers=headers)
