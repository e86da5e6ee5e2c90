"""The triage tree as Dutch Markdown for access teams (docs/toegang-triage.md is generated from it)."""

from __future__ import annotations

from zorgpad.catalog.lookup import Catalog
from zorgpad.triage.engine import describe_condition, tree_of
from zorgpad.triage.paths import all_paths

_KIND = {
    "domein": "kies een zorgbehoefte-domein",
    "ja_nee": "ja of nee",
    "keuze": "kies één antwoord",
    "getal": "een geheel getal",
}


def _product(catalog: Catalog, code: str) -> str:
    found = catalog.find_product(code)
    return f"{code} {found.name}" if found is not None else code


def tree_markdown(catalog: Catalog) -> str:
    """The questions, the tree and every outcome with the criteria that lead to it."""
    tree = tree_of(catalog)
    lines = [f"## {catalog.region.name} (catalogus {catalog.version})", "", f"Bron: {tree.source}", ""]
    lines += ["### De vragen en hoe u ze meet", ""]
    for q in tree.questions:
        answer = _KIND[q.kind]
        if q.kind == "getal":
            answer += f" van {q.min} t/m {q.max}" + (f" ({q.unit})" if q.unit else "")
        elif q.kind == "keuze":
            answer += ": " + ", ".join(q.choices)
        elif q.kind == "domein":
            answer += ": " + ", ".join(f"{d.code} ({d.name})" for d in catalog.data.care_need_domains)
        lines.append(f"- **{q.text}** (`{q.id}`; {answer}). {q.help}".rstrip())
    lines += ["", "### De beslisboom", "", f"De boom begint bij `{tree.start}`.", ""]
    questions = {q.id: q for q in tree.questions}
    for node in tree.nodes:
        question = questions[node.question]
        lines.append(f"- `{node.id}` — {question.text}")
        for branch in node.branches:
            target = f"naar `{branch.next}`" if branch.next else f"advies **{branch.outcome}**"
            lines.append(f"  - {describe_condition(question, branch.when)}: {target}. {branch.why}")
    lines += ["", "### De adviezen en hun criteria", ""]
    paths = all_paths(catalog)
    for outcome in tree.outcomes:
        lines.append(f"#### {outcome.id}: {outcome.domain}, complexiteit {outcome.complexity}")
        lines.append("")
        lines.append("Producten: " + "; ".join(_product(catalog, c) for c in outcome.products) + ".")
        lines.append(
            f"Verwachte duur {outcome.expected_months} maanden, maximaal {outcome.max_months} maanden."
        )
        if outcome.lighter_alternatives:
            lighter = "; ".join(_product(catalog, c) for c in outcome.lighter_alternatives)
            lines.append(f"Lichtere alternatieven: {lighter}.")
        if outcome.advice:
            lines.append(f"Advies: {outcome.advice}")
        lines += ["", "Dit advies geldt als alle criteria van één van deze paden kloppen:", ""]
        for number, path in enumerate((p for p in paths if p.outcome == outcome.id), start=1):
            lines.append(f"{number}. " + "; ".join(path.criteria) + ".")
        lines.append("")
    return "\n".join(lines)


def document(catalogs: list[Catalog]) -> str:
    """docs/toegang-triage.md: an introduction and the tree of every catalogue given."""
    intro = [
        "# Triage in de toegang: de beslisboom matched care",
        "",
        "Dit document is gegenereerd uit de productstructuur (het veld `triage` van de catalogus) met",
        "`zorgpad triage --catalog NAAM --boom`; een test controleert dat het gelijk is aan de catalogus.",
        "",
        "Zo werkt het: u beantwoordt de vragen van boven naar beneden. Elk antwoord kiest één tak; de",
        "criteria van de takken sluiten elkaar uit en dekken alle antwoorden. De complexiteit (laag, midden,",
        "hoog) is dus geen gevoel, maar volgt uit meetbare antwoorden: het pad naar een advies is de",
        "definitie van die complexiteit. Het advies noemt het passende product, de verwachte en de",
        "maximale duur, en lichtere alternatieven om naar af te schalen zodra dat kan.",
        "",
        "Uitvoeren: `zorgpad triage --catalog centraal-gelderland -a acuut_onveilig=nee -a domein=psychisch",
        "-a leefgebieden=2`, of met een antwoordenbestand: `zorgpad triage --catalog centraal-gelderland",
        "--antwoorden antwoorden.yaml`. De uitvoer toont het gevolgde pad en waarom.",
        "",
    ]
    return "\n".join(intro) + "\n" + "\n".join(tree_markdown(c) for c in catalogs)
