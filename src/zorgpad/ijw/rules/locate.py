"""Readable locations of elements (``/Bericht/Client/Prestaties/Prestatie[2]``) in linear time.

Walking up from an element and counting its same-named siblings at every step is quadratic when a
rule reports thousands of elements under one parent. `Locator` numbers the children of each parent
once, the first time one of them is located, and reuses that numbering for every later finding.
"""

from __future__ import annotations

from lxml import etree


def _local(tag: str) -> str:
    # "{namespace}Prestatie" -> "Prestatie"
    return tag.rpartition("}")[2]


class Locator:
    """Readable xpaths without prefixes, in amortised time linear in the size of the message."""

    def __init__(self) -> None:
        self._steps: dict[etree._Element, str] = {}

    def _index_children(self, parent: etree._Element) -> None:
        counts: dict[str, int] = {}
        children = [child for child in parent if isinstance(child.tag, str)]
        for child in children:
            tag = str(child.tag)
            counts[tag] = counts.get(tag, 0) + 1
        seen: dict[str, int] = {}
        for child in children:
            tag = str(child.tag)
            name = _local(tag)
            if counts[tag] > 1:
                seen[tag] = seen.get(tag, 0) + 1
                name = f"{name}[{seen[tag]}]"
            self._steps[child] = name

    def xpath(self, element: etree._Element) -> str:
        parts: list[str] = []
        node: etree._Element | None = element
        while node is not None:
            parent = node.getparent()
            if parent is None:
                parts.append(_local(str(node.tag)))
            else:
                step = self._steps.get(node)
                if step is None:
                    self._index_children(parent)
                    # Only elements are numbered; a comment or processing instruction has no name.
                    step = self._steps.get(node, "node()")
                parts.append(step)
            node = parent
        return "/" + "/".join(reversed(parts))
