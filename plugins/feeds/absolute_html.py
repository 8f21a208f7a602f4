"""Story HTML with every link and image address made absolute, so it works inside a feed reader."""
from __future__ import annotations

from html import escape
from urllib.parse import urljoin

import lxml.html

_URL_ATTRS = ("href", "src", "poster", "cite")
_KEEP = ("#", "mailto:", "tel:", "data:")


def absolutize_html(html: str, base_url: str) -> str:
    """`html` (a fragment) with href/src/srcset/poster/cite URLs resolved against `base_url`."""
    if not html.strip():
        return html
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    for el in root.iter():
        if not isinstance(el.tag, str):  # comments, processing instructions
            continue
        for attr in _URL_ATTRS:
            value = el.get(attr)
            if value is not None and not value.startswith(_KEEP):
                el.set(attr, urljoin(base_url, value.strip()))
        srcset = el.get("srcset")
        if srcset:
            el.set("srcset", _absolutize_srcset(srcset, base_url))
    head = escape(root.text or "", quote=False)
    return head + "".join(lxml.html.tostring(child, encoding="unicode") for child in root)


def _absolutize_srcset(srcset: str, base_url: str) -> str:
    candidates = []
    for candidate in srcset.split(","):
        bits = candidate.strip().split(None, 1)
        if bits:
            bits[0] = urljoin(base_url, bits[0])
            candidates.append(" ".join(bits))
    return ", ".join(candidates)
