"""iJw across allocations: no stacking (OP259, OP347): the same product for the same client and
provider in overlapping periods. Same product = same code; with an empty code the same category; a
deleted allocation (RedenWijziging 13) does not count. Judged on the current version of each allocation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import ibis

from zorgpad.control.registry import Fact, control_rule
from zorgpad.control.rules._common import object_result

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from zorgpad.control.context import RuleInput


@control_rule(
    code="OP259",
    retourcode="9361",
    severity="afkeur",
    title_nl="Stapeling: hetzelfde product overlappend toegewezen",
    basis="iJw 3.2 OP259 en OP347 (stapeling; TR302/TR361/TR386), retourcode 9361",
    explain_nl=(
        "Toewijzing {toewijzing_self} (product {product}, {ingang} t/m {eind}) overlapt met toewijzing "
        "{ander} voor dezelfde cliënt, aanbieder en hetzelfde product. Beëindig of wijzig één van beide."
    ),
    comparison_nl="geen andere actuele toewijzing met hetzelfde product voor cliënt en aanbieder "
    "die overlapt",
    facts=(
        Fact("toewijzing_self", "getal", "ToewijzingNummer"),
        Fact("product", "tekst", "product (code of categorie)"),
        Fact("ingang", "datum", "ingangsdatum"),
        Fact("eind", "datum", "einddatum"),
        Fact("ander", "getal", "overlappende toewijzing"),
    ),
    object="toewijzing",
)
def stacking(ri: RuleInput) -> ir.Table:
    current = ri.current_allocations
    live = current.filter(current.reden_wijziging.fill_null("") != "13")
    live = live.mutate(_end=live.einddatum.fill_null(ibis.date(9999, 12, 31)))
    other = live.select(
        o_gemeente=live.gemeente,
        o_aanbieder=live.aanbieder,
        o_client=live.client_key,
        o_nummer=live.toewijzing_nummer,
        o_categorie=live.product_categorie,
        o_code=live.product_code,
        o_ingang=live.ingangsdatum,
        o_end=live._end,
    )
    same_product = ibis.ifelse(
        live.product_code.notnull() & other.o_code.notnull(),
        live.product_code == other.o_code,
        live.product_categorie.isnull()
        | other.o_categorie.isnull()
        | (live.product_categorie == other.o_categorie),
    )
    pairs = live.join(
        other,
        [
            live.aanbieder == other.o_aanbieder,
            live.client_key == other.o_client,
            (live.gemeente != other.o_gemeente) | (live.toewijzing_nummer != other.o_nummer),
            live.ingangsdatum <= other.o_end,
            other.o_ingang <= live._end,
            same_product,
        ],
    )
    found = pairs.group_by("gemeente", "aanbieder", "toewijzing_nummer").aggregate(ander=pairs.o_nummer.min())
    joined = live.left_join(found, ["gemeente", "aanbieder", "toewijzing_nummer"])
    keys = {
        "message_id": joined.message_id,
        "toewijzing_nummer": joined.toewijzing_nummer,
        "client_key": joined.client_key,
        "aanbieder": joined.aanbieder,
        "gemeente": joined.gemeente,
    }
    return object_result(
        joined,
        joined.ander.notnull(),
        keys,
        toewijzing_self=joined.toewijzing_nummer,
        product=joined.product_code.fill_null(joined.product_categorie),
        ingang=joined.ingangsdatum,
        eind=joined.einddatum,
        ander=joined.ander,
    )
