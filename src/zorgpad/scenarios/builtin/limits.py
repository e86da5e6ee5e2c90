"""Limit reforms: a maximum duration or a maximum volume per product (knelpunten 4 and 9)."""

from __future__ import annotations

from dataclasses import replace

from zorgpad.catalog.model import MaxVolume, Product
from zorgpad.errors import UserError
from zorgpad.scenarios.params import Parameter, number_nl
from zorgpad.scenarios.reform import Reform, Values, register
from zorgpad.scenarios.state import ScenarioState, select_products

_REQUIRED_PRODUCTS = Parameter(
    "producten", "producten of zorgvormen die de grens krijgen", "producten", required=True
)


def _cap_duration(state: ScenarioState, values: Values) -> ScenarioState:
    months = int(values["maanden"])  # type: ignore[arg-type]
    if months < 1:
        raise UserError("SCN-PARAMETER", "Parameter maanden moet minstens 1 zijn.", "maanden")
    codes = select_products(state, tuple(values["producten"]), "producten")  # type: ignore[arg-type]

    def cap(p: Product) -> Product:
        current = p.max_duration_months
        return p.model_copy(
            update={"max_duration_months": months if current is None else min(current, months)}
        )

    state = _cap_triage(state.replace_products(cap, codes), codes, months)
    return state.noted(f"Maximale duur {months} maanden voor {len(codes)} producten.")


def _cap_triage(state: ScenarioState, codes: set[str], months: int) -> ScenarioState:
    """Triage advice may not promise longer care than its products allow: cap those durations too."""
    tree = state.catalog.triage
    if tree is None:
        return state
    outcomes = tuple(
        o.model_copy(
            update={
                "max_months": min(o.max_months, months),
                "expected_months": min(o.expected_months, months),
            }
        )
        if codes & set(o.products)
        else o
        for o in tree.outcomes
    )
    triage = tree.model_copy(update={"outcomes": outcomes})
    return replace(state, catalog=state.catalog.model_copy(update={"triage": triage}))


def _cap_volume(state: ScenarioState, values: Values) -> ScenarioState:
    percent = float(values["procent"])  # type: ignore[arg-type]
    absolute = values["volume"]
    per = values["per"]
    codes = select_products(state, tuple(values["producten"]), "producten")  # type: ignore[arg-type]

    def cap(p: Product) -> Product:
        if absolute is not None:
            period = str(per or (p.max_volume.per if p.max_volume else "toewijzing"))
            limit = MaxVolume(amount=int(absolute), per=period)  # type: ignore[arg-type]
        elif p.max_volume is not None:
            amount = max(1, int(p.max_volume.amount * percent / 100))
            limit = MaxVolume(amount=amount, per=p.max_volume.per)
        else:
            return p
        return p.model_copy(update={"max_volume": limit})

    state = state.replace_products(cap, codes)
    what = (
        f"{absolute} per {per or 'toewijzing'}"
        if absolute is not None
        else f"{number_nl(percent)}% van het huidige"
    )
    return state.noted(f"Maximaal volume {what} voor {len(codes)} producten.")


register(
    Reform(
        "begrens_duur",
        "Maximale duur per product",
        "Zorg na de maximale duur (gerekend vanaf de eerste gedeclareerde periode of de ingangsdatum van "
        "de toewijzing) wordt niet meer vergoed; een bestaande kortere grens blijft staan.",
        (
            _REQUIRED_PRODUCTS,
            Parameter("maanden", "maximale duur van de zorg in maanden", "geheel", 9, 6, 12),
        ),
        _cap_duration,
    )
)

register(
    Reform(
        "begrens_volume",
        "Maximaal volume per product",
        "Het maximale volume wordt een percentage van het huidige maximum, of een vast volume per week, "
        "maand, jaar of toewijzing; volume boven de grens wordt niet vergoed.",
        (
            _REQUIRED_PRODUCTS,
            Parameter(
                "procent", "nieuw maximum als percentage van het huidige maximum", "procent", 80.0, 70.0, 90.0
            ),
            Parameter("volume", "vast maximum in eenheden (vervangt procent)", "geheel"),
            Parameter(
                "per",
                "periode van het vaste maximum",
                "keuze",
                choices=("week", "maand", "jaar", "toewijzing"),
            ),
        ),
        _cap_volume,
    )
)
