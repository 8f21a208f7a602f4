"""How the parts may depend on each other, read from the code itself (ast): each plugin is a package that imports
the core (nuea), Pelican and libraries, never another plugin's modules; the core imports no plugin; and no module
edits sys.path (everything is an installed package, `pip install -e .`)."""
from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PACKAGES = ("nuea", "plugins", "readcounter", "scripts", "newsroom", "tests", "bench")


def python_files(*folders: str):
    for folder in folders:
        yield from sorted((ROOT / folder).rglob("*.py")) if (ROOT / folder).is_dir() else ()


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """(line, absolute module name) of every import in `path` (relative imports resolved)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.append((node.lineno, module))
            found += [(node.lineno, f"{module}.{alias.name}") for alias in node.names]
    return found


def plugin_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "plugins" else None


def test_no_plugin_imports_another_plugin():
    wrong = []
    for path in python_files("plugins"):
        own = path.relative_to(ROOT / "plugins").parts[0]
        for line, module in imported_modules(path):
            other = plugin_of(module)
            if other and other != own and (ROOT / "plugins" / other).is_dir():
                wrong.append(f"{path.relative_to(ROOT)}:{line}: imports {module}")
    assert not wrong, "\n".join(wrong)


def test_the_core_imports_no_plugin_and_no_service():
    wrong = [f"{path.relative_to(ROOT)}:{line}: imports {module}"
             for path in python_files("nuea") for line, module in imported_modules(path)
             if module.split(".")[0] in ("plugins", "scripts", "newsroom", "readcounter")]
    assert not wrong, "\n".join(wrong)


def test_nothing_edits_sys_path():
    edits = []
    for path in [*python_files(*PACKAGES), ROOT / "pelicanconf.py", ROOT / "publishconf.py"]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr == "path" and getattr(node.value, "id", "") == "sys":
                edits.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not edits, "sys.path used at: " + ", ".join(edits)


def test_this_test_sees_the_plugins():
    assert len([p for p in (ROOT / "plugins").iterdir() if (p / "__init__.py").exists()]) >= 10
    assert ("plugins.withdrawn" in [m for _, m in imported_modules(ROOT / "scripts" / "serve.py")]
            or any(m.startswith("plugins.withdrawn") for _, m in imported_modules(ROOT / "scripts" / "serve.py")))
