"""CSV records that iJw does not carry: providers' delivery records, the access team's referrals, and
young people per municipality (a population table).

Each kind has a typed core (found under one of a few accepted column names) and keeps every other
column, as found, in `extra` (JSON). A BSN is pseudonymised wherever it appears, also in `extra`
(any column whose name contains "bsn"). A value that cannot be read becomes null plus a `CSV`
finding that says where; the BSN itself never appears in a finding.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from zorgpad.catalog.codes import cbs_municipalities
from zorgpad.delivery.spec import SETTINGS, STAFF_LEVELS
from zorgpad.ijw.codelists import is_valid
from zorgpad.store.columns import Batch
from zorgpad.store.pseudonym import Pseudonymizer

_BSN = re.compile(r"\d{8,9}")
_PRODUCT_SPLIT = re.compile(r"[;,|\s]+")


@dataclass(frozen=True)
class Field:
    """A core column: the accepted header names (lower case) and how to read the value."""

    aliases: tuple[str, ...]
    # text, date, time, int, bsn, list (of product codes), agb, gemeente, verwijzer, productcode,
    # niveau (opleidingsniveau), setting
    kind: str
    required: bool = False


SESSION_FIELDS: dict[str, Field] = {
    "aanbieder": Field(("aanbieder", "agb", "aanbieder_agb", "provider"), "agb"),
    "staff_id": Field(("medewerker", "medewerker_id", "staff_id", "staff"), "text"),
    "staff_level": Field(("opleidingsniveau", "niveau", "kwalificatie", "staff_level"), "niveau"),
    "client_key": Field(("bsn", "client_bsn", "client"), "bsn", required=True),
    "session_date": Field(("datum", "sessiedatum", "session_date", "date"), "date", required=True),
    "start_time": Field(("starttijd", "begintijd", "start_time", "tijd"), "time"),
    "minutes": Field(("minuten", "duur_minuten", "duur", "minutes"), "int"),
    "setting": Field(("setting", "vorm", "zetting"), "setting"),
    "product_code": Field(("productcode", "product_code", "product"), "productcode"),
}

REFERRAL_FIELDS: dict[str, Field] = {
    "client_key": Field(("bsn", "client_bsn", "client"), "bsn", required=True),
    "gemeente": Field(("gemeente", "gemeentecode", "municipality"), "gemeente"),
    "referral_date": Field(
        ("verwijsdatum", "verwijzingsdatum", "datum_verwijzing", "referral_date", "datum"),
        "date",
        required=True,
    ),
    "referrer_type": Field(("verwijzer_type", "type_verwijzer", "verwijzer", "referrer_type"), "verwijzer"),
    "products": Field(("producten", "productcodes", "productcode", "products", "product"), "list"),
    "term_end": Field(("geldig_tot", "verwijzing_geldig_tot", "term_end"), "date"),
    "aanbieder": Field(("aanbieder", "agb", "aanbieder_agb"), "agb"),
    "toewijzing_nummer": Field(("toewijzingnummer", "toewijzing_nummer"), "int"),
}

POPULATION_FIELDS: dict[str, Field] = {
    "gemeente": Field(("gemeente", "gemeentecode", "cbs_code"), "gemeente", required=True),
    "jaar": Field(("jaar", "peiljaar"), "int", required=True),
    "jeugdigen": Field(("jeugdigen", "jeugdigen_0_17", "aantal"), "int", required=True),
    "leeftijd": Field(("leeftijd", "leeftijdsklasse"), "text"),
    "bron": Field(("bron",), "text"),
}

KINDS: dict[str, tuple[str, dict[str, Field]]] = {
    "sessions": ("sessions", SESSION_FIELDS),
    "referrals": ("referrals", REFERRAL_FIELDS),
    "population": ("population", POPULATION_FIELDS),
}


@dataclass(frozen=True)
class CsvOutcome:
    rows: int
    findings: int


def add_csv(
    path: Path, data: bytes, file_id: str, kind: str, batch: Batch, pseudonyms: Pseudonymizer
) -> CsvOutcome:
    """Buffer the rows of one CSV file of `kind` ('sessions' or 'referrals') and its findings."""
    table_name, fields = KINDS[kind]
    findings: list[tuple[str, str]] = []
    rows = 0
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        findings.append(("bestand", "Het bestand is geen UTF-8-tekst; het is niet gelezen."))
        text = ""
    reader = csv.reader(io.StringIO(text), dialect=_dialect(text))
    header = [name.strip().lower() for name in next(reader, [])]
    columns = _map_columns(header, fields)
    missing = [name for name, spec in fields.items() if spec.required and name not in columns]
    if text and missing:
        wanted = "; ".join(" of ".join(fields[name].aliases) for name in missing)
        findings.append(
            ("kopregel", f"Verplichte kolom ontbreekt (verwacht: {wanted}); het bestand is niet gelezen.")
        )
    elif text:
        core = set(columns.values())
        table = batch[table_name]
        for number, record in enumerate(reader, start=1):
            if not any(cell.strip() for cell in record):
                continue
            rows += 1
            values = []
            for name, spec in fields.items():
                raw = record[columns[name]].strip() if name in columns and columns[name] < len(record) else ""
                value, problem = _read(raw, spec.kind, pseudonyms)
                if problem:
                    findings.append((f"regel {number + 1}, kolom {header[columns[name]]}", problem))
                values.append(value)
            extra = {
                header[i]: _extra_value(header[i], cell.strip(), pseudonyms)
                for i, cell in enumerate(record)
                if i < len(header) and i not in core
            }
            table.append((file_id, number, *values, json.dumps(extra, ensure_ascii=False, sort_keys=True)))
    for seq, (where, message) in enumerate(findings):
        batch["message_findings"].append((file_id, seq, "CSV", None, f"{path}: {where}", message))
    batch["source_files"].append((file_id, str(path), kind, rows, len(findings), None))
    return CsvOutcome(rows, len(findings))


def _dialect(text: str) -> type[csv.Dialect]:
    first = text.split("\n", 1)[0]
    return csv.excel if first.count(",") >= first.count(";") else _Semicolon


class _Semicolon(csv.excel):
    delimiter = ";"


def _map_columns(header: list[str], fields: dict[str, Field]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for name, spec in fields.items():
        for alias in spec.aliases:
            if alias in header and header.index(alias) not in columns.values():
                columns[name] = header.index(alias)
                break
    return columns


def _normal_bsn(raw: str) -> str | None:
    if not _BSN.fullmatch(raw):
        return None
    return raw.zfill(9)


def _read(raw: str, kind: str, pseudonyms: Pseudonymizer) -> tuple[object, str | None]:
    if not raw:
        return ([] if kind == "list" else None), None
    readers: dict[str, Callable[[str], object]] = {
        "date": dt.date.fromisoformat,
        "time": dt.time.fromisoformat,
        "int": int,
        "text": str,
        "list": lambda value: [p for p in _PRODUCT_SPLIT.split(value) if p],
    }
    if kind == "bsn":
        bsn = _normal_bsn(raw)
        if bsn is None:
            return None, "Het BSN heeft niet 9 cijfers; de cliënt is onbekend gelaten."
        return pseudonyms.key_of(bsn), None
    if kind in _CODES:
        return _code(raw, kind)
    if kind == "list":
        codes = [p for p in _PRODUCT_SPLIT.split(raw) if p]
        wrong = [code for code in codes if not _PRODUCT_CODE.fullmatch(code)]
        if wrong:
            return [code for code in codes if code not in wrong], (
                f"De productcode '{_excerpt(wrong[0])}' is geen productcode (1 tot 5 letters of cijfers); "
                "weggelaten."
            )
        return codes, None
    try:
        return readers[kind](raw), None
    except ValueError:
        expected = {"date": "datum (JJJJ-MM-DD)", "time": "tijd (UU:MM)", "int": "geheel getal"}
        return None, f"De waarde '{raw[:40]}' is geen {expected.get(kind, kind)}; leeg gelaten."


def _excerpt(raw: str) -> str:
    return raw if len(raw) <= 40 else raw[:40] + "…"


_PRODUCT_CODE = re.compile(r"[0-9A-Za-z]{1,5}")
# kind -> (is the value a code of its list, what it should be in Dutch)
_CODES: dict[str, tuple[Callable[[str], bool], str]] = {
    "agb": (lambda v: re.fullmatch(r"\d{8}", v) is not None, "AGB-code (8 cijfers)"),
    # The CBS list of 1-1-2026 (`ijw/data/cbs_gemeenten_2026.csv`), as TR378 uses it.
    "gemeente": (lambda v: v in cbs_municipalities(), "gemeentecode van CBS (indeling 1-1-2026)"),
    "verwijzer": (lambda v: is_valid("COD327", v), "code van de lijst COD327 (verwijzer)"),
    "productcode": (
        lambda v: _PRODUCT_CODE.fullmatch(v) is not None,
        "productcode (1 tot 5 letters of cijfers)",
    ),
    # The choices of the delivery-record specification (`zorgpad sessies spec`).
    "niveau": (lambda v: v.upper() in STAFF_LEVELS, f"opleidingsniveau ({', '.join(STAFF_LEVELS)})"),
    "setting": (lambda v: v.lower() in SETTINGS, f"setting ({' of '.join(SETTINGS)})"),
}
# Choices are stored in the specification's spelling, whatever the case in the file.
_NORMAL: dict[str, Callable[[str], str]] = {"niveau": str.upper, "setting": str.lower}


def _code(raw: str, kind: str) -> tuple[object, str | None]:
    """A code checked against its list or form: an invalid one is left empty, with a finding."""
    valid, expected = _CODES[kind]
    if valid(raw):
        return _NORMAL.get(kind, str)(raw), None
    return None, f"De waarde '{_excerpt(raw)}' is geen {expected}; leeg gelaten."


def _extra_value(column: str, value: str, pseudonyms: Pseudonymizer) -> str:
    if "bsn" in column:
        bsn = _normal_bsn(value)
        return "" if bsn is None else pseudonyms.key_of(bsn)
    return value
