"""From paying per claim to a task-based budget (taakgericht): e.g. crisis care or academic functions
paid to one provider as a sum per year (seed 000, knelpunt 7).

The products become taakgericht (no unit: not exchanged through iJw) and the catalogue gets a budget of
`budget` euros for `jaar`, held by provider `aanbieder`. In the replay (`zorgpad.scenarios.budget`)
their claim lines — at every provider, since the task moves to the budget holder — are no longer paid,
and each municipality pays its share of the budget: by its use of the products that year, or by the
catalogue's cost-sharing key.
"""

from __future__ import annotations

from dataclasses import replace

from zorgpad.catalog.model import Budget, Product
from zorgpad.errors import UserError
from zorgpad.scenarios.params import Parameter
from zorgpad.scenarios.reform import Reform, Values, codes, register
from zorgpad.scenarios.state import ScenarioState, select_products


def _to_task(product: Product) -> Product:
    return product.model_copy(update={"funding_variant": "taakgericht", "unit": None, "frequencies": ()})


def _shares(state: ScenarioState, year: int) -> dict[str, int]:
    import datetime as dt

    day = dt.date(year, 1, 1)
    key = next((k for k in state.catalog.cost_sharing if k.covers(day)), None)
    if key is None or key.method == "gebruik":
        raise UserError(
            "SCN-VERDEELSLEUTEL-ONTBREEKT",
            f"De catalogus heeft op 01-01-{year} geen verdeelsleutel met gewichten (inwoners-0-17 of "
            "vaste-verdeling); kies verdeling=gebruik of voeg een verdeelsleutel toe.",
            "verdeling",
        )
    return dict(key.weights)


def _to_budget(state: ScenarioState, values: Values) -> ScenarioState:
    chosen = select_products(state, codes(values, "producten"), "producten")
    agb = str(values["aanbieder"])
    provider = next((c.provider for c in state.catalog.contracts if c.provider.agb == agb), None)
    if provider is None:
        raise UserError(
            "SCN-AANBIEDER-ONBEKEND", f"Aanbieder {agb} heeft geen contract in deze catalogus.", "aanbieder"
        )
    year = int(values["jaar"]) if isinstance(values["jaar"], int | float) else 0
    amount = int(values["budget"]) if isinstance(values["budget"], int | float) else 0
    shares = _shares(state, year) if values["verdeling"] == "verdeelsleutel" else {}
    budget = Budget(
        id=f"{agb}-{year}", provider=provider, products=tuple(sorted(chosen)), year=year, amount=amount,
        municipality_shares=shares, source="scenario naar_budget",
    )  # fmt: skip
    if any(b.id == budget.id for b in state.catalog.budgets):
        raise UserError(
            "SCN-BUDGET-DUBBEL", f"Er is al een budget {budget.id}; één budget per aanbieder en jaar.", "jaar"
        )
    state = state.replace_products(_to_task, chosen)
    catalog = state.catalog.model_copy(update={"budgets": (*state.catalog.budgets, budget)})
    how = "naar de verdeelsleutel" if shares else "naar gebruik"
    return replace(state, catalog=catalog).noted(
        f"{', '.join(sorted(chosen))} taakgericht: budget {budget.id} van {provider.name}, {year}, "
        f"verdeeld over de gemeenten {how}."
    )


register(
    Reform(
        "naar_budget",
        "Taakgericht bekostigen met een budget",
        "Producten (bijvoorbeeld crisis of de academische functie) worden niet meer per declaratie "
        "betaald maar uit een jaarbudget voor één aanbieder. De gemeenten betalen hun deel van het budget "
        "naar gebruik of naar de verdeelsleutel; per gemeente en aanbieder ziet u het verschil.",
        (
            Parameter(
                "producten", "producten of zorgvormen die taakgericht worden", "producten", required=True
            ),
            Parameter("aanbieder", "AGB-code van de aanbieder die het budget krijgt", "tekst", required=True),
            Parameter("budget", "budget per jaar in euro", "bedrag", required=True),
            Parameter("jaar", "jaar van het budget", "geheel", required=True),
            Parameter(
                "verdeling",
                "hoe de gemeenten het budget delen: naar gebruik of naar de verdeelsleutel",
                "keuze",
                "gebruik",
                choices=("gebruik", "verdeelsleutel"),
            ),
        ),
        _to_budget,
    )
)
