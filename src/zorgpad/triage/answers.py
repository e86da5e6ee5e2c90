"""Reading triage answers from command-line flags (`vraag=antwoord`) or a YAML/JSON file."""

from __future__ import annotations

from pathlib import Path

import yaml

from zorgpad.errors import UserError, os_reason_nl
from zorgpad.yamlguard import check_yaml, read_yaml_text


def from_flags(pairs: list[str]) -> dict[str, object]:
    answers: dict[str, object] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise UserError(
                "TRIAGE-ANTWOORD-VORM",
                f"Schrijf een antwoord als vraag=antwoord, bijvoorbeeld domein=psychisch; gegeven: {pair!r}.",
            )
        answers[key.strip()] = value.strip()
    return answers


def from_file(path: Path) -> dict[str, object]:
    """A mapping of question id to answer, in YAML or JSON (JSON is valid YAML)."""
    try:
        text = read_yaml_text(path)
        check_yaml(text, str(path))  # no alias bomb, no nesting that crashes the parser
        data = yaml.safe_load(text)
    except FileNotFoundError:
        raise UserError("TRIAGE-BESTAND", "Het antwoordenbestand bestaat niet.", str(path)) from None
    except OSError as error:
        raise UserError(
            "TRIAGE-BESTAND", f"Het antwoordenbestand is niet te lezen: {os_reason_nl(error)}.", str(path)
        ) from None
    except UnicodeDecodeError:
        raise UserError("TRIAGE-BESTAND", "Het antwoordenbestand is geen UTF-8-tekst.", str(path)) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
        raise UserError(
            "TRIAGE-BESTAND", "Het antwoordenbestand is geen geldige YAML of JSON.", where
        ) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise UserError(
            "TRIAGE-BESTAND", "Het antwoordenbestand moet vraag: antwoord-paren bevatten.", str(path)
        )
    return {str(key): value for key, value in data.items()}
