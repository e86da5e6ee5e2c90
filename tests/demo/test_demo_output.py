"""What a demo run shows people — the CLI output, the dashboard pages and the board report — holds no
English fragments, no unformatted money, no eurocents, no raw reason codes and no singular/plural errors."""

from __future__ import annotations

import html as html_lib
import re
import warnings
from pathlib import Path

import pytest
from fastapi.routing import APIRoute
from typer.testing import CliRunner

from zorgpad.app.cli import app
from zorgpad.app.web import create_app
from zorgpad.app.web.auth.testing import bearer_headers
from zorgpad.app.web.routes import all_routes
from zorgpad.insights.registry import all_indicators

with warnings.catch_warnings():
    from starlette.exceptions import StarletteDeprecationWarning

    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from starlette.testclient import TestClient

# Words a Dutch screen never needs; each one found is a bit of English (or a leaked Python value).
ENGLISH = re.compile(
    r"\b(the|and|with|error|warning|None|null|True|False|NaN|nan|Traceback|amount|total|clients|provider"
    r"|providers|municipality|municipalities|per month|unknown|missing)\b"
)
# Money written without thousands separators (€ 40891,40) or as a bare amount of cents.
UNFORMATTED_MONEY = re.compile(r"€ ?-?\d{4,}|\beurocent\b")
RAW_REASON = re.compile(r"\breden \d{2}\b")
NEGATIVE_ZERO = re.compile(r"-0,0\b")
PLURAL_AFTER_ONE = re.compile(
    r"(?<![\d.,])1 (open verzoeken|producten|leefgebieden|trajecten|prestaties|sessies|bevindingen|cliënten"
    r"|aanbieders|gemeenten|stappen|regels|statusmeldingen|verwijzingen|toewijzingen)\b"
)
PLURAL_HEDGE = re.compile(r"\w\(en\)|\w\(s\)")


def _visible(page: str) -> str:
    """The text a reader sees: no scripts, styles, tags or attribute values."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S | re.I)
    page = re.sub(r"<[^>]+>", " ", page)
    return html_lib.unescape(page)


def _problems(where: str, text: str) -> list[str]:
    found = []
    for name, pattern in (
        ("Engels", ENGLISH),
        ("ongeformatteerd bedrag", UNFORMATTED_MONEY),
        ("redencode zonder omschrijving", RAW_REASON),
        ("-0,0", NEGATIVE_ZERO),
        ("meervoud na 1", PLURAL_AFTER_ONE),
        ("(en)", PLURAL_HEDGE),
    ):
        for match in pattern.finditer(text):
            context = text[max(0, match.start() - 60) : match.end() + 60].replace("\n", " ")
            found.append(f"{where}: {name}: …{context}…")
    return found


@pytest.mark.slow
def test_a_demo_run_reads_as_dutch_with_formatted_figures(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    result = CliRunner().invoke(app, ["demo", "--out", str(out), "--scale", "0.005"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    problems = _problems("zorgpad demo", result.output)
    problems += _problems(
        "bestuursrapportage", _visible((out / "bestuursrapportage.html").read_text("utf-8"))
    )

    web = create_app(out / "zorgpad.duckdb", "centraal-gelderland", warm=False)
    paths = ["/", "/indicatoren", "/scenarios?s1=indexeer_tarieven:procent=5"]
    paths += [f"/indicatoren/{item.id}" for item in all_indicators()]
    paths += [
        route.path
        for route in all_routes(web)
        if isinstance(route, APIRoute)
        and "GET" in route.methods
        and "{" not in route.path
        and not route.path.startswith("/api")
        and route.path not in paths
        and not route.path.endswith(("/csv", "/excel", ".svg", ".css", ".js"))
    ]
    shown = 0
    with TestClient(web) as client:
        client.headers.update(bearer_headers(web))
        for path in paths:
            answer = client.get(path)
            if answer.status_code != 200 or "text/html" not in answer.headers.get("content-type", ""):
                continue
            shown += 1
            problems += _problems(path, _visible(answer.text))
    assert shown > len(all_indicators())  # every indicator page and more were read
    assert problems == []
