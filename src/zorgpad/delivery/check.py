"""Check a delivery-record file against the spec: every problem located by row and column, in Dutch.

A BSN is never repeated in a message; a row is named by its line number in the file (the header is
line 1). A catalogue, when given, adds its staff levels and product codes to what is accepted.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from zorgpad.catalog.model import CatalogFile
from zorgpad.delivery.spec import BY_NAME, COLUMNS, STAFF_LEVELS, Column
from zorgpad.errors import UserError, os_reason_nl

_AGB = re.compile(r"\d{8}")
_BSN = re.compile(r"\d{9}")
_PRODUCT = re.compile(r"[0-9]{2}[A-Z0-9][0-9]{2}")
MAX_SHOWN = 1000


@dataclass(frozen=True)
class Issue:
    line: int
    column: str | None
    code: str
    message: str

    def render(self, path: Path) -> str:
        where = f"{path}:{self.line}" + (f": kolom {self.column}" if self.column else "")
        return f"{where}: {self.message} [{self.code}]"


def elfproef(bsn: str) -> bool:
    """The BSN eleven test: 9x1 + 8x2 + ... + 2x8 - 1x9 is divisible by 11 (and not all zeros)."""
    digits = [int(c) for c in bsn]
    total = sum(w * d for w, d in zip(range(9, 1, -1), digits[:8], strict=True)) - digits[8]
    return total % 11 == 0 and any(digits)


def _value_issue(column: Column, raw: str, levels: tuple[str, ...], products: set[str] | None) -> str | None:
    kind = column.kind
    if kind == "agb" and not _AGB.fullmatch(raw):
        return "geen AGB-code van 8 cijfers"
    if kind == "bsn" and (not _BSN.fullmatch(raw) or not elfproef(raw)):
        return "geen geldig BSN (9 cijfers en de elfproef); de waarde wordt niet getoond"
    if kind == "datum":
        try:
            dt.date.fromisoformat(raw)
        except ValueError:
            return f"'{raw[:20]}' is geen datum (JJJJ-MM-DD)"
    if kind == "tijd":
        try:
            dt.time.fromisoformat(raw)
        except ValueError:
            return f"'{raw[:20]}' is geen tijd (UU:MM)"
    if kind in ("minuten", "aantal"):
        if not raw.isdigit():
            return f"'{raw[:20]}' is geen geheel getal"
        if kind == "minuten" and not 1 <= int(raw) <= 1440:
            return f"{raw} minuten ligt niet tussen 1 en 1440"
    if kind == "keuze":
        allowed = levels if column.name == "opleidingsniveau" else column.choices
        if raw not in allowed:
            return f"'{raw[:20]}' is niet een van {', '.join(allowed)}"
    if kind == "productcode":
        if not _PRODUCT.fullmatch(raw):
            return f"'{raw[:20]}' is geen productcode (bijvoorbeeld 54B01)"
        if products is not None and raw not in products:
            return f"product {raw} staat niet in de productstructuur"
    return None


def _rows(path: Path) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as error:
        raise UserError(
            "SES-BESTAND", f"Het bestand is niet te lezen ({os_reason_nl(error)}).", str(path)
        ) from None
    reader = csv.reader(handle, delimiter=";" if ";" in handle.readline() else ",")
    handle.seek(0)
    header = [h.strip().lower() for h in next(reader, [])]

    def rows() -> Iterator[tuple[int, list[str]]]:
        with handle:
            yield from enumerate(reader, start=2)

    return header, rows()


def check_file(path: Path, catalog: CatalogFile | None = None) -> list[Issue]:
    """Every problem of the file, in file order (at most MAX_SHOWN; a last issue says how many more)."""
    header, rows = _rows(path)
    issues: list[Issue] = []
    if not header:
        return [Issue(1, None, "SES-LEEG", "Het bestand is leeg; de eerste regel moet de kolomnamen geven.")]
    missing = [c.name for c in COLUMNS if c.required and c.name not in header]
    for name in missing:
        issues.append(Issue(1, name, "SES-KOLOM-ONTBREEKT", f"De verplichte kolom {name} ontbreekt "
                                                            f"({BY_NAME[name].meaning_nl})."))  # fmt: skip
    for name in header:
        if name not in BY_NAME:
            message = f"Kolom {name} staat niet in de specificatie; zorgpad bewaart haar wel als extra kolom."
            issues.append(Issue(1, name, "SES-KOLOM-ONBEKEND", message))
    levels = tuple(s.code for s in catalog.staff_levels) if catalog and catalog.staff_levels else STAFF_LEVELS
    products = {p.code for p in catalog.products} if catalog else None
    index = {name: header.index(name) for name in header if name in BY_NAME}
    seen: dict[tuple[str, ...], int] = {}
    total = 0
    for number, row in rows:
        found = _row_issues(number, row, header, index, levels, products, seen)
        total += len(found)
        issues.extend(found[: max(0, MAX_SHOWN - len(issues))])
    if total + len(missing) > MAX_SHOWN:
        issues.append(
            Issue(0, None, "SES-MEER", f"Nog {total + len(missing) - MAX_SHOWN} bevindingen niet getoond.")
        )
    return issues


def _row_issues(
    number: int, row: list[str], header: list[str], index: dict[str, int], levels: tuple[str, ...],
    products: set[str] | None, seen: dict[tuple[str, ...], int],
) -> list[Issue]:  # fmt: skip
    if len(row) != len(header):
        return [Issue(number, None, "SES-AANTAL-VELDEN",
                      f"De regel heeft {len(row)} velden, de kop {len(header)}.")]  # fmt: skip
    values = {name: row[i].strip() for name, i in index.items()}
    found: list[Issue] = []
    for name, raw in values.items():
        column = BY_NAME[name]
        if not raw:
            if column.required:
                message = f"De verplichte waarde ({column.meaning_nl}) ontbreekt."
                found.append(Issue(number, name, "SES-WAARDE-LEEG", message))
            continue
        problem = _value_issue(column, raw, levels, products)
        if problem:
            found.append(Issue(number, name, "SES-WAARDE-ONGELDIG", problem[0].upper() + problem[1:] + "."))
    setting, size = values.get("setting"), values.get("groepsgrootte", "")
    if setting == "groep" and size.isdigit() and int(size) < 2:
        found.append(
            Issue(number, "groepsgrootte", "SES-GROEP", "Een groepssessie heeft minstens 2 jeugdigen.")
        )
    if setting == "individueel" and size.isdigit() and int(size) > 1:
        found.append(Issue(number, "groepsgrootte", "SES-GROEP",
                           f"Een individuele sessie met een groepsgrootte van {size}."))  # fmt: skip
    key = tuple(values.get(k, "") for k in ("aanbieder", "medewerker", "bsn", "datum", "begintijd"))
    if all(key):
        if key in seen:
            message = (
                "Dezelfde sessie (aanbieder, medewerker, jeugdige, datum, begintijd) staat al op regel "
                f"{seen[key]}."
            )
            found.append(Issue(number, None, "SES-DUBBEL", message))
        else:
            seen[key] = number
    return found
