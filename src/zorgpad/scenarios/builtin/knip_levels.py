"""Moving complexity levels of a lot across the knip: e.g. the low-complexity part of daghulp (D) from
regional to local purchasing, each product of the lot split by complexity where needed.

For every product of the lot the reform knows at which levels it is bought on which side (a part that
names its complexity covers those levels, a part without one every level the product has nowhere
else); the chosen levels go to the target side and the lot's parts are rebuilt, one part per side and
set of levels. A product whose levels end up on both sides straddles the knip, which the catalogue
accepts. Money does not change by itself: the replay counts each claim line on the side of its
complexity (the access team's recorded complexity, else the product's own), and `zorgpad.scenarios.knip`
shows per municipality what moves and what it pays under the cost-sharing key.
"""

from __future__ import annotations

from dataclasses import replace

from zorgpad.catalog.model import Complexity, Lot, LotPart, Purchasing
from zorgpad.errors import UserError
from zorgpad.scenarios.builtin.knip import ADJECTIVE
from zorgpad.scenarios.params import Parameter
from zorgpad.scenarios.reform import Reform, Values, register
from zorgpad.scenarios.state import ScenarioState

LEVELS: tuple[Complexity, ...] = ("laag", "midden", "hoog")
SIDES: tuple[Purchasing, ...] = ("regionaal", "lokaal")


def parse_levels(text: str, where: str) -> tuple[Complexity, ...]:
    """'laag+midden' -> ('laag', 'midden'); a Dutch error for anything else."""
    chosen = [part.strip() for part in str(text).replace(",", "+").split("+") if part.strip()]
    unknown = [level for level in chosen if level not in LEVELS]
    if unknown or not chosen:
        raise UserError(
            "SCN-PARAMETER",
            f"Complexiteit '{text}' is onbekend; kies uit laag, midden en hoog (meerdere met +).",
            where,
        )
    return tuple(level for level in LEVELS if level in chosen)


def _sides(lot: Lot) -> dict[str, dict[Complexity, Purchasing]]:
    """Per product of the lot: complexity level -> the side it is bought on."""
    found: dict[str, dict[Complexity, Purchasing]] = {}
    for part in lot.parts:
        for code in part.products:
            levels = found.setdefault(code, {})
            for level in part.complexity:
                levels[level] = part.purchasing
    for part in lot.parts:
        if part.complexity:
            continue
        for code in part.products:
            levels = found[code]
            for level in LEVELS:
                levels.setdefault(level, part.purchasing)
    return found


def _rebuild(lot: Lot, sides: dict[str, dict[Complexity, Purchasing]]) -> Lot:
    """One part per side and set of levels; a product bought at every level on one side needs none."""
    old = {(p.purchasing, p.complexity): p.description for p in lot.parts}
    groups: dict[tuple[Purchasing, tuple[Complexity, ...]], list[str]] = {}
    for code, levels in sides.items():
        for side in SIDES:
            mine = tuple(level for level in LEVELS if levels.get(level) == side)
            if not mine:
                continue
            key = (side, () if mine == LEVELS else mine)
            groups.setdefault(key, []).append(code)
    parts = tuple(
        LotPart(
            purchasing=side,
            complexity=levels,
            products=tuple(codes),
            description=old.get((side, levels), f"Door het scenario: {side}, complexiteit "
                                                 f"{', '.join(levels) or 'alle'}."),
        )
        for (side, levels), codes in sorted(groups.items(), key=lambda g: (SIDES.index(g[0][0]), g[0][1]))
    )  # fmt: skip
    return lot.model_copy(update={"parts": parts})


def _move_levels(state: ScenarioState, values: Values) -> ScenarioState:
    where = "perceel"
    lot_code = str(values["perceel"])
    lots = list(state.catalog.lots)
    index = next((i for i, lot in enumerate(lots) if lot.code == lot_code), None)
    if index is None:
        known = ", ".join(lot.code for lot in lots) or "geen"
        raise UserError("SCN-PERCEEL-ONBEKEND", f"Perceel {lot_code} bestaat niet. Percelen: {known}.", where)
    levels = parse_levels(str(values["complexiteit"]), "complexiteit")
    target: Purchasing = "regionaal" if values["naar"] == "regionaal" else "lokaal"
    sides = _sides(lots[index])
    moved: list[str] = []
    for code, per_level in sides.items():
        changed = [level for level in levels if level in per_level and per_level[level] != target]
        for level in changed:
            per_level[level] = target
        if changed:
            moved.append(code)
    if not moved:
        return state.noted(
            f"Perceel {lot_code}: complexiteit {', '.join(levels)} werd al {target} ingekocht; "
            "niets verschoven."
        )
    lots[index] = _rebuild(lots[index], sides)
    state = replace(state, catalog=state.catalog.model_copy(update={"lots": tuple(lots)}))
    return state.noted(
        f"Perceel {lot_code}: complexiteit {', '.join(levels)} naar {ADJECTIVE[target]} inkoop voor "
        f"{', '.join(sorted(moved))}."
    )


register(
    Reform(
        "knip_complexiteit",
        "De knip per complexiteit verschuiven",
        "Verplaats complexiteitsniveaus van een perceel naar de andere kant van de knip (bijvoorbeeld "
        "laagcomplexe daghulp van regionale naar lokale inkoop). Een product dat daardoor aan beide kanten "
        "staat, wordt per complexiteit gesplitst. Het bedrag verandert niet; per gemeente ziet u welke "
        "euro's verschuiven, wat de gemeente onder de verdeelsleutel betaalt en welke lokale contracten "
        "ontbreken.",
        (
            Parameter("perceel", "code van het perceel (bijvoorbeeld D)", "tekst", required=True),
            Parameter(
                "complexiteit",
                "complexiteit die verschuift: laag, midden, hoog (meerdere met +)",
                "tekst",
                required=True,
            ),
            Parameter(
                "naar", "inkoop na de verschuiving", "keuze", "lokaal", choices=("regionaal", "lokaal")
            ),
        ),
        _move_levels,
    )
)
