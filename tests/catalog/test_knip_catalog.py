"""The knip as a decision in the catalogue: a product may straddle it by complexity, and the regional
side is shared between municipalities by a dated cost-sharing key (verdeelsleutel)."""

from __future__ import annotations

from catalog_samples import Writer, line_of

from zorgpad.catalog import load_catalog, parse_file

LOCAL = "{purchasing: lokaal, complexity: [laag], products: [45A01]}"
AT = "products: [45A01]}\nproducts:"
KEYS = """products: [45A01]}
cost_sharing:
  - {valid_from: 2025-01-01, valid_to: 2025-12-31, method: inwoners-0-17, weights: {"0202": 30000, "0221": 2000}, source: GR art. 12}
  - {valid_from: 2026-01-01, method: gebruik, source: GR art. 12 gewijzigd}
products:"""  # noqa: E501


def _codes(path: object) -> list[str]:
    return [issue.code for issue in parse_file(path).issues]  # type: ignore[arg-type]


def test_a_product_may_straddle_the_knip_by_complexity(write_catalog: Writer) -> None:
    path = write_catalog((LOCAL, "{purchasing: lokaal, complexity: [laag], products: [45A01, 54B01]}"))
    assert _codes(path) == []
    cat = load_catalog(path)
    assert cat.purchasing("54B01") == "regionaal"  # its own complexity (midden) is bought regionally
    assert cat.purchasing("54B01", "laag") == "lokaal"
    assert cat.purchasing("54B01", "hoog") == "regionaal"


def test_a_real_double_is_still_refused(write_catalog: Writer) -> None:
    overlapping = write_catalog(
        (LOCAL, "{purchasing: lokaal, complexity: [laag, midden], products: [45A01, 54B01]}")
    )
    assert _codes(overlapping) == ["CAT-PERCEEL-DUBBEL"]
    issue = parse_file(overlapping).issues[0]
    assert issue.line == line_of(overlapping, "complexity: [laag, midden]") and "eenduidig" in issue.message
    unlevelled = write_catalog((LOCAL, "{purchasing: lokaal, products: [45A01, 54B01]}"))
    assert "CAT-PERCEEL-DUBBEL" in _codes(unlevelled)


def test_a_straddling_product_must_lie_in_one_of_its_parts(write_catalog: Writer) -> None:
    path = write_catalog(
        ("complexity: [midden, hoog], products: [54B01]", "complexity: [hoog], products: [54B01]"),
        (LOCAL, "{purchasing: lokaal, complexity: [laag], products: [45A01, 54B01]}"),
    )
    assert _codes(path) == ["CAT-PERCEEL-COMPLEXITEIT"]


def test_dated_cost_sharing_keys_are_read(write_catalog: Writer) -> None:
    path = write_catalog((AT, KEYS))
    assert _codes(path) == []
    keys = load_catalog(path).data.cost_sharing
    assert [k.method for k in keys] == ["inwoners-0-17", "gebruik"]
    assert keys[0].weights == {"0202": 30000, "0221": 2000}


def test_cost_sharing_key_errors_are_located(write_catalog: Writer) -> None:
    missing = write_catalog((AT, KEYS.replace(', "0221": 2000', "")))
    assert _codes(missing) == ["CAT-VERDEELSLEUTEL-GEMEENTE"]
    assert "Doesburg (0221)" in parse_file(missing).issues[0].message
    overlap = write_catalog((AT, KEYS.replace("valid_to: 2025-12-31, ", "")))
    assert _codes(overlap) == ["CAT-VERDEELSLEUTEL-OVERLAP"]
    assert parse_file(overlap).issues[0].line == line_of(overlap, "method: gebruik")
    weighted_use = write_catalog(
        (AT, KEYS.replace("method: gebruik,", 'method: gebruik, weights: {"0202": 1},'))
    )
    assert _codes(weighted_use) == ["CAT-VERDEELSLEUTEL-GEWICHT"]
    outside = write_catalog((AT, KEYS.replace('"0221": 2000', '"0221": 2000, "0363": 5')))
    assert _codes(outside) == ["CAT-GEMEENTE-REGIO"]
