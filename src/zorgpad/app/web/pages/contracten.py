"""`/contracten`: the region's contracts — provider x product x municipalities x period, with tariffs,
staff levels and the lighter products a provider must also deliver (zorgpad.catalog.contract_lines).

The page takes the dashboard's common filters: municipality, provider and product narrow the rows;
a period's first day is the day contracts must be valid on and tariffs are read on.
"""

from __future__ import annotations

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse

from zorgpad.app.web.errors import UnavailableError
from zorgpad.app.web.site import Site
from zorgpad.catalog.contract_lines import contract_lines
from zorgpad.catalog.render_contracts import (
    lighter_text,
    municipalities_text,
    period_text,
    purchasing_text,
    tariff_text,
)
from zorgpad.insights.registry import Filters


def register(site: Site) -> None:
    site.nav("Contracten", "/contracten", order=35)

    @site.page("/contracten", name="contracten")
    def contracten(request: Request, filters: Filters = Depends(site.filters)) -> HTMLResponse:
        catalog = site.data.catalog
        if catalog is None:
            raise UnavailableError(
                "CONTRACTEN-GEEN-CATALOGUS",
                "Start het dashboard met een catalogus (--catalog) om de contracten te zien.",
            )
        lines = contract_lines(
            catalog,
            filters.period_from,
            gemeente=filters.gemeente,
            aanbieder=filters.aanbieder,
            product=filters.product,
        )
        rows = [
            {
                "contract": line.contract_id,
                "aanbieder": f"{line.provider} ({line.agb})",
                "agb": line.agb,
                "product": f"{line.product_code} {line.product_name}",
                "perceel": purchasing_text(line),
                "gemeenten": municipalities_text(line),
                "periode": period_text(line.valid_from, line.valid_to),
                "tarief": tariff_text(line.tariff, line.tariff_from_contract),
                "niveaus": ", ".join(line.staff_levels) or "–",
                "lichter": lighter_text(line),
                "onderaannemers": ", ".join(line.subcontractors) or "–",
            }
            for line in lines
        ]
        context = {
            "rows": rows,
            "providers": len({line.agb for line in lines}),
            "peildatum": filters.period_from,
            "source": catalog.name,
        }
        return site.render(request, "contracten.html", context, title="Contracten", filters=filters)
