"""The command line as a user meets it: version, help, one-line errors and exit codes,
both in a real process and through ``main()``."""

from __future__ import annotations

import argparse
import importlib
import os
import re
import subprocess
import sys
from collections.abc import Callable
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from cybernorms import cli
from cybernorms.errors import CheckFailed

#: Every subcommand, so that none can drop out of the command line unnoticed.
SUBCOMMANDS = [
    "analyze", "bench", "build", "diff", "export", "import", "load", "loadtest", "paris-call", "push",
    "queries", "query", "reason", "search", "serve", "similar", "synth", "validate", "verify", "viz",
]
#: The subcommands that work on a dataset, and so take --store (loadtest passes its own to a server).
STORE_SUBCOMMANDS = [c for c in SUBCOMMANDS if c not in ("bench", "diff", "loadtest", "queries", "synth")]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cybernorms", *args],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


def add_command(monkeypatch: pytest.MonkeyPatch, run_it: Callable[[argparse.Namespace], int]) -> None:
    """Register a throwaway subcommand ``probe`` that runs ``run_it``."""
    probe = cli.Command("probe", "a test command", run_it, parents=("store",))
    monkeypatch.setattr(cli, "COMMANDS", (*cli.COMMANDS, probe))


# -- in a real process --


def test_version_in_a_process() -> None:
    done = run("--version")
    assert (done.returncode, done.stdout, done.stderr) == (0, "cybernorms 0.1.0 (data 2026.12 of 2026-12-02)\n", "")


def test_help_in_a_process_lists_the_commands() -> None:
    done = run("--help")
    assert done.returncode == 0
    for name in SUBCOMMANDS:
        assert re.search(rf"\n    {re.escape(name)}\s", done.stdout), name


def test_unknown_subcommand_in_a_process_is_one_line() -> None:
    done = run("frobnicate")
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1
    assert done.stderr.startswith("cybernorms: error: argument COMMAND: invalid choice: 'frobnicate'")
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("name", STORE_SUBCOMMANDS)
def test_subcommand_help_in_a_process(name: str) -> None:
    words = (name, "import") if name == "paris-call" else (name,)  # paris-call's actions have their own options
    done = run(*words, "--help")
    assert done.returncode == 0
    assert done.stdout.startswith(f"usage: cybernorms {' '.join(words)} ")
    assert "--store DIR" in done.stdout
    assert "--quiet" in done.stdout


def test_help_does_not_import_the_heavy_parts() -> None:
    code = (
        "import sys\nfrom cybernorms.cli import main\nmain(['--help'])\n"
        "print(sorted(m for m in ('pyoxigraph', 'rdflib', 'owlready2', 'networkx') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.splitlines()[-1] == "[]"


def test_internal_error_hides_the_traceback_unless_debugging() -> None:
    # A real process whose build implementation has a bug.
    code = (
        "import sys, types\n"
        "import cybernorms.cli.dataset as fake\n"
        "fake.run_build = lambda args: 1 // 0\n"
        "from cybernorms.cli import main\n"
        "sys.exit(main(['build']))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "CYBERNORMS_DEBUG"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env)
    assert done.returncode == 70
    assert done.stderr == (
        "cybernorms: internal error: ZeroDivisionError: integer division or modulo by zero "
        "(set CYBERNORMS_DEBUG=1 for the traceback)\n"
    )
    env["CYBERNORMS_DEBUG"] = "1"
    debug = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env)
    assert debug.returncode == 1
    assert "Traceback (most recent call last)" in debug.stderr
    assert debug.stderr.rstrip().endswith("ZeroDivisionError: integer division or modulo by zero")


def test_console_script_points_at_main() -> None:
    (script,) = entry_points(group="console_scripts", name="cybernorms")
    assert script.value == "cybernorms.cli:main"


# -- through main() --


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--version"]) == 0
    assert capsys.readouterr().out == "cybernorms 0.1.0 (data 2026.12 of 2026-12-02)\n"


def test_no_subcommand_prints_help_and_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main([]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("usage: cybernorms ")


def test_unknown_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["frobnicate"]) == 2
    err = capsys.readouterr().err
    choices = ", ".join(f"'{name}'" for name in SUBCOMMANDS)
    assert err.splitlines() == [
        "cybernorms: error: argument COMMAND: invalid choice: 'frobnicate' "
        f"(choose from {choices}) (see 'cybernorms --help')"
    ]


def test_unknown_option_points_at_the_subcommand_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["reason", "--bogus"]) == 2
    assert capsys.readouterr().err == (
        "cybernorms: error: unrecognized arguments: --bogus (see 'cybernorms reason --help')\n"
    )


@pytest.mark.parametrize(
    ("name", "has_ontology"),
    [pytest.param("build", False, id="build"), pytest.param("reason", True, id="reason"),
     pytest.param("validate", True, id="validate")],
)
def test_subcommand_help(name: str, has_ontology: bool, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main([name, "--help"]) == 0
    out = capsys.readouterr().out
    assert "--store DIR" in out
    assert "-q, --quiet" in out
    assert ("--ontology FILE" in out) is has_ontology


@pytest.mark.parametrize(
    ("argv", "module", "function"),
    [
        pytest.param(["build"], "cybernorms.cli.dataset", "run_build", id="build"),
        pytest.param(["reason"], "cybernorms.cli.dataset", "run_reason", id="reason"),
        pytest.param(["validate"], "cybernorms.cli.dataset", "run_validate", id="validate"),
    ],
)
def test_subcommands_hand_their_options_to_the_implementation(
    argv: list[str], module: str, function: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    seen: list[argparse.Namespace] = []

    def implementation(args: argparse.Namespace) -> int:
        seen.append(args)
        return 3

    monkeypatch.setattr(importlib.import_module(module), function, implementation)
    assert cli.main([*argv, "--store", str(tmp_path), "--quiet"]) == 3
    (args,) = seen
    assert (args.command, args.store, args.quiet) == (argv[0], tmp_path, True)
    if argv[0] != "build":
        assert args.ontology is None


def test_ontology_option_is_a_path(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[argparse.Namespace] = []

    def implementation(args: argparse.Namespace) -> int:
        seen.append(args)
        return 0

    monkeypatch.setattr(importlib.import_module("cybernorms.cli.dataset"), "run_validate", implementation)
    assert cli.main(["validate", "--ontology", "fixtures/bad.ttl"]) == 0
    assert seen[0].ontology == Path("fixtures/bad.ttl")
    assert seen[0].store is None
    assert seen[0].quiet is False


def test_cybernorms_error_is_one_line_with_its_exit_code(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def fails(args: argparse.Namespace) -> int:
        raise CheckFailed("3 lint findings in cybernorms.ttl")

    add_command(monkeypatch, fails)
    assert cli.main(["probe"]) == 1
    assert capsys.readouterr().err == "cybernorms: error: 3 lint findings in cybernorms.ttl\n"


def test_interrupt_exits_130(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    def interrupted(args: argparse.Namespace) -> int:
        raise KeyboardInterrupt

    add_command(monkeypatch, interrupted)
    assert cli.main(["probe"]) == 130
    assert capsys.readouterr().err == "cybernorms: interrupted\n"


def test_internal_error(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    def buggy(args: argparse.Namespace) -> int:
        raise KeyError("missing")

    add_command(monkeypatch, buggy)
    monkeypatch.delenv("CYBERNORMS_DEBUG", raising=False)
    assert cli.main(["probe"]) == 70
    assert capsys.readouterr().err == (
        "cybernorms: internal error: KeyError: 'missing' (set CYBERNORMS_DEBUG=1 for the traceback)\n"
    )
    monkeypatch.setenv("CYBERNORMS_DEBUG", "1")
    with pytest.raises(KeyError, match="missing"):
        cli.main(["probe"])


def test_store_error_from_a_command_reaches_the_user(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    def opens(args: argparse.Namespace) -> int:
        from cybernorms.graph.store import open_store

        open_store(args.store, read_only=True)
        return 0

    add_command(monkeypatch, opens)
    assert cli.main(["probe", "--store", str(tmp_path / "none")]) == 2
    assert capsys.readouterr().err == (
        f"cybernorms: error: there is no store at {tmp_path / 'none'}; "
        f"build one first (cybernorms build --store {tmp_path / 'none'})\n"
    )


def test_every_command_has_a_lazy_runner() -> None:
    names = [c.name for c in cli.COMMANDS]
    assert sorted(names) == SUBCOMMANDS
    for command in cli.COMMANDS:
        # named as "module:function" in a family module of cybernorms.cli, imported only when it runs
        assert isinstance(command.run, str), command.name
        module, _, function = command.run.partition(":")
        assert function == f"run_{command.name.replace('-', '_')}" or function.endswith("_command"), command.run
        assert callable(getattr(importlib.import_module(f"cybernorms.cli.{module}"), function))
