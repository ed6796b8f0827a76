"""The package graph goes one way: no package of sitroom imports a package that imports it
back, the store never runs the pipeline, and only the command line imports typer and rich."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import sitroom

ROOT = Path(sitroom.__file__).parent


def _imports() -> dict[str, set[str]]:
    """Package (or top-level module) of sitroom -> the sitroom packages and outside modules it
    imports, function-level imports included."""
    found: dict[str, set[str]] = defaultdict(set)
    for path in ROOT.rglob("*.py"):
        package = path.relative_to(ROOT).parts[0].removesuffix(".py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                parts = name.split(".")
                target = parts[1] if parts[0] == "sitroom" and len(parts) > 1 else parts[0]
                if target != package:
                    found[package].add(target)
    return dict(found)


def test_no_package_imports_one_that_imports_it_back() -> None:
    imports = _imports()
    pairs = sorted(
        (a, b)
        for a, targets in imports.items()
        for b in targets
        if a < b and a in imports.get(b, set())
    )
    assert pairs == []


def test_the_store_never_runs_the_pipeline_nor_reaches_up() -> None:
    assert not _imports()["store"] & {"nlp", "runner", "ingestion", "web", "scale", "cli"}


def test_only_the_command_line_imports_typer_and_rich() -> None:
    users = {package for package, targets in _imports().items() if targets & {"typer", "rich"}}
    assert users == {"cli"}
