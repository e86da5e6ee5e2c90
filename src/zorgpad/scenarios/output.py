"""What a scenario run leaves behind: per-line Parquet and Excel, summary.json and a Dutch HTML page."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from zorgpad import __version__
from zorgpad.cells import safe_row
from zorgpad.scenarios.engine import ScenarioResult
from zorgpad.scenarios.params import show_value
from zorgpad.scenarios.sensitivity import SensitivityRow
from zorgpad.scenarios.summary import Total, all_totals, ranked

EXCEL_COLUMNS = {
    "message_id": "bericht",
    "position": "positie",
    "referentie_nummer": "ReferentieNummer",
    "gemeente": "gemeente",
    "aanbieder": "aanbieder",
    "toewijzing_nummer": "ToewijzingNummer",
    "product_code": "product",
    "product_name": "productnaam",
    "month": "maand",
    "debet_credit": "debet/credit",
    "volume": "volume",
    "eenheid": "eenheid",
    "baseline_cents": "basis (cent)",
    "scenario_cents": "scenario (cent)",
    "difference_cents": "verschil (cent)",
    "target_product": "deels naar product",
    "moved_cents": "daarvan naar dat product (cent)",
    "reason": "waarom",
}


def parameters_json(result: ScenarioResult) -> list[dict[str, Any]]:
    return [
        {
            "stap": i + 1, "hervorming": step.reform.name, "titel": step.reform.title_nl,
            "parameters": [
                {"naam": p.name, "omschrijving": p.description_nl, "waarde": p.show(step.values.get(p.name)),
                 "laag": p.show(p.low) if p.varies else None, "hoog": p.show(p.high) if p.varies else None,
                 "opgegeven": p.name in step.given}
                for p in step.reform.parameters
            ],
        }
        for i, step in enumerate(result.steps)
    ]  # fmt: skip


def sensitivity_json(rows: list[SensitivityRow]) -> list[dict[str, Any]]:
    return [
        {"stap": r.step, "hervorming": r.reform, "parameter": r.parameter.name,
         "omschrijving": r.parameter.description_nl, "laag": show_value(r.parameter.type, r.low),
         "centraal": show_value(r.parameter.type, r.central), "hoog": show_value(r.parameter.type, r.high),
         "scenario_cents_laag": r.total_low, "scenario_cents_centraal": r.total_central,
         "scenario_cents_hoog": r.total_high}
        for r in rows
    ]  # fmt: skip


def summary(
    result: ScenarioResult,
    rows: list[SensitivityRow],
    names: dict[str, dict[str, str]],
    receipt: dict[str, Any],
) -> dict[str, Any]:
    per: dict[str, list[Total]] = all_totals(result.lines)

    def block(dim: str) -> dict[str, Any]:
        return {t.key: t.as_json(names.get(dim, {}).get(t.key)) for t in per[dim]}

    def ranking(dim: str) -> dict[str, list[dict[str, Any]]]:
        gainers, losers = ranked(per[dim])
        return {
            # Neutral words: a municipality that pays more is no winner, a provider that earns more is.
            "meer_dan_basislijn": [
                {"code": t.key, **t.as_json(names.get(dim, {}).get(t.key))} for t in gainers
            ],
            "minder_dan_basislijn": [
                {"code": t.key, **t.as_json(names.get(dim, {}).get(t.key))} for t in losers
            ],
        }

    return {
        "baseline_total_cents": result.baseline_total,
        "scenario_total_cents": result.scenario_total,
        "difference_cents": result.scenario_total - result.baseline_total,
        "line_count": result.lines.num_rows,
        "per_municipality": block("gemeente"),
        "per_provider": block("aanbieder"),
        "per_product": block("product"),
        "per_care_form": block("zorgvorm"),
        "per_lot": block("perceel"),
        "per_purchasing": block("inkoop"),
        "per_month": block("maand"),
        "gemeenten": ranking("gemeente"),
        "aanbieders": ranking("aanbieder"),
        "hervormingen": parameters_json(result),
        "gevoeligheid": sensitivity_json(rows),
        "toelichting": list(result.state.notes),
        "ontvangstbewijs": {"zorgpad_versie": __version__, **receipt},
    }


def write_lines(result: ScenarioResult, out: Path) -> tuple[Path, Path]:
    out.mkdir(parents=True, exist_ok=True)
    parquet = out / "regels.parquet"
    pq.write_table(result.lines, parquet)
    xlsx = out / "regels.xlsx"
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Regels")
    sheet.append(safe_row(EXCEL_COLUMNS.values()))
    columns = [result.lines[name].to_pylist() for name in EXCEL_COLUMNS]
    for row in zip(*columns, strict=True):
        sheet.append(safe_row(row))
    book.save(xlsx)
    return parquet, xlsx


def write_summary(data: dict[str, Any], out: Path) -> Path:
    path = out / "summary.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return path
