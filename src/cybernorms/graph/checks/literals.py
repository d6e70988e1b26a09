"""Does a literal's lexical form belong to its XSD datatype's lexical space?

RDF keeps an ill-typed literal such as ``"abc"^^xsd:integer`` as it is (RDF 1.1 Concepts,
section 3.3), and so do the parsers; an import refuses it. The lexical spaces are those of
XML Schema 1.1 Part 2 (https://www.w3.org/TR/xmlschema11-2/, section 3.3), with the value
ranges of the bounded integer types and the calendar checks (no 30 February).
Datatypes outside XSD, and XSD datatypes not listed here, are not checked.

Why not rdflib's ``Literal.ill_typed``: measured with rdflib 7.6 on the import gate's cases
and edge cases, rdflib misses ill-typed forms an import must refuse and refuses valid ones:

* it accepts ``" 7"``, ``"7 "`` (xsd:integer, white space), ``"2015-01-09T10:00:00"`` as an
  xsd:dateTimeStamp (no time zone), ``"a b"`` and ``"<x>"`` as xsd:anyURI,
  ``"2015-01-09 10:00:00"`` and ``"2015-01-09T10:00"`` as xsd:dateTime (a space for ``T``,
  no seconds), ``"10:00"`` as xsd:time, ``"15"`` and ``"02015"`` as xsd:gYear, ``"2015-13"``
  as xsd:gYearMonth, ``"1e3"`` as xsd:decimal, ``"inf"`` as xsd:double, ``"PT"`` as
  xsd:duration, ``"P1M"`` as xsd:dayTimeDuration, ``"!!"`` as xsd:base64Binary, time zones
  beyond ±14:00, and any form for language, token, NCName, NMTOKEN, normalizedString;
* it refuses valid dates before year 1 (``"-0044-03-15"``, ``"0000-01-01"``) and
  ``"2015-01-09T24:00:00"``, because it converts to Python's ``datetime``;
* it logs a traceback for every ill-typed literal, and says nothing of why a form is wrong,
  while the gate prints why (the messages below).

Both accepted digits of other scripts (``"٣"`` as an xsd:integer); the patterns here match
ASCII digits only (``[0-9]``, not ``\\d``), as XSD's lexical spaces do. Both accepted
``"--02-30"`` as an xsd:gMonthDay; the day of a gMonthDay is checked against its month here.
"""

from __future__ import annotations

import base64
import binascii
import calendar
import re

__all__ = ["XSD", "lexical_problem"]

XSD = "http://www.w3.org/2001/XMLSchema#"

_TZ = r"(Z|[+-]((0\d|1[0-3]):[0-5]\d|14:00))?"
_YEAR = r"-?([1-9]\d{3,}|0\d{3})"
_PATTERNS: dict[str, str] = {
    "integer": r"[+-]?\d+",
    "decimal": r"[+-]?(\d+(\.\d*)?|\.\d+)",
    "double": r"([+-]?(\d+(\.\d*)?|\.\d+)([Ee][+-]?\d+)?|[+-]?INF|NaN)",
    "boolean": r"true|false|1|0",
    "date": _YEAR + r"-(\d\d)-(\d\d)" + _TZ,
    "dateTime": _YEAR + r"-(\d\d)-(\d\d)T(([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?|24:00:00(\.0+)?)" + _TZ,
    "time": r"(([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?|24:00:00(\.0+)?)" + _TZ,
    "gYear": _YEAR + _TZ,
    "gYearMonth": _YEAR + r"-(0[1-9]|1[0-2])" + _TZ,
    "gMonth": r"--(0[1-9]|1[0-2])" + _TZ,
    "gDay": r"---(0[1-9]|[12]\d|3[01])" + _TZ,
    "gMonthDay": r"--(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])" + _TZ,
    "duration": r"-?P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?",
    "yearMonthDuration": r"-?P(?=\d)(\d+Y)?(\d+M)?",
    "dayTimeDuration": r"-?P(?=\d|T\d)(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?",
    "hexBinary": r"([0-9a-fA-F]{2})*",
    "language": r"[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*",
    "NCName": r"[A-Za-z_\u00C0-\uFFFF][\w.\-\u00B7\u00C0-\uFFFF]*",
    "Name": r"[A-Za-z_:\u00C0-\uFFFF][\w.:\-\u00B7\u00C0-\uFFFF]*",
    "NMTOKEN": r"[\w.:\-\u00B7\u00C0-\uFFFF]+",
    "token": r"([^\s]+( [^\s]+)*)?",
    "normalizedString": r"[^\r\n\t]*",
}
_PATTERNS["float"] = _PATTERNS["double"]
_PATTERNS["dateTimeStamp"] = _PATTERNS["dateTime"][: -len(_TZ)] + _TZ[:-1]  # the time zone is required

_BOUNDS: dict[str, tuple[int | None, int | None]] = {
    "nonNegativeInteger": (0, None), "positiveInteger": (1, None),
    "nonPositiveInteger": (None, 0), "negativeInteger": (None, -1),
    "long": (-2**63, 2**63 - 1), "int": (-2**31, 2**31 - 1),
    "short": (-2**15, 2**15 - 1), "byte": (-2**7, 2**7 - 1),
    "unsignedLong": (0, 2**64 - 1), "unsignedInt": (0, 2**32 - 1),
    "unsignedShort": (0, 2**16 - 1), "unsignedByte": (0, 2**8 - 1),
}
#: ``\d`` would match any Unicode digit ("٣"); XSD's lexical spaces have ASCII digits only.
_COMPILED = {name: re.compile(pattern.replace(r"\d", "[0-9]")) for name, pattern in _PATTERNS.items()}
_WHITESPACE_COLLAPSED = {name for name in _PATTERNS if name not in ("normalizedString",)} | set(_BOUNDS)


def lexical_problem(lexical: str, datatype: str) -> str | None:
    """Why ``lexical`` is not a valid ``datatype`` literal, or None when it is (or is not checked)."""
    if not datatype.startswith(XSD):
        return None
    name = datatype[len(XSD):]
    if name == "string" or name == "anyURI":
        return None if name == "string" or not re.search(r"[\s<>\"{}|\\^`]", lexical) else \
            f'"{lexical}" is not an xsd:anyURI (it holds a space or a character IRIs forbid)'
    if name == "base64Binary":
        return _base64_problem(lexical)
    if name in _BOUNDS:
        return _bounded_problem(lexical, name)
    pattern = _COMPILED.get(name)
    if pattern is None:
        return None
    if name in _WHITESPACE_COLLAPSED and lexical != lexical.strip():
        return f'"{lexical}" has leading or trailing white space, which xsd:{name} does not allow'
    match = pattern.fullmatch(lexical)
    if match is None:
        return f'"{lexical}" is not an xsd:{name}{_HINTS.get(name, "")}'
    if name in ("date", "dateTime", "dateTimeStamp"):
        return _calendar_problem(lexical, name, match)
    if name == "gMonthDay":
        return _month_day_problem(lexical, int(lexical[2:4]), int(lexical[5:7]))
    return None


_HINTS = {
    "integer": " (digits with an optional sign)",
    "decimal": " (digits with an optional sign and decimal point)",
    "boolean": " (true, false, 1 or 0)",
    "date": " (YYYY-MM-DD with an optional time zone)",
    "dateTime": " (YYYY-MM-DDThh:mm:ss with an optional time zone)",
    "gYear": " (YYYY)",
    "gYearMonth": " (YYYY-MM)",
}


def _bounded_problem(lexical: str, name: str) -> str | None:
    if lexical != lexical.strip() or not _COMPILED["integer"].fullmatch(lexical):
        return f'"{lexical}" is not an xsd:{name} (an integer)'
    value, (low, high) = int(lexical), _BOUNDS[name]
    if (low is not None and value < low) or (high is not None and value > high):
        span = f"{low if low is not None else '-∞'} to {high if high is not None else '∞'}"
        return f'"{lexical}" is out of the range of xsd:{name} ({span})'
    return None


def _calendar_problem(lexical: str, name: str, match: re.Match[str]) -> str | None:
    year, month, day = int(match.group(1)), int(match.group(2)), int(match.group(3))
    if not 1 <= month <= 12:
        return f'"{lexical}" is not a valid xsd:{name}: there is no month {month}'
    leap_year = year if year > 0 else 4  # proleptic: year 0 (1 BCE) is a leap year
    if not 1 <= day <= calendar.monthrange(leap_year, month)[1]:
        return f'"{lexical}" is not a valid xsd:{name}: {calendar.month_name[month]} has no day {day}'
    return None


def _month_day_problem(lexical: str, month: int, day: int) -> str | None:
    """A gMonthDay's day must exist in its month in some year (so ``--02-29`` is one)."""
    if day > calendar.monthrange(2000, month)[1]:
        return f'"{lexical}" is not a valid xsd:gMonthDay: {calendar.month_name[month]} has no day {day}'
    return None


def _base64_problem(lexical: str) -> str | None:
    try:
        base64.b64decode(re.sub(r"\s", "", lexical), validate=True)
    except (binascii.Error, ValueError):
        return f'"{lexical}" is not an xsd:base64Binary'
    return None
