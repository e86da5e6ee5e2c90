"""The iJw 3.2 code lists, read at run time from the XSD enumerations, with their Dutch meanings.

The codes come from the ``LDT_`` enumerations of the vendored base schema (the authoritative lexical
form: ``"04"``, ``"0200"``). The Dutch labels come from the official export
``data/Codes gebruikt in berichten.csv``; Excel stripped leading zeros there, so CSV codes are matched
to XSD codes by numeric value; where the CSV lacks a code the XSD's own documentation is the label.
"""

from __future__ import annotations

import csv
import io
from functools import cache
from importlib import resources

from lxml import etree

from zorgpad.errors import UserError
from zorgpad.ijw.schemas import xsd_dir

_XS = "{http://www.w3.org/2001/XMLSchema}"
_CSV = "Codes gebruikt in berichten.csv"

# The XSD simple type of each code list and the list's identifier in the iJw code-list publication.
LIST_IDS: dict[str, str] = {
    "LDT_AanduidingWoonadres": "NUM061",
    "LDT_AdresSoort": "COD757",
    "LDT_Communicatievorm": "COD747",
    "LDT_DatumGebruik": "COD170",
    "LDT_DebetCredit": "COD043",
    "LDT_Eenheid": "WJ756",
    "LDT_Frequentie": "WMO757",
    "LDT_Geslacht": "COD046",
    "LDT_JaNee": "COD260",
    "LDT_JuridischeStatus": "WJ232",
    "LDT_LandCode": "COD032",
    "LDT_NaamGebruik": "COD700",
    "LDT_ProductCategorie": "JZ020",
    "LDT_RedenAfwijzingVerzoek": "WJ759",
    "LDT_RedenBeeindiging": "JZ588",
    "LDT_RedenVerzoek": "WJ758",
    "LDT_RedenWijziging": "JZ002",
    "LDT_RetourCode": "WJ001",
    "LDT_SoortRelatie": "COD472",
    "LDT_StatusAanlevering": "COD467",
    "LDT_TypeVerwijzer": "COD327",
    "LDT_VerzoekAntwoord": "WJ760",
    "LDT_WettelijkeVertegenwoordiging": "WJ003",
}
_BY_LIST_ID = {list_id: ldt for ldt, list_id in LIST_IDS.items()}


@cache
def _enumerations() -> dict[str, tuple[tuple[str, str], ...]]:
    """Every enumerated simple type of the base schema: name -> ((code, XSD documentation), ...)."""
    root = etree.parse(str(xsd_dir() / "basisschema.xsd")).getroot()
    found: dict[str, tuple[tuple[str, str], ...]] = {}
    for simple in root.iterchildren(f"{_XS}simpleType"):
        values = tuple(
            (str(enum.get("value")), _documentation(enum))
            for enum in simple.iterfind(f"{_XS}restriction/{_XS}enumeration")
        )
        if values:
            found[str(simple.get("name"))] = values
    return found


def _documentation(element: etree._Element) -> str:
    doc = element.find(f"{_XS}annotation/{_XS}documentation")
    return (doc.text or "").strip() if doc is not None else ""


def list_names() -> tuple[str, ...]:
    """The names of every enumerated ``LDT_`` type of the base schema."""
    return tuple(sorted(_enumerations()))


def _resolve(name: str) -> str:
    """Accept the XSD type name (``LDT_Eenheid``), the list id (``WJ756``) or the bare name (``Eenheid``)."""
    enums = _enumerations()
    for candidate in (name, _BY_LIST_ID.get(name.upper(), ""), f"LDT_{name}"):
        if candidate in enums:
            return candidate
    raise UserError(
        "CODELIJST-ONBEKEND",
        f"Er is geen iJw-codelijst met de naam {name!r}. Bekende codelijsten: {', '.join(list_names())}.",
    )


def codelist(name: str) -> tuple[str, ...]:
    """The codes of one list in XSD order and lexical form, e.g. ``codelist("LDT_Eenheid")``."""
    return tuple(code for code, _ in _enumerations()[_resolve(name)])


def _csv_key(code: str) -> str:
    # Excel turned "01" into "1" and "0200" into "200"; compare digit codes by value.
    return str(int(code)) if code.isdigit() else code


@cache
def _csv_labels() -> dict[str, dict[str, str]]:
    """List id -> (normalised code -> Dutch label) from the official code-list export."""
    text = (resources.files("zorgpad.ijw") / "data" / _CSV).read_text(encoding="utf-8-sig")
    labels: dict[str, dict[str, str]] = {}
    for row in csv.DictReader(io.StringIO(text, newline="")):
        list_id = row["Codelijst"].split(":", 1)[0].strip()
        code = row["Code"].strip()
        if code.startswith(list_id):  # the list's own description row
            continue
        labels.setdefault(list_id, {})[_csv_key(code)] = row["Documentatie"].strip()
    return labels


@cache
def labels(name: str) -> dict[str, str]:
    """Code -> Dutch meaning for one list, keyed by the XSD lexical form."""
    ldt = _resolve(name)
    from_csv = _csv_labels().get(LIST_IDS.get(ldt, ""), {})
    return {code: from_csv.get(_csv_key(code)) or doc for code, doc in _enumerations()[ldt]}


def label(name: str, code: str) -> str:
    """The Dutch meaning of `code` in list `name`, e.g. ``label("WJ756", "04") == "Uur"``."""
    meanings = labels(name)
    if code not in meanings:
        raise UserError(
            "CODE-ONBEKEND",
            f"Code {code!r} komt niet voor in codelijst {_resolve(name)} "
            f"({LIST_IDS.get(_resolve(name), 'iJw')}); toegestaan: {', '.join(meanings)}.",
        )
    return meanings[code]


def is_valid(name: str, code: str) -> bool:
    """Whether `code` is in list `name` (exact lexical form)."""
    return code in labels(name)


# Named accessors for the lists other layers use.
def eenheid() -> tuple[str, ...]:
    """WJ756 Eenheid: ``01`` minuut, ``04`` uur, ``14`` etmaal, ... ."""
    return codelist("LDT_Eenheid")


def frequentie() -> tuple[str, ...]:
    """WMO757 Frequentie: per dag, week, maand, or total within the allocation (``6``)."""
    return codelist("LDT_Frequentie")


def product_categorie() -> tuple[str, ...]:
    """JZ020 Productcategorie."""
    return codelist("LDT_ProductCategorie")


def reden_beeindiging() -> tuple[str, ...]:
    """JZ588 Reden beeindiging (JW307)."""
    return codelist("LDT_RedenBeeindiging")


def reden_wijziging() -> tuple[str, ...]:
    """JZ002 Reden wijziging toewijzing (JW301)."""
    return codelist("LDT_RedenWijziging")


def type_verwijzer() -> tuple[str, ...]:
    """COD327 Code verwijzer (JW315)."""
    return codelist("LDT_TypeVerwijzer")


def reden_verzoek() -> tuple[str, ...]:
    """WJ758 Reden verzoek (JW317)."""
    return codelist("LDT_RedenVerzoek")


def verzoek_antwoord() -> tuple[str, ...]:
    """WJ760 Verzoek antwoord (JW319)."""
    return codelist("LDT_VerzoekAntwoord")


def reden_afwijzing_verzoek() -> tuple[str, ...]:
    """WJ759 Reden afwijzing verzoek (JW319)."""
    return codelist("LDT_RedenAfwijzingVerzoek")


def retourcode() -> tuple[str, ...]:
    """WJ001 Retourcode."""
    return codelist("LDT_RetourCode")


def status_aanlevering() -> tuple[str, ...]:
    """COD467 Status aanlevering (JW305/JW307)."""
    return codelist("LDT_StatusAanlevering")


def debet_credit() -> tuple[str, ...]:
    """COD043 Debet/credit: ``D`` or ``C``."""
    return codelist("LDT_DebetCredit")


def geslacht() -> tuple[str, ...]:
    """COD046 Geslacht: ``0`` onbekend, ``1`` mannelijk, ``2`` vrouwelijk."""
    return codelist("LDT_Geslacht")


def soort_relatie() -> tuple[str, ...]:
    """COD472 Soort relatie."""
    return codelist("LDT_SoortRelatie")


def adres_soort() -> tuple[str, ...]:
    """COD757 Soort adres."""
    return codelist("LDT_AdresSoort")
