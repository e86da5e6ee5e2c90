"""The scenario page: up to three scenarios side by side, in euros per municipality (zorgpad.scenarios).

Each scenario is one or more reforms in the command line's notation (`NAAM:k=v,...`, several joined
with `;`). The page replays every line of a valid declaration on its own cursor of the store (control
is not rerun per request: `zorgpad scenario run` gives the baseline that control granted).
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from zorgpad.app.web.errors import UnavailableError
from zorgpad.app.web.site import Site
from zorgpad.errors import UserError
from zorgpad.scenarios.engine import Scenario
from zorgpad.scenarios.params import euro
from zorgpad.scenarios.reform import parse_spec, reforms
from zorgpad.scenarios.summary import all_totals

MAX_SCENARIOS = 3


def _steps(text: str) -> tuple[Any, ...]:
    return tuple(parse_spec(part.strip()) for part in text.split(";") if part.strip())


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
        codes = sorted({code for found in per for code in found}, key=lambda code: names.get(code, code))
        table = [
            (names.get(code, code), euro(next(f[code] for f in per if code in f).baseline_cents),
             [euro(f[code].scenario_cents) if code in f else "–" for f in per])
            for code in codes
        ]  # fmt: skip
        totals_row = [(euro(r.scenario_total), euro(r.scenario_total - r.baseline_total)) for _, r in results]
        context = {
            "asked": (s1, s2, s3), "results": results, "problem": problem, "table": table,
            "totals": totals_row, "baseline": euro(results[0][1].baseline_total) if results else "",
            "reforms": sorted(reforms().values(), key=lambda r: r.name),
        }  # fmt: skip
        return site.render(request, "scenarios.html", context, title="Scenario's")
