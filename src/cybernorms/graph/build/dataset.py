"""Build the dataset: ontology and curated data compiled, reasoned over, and cached.

The built dataset (asserted claim graphs, provenance, ontology and the inferred graph)
is cached as N-Quads, keyed by a hash of everything that goes into it (the ontology, the
curated files, the shapes, the partner data shipped with the package, the user's partner
imports and the code that compiles, admits and reasons). A command on the default graph
therefore loads the cache and neither compiles nor reasons again.

The dataset :func:`open_dataset` builds is one dataset: the curated data, the partner data
shipped with the package (the Paris Call supporters, admitted through the import gate by
:mod:`cybernorms.graph.partners.shipped`, each graph marked as the partner's), then the user's
own partner imports. :func:`build` alone builds the curated data only, unless told
``shipped=True``.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cybernorms._version import __version__
from cybernorms.ontology import ONTOLOGY_FILE
from cybernorms.namespaces import INFERRED_GRAPH, ONTOLOGY_GRAPH, PREFIXES, PROVENANCE_GRAPH

if TYPE_CHECKING:
    import rdflib
    from pyoxigraph import Quad

    from cybernorms.graph.store.embedded import Store
    from cybernorms.ontology.reasoning import ReasoningReport

PACKAGE = Path(__file__).resolve().parent.parent.parent
DATA_DIR = PACKAGE / "graph" / "data"
SHAPES_FILE = PACKAGE / "graph" / "checks" / "shapes.ttl"
#: Code whose change changes the built dataset, so it is part of the cache key.
BUILD_CODE = (
    PACKAGE / "graph" / "build" / "compile.py",
    PACKAGE / "graph" / "build" / "dataset.py",
    PACKAGE / "graph" / "build" / "inferred.py",
    PACKAGE / "graph" / "build" / "names.py",
    PACKAGE / "graph" / "language.py",  # which properties the compiler tags
    PACKAGE / "graph" / "store" / "embedded.py",  # what the cache file holds (its default graph)
    PACKAGE / "ontology" / "reasoning.py",
)
#: The partner data shipped with the package and the code that admits it (``graph/partners/shipped.py``'s
#: ``FILES``, listed here so that computing the cache key imports nothing of the gate).
SHIPPED_PARTNER_FILES = (
    PACKAGE / "graph" / "partners" / "data" / "paris-call-supporters.csv",
    PACKAGE / "graph" / "partners" / "paris_call.py",
    PACKAGE / "graph" / "partners" / "gate.py",
    PACKAGE / "graph" / "partners" / "safe_parse.py",
    PACKAGE / "graph" / "partners" / "shipped.py",
    PACKAGE / "graph" / "partners" / "trust.py",
)

Progress = Callable[[str], None]


def _silent(_: str) -> None:
    return None


def data_home() -> Path:
    """Where this user's partner imports are kept: ``$CYBERNORMS_HOME`` or the user data folder."""
    explicit = os.environ.get("CYBERNORMS_HOME")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "cybernorms"


def partner_files() -> list[Path]:
    """The accepted partner imports of the default dataset: one N-Quads file per partner graph."""
    return sorted((data_home() / "partners").glob("*.nq"))


def content_key() -> str:
    """A hash of the ontology, curated data, shapes, shipped and imported partner data and build code: the cache key."""
    from importlib.metadata import version

    digest = hashlib.sha256(__version__.encode())
    digest.update(b"pycountry " + version("pycountry").encode() + b"\0")  # the states' names (build/names.py)
    files = [ONTOLOGY_FILE, SHAPES_FILE, *BUILD_CODE, *sorted(DATA_DIR.glob("*.yaml")), *SHIPPED_PARTNER_FILES,
             *partner_files()]
    for path in files:
        if path.exists():
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:20]


def cache_dir() -> Path:
    """Where built datasets are cached: ``$CYBERNORMS_CACHE`` or the user cache folder."""
    explicit = os.environ.get("CYBERNORMS_CACHE")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "cybernorms"


def cache_file() -> Path:
    """The cache file of the current content."""
    return cache_dir() / f"dataset-{content_key()}.nq"


@dataclass
class BuildResult:
    """What a build did: the store and the reasoner's verdict."""

    store: Store
    from_cache: bool
    engine: str = ""
    consistent: bool = True
    explanation: str = ""


def compile_asserted(store: Store, progress: Progress = _silent, *, shipped: bool = False) -> ReasoningReport | None:
    """Put the ontology and every curated claim graph with its provenance into ``store``, then (``shipped``)
    the partner data shipped with the package, through the import gate, then the user's partner imports.

    Returns the reasoning of the gate's last check when nothing was added after it (it reasoned over
    everything ``store`` asserts, so the build need not reason again), else None.
    """
    from cybernorms.graph.build.compile import compile_directory
    from cybernorms.namespaces import PARTNER_GRAPH_PREFIX

    progress("compiling the ontology")
    store.load(ONTOLOGY_FILE, "ttl", graph=ONTOLOGY_GRAPH)
    progress(f"compiling the curated data in {DATA_DIR.name}/")
    curated = list(compile_directory(DATA_DIR, ONTOLOGY_FILE))
    store.add_quads(curated)
    _add_state_names(store, curated, progress)
    imports = partner_files()
    reasoning = None
    if shipped:
        from cybernorms.graph.partners.shipped import add_shipped

        reasoning = add_shipped(store, skip={PARTNER_GRAPH_PREFIX + path.stem for path in imports}, progress=progress)
    for path in imports:
        progress(f"adding the partner import {path.stem}")
        store.load(path, "nq")
    return reasoning if not imports else None


def _add_state_names(store: Store, curated: list[Quad], progress: Progress) -> None:
    """The curated states' names in the six UN languages (see :mod:`cybernorms.graph.build.names`)."""
    from cybernorms.graph.build.names import SOURCE, state_names
    from cybernorms.namespaces import CN

    from pyoxigraph import NamedNode

    rdf_type, state = NamedNode(PREFIXES["rdf"] + "type"), NamedNode(CN + "State")
    source = NamedNode(SOURCE)
    if not any(q.subject == source and q.predicate == rdf_type for q in curated):
        progress("no states named in the six UN languages: the data has no record of document/iso-3166-1")
        return  # a claim graph cites a document the data describes (a test's fixture data has none)
    names = state_names(q.subject.value for q in curated
                        if q.predicate == rdf_type and q.object == state and isinstance(q.subject, NamedNode))
    progress(f"naming {names.named} states in the six UN languages (ISO 3166-1; {names.skipped} without a code)")
    store.add_quads(names.quads)


def asserted_graph(store: Store | None = None) -> rdflib.Graph:
    """Ontology plus all asserted data (every graph but provenance and the inferred ones) as one rdflib graph.

    Without ``store``, the packaged ontology and curated data are compiled afresh.
    """
    from cybernorms.graph.build.inferred import asserted

    if store is None:
        from cybernorms.graph.store.embedded import OxigraphStore

        store = OxigraphStore.memory()
        compile_asserted(store)
    return asserted(store)


@dataclass(frozen=True)
class StoreReasoning:
    """What :func:`reason_store` did: the reasoner's report and the size of what it reasoned over."""

    report: ReasoningReport
    asserted: int
    """The triples reasoned over: the ontology and the asserted data."""


def _asserted_size(store: Store) -> int:
    from cybernorms.namespaces import is_inferred_graph

    return sum(store.count(g) for g in store.graphs() if g != PROVENANCE_GRAPH and not is_inferred_graph(g))


def reason_store(store: Store, progress: Progress = _silent, *, full: ReasoningReport | None = None) -> StoreReasoning:
    """Reason over the asserted graphs of ``store``; when consistent, replace its inferred graphs.

    The one way of reasoning over a store, shared by ``cybernorms build`` and ``cybernorms reason --store``:
    what follows from the curated data goes to ``graph/inferred``, what needs a partner's data to that
    partner's inferred graph (:mod:`cybernorms.graph.build.inferred`), all in one transaction. ``full``:
    the reasoning over everything, when already done (the gate's check during a build). An inconsistent
    graph leaves the inferred graphs as they were.
    """
    from cybernorms.graph.build.inferred import inferred_graphs, write_inferred
    from cybernorms.ontology.reasoning import reason

    size = _asserted_size(store)
    progress(f"reasoning over {size:,} triples (owlready2 + HermiT)")
    split = inferred_graphs(store, reason, full=full, progress=progress)
    assert split.full is not None  # the curated data was reasoned over
    if split.full.consistent:
        write_inferred(store, split.graphs)
    return StoreReasoning(split.full, size)


def add_inferred(store: Store, progress: Progress = _silent, *, full: ReasoningReport | None = None) -> BuildResult:
    """Reason over the asserted data and replace the inferred graphs with what is new."""
    report = reason_store(store, progress, full=full).report
    if not report.consistent:  # a build leaves no stale inferences behind: the graphs are emptied
        from cybernorms.graph.build.inferred import write_inferred

        write_inferred(store, {INFERRED_GRAPH: []})
    return BuildResult(
        store=store,
        from_cache=False,
        engine=report.engine,
        consistent=report.consistent,
        explanation=report.explanation or "",
    )


def build(store: Store, progress: Progress = _silent, *, shipped: bool = False) -> BuildResult:
    """Compile and reason into ``store`` (emptied first); ``shipped``: with the partner data shipped with the
    package (see :func:`compile_asserted`), as :func:`open_dataset` builds."""
    for graph in store.graphs():
        store.remove_graph(graph)
    checked = compile_asserted(store, progress, shipped=shipped)
    if checked is not None:
        progress("the gate's check reasoned over the whole dataset: its inferences are the build's")
    return add_inferred(store, progress, full=checked)


def write_cache(store: Store, path: Path) -> None:
    """Write the built dataset to ``path`` atomically: readers never see half a file."""
    from cybernorms.graph._files import atomic_write

    atomic_write(path, store.dump("nq"))


def open_dataset(
    store_dir: str | Path | None = None, *, rebuild: bool = False, progress: Progress = _silent
) -> BuildResult:
    """The built dataset (curated data, shipped partner data, the user's imports), from the cache, from an
    on-disk store, or built now.

    With ``store_dir``, the dataset lives in that on-disk store: it is built into it when
    the store holds no graphs (or ``rebuild`` is set), and used as it is otherwise.
    With an http(s) URL, the dataset is the remote endpoint's as it is: nothing is built
    there (build here and ``cybernorms push --store URL``).
    """
    from cybernorms.graph.store import OxigraphStore, is_store_url

    if is_store_url(store_dir):
        return _open_remote(str(store_dir), rebuild, progress)
    if store_dir is not None:
        store = OxigraphStore.open(Path(store_dir))
        if rebuild or not store.graphs():
            return build(store, progress, shipped=True)
        return BuildResult(store=store, from_cache=True)
    path = cache_file()
    store = OxigraphStore.memory()
    if path.exists() and not rebuild:
        store.restore(path)  # the build's own file, default graph included
        return BuildResult(store=store, from_cache=True)
    result = build(store, progress, shipped=True)
    if result.consistent:
        write_cache(store, path)
    return result


def _open_remote(url: str, rebuild: bool, progress: Progress) -> BuildResult:
    """A remote endpoint's dataset, used as it is (see :mod:`cybernorms.graph.store.remote`)."""
    from cybernorms.errors import UsageError
    from cybernorms.graph.store.remote import RemoteStore

    if rebuild:
        raise UsageError(f"a remote store is not built in place: build here, then `cybernorms push --store {url}`")
    store = RemoteStore.from_url(url)
    progress(f"using the remote store at {store.endpoints.query} as it is (no build, no reasoning here)")
    return BuildResult(store=store, from_cache=True, engine="remote")


COUNT_QUERIES: dict[str, str] = {
    "norms": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a cn:NormStatement }",
    "actors": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a ?c . ?c rdfs:subClassOf* cn:Actor }",
    "forums": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a ?c . ?c rdfs:subClassOf* cn:Forum }",
    "documents": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a ?c . ?c rdfs:subClassOf* cn:Document }",
    "events": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a cn:Event }",
    "claim graphs": "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { ?g a cn:ClaimGraph }",
    "inferred facts": (
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <" + INFERRED_GRAPH + "> { ?s ?p ?o } }"
    ),
}


def counts(store: Store) -> dict[str, int]:
    """The headline counts of a built dataset, for the build report."""
    prefix = "PREFIX cn: <https://w3id.org/cybernorms/ontology#>\n" \
             "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    result: dict[str, int] = {"triples": len(store), "facts": store.count_facts()}
    for name, query in COUNT_QUERIES.items():
        rows = store.query(prefix + query).rows
        result[name] = int(getattr(rows[0][0], "value", 0)) if rows and rows[0][0] is not None else 0
    from cybernorms.errors import UsageError
    from cybernorms.namespaces import is_inferred_graph

    partner = store.partner_graphs()
    sent = [g for g in partner if not is_inferred_graph(g)]
    result["partner graphs"] = len(sent)
    result["partner triples"] = sum(store.count(g) for g in sent)
    try:
        result["partner actors"] = _count(store, prefix + COUNT_QUERIES["actors"], partners=True) - result["actors"]
    except UsageError:  # a store that cannot read the partner graphs with the curated facts (remote Oxigraph)
        pass
    result["inferred with partners"] = sum(store.count(g) for g in partner if is_inferred_graph(g))
    return result


def _count(store: Store, query: str, *, partners: bool) -> int:
    rows = store.query(query, partners=partners).rows
    return int(getattr(rows[0][0], "value", 0)) if rows and rows[0][0] is not None else 0
