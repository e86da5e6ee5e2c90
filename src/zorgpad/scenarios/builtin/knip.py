"""Moving products across the knip: from regional to local purchasing or back."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from zorgpad.catalog.model import Lot, LotPart, Product, Purchasing
from zorgpad.errors import UserError
from zorgpad.formatting import count
from zorgpad.scenarios.builtin.tariffs import scale_products
from zorgpad.scenarios.params import Parameter, number_nl
from zorgpad.scenarios.reform import Reform, Values, codes, number, register
from zorgpad.scenarios.state import ScenarioState, select_products

ADJECTIVE = {"regionaal": "regionale", "lokaal": "lokale"}


def _fits(part: LotPart, product: Product) -> bool:
    return not part.complexity or product.complexity in part.complexity


def _move(lot: Lot, product: Product, target: Purchasing) -> Lot:
    parts = [
        part.model_copy(update={"products": tuple(c for c in part.products if c != product.code)})
        for part in lot.parts
    ]
    index = next((i for i, p in enumerate(parts) if p.purchasing == target and _fits(p, product)), None)
    if index is None:
        description = f"Door het scenario naar {ADJECTIVE[target]} inkoop verschoven."
        parts.append(LotPart(purchasing=target, products=(product.code,), description=description))
    else:
        parts[index] = parts[index].model_copy(update={"products": (*parts[index].products, product.code)})
    return lot.model_copy(update={"parts": tuple(p for p in parts if p.products)})


def _shift_knip(state: ScenarioState, values: Values) -> ScenarioState:
    target: Purchasing = "regionaal" if values["naar"] == "regionaal" else "lokaal"
    chosen = select_products(state, codes(values, "producten"), "producten")
    lots = list(state.catalog.lots)
    moved: list[str] = []
    for code in sorted(chosen):
        index = next((i for i, lot in enumerate(lots) if any(code in p.products for p in lot.parts)), None)
        if index is None:
            raise UserError(
                "SCN-PERCEEL-ONTBREEKT",
                f"Product {code} staat in geen perceel; de knip geldt er niet voor.",
                "producten",
            )
        part = next(p for p in lots[index].parts if code in p.products)
        product = state.product(code)
        if part.purchasing == target or product is None:
            continue
        lots[index] = _move(lots[index], product, target)
        moved.append(code)
    state = replace(state, catalog=state.catalog.model_copy(update={"lots": tuple(lots)}))
    effect = number(values, "tariefeffect")
    if effect:
        state = scale_products(state, set(moved), Decimal(1) + Decimal(str(effect)) / 100)
    return state.noted(
        f"{count(len(moved), 'product', 'producten')} naar {ADJECTIVE[target]} inkoop "
        f"(tariefeffect {number_nl(effect)} %): "
        f"{', '.join(moved)}."
    )


register(
    Reform(
        "verschuif_knip",
        "De knip verschuiven",
        "Verplaats producten binnen hun perceel van regionale naar lokale inkoop of terug. Het bedrag "
        "verandert alleen door het tariefeffect: de verwachte tariefverandering bij inkoop aan de "
        "andere kant "
        "van de knip.",
        (
            Parameter("producten", "producten of zorgvormen die verschuiven", "producten", required=True),
            Parameter(
                "naar", "inkoop na de verschuiving", "keuze", "lokaal", choices=("regionaal", "lokaal")
            ),
            Parameter(
                "tariefeffect",
                "verwachte tariefverandering na de verschuiving in procenten",
                "procent",
                0.0,
                -5.0,
                5.0,
            ),
        ),
        _shift_knip,
    )
)
