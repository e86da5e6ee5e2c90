"""Demo accounts, one per role, for `zorgpad demo --serve`: random passwords, printed once."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

from zorgpad.app.web.auth.accounts import Accounts
from zorgpad.app.web.auth.principal import Principal
from zorgpad.store import Store


@dataclass(frozen=True)
class DemoAccount:
    principal: Principal
    password: str


def create_demo_accounts(db: Path) -> list[DemoAccount]:
    """One account per role on the store (replacing earlier demo accounts' passwords is not needed:
    a new demo writes a new store). The scoped ones get the municipality and provider with the most
    declaration lines."""
    with Store.open(db) as store:
        con = store.connection
        gemeente = con.execute(
            "SELECT gemeente FROM claim_lines GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1"
        ).fetchall()
        aanbieder = con.execute(
            "SELECT aanbieder FROM claim_lines GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1"
        ).fetchall()
        accounts = Accounts(con)
        scopes: dict[str, tuple[str, dict[str, list[str]]]] = {
            "regio": ("demo-regio", {}),
            "gemeente": ("demo-gemeente", {"gemeenten": [gemeente[0][0]]} if gemeente else {}),
            "aanbieder": ("demo-aanbieder", {"aanbieders": [aanbieder[0][0]]} if aanbieder else {}),
            "toegang": ("demo-toegang", {"gemeenten": [gemeente[0][0]]} if gemeente else {}),
            "beheer": ("demo-beheer", {}),
        }
        made = []
        existing = {account.principal.name for account in accounts.list()}
        for role, (name, scope) in scopes.items():
            if name in existing or (role != "regio" and role != "beheer" and not scope):
                continue
            password = secrets.token_urlsafe(12)
            principal = accounts.add(
                name,
                role,
                password=password,
                gemeenten=scope.get("gemeenten", []),
                aanbieders=scope.get("aanbieders", []),
            )
            made.append(DemoAccount(principal, password))
    return made
