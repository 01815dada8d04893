"""Count import cycles between plansync's stages, local imports included.

Every ``import``/``from ... import`` in ``plansync/`` counts, wherever it
sits (module top, function body, ``TYPE_CHECKING`` block), because a local
import that dodges a cycle still ties the two stages together.

A stage is a subpackage of ``plansync`` (``plansync.engine``); a loose
top-level module counts as its own stage. The script prints the loose
modules, the count of function-local imports, and each strongly connected
group of stages that import one another (a cycle); it exits 1 when there is
one.

    python scripts/import_cycles.py            # summary
    python scripts/import_cycles.py --local    # also list every local import
"""

from __future__ import annotations

import ast
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "plansync"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def stage_of(module: str) -> str:
    parts = module.split(".")
    return ".".join(parts[:2]) if len(parts) > 1 else module


def is_module(name: str) -> bool:
    path = ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def imports_of(path: Path) -> list[tuple[str, int, bool]]:
    """(imported module, line, is local) for every plansync import in a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    found: list[tuple[str, int, bool]] = []

    def visit(node: ast.AST, local: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inner = local or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef))
            if isinstance(child, ast.Import):
                found.extend((alias.name, child.lineno, local) for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    anchor = package.split(".")[: len(package.split(".")) - child.level + 1]
                    base = ".".join(anchor + ([base] if base else []))
                for alias in child.names:
                    # ``from plansync.load import workspace`` imports the module.
                    submodule = f"{base}.{alias.name}"
                    found.append((submodule if is_module(submodule) else base, child.lineno, local))
            visit(child, inner)

    visit(tree, False)
    return [(name, line, local) for name, line, local in found if name.split(".")[0] == "plansync"]


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                connect(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return groups


def main(argv: list[str]) -> int:
    sys.setrecursionlimit(10_000)
    files = sorted(PACKAGE.rglob("*.py"))
    loose = [p.name for p in files if p.parent == PACKAGE]
    stages: dict[str, set[str]] = defaultdict(set)
    local_imports: list[str] = []
    for path in files:
        source_stage = stage_of(module_name(path))
        stages.setdefault(source_stage, set())
        for target, line, local in imports_of(path):
            if local:
                local_imports.append(f"{path.relative_to(ROOT)}:{line}: {target}")
            target_stage = stage_of(target)
            if target_stage not in (source_stage, "plansync"):
                stages[source_stage].add(target_stage)
    cycles = strongly_connected(stages)
    print(f"modules: {len(files)}; loose top-level modules: {len(loose)} ({', '.join(loose)})")
    print(f"stage subpackages: {len([p for p in PACKAGE.iterdir() if (p / '__init__.py').is_file()])}")
    print(f"function-local imports: {len(local_imports)}")
    if "--edges" in argv:
        for source in sorted(stages):
            print(f"  {source} -> {', '.join(sorted(stages[source]))}")
    if "--local" in argv:
        for entry in local_imports:
            print(f"  {entry}")
    print(f"stage cycles: {len(cycles)}")
    for group in cycles:
        print(f"  {' <-> '.join(group)}")
    return 1 if cycles else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
