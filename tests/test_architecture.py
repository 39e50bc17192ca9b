"""The shape of the package: the assistant never depends on its benchmarks or their test helpers."""

from __future__ import annotations

import subprocess
import sys

import grimp

BENCH = "assistant.bench"
COMMAND_LINE = "assistant.tools_cli"
"""`assistant bench ...` starts a benchmark: the one module outside the package allowed to name it."""


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
    assert importers == {COMMAND_LINE}


def test_starting_the_assistant_loads_no_benchmark_code() -> None:
    """The bench command imports its benchmark when it runs, so `assistant run`, replay and the rest never load it."""
    probe = (
        "import sys\n"
        "import assistant.app, assistant.cli, assistant.live.service, assistant.replay\n"
        f"print(sorted(m for m in sys.modules if m == {BENCH!r} or m.startswith({BENCH + '.'!r})))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
