"""Propose an answer for every open request and write it: JW301 / JW319 files and antwoorden.csv.

Every message is validated (XSD and every level-2 rule) before it is written; a message that would
not pass is not written and the request is marked `handmatig` with the finding, so nothing invalid
leaves the system. Requests already "in onderzoek" get a final answer (JW301 or rejection) or, when
they still need investigation, `handmatig`: a second "in onderzoek" is not a valid answer.
"""

from __future__ import annotations

import csv
import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from zorgpad.access import compose, guards, records
from zorgpad.access.deadlines import Deadline, deadline
from zorgpad.access.decide import Decision, Grant
from zorgpad.access.proposal import decide
from zorgpad.access.pseudonyms import reference
from zorgpad.catalog.bundled import version_on
from zorgpad.catalog.lookup import Catalog
from zorgpad.cells import safe_row
from zorgpad.ijw.codelists import label
from zorgpad.ijw.model import Antwoordbericht, Toewijzing
from zorgpad.ijw.model.common import Adres
from zorgpad.ijw.model.toewijzing import ToegewezenProduct
from zorgpad.ijw.reader import parse_bytes
from zorgpad.ijw.validate import validate_document
from zorgpad.ijw.writer import to_xml
from zorgpad.store.database import Store

log = logging.getLogger(__name__)
CSV_COLUMNS = (
    "bericht", "referentie_aanbieder", "gemeente", "aanbieder", "client", "product", "besluit",
    "reden_afwijzing", "reden", "signalen", "termijn", "uitvoer",
)  # fmt: skip


@dataclass
class Proposal:
    decision: Decision
    deadline: Deadline
    verdict: str
    text: str
    file: str = ""

    @property
    def request(self) -> records.Request:
        return self.decision.request


class _Numbers:
    """New ToewijzingNummers (unique per gemeente, TR332) and BerichtIdentificaties (TR056)."""

    def __init__(self, store: Store, day: dt.date) -> None:
        self.store = store
        self.day = day
        self.next_number: dict[str, int] = {}
        self.used: dict[str, set[str]] = {}
        self.counter = 0

    def allocation(self, gemeente: str) -> int:
        if gemeente not in self.next_number:
            self.next_number[gemeente] = records.max_allocation_number(self.store.connection, gemeente) + 1
        number = self.next_number[gemeente]
        self.next_number[gemeente] += 1
        return number

    def identification(self, sender: str) -> str:
        used = self.used.setdefault(sender, records.used_identifications(self.store.connection, sender))
        while True:
            self.counter += 1
            ident = f"ZP{self.day:%y%m%d}{self.counter:04d}"
            if ident not in used:
                used.add(ident)
                return ident


def version_for(versions: Sequence[Catalog], request: records.Request) -> Catalog:
    """The catalogue version a request is decided by: the one in force on the requested start (the first
    line's ingangsdatum), else on the request's dagtekening."""
    first = request.lines[0].ingangsdatum if request.lines else None
    return version_on(versions, first or request.dagtekening)


def propose(
    store: Store,
    catalog: Catalog | Sequence[Catalog],
    out: Path,
    day: dt.date,
    moment: dt.datetime,
    addresses: Mapping[str, Adres] | None = None,
) -> list[Proposal]:
    """Decide every open request, write the valid messages under `out`, return one proposal each.
    Given every version of a region, each request is decided by the version in force on its start."""
    versions = (catalog,) if isinstance(catalog, Catalog) else tuple(catalog)
    con = store.connection
    proposals: list[Proposal] = []
    clients: dict[str, tuple[list[records.Referral], list[records.Allocation]]] = {}
    for request in records.open_requests(con):
        if request.client_key not in clients:
            clients[request.client_key] = (
                records.referrals_of(con, request.client_key),
                records.allocations_of(con, request.client_key),
            )
        decision = decide(version_for(versions, request), request, *clients[request.client_key])
        proposals.append(_proposal(decision))
    numbers = _Numbers(store, day)
    (out / "jw301").mkdir(parents=True, exist_ok=True)
    (out / "jw319").mkdir(parents=True, exist_ok=True)
    groups: dict[tuple[str, str, str], list[Proposal]] = defaultdict(list)
    for p in proposals:
        if p.verdict == "toewijzen":
            groups[(p.request.gemeente, p.request.aanbieder, p.request.client_key)].append(p)
        elif p.verdict in ("afwijzen", "onderzoek"):
            _write_319(p, numbers, out, day)
    for (_gemeente, _aanbieder, client_key), members in groups.items():
        _write_301(store, clients[client_key][1], members, numbers, out, (day, moment), addresses or {})
    _write_csv(proposals, out / "antwoorden.csv")
    return proposals


def _proposal(decision: Decision) -> Proposal:
    due = deadline(decision.request)
    verdict: str = decision.verdict
    text = "; ".join(r.render() for r in decision.reasons if r.severity != "signaal")
    if verdict == "onderzoek" and decision.request.in_onderzoek_since is not None:
        verdict = "handmatig"
        since = decision.request.in_onderzoek_since
        text = f"Al in onderzoek sinds {since:%d-%m-%Y}; beslis vóór {due.due:%d-%m-%Y}. {text}"
    if verdict == "toewijzen":
        text = "Voldoet aan productstructuur, contract, verwijzing en woonplaats; geen stapeling."
    return Proposal(decision, due, verdict, text)


def _check_and_write(message: Toewijzing | Antwoordbericht, path: Path, broken: list[str]) -> str | None:
    """Write the message unless it fails validation or breaks a cross-message rule (`broken`)."""
    data = to_xml(message)
    findings = validate_document(parse_bytes(data, str(path)))
    if findings:
        return f"{findings[0].rule}: {findings[0].message}"
    if broken:
        return "; ".join(broken)
    path.write_bytes(data)
    return None


def _write_319(p: Proposal, numbers: _Numbers, out: Path, day: dt.date) -> None:
    rejection = p.decision.rejection
    reden = rejection.check.wj759 if rejection is not None else None
    woonplaats = rejection.woonplaats if rejection is not None else None
    ident = numbers.identification(p.request.gemeente)
    message = compose.antwoord(p.request, p.verdict, reden, woonplaats, ident, day)
    path = out / "jw319" / f"JW319_{p.request.gemeente}_{p.request.aanbieder}_{ident}.xml"
    problem = _check_and_write(message, path, guards.jw319_problems(numbers.store.connection, message))
    _settle(p, path, problem)


def _write_301(
    store: Store,
    allocations: list[records.Allocation],
    members: list[Proposal],
    numbers: _Numbers,
    out: Path,
    when: tuple[dt.date, dt.datetime],
    addresses: Mapping[str, Adres],
) -> None:
    day, moment = when
    first = members[0].request
    previous = records.latest_allocation_path(store.connection, first.client_key, first.gemeente)
    client = compose.client_block(previous, first, addresses)
    if client is None:
        for p in members:
            p.verdict, p.text = (
                "handmatig",
                "Geen eerdere JW301 en geen BRP-adres (--adressen) voor deze cliënt; vul de JW301 handmatig.",
            )
        return
    changed = {
        g.toewijzing_nummer for p in members for g in p.decision.grants if g.toewijzing_nummer is not None
    }
    products: list[ToegewezenProduct] = [
        compose.existing_product(a)
        for a in allocations
        if a.aanbieder == first.aanbieder
        and a.gemeente == first.gemeente
        and a.is_current(day)
        and a.toewijzing_nummer not in changed
    ]
    for p in members:
        for grant in p.decision.grants:
            number = grant.toewijzing_nummer or numbers.allocation(first.gemeente)
            products.append(compose.granted_product(grant, number, p.request.referentie_aanbieder, moment))
    ident = numbers.identification(first.gemeente)
    message = compose.toewijzing(client, products, first.gemeente, first.aanbieder, ident, day)
    path = out / "jw301" / f"JW301_{first.gemeente}_{first.aanbieder}_{ident}.xml"
    honoured = frozenset(p.request.referentie_aanbieder for p in members)
    problem = _check_and_write(message, path, guards.jw301_problems(store.connection, message, honoured))
    for p in members:
        _settle(p, path, problem)


def _settle(p: Proposal, path: Path, problem: str | None) -> None:
    if problem is None:
        p.file = str(path)
        log.info("voorstel %s voor %s: %s", p.verdict, reference(p.request.client_key), path.name)
    else:
        p.verdict, p.text = "handmatig", f"Het voorgestelde bericht zou niet valide zijn ({problem})."


def product_of(grants: tuple[Grant, ...]) -> str:
    return ", ".join(sorted({g.product_code or g.product_categorie or "?" for g in grants}))


def _write_csv(proposals: list[Proposal], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(safe_row(CSV_COLUMNS))
        for p in proposals:
            rejection = p.decision.rejection if p.verdict == "afwijzen" else None
            reden = rejection.check.wj759 if rejection is not None else None
            signals = "; ".join(r.render() for r in p.decision.reasons if r.severity == "signaal")
            writer.writerow(
                safe_row(
                    (
                        p.request.message_type,
                        p.request.referentie_aanbieder,
                        p.request.gemeente,
                        p.request.aanbieder,
                        reference(p.request.client_key),
                        product_of(p.decision.grants),
                        p.verdict,
                        f"{reden} {label('WJ759', reden)}" if reden else "",
                        p.text,
                        signals,
                        p.deadline.due.isoformat(),
                        Path(p.file).name if p.file else "",
                    )
                )
            )
