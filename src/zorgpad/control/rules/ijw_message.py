"""iJw levels 3-4 on a received start, stop or request message as a whole (object ``bericht``).

The rule export puts these rules on the header of JW305, JW307, JW315 and JW317 (Identificatie,
Dagtekening, Ontvanger) or on each product's code: a result row is one message (``position`` null:
the finding goes on the retour's header) or one product of it (``position`` as the store numbers the
products: the finding goes on that product's class). Only messages that passed levels 1-2 count: an
invalid message is not sent (IV028), so it neither breaks these rules nor makes another break them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import ibis
import pyarrow as pa

from zorgpad.catalog.codes import cbs_municipalities
from zorgpad.control.registry import Fact, control_rule
from zorgpad.control.rules._common import object_result, union_all

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from zorgpad.control.context import RuleInput

RECEIVED = ("JW305", "JW307", "JW315", "JW317")
# How the explanations name each message type (names, not codes).
NAMES = {
    "JW305": "startbericht",
    "JW307": "stopbericht",
    "JW315": "verzoek om toewijzing",
    "JW317": "verzoek om wijziging",
}
# Tables with the products of the received messages, each with product_categorie and product_code.
PRODUCT_TABLES = ("starts", "stops", "allocation_requests", "change_requests")


def _messages(ri: RuleInput) -> ir.Table:
    messages = ri.table("messages")
    return messages.filter(messages.valid & messages.message_type.isin(RECEIVED))


def _result(table: ir.Table, hit: ir.BooleanValue, **facts: ir.Value) -> ir.Table:
    keys = {name: table[name] for name in ("message_id", "gemeente", "aanbieder")}
    return object_result(table, hit, keys, berichtsoort=table.message_type.substitute(NAMES), **facts)


_SOORT = Fact("berichtsoort", "tekst", "berichtsoort")


@control_rule(
    code="TR056",
    retourcode="9056",
    severity="afkeur",
    title_nl="Berichtidentificatie al eerder gebruikt",
    basis="iJw 3.2 TR056 (Identificatie is per berichtsoort uniek voor de verzendende partij)",
    explain_nl=(
        "Dit {berichtsoort} heeft Identificatie {identificatie}, die de aanbieder al gebruikte voor een "
        "{berichtsoort} met dagtekening {eerder}. Elk bericht krijgt een eigen Identificatie."
    ),
    comparison_nl="geen eerder bericht van dezelfde afzender en berichtsoort met dezelfde Identificatie",
    facts=(
        _SOORT,
        Fact("identificatie", "tekst", "Identificatie"),
        Fact("eerder", "datum", "dagtekening van het eerdere bericht"),
    ),
    object="bericht",
)
def identification_reused(ri: RuleInput) -> ir.Table:
    messages = _messages(ri)
    other = messages.select(
        o_sender=messages.sender,
        o_type=messages.message_type,
        o_ident=messages.identificatie,
        o_id=messages.message_id,
        o_day=messages.dagtekening,
    )
    pairs = messages.join(
        other,
        [
            messages.sender == other.o_sender,
            messages.message_type == other.o_type,
            messages.identificatie == other.o_ident,
            messages.message_id != other.o_id,
            # The first of the two is in order; the later one reuses its Identificatie.
            (other.o_day < messages.dagtekening)
            | ((other.o_day == messages.dagtekening) & (other.o_id < messages.message_id)),
        ],
    )
    found = pairs.group_by(_m=pairs.message_id).aggregate(_eerder=pairs.o_day.min())
    joined = messages.left_join(found, messages.message_id == found._m)
    return _result(
        joined, joined._eerder.notnull(), identificatie=joined.identificatie, eerder=joined._eerder
    )


@control_rule(
    code="TR135",
    retourcode="8848",
    severity="afkeur",
    title_nl="Dagtekening in de toekomst",
    basis="iJw 3.2 TR135 (Dagtekening is een bestaande datum die niet in de toekomst ligt; "
    "vergeleken met de dag van de controle: de dagtekening van de antwoorden, anders vandaag)",
    explain_nl=(
        "Dit {berichtsoort} heeft dagtekening {dagtekening}, na de dag van de controle "
        "({vandaag}). Een bericht kan niet gedagtekend zijn in de toekomst."
    ),
    comparison_nl="dagtekening ≤ de dag van de controle",
    facts=(
        _SOORT,
        Fact("dagtekening", "datum", "Dagtekening"),
        Fact("vandaag", "datum", "dag van de controle"),
    ),
    object="bericht",
)
def dated_in_future(ri: RuleInput) -> ir.Table:
    messages = _messages(ri)
    today = ibis.today() if ri.on is None else ibis.literal(ri.on)
    return _result(messages, messages.dagtekening > today, dagtekening=messages.dagtekening, vandaag=today)


@control_rule(
    code="TR378",
    retourcode="S300",
    severity="afkeur",
    title_nl="Onbekende gemeentecode als ontvanger",
    basis="iJw 3.2 TR378 (een bestaande gemeentecode uit het overzicht van CBS; zorgpad gebruikt het "
    "overzicht van 1-1-2026, `ijw/data/cbs_gemeenten_2026.csv`)",
    explain_nl=(
        "Dit {berichtsoort} is gericht aan gemeentecode {ontvanger}, maar die code staat niet in "
        "het overzicht van gemeenten van het CBS. Stuur het bericht aan een bestaande gemeente."
    ),
    comparison_nl="de Ontvanger is een gemeentecode uit het CBS-overzicht",
    facts=(_SOORT, Fact("ontvanger", "tekst", "Ontvanger (gemeentecode)")),
    object="bericht",
)
def unknown_municipality(ri: RuleInput) -> ir.Table:
    messages = _messages(ri)
    codes = ibis.memtable(pa.table({"_code": pa.array(sorted(cbs_municipalities()), pa.string())}))
    joined = messages.left_join(codes, messages.receiver == codes._code)
    return _result(joined, joined._code.isnull(), ontvanger=joined.receiver)


def _products(ri: RuleInput) -> ir.Table:
    columns = ("message_id", "position", "gemeente", "aanbieder", "product_categorie", "product_code")
    valid = _messages(ri).select("message_id", "message_type")
    parts = [
        ri.table(name).select(*columns).join(valid, "message_id")
        for name in PRODUCT_TABLES
        if ri.has_rows(name)
    ]
    if not parts:
        return ri.table("starts").select(*columns).join(valid, "message_id").limit(0)
    return union_all(parts)


@control_rule(
    code="TR381",
    retourcode="S329",
    severity="afkeur",
    title_nl="Productcode past niet bij de productcategorie",
    basis="iJw 3.2 TR381 (de productcode past volgens de gehanteerde productcodelijst bij de "
    "ProductCategorie; de lijst is de catalogus van de regio)",
    explain_nl=(
        "Dit {berichtsoort} noemt product {productcode} in categorie {categorie}, maar in de "
        "productcodelijst van de regio hoort die code niet bij die categorie."
    ),
    comparison_nl="ProductCode en ProductCategorie staan samen in de catalogus van de regio",
    facts=(
        _SOORT,
        Fact("productcode", "tekst", "ProductCode"),
        Fact("categorie", "tekst", "ProductCategorie"),
    ),
    object="bericht",
    needs_policy=True,
)
def code_outside_category(ri: RuleInput) -> ir.Table:
    assert ri.policy is not None  # needs_policy
    products = _products(ri)
    catalogue = ri.policy.products
    listed = catalogue.select(_code=catalogue.product_code, _cat=catalogue.product_categorie).distinct()
    joined = products.left_join(
        listed, [products.product_code == listed._code, products.product_categorie == listed._cat]
    )
    hit = ibis.ifelse(joined.product_code.notnull(), joined._code.isnull(), ibis.null("boolean"))
    keys = {name: joined[name] for name in ("message_id", "position", "gemeente", "aanbieder")}
    return object_result(
        joined,
        hit,
        keys,
        berichtsoort=joined.message_type.substitute(NAMES),
        productcode=joined.product_code,
        categorie=joined.product_categorie,
    )
