"""The commands of measurement: ``bench`` (the benchmark) and ``synth`` (synthetic data).

The options are built from the defaults of :mod:`cybernorms.bench.run` and
:mod:`cybernorms.bench.synth`, which are cheap to import; the work is theirs.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

from cybernorms.bench.run import DEFAULT_SIZES, QUERY_CAP, RDFLIB_QUERY_CAP
from cybernorms.bench.synth import FIRST_YEAR
from cybernorms.cli._options import is_quiet, progress_for

__all__ = ["add_bench_arguments", "add_synth_arguments", "run_bench", "run_synth"]


def add_bench_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``cybernorms bench``."""
    parser.add_argument("--sizes", default=DEFAULT_SIZES, metavar="N,N,...",
                        help=f"synthetic graph sizes in triples (default {DEFAULT_SIZES})")
    parser.add_argument("--out", type=Path, metavar="FILE",
                        help="write the Markdown report there (e.g. docs/benchmarks.md)")
    parser.add_argument("--repeats", type=int, default=5, help="runs per query for the median (default 5)")
    parser.add_argument("--cap", type=float, default=QUERY_CAP, metavar="SECONDS",
                        help=f"stop an Oxigraph query past this (default {QUERY_CAP:g})")
    parser.add_argument("--rdflib-cap", type=float, default=RDFLIB_QUERY_CAP, metavar="SECONDS",
                        help=f"stop an rdflib query past this (default {RDFLIB_QUERY_CAP:g})")
    parser.add_argument("--remote", action="append", default=[], metavar="URL",
                        help="also push the curated graph to this SPARQL server and time the named queries there "
                        "(repeatable; the server's dataset is replaced)")
    parser.add_argument("--remote-size", type=float, action="append", default=[], metavar="N",
                        help="with --remote, first push a synthetic graph of about N triples, timed (repeatable)")
    parser.add_argument("--import-mb", type=float, action="append", default=[], metavar="MB",
                        help="also import a synthetic partner N-Triples file of about MB megabytes into a store of "
                        "the built dataset, timed step by step with its peak memory (repeatable; e.g. 50)")
    parser.add_argument("--no-browser", action="store_true",
                        help="do not time the pages in headless Chromium (timed by default where chromium, "
                        "chromedriver and selenium are found)")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only the report")


def run_bench(args: argparse.Namespace) -> int:
    """``cybernorms bench``: measure, print the report, and write it with ``--out``."""
    from cybernorms.bench.run import parse_sizes, report, run_benchmark

    say = progress_for(is_quiet(args))
    sizes = parse_sizes(args.sizes) if args.sizes else []
    curated, results = run_benchmark(sizes, repeats=args.repeats, cap=args.cap,
                                     rdflib_cap=args.rdflib_cap, say=say, browser=not args.no_browser)
    text = report(curated, results, args.cap, args.rdflib_cap)
    if args.remote:
        text += "\n" + "\n".join(_remote_report(args, say))
    if args.import_mb:
        text += "\n" + "\n".join(_import_report(args.import_mb, say))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")
        say(f"wrote {args.out}")
    print(text)
    return 0


def _remote_report(args: argparse.Namespace, say: Callable[[str], None]) -> list[str]:
    """Measure each ``--remote`` server (:mod:`cybernorms.bench.remote`)."""
    from cybernorms.bench.remote import measure_remote, remote_section
    from cybernorms.bench.synth import synthetic_store_of_size
    from cybernorms.graph.build.dataset import open_dataset

    curated = open_dataset(progress=say).store
    synthetic = [synthetic_store_of_size(int(n)) for n in args.remote_size]
    return remote_section([measure_remote(url, curated, repeats=args.repeats, synthetic=synthetic, say=say)
                           for url in args.remote])


def _import_report(sizes: list[float], say: Callable[[str], None]) -> list[str]:
    """Measure a partner import of each size (:mod:`cybernorms.bench.partner_import`) into a copy of the dataset."""
    import tempfile

    from cybernorms.bench.partner_import import import_section, measure_import, write_partner_file
    from cybernorms.graph.build.dataset import open_dataset
    from cybernorms.graph.store.embedded import OxigraphStore

    figures = []
    with tempfile.TemporaryDirectory(prefix="cybernorms-import-bench-") as folder:
        built = open_dataset(progress=say).store
        for megabytes in sizes:
            store_dir = Path(folder) / f"store-{megabytes:g}"
            with OxigraphStore.open(store_dir) as store:
                store.add_quads(built.quads())
            path = Path(folder) / f"partner-{megabytes:g}.nt"
            triples = write_partner_file(path, megabytes)
            say(f"importing a {megabytes:g} MB partner file ({triples:,} triples)")
            figures.append(measure_import(path, store_dir, megabytes=megabytes, triples=triples))
    return import_section(figures)


def add_synth_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``cybernorms synth``."""
    parser.add_argument("--states", type=int, required=True, metavar="N",
                        help="how many states (the UN's 193 first, then user-assigned codes)")
    parser.add_argument("--years", type=int, required=True, metavar="Y", help=f"how many years from {FIRST_YEAR}")
    parser.add_argument("--seed", type=int, default=0, metavar="S", help="the random seed (default 0)")
    parser.add_argument("--out", type=Path, required=True, metavar="FILE", help="the .nq or .trig file to write")


def run_synth(args: argparse.Namespace) -> int:
    """``cybernorms synth --states N --years Y [--seed S] --out FILE``."""
    from cybernorms.bench.synth import write

    started = time.perf_counter()
    count = write(args.out, args.states, args.years, args.seed)
    print(f"wrote {count:,} quads ({args.states} states, {args.years} years, seed {args.seed}) to {args.out} "
          f"in {time.perf_counter() - started:.1f} s")
    return 0
