"""The shape of the package: the import contracts in pyproject.toml, no two packages importing each other,
and the assistant never depending on its benchmarks or their test helpers."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[1]
BENCH = "assistant.bench"
COMMAND_LINES = {"assistant.tools_cli", "assistant.languages_cli"}
"""`assistant bench ...` starts a benchmark: the modules of its commands are the only ones outside the package
allowed to name it (each imports its benchmark when the command runs)."""


def _in_bench(module: str) -> bool:
    return module == BENCH or module.startswith(f"{BENCH}.")


def test_only_the_bench_command_imports_benchmark_code() -> None:
    graph = grimp.build_graph("assistant", cache_dir=None)
    importers = {
        importer
        for module in graph.modules
        if _in_bench(module)
        for importer in graph.find_modules_that_directly_import(module)
        if not _in_bench(importer)
    }
    assert importers == COMMAND_LINES


def test_starting_the_assistant_loads_no_benchmark_code() -> None:
    """The bench command imports its benchmark when it runs, so `assistant run`, replay and the rest never load it."""
    probe = (
        "import sys\n"
        "import assistant.app, assistant.cli, assistant.live.service, assistant.replay\n"
        f"print(sorted(m for m in sys.modules if m == {BENCH!r} or m.startswith({BENCH + '.'!r})))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_import_contracts_are_kept() -> None:
    lint_imports = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run(
        [str(lint_imports), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


def _package(module: str) -> str:
    return ".".join(module.split(".")[:2])


def test_no_two_packages_import_each_other() -> None:
    graph = grimp.build_graph("assistant", cache_dir=None)
    edges: dict[str, set[str]] = {}
    for module in graph.modules:
        for imported in graph.find_modules_directly_imported_by(module):
            if _package(module) != _package(imported):
                edges.setdefault(_package(module), set()).add(_package(imported))
    cycles = sorted(
        f"{a} <-> {b}" for a, targets in edges.items() for b in targets if a < b and a in edges.get(b, set())
    )
    assert cycles == [], f"packages that import each other: {cycles}"
