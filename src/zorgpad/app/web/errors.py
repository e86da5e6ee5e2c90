"""One error shape on every route: `{"fout": {"code": ..., "bericht": ..., "locatie": ...}}`.

API routes (`/api/...`) always answer errors in JSON. Page and download routes answer with a Dutch HTML
error page when the client asks for HTML (a browser's `Accept: text/html`), and with the same JSON shape
otherwise. A traceback never reaches the client: an unexpected exception becomes `INTERNE-FOUT` (500).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from zorgpad.app.web.hardening import excerpt
from zorgpad.errors import UserError

log = logging.getLogger("zorgpad.web")
MAX_MESSAGE_CHARS = 600
MAX_LOCATION_CHARS = 120

# Status codes Starlette raises itself, with our stable code and Dutch message.
_HTTP_CODES: dict[int, tuple[str, str]] = {
    404: ("PAGINA-ONBEKEND", "Deze pagina bestaat niet. Kies een pagina in het menu."),
    405: ("METHODE-NIET-TOEGESTAAN", "Deze methode is hier niet toegestaan; gebruik GET."),
}


class NotFoundError(UserError):
    """A thing the URL names does not exist (an indicator, a municipality, a provider): HTTP 404."""

    status_code = 404


class UnavailableError(UserError):
    """The indicator cannot be computed with how the app was started (e.g. without catalogue): 409."""

    status_code = 409


class ErrorDetail(BaseModel):
    code: str
    bericht: str
    locatie: str | None = None


class ErrorBody(BaseModel):
    """The error shape of every route (documented in docs/dashboard.md)."""

    fout: ErrorDetail


# For FastAPI's `responses=` so the OpenAPI description shows the error shape.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "Ongeldige invoer (bijvoorbeeld een filter)"},
    404: {"model": ErrorBody, "description": "Onbekend"},
    422: {"model": ErrorBody, "description": "Verzoek voldoet niet aan de beschrijving"},
}

HtmlRenderer = Callable[[Request, int, ErrorDetail], HTMLResponse]


def error_body(code: str, bericht: str, locatie: str | None = None) -> dict[str, Any]:
    return ErrorBody(fout=ErrorDetail(code=code, bericht=bericht, locatie=locatie)).model_dump()


def wants_html(request: Request) -> bool:
    if request.url.path.startswith("/api/"):
        return False
    return "text/html" in request.headers.get("accept", "")


def install_error_handlers(app: FastAPI, render_html: HtmlRenderer) -> None:
    """Route every error, expected or not, through the one shape."""

    def respond(request: Request, status: int, detail: ErrorDetail) -> Response:
        if wants_html(request):
            return render_html(request, status, detail)
        return JSONResponse(ErrorBody(fout=detail).model_dump(), status_code=status)

    async def on_user_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, UserError)
        status = getattr(exc, "status_code", 400)
        # Belt and braces: a message never carries more than a short excerpt of a long input.
        location = None if exc.location is None else excerpt(exc.location, MAX_LOCATION_CHARS)
        detail = ErrorDetail(code=exc.code, bericht=excerpt(exc.message, MAX_MESSAGE_CHARS), locatie=location)
        return respond(request, status, detail)

    async def on_http(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        code, message = _HTTP_CODES.get(
            exc.status_code, (f"HTTP-{exc.status_code}", "Dit verzoek kan niet worden uitgevoerd.")
        )
        response = respond(request, exc.status_code, ErrorDetail(code=code, bericht=message))
        if exc.headers:
            response.headers.update(exc.headers)
        return response

    async def on_validation(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(part) for part in first.get("loc", ()))
        message = "Het verzoek klopt niet: een parameter ontbreekt of heeft een ongeldige waarde."
        detail = ErrorDetail(code="VERZOEK-ONGELDIG", bericht=message, locatie=where or None)
        return respond(request, 422, detail)

    async def on_unexpected(request: Request, exc: Exception) -> Response:
        log.exception("onverwachte fout bij %s", request.url.path, exc_info=exc)
        message = (
            "Er ging aan onze kant iets mis. Probeer het later opnieuw; blijft het misgaan, "
            "meld dan de tijd en het adres van deze pagina aan de beheerder."
        )
        return respond(request, 500, ErrorDetail(code="INTERNE-FOUT", bericht=message))

    app.add_exception_handler(UserError, on_user_error)
    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(Exception, on_unexpected)
