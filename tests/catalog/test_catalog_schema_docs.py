"""The committed JSON Schema matches the models; every model field is documented."""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel

from zorgpad.catalog import model, triage_model
from zorgpad.catalog.schema import catalog_json_schema_text, committed_schema_text

DOCS = Path(__file__).resolve().parents[2] / "docs" / "catalog.md"


def test_committed_schema_equals_generated() -> None:
    assert committed_schema_text() == catalog_json_schema_text()


def _models() -> list[type[BaseModel]]:
    return [
        obj
        for module in (model, triage_model)
        for obj in vars(module).values()
        if isinstance(obj, type)
        and issubclass(obj, BaseModel)
        and obj.__module__ == module.__name__
        and not obj.__name__.startswith("_")
    ]


def test_every_model_field_is_documented() -> None:
    documented = set(re.findall(r"`([a-z_+]+)`", DOCS.read_text(encoding="utf-8")))
    missing = sorted(
        f"{m.__name__}.{name}" for m in _models() for name in m.model_fields if name not in documented
    )
    assert missing == []


def test_every_validation_code_is_documented() -> None:
    text = DOCS.read_text(encoding="utf-8")
    sources = (Path(model.__file__).parent).glob("*.py")
    codes = {c for path in sources for c in re.findall(r'"(CAT-[A-Z-]+)"', path.read_text(encoding="utf-8"))}
    assert codes and sorted(c for c in codes if f"`{c}`" not in text) == []
