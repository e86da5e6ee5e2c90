"""The synth takes every version of a region: the year's products, limits and contracts from the version
in force, tariffs per month and municipality from the one priced catalogue."""

from __future__ import annotations

from zorgpad.catalog.bundled import load_versions
from zorgpad.synth.from_catalog import region_facts


def test_a_year_takes_the_version_in_force() -> None:
    versions = load_versions("centraal-gelderland")
    before, after = region_facts(versions, 2025), region_facts(versions, 2026)
    assert "@2025" in before.version and "@2026" in after.version
    assert not before.has_product("54B22") and after.has_product("54B22")
    # 54B02's maximum duration went from 12 to 9 months in version 2026
    assert before.product("54B02").max_allocation_months == 12
    assert after.product("54B02").max_allocation_months == 9


def test_contract_tariffs_follow_the_municipality() -> None:
    """Rijnmond's local lot D: the same provider paid € 49,00 in Rotterdam and € 45,00 in Schiedam."""
    facts = region_facts(load_versions("rijnmond"), 2025)
    assert set(facts.tariffs("99100015", "41D10", "0599")) == {4900}
    assert set(facts.tariffs("99100015", "41D10", "0606")) == {4500}
    assert not facts.is_contracted("99100015", "41D10", "0622")
