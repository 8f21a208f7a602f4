"""Helpers of the test suite that some benchmarks reuse (the corpus of the search tests, build_site), loaded from
their files: tests/ is not an installed package, and nothing edits sys.path."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent / "tests"


def test_module(name: str, rel: str):
    """tests/<rel>, imported as `name` (registered, so that a later test module's `import name` finds it)."""
    if name in sys.modules and getattr(sys.modules[name], "__file__", "") == str(TESTS / rel):
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, TESTS / rel)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def conftest():
    """tests/conftest.py (build_site, story_text, CHROMIUM...), with the module it imports."""
    test_module("system", "system.py")
    return test_module("conftest", "conftest.py")
