"""Dutch explanations of XSD (schema) errors reported by libxml2.

libxml2 reports schema errors as English sentences with fully qualified element names. We recognise
the common patterns and say in Dutch what is wrong, where and what is expected, with element names
stripped of their namespace. The original text stays in parentheses so nothing is lost.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# "{namespace}Name" -> "Name"
_QUALIFIED = re.compile(r"\{[^}]*\}")

_ELEMENT = r"Element '(?P<element>[^']+)'"


def _plain(name: str) -> str:
    return _QUALIFIED.sub("", name).strip()


def _names(listing: str) -> str:
    """'( {ns}A, {ns}B )' -> 'A, B' (libxml2 may end the list with '...')."""
    names = [_plain(part) for part in listing.strip(" ()").split(",")]
    return ", ".join(n for n in names if n)


def _kind_of_value(type_name: str) -> str:
    """What a user must write for an atomic type, in Dutch."""
    plain = _plain(type_name).removeprefix("xs:")
    lowered = plain.lower()
    if "datum" in lowered or lowered == "date":
        return "een bestaande datum in de vorm JJJJ-MM-DD"
    if "tijd" in lowered or lowered == "time":
        return "een tijd in de vorm UU:MM:SS"
    if lowered in {"integer", "int", "long", "short", "nonnegativeinteger", "positiveinteger"} or any(
        word in lowered for word in ("bedrag", "volume", "budget", "nummer", "tarief")
    ):
        return "een geheel getal (zonder punt, komma of letters)"
    if lowered == "decimal":
        return "een getal"
    return f"een geldige waarde van het type {plain}"


def _unexpected(m: re.Match[str]) -> str:
    expected = m.group("expected")
    where = f"Het element '{_plain(m.group('element'))}' hoort hier niet"
    if expected:
        return f"{where}; op deze plaats wordt verwacht: {_names(expected)}."
    return f"{where}; er wordt op deze plaats geen element meer verwacht."


def _missing(m: re.Match[str]) -> str:
    return (
        f"In '{_plain(m.group('element'))}' ontbreekt een verplicht element; "
        f"verwacht wordt: {_names(m.group('expected'))}."
    )


def _enumeration(m: re.Match[str]) -> str:
    allowed = m.group("set").replace("'", "")
    return (
        f"De waarde '{m.group('value')}' van '{_plain(m.group('element'))}' staat niet in de codelijst; "
        f"toegestaan zijn: {allowed}."
    )


def _pattern(m: re.Match[str]) -> str:
    return (
        f"De waarde '{m.group('value')}' van '{_plain(m.group('element'))}' heeft niet de vereiste vorm "
        f"(patroon {m.group('pattern')})."
    )


def _max_length(m: re.Match[str]) -> str:
    return (
        f"De waarde van '{_plain(m.group('element'))}' is {m.group('length')} tekens lang; "
        f"hoogstens {m.group('limit')} tekens zijn toegestaan."
    )


def _min_length(m: re.Match[str]) -> str:
    return (
        f"De waarde van '{_plain(m.group('element'))}' is {m.group('length')} tekens lang; "
        f"minstens {m.group('limit')} tekens zijn vereist."
    )


def _exact_length(m: re.Match[str]) -> str:
    return (
        f"De waarde van '{_plain(m.group('element'))}' is {m.group('length')} tekens lang; "
        f"precies {m.group('limit')} tekens zijn vereist."
    )


def _too_small(m: re.Match[str]) -> str:
    return (
        f"De waarde '{m.group('value')}' van '{_plain(m.group('element'))}' is te klein; "
        f"de kleinste toegestane waarde is {m.group('limit')}."
    )


def _too_large(m: re.Match[str]) -> str:
    return (
        f"De waarde '{m.group('value')}' van '{_plain(m.group('element'))}' is te groot; "
        f"de grootste toegestane waarde is {m.group('limit')}."
    )


def _digits(m: re.Match[str]) -> str:
    return (
        f"De waarde '{m.group('value')}' van '{_plain(m.group('element'))}' heeft te veel cijfers; "
        f"hoogstens {m.group('limit')} cijfers zijn toegestaan."
    )


def _atomic(m: re.Match[str]) -> str:
    return (
        f"De waarde '{m.group('value')}' van '{_plain(m.group('element'))}' is ongeldig; "
        f"verwacht wordt {_kind_of_value(m.group('type'))}."
    )


def _text_in_container(m: re.Match[str]) -> str:
    return (
        f"Het element '{_plain(m.group('element'))}' mag alleen andere elementen bevatten, geen losse tekst."
    )


def _attribute(m: re.Match[str]) -> str:
    return (
        f"Het attribuut '{m.group('attribute')}' op '{_plain(m.group('element'))}' is niet toegestaan; "
        "iJw-berichten gebruiken geen attributen."
    )


def _no_root(m: re.Match[str]) -> str:
    return "Het hoofdelement van het bericht is niet het element 'Bericht' dat het XSD-schema verwacht."


_PATTERNS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = (
    (
        re.compile(
            _ELEMENT + r": This element is not expected\.(?: Expected is(?: one of)? (?P<expected>\(.*\)))?"
        ),
        _unexpected,
    ),
    (
        re.compile(_ELEMENT + r": Missing child element\(s\)\. Expected is(?: one of)? (?P<expected>\(.*\))"),
        _missing,
    ),
    (
        re.compile(
            _ELEMENT + r": \[facet 'enumeration'\] The value '(?P<value>[^']*)' is not an element of "
            r"the set \{(?P<set>[^}]*)\}"
        ),
        _enumeration,
    ),
    (
        re.compile(
            _ELEMENT + r": \[facet 'pattern'\] The value '(?P<value>[^']*)' is not accepted by the "
            r"pattern '(?P<pattern>.*)'\."
        ),
        _pattern,
    ),
    (
        re.compile(
            _ELEMENT + r": \[facet 'maxLength'\] The value has a length of '(?P<length>\d+)'; this "
            r"exceeds the allowed maximum length of '(?P<limit>\d+)'"
        ),
        _max_length,
    ),
    (
        re.compile(
            _ELEMENT + r": \[facet 'minLength'\] The value has a length of '(?P<length>\d+)'; this "
            r"underruns the allowed minimum length of '(?P<limit>\d+)'"
        ),
        _min_length,
    ),
    (
        re.compile(
            _ELEMENT + r": \[facet 'length'\] The value has a length of '(?P<length>\d+)'; this "
            r"differs from the allowed length of '(?P<limit>\d+)'"
        ),
        _exact_length,
    ),
    (
        re.compile(
            _ELEMENT + r": \[facet '(?:minInclusive|minExclusive)'\] The value '(?P<value>[^']*)' is "
            r"less than (?:or equal to )?the minimum value allowed \('(?P<limit>[^']*)'\)"
        ),
        _too_small,
    ),
    (
        re.compile(
            _ELEMENT + r": \[facet '(?:maxInclusive|maxExclusive)'\] The value '(?P<value>[^']*)' is "
            r"greater than (?:or equal to )?the maximum value allowed \('(?P<limit>[^']*)'\)"
        ),
        _too_large,
    ),
    (
        re.compile(
            _ELEMENT + r": \[facet 'totalDigits'\] The value '(?P<value>[^']*)' has more digits than "
            r"are allowed \('(?P<limit>[^']*)'\)"
        ),
        _digits,
    ),
    (
        re.compile(
            _ELEMENT + r": '(?P<value>[^']*)' is not a valid value of the (?:atomic|local atomic|list|union) "
            r"type '(?P<type>[^']*)'"
        ),
        _atomic,
    ),
    (
        re.compile(_ELEMENT + r": Character content other than whitespace is not allowed"),
        _text_in_container,
    ),
    (
        re.compile(_ELEMENT + r", attribute '(?P<attribute>[^']+)': The attribute '[^']+' is not allowed"),
        _attribute,
    ),
    (re.compile(r"No matching global declaration available for the validation root"), _no_root),
)


def dutch_xsd_message(message: str, line: int) -> str:
    """A Dutch sentence for one libxml2 schema error; the original text is kept for detail."""
    original = message.strip()
    for pattern, explain in _PATTERNS:
        found = pattern.search(original)
        if found:
            return f"{explain(found)} (regel {line}; {original})"
    return f"Het bericht voldoet niet aan het XSD-schema (regel {line}; {original})."
