"""`GET /api/bevindingen`: the findings of the latest control run (or `?run=N`) the caller may see, paged.

Read from the store's `findings` table (what `zorgpad check`/`zorgpad demo` keep for insight; when it
holds several runs in a `run_id` column, the latest). Each finding is joined to its claim line for the
ReferentieNummer, product, period and the client's pseudonymous reference. The filters are the
dashboard's (narrowed to the caller's scope by `site.filters`) plus `rule`; the rows go through the
same `restrict` as every indicator, and every call is written to the audit trail.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from fastapi import Depends, Query, Request
from fastapi.encoders import jsonable_encoder
from pydantic import BaseModel

from zorgpad.access.pseudonyms import reference
from zorgpad.app.web.auth.gate import audit_read
from zorgpad.app.web.errors import ERROR_RESPONSES
from zorgpad.app.web.filters import to_params
from zorgpad.app.web.scope import DATA, declare, restrict
from zorgpad.app.web.site import Site
from zorgpad.errors import UserError
from zorgpad.insights.findings import RUN_TABLE, TABLE
from zorgpad.insights.registry import Filters
from zorgpad.insights.rejections import rule_titles

PATH = "/api/bevindingen"
MAX_PAGE_SIZE = 1000
_RULE = re.compile(r"[A-Za-z0-9_.-]{1,40}")


class Bevinding(BaseModel):
    gemeente: str | None
    gemeente_naam: str | None
    aanbieder: str | None
    aanbieder_naam: str | None
    rule: str
    regel_titel: str
    retourcode: str | None
    ernst: str | None
    bedrag_cents: int | None
    toelichting: str
    referentie_nummer: str | None
    product: str | None
    product_naam: str | None
    periode_begin: dt.date | None
    client: str | None


class Bevindingen(BaseModel):
    run: str | None
    filters: dict[str, str]
    pagina: int
    per_pagina: int
    totaal: int
    rijen: list[Bevinding]


def _where(filters: Filters, rule: str | None) -> tuple[str, list[object]]:
    clauses: list[str] = ["true"]
    params: list[object] = []
    for column, value in (("f.gemeente", filters.gemeente), ("f.aanbieder", filters.aanbieder)):
        if value is not None:
            clauses.append(f"{column} = ?")
            params.append(value)
    if filters.product is not None:
        clauses.append("c.product_code = ?")
        params.append(filters.product)
    if filters.period_from is not None:
        clauses.append("c.product_periode_begin >= ?")
        params.append(filters.period_from)
    if filters.period_to is not None:
        clauses.append("c.product_periode_begin <= ?")
        params.append(filters.period_to)
    if rule is not None:
        clauses.append("f.rule = ?")
        params.append(rule)
    return " AND ".join(clauses), params


def register(site: Site) -> None:
    declare(PATH, DATA)

    @site.router.get(
        PATH,
        response_model=Bevindingen,
        summary="Bevindingen van de laatste controle binnen uw bereik",
        tags=["bevindingen"],
        responses=ERROR_RESPONSES,
    )
    def findings(
        request: Request,
        filters: Filters = Depends(site.filters),
        rule: str | None = Query(None, description="Regelcode, bijvoorbeeld TR301 of ZP-PERIODE."),
        pagina: int = Query(1, ge=1, description="Paginanummer, vanaf 1."),
        per_pagina: int = Query(100, ge=1, le=MAX_PAGE_SIZE, description="Rijen per pagina."),
    ) -> dict[str, Any]:
        if rule is not None and not _RULE.fullmatch(rule):
            raise UserError("FILTER-CODE-ONGELDIG", f"'{rule}' is geen geldige regelcode.", "query.rule")
        data = site.data
        empty = {"run": None, "filters": to_params(filters), "pagina": pagina, "per_pagina": per_pagina}
        # The stored control runs (zorgpad.control.runs) when there are any, else a findings table kept
        # beside the store by an older run.
        stored_runs = data.has_table(RUN_TABLE) and bool(
            data.query(f'SELECT count(*) FROM "{RUN_TABLE}"').column(0)[0].as_py()
        )
        table = RUN_TABLE if stored_runs else TABLE
        if not data.has_table(table):
            return {**empty, "totaal": 0, "rijen": []}
        columns = set(data.query(f'SELECT * FROM "{table}" LIMIT 0').schema.names)
        # The chosen run (`?run=N`, checked by site.filters), else the latest.
        run_id = "max(run_id)" if "run_id" in columns else None
        if run_id is not None and filters.run is not None:
            latest = f" AND f.run_id = {int(filters.run)}"
        else:
            latest = f" AND f.run_id = (SELECT {run_id} FROM {table})" if run_id else ""
        explanation = "f.explanation" if "explanation" in columns else "NULL"
        where, params = _where(filters, rule)
        source = (
            f"FROM {table} f LEFT JOIN claim_lines c "
            f"ON c.message_id = f.message_id AND c.position = f.position WHERE {where}{latest}"
        )
        total = int(data.query(f"SELECT count(*) {source}", params).column(0)[0].as_py())
        rows = data.query(
            f"SELECT f.gemeente, f.aanbieder, f.rule, f.retourcode, f.severity, f.bedrag, "
            f"{explanation} AS explanation, c.referentie_nummer, c.product_code, "
            f"c.product_periode_begin, c.client_key "
            f"{source} ORDER BY f.gemeente, f.aanbieder, f.rule, f.message_id, f.position "
            f"LIMIT ? OFFSET ?",
            [*params, per_pagina, (pagina - 1) * per_pagina],
        )
        rows = restrict(PATH, rows, filters)
        titles = rule_titles()
        names = data.names

        def name_of(column: str, code: str | None) -> str | None:
            return names.label(column, code) if code else None

        found = []
        for row in rows.to_pylist():
            title = titles.get(row["rule"], row["rule"])
            found.append(
                Bevinding(
                    gemeente=row["gemeente"],
                    gemeente_naam=name_of("gemeente", row["gemeente"]),
                    aanbieder=row["aanbieder"],
                    aanbieder_naam=name_of("aanbieder", row["aanbieder"]),
                    rule=row["rule"],
                    regel_titel=title,
                    retourcode=row["retourcode"],
                    ernst=row["severity"],
                    bedrag_cents=row["bedrag"],
                    toelichting=row["explanation"] or title,
                    referentie_nummer=row["referentie_nummer"],
                    product=row["product_code"],
                    product_naam=name_of("product_code", row["product_code"]),
                    periode_begin=row["product_periode_begin"],
                    client=reference(row["client_key"]) if row["client_key"] else None,
                )
            )
        audit_read(request, [row["client_key"] for row in rows.to_pylist() if row["client_key"]])
        run = data.query(f"SELECT {run_id} FROM {table}").column(0)[0].as_py() if run_id else None
        run = filters.run if run_id and filters.run is not None else run
        answer: dict[str, Any] = jsonable_encoder(
            {**empty, "run": None if run is None else str(run), "totaal": total, "rijen": found}
        )
        return answer
