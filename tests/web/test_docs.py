"""docs/dashboard.md is kept honest: every route, filter and error code the app has is documented."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi import FastAPI
from starlette.routing import Mount

from zorgpad.app.web.routes import all_routes

DOC = Path(__file__).resolve().parents[2] / "docs" / "dashboard.md"
SOURCES = Path(__file__).resolve().parents[2] / "src" / "zorgpad" / "app" / "web"


def test_every_route_is_documented(app: FastAPI) -> None:
    text = DOC.read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `(/[^`]*)`", text, flags=re.M))
    missing = []
    for route in all_routes(app):
        path = f"{route.path}/{{file}}" if isinstance(route, Mount) else getattr(route, "path", "")
        shown = re.sub(r"\{[^}]+\}", "{x}", path)
        if not any(re.sub(r"\{[^}]+\}", "{x}", d) == shown for d in documented):
            missing.append(path)
    assert missing == [], f"routes missing from docs/dashboard.md: {missing}"


def test_every_filter_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    for name in ("van", "tot", "gemeente", "product", "aanbieder"):
        assert f"| `{name}` |" in text


def test_every_error_code_of_the_web_layer_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    codes = set()
    for source in SOURCES.rglob("*.py"):
        codes |= set(re.findall(r'"([A-Z]+(?:-[A-Z]+)+)"', source.read_text(encoding="utf-8")))
    codes |= {"GEMEENTE-ONBEKEND", "AANBIEDER-ONBEKEND"}  # built from the drill-down's dimension
    missing = sorted(code for code in codes if f"`{code}`" not in text)
    assert missing == []
