"""Tariff reforms: the identity, indexing tariffs, and per-level tariffs instead of a blended tariff."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal

from zorgpad.catalog.model import Contract, Product, Tariff
from zorgpad.formatting import count
from zorgpad.scenarios.params import Parameter, number_nl
from zorgpad.scenarios.reform import Reform, Values, register
from zorgpad.scenarios.state import ScenarioState, select_products

TIME_UNITS = ("01", "04")  # minuut, uur: units a staff level's tariff is meaningful for

PRODUCTS = Parameter(
    "producten",
    "producten of zorgvormen waarop de hervorming werkt (leeg = alle)",
    "producten",
    default=(),
)


def cents(value: Decimal | float) -> int:
    return int(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def scale_tariff(tariff: Tariff, factor: Decimal) -> Tariff:
    return tariff.model_copy(
        update={
            "blended": None if tariff.blended is None else cents(tariff.blended * factor),
            "by_level": {level: cents(amount * factor) for level, amount in tariff.by_level.items()},
        }
    )


def scale_products(state: ScenarioState, codes: set[str], factor: Decimal) -> ScenarioState:
    """Multiply every catalogue and contract tariff of the products in `codes` by `factor`."""

    def product(p: Product) -> Product:
        return p.model_copy(update={"tariffs": tuple(scale_tariff(t, factor) for t in p.tariffs)})

    state = state.replace_products(product, codes)
    return with_contract_tariffs(state, codes, lambda t: scale_tariff(t, factor))


def with_contract_tariffs(
    state: ScenarioState, codes: set[str], change: Callable[[Tariff], Tariff]
) -> ScenarioState:
    """Apply `change` to the contract tariffs of the products in `codes`."""

    def contract(c: Contract) -> Contract:
        products = tuple(
            cp.model_copy(update={"tariffs": tuple(change(t) for t in cp.tariffs)})
            if cp.code in codes
            else cp
            for cp in c.products
        )
        return c.model_copy(update={"products": products})

    contracts = tuple(contract(c) for c in state.catalog.contracts)
    return replace(state, catalog=state.catalog.model_copy(update={"contracts": contracts}))


def _identity(state: ScenarioState, values: Values) -> ScenarioState:
    return state


def _index(state: ScenarioState, values: Values) -> ScenarioState:
    percent = float(values["procent"] or 0)  # type: ignore[arg-type]
    codes = select_products(state, tuple(values["producten"] or ()), "producten")  # type: ignore[arg-type]
    factor = Decimal(1) + Decimal(str(percent)) / 100
    state = scale_products(state, codes, factor)
    return state.noted(
        f"Tarieven van {count(len(codes), 'product', 'producten')} geïndexeerd met {number_nl(percent)} %."
    )


def _levels_for(state: ScenarioState, product: Product) -> tuple[str, str | None]:
    """The lower level (the product's minimum, else the lowest) and the next level up, if any."""
    order = [s.code for s in state.catalog.staff_levels]
    low = product.qualification.min_staff_level or (order[0] if order else "HBO")
    if low not in order:
        return low, None
    index = order.index(low)
    return low, order[index + 1] if index + 1 < len(order) else None


def _per_level(state: ScenarioState, values: Values) -> ScenarioState:
    share = Decimal(str(values["aandeel_hoog"])) / 100
    basis = Decimal(str(values["aandeel_hoog_mixtarief"])) / 100
    ratio = Decimal(str(values["verhouding"]))

    def has_blended(p: Product) -> bool:
        return p.unit in TIME_UNITS and any(t.blended is not None for t in p.tariffs)

    codes = select_products(state, tuple(values["producten"] or ()), "producten", has_blended)  # type: ignore[arg-type]
    codes = {c for c in codes if (p := state.product(c)) is not None and has_blended(p)}
    for code in sorted(codes):
        product = state.product(code)
        assert product is not None
        low, high = _levels_for(state, product)

        def split(t: Tariff, low: str = low, high: str | None = high) -> Tariff:
            if t.blended is None:
                return t
            if high is None:
                levels = {low: t.blended}
            else:
                lower = Decimal(t.blended) / ((1 - basis) + basis * ratio)
                levels = {low: cents(lower), high: cents(lower * ratio)}
            return t.model_copy(update={"blended": None, "by_level": {**levels, **t.by_level}})

        def change(p: Product, split: Callable[[Tariff], Tariff] = split) -> Product:
            return p.model_copy(update={"tariffs": tuple(split(t) for t in p.tariffs)})

        state = state.replace_products(change, {code})
        state = with_contract_tariffs(state, {code}, split)
        mix = {low: 1.0} if high is None else {low: float(1 - share), high: float(share)}
        state = state.with_mix(code, mix)
    return state.noted(
        f"Mixtarief vervangen door tarieven per opleidingsniveau voor {len(codes)} producten "
        f"(verhouding hoog/laag {number_nl(float(ratio))}, "
        f"personeelsmix {number_nl(float(share) * 100)}% hoog)."
    )


register(Reform("identiek", "Ongewijzigd", "De catalogus blijft zoals hij is (de basislijn).", (), _identity))

register(
    Reform(
        "indexeer_tarieven",
        "Tarieven indexeren",
        "Verhoog (of verlaag) alle tarieven, ook contracttarieven, met een percentage.",
        (
            Parameter("procent", "indexering in procenten (negatief = verlaging)", "procent", 3.3, 1.5, 5.0),
            PRODUCTS,
        ),
        _index,
    )
)

register(
    Reform(
        "tarief_per_niveau",
        "Mixtarief vervangen door tarief per opleidingsniveau",
        "Elk mixtarief van een product per uur of minuut wordt een tarief voor het minimale opleidingsniveau "
        "en een hoger tarief voor het niveau daarboven. De niveautarieven zijn zo gekozen dat ze bij de "
        "personeelsmix waarop het mixtarief berekend was samen het mixtarief opleveren; daarna betaalt de "
        "regio naar de verwachte personeelsmix.",
        (
            PRODUCTS,
            Parameter(
                "aandeel_hoog",
                "verwacht aandeel uren door het hogere opleidingsniveau na de hervorming (personeelsmix)",
                "procent",
                40.0,
                25.0,
                55.0,
            ),
            Parameter(
                "aandeel_hoog_mixtarief",
                "aandeel uren van het hogere niveau waarop het mixtarief berekend was",
                "procent",
                30.0,
                20.0,
                40.0,
            ),
            Parameter(
                "verhouding",
                "tarief hoger niveau gedeeld door tarief lager niveau (WO/HBO ≈ 1,47)",
                "getal",
                1.47,
                1.35,
                1.6,
            ),
        ),
        _per_level,
    )
)
