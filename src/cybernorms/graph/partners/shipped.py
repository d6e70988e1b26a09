"""The partner data shipped with the package, admitted into every built dataset through the import gate.

The package ships one partner dataset: the Paris Call supporters list, ``data/paris-call-supporters.csv``
beside this module (its source and licence in ``data/README.md``: the public repository
``ambanum/pariscall.international``, EUPL 1.2). A build (:func:`cybernorms.graph.build.dataset.open_dataset`,
so ``cybernorms build``, ``cybernorms build --out out``, ``--store DIR`` and ``cybernorms.load()``) reads it
with the Paris Call reader (:mod:`cybernorms.graph.partners.paris_call`) and admits its two graphs,
``partner/iso-3166`` and ``partner/paris-call``, with :func:`cybernorms.graph.partners.gate.admit_into`: the
same SHACL and consistency checks as ``cybernorms import``, the same provenance (``cn:PartnerGraph``, the file
name, its SHA-256), so the built dataset is one dataset in which the supporters are marked as the partner's.

The provenance's ``prov:generatedAtTime`` is the data release's day (``DATA_RELEASED``), not the clock, so
that two builds of the same files are the same dataset. The files that decide what this step adds (the CSV,
the reader, the gate, this module) are part of the build's cache key
(:data:`cybernorms.graph.build.dataset.SHIPPED_PARTNER_FILES`).

A user's own import of either graph (``cybernorms paris-call import CSV --replace``) takes the list's place:
both shipped graphs are then left out of the build, since the supporters name the states of the other graph. The shipped data is added only to a dataset whose
curated data describes the Call (``document/paris-call-2018``): a test's small fixture data does not.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Collection
from pathlib import Path
from typing import TYPE_CHECKING

from cybernorms._version import DATA_RELEASED

if TYPE_CHECKING:
    from cybernorms.graph.store.embedded import Store
    from cybernorms.ontology.reasoning import ReasoningReport

__all__ = ["PARIS_CALL_CSV", "SHIPPED_AT", "add_shipped"]

HERE = Path(__file__).resolve().parent
#: The Paris Call supporters list, as extracted from ``ambanum/pariscall.international`` (``data/README.md``).
PARIS_CALL_CSV = HERE / "data" / "paris-call-supporters.csv"
#: The import time the shipped graphs' provenance gives: the data release's day, midnight UTC.
SHIPPED_AT = _dt.datetime.combine(DATA_RELEASED, _dt.time(0, 0), tzinfo=_dt.timezone.utc)

Progress = Callable[[str], None]


def _silent(_: str) -> None:
    return None


def add_shipped(store: Store, *, skip: Collection[str] = (), progress: Progress = _silent) -> ReasoningReport | None:
    """Admit the shipped partner graphs into ``store``, which holds the compiled curated data.

    ``skip`` names partner graphs (IRIs) the user imported themselves, which replace the shipped ones.
    Returns the reasoning of the last graph's check (over all that ``store`` then asserts), or None when
    nothing was added. A shipped graph the gate refuses is an error of the package: it raises
    :class:`~cybernorms.graph.partners.gate.ImportRejected` with every problem.
    """
    from cybernorms.graph.partners.gate import admit_into, partner_graph
    from cybernorms.graph.partners.paris_call import PARIS_CALL, convert, read_graphs

    if not _describes(store, PARIS_CALL):
        progress("no shipped partner data: the curated data does not describe document/paris-call-2018")
        return None
    conversion = convert(PARIS_CALL_CSV)
    graphs = list(read_graphs(PARIS_CALL_CSV, conversion))
    own = [name for name, _ in graphs if partner_graph(name) in skip]
    if own:  # the two graphs are one list: the supporters name the states of the other
        progress(f"the user's own import ({', '.join(own)}) takes the place of the shipped Paris Call list, "
                 "which is left out")
        return None
    reasoning = None
    for name, parsed in graphs:
        graph = partner_graph(name)
        progress(f"admitting the shipped partner graph {name} ({len(parsed.quads):,} statements) through the gate")
        reasoning = admit_into(store, parsed, graph, now=SHIPPED_AT, progress=progress)
    return reasoning


def _describes(store: Store, iri: str) -> bool:
    """Whether ``store`` gives ``iri`` a type (the curated data describes it)."""
    return bool(store.query(f"ASK {{ <{iri}> a ?class }}").boolean)
