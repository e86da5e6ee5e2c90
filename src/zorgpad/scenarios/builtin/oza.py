"""An education-care arrangement (onderwijs-zorgarrangement, OZA): education pays part of a product.

The products get the funding stream `onderwijs-zorg` beside the Jeugdwet and a funding share (docs/
catalog.md) from `vanaf`; in the replay the municipality pays only the Jeugdwet share of their claims
(`zorgpad.scenarios.funding_streams`). Seed 002: "hoe we de OZA's slim kunnen inrichten".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from zorgpad.catalog.model import FundingShare, Product
from zorgpad.scenarios.params import Parameter, number_nl
from zorgpad.scenarios.reform import Reform, Values, codes, number, register
from zorgpad.scenarios.state import ScenarioState, select_products


def _with_education(product: Product) -> Product:
    streams = product.funding_streams
    if "onderwijs-zorg" not in streams:
        streams = (*streams, "onderwijs-zorg")
    if "jeugdwet" not in streams:
        streams = ("jeugdwet", *streams)
    return product.model_copy(update={"funding_streams": streams})


def _oza(state: ScenarioState, values: Values) -> ScenarioState:
    chosen = select_products(state, codes(values, "producten"), "producten")
    education = round(number(values, "aandeel_onderwijs"))
    start = values["vanaf"] if isinstance(values["vanaf"], dt.date) else state.catalog.valid_from
    state = state.replace_products(_with_education, chosen)
    share = FundingShare(
        products=tuple(sorted(chosen)), shares={"jeugdwet": 100 - education, "onderwijs-zorg": education},
        valid_from=start, source="scenario oza_arrangement",
    )  # fmt: skip
    catalog = state.catalog.model_copy(update={"funding_shares": (*state.catalog.funding_shares, share)})
    return replace(state, catalog=catalog).noted(
        f"Onderwijs-zorgarrangement voor {', '.join(sorted(chosen))} vanaf {start:%d-%m-%Y}: onderwijs "
        f"betaalt {number_nl(education)}%, de Jeugdwet {number_nl(100 - education)}%."
    )


register(
    Reform(
        "oza_arrangement",
        "Onderwijs-zorgarrangement (OZA)",
        "Onderwijs betaalt een deel van de producten (bijvoorbeeld schoolvervangende dagbehandeling); de "
        "gemeente betaalt alleen het Jeugdwetdeel.",
        (
            Parameter("producten", "producten of zorgvormen in het arrangement", "producten", required=True),
            Parameter(
                "aandeel_onderwijs", "deel dat onderwijs betaalt, in procenten", "procent", 40.0, 25.0, 50.0
            ),
            Parameter("vanaf", "datum waarop het arrangement ingaat", "datum"),
        ),
        _oza,
    )
)
