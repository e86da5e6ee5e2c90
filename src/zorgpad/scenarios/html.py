"""The Dutch HTML summary of a scenario run, with inline SVG bar charts (no scripts, no network)."""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from zorgpad.scenarios.params import euro

_TEMPLATE = "samenvatting.html.j2"


def _table(rows: dict[str, dict[str, Any]]) -> Markup:
    body = "".join(
        f"<tr><td>{escape(r.get('naam') or key)}</td><td class='n'>{euro(r['baseline_cents'])}</td>"
        f"<td class='n'>{euro(r['scenario_cents'])}</td>"
        f"<td class='n {'plus' if r['difference_cents'] >= 0 else 'min'}'>"
        f"{euro(r['difference_cents'])}</td></tr>"
        for key, r in rows.items()
    )
    return Markup(f"<table><tr><th></th><th>basis</th><th>scenario</th><th>verschil</th></tr>{body}</table>")


def _chart(rows: dict[str, dict[str, Any]]) -> Markup:
    """Horizontal bars: baseline (grey) and scenario (blue) per row, on one scale."""
    items = list(rows.items())[:40]
    top = max([max(r["baseline_cents"], r["scenario_cents"], 0) for _, r in items] or [1]) or 1
    width, bar, label = 420, 9, 150
    parts = []
    for i, (key, r) in enumerate(items):
        y = i * (2 * bar + 8)
        name = escape(r.get("naam") or key)
        base_w = max(0, r["baseline_cents"]) * width / top
        new_w = max(0, r["scenario_cents"]) * width / top
        parts.append(
            f"<text x='0' y='{y + bar + 4}' font-size='11'>{name}</text>"
            f"<rect x='{label}' y='{y}' width='{base_w:.1f}' height='{bar}' fill='#999'>"
            f"<title>basis {euro(r['baseline_cents'])}</title></rect>"
            f"<rect x='{label}' y='{y + bar}' width='{new_w:.1f}' height='{bar}' fill='#2a6ebb'>"
            f"<title>scenario {euro(r['scenario_cents'])}</title></rect>"
        )
    height = len(items) * (2 * bar + 8) + 4
    return Markup(
        f"<svg xmlns='http://www.w3.org/2000/svg' role='img' aria-label='basis (grijs) en scenario (blauw)' "
        f"width='{label + width + 10}' height='{height}'>{''.join(parts)}</svg>"
        "<p><small>Grijs: basislijn; blauw: scenario.</small></p>"
    )


def write_html(summary: dict[str, Any], title: str, out: Path) -> Path:
    env = Environment(
        loader=PackageLoader("zorgpad.scenarios", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
    )
    page = env.get_template(_TEMPLATE).render(s=summary, title=title, euro=euro, chart=_chart, table=_table)
    path = out / "samenvatting.html"
    path.write_text(page, encoding="utf-8")
    return path
