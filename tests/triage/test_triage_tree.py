"""Every branch of every bundled triage tree is reached, by the engine, with the path and reasons;
the access-team document equals the one generated from the catalogues; bad answers are Dutch errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from zorgpad.catalog import bundled_versions, load_catalog
from zorgpad.catalog.lookup import Catalog
from zorgpad.errors import UserError
from zorgpad.triage import run_triage
from zorgpad.triage.docs import document
from zorgpad.triage.paths import all_paths

DOCS = Path(__file__).resolve().parents[2] / "docs" / "toegang-triage.md"
ADDRESSES = [v.address for v in bundled_versions()]


@pytest.mark.parametrize("address", ADDRESSES)
def test_every_branch_is_taken_by_some_path(address: str) -> None:
    catalog = load_catalog(address)
    tree = catalog.triage
    assert tree is not None
    taken: set[tuple[str, int]] = set()
    reached: set[str] = set()
    for path in all_paths(catalog):
        result = run_triage(catalog, dict(path.answers))
        assert result.outcome.id == path.outcome
        assert [(s.node, s.branch) for s in result.steps] == [
            (node, next(n for n in tree.nodes if n.id == node).branches[j]) for node, j in path.steps
        ]
        taken.update(path.steps)
        reached.add(path.outcome)
    every = {(n.id, j) for n in tree.nodes for j in range(len(n.branches))}
    assert taken == every
    assert reached == {o.id for o in tree.outcomes}


def test_access_team_document_is_generated_from_the_catalogues() -> None:
    names = sorted({v.name for v in bundled_versions()})
    assert DOCS.read_text(encoding="utf-8") == document([load_catalog(n) for n in names])


def _cg() -> Catalog:
    return load_catalog("centraal-gelderland")


def test_path_explains_why() -> None:
    result = run_triage(
        _cg(), {"acuut_onveilig": "nee", "domein": "psychisch", "leefgebieden": 1, "eerdere_trajecten": "2"}
    )
    assert result.path == ("veiligheid", "domein", "psychisch", "psychisch-eerder")
    assert result.outcome.id == "psychisch-midden"
    assert result.steps[2].criterion() == "hooguit 1 leefgebied"
    assert result.steps[3].criterion() == "2 of meer trajecten"
    assert "licht volstaat niet" in result.steps[3].explain()


@pytest.mark.parametrize(
    ("answers", "code"),
    [
        ({"acuut_onveilig": "nee"}, "TRIAGE-ANTWOORD-ONTBREEKT"),
        ({"acuut_onveilig": "misschien"}, "TRIAGE-ANTWOORD-ONGELDIG"),
        ({"acuut_onveilig": "nee", "domein": "psychisch", "leefgebieden": 9}, "TRIAGE-ANTWOORD-ONGELDIG"),
        (
            {"acuut_onveilig": "nee", "domein": "psychisch", "leefgebieden": "twee"},
            "TRIAGE-ANTWOORD-ONGELDIG",
        ),
        ({"acuut_onveilig": "nee", "domein": "sport"}, "TRIAGE-ANTWOORD-ONGELDIG"),
        ({"leeftijd": 12}, "TRIAGE-VRAAG-ONBEKEND"),
    ],
)
def test_bad_answers_are_dutch_errors(answers: dict[str, object], code: str) -> None:
    with pytest.raises(UserError) as error:
        run_triage(_cg(), answers)
    assert error.value.code == code


def test_yes_no_accepts_booleans() -> None:
    result = run_triage(_cg(), {"acuut_onveilig": True, "thuis_wonen": False})
    assert result.outcome.id == "crisis-opvang"
