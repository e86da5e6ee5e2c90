"""Single sign-on by OpenID Connect (Authlib's Starlette client): the production way to log in.

Configured by `ZORGPAD_OIDC_ISSUER` (the provider's issuer URL; its discovery document is read from
`/.well-known/openid-configuration`), `ZORGPAD_OIDC_CLIENT_ID` and `ZORGPAD_OIDC_CLIENT_SECRET`.
`/oidc/inloggen` sends the browser to the provider (authorization code flow; state and nonce kept in
the signed session); `/oidc/terug` takes the code, checks the ID token and logs in the zorgpad account
linked to the token's subject (`oidc_subject`), or else the account named by the verified e-mail
address. Someone without an account gets 403: SSO proves who someone is, the account says what they
may see.
"""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass

with warnings.catch_warnings(record=True):
    # Authlib always prints a deprecation warning about its own internals (its httpx client moving to
    # httpx2) on import, in English; nothing zorgpad calls is affected, so it is kept off the screen.
    warnings.simplefilter("ignore", DeprecationWarning)
    from authlib.integrations.starlette_client import OAuth, OAuthError  # type: ignore[import-untyped]
from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from zorgpad.app.web.auth.errors import ForbiddenError
from zorgpad.app.web.auth.gate import AuthState
from zorgpad.app.web.auth.login import safe_target
from zorgpad.app.web.auth.session import start_session
from zorgpad.errors import UserError


@dataclass(frozen=True)
class OidcSettings:
    issuer: str
    client_id: str
    client_secret: str

    @classmethod
    def from_env(cls) -> OidcSettings | None:
        issuer = os.environ.get("ZORGPAD_OIDC_ISSUER")
        client_id = os.environ.get("ZORGPAD_OIDC_CLIENT_ID")
        secret = os.environ.get("ZORGPAD_OIDC_CLIENT_SECRET")
        if not issuer:
            return None
        if not client_id or not secret:
            raise UserError(
                "OIDC-INSTELLING",
                "Voor single sign-on zijn ZORGPAD_OIDC_ISSUER, ZORGPAD_OIDC_CLIENT_ID en "
                "ZORGPAD_OIDC_CLIENT_SECRET alle drie nodig.",
            )
        return cls(issuer.rstrip("/"), client_id, secret)


class OidcLogin:
    def __init__(self, settings: OidcSettings) -> None:
        self.settings = settings
        self.oauth = OAuth()
        self.oauth.register(
            name="sso",
            server_metadata_url=f"{settings.issuer}/.well-known/openid-configuration",
            client_id=settings.client_id,
            client_secret=settings.client_secret,
            client_kwargs={"scope": "openid email profile"},
        )

    @property
    def client(self) -> object:
        return self.oauth.create_client("sso")


def router(state: AuthState, login: OidcLogin) -> APIRouter:
    routes = APIRouter(include_in_schema=False)
    client = login.client

    @routes.get("/oidc/inloggen", name="oidc-inloggen")
    async def start(request: Request, volgende: str | None = None) -> Response:
        request.session["oidc_volgende"] = safe_target(volgende)
        redirect_uri = str(request.url_for("oidc-terug"))
        response: Response = await client.authorize_redirect(request, redirect_uri)  # type: ignore[attr-defined]
        return response

    @routes.get("/oidc/terug", name="oidc-terug")
    async def back(request: Request) -> Response:
        try:
            token = await client.authorize_access_token(request)  # type: ignore[attr-defined]
        except OAuthError as error:
            raise UserError(
                "OIDC-MISLUKT",
                f"Inloggen via single sign-on is mislukt ({error.error}). Probeer het opnieuw.",
                "query.code",
            ) from None
        claims = token.get("userinfo") or {}
        subject = str(claims.get("sub") or "")
        email = claims.get("email") if claims.get("email_verified", True) else None
        principal = state.accounts.by_oidc_subject(subject, str(email) if email else None)
        if principal is None:
            raise ForbiddenError(
                "U bent aangemeld bij uw organisatie, maar er is geen zorgpad-account aan u gekoppeld. "
                "Vraag de beheerder om een account.",
                "oidc.sub",
            )
        target = safe_target(request.session.get("oidc_volgende"))
        start_session(request.session, principal.name)
        return RedirectResponse(target, status_code=303)

    return routes
