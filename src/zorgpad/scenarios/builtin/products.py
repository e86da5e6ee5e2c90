"""A new product (e.g. treatment in small groups, knelpunt 1) and a share of care moved to it."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from zorgpad.catalog.model import Contract, ContractedProduct, GroupSize, Product, Tariff
from zorgpad.errors import UserError
from zorgpad.scenarios.builtin.tariffs import scale_tariff
from zorgpad.scenarios.params import Parameter, number_nl
from zorgpad.scenarios.reform import Reform, Values, register
from zorgpad.scenarios.state import CareShift, ScenarioState, select_products

_CODE = re.compile(r"^[0-9]{2}[A-Z0-9][0-9]{2}$")


def _new_product(state: ScenarioState, values: Values, source: Product) -> Product:
    code = str(values["code"])
    fixed = values["tarief"]
    if fixed is not None:
        first = min(t.valid_from for t in source.tariffs)
        tariffs: tuple[Tariff, ...] = (
            Tariff(valid_from=first, blended=int(fixed), source="Scenario: vast tarief"),  # type: ignore[arg-type]
        )
    else:
        factor = Decimal(str(values["tariefpercentage"])) / 100
        tariffs = tuple(
            scale_tariff(t, factor).model_copy(
                update={
                    "source": f"Scenario: {number_nl(float(factor) * 100)}% van het tarief van {source.code}"
                }
            )
            for t in source.tariffs
        )
    low, high = int(values["groep_min"]), int(values["groep_max"])  # type: ignore[arg-type]
    if not 1 <= low <= high:
        raise UserError("SCN-PARAMETER", "groep_min moet tussen 1 en groep_max liggen.", "groep_min")
    return source.model_copy(
        update={
            "code": code,
            "category": code[:2],
            "name": str(values["naam"]),
            "setting": "groep",
            "group_size": GroupSize(min=low, max=high),
            "billable_time": "direct",
            "lighter_alternatives": (),
            "tariffs": tariffs,
        }
    )


def _contract_new(contract: Contract, sources: set[str], code: str) -> Contract:
    found = [cp for cp in contract.products if cp.code in sources]
    if not found or any(cp.code == code for cp in contract.products):
        return contract
    added = ContractedProduct(code=code, staff_levels=found[0].staff_levels)
    return contract.model_copy(update={"products": (*contract.products, added)})


def _introduce(state: ScenarioState, values: Values) -> ScenarioState:
    code = str(values["code"])
    if not _CODE.match(code):
        raise UserError("SCN-PARAMETER", f"'{code}' is geen productcode (zoals 54B22).", "code")
    sources = select_products(state, tuple(values["van"]), "van")  # type: ignore[arg-type]
    sources.discard(code)
    if not sources:
        raise UserError(
            "SCN-PARAMETER", "Parameter van noemt geen product om zorg van te verschuiven.", "van"
        )
    share = float(values["aandeel"]) / 100  # type: ignore[arg-type]
    if not 0 <= share <= 1:
        raise UserError("SCN-PARAMETER", "Parameter aandeel ligt tussen 0 en 100.", "aandeel")
    if state.product(code) is None:
        first = state.product(sorted(sources)[0])
        assert first is not None
        product = _new_product(state, values, first)
        catalog = state.catalog.model_copy(
            update={
                "products": (*state.catalog.products, product),
                "contracts": tuple(_contract_new(c, sources, code) for c in state.catalog.contracts),
            }
        )
        state = replace(state, catalog=catalog).noted(f"Nieuw product {code} ({product.name}).")
    for source in sorted(sources):
        state = state.with_shift(CareShift(source, code, share))
    return state.noted(
        f"{number_nl(share * 100)}% van het volume van {', '.join(sorted(sources))} verschoven naar {code}."
    )


register(
    Reform(
        "nieuw_product",
        "Nieuw product en verschuiving van zorg",
        "Voeg een groepsproduct toe (een kopie van het eerste bronproduct, met eigen code, naam, "
        "groepsgrootte en tarief) en verschuif een deel van het volume van de bronproducten ernaartoe. "
        "Bestaat de code al, dan wordt alleen zorg verschoven.",
        (
            Parameter("code", "productcode van het nieuwe product", "tekst", required=True),
            Parameter("van", "producten of zorgvormen waarvan zorg verschuift", "producten", required=True),
            Parameter(
                "aandeel", "deel van het volume dat naar het nieuwe product gaat", "procent", 25.0, 10.0, 40.0
            ),
            Parameter(
                "tariefpercentage",
                "tarief van het nieuwe product als percentage van het bronproduct",
                "procent",
                75.0,
                65.0,
                85.0,
            ),
            Parameter("tarief", "vast tarief per eenheid (vervangt tariefpercentage)", "bedrag"),
            Parameter("naam", "naam van het nieuwe product", "tekst", "Behandeling kleine groep"),
            Parameter("groep_min", "kleinste groep", "geheel", 2),
            Parameter("groep_max", "grootste groep", "geheel", 4),
        ),
        _introduce,
    )
)
