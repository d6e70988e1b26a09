"""The import gate: a partner's RDF joins the dataset only after it has passed every check.

``cybernorms import FILE`` takes a partner's file into its own named graph,
``https://w3id.org/cybernorms/graph/partner/<name>``, in four steps:

1. reading: safe parsing of an RDF file (:mod:`cybernorms.graph.partners.safe_parse`): size, format,
   encoding, no XML entities, no remote JSON-LD contexts, valid IRIs, literals that fit their datatypes;
   or another reader that turns its input kind into statements (:mod:`cybernorms.graph.partners.paris_call`
   for the Paris Call supporters' CSV). :func:`admit` takes what a reader returns;
2. the SHACL shapes (:func:`cybernorms.graph.checks.shacl.run_shacl`) over the existing data
   plus the candidate: a violation the candidate brings in (one the data did not have
   before) fails the import;
3. the reasoner's consistency check (:func:`cybernorms.ontology.reasoning.reason`) over the
   ontology, the existing asserted data and the candidate: HermiT, which above
   :data:`~cybernorms.ontology.reasoning.REALISE_AT_MOST` triples checks consistency only and leaves the
   individuals' types and values to the rules of :mod:`cybernorms.ontology.rules` (a notice of the import
   says so, and what that leaves out);
4. only then the write, in one step.

The default dataset keeps each accepted import as one N-Quads file under
``data_home()/partners/`` (see :func:`cybernorms.graph.build.dataset.partner_files`): the partner
graph plus its provenance (``cn:PartnerGraph``, ``cn:fileName``, ``cn:sha256``,
``prov:generatedAtTime``, ``dcterms:identifier``) as quads in the provenance graph, since
that graph is otherwise rebuilt from the curated data. Writing the file (atomically)
changes the cache key, so the next command rebuilds. With ``--store DIR`` the import goes
straight into that on-disk store, and its inferred graph is replaced by what the check
inferred. On any failure nothing is written: the message names each offending node and
rule, and ``--report FILE`` writes them as a W3C SHACL validation report in Turtle.

A partner graph's name is taken once: importing a different file (another SHA-256) under the name of a
graph the dataset already holds is refused, before any check runs, with what would be lost (its triple
count, source file and date, from the provenance the gate wrote); ``replace=True`` (``--replace``) makes
the import replace it, and the result says what was replaced. The same file again changes nothing.
:func:`admit_into` is the gate for a store being built: the build admits the partner data shipped with
the package (:mod:`cybernorms.graph.partners.shipped`) through it.
"""

from __future__ import annotations

import datetime as _dt
import gc
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from cybernorms.errors import CheckFailed, UsageError
from cybernorms.graph._files import atomic_write
from cybernorms.graph.exchange.canonical import serialize_canonical
from cybernorms.graph.partners.safe_parse import DEFAULT_MAX_MB, FileRejected, ParsedFile, parse_safely
from cybernorms.namespaces import (
    CN,
    INFERRED_GRAPH,
    PARTNER_GRAPH_PREFIX,
    PREFIXES,
    PROVENANCE_GRAPH,
    is_inferred_graph,
    shorten,
)

if TYPE_CHECKING:
    import rdflib

    from cybernorms.graph.build.dataset import BuildResult
    from cybernorms.graph.store.embedded import OxigraphStore, Store
    from cybernorms.graph.checks.shacl import Violation
    from cybernorms.ontology.reasoning import ReasoningReport

__all__ = [
    "ImportResult",
    "PartnerGraphInfo",
    "Problem",
    "admit",
    "admit_into",
    "import_file",
    "partner_graph",
    "remove_partner",
]

Progress = Callable[[str], None]
_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
_CNSH = PREFIXES["cnsh"]
_RDF_TYPE = ox.NamedNode(PREFIXES["rdf"] + "type")
_SHA256 = ox.NamedNode(CN + "sha256")


def _silent(_: str) -> None:
    return None


@dataclass(frozen=True)
class Problem:
    """One reason an import failed: the node, the rule, the message, and the kind of check."""

    focus: str
    message: str
    rule: str
    check: str  # "parsing", "trust", "shacl" or "consistency"
    path: str = ""

    def __str__(self) -> str:
        where = f" {self.path}" if self.path else ""
        return f"{self.focus}{where}: {self.message} [{self.rule}]"


@dataclass(frozen=True)
class PartnerGraphInfo:
    """A partner graph the dataset holds, as its provenance describes it: what a replacement would lose."""

    graph: str
    triples: int
    file_name: str
    sha256: str
    imported: str  # prov:generatedAtTime, as written (UTC, seconds)

    def describe(self) -> str:
        """``12 triples from portal.ttl (imported 2026-01-15T00:00:00Z)``."""
        source = f" from {self.file_name}" if self.file_name else ""
        when = f" (imported {self.imported})" if self.imported else ""
        return f"{self.triples:,} triples{source}{when}"


@dataclass
class ImportResult:
    """What an import or removal did; ``previous`` is the graph a replacement replaced."""

    action: str  # "imported", "replaced", "unchanged", "removed"
    graph: str
    triples: int = 0
    sha256: str = ""
    where: str = ""
    notices: list[str] = field(default_factory=list)
    previous: PartnerGraphInfo | None = None


class NameTaken(UsageError):
    """A different file under the name of a partner graph the dataset holds, without ``--replace``: exit 2."""

    def __init__(self, parsed: ParsedFile, existing: PartnerGraphInfo) -> None:
        self.existing = existing
        name = existing.graph[len(PARTNER_GRAPH_PREFIX):]
        super().__init__(f"{parsed.path} was not imported: the partner graph {name!r} already holds "
                         f"{existing.describe()}, sha256 {existing.sha256[:12]}; importing this different file "
                         f"(sha256 {parsed.sha256[:12]}) under that name would replace all of it: add --replace "
                         "to replace it, or give another name with --graph NAME; the dataset is unchanged")


class ImportRejected(CheckFailed):
    """The candidate failed SHACL or the consistency check: exit 1, the graph untouched."""

    def __init__(self, path: Path, problems: list[Problem]) -> None:
        self.problems = problems
        kinds = sorted({p.check for p in problems})
        head = f"{path} was not imported: {len(problems)} problem{'s' if len(problems) != 1 else ''} " \
               f"({', '.join(kinds)}); the dataset is unchanged"
        super().__init__("\n".join([head, *(f"  {p}" for p in problems)]))


# -- names --


def partner_graph(name: str) -> str:
    """The graph IRI of partner ``name`` (a lower-case slug; ``partner/NAME`` and the full IRI are accepted)."""
    return PARTNER_GRAPH_PREFIX + check_name(name)


def check_name(name: str) -> str:
    """The bare partner name of ``name``, or a :class:`UsageError` saying what a name may be."""
    for prefix in (PARTNER_GRAPH_PREFIX, "partner/"):
        if name.startswith(prefix):
            name = name[len(prefix):]
    if not _NAME.fullmatch(name):
        raise UsageError(f"{name!r} cannot name a partner graph: use 1-64 lower-case letters, digits, - or _, "
                         "starting with a letter or digit (e.g. --graph cyber-portal)")
    return name


def default_name(path: Path) -> str:
    """A partner name made from the file name: ``Partner Data.ttl`` -> ``partner-data``."""
    slug = re.sub(r"[^a-z0-9_-]+", "-", path.stem.lower()).strip("-_")[:64]
    return slug or "partner"


# -- import --


def import_file(
    path: Path,
    *,
    name: str | None = None,
    format: str | None = None,
    max_mb: float = DEFAULT_MAX_MB,
    store_dir: Path | None = None,
    report: Path | None = None,
    progress: Progress = _silent,
    now: _dt.datetime | None = None,
    replace: bool = False,
) -> ImportResult:
    """Check ``path`` and, if it passes, make it the partner graph ``name``; see the module docstring."""
    graph = partner_graph(name if name is not None else default_name(path))
    try:
        parsed = parse_safely(path, format, max_mb=max_mb)
    except FileRejected as rejected:
        if report is not None:
            problems = [Problem(path.resolve().as_uri(), message, "cnsh:SafeParsing", "parsing")
                        for message in str(rejected).splitlines()]
            write_report(report, problems)
        raise
    progress(f"parsed {path} as {parsed.format}: {len(parsed.quads)} statements")
    return admit(parsed, graph, store_dir=store_dir, report=report, progress=progress, now=now, replace=replace)


def admit(
    parsed: ParsedFile,
    graph: str,
    *,
    store_dir: Path | None = None,
    report: Path | None = None,
    progress: Progress = _silent,
    now: _dt.datetime | None = None,
    replace: bool = False,
) -> ImportResult:
    """Make what a reader read (``parsed``) the partner graph ``graph``, if it passes every check.

    Readers (:func:`~cybernorms.graph.partners.safe_parse.parse_safely` for RDF files,
    :func:`~cybernorms.graph.partners.paris_call.read_graphs` for the Paris Call CSV) hand the gate statements,
    never a path to parse again: a new partner input kind is one reader. The gate takes them: once they are
    the partner graph's triples, ``parsed.quads`` is emptied, to bound the import's memory.
    """
    if store_dir is None and _partner_file(graph).exists():  # the user's import: no need to open the dataset
        existing = _info_in(graph, ox.parse(path=str(_partner_file(graph)), format=ox.RdfFormat.N_QUADS))
        if existing is not None and existing.sha256 == parsed.sha256:
            return _unchanged(parsed, graph, store_dir, report)
        if existing is not None and not replace:
            raise NameTaken(parsed, existing)
    return _check_and_write(parsed, graph, store_dir, report, progress, now, replace)


def admit_into(store: Store, parsed: ParsedFile, graph: str, *, now: _dt.datetime,
               progress: Progress = _silent) -> ReasoningReport:
    """Check ``parsed`` against what ``store`` holds and, if it passes, write it there as the partner graph ``graph``.

    The gate of a dataset being built: the same checks as :func:`admit` (SHACL, consistency), the partner graph
    and its provenance written into ``store`` (any older version of the graph replaced), the inferred graph
    left to the caller, who gets the check's reasoning (over everything ``store`` now asserts). Raises
    :class:`ImportRejected` with every problem, ``store`` unchanged.
    """
    triples = _partner_triples(parsed)
    provenance = _provenance(graph, parsed, now)
    problems, split = _check(store, graph, triples, provenance, progress, split=False)
    if problems or split is None:
        raise ImportRejected(parsed.path, problems)
    store.replace_graphs({graph: triples, PROVENANCE_GRAPH: _provenance_with(store, graph, provenance)})
    return split.full


def _unchanged(parsed: ParsedFile, graph: str, store_dir: Path | None, report: Path | None) -> ImportResult:
    if report is not None:
        write_report(report, [])
    return ImportResult("unchanged", graph, len(_partner_triples(parsed)), parsed.sha256,
                        _where(graph, store_dir), parsed.notices)


def _check_and_write(parsed: ParsedFile, graph: str, store_dir: Path | None, report: Path | None,
                     progress: Progress, now: _dt.datetime | None, replace: bool) -> ImportResult:
    from cybernorms.graph.build.dataset import open_dataset

    result = open_dataset(store_dir, progress=progress)
    try:
        return _check_and_write_into(result, parsed, graph, store_dir, report, progress, now, replace)
    finally:
        if store_dir is not None:
            result.store.close()


def _check_and_write_into(result: BuildResult, parsed: ParsedFile, graph: str, store_dir: Path | None,
                          report: Path | None, progress: Progress, now: _dt.datetime | None,
                          replace: bool) -> ImportResult:
    if not result.consistent:
        raise CheckFailed("the existing dataset is inconsistent, so no import can be checked against it: "
                          f"{result.explanation}")
    store = result.store
    existing = _info_in_store(graph, store)
    if existing is not None and existing.sha256 == parsed.sha256:
        return _unchanged(parsed, graph, store_dir, report)
    if existing is not None and not replace:
        raise NameTaken(parsed, existing)
    triples = _partner_triples(parsed)
    named = {q.graph_name for q in parsed.quads if not isinstance(q.graph_name, ox.DefaultGraph)}
    parsed.quads.clear()  # held as ``triples`` from here (the quads of a 50 MB file take 150 MB)
    provenance = _provenance(graph, parsed, now or _dt.datetime.now(_dt.timezone.utc))
    problems, split = _check(store, graph, triples, provenance, progress, split=store_dir is not None)
    if report is not None:
        write_report(report, problems)
    if problems or split is None:
        raise ImportRejected(parsed.path, problems)
    if store_dir is None:
        quads = [ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(graph)) for t in triples]
        quads += [ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(PROVENANCE_GRAPH)) for t in provenance]
        atomic_write(_partner_file(graph), serialize_canonical(quads, "nq", facts=False))
    else:
        _write_to_store(store, graph, triples, provenance, split)
    action = "replaced" if existing is not None else "imported"
    notices = list(parsed.notices) + ([split.full.notice] if split.full.notice else [])
    if named:
        notices.append(f"the file's {len(named)} named graph{'s' if len(named) > 1 else ''} "
                       f"{'were' if len(named) > 1 else 'was'} merged into {graph}")
    return ImportResult(action, graph, len(triples), parsed.sha256, _where(graph, store_dir), notices, existing)


def _partner_triples(parsed: ParsedFile) -> list[ox.Triple]:
    """Every statement of the file as a triple of the partner graph, blank nodes renamed apart."""
    fresh: dict[str, ox.BlankNode] = {}

    def rename(term: object) -> object:
        if isinstance(term, ox.BlankNode):
            return fresh.setdefault(term.value, ox.BlankNode())
        return term

    unique = {(q.subject, q.predicate, q.object) for q in parsed.quads}
    return [ox.Triple(rename(s), p, rename(o)) for s, p, o in unique]  # type: ignore[arg-type]


def _provenance(graph: str, parsed: ParsedFile, now: _dt.datetime) -> list[ox.Triple]:
    node = ox.NamedNode(graph)
    xsd = PREFIXES["xsd"]
    stamp = now.astimezone(_dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    return [
        ox.Triple(node, _RDF_TYPE, ox.NamedNode(CN + "PartnerGraph")),
        ox.Triple(node, ox.NamedNode(CN + "fileName"), ox.Literal(parsed.path.name)),
        ox.Triple(node, _SHA256, ox.Literal(parsed.sha256)),
        ox.Triple(node, ox.NamedNode(PREFIXES["prov"] + "generatedAtTime"),
                  ox.Literal(stamp, datatype=ox.NamedNode(xsd + "dateTime"))),
        ox.Triple(node, ox.NamedNode(PREFIXES["dcterms"] + "identifier"), ox.Literal(graph[len(PARTNER_GRAPH_PREFIX):])),
        ox.Triple(node, ox.NamedNode(PREFIXES["rdfs"] + "label"),
                  ox.Literal(f"partner import {graph[len(PARTNER_GRAPH_PREFIX):]}", language="en")),
        *([ox.Triple(node, ox.NamedNode(PREFIXES["dcterms"] + "source"), ox.NamedNode(parsed.source))]
          if parsed.source else []),
    ]


@dataclass(frozen=True)
class _Checked:
    """What a passing check leaves: the reasoning over everything, and (when asked) the inferred graphs."""

    full: ReasoningReport
    inferred: dict[str, list[ox.Triple]] = field(default_factory=dict)


def _check(store: Store, graph: str, triples: list[ox.Triple], provenance: list[ox.Triple],
           progress: Progress, *, split: bool) -> tuple[list[Problem], _Checked | None]:
    """The trust boundary (:mod:`cybernorms.graph.partners.trust`), then SHACL (new violations only) and
    consistency of the existing data with the candidate; no reasoning when the trust boundary is crossed.

    ``split``: also the inferred graphs the store would hold with the candidate (the curated one as the
    store has it, each partner's), for an import that writes everything at once (one transaction or one swap).
    """
    from cybernorms.graph.build.inferred import inferred_graphs, known_alone, partner_sources
    from cybernorms.graph.store.embedded import OxigraphStore
    from cybernorms.graph.checks.shacl import run_shacl, union_for_validation
    from cybernorms.graph.partners.trust import breaches
    from cybernorms.ontology.reasoning import HERMIT_RULES, reason

    progress("checking the trust boundary (no graph, schema or identity statements; no contradicted types)")
    crossed = [Problem(b.focus, f"{b.triple}: {b.why}", b.rule, "trust") for b in breaches(store, triples)]
    if crossed:
        return crossed, None
    with OxigraphStore.memory() as candidate:
        candidate.add_quads(_without_partner(store, graph))
        progress("checking the SHACL shapes")
        before, _ = run_shacl(union_for_validation(candidate))
        node = ox.NamedNode(graph)
        candidate.add_quads(ox.Quad(t.subject, t.predicate, t.object, node) for t in triples)
        candidate.add_quads(ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(PROVENANCE_GRAPH))
                            for t in provenance)
        after = _shacl_after(candidate, [*triples, *provenance], progress)
        progress("checking consistency with the ontology and the existing data (reasoner)")
        reasoning = _reason(candidate)
        gc.collect()  # an rdflib graph is a reference cycle (its namespace manager): free the reasoner's input now
        inferred: dict[str, list[ox.Triple]] = {}
        if split and reasoning.consistent:
            curated = [q.triple for q in store.quads(INFERRED_GRAPH)]  # an import leaves the curated data as it was
            others = known_alone(store, (g for g in partner_sources(store.graphs()) if g != graph))
            everything = reasoning.inferred.serialize(format="nt", encoding="utf-8")
            reasoning = replace(reasoning, inferred=type(reasoning.inferred)())  # held in ``everything``: let it go
            gc.collect()
            # each partner alone is part of what was just found consistent, and is reasoned over by the same
            # engine, so that a fact the rules found with every partner is found with the one it needs
            reason_alone = partial(reason, known_consistent=True,
                                   realise_at_most=0 if reasoning.engine == HERMIT_RULES else None)
            inferred = inferred_graphs(candidate, reason_alone, curated=curated, full=reasoning, full_inferred=everything,
                                       alone=others, annotations=False, progress=progress).graphs
            del everything
            inferred.pop(INFERRED_GRAPH, None)
    known = set(before)
    problems = [_shacl_problem(v) for v in after if v not in known]
    if not reasoning.consistent:
        problems += _consistency_problems(reasoning, graph)
    return problems, _Checked(reasoning, inferred)


def _reason(candidate: OxigraphStore) -> ReasoningReport:
    """The reasoning over the candidate dataset. Above the size HermiT realises, its consistency is checked
    first, on an N-Triples file written from the store, so that Java's heap and an rdflib graph of the data are
    never in memory together; the rules then reason without the annotation assertions, which they ignore
    (:func:`cybernorms.graph.build.inferred.asserted`). An inconsistent candidate is reasoned over whole, so
    that the message can name the culprits."""
    import tempfile

    from cybernorms.graph.build.dataset import asserted_graph
    from cybernorms.graph.build.inferred import asserted, asserted_triples
    from cybernorms.ontology import reasoning as reasoner

    consistent: bool | None = None
    size = len({hash(t) for t in asserted_triples(candidate)})  # the distinct triples (a count, not a set of them)
    if size > reasoner.REALISE_AT_MOST:
        with tempfile.TemporaryDirectory(prefix="cybernorms-import-") as folder:
            path = Path(folder) / "asserted.nt"
            ox.serialize(asserted_triples(candidate), output=str(path), format=ox.RdfFormat.N_TRIPLES)
            consistent = reasoner.check_consistency(path, size)
    if consistent:
        return reasoner.reason(asserted(candidate, annotations=False), known_consistent=True, size=size)
    return reasoner.reason(asserted_graph(candidate))


def _shacl_after(candidate: OxigraphStore, added: list[ox.Triple], progress: Progress) -> list[Violation]:
    """The SHACL violations of the nodes ``added`` touches, in bounded chunks
    (:mod:`cybernorms.graph.checks.shacl_focus`); of the whole candidate when the shapes are not node-local.
    Only those nodes can gain a violation: every other node's results are as they were."""
    from cybernorms.graph.checks.shacl import run_shacl, shapes_graph, union_for_validation
    from cybernorms.graph.checks.shacl_focus import node_local, touched, violations_of

    if not node_local(shapes_graph()):
        return run_shacl(union_for_validation(candidate))[0]
    return violations_of(candidate, touched(candidate, added), progress=progress)


def _without_partner(store: Store, graph: str) -> Iterable[ox.Quad]:
    """The existing dataset without the old version of ``graph``, its provenance, or inferences."""
    for quad in store.quads():
        name = quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else None
        if name == graph or (name is not None and is_inferred_graph(name)):
            continue
        if name == PROVENANCE_GRAPH and isinstance(quad.subject, ox.NamedNode) and quad.subject.value == graph:
            continue
        yield quad


def _shacl_problem(violation: Violation) -> Problem:
    return Problem(violation.focus, violation.message, violation.shape or "a SHACL shape", "shacl", violation.path)


def _consistency_problems(reasoning: ReasoningReport, graph: str) -> list[Problem]:
    clashes = [c for c in reasoning.clashes if c.kind == "inconsistent"]
    rule = f"OWL consistency ({reasoning.engine})"
    if not clashes:
        return [Problem(shorten(graph), reasoning.explanation or "the data contradicts the ontology", rule,
                        "consistency")]
    return [Problem(shorten(c.term) if c.term else shorten(graph), " ".join(c.message.split()), rule, "consistency")
            for c in clashes]


# -- where imports live --


def _partner_file(graph: str) -> Path:
    from cybernorms.graph.build.dataset import data_home

    return data_home() / "partners" / f"{graph[len(PARTNER_GRAPH_PREFIX):]}.nq"


def _where(graph: str, store_dir: Path | None) -> str:
    return str(store_dir) if store_dir is not None else str(_partner_file(graph))


_FILE_NAME = ox.NamedNode(CN + "fileName")
_GENERATED = ox.NamedNode(PREFIXES["prov"] + "generatedAtTime")


def _info_in_store(graph: str, store: Store) -> PartnerGraphInfo | None:
    """The partner graph ``graph`` of a store (its triples, its provenance), or None if the store has none."""
    if graph not in store.graphs():
        return None
    found = _info_in(graph, store.quads(PROVENANCE_GRAPH))
    triples = store.count(graph)
    if found is None:  # a graph the gate did not write: no provenance to show
        return PartnerGraphInfo(graph, triples, "", "", "")
    return PartnerGraphInfo(graph, triples, found.file_name, found.sha256, found.imported)


def _info_in(graph: str, quads: Iterable[ox.Quad]) -> PartnerGraphInfo | None:
    """The partner graph ``graph`` as ``quads`` (a partner file, or a provenance graph) describe it."""
    node, named = ox.NamedNode(graph), ox.NamedNode(graph)
    values: dict[ox.NamedNode, str] = {}
    triples = 0
    for quad in quads:
        if quad.graph_name == named:
            triples += 1
        elif quad.subject == node and isinstance(quad.object, ox.Literal):
            values[quad.predicate] = quad.object.value
    if _SHA256 not in values:
        return None
    return PartnerGraphInfo(graph, triples, values.get(_FILE_NAME, ""), values[_SHA256], values.get(_GENERATED, ""))


def _provenance_with(store: Store, graph: str, provenance: list[ox.Triple]) -> list[ox.Triple]:
    """The provenance graph of ``store`` with ``graph``'s description replaced by ``provenance``."""
    node = ox.NamedNode(graph)
    return [q.triple for q in store.quads(PROVENANCE_GRAPH) if q.subject != node] + provenance


def _write_to_store(store: Store, graph: str, triples: list[ox.Triple], provenance: list[ox.Triple],
                    checked: _Checked) -> None:
    """Replace the partner graph, its provenance and the partners' inferred graphs of a store at once (one
    transaction, or a large change swapped in: :meth:`OxigraphStore.replace_graphs
    <cybernorms.graph.store.embedded.OxigraphStore.replace_graphs>`): a process stopped at any point leaves the
    old dataset or the new one."""
    from cybernorms.graph.build.inferred import replacement

    store.replace_graphs(replacement(store, {graph: triples, PROVENANCE_GRAPH: _provenance_with(store, graph, provenance),
                                             INFERRED_GRAPH: [q.triple for q in store.quads(INFERRED_GRAPH)],
                                             **checked.inferred}))


# -- removal --


def remove_partner(name: str, *, store_dir: Path | None = None, progress: Progress = _silent) -> ImportResult:
    """Take partner ``name``'s graph and its provenance out of the dataset."""
    graph = partner_graph(name)
    if store_dir is None:
        path = _partner_file(graph)
        if not path.exists():
            raise UsageError(f"there is no partner import named {graph[len(PARTNER_GRAPH_PREFIX):]!r}; "
                             f"imports: {_known_partners() or 'none'}")
        triples = sum(1 for q in ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS)
                      if q.graph_name == ox.NamedNode(graph))
        path.unlink()
        return ImportResult("removed", graph, triples, where=str(path))
    from cybernorms.graph.build.dataset import open_dataset

    with open_dataset(store_dir, progress=progress).store as store:
        return _remove_from(store, graph, store_dir, progress)


def _remove_from(store: Store, graph: str, store_dir: Path, progress: Progress) -> ImportResult:
    if graph not in store.graphs():
        partners = [g[len(PARTNER_GRAPH_PREFIX):] for g in store.graphs() if g.startswith(PARTNER_GRAPH_PREFIX)]
        raise UsageError(f"the store at {store_dir} has no partner graph {graph}; "
                         f"partner graphs: {', '.join(partners) or 'none'}")
    triples = store.count(graph)
    from cybernorms.graph.build.inferred import inferred_graphs, known_alone, partner_sources, replacement
    from cybernorms.graph.store.embedded import OxigraphStore
    from cybernorms.ontology.reasoning import reason

    curated = [q.triple for q in store.quads(INFERRED_GRAPH)]
    with OxigraphStore.memory() as rest:  # the dataset as it will be, to reason over before anything changes
        rest.add_quads(_without_partner(store, graph))
        others = known_alone(store, (g for g in partner_sources(store.graphs()) if g != graph))
        inferred = inferred_graphs(rest, reason, curated=curated, alone=others, progress=progress).graphs
    store.replace_graphs(replacement(store, {graph: [], PROVENANCE_GRAPH: _provenance_with(store, graph, []),
                                             **inferred}))
    return ImportResult("removed", graph, triples, where=str(store_dir))


def _known_partners() -> str:
    from cybernorms.graph.build.dataset import partner_files

    return ", ".join(path.stem for path in partner_files())


# -- the SHACL report --


def write_report(path: Path, problems: list[Problem]) -> None:
    """Write ``problems`` as a W3C SHACL validation report (Turtle) to ``path``.

    SHACL results of the shapes keep their shape's name; parsing and consistency problems
    are results of two constraint components of the ``cnsh:`` namespace,
    ``cnsh:SafeParsingConstraintComponent`` and ``cnsh:ConsistencyConstraintComponent``.
    """
    import rdflib
    from rdflib.namespace import SH

    from cybernorms.namespaces import expand

    report = rdflib.Graph()
    for prefix, namespace in PREFIXES.items():
        report.bind(prefix, namespace)
    root = rdflib.BNode()
    report.add((root, rdflib.RDF.type, SH.ValidationReport))
    report.add((root, SH.conforms, rdflib.Literal(not problems)))
    components = {"parsing": "SafeParsingConstraintComponent", "shacl": "",
                  "trust": "TrustBoundaryConstraintComponent", "consistency": "ConsistencyConstraintComponent"}
    for problem in problems:
        result = rdflib.BNode()
        report.add((root, SH.result, result))
        report.add((result, rdflib.RDF.type, SH.ValidationResult))
        report.add((result, SH.resultSeverity, SH.Violation))
        report.add((result, SH.focusNode, rdflib.URIRef(_expanded(problem.focus, expand))))
        report.add((result, SH.resultMessage, rdflib.Literal(problem.message)))
        if problem.path:
            report.add((result, SH.resultPath, rdflib.URIRef(_expanded(problem.path, expand))))
        if components[problem.check]:
            report.add((result, SH.sourceConstraintComponent, rdflib.URIRef(_CNSH + components[problem.check])))
        elif problem.rule.startswith("cnsh:"):
            report.add((result, SH.sourceShape, rdflib.URIRef(_expanded(problem.rule, expand))))
        report.add((result, rdflib.RDFS.comment, rdflib.Literal(f"{problem.check}: {problem.rule}")))
    atomic_write(path, report.serialize(format="turtle").encode("utf-8"))


def _expanded(text: str, expand: Callable[[str], str]) -> str:
    try:
        return expand(text)
    except ValueError:
        return text
