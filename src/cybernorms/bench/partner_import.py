"""The bounded-resources benchmark of a partner import: time per step and peak memory for a file of N MB.

The target (``docs/benchmarks.md``, "A partner import"): a 50 MB N-Triples partner file (about 350,000
triples) imported into a store of the curated data in at most 5 minutes on the project's 2-core
machine, with a peak memory of at most 1 GB + 10 times the file's size. A synthetic partner's file is
written (:func:`write_partner_file`: organisations with a type, a label, a description, the state they
are based in, and a supporting link to a curated forum: what a tracker of cyber policy sends), then
imported by ``cybernorms import FILE --store DIR`` in a process of its own, whose progress lines are
timed (the steps: parsing, the trust boundary, SHACL, the reasoner, the write) and whose peak resident
memory, with its children's (HermiT's Java), is read from ``psutil``.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["ImportFigures", "import_section", "measure_import", "write_partner_file"]

_CN = "https://w3id.org/cybernorms/ontology#"
_ID = "https://w3id.org/cybernorms/id/"
_KINDS = ("Corporation", "CivilSocietyOrganization", "ResearchInstitute")
#: The curated states and forums the synthetic organisations are based in and support.
STATES = tuple(f"{_ID}state/{code}" for code in ("usa", "fra", "deu", "gbr", "chn", "rus", "bra", "ind", "jpn", "zaf"))
FORUMS = tuple(f"{_ID}forum/{slug}" for slug in ("gcsc", "un-oewg-2019-2021"))


def write_partner_file(path: Path, megabytes: float, *, seed: int = 0, states: Sequence[str] = STATES,
                       forums: Sequence[str] = FORUMS) -> int:
    """Write a synthetic partner's N-Triples file of about ``megabytes`` MB to ``path``; the triples written.

    ``states`` and ``forums`` are IRIs the dataset holds (a state, a forum), which the organisations are based
    in and support."""
    rng = random.Random(seed)
    target = int(megabytes * 1_000_000)
    written = triples = 0
    with path.open("w", encoding="utf-8") as out:
        index = 0
        while written < target:
            iri = f"<https://tracker.example/org/{index}>"
            lines = [
                f"{iri} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{_CN}{rng.choice(_KINDS)}> .",
                f'{iri} <http://www.w3.org/2000/01/rdf-schema#label> "Organisation {index} of the tracker"@en .',
                f'{iri} <http://purl.org/dc/terms/description> "An organisation the tracker follows, number {index}, '
                f'with an interest in the norms of responsible state behaviour."@en .',
                f"{iri} <{_CN}basedIn> <{rng.choice(states)}> .",
                f"{iri} <{_CN}supports> <{rng.choice(forums)}> .",
            ]
            text = "\n".join(lines) + "\n"
            out.write(text)
            written += len(text.encode("utf-8"))
            triples += len(lines)
            index += 1
    return triples


@dataclass
class ImportFigures:
    """What one measured import did: the file, the outcome, seconds per step, and peak memory."""

    megabytes: float
    triples: int
    exit_code: int
    seconds: float
    peak_mb: float
    steps: list[tuple[str, float]] = field(default_factory=list)
    message: str = ""

    @property
    def limit_mb(self) -> float:
        """The memory target: 1 GB plus ten times the file's size."""
        return 1000 + 10 * self.megabytes


def measure_import(path: Path, store_dir: Path, *, megabytes: float, triples: int,
                   timeout: float = 1800) -> ImportFigures:
    """Import ``path`` into ``store_dir`` with ``cybernorms import`` in a process of its own, timing its steps."""
    try:
        import psutil
    except ImportError:
        from cybernorms.errors import UsageError

        raise UsageError("measuring an import's memory needs psutil: pip install psutil (or the test extra)") from None

    command = [sys.executable, "-m", "cybernorms", "import", str(path), "--graph", "tracker", "--replace",
               "--store", str(store_dir), "--max-size", str(max(megabytes * 2, 100))]
    started = time.perf_counter()
    lines: list[tuple[float, str]] = []
    peak = 0.0
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as process:
        watched = psutil.Process(process.pid)

        def read() -> None:
            assert process.stderr is not None
            for line in process.stderr:
                lines.append((time.perf_counter() - started, line.strip()))

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        while process.poll() is None:
            peak = max(peak, _tree_rss_mb(watched))
            if time.perf_counter() - started > timeout:
                process.kill()
                break
            time.sleep(0.2)
        process.wait()
        reader.join(timeout=5)
        out = process.stdout.read() if process.stdout else ""
    seconds = time.perf_counter() - started
    steps: list[tuple[str, float]] = []
    marks = [(at, line.lstrip("… ")) for at, line in lines if line.startswith("…")]
    for (at, line), following in zip(marks, [*(m[0] for m in marks[1:]), seconds]):
        steps.append((line, following - at))
    message = out.strip().splitlines()[0] if out.strip() else (lines[-1][1] if lines else "")
    return ImportFigures(megabytes, triples, process.returncode, seconds, peak, steps, message)


def _tree_rss_mb(process: object) -> float:
    import psutil

    assert isinstance(process, psutil.Process)
    try:
        total = process.memory_info().rss
        for child in process.children(recursive=True):
            try:
                total += child.memory_info().rss
            except psutil.Error:
                pass
    except psutil.Error:
        return 0.0
    return total / 1_000_000


def import_section(figures: list[ImportFigures]) -> list[str]:
    """The Markdown section of the import figures: one table per import, its steps, the targets."""
    lines = ["## A partner import", "",
             "A synthetic partner's N-Triples file imported with `cybernorms import FILE --store DIR` into a store of the "
             "built dataset (`cybernorms bench --import-mb MB`); peak memory is the import's process and its "
             "children (HermiT's Java).", ""]
    for found in figures:
        time_met = "met" if found.exit_code == 0 and found.seconds <= 300 else "**missed**"
        memory_met = "met" if found.peak_mb <= found.limit_mb else "**missed**"
        lines += [f"### {found.megabytes:g} MB, {found.triples:,} triples: exit {found.exit_code}", "",
                  "| step | seconds |", "|---|---|",
                  *(f"| {step} | {seconds:.1f} |" for step, seconds in found.steps),
                  f"| **all** | **{found.seconds:.1f}** |", "",
                  f"- time: {found.seconds:.0f} s (target for 50 MB: 300 s): {time_met if found.megabytes >= 50 else 'reported'}",
                  f"- peak memory: {found.peak_mb:,.0f} MB (target {found.limit_mb:,.0f} MB): {memory_met}",
                  f"- outcome: {found.message}", ""]
    return lines
