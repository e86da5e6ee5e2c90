"""Every validation: a broken file yields its code, a Dutch message, and the right file:line."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest
from catalog_samples import Writer, line_of

from zorgpad.catalog import CatalogInvalidError, load_catalog, parse_file
from zorgpad.errors import UserError

# Where a cost-sharing key is put in: before the products.
KEY_AT = "products: [45A01]}\nproducts:"
KEY_AT_NEW = "products: [45A01]}}\ncost_sharing:\n  - {}\nproducts:"
BUDGET = (
    '{{id: B1, provider: {{agb: "99000001", name: A}}, products: [54B01], year: {}, amount: 100, source: GR}}'
)

# (id, replacements, expected code, fragment of the line the issue must point at, Dutch word in message)
CASES: list[tuple[str, list[tuple[str, str]], str, str, str]] = [
    (
        "overlap",
        [("valid_to: 2025-06-30, blended: 9000", "valid_to: 2025-07-31, blended: 9000")],
        "CAT-TARIEF-OVERLAP",
        "valid_from: 2025-07-01, by_level",
        "overlapt",
    ),
    (
        "overlap-open",
        [("valid_to: 2025-06-30, blended: 9000", "blended: 9000")],
        "CAT-TARIEF-OVERLAP",
        "valid_from: 2025-07-01, by_level",
        "open einde",
    ),
    (
        "period",
        [("valid_to: 2025-06-30, blended: 9000", "valid_to: 2024-06-30, blended: 9000")],
        "CAT-TARIEF-PERIODE",
        "valid_to: 2024-06-30",
        "vóór",
    ),
    (
        "empty-tariff",
        [
            (
                "{valid_from: 2025-01-01, blended: 1700, source: besluit 1}",
                "{valid_from: 2025-01-01, source: besluit 1}",
            )
        ],
        "CAT-TARIEF-LEEG",
        "valid_from: 2025-01-01, source: besluit 1",
        "geen bedrag",
    ),
    (
        "category",
        [('category: "45"', 'category: "99"')],
        "CAT-CATEGORIE-ONBEKEND",
        'category: "99"',
        "productcategorie",
    ),
    (
        "code-category",
        [('category: "45"', 'category: "44"')],
        "CAT-PRODUCTCODE-CATEGORIE",
        "code: 45A01",
        "begint niet",
    ),
    (
        "unit",
        [('unit: "04"\n    frequencies: ["2"]', 'unit: "05"\n    frequencies: ["2"]')],
        "CAT-EENHEID-ONBEKEND",
        'unit: "05"',
        "eenheid",
    ),
    (
        "unit-variant",
        [('unit: "04"\n    frequencies: ["2"]', 'unit: "82"\n    frequencies: ["2"]')],
        "CAT-EENHEID-VARIANT",
        'unit: "82"',
        "inspanningsgericht",
    ),
    (
        "taak-unit",
        [
            (
                'funding_variant: inspanningsgericht\n    unit: "04"\n    frequencies: ["2"]',
                'funding_variant: taakgericht\n    unit: "16"\n    frequencies: ["2"]',
            )
        ],
        "CAT-EENHEID-VARIANT",
        'unit: "16"',
        "taakgericht",
    ),
    (
        "freq",
        [('frequencies: ["2"]', 'frequencies: ["3"]')],
        "CAT-FREQUENTIE-ONBEKEND",
        'frequencies: ["3"]',
        "frequentie",
    ),
    (
        "freq-unit",
        [('unit: "04"\n    frequencies: ["2"]', 'unit: "14"\n    frequencies: ["1"]')],
        "CAT-FREQUENTIE-EENHEID",
        'frequencies: ["1"]',
        "mag niet",
    ),
    (
        "freq-missing",
        [('unit: "04"\n    frequencies: ["2"]', 'unit: "04"\n    frequencies: []')],
        "CAT-FREQUENTIE-ONTBREEKT",
        "frequencies: []",
        "frequentie",
    ),
    (
        "care-form",
        [("care_form: begeleiding", "care_form: verblijf")],
        "CAT-ZORGVORM-ONBEKEND",
        "care_form: verblijf",
        "zorgvorm",
    ),
    (
        "domain",
        [
            (
                "care_need_domains: [psychisch]\n    complexity: laag",
                "care_need_domains: [gezin]\n    complexity: laag",
            )
        ],
        "CAT-DOMEIN-ONBEKEND",
        "care_need_domains: [gezin]",
        "domein",
    ),
    (
        "duplicate-product",
        [("code: 45A01", "code: 54B01  # dubbel")],
        "CAT-PRODUCT-DUBBEL",
        "# dubbel",
        "meer dan één keer",
    ),
    (
        "cbs",
        [('{cbs_code: "0221", name: Doesburg}', '{cbs_code: "0001", name: Nergens}')],
        "CAT-GEMEENTE-ONBEKEND",
        '"0001"',
        "bestaat niet",
    ),
    (
        "cbs-name",
        [("name: Doesburg", "name: Duiven")],
        "CAT-GEMEENTE-NAAM",
        "name: Duiven",
        "hoort bij Doesburg",
    ),
    (
        "level",
        [("by_level: {HBO: 8000, WO: 12000}", "by_level: {HBO: 8000, WO+: 12000}")],
        "CAT-NIVEAU-ONBEKEND",
        "WO+",
        "opleidingsniveau",
    ),
    (
        "group-size",
        [("    group_size: {min: 4, max: 8}\n", "")],
        "CAT-GROEP-GROOTTE",
        "setting: groep",
        "groepsgrootte",
    ),
    (
        "group-min-max",
        [("group_size: {min: 4, max: 8}", "group_size: {min: 9, max: 8}")],
        "CAT-GROEP-GROOTTE",
        "group_size: {min: 9",
        "groter",
    ),
    (
        "referrer",
        [('allowed_referrers: ["01", "02"]', 'allowed_referrers: ["01", "07"]')],
        "CAT-VERWIJZER-ONBEKEND",
        "allowed_referrers",
        "verwijzertype",
    ),
    (
        "step-down-unknown",
        [("lighter_alternatives: [45A01]", "lighter_alternatives: [45A99]")],
        "CAT-AFSCHALEN-ONBEKEND",
        "lighter_alternatives: [45A99]",
        "lichter alternatief",
    ),
    (
        "step-down-heavier",
        [("complexity: laag\n    funding", "complexity: hoog\n    funding")],
        "CAT-AFSCHALEN-ZWAARDER",
        "lighter_alternatives: [45A01]",
        "zwaarder",
    ),
    (
        "step-down-cycle",
        [
            ("    billable_time: direct\n", "    billable_time: direct\n    lighter_alternatives: [54B01]\n"),
            ("complexity: laag\n    funding", "complexity: midden\n    funding"),
        ],
        "CAT-AFSCHALEN-CYCLUS",
        "lighter_alternatives: [45A01]",
        "kring",
    ),
    (
        "contract-product",
        [
            (
                "      - {code: 45A01}\n    subcontractors",
                "      - {code: 45A01}\n      - {code: 46A01}\n    subcontractors",
            )
        ],
        "CAT-CONTRACT-PRODUCT",
        "{code: 46A01}",
        "staat niet in de catalogus",
    ),
    (
        "contract-municipality",
        [('municipalities: ["0202"]', 'municipalities: ["0202", "0599"]')],
        "CAT-GEMEENTE-REGIO",
        'municipalities: ["0202", "0599"]',
        "hoort niet bij",
    ),
    (
        "contract-period",
        [("valid_to: 2025-12-31\n    municipalities", "valid_to: 2024-12-31\n    municipalities")],
        "CAT-CONTRACT-PERIODE",
        "valid_to: 2024-12-31",
        "eindigt",
    ),
    (
        "contract-lot",
        [('    municipalities: ["0202"]\n', '    municipalities: ["0202"]\n    lot: Z\n')],
        "CAT-CONTRACT-PERCEEL",
        "lot: Z",
        "perceel",
    ),
    (
        "contract-tariff-overlap",
        [
            (
                "{valid_from: 2025-01-01, blended: 9500, source: contract}",
                "{valid_from: 2025-01-01, blended: 9500, source: contract}\n"
                "          - {valid_from: 2025-03-01, blended: 9600, source: contract}",
            )
        ],
        "CAT-TARIEF-OVERLAP",
        "blended: 9600",
        "Contract K1",
    ),
    (
        "subcontractor",
        [("Onder, products: [45A01]}", "Onder, products: [54B01, 45A99]}")],
        "CAT-ONDERAANNEMER",
        "products: [54B01, 45A99]}",
        "onderaannemer",
    ),
    (
        "lot-product",
        [("products: [45A01]}\nproducts:", "products: [45A01, 41A99]}\nproducts:")],
        "CAT-PERCEEL-PRODUCT",
        "41A99",
        "Perceel E",
    ),
    (
        "lot-double",
        # a real double: midden is in both parts (a split by complexity without overlap is allowed)
        [("complexity: [laag], products: [45A01]}", "complexity: [laag, midden], products: [45A01, 54B01]}")],
        "CAT-PERCEEL-DUBBEL",
        "[45A01, 54B01]",
        "en ook in perceel",
    ),
    (
        "lot-double-same-part",
        [("products: [45A01]}\nproducts:", "products: [45A01, 45A01]}\nproducts:")],
        "CAT-PERCEEL-DUBBEL",
        "[45A01, 45A01]",
        "in hetzelfde deel",
    ),
    (
        "lot-complexity",
        [("complexity: [laag], products: [45A01]", "complexity: [hoog], products: [45A01]")],
        "CAT-PERCEEL-COMPLEXITEIT",
        "complexity: [hoog]",
        "complexiteit",
    ),
    (
        "key-municipality",
        [
            (
                KEY_AT,
                KEY_AT_NEW.format(
                    '{valid_from: 2025-01-01, method: inwoners-0-17, weights: {"0202": 30000}, '
                    "source: GR}  # sleutel"
                ),
            )
        ],
        "CAT-VERDEELSLEUTEL-GEMEENTE",
        "# sleutel",
        "Doesburg",
    ),
    (
        "key-weight",
        [
            (
                KEY_AT,
                KEY_AT_NEW.format(
                    '{valid_from: 2025-01-01, method: gebruik, weights: {"0202": 1}, source: GR}  # sleutel'
                ),
            )
        ],
        "CAT-VERDEELSLEUTEL-GEWICHT",
        "# sleutel",
        "gebruik",
    ),
    (
        "key-period",
        [
            (
                KEY_AT,
                KEY_AT_NEW.format(
                    "{valid_from: 2025-01-01, valid_to: 2024-12-31, method: gebruik, source: GR}  # sleutel"
                ),
            )
        ],
        "CAT-VERDEELSLEUTEL-PERIODE",
        "# sleutel",
        "vóór",
    ),
    (
        "key-overlap",
        [
            (
                KEY_AT,
                KEY_AT_NEW.format(
                    "{valid_from: 2025-01-01, method: gebruik, source: GR}\n"
                    "  - {valid_from: 2025-06-01, method: gebruik, source: GR2}  # tweede"
                ),
            )
        ],
        "CAT-VERDEELSLEUTEL-OVERLAP",
        "# tweede",
        "één verdeelsleutel",
    ),
    (
        "budget-product",
        [
            (
                KEY_AT,
                KEY_AT_NEW.format(BUDGET.format(2025) + "  # budget").replace("cost_sharing", "budgets"),
            )
        ],
        "CAT-BUDGET-PRODUCT",
        "# budget",
        "taakgericht",
    ),
    (
        "budget-double",
        [
            (
                KEY_AT,
                KEY_AT_NEW.format(
                    BUDGET.format(2025) + "\n  - " + BUDGET.format(2026) + "  # tweede"
                ).replace("cost_sharing", "budgets"),
            )
        ],
        "CAT-BUDGET-DUBBEL",
        "# tweede",
        "twee keer",
    ),
    (
        "funding-share",
        [
            (
                KEY_AT,
                "products: [45A01]}\nfunding_shares:\n"
                "  - {products: [54B01], shares: {jeugdwet: 60, onderwijs-zorg: 30}, valid_from: 2025-01-01, "
                "source: OZA}  # oza\nproducts:",
            )
        ],
        "CAT-FINANCIERING-AANDEEL",
        "# oza",
        "100%",
    ),
    (
        "cbs-double",
        [('{cbs_code: "0221", name: Doesburg}', '{cbs_code: "0202", name: Arnhem}  # dubbel')],
        "CAT-GEMEENTE-DUBBEL",
        "# dubbel",
        "twee keer in de regio",
    ),
    (
        "product-period",
        [
            (
                "    billable_time: direct\n",
                "    billable_time: direct\n    valid_from: 2025-01-01\n    valid_to: 2024-12-31\n",
            )
        ],
        "CAT-PRODUCT-PERIODE",
        "valid_to: 2024-12-31",
        "vóór het begint",
    ),
    (
        "negative-level-tariff",
        [("by_level: {HBO: 8000, WO: 12000}", "by_level: {HBO: 8000, WO: -12000}")],
        "CAT-TARIEF-NEGATIEF",
        "WO: -12000",
        "negatief",
    ),
    (
        "negative-blended-tariff",
        [("blended: 1700", "blended: -1700")],
        "CAT-VELD-WAARDE",
        "blended: -1700",
        "minstens 0",
    ),
    (
        "lot-code-double",
        [
            (
                "products: [45A01]}\nproducts:",
                "products: [45A01]}\n  - code: E  # dubbel\n    name: Nog eens\n    parts:\n"
                "      - {purchasing: lokaal, products: [45A01]}\nproducts:",
            )
        ],
        "CAT-PERCEEL-DUBBEL",
        "code: E  # dubbel",
        "Perceel E komt twee keer voor",
    ),
    (
        "contract-double",
        [
            (
                '      - {agb: "99000002", name: Onder, products: [45A01]}\n',
                '      - {agb: "99000002", name: Onder, products: [45A01]}\n'
                '  - id: K1  # dubbel\n    provider: {agb: "99000003", name: Aanbieder Twee}\n'
                "    valid_from: 2025-01-01\n    source: overeenkomst\n    products: [{code: 45A01}]\n",
            )
        ],
        "CAT-CONTRACT-DUBBEL",
        "id: K1  # dubbel",
        "Contractnummer K1 komt twee keer voor",
    ),
    (
        "subcontractor-is-main",
        [('{agb: "99000002", name: Onder', '{agb: "99000001", name: Onder')],
        "CAT-ONDERAANNEMER",
        '{agb: "99000001", name: Onder',
        "hoofdaannemer kan niet zijn eigen onderaannemer",
    ),
    (
        "missing-field",
        [("    care_track: jeugd-ggz\n", "")],
        "CAT-VELD-ONTBREEKT",
        "code: 54B01",
        "ontbreekt",
    ),
    (
        "unknown-field",
        [("    care_track: jeugd-ggz\n", "    care_track: jeugd-ggz\n    colour: blauw\n")],
        "CAT-VELD-ONBEKEND",
        "colour: blauw",
        "Onbekend veld",
    ),
    (
        "unquoted-code",
        [('unit: "04"\n    frequencies: ["2", "6"]', 'unit: 04\n    frequencies: ["2", "6"]')],
        "CAT-VELD-WAARDE",
        "unit: 04",
        "aanhalingstekens",
    ),
    (
        "bad-literal",
        [("complexity: midden", "complexity: zwaar")],
        "CAT-VELD-WAARDE",
        "complexity: zwaar",
        "toegestaan",
    ),
    ("bad-agb", [('agb: "99000001"', 'agb: "123"')], "CAT-VELD-WAARDE", 'agb: "123"', "formaat"),
    (
        "duplicate-key",
        [("    care_track: jeugd-ggz\n", "    care_track: jeugd-ggz\n    care_track: overig\n")],
        "CAT-YAML-DUBBEL",
        "care_track: overig",
        "twee keer",
    ),
    (
        "format",
        [("format: zorgpad-catalogus/1", "format: iets-anders/9")],
        "CAT-FORMAAT",
        "format:",
        "formaat",
    ),
]


@pytest.mark.parametrize(
    ("replacements", "code", "fragment", "word"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_broken_file_gives_code_dutch_message_and_line(
    write_catalog: Writer, replacements: list[tuple[str, str]], code: str, fragment: str, word: str
) -> None:
    path = write_catalog(*replacements)
    issues = parse_file(path).issues
    matching = [i for i in issues if i.code == code]
    assert matching, [i.render() for i in issues]
    issue = matching[0]
    assert issue.file == str(path)
    assert issue.line == line_of(path, fragment)
    assert word.lower() in issue.message.lower()
    assert issue.render().startswith(f"{path}:{issue.line}: ")


def test_valid_file_has_no_issues(write_catalog: Writer) -> None:
    assert parse_file(write_catalog()).issues == ()


def test_all_errors_are_collected_not_just_the_first(write_catalog: Writer) -> None:
    path = write_catalog(
        ('category: "45"', 'category: "99"'),
        ('municipalities: ["0202"]', 'municipalities: ["0599"]'),
        ("lighter_alternatives: [45A01]", "lighter_alternatives: [45A99]"),
    )
    codes = {i.code for i in parse_file(path).issues}
    assert {"CAT-CATEGORIE-ONBEKEND", "CAT-GEMEENTE-REGIO", "CAT-AFSCHALEN-ONBEKEND"} <= codes


def test_structural_errors_are_all_listed(write_catalog: Writer) -> None:
    path = write_catalog(
        ("complexity: midden", "complexity: zwaar"),
        ("    care_track: jeugd-ggz\n", ""),
        ("setting: groep", "setting: kring"),
    )
    codes = [i.code for i in parse_file(path).issues]
    assert codes.count("CAT-VELD-WAARDE") == 2 and "CAT-VELD-ONTBREEKT" in codes


def test_load_raises_catalog_invalid_with_every_issue(write_catalog: Writer) -> None:
    path = write_catalog(('category: "45"', 'category: "99"'), ("care_form: begeleiding", "care_form: x"))
    with pytest.raises(CatalogInvalidError) as caught:
        load_catalog(path)
    assert {i.code for i in caught.value.issues} == {"CAT-CATEGORIE-ONBEKEND", "CAT-ZORGVORM-ONBEKEND"}
    assert "2 fouten" in caught.value.message


def test_invalid_yaml_is_a_located_user_error(tmp_path: Path) -> None:
    path = tmp_path / "kapot.yaml"
    path.write_text("format: x\nproducts: [\n  - a: 1\n", encoding="utf-8")
    with pytest.raises(UserError) as caught:
        parse_file(path)
    assert caught.value.code == "CAT-YAML"
    assert caught.value.location is not None and caught.value.location.startswith(f"{path}:")


def test_missing_file_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(UserError) as caught:
        load_catalog(tmp_path / "bestaat-niet.yaml")
    assert caught.value.code == "CAT-BESTAND"


_SRC = Path(__file__).resolve().parents[2] / "src" / "zorgpad" / "catalog"
_TESTS = Path(__file__).resolve().parents[1]
_CODE = re.compile(r'"(CAT-[A-Z0-9-]+)"')
_META = "test_every_validation_code_has_a_broken_file_test"
# Raised by lookups on a loaded catalogue, not by validating a file; docs/catalog.md lists them apart.
LOOKUP_CODES = {"CAT-NAAM-ONBEKEND", "CAT-PRODUCT-ONBEKEND", "CAT-TARIEF-ONBEKEND", "CAT-TARIEF-NIVEAU"}


def _codes_in(path: Path) -> set[str]:
    return set(_CODE.findall(path.read_text(encoding="utf-8")))


def test_every_validation_code_has_a_broken_file_test() -> None:
    produced = set().union(*(_codes_in(p) for p in _SRC.glob("*.py")))
    # The broken-file tests: the CASES table above, the other tests in this module, and the triage tree's.
    others = [fn for name, fn in globals().items() if name.startswith("test_") and name != _META]
    asserted = {case[2] for case in CASES} | _codes_in(_TESTS / "triage" / "test_triage_validation.py")
    asserted |= {c for fn in others for c in _CODE.findall(inspect.getsource(fn))}
    assert produced >= LOOKUP_CODES
    assert _codes_in(_TESTS / "catalog" / "test_catalog_lookup.py") >= LOOKUP_CODES
    assert sorted(produced - LOOKUP_CODES - asserted) == []
