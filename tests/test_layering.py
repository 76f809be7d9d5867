"""The shape of the code (DESIGN 2): streamlit only in corridors/ui, thin pages, no
import cycles between library modules."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from corridors.paths import PROJECT_ROOT

LIBRARY = PROJECT_ROOT / "corridors"
PAGES = sorted((PROJECT_ROOT / "pages").glob("*.py")) + [PROJECT_ROOT / "app.py"]


def _is_module(name: str) -> bool:
    base = PROJECT_ROOT.joinpath(*name.split("."))
    return base.with_suffix(".py").exists() or (base / "__init__.py").exists()


def _runtime_nodes(tree: ast.AST):
    """Walk the tree but skip ``if TYPE_CHECKING:`` blocks (annotations only)."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
            stack.extend(node.orelse)
            continue
        yield node
        stack.extend(ast.iter_child_nodes(node))


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports at run time (absolute names), including imports inside
    functions; ``from pkg import sub`` counts as importing ``pkg.sub``."""
    names = set()
    for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            subs = {f"{node.module}.{a.name}" for a in node.names}
            found = {s for s in subs if _is_module(s)}
            names |= found or {node.module}
            if len(found) < len(subs):
                names.add(node.module)
    return names


def module_name(path: Path) -> str:
    parts = path.relative_to(PROJECT_ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


LIBRARY_FILES = sorted(LIBRARY.rglob("*.py"))


@pytest.mark.parametrize("path", LIBRARY_FILES, ids=lambda p: module_name(p))
def test_only_the_ui_package_imports_streamlit(path):
    uses_streamlit = any(m == "streamlit" or m.startswith("streamlit.")
                         for m in imported_modules(path))
    assert not uses_streamlit or module_name(path).startswith("corridors.ui")


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_pages_are_thin(path):
    forbidden = {"sqlalchemy", "sqlite3", "psycopg", "csv", "json", "geopandas", "shapely",
                 "corridors.store", "corridors.ingest"}
    assert not (imported_modules(path) & forbidden)
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 80


def test_no_import_cycles_between_library_modules():
    graph = {}
    for path in LIBRARY_FILES:
        name = module_name(path)
        graph[name] = {m for m in imported_modules(path)
                       if m.startswith("corridors") and m != name}

    def reaches(start: str, target: str, seen: set[str]) -> bool:
        for nxt in graph.get(start, ()):
            if nxt == target or (nxt not in seen and reaches(nxt, target, seen | {nxt})):
                return True
        return False

    # a package importing its own submodules (re-exports) is not a cycle of two modules
    cycles = [(a, b) for a in graph for b in graph[a]
              if not b.startswith(a + ".") and not a.startswith(b + ".")
              and b in graph and reaches(b, a, {b})]
    assert cycles == []


def test_streamlit_still_has_the_multipage_switch_ui_relies_on():
    """corridors.ui leaves Streamlit's old pages/ mode through this class attribute; if an
    upgrade renames it, direct page URLs would run without app.py's navigation again."""
    from streamlit.runtime.pages_manager import PagesManager

    assert hasattr(PagesManager, "uses_pages_directory")
