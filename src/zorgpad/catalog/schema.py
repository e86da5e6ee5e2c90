"""The versioned JSON Schema of the catalogue format, generated from the models.

The committed copy `schema/catalog-v1.json` is what editors and other tools use; a test keeps it equal
to the generated one. A published schema version is never edited: a breaking change is a new version.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from zorgpad.catalog.model import FORMAT_VERSION, CatalogFile

SCHEMA_ID = "https://zorgpad.nl/schema/catalog-v1.json"


def catalog_json_schema() -> dict[str, Any]:
    schema = CatalogFile.model_json_schema()
    return {
        **schema,
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": f"zorgpad catalogue ({FORMAT_VERSION})",
    }


def catalog_json_schema_text() -> str:
    return json.dumps(catalog_json_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def committed_schema_text() -> str:
    return (resources.files("zorgpad.catalog") / "schema" / "catalog-v1.json").read_text(encoding="utf-8")
