"""Regression tests of the XSD lexical checks, on the cases where rdflib's ``Literal.ill_typed`` differs.

Each case was measured against rdflib 7.6 (see the docstring of
:mod:`cybernorms.graph.checks.literals`): the gate must refuse what rdflib lets through and
accept the valid forms rdflib refuses. The cases the gate's own tests cover
(``tests/graph/partners/test_gate.py``) are not repeated here.
"""

from __future__ import annotations

import pytest

from cybernorms.graph.checks.literals import XSD, lexical_problem


@pytest.mark.parametrize(("lexical", "datatype", "problem"), [
    pytest.param("7 ", "integer", "leading or trailing white space", id="trailing-space"),
    pytest.param("1 000", "integer", "is not an xsd:integer", id="inner-space"),
    pytest.param("٣", "integer", "is not an xsd:integer", id="arabic-indic-digit"),
    pytest.param("1٣", "decimal", "is not an xsd:decimal", id="arabic-indic-digit-decimal"),
    pytest.param("1e3", "decimal", "is not an xsd:decimal", id="decimal-exponent"),
    pytest.param("inf", "double", "is not an xsd:double", id="lower-case-inf"),
    pytest.param("2015-01-09 10:00:00", "dateTime", "is not an xsd:dateTime", id="space-for-T"),
    pytest.param("2015-01-09T10:00", "dateTime", "is not an xsd:dateTime", id="no-seconds"),
    pytest.param("10:00", "time", "is not an xsd:time", id="time-no-seconds"),
    pytest.param("2015-01-09+15:00", "date", "is not an xsd:date", id="time-zone-beyond-14h"),
    pytest.param("15", "gYear", "is not an xsd:gYear (YYYY)", id="two-digit-year"),
    pytest.param("02015", "gYear", "is not an xsd:gYear", id="five-digit-year-leading-zero"),
    pytest.param("2015-13", "gYearMonth", "is not an xsd:gYearMonth", id="month-13"),
    pytest.param("--02-30", "gMonthDay", "February has no day 30", id="month-day"),
    pytest.param("--04-31", "gMonthDay", "April has no day 31", id="month-day-april"),
    pytest.param("PT", "duration", "is not an xsd:duration", id="empty-duration"),
    pytest.param("P1M", "dayTimeDuration", "is not an xsd:dayTimeDuration", id="months-in-day-time"),
    pytest.param("P1D", "yearMonthDuration", "is not an xsd:yearMonthDuration", id="days-in-year-month"),
    pytest.param("!!", "base64Binary", "is not an xsd:base64Binary", id="base64"),
    pytest.param("en_GB", "language", "is not an xsd:language", id="language-underscore"),
    pytest.param("a\tb", "normalizedString", "is not an xsd:normalizedString", id="tab"),
    pytest.param("a  b", "token", "is not an xsd:token", id="double-space"),
    pytest.param("1abc", "NCName", "is not an xsd:NCName", id="ncname-digit-first"),
    pytest.param("a:b", "NCName", "is not an xsd:NCName", id="ncname-colon"),
    pytest.param("a b", "NMTOKEN", "is not an xsd:NMTOKEN", id="nmtoken-space"),
    pytest.param("<x>", "anyURI", "is not an xsd:anyURI", id="any-uri-angle-brackets"),
])
def test_a_form_rdflib_lets_through_is_refused(lexical: str, datatype: str, problem: str) -> None:
    found = lexical_problem(lexical, XSD + datatype)
    assert found is not None and problem in found, found


@pytest.mark.parametrize(("lexical", "datatype"), [
    pytest.param("-0044-03-15", "date", id="negative-year"),
    pytest.param("0000-01-01", "date", id="year-zero"),
    pytest.param("-0004-02-29", "date", id="negative-leap-year"),
    pytest.param("2015-01-09T24:00:00", "dateTime", id="end-of-day"),
    pytest.param("2015-01-09-05:00", "date", id="date-with-negative-time-zone"),
    pytest.param("2015+01:00", "gYear", id="year-with-time-zone"),
    pytest.param("-0044", "gYear", id="negative-gyear"),
    pytest.param("12345", "gYear", id="five-digit-year"),
    pytest.param("+1.5", "decimal", id="decimal-plus"),
    pytest.param("+.5", "decimal", id="decimal-plus-no-integer-part"),
    pytest.param("1.", "decimal", id="decimal-no-fraction"),
    pytest.param("1", "boolean", id="boolean-one"),
    pytest.param("+7", "integer", id="integer-plus"),
    pytest.param("--02-29", "gMonthDay", id="leap-day"),
    pytest.param("2015-01-09T10:00:00.123Z", "dateTime", id="fraction-of-second"),
])
def test_a_valid_form_is_accepted(lexical: str, datatype: str) -> None:
    assert lexical_problem(lexical, XSD + datatype) is None


@pytest.mark.parametrize("lexical", ["True", "TRUE", "2"])
def test_booleans_are_lower_case_words_or_one_and_zero(lexical: str) -> None:
    assert lexical_problem(lexical, XSD + "boolean") == f'"{lexical}" is not an xsd:boolean (true, false, 1 or 0)'


def test_datatypes_outside_xsd_and_language_tagged_strings_are_not_checked() -> None:
    assert lexical_problem("anything", "http://example.org/custom") is None
    assert lexical_problem("bonjour", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString") is None
