"""Code lists come from the XSD enumerations; labels from the official CSV, matched despite lost zeros."""

from __future__ import annotations

import pytest

from zorgpad.errors import UserError
from zorgpad.ijw import codelists


def test_codes_keep_the_xsd_lexical_form() -> None:
    assert codelists.eenheid() == ("01", "04", "14", "16", "82", "83", "84")
    assert codelists.frequentie() == ("1", "2", "4", "6")
    assert "0200" in codelists.retourcode() and len(codelists.retourcode()) == 59
    assert codelists.type_verwijzer() == ("01", "02", "03", "04", "05", "06", "08")
    assert codelists.debet_credit() == ("C", "D")


def test_a_list_is_found_by_type_name_list_id_or_bare_name() -> None:
    assert codelists.codelist("LDT_Eenheid") == codelists.codelist("WJ756") == codelists.codelist("Eenheid")


def test_labels_match_csv_codes_that_lost_their_leading_zeros() -> None:
    assert codelists.label("WJ756", "04") == "Uur"
    assert codelists.label("LDT_RetourCode", "0200") == "Geen opmerking over deze berichtklasse."
    assert codelists.label("JZ020", "45") == "Jeugdhulp ambulant"
    assert codelists.label("COD046", "0") == "Onbekend"


def test_every_mapped_list_has_a_label_for_every_code() -> None:
    for name in codelists.LIST_IDS:
        assert all(codelists.labels(name).values()), name


def test_unknown_code_or_list_is_a_dutch_user_error() -> None:
    with pytest.raises(UserError) as code:
        codelists.label("WJ756", "4")
    assert code.value.code == "CODE-ONBEKEND"
    with pytest.raises(UserError) as unknown:
        codelists.codelist("LDT_Bestaatniet")
    assert unknown.value.code == "CODELIJST-ONBEKEND"
    assert not codelists.is_valid("WJ756", "4") and codelists.is_valid("WJ756", "04")
