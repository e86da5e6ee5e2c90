"""The scenario page: up to three scenarios side by side, in euros per municipality (zorgpad.scenarios).

Each scenario is one or more reforms in the command line's notation (`NAAM:k=v,...`, several joined
with `;`). The page replays every line of a valid declaration on its own cursor of the store (control
is not rerun per request: `zorgpad scenario run` gives the baseline that control granted).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from zorgpad.app.web.errors import UnavailableError
from zorgpad.app.web.site import Site
from zorgpad.app.web.tables import dutch_number
from zorgpad.errors import UserError
from zorgpad.report.charts import Plot, Series, render_bars
from zorgpad.scenarios.engine import Scenario
from zorgpad.scenarios.params import euro
from zorgpad.scenarios.reform import Step, parse_spec, reforms
from zorgpad.scenarios.summary import Total, all_totals

MAX_SCENARIOS = 3


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
    return "–" if whole == 0 else f"{dutch_number(part * 100 / whole, 1)}%"


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


def register(site: Site) -> None:
    site.nav("Scenario's", "/scenarios", order=40)

    @site.page("/scenarios", name="scenarios")
    def scenarios(request: Request, s1: str = "", s2: str = "", s3: str = "") -> HTMLResponse:
        catalog = site.data.catalog
        if catalog is None:
            raise UnavailableError(
                "SCENARIO-GEEN-CATALOGUS",
                "Start het dashboard met een catalogus (--catalog) voor scenario's.",
            )
        asked = [text for text in (s1, s2, s3) if text.strip()][:MAX_SCENARIOS]
        results, problem = [], None
        if asked:
            cursor = site.data.store.connection.cursor()
            try:
                scenario = Scenario.prepare(cursor, catalog.data, None)
                for text in asked:
                    try:
                        results.append((text, scenario.run(_steps(text))))
                    except UserError as error:
                        problem = error.render()
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
        context = {
            "asked": (s1, s2, s3), "results": results, "problem": problem, "totals": totals_row,
            "baseline": euro(results[0][1].baseline_total) if results else "", "described": described,
            "reforms": sorted(reforms().values(), key=lambda r: r.name),
            **(_comparison(per, names) if results else {}),
        }  # fmt: skip
        return site.render(request, "scenarios.html", context, title="Scenario's")
