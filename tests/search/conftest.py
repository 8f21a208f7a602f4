"""One real build of the site's stories and the Thai test stories, shared by the search tests of this folder."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from search_corpus import recall_stories

# The shared helpers of tests/conftest.py (this file is also named conftest, so load that one by its path).
_spec = importlib.util.spec_from_file_location("nuea_shared_conftest", Path(__file__).parent.parent / "conftest.py")
_shared = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_shared)
# Test modules here import these from "conftest", which now names this file.
ROOT, CHROMIUM, CHROMIUM_ARGS = _shared.ROOT, _shared.CHROMIUM, _shared.CHROMIUM_ARGS
build_site, story_text = _shared.build_site, _shared.story_text


@pytest.fixture(scope="session")
def search_build(tmp_path_factory):
    """(root, output): content/ plus tests/search/stories built once; the service index is root/var/search."""
    root = tmp_path_factory.mktemp("search-site")
    return root, build_site(root, stories=recall_stories(), site_content=True)
