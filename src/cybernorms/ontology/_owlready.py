"""Run HermiT through owlready2 on an rdflib graph: a fresh World per call, no chatter.

owlready2 reads N-Triples (not Turtle), writes the whole World back to a temporary
N-Triples file, runs its bundled HermiT with ``java`` in a subprocess and stores what HermiT
answers in an ontology it names ``http://inferrences/`` (sic). This module hides the quirks
found with owlready2 0.51:

* ``owl:imports`` makes ``Ontology.load`` download the imported ontology: the caller strips
  the imports first (see ``reasoning``);
* HermiT rejects literals of datatypes outside the OWL 2 datatype map (``xsd:date``,
  ``xsd:gYear``) unless told to ignore them, so they are ignored;
* the Java executable is the module global ``owlready2.JAVA_EXE`` and the temporary file goes
  to ``tempfile``'s default directory and is left behind when HermiT fails or finds the
  ontology inconsistent: both are set for the call only, under a lock, and the file lives in a
  temporary directory removed afterwards;
* with ``debug=0`` it prints nothing, but stdout and stderr are captured anyway;
* Java's heap is ``owlready2.reasoning.JAVA_MEMORY`` (2,000 MB by default), which the JVM fills
  before it collects: the heap is sized for the input instead (:func:`java_heap_mb`; HermiT
  realises 40,000 triples, the curated data with a 5 MB partner file, in a 450 MB heap, at
  about 600 MB resident against 1,500 MB with the default), or set with ``CYBERNORMS_JAVA_MEMORY``.

:func:`hermit_consistent` runs HermiT's own command line (``org.semanticweb.HermiT.cli.CommandLine``,
in the jar owlready2 bundles) with ``-k``: whether ``owl:Thing`` is satisfiable, which HermiT answers by
building one model of the whole input, the exact consistency check without the realisation that
owlready2 asks for (every type of every individual: about a hundred times longer). Measured on the
curated data with a 50 MB partner file (362,479 triples): 15 s in a 450 MB heap (543 MB resident);
a 400 MB heap runs out.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import rdflib

#: Environment variable naming the Java executable; a path that does not exist simulates a
#: machine without Java (the OWL 2 RL fallback).
JAVA_ENV = "CYBERNORMS_JAVA"

#: Environment variable setting Java's heap for HermiT, in MB (default: :func:`java_heap_mb`).
JAVA_MEMORY_ENV = "CYBERNORMS_JAVA_MEMORY"

_INPUT_IRI = "urn:cybernorms:reasoning-input"
_INFERENCES_IRI = "http://inferrences/"  # owlready2's own spelling
_LOCK = threading.Lock()


class HermitFailed(Exception):
    """HermiT could not run (Java error, unreadable input): the message says why."""


def find_java() -> tuple[str | None, str]:
    """The Java executable to run HermiT with (``None`` when there is none) and where it was sought."""
    configured = os.environ.get(JAVA_ENV)
    if configured:
        return shutil.which(configured), f"{JAVA_ENV}={configured}"
    java_home = os.environ.get("JAVA_HOME")
    if java_home:
        found = shutil.which(os.path.join(java_home, "bin", "java"))
        if found:
            return found, "JAVA_HOME"
    return shutil.which("java"), "PATH"


def java_heap_mb(triples: int) -> int:
    """Java's heap for HermiT on ``triples`` triples, in MB: ``CYBERNORMS_JAVA_MEMORY`` when set, else
    256 MB and 5 KB per triple, from 384 MB to 2,000 MB (owlready2's default, the most it ever had)."""
    configured = os.environ.get(JAVA_MEMORY_ENV, "").strip()
    if configured:
        try:
            return max(int(configured), 64)
        except ValueError:
            raise HermitFailed(f"{JAVA_MEMORY_ENV}={configured!r} is not a number of megabytes (e.g. 1500)") from None
    return min(max(256 + triples // 200, 384), 2000)


def consistency_heap_mb(triples: int) -> int:
    """Java's heap for HermiT's consistency check of ``triples`` triples, in MB: ``CYBERNORMS_JAVA_MEMORY``
    when set, else 128 MB and 1 KB per triple, from 256 MB to 4,000 MB (450 MB held 362,479 triples)."""
    configured = os.environ.get(JAVA_MEMORY_ENV, "").strip()
    if configured:
        return java_heap_mb(triples)
    return min(max(128 + triples // 1000, 256), 4000)


def hermit_consistent(graph: rdflib.Graph, java: str) -> bool:
    """Whether HermiT finds ``graph`` consistent (its command line's ``-k``; see the module docstring).

    A heap that runs out is doubled once (unless ``CYBERNORMS_JAVA_MEMORY`` fixed it). Raises
    :class:`HermitFailed` when HermiT cannot answer.
    """
    with tempfile.TemporaryDirectory(prefix="cybernorms-hermit-") as tmp:
        path = Path(tmp) / "input.nt"
        graph.serialize(destination=str(path), format="nt", encoding="utf-8")
        return hermit_consistent_file(path, len(graph), java)


def hermit_consistent_file(path: Path, triples: int, java: str) -> bool:
    """Whether HermiT finds the N-Triples file ``path`` (of about ``triples`` triples) consistent; as
    :func:`hermit_consistent`, for a caller that writes the file itself."""
    heap = consistency_heap_mb(triples)
    done = _check_consistency(java, heap, path)
    if "OutOfMemoryError" in done.stderr and not os.environ.get(JAVA_MEMORY_ENV, "").strip():
        heap = min(heap * 2, 8000)
        done = _check_consistency(java, heap, path)
    if done.returncode == 0 and "is satisfiable" in done.stdout:
        return True
    if "InconsistentOntologyException" in done.stderr:
        return False
    if "OutOfMemoryError" in done.stderr:
        raise HermitFailed(f"Java ran out of its {heap} MB heap checking {triples:,} triples; "
                           f"set {JAVA_MEMORY_ENV} to more megabytes (e.g. {min(heap * 2, 8000)})")
    raise HermitFailed(_java_message(done.stderr or done.stdout))


def _check_consistency(java: str, heap_mb: int, path: Path) -> subprocess.CompletedProcess[str]:
    import owlready2.reasoning

    command = [java, f"-Xmx{heap_mb}M", "-XX:+UseSerialGC", "-cp", owlready2.reasoning._HERMIT_CLASSPATH,
               "org.semanticweb.HermiT.cli.CommandLine", "-k", "--ignoreUnsupportedDatatypes", path.as_uri()]
    try:
        return subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError as exc:
        raise HermitFailed(f"{type(exc).__name__}: {exc}") from None


def run_hermit(graph: rdflib.Graph, java: str) -> rdflib.Graph | None:
    """HermiT's new facts about ``graph``, or ``None`` when HermiT proves it inconsistent.

    The facts are what owlready2 stores from HermiT's answer (classification, direct types,
    object property values), minus what the input states. Raises :class:`HermitFailed`.
    """
    import owlready2

    data = graph.serialize(format="nt", encoding="utf-8")
    heap = java_heap_mb(len(graph))
    with _LOCK, tempfile.TemporaryDirectory(prefix="cybernorms-hermit-") as tmp, _quiet(), \
            _owlready_settings(java, tmp, heap):
        world = owlready2.World()
        try:
            return _reason_in(world, data)
        except HermitFailed as exc:
            if "OutOfMemoryError" in str(exc) or "heap space" in str(exc):
                raise HermitFailed(f"Java ran out of its {heap} MB heap reasoning over {len(graph):,} triples; "
                                   f"set {JAVA_MEMORY_ENV} to more megabytes (e.g. {min(heap * 2, 8000)})") from None
            raise
        finally:
            world.close()


def _reason_in(world: object, data: bytes) -> rdflib.Graph | None:
    import owlready2

    try:
        ontology = world.get_ontology(_INPUT_IRI)  # type: ignore[attr-defined]
        ontology.load(fileobj=io.BytesIO(data), format="ntriples")
        owlready2.sync_reasoner_hermit(
            world, infer_property_values=True, debug=0, ignore_unsupported_datatypes=True
        )
    except owlready2.OwlReadyInconsistentOntologyError:
        return None
    except owlready2.OwlReadyJavaError as exc:
        raise HermitFailed(_java_message(str(exc))) from None
    except (owlready2.OwlReadyError, OSError) as exc:
        raise HermitFailed(f"{type(exc).__name__}: {exc}") from None
    found = io.BytesIO()
    world.get_ontology(_INFERENCES_IRI).save(file=found, format="ntriples")  # type: ignore[attr-defined]
    inferred = rdflib.Graph().parse(data=found.getvalue().decode("utf-8"), format="nt")
    inferred.remove((rdflib.URIRef(_INFERENCES_IRI.rstrip("/")), None, None))
    return inferred


def _java_message(text: str) -> str:
    """The line of owlready2's Java error that says what went wrong."""
    lines = [line.strip() for line in text.replace("Java error message is:", "").splitlines() if line.strip()]
    for line in lines:
        if "Exception" in line:
            return line.split("Exception: ", 1)[-1]
    return lines[-1] if lines else "Java exited with an error and no message"


@contextlib.contextmanager
def _owlready_settings(java: str, tmpdir: str, heap_mb: int) -> Iterator[None]:
    """Point owlready2 at ``java``, ``tempfile`` at ``tmpdir`` and Java's heap at ``heap_mb`` for one call."""
    import owlready2
    import owlready2.reasoning

    saved_java, saved_tmp, saved_heap = owlready2.JAVA_EXE, tempfile.tempdir, owlready2.reasoning.JAVA_MEMORY
    owlready2.JAVA_EXE, tempfile.tempdir, owlready2.reasoning.JAVA_MEMORY = java, tmpdir, heap_mb
    try:
        yield
    finally:
        owlready2.JAVA_EXE, tempfile.tempdir, owlready2.reasoning.JAVA_MEMORY = saved_java, saved_tmp, saved_heap


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    sink = io.StringIO()
    with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
        yield
