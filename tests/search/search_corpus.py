"""The recall corpus: the site's real stories plus the Thai test stories in tests/search/stories/."""
from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent


def recall_stories(skip_real: bool = True) -> dict[str, str]:
    """content path → story text of the test stories (less those whose id is a real story, with skip_real)."""
    real = {p.stem for p in (ROOT / "content" / "news").glob("**/*.md")} if skip_real else set()
    stories = {}
    for path in sorted((HERE / "stories").glob("*.md")):
        if path.stem not in real:
            stories[f"news/search-tests/{path.name}"] = path.read_text(encoding="utf-8")
    return stories
