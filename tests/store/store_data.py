"""Test data for the store: the vendored examples made valid, and generated JW323 declarations."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

from lxml import etree

from zorgpad.ijw.messages import NS_BASIS

EXAMPLES = Path(__file__).resolve().parents[2] / "src" / "zorgpad" / "ijw" / "examples"

# Where the vendored examples break a rule, and the smallest change that makes them valid:
# (old text, new text, which occurrence to replace, 1-based).
_FIXES = {
    "JW315.xml": [("2027-06-31", "2027-06-30", 1), ("2027-06-31", "2027-06-30", 1)],  # XSD: June 31st
    "JW317.xml": [("<jw317:Einddatum>2024-02-28", "<jw317:Einddatum>2027-02-28", 1)],  # CS003
    "JW318.xml": [
        ("<jw318:RetourCode>9350</jw318:RetourCode>\n\t\t\t<jw318:Ongewijzigde", "<jw318:Ongewijzigde", 1)
    ],
    "JW323.xml": [("RN004<", "RN005<", 2)],  # TR101: RN004 twice
}


def _replace_nth(text: str, old: str, new: str, nth: int) -> str:
    start = -1
    for _ in range(nth):
        start = text.index(old, start + 1)
    return text[:start] + new + text[start + len(old) :]


def copy_examples(target: Path, *, fixed: bool) -> Path:
    """The 14 examples in `target`; with `fixed`, the invalid ones repaired."""
    target.mkdir(parents=True, exist_ok=True)
    for source in sorted(EXAMPLES.glob("JW3*.xml")):
        text = source.read_text(encoding="utf-8")
        for old, new, nth in _FIXES.get(source.name, []) if fixed else []:
            text = _replace_nth(text, old, new, nth)
        (target / source.name).write_text(text, encoding="utf-8")
    return target


def copy_example(name: str, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(EXAMPLES / name, target)
    return target


def bsn(seed: int) -> str:
    """A BSN that passes the 11-proef (CS002), different for each seed."""
    for prefix in range(10_000_000 + seed * 17, 10_000_000 + seed * 17 + 17):
        digits = [int(d) for d in str(prefix)]
        rest = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True)) % 11
        if rest < 10:
            return f"{prefix}{rest}"
    raise AssertionError("no BSN found")  # unreachable: a check digit is found within 17 tries


def _set(element: etree._Element, path: str, value: str, ns: dict[str, str]) -> None:
    found = element.find(path, ns)
    assert found is not None, path
    found.text = value


def _get(element: etree._Element, path: str, ns: dict[str, str]) -> etree._Element:
    found = element.find(path, ns)
    assert found is not None, path
    return found


def declaration(identificatie: str, clients: int, lines_per_client: int, first_bsn: int = 0) -> bytes:
    """A valid JW323 with `clients` x `lines_per_client` prestaties, built from the vendored example."""
    root = etree.fromstring((EXAMPLES / "JW323.xml").read_bytes())
    ns = {"m": str(root.nsmap["jw323"]), "ijw": NS_BASIS}
    _set(root, "m:Header/m:BerichtIdentificatie/ijw:Identificatie", identificatie, ns)
    declaratie = _get(root, "m:Declaratie", ns)
    _set(declaratie, "m:DeclaratieNummer", f"D{identificatie}"[:12], ns)
    clienten = _get(declaratie, "m:Clienten", ns)
    template = copy.deepcopy(clienten[0])
    template_line = copy.deepcopy(_get(template, "m:Prestaties/m:Prestatie", ns))
    for old in list(clienten):
        clienten.remove(old)
    total = 0
    line = 0
    for c in range(clients):
        client = copy.deepcopy(template)
        _set(client, "m:Bsn", bsn(first_bsn + c), ns)
        prestaties = _get(client, "m:Prestaties", ns)
        for old in list(prestaties):
            prestaties.remove(old)
        for _ in range(lines_per_client):
            prestatie = copy.deepcopy(template_line)
            volume = 1 + line % 7
            _set(prestatie, "m:ProductReferentie/ijw:ReferentieNummer", f"R{identificatie}x{line}"[:20], ns)
            _set(prestatie, "m:ToewijzingNummer", str(500_000 + line), ns)
            _set(prestatie, "m:GeleverdVolume", str(volume), ns)
            _set(prestatie, "m:IngediendBedrag/ijw:Bedrag", str(volume * 1250), ns)
            total += volume * 1250
            prestaties.append(prestatie)
            line += 1
        clienten.append(client)
    _set(declaratie, "m:TotaalIngediendBedrag/ijw:TotaalBedrag", str(total), ns)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")
