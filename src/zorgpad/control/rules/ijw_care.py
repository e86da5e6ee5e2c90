"""iJw level 3 for the regieberichten the municipality receives: starts (JW305) and stops (JW307).

Each StartProduct and StopProduct (object ``melding``) is judged against the allocations and against
the starts and stops received before it, per gemeente, aanbieder, client and ToewijzingNummer. A
start's logical key is (client, ToewijzingNummer, Product, Begindatum), a stop's adds RedenBeeindiging
and Einddatum (rule export, per data element); the Product follows from the ToewijzingNummer, so it
is not compared. "Before"
means an earlier Dagtekening, or the same one and a smaller message id (messages of one day have no
order of their own); a start counts as before a stop of the same day (TR382), and a stop or removal
as before a new start of the same day (TR326). A StatusAanlevering 3 removes the earlier delivery
with the same key (IV008).
Simplification: a stop removed with status 3 still counts as a stop for TR326 and TR413-TR415.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import ibis

from zorgpad.control.registry import Fact, control_rule
from zorgpad.control.rules._common import came_before, object_result, union_all

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from zorgpad.control.context import RuleInput

NEW, CORRECTION, DELETE = "1", "2", "3"
TEMPORARY = "20"  # RedenBeeindiging: tijdelijk beëindigd (JZ588)
OWNER = ("gemeente", "aanbieder", "client_key", "toewijzing_nummer")
_NUMMER = Fact("toewijzing", "getal", "ToewijzingNummer")
_BEGIN = Fact("begin", "datum", "Begindatum")


def _renamed(table: ir.Table, prefix: str, columns: tuple[str, ...]) -> ir.Table:
    return table.select(**{f"{prefix}{c}": table[c] for c in columns})


def _same_owner(mine: ir.Table, theirs: ir.Table, prefix: str) -> list[ir.BooleanValue]:
    return [mine[c] == theirs[f"{prefix}{c}"] for c in OWNER]


def _result(table: ir.Table, hit: ir.BooleanValue, **facts: ir.Value) -> ir.Table:
    keys = {name: table[name] for name in ("message_id", "position", *OWNER)}
    return object_result(table, hit, keys, toewijzing=table.toewijzing_nummer, **facts)


def _meldingen(ri: RuleInput) -> ir.Table:
    columns = (
        "message_id", "position", *OWNER, "dagtekening", "begindatum", "status_aanlevering",
    )  # fmt: skip
    parts = [
        ri.received(name).select(*columns, soort=ibis.literal(kind))
        for name, kind in (("starts", "start"), ("stops", "stop"))
        if ri.has_rows(name)
    ]
    return union_all(parts)


@control_rule(
    code="TR019",
    retourcode="9019",
    severity="afkeur",
    title_nl="Start of stop zonder toewijzing",
    basis="iJw 3.2 TR019 (OP033x1: een start of stop hoort bij een toewijzing)",
    explain_nl=(
        "De {soort} van zorg noemt toewijzing {toewijzing}, maar de gemeente heeft de aanbieder geen "
        "toewijzing met dat nummer gestuurd. Meld start en stop alleen op een ontvangen toewijzing."
    ),
    comparison_nl="er is een toewijzing met dit ToewijzingNummer van deze gemeente aan deze aanbieder",
    facts=(_NUMMER, Fact("soort", "tekst", "start of stop")),
    object="melding",
)
def without_allocation(ri: RuleInput) -> ir.Table:
    if not (ri.has_rows("starts") or ri.has_rows("stops")):
        return _meldingen_empty(ri)
    meldingen = _meldingen(ri)
    # Every allocation key has a current version: the keys of all versions are the same set, without
    # ordering the versions (the plain path takes the current ones, as the rule reads).
    versions = ri.current_allocations if ri.plain else ri.received("allocations")
    allocations = versions.select(
        _g=versions.gemeente, _a=versions.aanbieder, _n=versions.toewijzing_nummer
    ).distinct()
    joined = meldingen.left_join(
        allocations,
        [
            meldingen.gemeente == allocations._g,
            meldingen.aanbieder == allocations._a,
            meldingen.toewijzing_nummer == allocations._n,
        ],
    )
    return _result(joined, joined._n.isnull(), soort=joined.soort)


def _meldingen_empty(ri: RuleInput, *, with_begin: bool = False) -> ir.Table:
    """No starts and no stops: a result without rows, with the rule's facts."""
    starts = ri.table("starts").limit(0)
    facts = {"begin": starts.begindatum} if with_begin else {}
    return _result(starts, ibis.literal(False), **facts, soort=ibis.literal("start"))


@control_rule(
    code="TR326",
    retourcode="9326",
    severity="afkeur",
    title_nl="Start terwijl er al een actuele start is",
    basis="iJw 3.2 TR326 (OP033x1, IV008)",
    explain_nl=(
        "Voor toewijzing {toewijzing} is de zorg al gestart op {eerdere_begin} en die start is niet "
        "gestopt of verwijderd. Een nieuwe start (begindatum {begin}) kan pas na een stop."
    ),
    comparison_nl="geen eerdere start voor cliënt en toewijzing zonder stop of verwijdering",
    facts=(_NUMMER, _BEGIN, Fact("eerdere_begin", "datum", "begindatum van de lopende start")),
    object="melding",
    needs=("starts",),
)
def start_while_started(ri: RuleInput) -> ir.Table:
    starts = ri.received("starts")
    new = starts.filter(starts.status_aanlevering == NEW)
    earlier = _renamed(new, "p_", (*OWNER, "message_id", "dagtekening", "begindatum"))
    pairs = new.join(earlier, [*_same_owner(new, earlier, "p_"), came_before(new, earlier, "p_")])
    # The earlier start ended when a stop or a removal of it came before the new start.
    enders = [ri.received("stops").filter(lambda t: t.status_aanlevering != DELETE)]
    enders.append(starts.filter(starts.status_aanlevering == DELETE))
    for ender in enders:
        other = _renamed(ender, "e_", (*OWNER, "message_id", "dagtekening", "begindatum"))
        pairs = pairs.anti_join(
            other,
            [
                *(pairs[f"p_{c}"] == other[f"e_{c}"] for c in (*OWNER, "begindatum")),
                # A stop or removal on the new start's own day counts: it cannot come after it.
                other.e_dagtekening <= pairs.dagtekening,
                other.e_message_id != pairs.message_id,
            ],
        )
    found = pairs.group_by("message_id", "position").aggregate(_begin=pairs.p_begindatum.max())
    joined = starts.left_join(found, ["message_id", "position"])
    hit = ibis.ifelse(joined.status_aanlevering == NEW, joined._begin.notnull(), ibis.null("boolean"))
    return _result(joined, hit, begin=joined.begindatum, eerdere_begin=joined._begin)


def _deliveries(ri: RuleInput, name: str, key: tuple[str, ...]) -> ir.Table:
    """Each row of `name` with `_before`: how many rows with status 1 or 2 and the same owner and `key`
    came before it and were not removed (status 3 with that key) before it came. Stored once per run
    (TR063 and TR074 read it)."""
    return ri.side(f"deliveries_{name}", lambda: _count_deliveries(ri, name, key))


def _count_deliveries(ri: RuleInput, name: str, key: tuple[str, ...]) -> ir.Table:
    rows = ri.received(name)
    delivered = rows.filter(rows.status_aanlevering != DELETE)
    earlier = _renamed(delivered, "p_", (*OWNER, *key, "message_id", "dagtekening"))
    pairs = rows.join(
        earlier,
        [*_same_owner(rows, earlier, "p_"), *(rows[c] == earlier[f"p_{c}"] for c in key),
         came_before(rows, earlier, "p_")],
    )  # fmt: skip
    removals = _renamed(
        rows.filter(rows.status_aanlevering == DELETE), "d_", (*OWNER, *key, "message_id", "dagtekening")
    )
    removed_before = [
        *(pairs[f"p_{c}"] == removals[f"d_{c}"] for c in (*OWNER, *key)),
        came_before(pairs, removals, "d_"),
        (removals.d_dagtekening > pairs.p_dagtekening)
        | ((removals.d_dagtekening == pairs.p_dagtekening) & (removals.d_message_id > pairs.p_message_id)),
    ]
    kept = pairs.anti_join(removals, removed_before)
    found = kept.group_by(_m=kept.message_id, _p=kept.position).aggregate(_before=kept.count())
    joined = rows.left_join(found, [rows.message_id == found._m, rows.position == found._p])
    return joined.mutate(_before=joined._before.fill_null(0))


START_KEY = ("begindatum",)
STOP_KEY = ("begindatum", "einddatum", "reden_beeindiging")


@control_rule(
    code="TR063",
    retourcode="9063",
    severity="afkeur",
    title_nl="Verwijdering zonder eerdere aanlevering",
    basis="iJw 3.2 TR063 (IV008: StatusAanlevering 3 verwijdert een eerdere aanlevering)",
    explain_nl=(
        "De {soort} met begindatum {begin} op toewijzing {toewijzing} heeft StatusAanlevering 3 "
        "(verwijderen), maar er is geen eerdere {soort} met dezelfde sleutel ontvangen om te verwijderen."
    ),
    comparison_nl="bij StatusAanlevering 3 is eerder een aanlevering met dezelfde sleutel ontvangen",
    facts=(_NUMMER, _BEGIN, Fact("soort", "tekst", "start of stop")),
    object="melding",
    needs=("messages",),
)
def removal_without_delivery(ri: RuleInput) -> ir.Table:
    parts = []
    for name, kind, key in (("starts", "start", START_KEY), ("stops", "stop", STOP_KEY)):
        if not ri.has_rows(name):
            continue
        rows = _deliveries(ri, name, key)
        hit = ibis.ifelse(rows.status_aanlevering == DELETE, rows._before == 0, ibis.null("boolean"))
        parts.append(_result(rows, hit, begin=rows.begindatum, soort=ibis.literal(kind)))
    if not parts:
        return _meldingen_empty(ri, with_begin=True)
    return union_all(parts)


@control_rule(
    code="TR074",
    retourcode="9074",
    severity="afkeur",
    title_nl="Nieuwe aanlevering met een sleutel die al ontvangen is",
    basis="iJw 3.2 TR074 (IV008)",
    explain_nl=(
        "De {soort} met begindatum {begin} op toewijzing {toewijzing} is nieuw (StatusAanlevering 1), "
        "maar een {soort} met dezelfde sleutel is al eerder ontvangen en niet verwijderd."
    ),
    comparison_nl="bij StatusAanlevering 1 is de sleutel nog niet eerder ontvangen (of is die verwijderd)",
    facts=(_NUMMER, _BEGIN, Fact("soort", "tekst", "start of stop")),
    object="melding",
    needs=("messages",),
)
def delivered_twice(ri: RuleInput) -> ir.Table:
    parts = []
    for name, kind, key in (("starts", "start", START_KEY), ("stops", "stop", STOP_KEY)):
        if not ri.has_rows(name):
            continue
        rows = _deliveries(ri, name, key)
        hit = ibis.ifelse(rows.status_aanlevering == NEW, rows._before > 0, ibis.null("boolean"))
        parts.append(_result(rows, hit, begin=rows.begindatum, soort=ibis.literal(kind)))
    if not parts:
        return _meldingen_empty(ri, with_begin=True)
    return union_all(parts)


def _stops_before_stops(ri: RuleInput) -> ir.Table:
    """`_stops_before` of every stop, stored once per run (TR413, TR414 and TR415 read it)."""
    return ri.side("stops_before_stops", lambda: _stops_before(ri, ri.received("stops")))


def _stops_before(ri: RuleInput, rows: ir.Table) -> ir.Table:
    """`rows` (starts or stops) with facts on the stops (status 1 or 2) received before each with the
    same owner and Begindatum: how many (`_stops`), how many temporary (`_temporary`), how many
    definitive (`_definitive`), and the latest Einddatum among them (`_last_end`)."""
    stops = ri.received("stops")
    delivered = stops.filter(stops.status_aanlevering != DELETE)
    other = _renamed(
        delivered, "s_", (*OWNER, "begindatum", "einddatum", "reden_beeindiging", "message_id", "dagtekening")
    )
    pairs = rows.join(
        other,
        [
            *_same_owner(rows, other, "s_"),
            rows.begindatum == other.s_begindatum,
            came_before(rows, other, "s_"),
        ],
    )
    temporary = pairs.s_reden_beeindiging == TEMPORARY
    found = pairs.group_by(_m=pairs.message_id, _p=pairs.position).aggregate(
        _stops=pairs.count(),
        _temporary=temporary.sum(),
        _definitive=(~temporary).sum(),
        _last_end=pairs.s_einddatum.max(),
    )
    joined = rows.left_join(found, [rows.message_id == found._m, rows.position == found._p])
    return joined.mutate(
        _stops=joined._stops.fill_null(0),
        _temporary=joined._temporary.fill_null(0),
        _definitive=joined._definitive.fill_null(0),
    )


@control_rule(
    code="TR071",
    retourcode="9071",
    severity="afkeur",
    title_nl="Start verwijderd terwijl er al een stop is",
    basis="iJw 3.2 TR071 (IV008)",
    explain_nl=(
        "De start met begindatum {begin} op toewijzing {toewijzing} wordt verwijderd (StatusAanlevering "
        "3), maar voor die start is al een stop ontvangen. Verwijder eerst de stop."
    ),
    comparison_nl="bij het verwijderen van een start is er voor die start nog geen stop ontvangen",
    facts=(_NUMMER, _BEGIN),
    object="melding",
    needs=("starts", "stops"),
)
def start_removed_after_stop(ri: RuleInput) -> ir.Table:
    rows = _stops_before(ri, ri.received("starts"))
    hit = ibis.ifelse(rows.status_aanlevering == DELETE, rows._stops > 0, ibis.null("boolean"))
    return _result(rows, hit, begin=rows.begindatum)


@control_rule(
    code="TR382",
    retourcode="9069",
    severity="afkeur",
    title_nl="Stop zonder start met dezelfde sleutel",
    basis="iJw 3.2 TR382 (de sleutel van de start komt ongewijzigd terug in de stop)",
    explain_nl=(
        "De stop op toewijzing {toewijzing} noemt begindatum {begin}, maar er is geen start met die "
        "begindatum voor deze cliënt en toewijzing ontvangen. Neem de sleutel van de start ongewijzigd over."
    ),
    comparison_nl="er is eerder een start met dezelfde cliënt, ToewijzingNummer en Begindatum ontvangen",
    facts=(_NUMMER, _BEGIN),
    object="melding",
    needs=("stops",),
)
def stop_without_its_start(ri: RuleInput) -> ir.Table:
    stops = ri.received("stops")
    if not ri.has_rows("starts"):
        hit = ibis.ifelse(stops.status_aanlevering != DELETE, ibis.literal(True), ibis.null("boolean"))
        return _result(stops, hit, begin=stops.begindatum)
    starts = ri.received("starts")
    started = _renamed(
        starts.filter(starts.status_aanlevering == NEW),
        "p_",
        (*OWNER, "begindatum", "message_id", "dagtekening"),
    )
    matched = stops.semi_join(
        started,
        [
            *_same_owner(stops, started, "p_"),
            stops.begindatum == started.p_begindatum,
            started.p_dagtekening <= stops.dagtekening,
        ],
    ).select(_m="message_id", _p="position", _found=ibis.literal(True))
    joined = stops.left_join(matched, [stops.message_id == matched._m, stops.position == matched._p])
    hit = ibis.ifelse(joined.status_aanlevering != DELETE, joined._found.isnull(), ibis.null("boolean"))
    return _result(joined, hit, begin=joined.begindatum)


_STOP_FACTS = (_NUMMER, _BEGIN, Fact("eind", "datum", "Einddatum"))


@control_rule(
    code="TR413",
    retourcode="9413",
    severity="afkeur",
    title_nl="Tweede tijdelijke stop",
    basis="iJw 3.2 TR413 (OP377, OP378)",
    explain_nl=(
        "Voor de start met begindatum {begin} op toewijzing {toewijzing} is al een tijdelijke stop "
        "(reden 20) ontvangen. Een volgende stop is definitief: geef een andere reden dan 20."
    ),
    comparison_nl="na een tijdelijke stop heeft een nieuwe of gecorrigeerde stop een andere reden dan 20",
    facts=_STOP_FACTS,
    object="melding",
    needs=("stops",),
)
def second_temporary_stop(ri: RuleInput) -> ir.Table:
    rows = _stops_before_stops(ri)
    applies = rows.status_aanlevering != DELETE
    hit = ibis.ifelse(
        applies, (rows.reden_beeindiging == TEMPORARY) & (rows._temporary > 0), ibis.null("boolean")
    )
    return _result(rows, hit, begin=rows.begindatum, eind=rows.einddatum)


@control_rule(
    code="TR414",
    retourcode="9414",
    severity="afkeur",
    title_nl="Stop eindigt vóór een eerdere stop",
    basis="iJw 3.2 TR414",
    explain_nl=(
        "De stop op toewijzing {toewijzing} eindigt op {eind}, vóór de einddatum {eerder_eind} van een "
        "eerdere stop voor dezelfde start (begindatum {begin})."
    ),
    comparison_nl="einddatum ≥ einddatum van de eerdere stop voor dezelfde start",
    facts=(*_STOP_FACTS, Fact("eerder_eind", "datum", "einddatum van de eerdere stop")),
    object="melding",
    needs=("stops",),
)
def stop_before_earlier_stop(ri: RuleInput) -> ir.Table:
    rows = _stops_before_stops(ri)
    applies = (rows.status_aanlevering != DELETE) & (rows._stops > 0)
    hit = ibis.ifelse(applies, rows.einddatum < rows._last_end, ibis.null("boolean"))
    return _result(rows, hit, begin=rows.begindatum, eind=rows.einddatum, eerder_eind=rows._last_end)


@control_rule(
    code="TR415",
    retourcode="9415",
    severity="afkeur",
    title_nl="Stop na een definitieve stop",
    basis="iJw 3.2 TR415 (OP378)",
    explain_nl=(
        "Voor de start met begindatum {begin} op toewijzing {toewijzing} is al een definitieve stop "
        "ontvangen. Daarna kan geen nieuwe stop meer volgen; stuur zo nodig eerst een nieuwe start."
    ),
    comparison_nl="geen eerdere stop met een andere reden dan 20 voor dezelfde start",
    facts=_STOP_FACTS,
    object="melding",
    needs=("stops",),
)
def stop_after_definitive_stop(ri: RuleInput) -> ir.Table:
    rows = _stops_before_stops(ri)
    hit = ibis.ifelse(rows.status_aanlevering != DELETE, rows._definitive > 0, ibis.null("boolean"))
    return _result(rows, hit, begin=rows.begindatum, eind=rows.einddatum)
