"""Test data for the store: the vendored examples made valid, and generated JW323 declarations."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

from lxml import etree

from zorgpad.ijw.messages import NS_BASIS

EXAMPLES = Path(__file__).resolve().parents[2] / "src" / "zorgpad" / "ijw" / "examples"

# Where the vendored examples break a rule, and the smallest change that makes them valid.
_FIXES = {
    "JW315.xml": [("2027-06-31", "2027-06-30")],  # XSD: June has 30 days
    "JW317.xml": [("<jw317:Einddatum>2024-02-28", "<jw317:Einddatum>2027-02-28")],  # CS003: end before start
    # XSD: a loose RetourCode directly under Verzoek
    "JW318.xml": [("<jw318:RetourCode>9350</jw318:RetourCode>\n\t\t\t<jw318:Ongewijzigde", "<jw318:Ongewijzigde")],
    "JW323.xml": [("RN004</ijw:ReferentieNummer>\n\t\t\t\t\t\t</jw323:ProductReferentie>\n"
                   "\t\t\t\t\t\t<jw323:ToewijzingNummer>10073</jw323:ToewijzingNummer>\n"
                   "\t\t\t\t\t\t<jw323:ProductCategorie>45</jw323:ProductCategorie>\n"
                   "\t\t\t\t\t\t<jw323:ProductCode>45A04</jw323:ProductCode>\n"
                   "\t\t\t\t\t\t<jw323:ProductPeriode>\n"
                   "\t\t\t\t\t\t\t<ijw:Begindatum>2026-03-01",
                   "RN005</ijw:ReferentieNummer>\n\t\t\t\t\t\t</jw323:ProductReferentie>\n"
                   "\t\t\t\t\t\t<jw323:ToewijzingNummer>10073</jw323:ToewijzingNummer>\n"
                   "\t\t\t\t\t\t<jw323:ProductCategorie>45</jw323:ProductCategorie>\n"
                   "\t\t\t\t\t\t<jw323:ProductCode>45A04</jw323:ProductCode>\n"
                   "\t\t\t\t\t\t<jw323:ProductPeriode>\n"
                   "\t\t\t\t\t\t\t<ijw:Begindatum>2026-03-01")],  # TR101: RN004 twice
}


def copy_examples(target: Path, *, fixed: bool) -> Path:
    """The 14 examples in `target`; with `fixed`, the invalid ones repaired."""
    target.mkdir(parents=True, exist_ok=True)
    for source in sorted(EXAMPLES.glob("JW3*.xml")):
        text = source.read_text(encoding="utf-8")
        for old, new in _FIXES.get(source.name, []) if fixed else []:
            assert old in text, (source.name, old)
            text = text.replace(old, new)
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


def declaration(identificatie: str, clients: int, lines_per_client: int, first_bsn: int = 0) -> bytes:
    """A valid JW323 with `clients` x `lines_per_client` prestaties, built from the vendored example."""
    root = etree.fromstring((EXAMPLES / "JW323.xml").read_bytes())
    ns = {"m": root.nsmap["jw323"], "ijw": NS_BASIS}
    root.find("m:Header/m:BerichtIdentificatie/ijw:Identificatie", ns).text = identificatie  # type: ignore[union-attr]
    declaratie = root.find("m:Declaratie", ns)
    assert declaratie is not None
    declaratie.find("m:DeclaratieNummer", ns).text = f"D{identificatie}"[:12]  # type: ignore[union-attr]
    clienten = declaratie.find("m:Clienten", ns)
    assert clienten is not None
    template = copy.deepcopy(clienten[0])
    template_line = copy.deepcopy(template.find("m:Prestaties/m:Prestatie", ns))
    for old in list(clienten):
        clienten.remove(old)
    total = 0
    line = 0
    for c in range(clients):
        client = copy.deepcopy(template)
        client.find("m:Bsn", ns).text = bsn(first_bsn + c)  # type: ignore[union-attr]
        prestaties = client.find("m:Prestaties", ns)
        assert prestaties is not None
        for old in list(prestaties):
            prestaties.remove(old)
        for _ in range(lines_per_client):
            prestatie = copy.deepcopy(template_line)
            prestatie.find("m:ProductReferentie/ijw:ReferentieNummer", ns).text = f"R{identificatie}x{line}"[:20]  # type: ignore[union-attr]
            prestatie.find("m:ToewijzingNummer", ns).text = str(500_000 + line)  # type: ignore[union-attr]
            volume = 1 + line % 7
            prestatie.find("m:GeleverdVolume", ns).text = str(volume)  # type: ignore[union-attr]
            prestatie.find("m:IngediendBedrag/ijw:Bedrag", ns).text = str(volume * 1250)  # type: ignore[union-attr]
            total += volume * 1250
            prestaties.append(prestatie)
            line += 1
        clienten.append(client)
    declaratie.find("m:TotaalIngediendBedrag/ijw:TotaalBedrag", ns).text = str(total)  # type: ignore[union-attr]
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")
