"""Every knelpunt's conclusion, fed indicator rows that give each status: the sentence is computed from
the rows, the norm is named and sourced, and the next step names who to talk to."""

from __future__ import annotations

from typing import Any

import pyarrow as pa
import pytest

from zorgpad.catalog import load_catalog
from zorgpad.insights.conclusions import STATUSES, Evidence, conclude, rules
from zorgpad.insights.names import Names
from zorgpad.insights.registry import all_indicators

CATALOG = load_catalog("centraal-gelderland")
NAMES = Names.of(CATALOG)
PROVIDER = next(iter(NAMES.aanbieders))
OTHER = list(NAMES.aanbieders)[1]
PRODUCT = CATALOG.products[0].code
ARNHEM = "0202"


def _waiting(share: float) -> dict[str, list[dict[str, Any]]]:
    return {
        "wachttijd-verwijzing-start": [
            {"gemeente": ARNHEM, "gestart": 100, "aandeel_boven_norm": share},
            {"gemeente": "0221", "gestart": 100, "aandeel_boven_norm": share},
        ]
    }


def _durations(beyond: int) -> dict[str, list[dict[str, Any]]]:
    return {
        "trajectduur-per-product": [
            {"product_code": PRODUCT, "trajecten": 100, "maximale_duur_maanden": 12, "boven_maximum": beyond}
        ]
    }


def _group(declared: float, delivered: float) -> dict[str, list[dict[str, Any]]]:
    return {
        "groep-individueel-per-aanbieder": [
            {
                "aanbieder": PROVIDER,
                "sessie_uren": 100.0,
                "aandeel_groep_gedeclareerd": declared,
                "aandeel_groep_geleverd": delivered,
            }
        ]
    }


def _direct(share: float) -> dict[str, list[dict[str, Any]]]:
    return {"directe-indirecte-tijd": [{"aanbieder": PROVIDER, "aandeel_indirect": share}]}


def _outliers(count: int) -> dict[str, list[dict[str, Any]]]:
    rows = [
        {
            "zorgbehoefte": "gedrag",
            "aanbieder": agb,
            "kosten_per_client": 500_000,
            "ratio": 2.0,
            "uitschieter": index < count,
        }
        for index, agb in enumerate((PROVIDER, OTHER, "99999999"))
    ]
    return {
        "kosten-per-client-uitschieters": rows,
        "op-en-afschalen": [{"soort": "afschalen", "overgangen": 4}, {"soort": "opschalen", "overgangen": 2}],
    }


def _referral(days: float) -> dict[str, list[dict[str, Any]]]:
    return {"trajectduur-ggz-jo": [{"soort_hulp": "Jeugd-GGZ", "trajecten": 10, "gemiddelde_dagen": days}]}


def _prior(doubtful: int) -> dict[str, list[dict[str, Any]]]:
    return {
        "voorliggend-vermoeden": [
            {
                "product_code": PRODUCT,
                "bedrag": 100_000,
                "bedrag_vermoeden": doubtful,
                "bedrag_niet_getoetst": 0,
            }
        ]
    }


def _exits(planned: int) -> dict[str, list[dict[str, Any]]]:
    return {
        "uitstroom-per-reden": [
            {"reden": "31", "omschrijving": "Levering is volgens plan beëindigd", "trajecten": planned},
            {"reden": "32", "omschrijving": "Voortijdig afgesloten", "trajecten": 100 - planned},
        ]
    }


def _knip(outside: int) -> dict[str, list[dict[str, Any]]]:
    return {
        "knip-regionaal-lokaal": [
            {"perceel": "A", "inkoop": "regionaal", "bedrag": 100 - outside},
            {"perceel": "geen perceel", "inkoop": "geen perceel", "bedrag": outside},
        ]
    }


# knelpunt -> (rows giving voldoet, let op, actie; a word the sentence must contain)
CASES = {
    "seed002:wachttijden": ((_waiting(2.0), _waiting(10.0), _waiting(40.0)), "63 dagen"),
    "seed000:4": ((_durations(1), _durations(5), _durations(20)), "maximale duur"),
    "seed000:1": ((_group(30.0, 31.0), _group(30.0, 40.0), _group(0.0, 60.0)), "groep"),
    "seed000:5": ((_direct(5.0), _direct(15.0), _direct(40.0)), "sessieregistratie"),
    "seed000:6": ((_outliers(0), _outliers(1), _outliers(2)), "afgeschaald"),
    "seed000:9": ((_referral(100.0), _referral(160.0), _referral(200.0)), "Jeugd-GGZ"),
    "seed000:12": ((_prior(0), _prior(2_000), _prior(10_000)), "voorliggende voorziening"),
    "seed002:op-afschalen": ((_exits(80), _exits(60), _exits(40)), "volgens plan"),
    "seed002:knip": ((_knip(0), _knip(10), _knip(50)), "perceel"),
}


def _evidence(rows: dict[str, list[dict[str, Any]]], catalog: Any = CATALOG) -> Evidence:
    return Evidence({key: pa.Table.from_pylist(value) for key, value in rows.items()}, NAMES, catalog)


class _WithLots:
    """The catalogue as a region with lots sees it (the bundled one has none)."""

    def __init__(self) -> None:
        self.data = CATALOG.data
        self.lots = ("perceel A",)
        self.name = CATALOG.name
        self.version = CATALOG.version


def test_every_knelpunt_with_indicators_has_a_conclusion() -> None:
    knelpunten = {item.knelpunt for item in all_indicators()}
    assert knelpunten == set(rules()) == set(CASES)


@pytest.mark.parametrize("knelpunt", sorted(CASES))
def test_each_status_from_data(knelpunt: str) -> None:
    rule = rules()[knelpunt]
    datasets, word = CASES[knelpunt]
    catalog = _WithLots() if knelpunt == "seed002:knip" else CATALOG
    for expected, rows in zip(STATUSES, datasets, strict=True):
        found = conclude(rule, _evidence(rows, catalog))
        assert found.status == expected, (knelpunt, expected, found.sentence_nl)
        assert word in found.sentence_nl
        assert found.norm.text_nl and found.norm.source_nl and found.norm.kind
        assert found.problem_nl.endswith(".")
        if expected == "voldoet":
            assert found.next_step_nl.startswith("Geen actie nodig")
        else:
            assert "{focus}" not in found.next_step_nl and found.next_step_nl != rule.calm_step_nl


def test_next_step_names_the_provider_not_its_code() -> None:
    found = conclude(rules()["seed000:1"], _evidence(_group(0.0, 60.0)))
    assert found.status == "actie"
    assert NAMES.aanbieders[PROVIDER] in found.next_step_nl
    assert PROVIDER not in found.next_step_nl and PROVIDER not in found.sentence_nl
    assert "contractgesprek" in found.next_step_nl


def test_municipality_against_region() -> None:
    rule = rules()["seed002:wachttijden"]
    found = conclude(rule, _evidence(_waiting(2.0)), _evidence(_waiting(40.0)))
    assert (found.status, found.value, found.region_value) == ("voldoet", 2.0, 40.0)
    assert found.region_text == "40,0 %"


def test_no_rows_is_no_verdict() -> None:
    found = conclude(rules()["seed002:wachttijden"], _evidence({}))
    assert found.status is None and found.status_nl == "geen oordeel"


def test_a_region_without_lots_is_explained() -> None:
    found = conclude(rules()["seed002:knip"], _evidence(_knip(100)))
    assert found.status == "voldoet"
    assert "geen percelen" in found.sentence_nl
