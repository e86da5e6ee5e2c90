"""The API of the living store: the control run, the inbox and outbox, and the command line's channel.

- `controle_router`: `GET /api/controle` (the latest control run, or `?run=N`).
- `berichten_router`: `POST /api/berichten` (a message in), `GET /api/berichten[/{id}[/retour]]`,
  `GET /api/retouren?afzender=...` (a sender's answers as a ZIP). Grouped in one router so one
  dependency (the accounts' `require_principal`) can be put on all of it.
- `intern_router`: `POST /api/intern/ingest`, `/api/intern/check` and `/api/intern/backup`, for
  `zorgpad ingest`, `zorgpad check` and `zorgpad backup` against a store this server holds;
  authorised by the server's own secret (see `zorgpad.app.server_link`), never by a user's token.
"""

from __future__ import annotations

import datetime as dt
import hmac
import io
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.params import Depends as DependsParam
from fastapi.responses import JSONResponse, Response
from lxml import etree

from zorgpad.app.server_link import SECRET_HEADER
from zorgpad.app.web.auth.errors import ForbiddenError as AuthForbiddenError
from zorgpad.app.web.auth.gate import require_principal
from zorgpad.app.web.auth.principal import Principal
from zorgpad.app.web.errors import ERROR_RESPONSES, NotFoundError, UnavailableError
from zorgpad.app.web.scope import DATA_ROLES, Access, declare
from zorgpad.app.web.site import Site
from zorgpad.errors import UserError
from zorgpad.ijw.reader import MAX_MESSAGE_BYTES, MessageReadError, parse_bytes
from zorgpad.service.server import Service
from zorgpad.store.database import run
from zorgpad.store.runs import run_totals

XML_TYPES = frozenset({"application/xml", "text/xml"})


class PayloadTooLargeError(UserError):
    status_code = 413


class UnsupportedTypeError(UserError):
    status_code = 415


class ForbiddenError(UserError):
    status_code = 403


def may_send(principal: Principal, sender: str | None) -> bool:
    """Whether the principal may send, and see, messages of this sender: the region all of them, a
    provider only those of its own AGB codes, a municipality only its own; others none (their roles
    do not exchange iJw messages)."""
    if principal.role == "regio":
        return True
    if principal.role == "aanbieder":
        return sender in principal.aanbieders
    if principal.role == "gemeente":
        return sender in principal.gemeenten
    return False


def _refuse_sender(sender: str | None) -> AuthForbiddenError:
    return AuthForbiddenError(
        f"Berichten van afzender {sender or '(onbekend)'} vallen buiten uw bereik.", "afzender"
    )


def controle_router(site: Site, dependencies: Sequence[DependsParam] = ()) -> APIRouter:
    # Region-wide totals, no client data: the region and the administrators.
    declare("/api/controle", Access(frozenset({"regio", "beheer"})))
    api = APIRouter(
        prefix="/api", tags=["controle"], responses=ERROR_RESPONSES, dependencies=list(dependencies)
    )

    @api.get("/controle", summary="De laatste controlerun (of ?run=N): toegekend en afgewezen")
    def controle(request: Request, run: int | None = None) -> dict[str, Any]:
        principal = getattr(request.state, "principal", None)
        if isinstance(principal, Principal) and principal.role not in ("regio", "beheer"):
            raise AuthForbiddenError(
                "De controlerun gaat over de hele regio; alleen regio en beheer zien haar."
            )
        cursor = site.data.store.connection.cursor()
        try:
            totals = run_totals(cursor, run)
        finally:
            cursor.close()
        if totals is None:  # an answer all the same: nothing granted or rejected yet
            return {
                "run": None,
                "melding": "Er is nog geen controlerun. Draai `zorgpad check` of stuur berichten.",
                "toegekend_cents": 0,
                "afgewezen_cents": 0,
                "afgewezen_credit_cents": 0,
            }
        return {
            "run": totals.run_id,
            "gestart": totals.started_at.isoformat(),
            "klaar": totals.finished_at.isoformat(),
            "aanleiding": totals.trigger,
            "catalogus": totals.catalog,
            "catalogus_versie": totals.catalog_version,
            "regelset_versie": totals.ruleset_version,
            "dagtekening": totals.dagtekening.isoformat(),
            "regels_gedraaid": totals.rules_run,
            "regels_overgeslagen": totals.rules_skipped,
            "prestaties_beoordeeld": totals.lines_judged,
            "bevindingen": totals.findings,
            "prestaties_afgewezen": totals.rejected_lines,
            "antwoorden": totals.answers,
            "toegekend_cents": totals.toegekend_cents,
            "afgewezen_cents": totals.afgewezen_cents,
            "afgewezen_credit_cents": totals.afgewezen_credit_cents,
        }

    return api


def _sender(root: etree._Element) -> str | None:
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.endswith("}Afzender"):
            return element.text
    return None


def _read_message(body: bytes) -> tuple[str, str | None]:
    """The message type and sender of a posted message; a Dutch 400/415 when it is not one."""
    try:
        document = parse_bytes(body, "bericht")
    except MessageReadError as error:
        if error.code == "XML-ONBEKEND-BERICHT":
            raise UnsupportedTypeError("BERICHT-SOORT-ONBEKEND", error.message, "body") from None
        raise UserError("BERICHT-GEEN-XML", error.message, "body") from None
    return document.message_type.code, _sender(document.root)


def berichten_router(service: Service, dependencies: Sequence[DependsParam] = ()) -> APIRouter:
    # The roles that exchange iJw messages; which sender each may use is `may_send`'s to say.
    for path in ("/api/berichten", "/api/berichten/{id}", "/api/berichten/{id}/retour", "/api/retouren"):
        declare(path, Access(DATA_ROLES))
    api = APIRouter(
        prefix="/api", tags=["berichten"], responses=ERROR_RESPONSES, dependencies=list(dependencies)
    )

    def status_of(message_id: str, principal: Principal) -> dict[str, Any]:
        found = _status_of(message_id)
        if not may_send(principal, found["afzender"]):
            raise _refuse_sender(found["afzender"])
        return found

    def _status_of(message_id: str) -> dict[str, Any]:
        cursor = service.owner.cursor()
        try:
            rows = run(
                cursor,
                "SELECT status, message_type, answer_name, reason, sender FROM inbox_messages "
                "WHERE message_id = ?",
                [message_id],
            )
        finally:
            cursor.close()
        if rows:
            status, kind, answer, reason, sender = rows[0]
            link = f"/api/berichten/{message_id}/retour" if answer else None
            return {"id": message_id, "status": status, "bericht": kind, "retour": link, "reden": reason,
                    "afzender": sender, "_antwoord": answer}  # fmt: skip
        entry = service.spool.get(message_id)
        if entry is not None:
            return {"id": message_id, "status": "ontvangen", "bericht": entry.message_type, "retour": None,
                    "reden": None, "afzender": entry.sender, "_antwoord": None}  # fmt: skip
        raise NotFoundError("BERICHT-ONBEKEND", f"Er is geen bericht met id '{message_id}'.", "path.id")

    @api.post(
        "/berichten",
        status_code=202,
        summary="Een iJw-bericht aanbieden (XML als body); het wordt op de achtergrond verwerkt",
        responses={413: ERROR_RESPONSES[400], 415: ERROR_RESPONSES[400]},
    )
    async def post_message(
        request: Request, principal: Principal = Depends(require_principal)
    ) -> JSONResponse:
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind not in XML_TYPES:
            raise UnsupportedTypeError(
                "BERICHT-GEEN-XML-TYPE",
                "Stuur het bericht als XML, met de kop Content-Type: application/xml.",
                "header.content-type",
            )
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > MAX_MESSAGE_BYTES:
            raise _too_large()
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_MESSAGE_BYTES:
                raise _too_large()
        data = bytes(body)
        message_type, sender = await run_in_threadpool(_read_message, data)
        if not may_send(principal, sender):
            raise _refuse_sender(sender)
        entry, _ = await run_in_threadpool(service.spool.accept, data, "http", None, message_type, sender)
        service.worker.wake.set()
        return JSONResponse({"id": entry.message_id, "status": "ontvangen"}, status_code=202)

    @api.get("/berichten", summary="Ontvangen berichten, per afzender")
    def list_messages(
        afzender: str | None = None,
        status: str | None = None,
        principal: Principal = Depends(require_principal),
    ) -> list[dict[str, Any]]:
        where: list[str] = []
        params: list[Any] = []
        if afzender and not may_send(principal, afzender):
            raise _refuse_sender(afzender)
        if not afzender and principal.role != "regio":
            own = sorted(principal.aanbieders | principal.gemeenten) or [""]
            where.append(f"sender IN ({', '.join('?' * len(own))})")
            params.extend(own)
        if afzender:
            where.append("sender = ?")
            params.append(afzender)
        if status:
            where.append("status = ?")
            params.append(status)
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        cursor = service.owner.cursor()
        try:
            rows = run(
                cursor,
                f"SELECT message_id, status, message_type, answer_name FROM inbox_messages {clause} "
                "ORDER BY received_seq",
                params,
            )
        finally:
            cursor.close()
        return [
            {"id": m, "status": s, "bericht": k, "retour": f"/api/berichten/{m}/retour" if a else None}
            for m, s, k, a in rows
        ]

    @api.get("/berichten/{id}", summary="De status van één bericht")
    def message_status(id: str, principal: Principal = Depends(require_principal)) -> dict[str, Any]:
        found = status_of(id, principal)
        return {key: value for key, value in found.items() if not key.startswith("_")}

    @api.get("/berichten/{id}/retour", summary="Het antwoord op één bericht (JW325 of retour), als XML")
    def message_answer(id: str, principal: Principal = Depends(require_principal)) -> Response:
        found = status_of(id, principal)
        if found["status"] == "ontvangen":
            raise UnavailableError(
                "BERICHT-IN-BEHANDELING", "Dit bericht wordt nog verwerkt; vraag het antwoord straks op."
            )
        data = service.outbox.read(found["_antwoord"]) if found["_antwoord"] else None
        if data is None:
            raise NotFoundError(
                "RETOUR-ONBEKEND",
                f"Op dit bericht is geen antwoord: {found['reden'] or 'geen reden'}",
                "path.id",
            )
        return Response(data, media_type="application/xml")

    @api.get("/retouren", summary="Alle antwoorden aan één afzender, als ZIP")
    def sender_answers(afzender: str, principal: Principal = Depends(require_principal)) -> Response:
        if not may_send(principal, afzender):
            raise _refuse_sender(afzender)
        cursor = service.owner.cursor()
        try:
            names = [
                row[0]
                for row in run(
                    cursor,
                    "SELECT answer_name FROM inbox_messages WHERE sender = ? AND answer_name IS NOT NULL "
                    "ORDER BY received_seq",
                    [afzender],
                )
            ]
        finally:
            cursor.close()
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name in names:
                data = service.outbox.read(name)
                if data is not None:
                    archive.writestr(name, data)
        headers = {"content-disposition": f'attachment; filename="retouren-{_safe(afzender)}.zip"'}
        return Response(buffer.getvalue(), media_type="application/zip", headers=headers)

    return api


def _safe(text: str) -> str:
    return "".join(c for c in text if c.isalnum()) or "afzender"


def _too_large() -> PayloadTooLargeError:
    return PayloadTooLargeError(
        "BERICHT-TE-GROOT",
        f"Een iJw-bericht mag hoogstens {MAX_MESSAGE_BYTES // 1_048_576} MB zijn (OP179).",
        "body",
    )


def intern_router(service: Service) -> APIRouter:
    def secret_given(request: Request) -> None:
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), service.secret.encode()):
            raise ForbiddenError("INTERN-GEWEIGERD", "Alleen de opdrachtregel op deze machine mag dit.")

    api = APIRouter(prefix="/api/intern", include_in_schema=False, dependencies=[Depends(secret_given)])

    @api.post("/ingest")
    def ingest(payload: dict[str, Any]) -> dict[str, Any]:
        from zorgpad.store.ingest import IngestOptions, ingest_folder_open

        options = IngestOptions(
            batch_files=int(payload.get("batch_bestanden") or 1000),
            batch_rows=int(payload.get("batch_regels") or 250_000),
            workers=1,
        )
        folder = Path(str(payload["map"]))
        report = service.owner.write(lambda store: ingest_folder_open(store, folder, options))
        return report.to_data()

    @api.post("/backup")
    def backup(payload: dict[str, Any]) -> dict[str, Any]:
        from zorgpad.store.backup import backup as copy_store

        target = Path(str(payload["naar"]))
        service.owner.write(lambda store: copy_store(store, target))
        return {"naar": str(target)}

    @api.post("/check")
    def check(payload: dict[str, Any]) -> dict[str, Any]:
        from zorgpad.control.cli_support import load_policy
        from zorgpad.control.outcome import run_outcome
        from zorgpad.control.service import check_and_record

        policy = load_policy(payload.get("catalog"))
        day = dt.date.fromisoformat(str(payload["dagtekening"]))
        recorded = service.owner.write(
            lambda store: check_and_record(store, policy, day, trigger="check", with_retours=True)
        )
        out = payload.get("out")
        return run_outcome(recorded, Path(out) if out else None)

    return api
