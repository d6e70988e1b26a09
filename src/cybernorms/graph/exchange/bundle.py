"""The release bundle for partners: the dataset in every format, tables, description, docs, checksums.

``cybernorms export --bundle DIR`` (and the main job, into ``out/release``) writes:

=====================================  ==============================================================
``cybernorms.trig``, ``.nq``,          the whole dataset, named graphs kept apart
``.jsonld``
``cybernorms.ttl``, ``.nt``, ``.rdf``  the whole dataset merged into one graph (Turtle, N-Triples,
                                       RDF/XML)
``ontology.ttl``                       the ontology graph alone
``context.jsonld``                     the JSON-LD context (to be served at its w3id IRI)
``tables/*.csv``                       norms, actors, forums, documents, events (:mod:`._tables`)
``ontology.html``                      the ontology's documentation (:mod:`._ontology_html`)
``void.ttl``                           the VoID and DCAT description (:mod:`._void`)
``README.md``                          what all this is, for the partner
``SHA256SUMS``                         the SHA-256 of every other file (``sha256sum -c SHA256SUMS``)
=====================================  ==============================================================

Every file is deterministic: the same dataset and date give the same bytes. The bundle
is assembled in a temporary folder beside ``DIR`` and moved into place at the end, so a
reader sees the old release or the new one; ``DIR`` may be new, empty, or an earlier
bundle (it holds a ``SHA256SUMS``), never a folder of other files.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from cybernorms._version import DATA_RELEASED, DATA_VERSION, __version__
from cybernorms.errors import UsageError
from cybernorms.graph import formats
from cybernorms.graph._files import atomic_write
from cybernorms.graph.exchange.canonical import canonical_quads, write_statements
from cybernorms.graph.store.embedded import Store
from cybernorms.namespaces import CLAIM_GRAPH_PREFIX, INFERRED_GRAPH, ONTOLOGY_GRAPH, PARTNER_GRAPH_PREFIX

__all__ = ["DATA_FILES", "RELEASE_BASE", "write_bundle"]

Progress = Callable[[str], None]

#: Where a release's files are published (their dcat:downloadURL); a placeholder until served.
RELEASE_BASE = "https://w3id.org/cybernorms/release/{version}/"
#: The dataset files, by format, in the order they are written (the dataset formats first).
DATA_FILES: dict[str, str] = {
    name: "cybernorms" + formats.by_name(name).extension for name in ("trig", "nq", "jsonld", "ttl", "nt", "xml")
}
CHECKSUMS = "SHA256SUMS"


def _silent(_: str) -> None:
    return None


def write_bundle(store: Store, target: Path, *, date: _dt.date | None = None,
                 progress: Progress = _silent) -> list[tuple[str, int]]:
    """Write the release into ``target``; the files written, as (relative name, size), sorted.

    ``date`` is the release's date: its ``dcterms:issued`` and the README's date, and its
    ``dcterms:created``/``modified``. Without it the issued date is the data release's
    (:data:`~cybernorms._version.DATA_RELEASED`, the day of the curation) and created/modified
    the ontology's newest ``dcterms:modified``, as before. The version is
    :data:`~cybernorms._version.DATA_VERSION`.
    """
    from cybernorms.graph.exchange.void import release_date

    target = Path(target)
    _check_target(target)
    when = date or release_date(store)
    issued = date or DATA_RELEASED
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"))
    try:
        staging.chmod(0o755)
        files = _assemble(store, staging, when, issued, progress)
        _swap(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return files


def _check_target(target: Path) -> None:
    if target.exists() and not target.is_dir():
        raise UsageError(f"{target} is a file, not a folder for the bundle")
    if target.is_dir() and any(target.iterdir()) and not (target / CHECKSUMS).is_file():
        raise UsageError(f"{target} holds other files and is not an earlier bundle (it has no {CHECKSUMS}): "
                         "give a new or empty folder")


def _swap(staging: Path, target: Path) -> None:
    """Move the finished bundle into place; an earlier bundle is moved away first, then deleted."""
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.", suffix=".old"))
        target.replace(old / "release")
    staging.replace(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _assemble(store: Store, folder: Path, date: _dt.date, issued: _dt.date, progress: Progress) -> list[tuple[str, int]]:
    from cybernorms.graph.exchange.jsonld import CONTEXT_FILE
    from cybernorms.graph.exchange.tables import TABLES, table_csv

    sizes: dict[str, tuple[str, int]] = {}

    def put(name: str, data: bytes, kind: str) -> None:
        atomic_write(folder / name, data)
        sizes[name] = (kind, len(data))

    progress("canonicalising the dataset")
    canonical = canonical_quads(store.quads())
    for fmt, name in DATA_FILES.items():
        progress(f"writing {name}")
        put(name, write_statements(canonical, fmt), fmt)
    ontology = [q for q in canonical if q.graph_name == ox.NamedNode(ONTOLOGY_GRAPH)]
    put("ontology.ttl", write_statements(ontology, "ttl"), "ttl")
    put("context.jsonld", CONTEXT_FILE.read_bytes(), "jsonld")
    for table in TABLES:
        progress(f"writing tables/{table.name}.csv")
        put(f"tables/{table.name}.csv", table_csv(store, table), "csv")
    progress("writing ontology.html")
    put("ontology.html", _ontology_page(ontology).encode("utf-8"), "html")
    progress("writing void.ttl")
    put("void.ttl", _void(store, date, issued, sizes), "ttl")
    put("README.md", _readme(store, issued, sizes).encode("utf-8"), "md")
    checksums = "".join(f"{_sha256(folder / name)}  {name}\n" for name in sorted(sizes))
    put(CHECKSUMS, checksums.encode("ascii"), "sums")
    return sorted((name, size) for name, (_, size) in sizes.items())


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _ontology_page(ontology: list[ox.Quad]) -> str:
    import rdflib

    from cybernorms.ontology.html import ontology_html

    data = write_statements(ontology, "nt")
    return ontology_html(rdflib.Graph().parse(data=data.decode("utf-8"), format="nt"))


def _void(store: Store, date: _dt.date, issued: _dt.date, sizes: dict[str, tuple[str, int]]) -> bytes:
    from cybernorms.graph.exchange.canonical import serialize_canonical
    from cybernorms.graph.exchange.void import MEDIA_TYPES, void_triples

    distributions = {name: (kind, size) for name, (kind, size) in sizes.items() if kind in MEDIA_TYPES}
    triples = void_triples(store, date, distributions, RELEASE_BASE.format(version=DATA_VERSION), issued=issued)
    return serialize_canonical((ox.Quad(t.subject, t.predicate, t.object) for t in triples), "ttl")


def _readme(store: Store, date: _dt.date, sizes: dict[str, tuple[str, int]]) -> str:
    from cybernorms.graph.exchange.jsonld import CONTEXT_IRI
    from cybernorms.graph.exchange.tables import TABLES
    from cybernorms.graph.exchange.void import LICENCE, SPARQL_ENDPOINT, TITLE

    graphs = store.graphs()
    claims = sum(1 for g in graphs if g.startswith(CLAIM_GRAPH_PREFIX))
    partners = [g for g in graphs if g.startswith(PARTNER_GRAPH_PREFIX)]
    inferred = store.count(INFERRED_GRAPH)
    rows = [("cybernorms.trig", "TriG: the whole dataset, each named graph apart, and each fact once in the default graph"),
            ("cybernorms.nq", "N-Quads: the same, one statement per line (good for diffs and bulk loaders)"),
            ("cybernorms.jsonld", "JSON-LD: the same, compacted with the context below (inline)"),
            ("cybernorms.ttl", "Turtle: the default graph alone, each fact once (what a query sees)"),
            ("cybernorms.nt", "N-Triples: the same merged graph, one triple per line"),
            ("cybernorms.rdf", "RDF/XML: the same merged graph"),
            ("ontology.ttl", "the OWL ontology alone"),
            ("context.jsonld", f"the JSON-LD context, to be served at {CONTEXT_IRI}"),
            *((f"tables/{t.name}.csv", t.description) for t in TABLES),
            ("ontology.html", "documentation of the ontology: classes, properties, definitions, a diagram"),
            ("void.ttl", "VoID and DCAT description: counts, classes and properties used, distributions"),
            ("SHA256SUMS", "SHA-256 of every file; check with `sha256sum -c SHA256SUMS`")]
    table = "\n".join(f"| `{name}` | {text} | {sizes[name][1]:,} |" if name in sizes else f"| `{name}` | {text} | |"
                      for name, text in rows)
    partner_line = (f"- {len(partners)} partner graph{'s' if len(partners) != 1 else ''} "
                    f"(`graph/partner/<name>`), imported after validation\n" if partners else "")
    return f"""# {TITLE}

Release {DATA_VERSION} of {date.isoformat()}: the data's version and release date (`dcat:version` and
`dcterms:issued` in `void.ttl`), written by the cybernorms software {__version__}. Data licence: Creative Commons Attribution 4.0
International ({LICENCE}); cite "cybernorms {DATA_VERSION}".

## What is here

| file | what it holds | bytes |
|---|---|---|
{table}

The dataset holds {len(store):,} statements in {len(graphs)} named graphs, and in its default graph
each of their {store.count_facts():,} distinct statements once:

- `https://w3id.org/cybernorms/graph/ontology`: the OWL ontology
- {claims} claim graphs (`graph/claim/<source>/<locator>`): each holds what one passage of one source states
- `graph/provenance`: one description per claim graph (its source document, locator, quote)
- `graph/inferred`: {inferred:,} statements the OWL reasoner inferred, never mixed into the asserted graphs
{partner_line}
Turtle, N-Triples and RDF/XML cannot hold named graphs, so those files merge them: use TriG,
N-Quads or JSON-LD to keep track of where each fact comes from. All files are deterministic
(canonical blank node labels, sorted statements), so two releases can be compared with `diff`.

## Loading it

- Any engine, with its default settings: load `cybernorms.nq` or `cybernorms.trig` as a dataset
  (Oxigraph: `oxigraph load --location db --file cybernorms.nq`). Its default graph holds each fact
  once, so a plain `COUNT` over it is right; do not turn on a "union default graph" option that
  adds up the named graphs as a multiset (Oxigraph's `--union-default-graph`). Virtuoso keeps no
  default graph of its own: load the default graph into `https://w3id.org/cybernorms/graph/default`
  and name it in queries with `default-graph-uri`, or push with `cybernorms push --store URL`, which
  does both. Then check the engine with `cybernorms verify --store URL` (every named query
  against the release's own answers); `docs/stores.md` of the project says what was tested where.
- Python: `rdflib.Dataset().parse("cybernorms.trig", format="trig")`, or pyoxigraph's
  `Store().load(path="cybernorms.nq")`.
- Spreadsheets: the CSV files in `tables/` (UTF-8, comma-separated, RFC 4180); IRIs are in full,
  several values in one cell are separated by `; `.

The dataset will be queryable at {SPARQL_ENDPOINT} (a placeholder: not served yet).

## Sending data back

Send RDF in any of these formats; it is imported into its own graph `graph/partner/<name>`
after checks (`cybernorms import FILE --graph <name>`): safe parsing (UTF-8, no XML entities, no
remote JSON-LD contexts except {CONTEXT_IRI}, valid IRIs and literals), the SHACL shapes, and
the OWL reasoner's consistency check against the ontology and the existing data. Use the
IRIs of this release for the things it already describes, and your own namespace for new ones.
"""
