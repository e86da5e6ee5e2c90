"""Dutch explanations of XSD (schema) errors reported by libxml2."""

from __future__ import annotations


def dutch_xsd_message(message: str, line: int) -> str:
    """A Dutch sentence for one libxml2 schema error; the original text is kept for detail."""
    return f"Het bericht voldoet niet aan het XSD-schema (regel {line}): {message}"
