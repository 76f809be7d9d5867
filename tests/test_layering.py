"""The shape of the code (DESIGN 2): streamlit only in corridors/ui, thin pages, no
import cycles between library modules."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from corridors.domain.paths import PROJECT_ROOT

LIBRARY = PROJECT_ROOT / "corridors"
PAGES = sorted((PROJECT_ROOT / "pages").glob("*.py")) + [PROJECT_ROOT / "app.py"]


def _is_module(name: str) -> bool:
    base = PROJECT_ROOT.joinpath(*name.split("."))
    return base.with_suffix(".py").exists() or (base / "__init__.py").exists()


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports (absolute names), including imports inside functions
    and under ``if TYPE_CHECKING:`` (an annotation-only import is still a dependency and
    still a circle); ``from pkg import sub`` counts as importing ``pkg.sub``."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
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


# Packages by layer, bottom first: a module may import its own package, the layers below it
# and the workers beside it as listed; never upward. map and timeline never import each other.
LAYERS = {
    "corridors.domain": set(),
    "corridors.geo": {"corridors.domain"},
    "corridors.ingest": {"corridors.domain"},
    "corridors.store": {"corridors.domain", "corridors.ingest"},
    "corridors.map": {"corridors.domain", "corridors.geo"},
    "corridors.timeline": {"corridors.domain", "corridors.ingest"},
    "corridors.exchange": {"corridors.domain", "corridors.geo", "corridors.ingest",
                           "corridors.store"},
    # the shift model and its map; figures arrive as a frame, never from the store itself
    "corridors.scenario": {"corridors.domain", "corridors.geo", "corridors.ingest",
                           "corridors.map"},
}


def _package(module: str) -> str:
    return ".".join(module.split(".")[:2])


@pytest.mark.parametrize("path", LIBRARY_FILES, ids=lambda p: module_name(p))
def test_no_upward_imports(path):
    own = _package(module_name(path))
    if own not in LAYERS:  # the shells (cli, ui) and the package root may use everything
        return
    allowed = LAYERS[own] | {own}
    used = {_package(m) for m in imported_modules(path) if m.startswith("corridors.")}
    assert used <= allowed, f"{module_name(path)} imports {sorted(used - allowed)}"


def test_map_and_timeline_never_import_each_other():
    for path in LIBRARY_FILES:
        own, used = module_name(path), imported_modules(path)
        for a, b in (("corridors.map", "corridors.timeline"),
                     ("corridors.timeline", "corridors.map")):
            if own.startswith(a):
                assert not any(m.startswith(b) for m in used), own


def test_package_inits_only_re_export():
    """A package's ``__init__.py`` holds imports, ``__all__``, its docstring and (the root
    package) ``__version__`` only."""
    for init in LIBRARY.rglob("__init__.py"):
        tree = ast.parse(init.read_text(encoding="utf-8"))
        for node in tree.body:
            is_doc = isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
            is_all = (isinstance(node, ast.Assign)
                      and [getattr(t, "id", "") for t in node.targets] in (["__all__"],
                                                                           ["__version__"]))
            assert is_doc or is_all or isinstance(node, ast.Import | ast.ImportFrom), (
                f"{init.relative_to(PROJECT_ROOT)} line {node.lineno} is not a re-export")


def test_streamlit_still_has_the_multipage_switch_ui_relies_on():
    """corridors.ui leaves Streamlit's old pages/ mode through this class attribute; if an
    upgrade renames it, direct page URLs would run without app.py's navigation again."""
    from streamlit.runtime.pages_manager import PagesManager

    assert hasattr(PagesManager, "uses_pages_directory")
