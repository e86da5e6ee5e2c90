"""The provider portal (`/portaal`): an `aanbieder` account sees its own declaration lines with the
verdict of the latest control run and the reason, the explanation trace of one line (the view of
`zorgpad explain`), its JW325s to download (`portaal_jw325`), its allocations and its open requests.
The verdicts come from the latest stored control run (`control_findings`). Every row is read within
the account's AGB codes (a `regio` account chooses one with `?aanbieder=`); every page is written to
the audit trail.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from typing import Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse

from zorgpad.access.pseudonyms import reference
from zorgpad.access.worklist import worklist
from zorgpad.app.web.auth.gate import audit_read
from zorgpad.app.web.errors import NotFoundError
from zorgpad.app.web.scope import Access, declare
from zorgpad.app.web.site import Site
from zorgpad.app.web.tables import dutch_date
from zorgpad.control.explain import RESULT_NL, trace
from zorgpad.control.template import format_value
from zorgpad.errors import UserError
from zorgpad.insights.findings import RUN_TABLE, TABLE
from zorgpad.insights.registry import Filters
from zorgpad.insights.rejections import rule_titles

PORTAL = Access(frozenset({"regio", "aanbieder"}), client_level=True)
MAX_LINES = 200


def provider_shown(site: Site, filters: Filters) -> str:
    """The provider shown: an `aanbieder` account's own (its scope sets the filter); for the whole
    region the one chosen with `?aanbieder=`, else the first provider in the store."""
    if filters.aanbieder is not None:
        return filters.aanbieder
    if not site.data.aanbieders:
        raise UserError("AANBIEDER-NODIG", "Er zijn nog geen aanbieders in de gegevens.", "query.aanbieder")
    return site.data.aanbieders[0].code


def _period(begin: dt.date | None, end: dt.date | None) -> str:
    return f"{dutch_date(begin) if begin else '–'} t/m {dutch_date(end) if end else 'open'}"


def _outcome(step: Any) -> str:
    return f"overgeslagen: {step.skipped}" if step.skipped else RESULT_NL[step.result]


def _euro(cents: int | None) -> str:
    return "–" if cents is None else format_value("euro", cents)


def _latest_run(site: Site) -> int | None:
    """The latest stored control run, or None when the store has none (then the legacy `findings`)."""
    if not site.data.has_table("control_runs"):
        return None
    value = site.data.query("SELECT max(run_id) FROM control_runs").column(0)[0].as_py()
    return None if value is None else int(value)


def _answers_of(site: Site, run_id: int | None, agb: str) -> list[dict[str, str]]:
    """The JW325s of the run to this provider, for the download list."""
    if run_id is None:
        return []
    data = site.data
    rows = data.query(
        "SELECT file_name, gemeente, toegekend_cents, afgewezen_cents FROM control_answers "
        "WHERE run_id = ? AND aanbieder = ? ORDER BY file_name",
        [run_id, agb],
    ).to_pylist()
    return [
        {
            "bestand": row["file_name"],
            "gemeente": data.gemeente_names.get(row["gemeente"], row["gemeente"]),
            "toegekend": _euro(row["toegekend_cents"]),
            "afgewezen": _euro(row["afgewezen_cents"]),
        }
        for row in rows
    ]


class _Policy:
    def __init__(self, site: Site) -> None:
        self.site = site

    @cached_property
    def tables(self) -> Any:
        from zorgpad.control.policy import policy_from_catalog

        catalog = self.site.data.catalog
        return policy_from_catalog(catalog) if catalog is not None else None


def register(site: Site) -> None:
    declare("/portaal", PORTAL)
    declare("/portaal/prestaties/{referentie}", PORTAL)
    site.nav("Portaal", "/portaal", order=60)
    policy = _Policy(site)

    @site.page("/portaal", name="portaal")
    def portal(request: Request, filters: Filters = Depends(site.filters)) -> HTMLResponse:
        agb = provider_shown(site, filters)
        data = site.data
        verdicts = "NULL AS rules, NULL AS rejected"
        join = ""
        run_id = _latest_run(site)
        source, params = (RUN_TABLE, [run_id, agb]) if run_id is not None else (TABLE, [agb])
        if run_id is not None or data.has_table(TABLE):
            in_run = "run_id = ? AND " if run_id is not None else ""
            join = (
                f"LEFT JOIN (SELECT message_id, position, list(DISTINCT rule ORDER BY rule) AS rules, "
                f"bool_or(severity = 'afkeur') AS rejected FROM {source} WHERE {in_run}aanbieder = ? "
                f"GROUP BY ALL) f ON f.message_id = c.message_id AND f.position = c.position"
            )
            verdicts = "f.rules, f.rejected"
        else:
            params = []
        lines = data.query(
            f"SELECT c.referentie_nummer, c.gemeente, c.client_key, c.product_code, c.product_periode_begin, "
            f"c.product_periode_eind, c.signed_bedrag, {verdicts} FROM claim_lines c {join} "
            f"WHERE c.aanbieder = ? ORDER BY c.product_periode_begin DESC, c.referentie_nummer LIMIT ?",
            [*params, agb, MAX_LINES],
        ).to_pylist()
        titles = rule_titles()
        checked = bool(join)
        rows = [
            {
                "referentie": line["referentie_nummer"],
                "gemeente": data.gemeente_names.get(line["gemeente"], line["gemeente"]),
                "client": reference(line["client_key"]),
                "product": line["product_code"] or "–",
                "periode": _period(line["product_periode_begin"], line["product_periode_eind"]),
                "bedrag": _euro(line["signed_bedrag"]),
                "oordeel": "niet gecontroleerd"
                if not checked
                else "afgewezen"
                if line["rejected"]
                else "gesignaleerd"
                if line["rules"]
                else "toegekend",
                "reden": "; ".join(f"{titles.get(r, r)} ({r})" for r in line["rules"] or []) or "–",
            }
            for line in lines
        ]
        allocations = data.query(
            "SELECT toewijzing_nummer, gemeente, client_key, product_code, ingangsdatum, einddatum, "
            "volume, eenheid FROM allocations WHERE aanbieder = ? "
            "QUALIFY row_number() OVER (PARTITION BY gemeente, toewijzing_nummer "
            "ORDER BY toewijzingsdatum DESC, toewijzingstijd DESC) = 1 "
            "ORDER BY ingangsdatum DESC LIMIT ?",
            [agb, MAX_LINES],
        ).to_pylist()
        requests = [item for item in worklist(data.store, dt.date.today()) if item.request.aanbieder == agb]
        audit_read(
            request,
            [line["client_key"] for line in lines]
            + [a["client_key"] for a in allocations]
            + [item.request.client_key for item in requests],
        )
        context = {
            "agb": agb,
            "naam": data.aanbieder_names.get(agb, agb),
            "rows": rows,
            "checked": checked,
            "allocations": [
                {
                    "nummer": a["toewijzing_nummer"],
                    "gemeente": data.gemeente_names.get(a["gemeente"], a["gemeente"]),
                    "client": reference(a["client_key"]),
                    "product": a["product_code"] or "–",
                    "periode": _period(a["ingangsdatum"], a["einddatum"]),
                    "omvang": f"{a['volume'] or '–'} ({a['eenheid'] or '–'})",
                }
                for a in allocations
            ],
            "requests": [item.row() for item in requests],
            "run": run_id,
            "answers": _answers_of(site, run_id, agb),
            "max": MAX_LINES,
        }
        title = f"Portaal van {context['naam']}"
        return site.render(request, "portaal.html", context, title=title, filters=filters)

    @site.page("/portaal/prestaties/{referentie}", name="portaal-prestatie")
    def explain(request: Request, referentie: str, filters: Filters = Depends(site.filters)) -> HTMLResponse:
        agb = provider_shown(site, filters)
        data = site.data
        try:
            with data._lock:
                store = data.compute_store
                traces = trace(
                    store.backend, store.present_tables(), referentie, policy.tables, aanbieder=agb
                )
        except UserError:
            traces = []
        if not traces:
            raise NotFoundError(
                "PRESTATIE-ONBEKEND",
                f"Er is geen prestatie met ReferentieNummer '{referentie}' van uw organisatie.",
                "path.referentie",
            )
        audit_read(request, [str(item.line["client_key"]) for item in traces])
        shown = [
            {
                "line": {
                    "referentie": item.line["referentie_nummer"],
                    "gemeente": data.gemeente_names.get(item.line["gemeente"], item.line["gemeente"]),
                    "client": reference(str(item.line["client_key"])),
                    "product": item.line["product_code"],
                    "periode": _period(item.line["product_periode_begin"], item.line["product_periode_eind"]),
                    "bedrag": _euro(item.line["signed_bedrag"]),
                },
                "steps": [
                    {
                        "code": step.rule.code,
                        "titel": step.rule.title_nl,
                        "basis": step.rule.basis,
                        "retourcode": step.rule.retourcode or "signaal",
                        "feiten": step.facts,
                        "toets": step.rule.comparison_nl,
                        "uitkomst": f"overgeslagen: {step.skipped}"
                        if step.skipped
                        else RESULT_NL[step.result],
                        "uitleg": step.explanation,
                    }
                    for step in item.steps
                ],
            }
            for item in traces
        ]
        context = {"traces": shown, "agb": agb}
        return site.render(request, "portaal_prestatie.html", context, title=f"Prestatie {referentie}")
