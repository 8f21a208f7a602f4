"""The site's Content-Security-Policy: one definition for nginx (deploy/nginx/nuea-news.conf), `make serve` and tests.

Strict: every script, style, font, image and request is the site's own; no inline script or style attribute runs.
- `'wasm-unsafe-eval'`: Pagefind (search) compiles its WebAssembly; no JavaScript `eval` is allowed.
- `connect-src 'self'`: the read counter is same-origin `/api`, Pagefind fetches its index from the site.
- The one inline style is the feed stylesheet's (plugins/feeds/feed.xsl renders a feed as a page in browsers): it
  is allowed by its hash, FEED_XSL_STYLE_HASH (tests recompute it from the file).
- JSON-LD (`<script type="application/ld+json">`) is data, not script: CSP does not apply to it.
- `frame-src`: exactly the two video players a reader's click loads (plugins/video_embeds; before the click the
  page loads nothing from them): YouTube's youtube-nocookie.com and Facebook's video plugin.

SHARE_LINE_BUTTON = "official" loads LINE's own script and frame; the strict policy blocks them (the LINE button
then stays hidden). Such a site must send line_official_policy() instead; `python plugins/content_security/policy.py
--line-official` prints it for the nginx line. Print the strict one with no argument.
"""
from __future__ import annotations

import sys

from nuea.video_players import FRAMED

FEED_XSL_STYLE_HASH = "'sha256-wo8hZVmNmO9J78nhN3d3/Ri3oGgT5FlRRVggVlVt5jY='"

STRICT = {
    "default-src": ("'none'",),
    "script-src": ("'self'", "'wasm-unsafe-eval'"),
    "style-src": ("'self'", FEED_XSL_STYLE_HASH),
    "img-src": ("'self'",),
    "font-src": ("'self'",),
    "connect-src": ("'self'",),
    "manifest-src": ("'self'",),
    "frame-src": FRAMED,  # click-to-load video players only
    "form-action": ("'self'",),
    "base-uri": ("'none'",),
    "frame-ancestors": ("'none'",),
}

# What LINE's "LINE it!" button needs (its loader, the share-count frame, its images); SHARE_LINE_SCRIPT_URL's origin.
LINE_OFFICIAL = {
    "script-src": ("https://www.line-website.com", "https://social-plugins.line.me"),
    "frame-src": ("https://social-plugins.line.me",),
    "img-src": ("https://*.line-scdn.net",),
}


def header_value(directives: dict[str, tuple[str, ...]]) -> str:
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


def strict_policy() -> str:
    """The policy the site ships."""
    return header_value(STRICT)


def line_official_policy() -> str:
    """The strict policy plus what LINE's official button loads (SHARE_LINE_BUTTON = "official")."""
    merged = {name: tuple(sources) for name, sources in STRICT.items()}
    for name, sources in LINE_OFFICIAL.items():
        merged[name] = merged.get(name, ()) + sources
    return header_value(merged)


def policy_for(line_button: str) -> str:
    """The policy of a site whose SHARE_LINE_BUTTON is `line_button` ("link" or "official")."""
    return line_official_policy() if line_button == "official" else strict_policy()


if __name__ == "__main__":
    print(line_official_policy() if "--line-official" in sys.argv[1:] else strict_policy())
