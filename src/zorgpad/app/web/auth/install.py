"""Put access control in front of an app: accounts on the store, the login routes, the gate and the
session cookies. `create_app` calls `install_auth` once, before its own middleware."""

from __future__ import annotations

from fastapi import FastAPI

from zorgpad.app.web.auth import login
from zorgpad.app.web.auth.accounts import Accounts
from zorgpad.app.web.auth.gate import AuthGate, AuthState
from zorgpad.app.web.auth.session import SchemeSessions, session_secret
from zorgpad.app.web.site import Site


def install_auth(app: FastAPI, site: Site) -> AuthState:
    state = AuthState(Accounts(site.data.store.connection.cursor()))
    app.state.auth = state
    app.include_router(login.router(site, state))
    app.add_middleware(AuthGate, state=state)
    app.add_middleware(SchemeSessions, secret=session_secret())
    return state
