"""One reading of every value: what level 2 and the store see is what the XSD validated.

A comment, processing instruction or CDATA section inside a value passes the XSD, which joins the
text around it; level 2 and extraction must read that same joined value (issue 17, item 1).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from store.store_data import copy_examples
from store.store_tables import rows
from zorgpad.ijw.reader import parse_bytes
from zorgpad.ijw.validate import validate_document
from zorgpad.ijw.values import value_of
from zorgpad.store import ingest


def _jw323(tmp_path: Path, old: str, new: str) -> bytes:
    folder = copy_examples(tmp_path / "voorbeelden", fixed=True)
    text = (folder / "JW323.xml").read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1).encode("utf-8")


def _rules(data: bytes) -> list[str]:
    return [finding.rule for finding in validate_document(parse_bytes(data, "JW323.xml"))]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("<ijw:Bedrag>5000<", "<ijw:Bedrag>5<?pi?>000<"),  # false TR358 before
        ("<ijw:Bedrag>5000<", "<ijw:Bedrag>50<![CDATA[0]]>0<"),
        ("<jw323:Bsn>999900006<", "<jw323:Bsn>9999<!---->00006<"),  # false CS002 before
        ("<jw323:ProductCode>45A03<", "<jw323:ProductCode>45<!-- -->A03<"),
        ("<jw323:ToewijzingNummer>10072<", "<jw323:ToewijzingNummer>1000<!---->72<"),
    ],
)
def test_split_value_is_judged_as_the_xsd_sees_it(tmp_path: Path, old: str, new: str) -> None:
    assert _rules(_jw323(tmp_path, old, new)) == []


def test_split_total_that_is_wrong_when_joined_still_gets_tr358(tmp_path: Path) -> None:
    # 5<?pi?>001 joins to 5001: the total no longer matches, so TR358 is a real finding.
    assert "TR358" in _rules(_jw323(tmp_path, "<ijw:Bedrag>5000<", "<ijw:Bedrag>5<?pi?>001<"))


def test_split_values_are_stored_joined(tmp_path: Path) -> None:
    data = _jw323(tmp_path, "<jw323:ProductCode>45A03<", "<jw323:ProductCode>45<!-- -->C01<")
    data = data.replace(b"<jw323:ToewijzingNummer>10072<", b"<jw323:ToewijzingNummer>1000<!---->37<", 1)
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "JW323.xml").write_bytes(data)
    report = ingest(inbox, tmp_path / "store.duckdb")
    assert report.invalid == 0, report
    lines = rows(tmp_path / "store.duckdb", "claim_lines")
    codes = {line["product_code"] for line in lines}
    numbers = {line["toewijzing_nummer"] for line in lines}
    assert "45C01" in codes and "45" not in codes
    assert 100037 in numbers and 1000 not in numbers


def test_value_of_joins_text_around_comments_in_any_tree() -> None:
    # A tree parsed without the reader's parser still has the comment; value_of joins around it.
    root = etree.fromstring(b"<a><b>45<!-- x -->C<?pi?>01</b><c><d>1</d></c><e/></a>")
    b, c, e = list(root)
    assert value_of(b) == "45C01"
    assert value_of(c) is None
    assert value_of(e) is None
    assert value_of(None) is None
