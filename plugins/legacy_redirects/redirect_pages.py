"""HTML redirect pages at old paths (meta refresh + canonical), rendered with Jinja."""
from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

MARKER = "nuea-news legacy_redirects"  # marks our own pages, which a later build may rewrite
_env = Environment(loader=FileSystemLoader(Path(__file__).parent), autoescape=select_autoescape(["html"]),
                   keep_trailing_newline=True)


def render_redirect_page(target: str, title: str, sitename: str) -> str:
    return _env.get_template("redirect_page.html").render(target=target, title=title, sitename=sitename,
                                                          marker=MARKER)


def is_ours(path: Path) -> bool:
    """True when `path` is a redirect page an earlier build wrote (safe to rewrite)."""
    try:
        return f'content="{MARKER}"' in path.read_text(encoding="utf-8", errors="replace")[:400]
    except OSError:
        return False
