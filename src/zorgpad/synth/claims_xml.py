"""Streaming JW323 writer: one Declaratie per provider per municipality per month.

Speed matters here (millions of lines): a Prestatie template element is built once, its leaves get
new text per line, and `etree.xmlfile` serialises it (escaping included) straight to the file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

from lxml import etree

from zorgpad.ijw.messages import NS_BASIS, message_type
from zorgpad.ijw.schemas import schema_versions
from zorgpad.synth.identity import broken_bsn
from zorgpad.synth.spool import ClaimLine
from zorgpad.synth.xmlbase import nsmap

MT = message_type("JW323")
_M = f"{{{MT.namespace}}}"
_B = f"{{{NS_BASIS}}}"

# Deliberate faults for malformed messages and the rule that must catch each.
MUTATIONS = {"XSD": "XSD", "CS002": "CS002", "TR358": "TR358"}


class _Template:
    """A Prestatie element with references to its variable leaves (two variants: with/without credit)."""

    def __init__(self, credit: bool) -> None:
        p = etree.Element(_M + "Prestatie", nsmap=nsmap(MT))
        ref = etree.SubElement(p, _M + "ProductReferentie")
        self.ref = etree.SubElement(ref, _B + "ReferentieNummer")
        self.prev = etree.SubElement(ref, _B + "VorigReferentieNummer") if credit else None
        self.allocation = etree.SubElement(p, _M + "ToewijzingNummer")
        self.category = etree.SubElement(p, _M + "ProductCategorie")
        self.code = etree.SubElement(p, _M + "ProductCode")
        period = etree.SubElement(p, _M + "ProductPeriode")
        self.begin = etree.SubElement(period, _B + "Begindatum")
        self.end = etree.SubElement(period, _B + "Einddatum")
        self.volume = etree.SubElement(p, _M + "GeleverdVolume")
        self.unit = etree.SubElement(p, _M + "Eenheid")
        self.tariff = etree.SubElement(p, _M + "ProductTarief")
        amount = etree.SubElement(p, _M + "IngediendBedrag")
        self.amount = etree.SubElement(amount, _B + "Bedrag")
        self.dc = etree.SubElement(amount, _B + "DebetCredit")
        self.element = p
        self._tariff_index = list(p).index(self.tariff)

    def fill(self, line: ClaimLine, unit: str) -> etree._Element:
        self.ref.text = line.ref
        if self.prev is not None:
            self.prev.text = line.prev_ref
        self.allocation.text = line.allocation
        self.category.text = line.category
        self.code.text = line.code
        self.begin.text = line.begin
        self.end.text = line.end
        self.volume.text = str(line.volume)
        self.unit.text = unit
        # CD087: no ProductTarief with unit 83 (euros); take the leaf out and put it back as needed.
        present = self.tariff.getparent() is not None
        if line.tariff:
            self.tariff.text = line.tariff
            if not present:
                self.element.insert(self._tariff_index, self.tariff)
        elif present:
            self.element.remove(self.tariff)
        self.amount.text = str(line.amount)
        self.dc.text = line.dc
        return self.element


def write_jw323(
    path: Path,
    sender: str,
    receiver: str,
    ident: str,
    declaration_number: str,
    period: tuple[date, date],
    dagtekening: date,
    net_total: int,
    lines: Iterable[ClaimLine],
    mutation: str | None = None,
    on_line: Callable[[ClaimLine], None] | None = None,
) -> int:
    """Write one declaration; returns the number of Prestaties. `net_total` = Σ debet − Σ credit."""
    total = abs(net_total) + (1 if mutation == "TR358" else 0)
    debit_credit = "C" if net_total < 0 else "D"  # CS325: zero is debet
    basisschema, bericht = schema_versions(MT)
    templates = {False: _Template(credit=False), True: _Template(credit=True)}
    count = 0
    with etree.xmlfile(str(path), encoding="UTF-8") as xf:
        xf.write_declaration()
        with xf.element(_M + "Bericht", nsmap=nsmap(MT)):
            header = etree.Element(_M + "Header", nsmap=nsmap(MT))
            for name, text in (
                ("BerichtCode", MT.berichtcode),
                ("BerichtVersie", "3"),
                ("BerichtSubversie", "2"),
                ("Afzender", sender),
                ("Ontvanger", receiver),
            ):
                etree.SubElement(header, _M + name).text = text
            ident_el = etree.SubElement(header, _M + "BerichtIdentificatie")
            etree.SubElement(ident_el, _B + "Identificatie").text = ident
            etree.SubElement(ident_el, _B + "Dagtekening").text = dagtekening.isoformat()
            versions = etree.SubElement(header, _M + "XsdVersie")
            etree.SubElement(versions, _B + "BasisschemaXsdVersie").text = basisschema
            etree.SubElement(versions, _B + "BerichtXsdVersie").text = bericht
            xf.write(header)
            with xf.element(_M + "Declaratie"):
                head = etree.Element(_M + "Kop", nsmap=nsmap(MT))
                etree.SubElement(head, _M + "DeclaratieNummer").text = declaration_number
                period_el = etree.SubElement(head, _M + "DeclaratiePeriode")
                etree.SubElement(period_el, _B + "Begindatum").text = period[0].isoformat()
                etree.SubElement(period_el, _B + "Einddatum").text = period[1].isoformat()
                etree.SubElement(head, _M + "DeclaratieDagtekening").text = dagtekening.isoformat()
                total_el = etree.SubElement(head, _M + "TotaalIngediendBedrag")
                etree.SubElement(total_el, _B + "TotaalBedrag").text = str(total)
                etree.SubElement(total_el, _B + "DebetCredit").text = debit_credit
                for child in head:
                    xf.write(child)
                with xf.element(_M + "Clienten"):
                    count = _write_clients(xf, lines, templates, mutation, on_line)
    return count


def _write_clients(
    xf: etree._IncrementalFileWriter,
    lines: Iterable[ClaimLine],
    templates: dict[bool, _Template],
    mutation: str | None,
    on_line: Callable[[ClaimLine], None] | None,
) -> int:
    # Lines arrive grouped per client (a client's lines are spooled together), so a Client element
    # stays open while the BSN repeats.
    count = 0
    current: str | None = None
    client_cm = prestaties_cm = None
    for line in lines:
        if line.bsn != current:
            if prestaties_cm is not None and client_cm is not None:
                prestaties_cm.__exit__(None, None, None)
                client_cm.__exit__(None, None, None)
            client_cm = xf.element(_M + "Client")
            client_cm.__enter__()
            bsn = broken_bsn(line.bsn) if mutation == "CS002" and current is None else line.bsn
            xf.write(_leaf("Bsn", bsn))
            prestaties_cm = xf.element(_M + "Prestaties")
            prestaties_cm.__enter__()
            current = line.bsn
        unit = "99" if mutation == "XSD" and count == 0 else line.unit
        xf.write(templates[line.dc == "C"].fill(line, unit))
        count += 1
        if on_line is not None:
            on_line(line)
    if prestaties_cm is not None and client_cm is not None:
        prestaties_cm.__exit__(None, None, None)
        client_cm.__exit__(None, None, None)
    return count


def _leaf(name: str, text: str) -> etree._Element:
    element = etree.Element(_M + name, nsmap=nsmap(MT))
    element.text = text
    return element
