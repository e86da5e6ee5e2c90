"""The scenario page: up to three scenarios side by side, in euros per municipality (zorgpad.scenarios).

Each scenario is one or more reforms in the command line's notation (`NAAM:k=v,...`, several joined
with `;`). The page replays every line of a valid declaration on its own cursor of the store (control
is not rerun per request: the baseline is what the latest stored control run granted, or the run chosen
with `?run=N`, as `zorgpad scenario run --run N`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, Response

from zorgpad import formatting
from zorgpad.app.web.downloads import EXCEL_TYPE, rows_to_csv, rows_to_excel
from zorgpad.app.web.errors import UnavailableError
from zorgpad.app.web.filters import parse_run
from zorgpad.app.web.hardening import excerpt
from zorgpad.app.web.runs import chosen_run, list_runs
from zorgpad.app.web.site import Site
from zorgpad.control.verdict import Verdicts
from zorgpad.errors import UserError
from zorgpad.report.charts import Plot, Series, render_bars
from zorgpad.scenarios.engine import Scenario
from zorgpad.scenarios.params import Parameter, euro
from zorgpad.scenarios.reform import Step, parse_spec, reforms
from zorgpad.scenarios.summary import Total, all_totals

MAX_SCENARIOS = 3
MAX_SPEC_CHARS = 2000
UNCOMPUTABLE = "Een waarde in dit scenario is te groot of ongeldig om mee te rekenen. [SCN-WAARDE]"


def _steps(text: str) -> tuple[Any, ...]:
    return tuple(parse_spec(part.strip()) for part in text.split(";") if part.strip())


@dataclass(frozen=True)
class Assumption:
    """One parameter of one step as the page shows it: what it means, its value and where it came from."""

    name: str
    meaning: str
    value: str
    source: str
    band: str


def _assumptions(step: Step) -> list[Assumption]:
    rows = []
    for param in step.reform.parameters:
        value = step.values.get(param.name)
        band = f"{param.show(param.low)} – {param.show(param.high)}" if param.varies else "–"
        source = "opgegeven" if param.name in step.given else "standaard"
        rows.append(Assumption(param.name, param.description_nl, param.show(value), source, band))
    return rows


def _percent(part: int, whole: int) -> str:
    return formatting.share(part, whole, 1)


def _comparison(per: list[dict[str, Total]], names: dict[str, str]) -> dict[str, Any]:
    """Tables and charts of baseline and scenarios per municipality (largest baseline first)."""
    base = {code: found[code].baseline_cents for found in per for code in found}
    codes = sorted(base, key=lambda code: (-base[code], names.get(code, code)))
    label = [names.get(code, code) for code in codes]
    amounts = [
        (name, euro(base[code]), [euro(f[code].scenario_cents) if code in f else "–" for f in per])
        for name, code in zip(label, codes, strict=True)
    ]
    differences = [
        (name, [(euro(f[code].difference_cents), _percent(f[code].difference_cents, base[code]))
                if code in f else ("–", "–") for f in per])
        for name, code in zip(label, codes, strict=True)
    ]  # fmt: skip
    scenario_series = [
        Series(f"Scenario {i}", tuple(float(f[c].scenario_cents if c in f else base[c]) for c in codes))
        for i, f in enumerate(per, start=1)
    ]
    amounts_plot = Plot(tuple(label), (Series("Basislijn", tuple(float(base[c]) for c in codes)),
                                       *scenario_series), 0)  # fmt: skip
    diff_plot = Plot(
        tuple(label),
        tuple(
            Series(f"Scenario {i}", tuple(float(f[c].difference_cents if c in f else 0) for c in codes))
            for i, f in enumerate(per, start=1)
        ),
        0,
    )
    widest = max(
        ((name, i, f[code].difference_cents) for i, f in enumerate(per, 1)
         for name, code in zip(label, codes, strict=True) if code in f),
        key=lambda found: abs(found[2]), default=None,
    )  # fmt: skip
    largest = f" Grootste verschil: {widest[0]} in scenario {widest[1]}, {euro(widest[2])}." if widest else ""
    amounts_svg = render_bars(
        amounts_plot, "eurocent", "g-scenario-bedrag", "Bedrag per gemeente: basislijn en scenario's",
        f"Staafdiagram: per gemeente het bedrag in de basislijn en in elk van de {len(per)} scenario's, "
        "grootste gemeente bovenaan. Alle cijfers staan ook in de tabel eronder.",
    )  # fmt: skip
    diff_svg = render_bars(
        diff_plot, "eurocent", "g-scenario-verschil", "Verschil met de basislijn per gemeente",
        "Staafdiagram: per gemeente het verschil tussen elk scenario en de basislijn; een staaf naar "
        f"links is een besparing, naar rechts meer kosten.{largest} Alle cijfers staan ook in de tabel "
        "eronder.",
    )  # fmt: skip
    return {"table": amounts, "differences": differences, "amounts_svg": amounts_svg, "diff_svg": diff_svg}


@dataclass(frozen=True)
class Field:
    """One parameter of one reform as the form shows it: input name, kind, default and range."""

    reform: str
    param: Parameter
    input_name: str
    value: str
    chosen: tuple[str, ...]

    @property
    def hint(self) -> str:
        parts = [f"standaard {self.param.show(self.param.default)}" if self.param.default not in (None, ())
                 else ("verplicht" if self.param.required else "standaard: alle")]  # fmt: skip
        if self.param.varies:
            parts.append(f"bereik {self.param.show(self.param.low)} – {self.param.show(self.param.high)}")
        return "; ".join(parts)


def _form_fields(query: Mapping[str, list[str]]) -> list[tuple[Any, bool, list[Field]]]:
    """Every reform with whether it is chosen and its parameter fields, filled from the query."""
    chosen = set(query.get("hervorming", []))
    listed = []
    for reform in sorted(reforms().values(), key=lambda r: r.title_nl):
        fields = []
        for param in reform.parameters:
            name = f"p-{reform.name}-{param.name}"
            given = [v for v in query.get(name, []) if v.strip()]
            fields.append(Field(reform.name, param, name, given[0] if given else "", tuple(given)))
        listed.append((reform, reform.name in chosen, fields))
    return listed


def _form_steps(listed: list[tuple[Any, bool, list[Field]]]) -> tuple[Step, ...]:
    """The chosen reforms, composed in the order of the list, with the values filled in."""
    steps = []
    for reform, chosen, fields in listed:
        if not chosen:
            continue
        given: dict[str, object] = {}
        for field in fields:
            if field.param.type == "producten" and field.chosen:
                given[field.param.name] = list(field.chosen)
            elif field.value:
                given[field.param.name] = field.value
        values = reform.values(given, f"hervorming {reform.title_nl}")
        steps.append(Step(reform, MappingProxyType(values), frozenset(given)))
    return tuple(steps)


def _run(
    site: Site, asked: list[tuple[str, Any]], granted: Verdicts | None
) -> tuple[list[tuple[str, Any]], str | None]:
    """Replay each asked scenario (a label and a callable giving its steps) against the granted baseline;
    the last problem in Dutch, without the command line's option names."""
    catalog = site.data.catalog
    assert catalog is not None
    results: list[tuple[str, Any]] = []
    problem = None
    if not asked:
        return results, problem
    cursor = site.data.store.connection.cursor()
    try:
        scenario = Scenario.prepare(cursor, catalog.data, granted)
        for label, steps in asked:
            try:
                results.append((label, scenario.run(steps())))
            except UserError as error:
                where = f"{excerpt(error.location)}: " if error.location else ""
                problem = f"{where}{excerpt(error.message, 600)} [{error.code}]"
            except (ArithmeticError, ValueError):  # a value the replay cannot compute with
                problem = UNCOMPUTABLE
    finally:
        cursor.close()
    return results, problem


def _clients(site: Site) -> dict[str, int]:
    """Clients with declared care per municipality, through the dashboard's one filter layer."""
    from zorgpad.insights.registry import Filters as _Filters
    from zorgpad.insights.registry import get_indicator

    table = site.data.outcome(get_indicator("kosten-per-gemeente"), _Filters()).table
    return {} if table is None else {r["gemeente"]: r["clienten"] for r in table.to_pylist()}


def _per_client(cents: int, clients: int) -> float | None:
    return round(cents / 100 / clients, 2) if clients else None


def export_rows(site: Site, results: list[tuple[str, Any]], controlled: bool = True) -> list[dict[str, Any]]:
    """Per municipality and scenario: amounts in euros, the difference, and per client (for a council
    proposal; raw numbers, euros with two decimals), under Dutch headings a council reader understands.
    `controlled`: the baseline is what control granted (else every declared line)."""
    names = site.data.names
    clients = _clients(site)
    now = "Bedrag nu, toegekend (euro)" if controlled else "Bedrag nu, gedeclareerd (euro)"
    rows = []
    for index, (label, result) in enumerate(results, start=1):
        for total in all_totals(result.lines, ("gemeente",))["gemeente"]:
            count = clients.get(total.key) or 0
            rows.append({
                "Scenario": index, "Hervormingen": label, "Gemeente": names.name("gemeente", total.key),
                "CBS-code": total.key, "Cliënten": count,
                now: round(total.baseline_cents / 100, 2),
                "Bedrag in scenario (euro)": round(total.scenario_cents / 100, 2),
                "Verschil (euro)": round(total.difference_cents / 100, 2),
                "Verschil (%)": round(total.difference_cents * 100 / total.baseline_cents, 1)
                if total.baseline_cents else None,
                "Per cliënt nu (euro)": _per_client(total.baseline_cents, count),
                "Per cliënt in scenario (euro)": _per_client(total.scenario_cents, count),
            })  # fmt: skip
    return rows


def _step_text(step: Step) -> str:
    """A step for the council: the reform's title and every assumption with where its value came from."""
    shown = ", ".join(f"{a.meaning} = {a.value} ({a.source})" for a in _assumptions(step))
    return f"{step.reform.title_nl} ({shown or 'geen parameters'})"


def _asked(s1: str, s2: str, s3: str, listed: list[tuple[Any, bool, list[Field]]]) -> list[tuple[str, Any]]:
    asked: list[tuple[str, Any]] = []
    if any(chosen for _, chosen, _ in listed):
        titles = " + ".join(reform.title_nl for reform, chosen, _ in listed if chosen)
        asked.append((titles, lambda: _form_steps(listed)))
    for text in (s1, s2, s3):
        if text.strip():
            asked.append((text, lambda text=text: _steps(text)))
    return asked[:MAX_SCENARIOS]


# The one baseline, named the same as `zorgpad scenario run` names it: what control granted.
BASELINE_NAME = "toegekend"
BASELINE_WITHOUT_CONTROL = "gedeclareerd; er is nog geen declaratiecontrole, dus alles telt als toegekend"


def _granted(site: Site, run: int | None) -> Verdicts | None:
    """The control verdicts the baseline leaves out (rejected lines), from the findings the dashboard
    reads (of control run `run`, the latest when None); None when no control run is available."""
    from zorgpad.control.engine import builtin_rules
    from zorgpad.control.verdict import verdicts
    from zorgpad.insights.findings import findings_table

    with site.data.reading(run) as context:
        table = findings_table(context)
    if table is None:
        return None
    return verdicts(table.to_pyarrow(), builtin_rules())


def _baseline_name(granted: Verdicts | None, run: int | None) -> str:
    if granted is None:
        return BASELINE_WITHOUT_CONTROL
    return BASELINE_NAME if run is None else f"{BASELINE_NAME} volgens controlerun {run}"


def register(site: Site) -> None:
    site.nav("Scenario's", "/scenarios", order=40)

    def require_catalog() -> Any:
        if site.data.catalog is None:
            raise UnavailableError(
                "SCENARIO-GEEN-CATALOGUS",
                "Start het dashboard met een productstructuur voor scenario's.",
            )
        return site.data.catalog

    def computed(
        request: Request, s1: str, s2: str, s3: str
    ) -> tuple[Any, list[Any], str | None, Verdicts | None]:
        require_catalog()
        run = chosen_run(site, request.query_params.get("run"))
        if any(len(text) > MAX_SPEC_CHARS for text in (s1, s2, s3)):
            raise UserError(
                "SCENARIO-TE-LANG",
                f"Een scenario is hoogstens {MAX_SPEC_CHARS} tekens; kies minder hervormingen of producten.",
            )
        query = {key: request.query_params.getlist(key) for key in request.query_params if key != "run"}
        listed = _form_fields(query)
        asked = _asked(s1, s2, s3, listed)
        granted = _granted(site, run) if asked else None
        results, problem = _run(site, asked, granted)
        return listed, results, problem, granted

    @site.page("/scenarios", name="scenarios")
    def scenarios(request: Request, s1: str = "", s2: str = "", s3: str = "") -> HTMLResponse:
        listed, results, problem, granted = computed(request, s1, s2, s3)
        catalog = require_catalog()
        chosen = parse_run(request.query_params.get("run"))
        cursor = site.data.store.connection.cursor()
        try:
            runs = list_runs(cursor, chosen)  # the page is the region's only (scope.py)
        finally:
            cursor.close()
        names = {m.cbs_code: m.name for m in catalog.region.municipalities}
        per = [
            {t.key: t for t in all_totals(result.lines, ("gemeente",))["gemeente"]} for _, result in results
        ]
        totals_row = [
            (euro(r.scenario_total), euro(r.scenario_total - r.baseline_total),
             _percent(r.scenario_total - r.baseline_total, r.baseline_total))
            for _, r in results
        ]  # fmt: skip
        described = [
            (index, text, [(step, _assumptions(step)) for step in result.steps], result.state.notes)
            for index, (text, result) in enumerate(results, start=1)
        ]
        clients = _clients(site)
        per_client = [
            (names.get(code, code), [
                (euro(f[code].baseline_cents / clients[code]), euro(f[code].scenario_cents / clients[code]))
                if code in f and clients.get(code) else ("–", "–") for f in per])
            for code in sorted({c for f in per for c in f}, key=lambda c: names.get(c, c))
        ]  # fmt: skip
        query = request.url.query
        context = {
            "asked": (s1, s2, s3), "results": results, "problem": problem, "totals": totals_row,
            "baseline": euro(results[0][1].baseline_total) if results else "", "described": described,
            "reforms": sorted(reforms().values(), key=lambda r: r.name), "listed": listed,
            "products": site.data.producten, "per_client": per_client,
            "csv_url": f"/scenarios/csv?{query}", "excel_url": f"/scenarios/excel?{query}",
            "baseline_name": _baseline_name(granted, chosen),
            "scenario_runs": runs, "scenario_run": chosen,
            **(_comparison(per, names) if results else {}),
        }  # fmt: skip
        status = 400 if problem else 200  # the form is shown again, with the problem, as a client error
        return site.render(request, "scenarios.html", context, title="Scenario's", status_code=status)

    @site.router.get("/scenarios/csv", name="scenarios-csv", include_in_schema=False)
    def scenarios_csv(request: Request, s1: str = "", s2: str = "", s3: str = "") -> Response:
        _listed, results, problem, granted = computed(request, s1, s2, s3)
        if problem or not results:
            raise UserError("SCENARIO-ONGELDIG", problem or "Kies eerst een of meer hervormingen.")
        rows = export_rows(site, results, granted is not None)
        return Response(
            rows_to_csv(rows), media_type="text/csv; charset=utf-8",
            headers={"content-disposition": 'attachment; filename="scenario-per-gemeente.csv"'},
        )  # fmt: skip

    @site.router.get("/scenarios/excel", name="scenarios-excel", include_in_schema=False)
    def scenarios_excel(request: Request, s1: str = "", s2: str = "", s3: str = "") -> Response:
        _listed, results, problem, granted = computed(request, s1, s2, s3)
        if problem or not results:
            raise UserError("SCENARIO-ONGELDIG", problem or "Kies eerst een of meer hervormingen.")
        notes = [
            (f"Scenario {index}", f"{label}: " + "; ".join(_step_text(step) for step in result.steps))
            for index, (label, result) in enumerate(results, start=1)
        ]
        return Response(
            rows_to_excel(export_rows(site, results, granted is not None), "Scenario per gemeente", notes),
            media_type=EXCEL_TYPE,
            headers={"content-disposition": 'attachment; filename="scenario-per-gemeente.xlsx"'},
        )
