"""Share links of a story: LINE first, then Facebook, X and copy-link. Plain links, no script needed."""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode

LINE_SHARE = "https://social-plugins.line.me/lineit/share"
LINE_APP_SHARE = "https://line.me/R/share"  # opens the LINE app's share sheet on phones
FACEBOOK_SHARE = "https://www.facebook.com/sharer/sharer.php"
X_SHARE = "https://x.com/intent/post"

LABELS = {  # reader-facing, Thai
    "line": "แชร์ผ่าน LINE",
    "facebook": "แชร์ผ่าน Facebook",
    "x": "แชร์ผ่าน X",
    "copy": "คัดลอกลิงก์",
}


@dataclass(frozen=True)
class ShareLink:
    network: str  # line | facebook | x | copy
    label: str
    href: str
    phone_href: str | None = None  # LINE only: the app's share address, used on phones


def _query(params: dict) -> str:
    return urlencode(params, quote_via=quote, safe="")


def line_share_url(url: str) -> str:
    """LINE's official web share address for `url`."""
    return f"{LINE_SHARE}?{_query({'url': url})}"


def line_app_share_url(title: str, url: str) -> str:
    """The LINE app's share address: the headline and the link as one message."""
    text = f"{title}\n{url}" if title else url
    return f"{LINE_APP_SHARE}?{_query({'text': text})}"


def facebook_share_url(url: str) -> str:
    return f"{FACEBOOK_SHARE}?{_query({'u': url})}"


def x_share_url(url: str, title: str) -> str:
    return f"{X_SHARE}?{_query({'url': url, 'text': title})}"


def share_links(url: str, title: str, networks=("facebook", "x", "copy")) -> tuple[ShareLink, ...]:
    """The share links of a story at canonical `url`, LINE always first."""
    if not url.startswith(("https://", "http://")):
        raise ValueError(f"share links need an absolute URL, got {url!r}")
    makers = {
        "facebook": lambda: facebook_share_url(url),
        "x": lambda: x_share_url(url, title),
        "copy": lambda: url,
    }
    links = [ShareLink("line", LABELS["line"], line_share_url(url), line_app_share_url(title, url))]
    for network in networks:
        if network not in makers:
            raise ValueError(f"SHARE_NETWORKS: unknown network {network!r} (known: {', '.join(makers)})")
        links.append(ShareLink(network, LABELS[network], makers[network]()))
    return tuple(links)
