"""The Dutch HTML summary of a scenario run, with inline SVG bar charts (no scripts, no network)."""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from jinja2 import Environment, select_autoescape
from markupsafe import Markup

from zorgpad.scenarios.params import euro

_PAGE = """<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>Scenario: {{ title }}</title>
<style>body{font-family:sans-serif;max-width:60rem;margin:2rem auto;color:#222}
table{border-collapse:collapse;margin:1rem 0}td,th{border-bottom:1px solid #ccc;padding:.25rem .6rem;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums}.plus{color:#0a5d00}.min{color:#a00000}</style></head><body>
<h1>Scenario: {{ title }}</h1>
<p>Totaal toegekend in de basislijn: <strong>{{ euro(s.baseline_total_cents) }}</strong>; onder het scenario
<strong>{{ euro(s.scenario_total_cents) }}</strong>; verschil <strong>{{ euro(s.difference_cents) }}</strong>
over {{ s.line_count }} declaratieregels.</p>
<h2>Hervormingen en aannames</h2>
{% for step in s.hervormingen %}<h3>{{ step.stap }}. {{ step.titel }} ({{ step.hervorming }})</h3>
{% if step.parameters %}<table><tr><th>parameter</th><th>betekenis</th><th>waarde</th><th>laag</th><th>hoog</th></tr>
{% for p in step.parameters %}<tr><td>{{ p.naam }}</td><td>{{ p.omschrijving }}</td><td>{{ p.waarde }}{% if not p.opgegeven %} (standaard){% endif %}</td>
<td>{{ p.laag or "" }}</td><td>{{ p.hoog or "" }}</td></tr>{% endfor %}</table>{% endif %}{% endfor %}
{% if s.toelichting %}<ul>{% for n in s.toelichting %}<li>{{ n }}</li>{% endfor %}</ul>{% endif %}
{% if s.gevoeligheid %}<h2>Gevoeligheid</h2><p>Het scenario opnieuw doorgerekend met één aanname laag of hoog, de andere centraal.</p>
<table><tr><th>aanname</th><th>laag</th><th>centraal</th><th>hoog</th><th>totaal bij laag</th><th>centraal</th><th>bij hoog</th></tr>
{% for g in s.gevoeligheid %}<tr><td>{{ g.hervorming }}: {{ g.omschrijving }}</td><td>{{ g.laag }}</td><td>{{ g.centraal }}</td><td>{{ g.hoog }}</td>
<td class="n">{{ euro(g.scenario_cents_laag) }}</td><td class="n">{{ euro(g.scenario_cents_centraal) }}</td><td class="n">{{ euro(g.scenario_cents_hoog) }}</td></tr>{% endfor %}</table>{% endif %}
<h2>Per gemeente</h2>{{ chart(s.per_municipality) }}{{ table(s.per_municipality) }}
<h2>Wie wint en wie verliest</h2>
{% for label, key in [("Gemeenten", "gemeenten"), ("Aanbieders", "aanbieders")] %}<h3>{{ label }}</h3>
<table><tr><th></th><th>naam</th><th>verschil</th></tr>
{% for r in s[key].winnaars[:10] %}<tr><td>meer</td><td>{{ r.naam or r.code }}</td><td class="n plus">{{ euro(r.difference_cents) }}</td></tr>{% endfor %}
{% for r in s[key].verliezers[:10] %}<tr><td>minder</td><td>{{ r.naam or r.code }}</td><td class="n min">{{ euro(r.difference_cents) }}</td></tr>{% endfor %}
</table>{% endfor %}
{% for label, key in [("Per zorgvorm", "per_care_form"), ("Per perceel", "per_lot"), ("Regionaal of lokaal ingekocht", "per_purchasing"), ("Per product", "per_product"), ("Per maand", "per_month")] %}
<h2>{{ label }}</h2>{{ table(s[key]) }}{% endfor %}
<p><small>zorgpad {{ s.ontvangstbewijs.zorgpad_versie }}, catalogus {{ s.ontvangstbewijs.catalogus }}
(inhoud {{ s.ontvangstbewijs.catalogus_hash }}); basislijn: {{ s.ontvangstbewijs.basislijn }}.</small></p>
</body></html>"""


def _table(rows: dict[str, dict[str, Any]]) -> Markup:
    body = "".join(
        f"<tr><td>{escape(r.get('naam') or key)}</td><td class='n'>{euro(r['baseline_cents'])}</td>"
        f"<td class='n'>{euro(r['scenario_cents'])}</td>"
        f"<td class='n {'plus' if r['difference_cents'] >= 0 else 'min'}'>{euro(r['difference_cents'])}</td></tr>"
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
            f"<rect x='{label}' y='{y}' width='{base_w:.1f}' height='{bar}' fill='#999'><title>basis {euro(r['baseline_cents'])}</title></rect>"
            f"<rect x='{label}' y='{y + bar}' width='{new_w:.1f}' height='{bar}' fill='#2a6ebb'><title>scenario {euro(r['scenario_cents'])}</title></rect>"
        )
    height = len(items) * (2 * bar + 8) + 4
    return Markup(
        f"<svg xmlns='http://www.w3.org/2000/svg' role='img' aria-label='basis (grijs) en scenario (blauw)' "
        f"width='{label + width + 10}' height='{height}'>{''.join(parts)}</svg>"
        "<p><small>Grijs: basislijn; blauw: scenario.</small></p>"
    )


def write_html(summary: dict[str, Any], title: str, out: Path) -> Path:
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    page = env.from_string(_PAGE).render(s=summary, title=title, euro=euro, chart=_chart, table=_table)
    path = out / "samenvatting.html"
    path.write_text(page, encoding="utf-8")
    return path
