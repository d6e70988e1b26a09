"""The benchmark of remote stores: a push and every named query over HTTP, per engine.

``cybernorms bench --remote URL`` (repeatable) pushes the curated graph to each server
(:func:`cybernorms.graph.store.remote.push`, ``--clear`` first), times every named query's
median over the SPARQL protocol there and on the embedded store in the same run, and, with
``--remote-size N``, pushes a synthetic graph of about N triples too. The servers are the
user's: nothing is started here, and each one's dataset is replaced by what is pushed.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cybernorms.graph.store.embedded import Store
    from cybernorms.queries.run import PreparedQuery

__all__ = ["RemoteFigures", "measure_remote", "remote_section"]


@dataclass
class RemoteFigures:
    """What one server gave: its engine, push times, and the named queries' medians beside the embedded ones."""

    url: str
    engine: str = ""
    push_seconds: float = 0.0
    triples: int = 0
    remote_ms: dict[str, float] = field(default_factory=dict)
    embedded_ms: dict[str, float] = field(default_factory=dict)
    synthetic: list[tuple[int, float]] = field(default_factory=list)
    error: str = ""


def _median_ms(work: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def measure_remote(
    url: str,
    curated: Store,
    *,
    repeats: int = 5,
    synthetic: Sequence[Store] | None = None,
    say: Callable[[str], None] = lambda _: None,
) -> RemoteFigures:
    """Push ``curated`` (then each ``synthetic`` store) to ``url`` and time the named queries on the curated one."""
    from cybernorms.errors import CybernormsError
    from cybernorms.graph.store.remote import RemoteStore, push
    from cybernorms.queries.library import library
    from cybernorms.queries.run import prepare

    figures = RemoteFigures(url)
    try:
        for store in synthetic or []:
            with RemoteStore.from_url(url) as remote:
                say(f"pushing {len(store):,} synthetic statements to {url}")
                started = time.perf_counter()
                push(store, remote, clear=True)
                figures.synthetic.append((len(store), time.perf_counter() - started))
        with RemoteStore.from_url(url) as remote:
            say(f"pushing the curated graph to {url}")
            started = time.perf_counter()
            _, figures.triples = push(curated, remote, clear=True)
            figures.push_seconds = time.perf_counter() - started
            figures.engine = remote.endpoints.engine
            for name in sorted(library()):
                prepared = prepare(name)

                def far(p: PreparedQuery = prepared) -> object:
                    return remote.query(p.text, p.params)

                def near(p: PreparedQuery = prepared) -> object:
                    return curated.query(p.text, p.params)

                figures.remote_ms[name] = _median_ms(far, repeats)
                figures.embedded_ms[name] = _median_ms(near, repeats)
    except CybernormsError as error:
        figures.error = str(error)
    return figures


def remote_section(results: list[RemoteFigures]) -> list[str]:
    """The report's section on remote stores (Markdown lines)."""
    if not results:
        return []
    lines = ["## Remote stores", "",
             "The curated graph pushed (`push --clear`) to each server, then every named query timed over the "
             "SPARQL protocol there and on the embedded store in the same run (medians).", "",
             "| server | engine | push of the curated graph | median named query, HTTP | median, embedded | "
             "ratio | synthetic pushes |",
             "|---|---|---:|---:|---:|---:|---|"]
    for r in results:
        if r.error:
            lines.append(f"| {r.url} | {r.engine or '?'} | failed: {r.error[:120]} | | | | |")
            continue
        remote = statistics.median(r.remote_ms.values())
        embedded = statistics.median(r.embedded_ms.values())
        pushes = "; ".join(f"{n:,} statements in {s:.1f} s" for n, s in r.synthetic) or "–"
        lines.append(f"| {r.url} | {r.engine} | {r.push_seconds:.1f} s ({r.triples:,} statements) | "
                     f"{remote:.1f} ms | {embedded:.2f} ms | {remote / embedded:.0f}× | {pushes} |")
    lines.append("")
    return lines
