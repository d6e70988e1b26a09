"""The family modules of the command line: what each command hands to the library."""

from __future__ import annotations

import argparse
import subprocess
import sys

import pytest

from cybernorms import cli
from cybernorms.cli._options import progress_for, silent
from cybernorms.cli.serve import add_loadtest_arguments, loadtest_options
from cybernorms.server.loadtest import LoadTestOptions, bounds_problem


def loadtest_args(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_loadtest_arguments(parser)
    return parser.parse_args(list(argv))


def test_loadtest_defaults_are_the_library_defaults() -> None:
    assert loadtest_options(loadtest_args()) == LoadTestOptions()


def test_loadtest_options_reach_the_library_typed() -> None:
    options = loadtest_options(loadtest_args("--clients", "3", "--duration", "2", "--exclude", "lineage",
                                             "--server-arg=--max-rows=5", "--simple-only"))
    assert (options.clients, options.duration, options.exclude, options.server_arg, options.simple_only) == (
        3, 2.0, ("lineage",), ("--max-rows=5",), True)


def test_loadtest_refuses_an_unbounded_run(capsys: pytest.CaptureFixture[str]) -> None:
    assert bounds_problem(LoadTestOptions(duration=601)) is not None
    assert cli.main(["loadtest", "--duration", "601"]) == 2
    assert capsys.readouterr().err == (
        "cybernorms: error: bounded runs only: duration <= 600 s, clients <= 500, runaways <= 100 "
        "(see 'cybernorms loadtest --help')\n"
    )


def test_loadtest_is_a_subcommand() -> None:
    done = subprocess.run([sys.executable, "-m", "cybernorms", "loadtest", "--help"],
                          capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.startswith("usage: cybernorms loadtest ")
    assert "--runaways" in done.stdout


def test_progress_is_one_line_on_stderr_unless_quiet(capsys: pytest.CaptureFixture[str]) -> None:
    progress_for(False)("reasoning")
    assert capsys.readouterr() == ("", "… reasoning\n")
    assert progress_for(argparse.Namespace(quiet=True)) is silent
    assert progress_for(argparse.Namespace()) is not silent
