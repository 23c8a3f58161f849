"""The strategy app stands on its own: it imports nothing from monitoring, which builds on it."""

import ast
from pathlib import Path

from django.db.migrations.loader import MigrationLoader

STRATEGY = Path(__file__).resolve().parents[1]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_no_strategy_module_imports_monitoring():
    offenders = {
        str(path.relative_to(STRATEGY)): sorted(
            name for name in _imports(path) if name.startswith("strategia.monitoring")
        )
        for path in STRATEGY.rglob("*.py")
        if "migrations" not in path.parts
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_migrations_since_the_move_do_not_depend_on_monitoring():
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    moved = ("strategy", "0003_statusupdate_moves_to_monitoring")
    later = [key for key in graph.leaf_nodes() if key[0] == "strategy"]
    for key in {moved, *later}:
        # Everything the strategy app's newer migrations need comes from before the move.
        assert all(dep[0] != "monitoring" for dep in graph.node_map[key].parents), key
    # And the graph orders every migration (a cycle would raise here).
    assert graph.forwards_plan(("monitoring", "0005_workflow_mail_and_corrections"))
