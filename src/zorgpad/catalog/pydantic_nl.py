"""Turn pydantic validation errors into Dutch catalogue findings with a stable code."""

from __future__ import annotations

from typing import Any

from pydantic_core import ErrorDetails

from zorgpad.catalog.yamlsource import Loc

_VALUE_TEXT: dict[str, str] = {
    "string_type": "moet tekst zijn; zet codes tussen aanhalingstekens, bijvoorbeeld '04'",
    "int_type": "moet een geheel getal zijn (bedragen in eurocenten)",
    "int_parsing": "moet een geheel getal zijn (bedragen in eurocenten)",
    "int_from_float": "moet een geheel getal zijn (bedragen in eurocenten, zonder komma)",
    "bool_type": "moet true of false zijn",
    "bool_parsing": "moet true of false zijn",
    "date_type": "moet een datum zijn (JJJJ-MM-DD)",
    "date_parsing": "moet een datum zijn (JJJJ-MM-DD)",
    "date_from_datetime_parsing": "moet een datum zijn (JJJJ-MM-DD)",
    "date_from_datetime_inexact": "moet een datum zonder tijd zijn (JJJJ-MM-DD)",
    "dict_type": "moet een verzameling velden zijn (naam: waarde)",
    "model_type": "moet een verzameling velden zijn (naam: waarde)",
    "model_attributes_type": "moet een verzameling velden zijn (naam: waarde)",
    "list_type": "moet een lijst zijn",
    "tuple_type": "moet een lijst zijn",
}


def _field_path(loc: Loc) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item + 1}]")
        else:
            parts.append(("." if parts else "") + item)
    return "".join(parts) or "(bestand)"


def _clean_loc(loc: tuple[int | str, ...]) -> Loc:
    """Drop pydantic's union/function markers (e.g. 'function-after[...]', 'str') that are not in the YAML."""
    return tuple(item for item in loc if isinstance(item, int) or not any(c in item for c in "[]()"))


def translate(error: ErrorDetails) -> tuple[str, str, Loc]:
    """(code, Dutch message, data path) for one pydantic error."""
    loc = _clean_loc(tuple(error["loc"]))
    kind = error["type"]
    ctx: dict[str, Any] = dict(error.get("ctx") or {})
    where = _field_path(loc)
    if kind == "missing":
        return "CAT-VELD-ONTBREEKT", f"Verplicht veld '{where}' ontbreekt.", loc
    if kind == "extra_forbidden":
        return "CAT-VELD-ONBEKEND", f"Onbekend veld '{where}' (typefout? zie docs/catalog.md).", loc
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace(" or ", " of ")
        return (
            "CAT-VELD-WAARDE",
            f"'{where}' heeft ongeldige waarde {error['input']!r}; toegestaan: {expected}.",
            loc,
        )
    if kind == "string_pattern_mismatch":
        return (
            "CAT-VELD-WAARDE",
            f"'{where}' = {error['input']!r} heeft niet het juiste formaat (patroon {ctx.get('pattern')}).",
            loc,
        )
    if kind in {"greater_than", "greater_than_equal"}:
        bound = ctx.get("gt", ctx.get("ge"))
        word = "groter dan" if kind == "greater_than" else "minstens"
        return "CAT-VELD-WAARDE", f"'{where}' moet {word} {bound} zijn, niet {error['input']!r}.", loc
    if kind == "too_short":
        return "CAT-VELD-WAARDE", f"'{where}' mag niet leeg zijn.", loc
    text = _VALUE_TEXT.get(kind, f"heeft een ongeldige waarde ({kind})")
    return "CAT-VELD-WAARDE", f"'{where}' {text}; gevonden: {error['input']!r}.", loc
