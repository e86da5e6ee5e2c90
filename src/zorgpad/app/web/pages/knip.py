"""`/knip`: the knip as a decision — move complexity levels of a lot across the knip and see per
municipality the euros that move, what it pays under the cost-sharing key before and after, and which
local contracts are missing (zorgpad.scenarios.knip, reform `knip_complexiteit`).

The page replays every line of a valid declaration on its own cursor of the store, as the scenario
page does; `zorgpad scenario run` gives the same figures against the baseline claim control granted.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from zorgpad.app.web.errors import UnavailableError
from zorgpad.app.web.site import Site
from zorgpad.errors import UserError
from zorgpad.insights.knip import without_lots
from zorgpad.report.charts import Plot, Series, render_bars
from zorgpad.scenarios.builtin.knip_levels import LEVELS
from zorgpad.scenarios.engine import Scenario
from zorgpad.scenarios.knip import KnipEffect, knip_effect
from zorgpad.scenarios.params import euro
from zorgpad.scenarios.reform import parse_spec


def _chart(effect: KnipEffect) -> str | None:
    rows = [r for r in effect.rows if r.moved_cents or r.difference_cents]
    plot = Plot(
        tuple(r.name for r in rows),
        (Series("Verschoven naar lokaal", tuple(float(r.moved_cents) for r in rows)),
         Series("Verschil in wat de gemeente betaalt", tuple(float(r.difference_cents) for r in rows))),
        0,
    )  # fmt: skip
    return render_bars(
        plot, "eurocent", "g-knip", "De knip per gemeente",
        "Staafdiagram: per gemeente de euro's die naar lokale inkoop verschuiven en het verschil in wat de "
        "gemeente onder de verdeelsleutel betaalt. Alle cijfers staan ook in de tabel eronder.",
    )  # fmt: skip


def _figures(effect: KnipEffect) -> dict[str, Any]:
    rows = [
        {"naam": r.name, "verschoven": euro(r.moved_cents), "aandeel_voor": euro(r.share_before),
         "lokaal_voor": euro(r.own_local_before), "betaalt_voor": euro(r.pays_before),
         "aandeel_na": euro(r.share_after), "lokaal_na": euro(r.own_local_after),
         "betaalt_na": euro(r.pays_after), "verschil": euro(r.difference_cents)}
        for r in effect.rows
    ]  # fmt: skip
    total = {
        "verschoven": euro(effect.moved_total_cents),
        "betaalt_voor": euro(sum(r.pays_before for r in effect.rows)),
        "betaalt_na": euro(sum(r.pays_after for r in effect.rows)),
        "verschil": euro(sum(r.difference_cents for r in effect.rows)),
    }
    missing = [
        {"naam": m.name, "product": f"{m.product} {m.product_name}", "verschoven": euro(m.moved_cents)}
        for m in effect.missing
    ]
    return {"rows": rows, "total": total, "missing": missing, "chart": _chart(effect),
            "keys_before": effect.keys_before, "keys_after": effect.keys_after}  # fmt: skip


def register(site: Site) -> None:
    site.nav("De knip", "/knip", order=42)

    @site.page("/knip", name="knip")
    def knip(
        request: Request,
        perceel: str = "",
        naar: str = "lokaal",
        laag: str = "",
        midden: str = "",
        hoog: str = "",
    ) -> HTMLResponse:
        catalog = site.data.catalog
        if catalog is None:
            raise UnavailableError(
                "KNIP-GEEN-CATALOGUS", "Start het dashboard met een catalogus (--catalog) voor de knip."
            )
        chosen = [level for level, on in zip(LEVELS, (laag, midden, hoog), strict=True) if on]
        side = naar if naar in ("lokaal", "regionaal") else "lokaal"
        context: dict[str, Any] = {
            "lots": catalog.lots, "perceel": perceel, "naar": side, "chosen": chosen, "levels": LEVELS,
            "problem": None, "effect": None, "without_lots": without_lots(catalog),
        }  # fmt: skip
        if context["without_lots"]:
            pass  # nothing to move: the page says why instead of offering an empty list of lots
        elif perceel and chosen:
            spec = f"knip_complexiteit:perceel={perceel},complexiteit={'+'.join(chosen)},naar={side}"
            cursor = site.data.store.connection.cursor()
            try:
                result = Scenario.prepare(cursor, catalog.data, None).run((parse_spec(spec),))
                effect = knip_effect(result.lines, catalog.data, result.state.catalog)
                context.update(effect=effect, notes=result.state.notes, **_figures(effect))
            except UserError as error:
                context["problem"] = error.render()
            finally:
                cursor.close()
        elif perceel:
            context["problem"] = "Kies minstens één complexiteit die verschuift."
        return site.render(request, "knip.html", context, title="De knip")
