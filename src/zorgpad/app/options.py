"""Shared parsing of command-line values that Typer cannot check by type: dates and output places.

Every command reads its date options and checks its output folder or file here, first thing, so a bad
value is a coded Dutch error before any work is done, never a traceback afterwards.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

from zorgpad.errors import UserError, os_reason_nl

DATE_FORMAT_NL = "JJJJ-MM-DD"
# The metavar of every date option: help shows the format, and tests find the date options by it.
DATE_METAVAR = DATE_FORMAT_NL


def parse_date(text: str, option: str) -> dt.date:
    """`2025-03-31` → a date; anything else (also `2025-13-45`) → DATUM-ONGELDIG naming the option."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise UserError(
            "DATUM-ONGELDIG", f"'{text}' is geen bestaande datum; schrijf {DATE_FORMAT_NL}.", option
        ) from None


def date_or_today(text: str | None, option: str) -> dt.date:
    """The date given to `option`, or today when it was not given."""
    return dt.date.today() if text is None else parse_date(text, option)


def date_or_none(text: str | None, option: str) -> dt.date | None:
    """The date given to `option`, or None when it was not given."""
    return None if text is None else parse_date(text, option)


def reason_nl(error: OSError) -> str:
    """The cause of an OS error when writing, in Dutch."""
    return os_reason_nl(error, writing=True)


def _writable(folder: Path, option: str) -> None:
    try:
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as error:
        raise UserError(
            "UITVOER-NIET-SCHRIJFBAAR",
            f"In de map {folder} kan zorgpad niet schrijven ({reason_nl(error)}).",
            option,
        ) from None


def output_folder(path: Path, option: str) -> Path:
    """Make sure `path` is (or becomes) a folder zorgpad can write in; return it."""
    if path.exists() and not path.is_dir():
        raise UserError(
            "UITVOER-GEEN-MAP", f"{path} is een bestand, geen map; kies een map voor de uitvoer.", option
        )
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UserError(
            "UITVOER-NIET-SCHRIJFBAAR",
            f"De map {path} kan niet worden aangemaakt ({reason_nl(error)}).",
            option,
        ) from None
    _writable(path, option)
    return path


def output_file(path: Path, option: str) -> Path:
    """Make sure `path` names a file zorgpad can write (its folder is made); return it."""
    if path.is_dir():
        example = path / "rapport.html"
        raise UserError(
            "UITVOER-IS-MAP", f"{path} is een map; geef een bestandsnaam, bijvoorbeeld {example}.", option
        )
    output_folder(path.parent, option)
    if path.exists() and not os.access(path, os.W_OK):
        raise UserError(
            "UITVOER-NIET-SCHRIJFBAAR", f"Het bestand {path} kan niet worden overschreven.", option
        )
    return path
