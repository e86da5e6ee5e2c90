"""Generic, schema-preserving mutations for the differential test against the official XSLT.

Each mutation picks elements of a generated valid message by local name and changes them in a way
the level-2 rules care about (dates moved, values copied between elements of the same name, repeated
classes duplicated, optional elements dropped, numbers nudged). A mutation may make the message
XSD-invalid; the test then skips it, as level 2 only judges XSD-valid messages (IV028).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from datetime import date, timedelta

from hypothesis import strategies as st
from lxml import etree

Mutation = Callable[[st.DataObject, etree._Element], None]
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_INT = re.compile(r"^\d{1,9}$")
# Classes that may repeat, whose copies in-message rules compare (TR101, TR383, TR386, TR410, TR416).
REPEATABLE = frozenset(
    {
        "Prestatie",
        "Client",
        "AangevraagdProduct",
        "ToegewezenProduct",
        "NieuwProduct",
        "TeWijzigenProduct",
        "OngewijzigdProduct",
        "StartProduct",
        "StopProduct",
        "Contact",
        "Relatie",
    }
)


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname


def _leaves(root: etree._Element) -> list[etree._Element]:
    return [e for e in root.iter() if isinstance(e.tag, str) and len(e) == 0 and (e.text or "").strip()]


def _body(elements: list[etree._Element]) -> list[etree._Element]:
    # Header values (BerichtCode, versions) are fixed by the XSD; mutating them only makes it invalid.
    return [
        e
        for e in elements
        if "Header" not in {_local(a) for a in e.iterancestors()} or _local(e) == "Dagtekening"
    ]


def move_date(data: st.DataObject, root: etree._Element) -> None:
    dates = _body([e for e in _leaves(root) if _DATE.match((e.text or "").strip())])
    if not dates:
        return
    element = data.draw(st.sampled_from(dates), label="date")
    day = date.fromisoformat((element.text or "").strip())
    shift = data.draw(st.sampled_from([-400, -31, -30, -1, 1, 27, 28, 30, 31, 365, 3650]), label="shift")
    element.text = (day + timedelta(days=shift)).isoformat()


def copy_value(data: st.DataObject, root: etree._Element) -> None:
    leaves = _body(_leaves(root))
    by_name: dict[str, list[etree._Element]] = {}
    for leaf in leaves:
        by_name.setdefault(_local(leaf), []).append(leaf)
    pairs = [name for name, group in by_name.items() if len(group) >= 2]
    if not pairs:
        return
    group = by_name[data.draw(st.sampled_from(sorted(pairs)), label="name")]
    source = data.draw(st.sampled_from(group), label="source")
    target = data.draw(st.sampled_from(group), label="target")
    target.text = source.text


def copy_across(data: st.DataObject, root: etree._Element) -> None:
    """A value of one date or number element written into another (an Einddatum = its Begindatum...)."""
    leaves = _body(_leaves(root))
    dates = [e for e in leaves if _DATE.match((e.text or "").strip())]
    numbers = [e for e in leaves if _INT.match((e.text or "").strip())]
    group = data.draw(st.sampled_from([g for g in (dates, numbers) if len(g) >= 2] or [[]]), label="kind")
    if len(group) < 2:
        return
    source = data.draw(st.sampled_from(group), label="source")
    target = data.draw(st.sampled_from(group), label="target")
    target.text = source.text


def duplicate_class(data: st.DataObject, root: etree._Element) -> None:
    classes = [e for e in root.iter() if isinstance(e.tag, str) and _local(e) in REPEATABLE]
    if not classes:
        return
    element = data.draw(st.sampled_from(classes), label="class")
    element.addnext(copy.deepcopy(element))


def drop_element(data: st.DataObject, root: etree._Element) -> None:
    candidates = [e for e in root.iter() if isinstance(e.tag, str) and e.getparent() is not None]
    candidates = [e for e in candidates if "Header" not in {_local(a) for a in e.iterancestors()}]
    if not candidates:
        return
    element = data.draw(st.sampled_from(candidates), label="drop")
    parent = element.getparent()
    assert parent is not None
    parent.remove(element)


def nudge_number(data: st.DataObject, root: etree._Element) -> None:
    numbers = _body([e for e in _leaves(root) if _INT.match((e.text or "").strip())])
    if not numbers:
        return
    element = data.draw(st.sampled_from(numbers), label="number")
    text = (element.text or "").strip()
    value = int(text) + data.draw(st.sampled_from([-1, 1, 100]), label="delta")
    element.text = str(max(value, 0)).zfill(len(text)) if text.startswith("0") else str(max(value, 0))


def set_code(data: st.DataObject, root: etree._Element) -> None:
    """A short code element (Eenheid, Frequentie, DebetCredit, StatusAanlevering...) set to another value."""
    codes = _body([e for e in _leaves(root) if len((e.text or "").strip()) <= 2])
    if not codes:
        return
    element = data.draw(st.sampled_from(codes), label="code")
    text = (element.text or "").strip()
    # Values near the code lists' own, so that most mutants stay XSD-valid.
    if text in ("D", "C"):
        choices = ["C" if text == "D" else "D"]
    elif len(text) == 1:
        choices = ["1", "2", "3", "4", "5"]
    else:
        choices = ["01", "02", "03", "04", "05", "06", "07", "08", "13", "14", "16", "20", "83"]
    element.text = data.draw(st.sampled_from(choices), label="value")


MUTATIONS: tuple[Mutation, ...] = (
    move_date,
    copy_value,
    copy_across,
    duplicate_class,
    drop_element,
    nudge_number,
    set_code,
)
