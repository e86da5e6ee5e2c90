"""Dutch explanations of libxml2 schema errors: what is wrong, where, what is expected."""

from __future__ import annotations

import pytest

from zorgpad.ijw.xsd_messages import dutch_xsd_message

NS = "{http://www.istandaarden.nl/ijw/3_2/jw323/schema}"
BASIS = "{http://www.istandaarden.nl/ijw/3_2/basisschema/schema}"


@pytest.mark.parametrize(
    ("english", "expected_parts"),
    [
        (
            f"Element '{NS}Foo': This element is not expected. Expected is ( {NS}DeclaratieDagtekening ).",
            ["'Foo' hoort hier niet", "wordt verwacht: DeclaratieDagtekening"],
        ),
        (
            f"Element '{NS}RetourCode': This element is not expected. Expected is one of "
            f"( {NS}TeWijzigenProducten, {NS}RetourCodes ).",
            ["'RetourCode' hoort hier niet", "TeWijzigenProducten, RetourCodes"],
        ),
        (
            f"Element '{NS}Extra': This element is not expected.",
            ["'Extra' hoort hier niet", "geen element meer verwacht"],
        ),
        (
            f"Element '{NS}Prestatie': Missing child element(s). Expected is ( {NS}IngediendBedrag ).",
            ["In 'Prestatie' ontbreekt een verplicht element", "IngediendBedrag"],
        ),
        (
            f"Element '{NS}Eenheid': [facet 'enumeration'] The value '9904' is not an element of the set "
            "{'01', '04', '14'}.",
            ["'9904' van 'Eenheid' staat niet in de codelijst", "01, 04, 14"],
        ),
        (
            f"Element '{NS}Bsn': [facet 'pattern'] The value '99990000' is not accepted by the pattern "
            "'[0-9]{9}'.",
            ["'99990000' van 'Bsn' heeft niet de vereiste vorm", "[0-9]{9}"],
        ),
        (
            f"Element '{NS}Bsn': [facet 'maxLength'] The value has a length of '22'; this exceeds the "
            "allowed maximum length of '9'.",
            ["22 tekens lang", "hoogstens 9 tekens"],
        ),
        (
            f"Element '{NS}DeclaratieNummer': [facet 'minLength'] The value has a length of '0'; this "
            "underruns the allowed minimum length of '1'.",
            ["0 tekens lang", "minstens 1 tekens"],
        ),
        (
            f"Element '{NS}GeleverdVolume': [facet 'minInclusive'] The value '-4' is less than the "
            "minimum value allowed ('0').",
            ["'-4' van 'GeleverdVolume' is te klein", "kleinste toegestane waarde is 0"],
        ),
        (
            f"Element '{NS}GeleverdVolume': [facet 'maxInclusive'] The value '99999999999' is greater "
            "than the maximum value allowed ('99999999').",
            ["is te groot", "grootste toegestane waarde is 99999999"],
        ),
        (
            f"Element '{NS}ToewijzingEinddatum': '2027-06-31' is not a valid value of the atomic type "
            f"'{BASIS}LDT_Datum'.",
            ["'2027-06-31' van 'ToewijzingEinddatum' is ongeldig", "bestaande datum in de vorm JJJJ-MM-DD"],
        ),
        (
            f"Element '{BASIS}Bedrag': '12a5000' is not a valid value of the atomic type "
            f"'{BASIS}LDT_Bedrag'.",
            ["'12a5000' van 'Bedrag' is ongeldig", "een geheel getal"],
        ),
        (
            f"Element '{NS}Aantal': 'x' is not a valid value of the atomic type 'xs:integer'.",
            ["een geheel getal"],
        ),
        (
            f"Element '{NS}Clienten': Character content other than whitespace is not allowed because the "
            "content type is 'element-only'.",
            ["'Clienten' mag alleen andere elementen bevatten"],
        ),
        (
            f"Element '{NS}Clienten', attribute 'foo': The attribute 'foo' is not allowed.",
            ["attribuut 'foo' op 'Clienten' is niet toegestaan"],
        ),
    ],
)
def test_common_schema_errors_are_explained_in_dutch(english: str, expected_parts: list[str]) -> None:
    dutch = dutch_xsd_message(english, 31)
    for part in expected_parts:
        assert part in dutch
    assert "(regel 31; " in dutch
    assert dutch.endswith(english + ")")
    # Namespaces are noise to a reader: never in the Dutch part of the sentence.
    assert "{http" not in dutch.split(" (regel ")[0]


def test_an_unknown_error_still_gets_a_dutch_frame_and_keeps_the_original() -> None:
    dutch = dutch_xsd_message("Something libxml2 invented today.", 7)
    assert dutch.startswith("Het bericht voldoet niet aan het XSD-schema (regel 7; ")
    assert "Something libxml2 invented today." in dutch
