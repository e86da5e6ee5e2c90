"""The retour for every start, stop and request the municipality received (JW306, JW308, JW316, JW318).

A received JW305, JW307, JW315 or JW317 gets the retour the standard prescribes (IV028):

- it failed its XSD (level 1): none (the exchange reports it to the sender);
- it broke an in-message rule (level 2): the header only, with 0001 and the XsltVersie;
- otherwise (levels 3-4, `zorgpad.control`): a rule on the message as a whole (TR056, TR135, TR378)
  puts its retourcode on the header; when a cross-message rule rejects one of its products,
  the client with every class mirrored, the rule's retourcode on the class it concerns (the product;
  for a rule on a JW317 as a whole, its Verzoek) and 0200 on the others; when all is well the header
  with 0200 (OP065: a retour holds only clients with a rejected class).

The retour mirrors the received message, so the message itself is read again from where it was
ingested (`messages.path`); a message whose file is gone gets no retour and is listed as such.
`retour_for_message` answers one stored message (for the server's outbox), `retours` all of them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from zorgpad.control.jw325 import answer_identificatie
from zorgpad.ijw.reader import Document, MessageReadError, parse_file
from zorgpad.ijw.retour import GEEN_OPMERKINGEN, RetourIdentity, class_retour, retour_bytes, retour_for
from zorgpad.ijw.rules import RuleContext
from zorgpad.ijw.validate import validate_document

RECEIVED = ("JW305", "JW307", "JW315", "JW317")
# Where the products of each message type stand, in the order the store numbers them (`position`).
_PRODUCTS = {
    "JW305": (("StartProducten", "StartProduct"),),
    "JW307": (("StopProducten", "StopProduct"),),
    "JW315": (("AangevraagdeProducten", "AangevraagdProduct"),),
    "JW317": (
        ("OngewijzigdeProducten", "OngewijzigdProduct"),
        ("TeWijzigenProducten", "TeWijzigenProduct"),
        ("NieuweProducten", "NieuwProduct"),
    ),
}
# Rules that judge a JW317 as a whole: their code goes on the Verzoek class.
WHOLE_REQUEST_RULES = frozenset({"TR347", "TR349", "TR374"})


@dataclass(frozen=True)
class Retour:
    """One retour: its file name, the message it answers, the codes it carries and its XML."""

    name: str
    message_id: str
    message_type: str
    codes: tuple[str, ...]
    xml: bytes


def _products(document: Document) -> list[etree._Element]:
    ns = document.message_type.namespace
    client = document.root.find(f"{{{ns}}}Client")
    if client is None:
        return []
    holder = client.find(f"{{{ns}}}Verzoek") if document.message_type.code == "JW317" else client
    found: list[etree._Element] = []
    for group, element in _PRODUCTS[document.message_type.code]:
        parent = None if holder is None else holder.find(f"{{{ns}}}{group}")
        if parent is not None:
            found.extend(parent.iterfind(f"{{{ns}}}{element}"))
    return found


def _class_codes(
    document: Document, findings: Iterable[Mapping[str, Any]]
) -> tuple[dict[str, list[str]], list[str]]:
    """The rejecting findings of one message as codes per xpath of the class they concern, and the
    codes on its header (a rule on the message as a whole: object ``bericht`` without a position)."""
    context = RuleContext(document)
    products = _products(document)
    ns = document.message_type.namespace
    verzoek = document.root.find(f"{{{ns}}}Client/{{{ns}}}Verzoek")
    codes: dict[str, list[str]] = defaultdict(list)
    header: list[str] = []
    for finding in findings:
        code = finding["retourcode"]
        if not code or finding["severity"] != "afkeur":
            continue
        if finding["object"] == "bericht" and finding["position"] is None:
            if code not in header:
                header.append(code)
            continue
        if document.message_type.code == "JW317" and finding["rule"] in WHOLE_REQUEST_RULES:
            target = verzoek
        else:
            position = finding["position"]
            target = products[position] if position is not None and position < len(products) else None
        if target is None:
            continue
        where = context.xpath_of(target)
        if code not in codes[where]:
            codes[where].append(code)
    return codes, header


def retour_document(
    document: Document, findings: Iterable[Mapping[str, Any]], message_id: str, on: dt.date
) -> Retour | None:
    """The retour for one received start, stop or request (None after a level-1 failure)."""
    identity = RetourIdentity(answer_identificatie(message_id), on)
    level2 = validate_document(document)
    if level2:
        root = retour_for(document, level2, identity)
        if root is None:
            return None
    else:
        codes, header = _class_codes(document, findings)
        if not codes and not header:
            header = [GEEN_OPMERKINGEN]
        root = class_retour(document, codes, identity, header_codes=header)
    retour_type = document.message_type.retour or ""
    carried = tuple(sorted({c.text or "" for c in root.iter("{*}RetourCode")}))
    name = f"{retour_type}_{identity.identificatie}.xml"
    return Retour(name, message_id, document.message_type.code, carried, retour_bytes(root))


def _findings_by_message(findings: Any) -> dict[str, list[dict[str, Any]]]:
    by_message: dict[str, list[dict[str, Any]]] = defaultdict(list)
    columns = ["message_id", "position", "rule", "retourcode", "severity", "object"]
    for row in findings.select(columns).to_pylist():
        if row["object"] in ("melding", "verzoek", "bericht"):
            by_message[row["message_id"]].append(row)
    return by_message


def _received_messages(tables: dict[str, Any], message_id: str | None = None) -> list[dict[str, Any]]:
    messages = tables["messages"]
    selected = messages.filter(messages.message_type.isin(RECEIVED))
    if message_id is not None:
        selected = selected.filter(selected.message_id == message_id)
    ordered = selected.order_by(["dagtekening", "identificatie", "message_id"])
    return ordered.select("message_id", "path").to_pyarrow().to_pylist()  # type: ignore[no-any-return]


def _read(path: str) -> Document | None:
    try:
        return parse_file(Path(path))
    except (MessageReadError, OSError):
        return None


@dataclass(frozen=True)
class RetourRun:
    retours: list[Retour]
    missing: list[str]  # paths of received messages whose file could not be read again


def retours(tables: dict[str, Any], findings: Any, on: dt.date) -> RetourRun:
    """The retour for every received JW305, JW307, JW315 and JW317 in the store."""
    by_message = _findings_by_message(findings)
    written: list[Retour] = []
    missing: list[str] = []
    for message in _received_messages(tables):
        document = _read(message["path"])
        if document is None:
            missing.append(message["path"])
            continue
        retour = retour_document(
            document, by_message.get(message["message_id"], []), message["message_id"], on
        )
        if retour is not None:
            written.append(retour)
    return RetourRun(written, missing)


def retour_for_message(tables: dict[str, Any], findings: Any, message_id: str, on: dt.date) -> bytes | None:
    """The retour XML for one stored start, stop or request (for an outbox); None when it has none
    (another message type, failed its XSD, or its file can no longer be read)."""
    for message in _received_messages(tables, message_id):
        document = _read(message["path"])
        if document is None:
            return None
        retour = retour_document(document, _findings_by_message(findings).get(message_id, []), message_id, on)
        return None if retour is None else retour.xml
    return None


def write_retours(run: RetourRun, out: Path) -> Path:
    """Write every retour to OUT/retour/."""
    folder = out / "retour"
    folder.mkdir(parents=True, exist_ok=True)
    for retour in run.retours:
        (folder / retour.name).write_bytes(retour.xml)
    return folder
