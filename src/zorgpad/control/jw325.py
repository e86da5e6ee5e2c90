"""Build the JW325 (declaratie-antwoord) for each JW323 from the store and the verdicts (BRIEF §3.2).

- A JW323 that failed level 2: header only, RetourCode 0001 with the XsltVersie; it counts as not sent.
  An XSD-invalid (level 1) JW323 gets no JW325 at all.
- A rejection on the Declaratie class (TR333, TR318): header 0200, DeclaratieAntwoord with the code,
  TotaalToegekendBedrag 0, no clients.
- Rejected prestaties: header 0200, DeclaratieAntwoord 0200, only the rejected prestaties with their
  codes under their client (0200); TotaalToegekendBedrag = sum of the granted prestaties (TR342).
- A rejection on the Client class (TR304, 8187): the client carries the code and every prestatie of
  that client in the declaration is returned with 0233 (not judged), besides its own codes.
- Nothing rejected: header 0200, DeclaratieAntwoord 8001, TotaalToegekend = TotaalIngediend.
The JW325 is the gemeente's own message: Afzender is the gemeente, Ontvanger the aanbieder. It is built as
the typed model (`DeclaratieAntwoordbericht`) and written by the one iJw writer.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from lxml import etree

from zorgpad.control.verdict import Verdicts
from zorgpad.ijw.dates import DATE_RULE
from zorgpad.ijw.model.common import (
    BedragMetDC,
    BerichtIdentificatie,
    GeslotenPeriode,
    Referentie,
    TotaalBedragMetDC,
    XsdVersie,
)
from zorgpad.ijw.model.declaratie import (
    DeclaratieAntwoord,
    DeclaratieAntwoordbericht,
    DeclaratieAntwoordClient,
    DeclaratieAntwoordHeader,
    PrestatieAntwoord,
)
from zorgpad.ijw.retour import XSLT_VERSIE
from zorgpad.ijw.writer import header, to_element

OK, NOT_SENT, ALL_GRANTED, NOT_JUDGED = "0200", "0001", "8001", "0233"
# Retourcodes that belong to the Client class (BRIEF §3.2): the client is rejected as a whole.
CLIENT_CODES = frozenset({"8187"})
LEVEL1 = frozenset({"XML", "XSD", DATE_RULE})


@dataclass(frozen=True)
class Unanswered:
    """A declaration no JW325 could be built for: a date zorgpad cannot hold (a ``DATUM`` finding at
    ingest) or a value the answer must copy that the store lacks. `control.unjudged` turns each into a
    finding of the run."""

    message_id: str
    identificatie: str | None
    reason_nl: str
    gemeente: str | None = None
    aanbieder: str | None = None
    cause: str = "ONTBREEKT"  # DATUM: a date outside the years 1-9999; ONTBREEKT: a value the store lacks
    line: Mapping[str, Any] | None = None  # the stored claim line it concerns, when one does
    place: str | None = None  # xpath of the value in the message, when known


# Values a JW325 copies from the declaration and its lines; a store written before dates outside the
# years 1-9999 were refused at ingest can hold them as NULL.
_MESSAGE_NEEDS = {"dagtekening": "de dagtekening van de declaratie", "identificatie": "de identificatie"}
_LINE_NEEDS = {
    "product_periode_begin": "de begindatum van de productperiode",
    "product_periode_eind": "de einddatum van de productperiode",
    "signed_bedrag": "het ingediende bedrag",
    "toewijzing_nummer": "het toewijzingnummer",
}


def _missing(
    message: Mapping[str, Any], lines: list[dict[str, Any]]
) -> tuple[str, dict[str, Any] | None] | None:
    """Why no answer can be built (and the line concerned), or None when nothing is missing."""
    for column, what in _MESSAGE_NEEDS.items():
        if message.get(column) is None:
            return f"{what} ontbreekt of is onleesbaar", None
    for line in lines:
        for column, what in _LINE_NEEDS.items():
            if line.get(column) is None:
                reference = line.get("referentie_nummer") or "?"
                return f"{what} van prestatie {reference} ontbreekt of is onleesbaar", line
    return None


@dataclass(frozen=True)
class Answer:
    """One JW325: the file name it is written under and its XML element."""

    name: str
    root: etree._Element
    granted: int
    rejected: int  # eurocents of the rejected debets
    # Rejected credits, as a positive amount: reported apart, never netted into the rejected debets.
    rejected_credits: int = 0
    message_id: str = ""  # the answered JW323
    codes: tuple[str, ...] = ()  # on the header and the DeclaratieAntwoord


def _bedrag(cents: int) -> BedragMetDC:
    return BedragMetDC(bedrag=abs(cents), debet_credit="C" if cents < 0 else "D")


def _totaal(cents: int) -> TotaalBedragMetDC:
    return TotaalBedragMetDC(totaal_bedrag=abs(cents), debet_credit="C" if cents < 0 else "D")


def answer_identificatie(message_id: str) -> str:
    """A stable Identificatie (≤ 12 characters) for the answer to one declaration message."""
    return "A" + hashlib.sha256(message_id.encode()).hexdigest()[:11].upper()


def _header(
    message: Mapping[str, Any], on: dt.date, codes: list[str], xslt: bool
) -> DeclaratieAntwoordHeader:
    # Afzender is the gemeente (the JW323's receiver), Ontvanger the aanbieder.
    heen = header(
        "JW325", message["receiver"], message["sender"], answer_identificatie(message["message_id"]), on
    )
    return DeclaratieAntwoordHeader(
        **dict(heen),
        declaratie_identificatie=BerichtIdentificatie(
            identificatie=message["identificatie"], dagtekening=message["dagtekening"]
        ),
        xslt_versie=XSLT_VERSIE if xslt else None,
        xsd_versie_declaratie=XsdVersie(
            basisschema_xsd_versie=message["basisschema_xsd_versie"],
            bericht_xsd_versie=message["bericht_xsd_versie"],
        ),
        retour_codes=tuple(codes),
    )


def _prestatie(line: Mapping[str, Any], codes: list[str]) -> PrestatieAntwoord:
    return PrestatieAntwoord(
        product_referentie=Referentie(
            referentie_nummer=line["referentie_nummer"],
            vorig_referentie_nummer=line["vorig_referentie_nummer"] or None,
        ),
        toewijzing_nummer=line["toewijzing_nummer"],
        product_categorie=line["product_categorie"],
        product_code=line["product_code"],
        product_periode=GeslotenPeriode(
            begindatum=line["product_periode_begin"], einddatum=line["product_periode_eind"]
        ),
        geleverd_volume=line["geleverd_volume"],
        eenheid=line["eenheid"],
        product_tarief=line["product_tarief"],
        ingediend_bedrag=_bedrag(line["signed_bedrag"]),
        retour_codes=tuple(codes),
    )


def _answer(
    name: str,
    model: DeclaratieAntwoordbericht,
    granted: int,
    rejected: tuple[int, int],
    message_id: str,
    codes: tuple[str, ...],
) -> Answer:
    debets, credits = rejected
    return Answer(name, to_element(model), granted, debets, credits, message_id, codes)


def build_answers(
    messages: list[dict[str, Any]],
    declarations: Mapping[str, dict[str, Any]],
    lines: Mapping[str, list[dict[str, Any]]],
    level2: Mapping[str, set[str]],
    bsn: Mapping[str, str],
    verdict: Verdicts,
    on: dt.date,
    unanswered: list[Unanswered] | None = None,
    unholdable: Mapping[str, list[tuple[str, str]]] | None = None,
) -> Iterator[Answer]:
    """One answer per JW323 message (none for a level-1 failure), in the order of `messages`.

    A declaration whose stored values cannot fill a JW325 gets no answer: it is added to `unanswered`
    (when given) and every other declaration is still answered. So is one with a date zorgpad cannot
    hold (`unholdable`: message id -> the (xpath, Dutch text) of each ``DATUM`` finding): the XSD
    passed it, so nobody else answers it.
    """
    for message in messages:
        message_id = message["message_id"]
        name = f"JW325_{message['identificatie']}_{answer_identificatie(message_id)}.xml"
        rules = level2.get(message_id, set())
        if not message["valid"]:
            if unanswered is not None and DATE_RULE in rules:
                unanswered.extend(
                    Unanswered(
                        message_id,
                        message.get("identificatie"),
                        text,
                        message.get("gemeente"),
                        message.get("aanbieder"),
                        cause=DATE_RULE,
                        place=place,
                    )
                    for place, text in (unholdable or {}).get(message_id, [("", "")])
                )
            if rules & LEVEL1 or not rules:
                continue
            header_only = DeclaratieAntwoordbericht(header=_header(message, on, [NOT_SENT], xslt=True))
            yield _answer(name, header_only, 0, (0, 0), message_id, (NOT_SENT,))
            continue
        declaration = declarations.get(message_id)
        message_lines = lines.get(message_id, [])
        problem: tuple[str, dict[str, Any] | None] | None = None
        if declaration is None:
            problem = ("de declaratie ontbreekt in de database", None)
        problem = problem or _missing(message, message_lines)
        if problem is not None or declaration is None:
            if unanswered is not None:
                reason, line = problem or ("", None)
                unanswered.append(
                    Unanswered(
                        message_id,
                        message.get("identificatie"),
                        reason,
                        message.get("gemeente"),
                        message.get("aanbieder"),
                        line=line,
                    )
                )
            continue
        submitted = declaration["totaal_ingediend_bedrag"] * (
            -1 if declaration["totaal_debet_credit"] == "C" else 1
        )
        head = _header(message, on, [OK], xslt=False)
        class_codes = verdict.declaration_codes.get(message_id)
        if class_codes:
            whole = DeclaratieAntwoord(
                declaratie_nummer=declaration["declaratie_nummer"],
                totaal_ingediend_bedrag=_totaal(submitted),
                totaal_toegekend_bedrag=_totaal(0),
                retour_codes=tuple(class_codes),
            )
            model = DeclaratieAntwoordbericht(header=head, declaratie_antwoord=whole)
            yield _answer(name, model, 0, _split(message_lines), message_id, (OK, *class_codes))
            continue
        client_codes: dict[str, set[str]] = defaultdict(set)
        for line in message_lines:
            codes = verdict.codes_for(message_id, line["position"])
            client_codes[line["client_key"]].update(CLIENT_CODES.intersection(codes))
        rejected: dict[str, list[tuple[dict[str, Any], list[str]]]] = defaultdict(list)
        granted = 0
        for line in message_lines:
            own = [c for c in verdict.codes_for(message_id, line["position"]) if c not in CLIENT_CODES]
            codes = [NOT_JUDGED, *own] if client_codes[line["client_key"]] else own
            if codes:
                rejected[line["client_key"]].append((line, codes))
            else:
                granted += line["signed_bedrag"]
        clienten = tuple(
            DeclaratieAntwoordClient(
                bsn=bsn[client_key],
                prestaties=tuple(_prestatie(line, codes) for line, codes in returned),
                retour_codes=tuple(sorted(client_codes[client_key]) or [OK]),
            )
            for client_key, returned in rejected.items()
        )
        antwoord = DeclaratieAntwoord(
            declaratie_nummer=declaration["declaratie_nummer"],
            totaal_ingediend_bedrag=_totaal(submitted),
            totaal_toegekend_bedrag=_totaal(granted),
            clienten=clienten,
            retour_codes=(OK if rejected else ALL_GRANTED,),
        )
        model = DeclaratieAntwoordbericht(header=head, declaratie_antwoord=antwoord)
        returned_lines = [line for returned in rejected.values() for line, _ in returned]
        answer_codes = (OK, OK if rejected else ALL_GRANTED)
        yield _answer(name, model, granted, _split(returned_lines), message_id, answer_codes)


def _split(lines: list[dict[str, Any]]) -> tuple[int, int]:
    """The debets and (as a positive amount) the credits among `lines`, in eurocents."""
    debets = sum(line["signed_bedrag"] for line in lines if line["signed_bedrag"] > 0)
    credits = -sum(line["signed_bedrag"] for line in lines if line["signed_bedrag"] < 0)
    return debets, credits
