"""The vendored examples get the official level-2 verdicts from the rules of this engineer."""

from __future__ import annotations

import pytest

from .mutate import load_example, validate

MINE = {"TR101", "TR002", "TR018", "TR134", "TR137", "TR315", "TR316", "TR335", "TR342", "TR358", "TR416"}
MINE |= {"CD060", "CD087", "CS002", "CS058", "CS100", "CS139", "CS325", "CS337", "CS339", "CS340"}


@pytest.mark.parametrize("code", ["JW301", "JW305", "JW307", "JW317", "JW319", "JW323", "JW325"])
def test_examples(code: str) -> None:
    found = [(f.rule, f.xpath) for f in validate(load_example(code)) if f.rule in MINE]
    expected = (
        [("TR101", "/Bericht/Declaratie/Clienten/Client[2]/Prestaties/Prestatie[3]")]
        if code == "JW323"
        else []
    )
    assert found == expected
