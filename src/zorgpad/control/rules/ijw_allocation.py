"""iJw across allocations: no stacking (OP259, OP347): the same product for the same client and
provider in overlapping periods. Same product = same code; with an empty code the same category; a
deleted allocation (RedenWijziging 13) does not count. Judged on the current version of each allocation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import ibis

from zorgpad.control.context import END_OF_TIME
from zorgpad.control.registry import Fact, control_rule
from zorgpad.control.rules._common import object_result
from zorgpad.store import summaries

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
    # Only a client with several allocations with the provider can have two that overlap; the store
    # keeps who those are, so the pairs are sought among few allocations.
    shared = ri.kept_summary(summaries.SHARED_CLIENTS)
    candidates = live if shared is None else live.semi_join(shared, list(summaries.CLIENT_KEY))
    other = candidates.select(
        o_gemeente=candidates.gemeente,
        o_aanbieder=candidates.aanbieder,
        o_client=candidates.client_key,
        o_nummer=candidates.toewijzing_nummer,
        o_categorie=candidates.product_categorie,
        o_code=candidates.product_code,
        o_ingang=candidates.ingangsdatum,
        o_end=candidates._end,
    )
    same_product = ibis.ifelse(
        candidates.product_code.notnull() & other.o_code.notnull(),
        candidates.product_code == other.o_code,
        candidates.product_categorie.isnull()
        | other.o_categorie.isnull()
        | (candidates.product_categorie == other.o_categorie),
    )
    pairs = candidates.join(
        other,
        [
            candidates.aanbieder == other.o_aanbieder,
            candidates.client_key == other.o_client,
            (candidates.gemeente != other.o_gemeente) | (candidates.toewijzing_nummer != other.o_nummer),
            candidates.ingangsdatum <= other.o_end,
            other.o_ingang <= candidates._end,
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


@control_rule(
    code="TR361",
    retourcode="9361",
    severity="afkeur",
    title_nl="Verzoek om wijziging: nieuw product overlapt een bestaand product",
    basis="iJw 3.2 TR361 (OP347, stapeling in een verzoek om wijziging)",
    explain_nl=(
        "Het verzoek om wijziging {referentie} vraagt product {product} aan vanaf {ingang}, maar "
        "toewijzing {ander} voor hetzelfde product loopt dan nog (tot {ander_eind}). Beëindig of wijzig "
        "die toewijzing in hetzelfde verzoek zodat de periodes elkaar niet overlappen."
    ),
    comparison_nl="een NieuwProduct overlapt niet met een OngewijzigdProduct of TeWijzigenProduct van "
    "hetzelfde verzoek met hetzelfde product (code, of categorie als de code leeg is)",
    facts=(
        Fact("referentie", "tekst", "ReferentieAanbieder van het verzoek"),
        Fact("product", "tekst", "aangevraagd product (code of categorie)"),
        Fact("ingang", "datum", "gewenste ingangsdatum"),
        Fact("ander", "getal", "overlappende toewijzing"),
        Fact("ander_eind", "datum", "einddatum van die toewijzing na het verzoek"),
    ),
    object="verzoek",
    needs=("change_requests",),
)
def request_stacking(ri: RuleInput) -> ir.Table:
    requests = ri.received("change_requests")
    current = ri.current_allocations
    kept = requests.filter(requests.kind.isin(["ongewijzigd", "te_wijzigen"]))
    allocated = current.select(
        _g=current.gemeente,
        _a=current.aanbieder,
        _n=current.toewijzing_nummer,
        _cat=current.product_categorie,
        _code=current.product_code,
        _ingang=current.ingangsdatum,
        _eind=current.einddatum,
    )
    existing = kept.join(
        allocated,
        [
            kept.gemeente == allocated._g,
            kept.aanbieder == allocated._a,
            kept.toewijzing_nummer == allocated._n,
        ],
    )
    # After the request a to-change product ends on its requested end date (open when not given).
    until = ibis.ifelse(existing.kind == "te_wijzigen", existing.einddatum, existing._eind)
    existing = existing.select(
        e_message=existing.message_id,
        e_nummer=existing.toewijzing_nummer,
        e_cat=existing._cat,
        e_code=existing._code,
        e_ingang=existing._ingang,
        e_eind=until,
    )
    new = requests.filter(requests.kind == "nieuw")
    new_end = new.einddatum.fill_null(END_OF_TIME)
    same_product = ibis.ifelse(
        new.product_code.notnull() & existing.e_code.notnull(),
        new.product_code == existing.e_code,
        new.product_categorie.isnull() | existing.e_cat.isnull() | (new.product_categorie == existing.e_cat),
    )
    pairs = new.join(
        existing,
        [
            new.message_id == existing.e_message,
            new.gewenste_ingangsdatum <= existing.e_eind.fill_null(END_OF_TIME),
            existing.e_ingang <= new_end,
            same_product,
        ],
    )
    found = pairs.group_by("message_id", "position").aggregate(
        ander=pairs.e_nummer.min(), ander_eind=pairs.e_eind.max()
    )
    joined = new.left_join(found, ["message_id", "position"])
    keys = {
        "message_id": joined.message_id,
        "position": joined.position,
        "client_key": joined.client_key,
        "aanbieder": joined.aanbieder,
        "gemeente": joined.gemeente,
    }
    return object_result(
        joined,
        joined.ander.notnull(),
        keys,
        referentie=joined.referentie_aanbieder,
        product=joined.product_code.fill_null(joined.product_categorie),
        ingang=joined.gewenste_ingangsdatum,
        ander=joined.ander,
        ander_eind=joined.ander_eind,
    )
