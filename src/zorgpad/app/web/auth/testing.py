"""For tests and benchmarks: a bearer header for an account of a given role on a running app."""

from __future__ import annotations

from fastapi import FastAPI

from zorgpad.app.web.auth.gate import AuthState


def bearer_headers(
    app: FastAPI,
    name: str = "test-regio",
    role: str = "regio",
    *,
    gemeenten: tuple[str, ...] = (),
    aanbieders: tuple[str, ...] = (),
) -> dict[str, str]:
    """`{"authorization": "Bearer ..."}` for account `name` (made when missing) on `app`'s store."""
    state: AuthState = app.state.auth
    if state.accounts.principal(name) is None:
        state.accounts.add(name, role, password=None, gemeenten=list(gemeenten), aanbieders=list(aanbieders))
    return {"authorization": f"Bearer {state.accounts.new_token(name)}"}
