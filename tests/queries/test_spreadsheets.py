"""Tables for spreadsheets (cybernorms.queries.results): label and source columns, CSV, .xlsx."""

from __future__ import annotations

import csv
import io

import pytest

from cybernorms.errors import UsageError
from cybernorms.queries import results
from cybernorms.queries.results import Source, csv_bytes, iris_of, readable_table, xlsx_bytes

CLAIM = "https://w3id.org/cybernorms/graph/claim/report/p3"
BINDINGS = [
    {"norm": {"type": "uri", "value": "https://w3id.org/cybernorms/id/norm/a"},
     "g": {"type": "uri", "value": CLAIM},
     "text": {"type": "literal", "value": "=HYPERLINK(\"http://evil.example\")", "xml:lang": "en"},
     "n": {"type": "literal", "value": "-5", "datatype": "http://www.w3.org/2001/XMLSchema#integer"}},
    {"norm": {"type": "uri", "value": "https://w3id.org/cybernorms/id/norm/b"},
     "text": {"type": "literal", "value": "Ne pas attaquer l’infrastructure critique"}},
]
LABELS = {"https://w3id.org/cybernorms/id/norm/a": "Norm A"}
SOURCES = {CLAIM: Source("The report", "page 3")}


def test_iris_are_listed_once_in_order() -> None:
    assert iris_of(BINDINGS) == ["https://w3id.org/cybernorms/id/norm/a", CLAIM, "https://w3id.org/cybernorms/id/norm/b"]


def test_labels_beside_iris_and_sources_beside_graphs() -> None:
    header, rows = readable_table(["norm", "g", "text", "n"], BINDINGS, LABELS, SOURCES)
    assert header == ["norm", "norm_label", "g", "g_label", "g_source", "g_locator", "text", "n"]
    assert rows[0] == ["https://w3id.org/cybernorms/id/norm/a", "Norm A", CLAIM, "", "The report", "page 3",
                       "=HYPERLINK(\"http://evil.example\")", "-5"]
    assert rows[1] == ["https://w3id.org/cybernorms/id/norm/b", "", "", "", "", "",
                       "Ne pas attaquer l’infrastructure critique", ""]


def test_csv_is_rfc4180_utf8_with_an_optional_bom_and_no_formulas() -> None:
    header, rows = readable_table(["norm", "g", "text", "n"], BINDINGS, LABELS, SOURCES)
    plain = csv_bytes(header, rows)
    excel = csv_bytes(header, rows, bom=True)
    assert excel == b"\xef\xbb\xbf" + plain
    assert plain.count(b"\r\n") == 3
    parsed = list(csv.reader(io.StringIO(plain.decode("utf-8"), newline="")))
    assert parsed[1][6] == "'=HYPERLINK(\"http://evil.example\")"  # a text cell, not a formula
    assert parsed[1][7] == "-5"  # a number stays a number
    assert parsed[2][6] == "Ne pas attaquer l’infrastructure critique"


def test_xlsx_cells_are_strings() -> None:
    openpyxl = pytest.importorskip("openpyxl")
    header, rows = readable_table(["norm", "g", "text", "n"], BINDINGS, LABELS, SOURCES)
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(header, rows, title="norms/a:b")))
    sheet = book.active
    assert sheet.title == "norms_a_b"
    assert sheet.freeze_panes == "A2"
    assert [c.value for c in sheet[1]] == header
    formula = sheet.cell(row=2, column=7)
    assert formula.value == "=HYPERLINK(\"http://evil.example\")" and formula.data_type == "s"
    assert sheet.cell(row=3, column=7).value == "Ne pas attaquer l’infrastructure critique"


def test_xlsx_without_openpyxl_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(results, "xlsx_available", lambda: False)
    with pytest.raises(UsageError, match=r"pip install 'cybernorms\[xlsx\]'"):
        xlsx_bytes(["a"], [["1"]])
