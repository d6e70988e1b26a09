"""Release tables for people: a label column beside every column of IRIs, a BOM on request."""

from __future__ import annotations

import csv
import io

from cybernorms.graph.exchange.tables import table_csv, table_named, table_rows
from cybernorms.graph.store.embedded import OxigraphStore


def test_labels_sit_beside_the_iris_of_the_curated_documents(curated_store: OxigraphStore) -> None:
    table = table_named("documents")
    assert table is not None
    header, rows = table_rows(curated_store, table, labels=True)
    assert header[:3] == ["id", "label", "types"]
    assert "issued_by_label" == header[header.index("issued_by") + 1]
    assert "types_label" not in header  # CURIEs of classes need none
    plain_header, plain_rows = table_rows(curated_store, table)
    assert "issued_by_label" not in plain_header and len(plain_rows) == len(rows)
    by = header.index("issued_by")
    issued = [row for row in rows if row[by]]
    assert issued
    for row in issued:
        iris, labels = row[by].split("; "), row[by + 1].split("; ")
        assert len(iris) == len(labels)
    names = {label for row in issued for label in row[by + 1].split("; ")}
    assert "" not in names  # every issuer has a label


def test_csv_with_a_bom_reads_the_same(curated_store: OxigraphStore) -> None:
    table = table_named("norms")
    assert table is not None
    excel = table_csv(curated_store, table, labels=True, bom=True)
    assert excel.startswith(b"\xef\xbb\xbfid,notation,label,text,document,document_label,")
    rows = list(csv.DictReader(io.StringIO(excel.decode("utf-8-sig"), newline="")))
    assert rows and all(row["document_label"] for row in rows)
    assert table_csv(curated_store, table) == table_csv(curated_store, table)  # the bundle's bytes are stable
