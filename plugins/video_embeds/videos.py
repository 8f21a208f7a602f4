"""Which links are videos, and the click-to-load markup that replaces them (pure).

A YouTube or Facebook video link alone in its paragraph (the writer pasted the address on its own line) becomes a
poster that loads nothing from the provider: theme/js/video.js puts the provider's player (an <iframe>) there only
when the reader clicks. YouTube plays from youtube-nocookie.com. Without JavaScript, and in feeds, it stays a link.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, quote, urlsplit

from nuea.video_players import FACEBOOK_PLAYER, YOUTUBE_PLAYER  # = the CSP's frame-src: exactly what a click loads

_YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")
_YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "music.youtube.com", "youtube-nocookie.com",
                  "www.youtube-nocookie.com"}
_FACEBOOK_HOSTS = {"facebook.com", "www.facebook.com", "m.facebook.com", "web.facebook.com"}
_FACEBOOK_PATH = re.compile(r"/(?:[A-Za-z0-9.\-]+/videos/(?:[^/]+/)?\d+|reel/\d+|watch)/?")


@dataclass(frozen=True)
class Video:
    provider: str  # "YouTube" | "Facebook"
    link: str  # the video's page, https (the plain link readers without JavaScript and feeds get)
    player: str  # what the click loads in an <iframe>


def video_of(url: str) -> Video | None:
    """The Video a link points to, or None when it is not a YouTube/Facebook video address."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme not in ("http", "https"):
        return None
    host, path = (parts.hostname or "").lower(), parts.path
    video_id = None
    if host == "youtu.be":
        video_id = path.strip("/")
    elif host in _YOUTUBE_HOSTS:
        if path.rstrip("/") == "/watch":
            video_id = (parse_qs(parts.query).get("v") or [""])[0]
        elif m := re.fullmatch(r"/(?:shorts|live|embed|v)/([^/]+)/?", path):
            video_id = m[1]
    if video_id is not None:
        if not _YOUTUBE_ID.fullmatch(video_id):
            return None
        return Video("YouTube", f"https://www.youtube.com/watch?v={video_id}",
                     f"{YOUTUBE_PLAYER}/embed/{video_id}?autoplay=1")
    if host == "fb.watch" and re.fullmatch(r"/[A-Za-z0-9_-]+/?", path):
        link = f"https://fb.watch{path}"
    elif host in _FACEBOOK_HOSTS and _FACEBOOK_PATH.fullmatch(path):
        if path.rstrip("/") == "/watch":
            number = (parse_qs(parts.query).get("v") or [""])[0]
            if not number.isdigit():
                return None
            link = f"https://www.facebook.com/watch/?v={number}"
        else:
            link = f"https://www.facebook.com{path}"
    else:
        return None
    return Video("Facebook", link, f"{FACEBOOK_PLAYER}/plugins/video.php?href={quote(link, safe='')}"
                 "&show_text=false&autoplay=true")


# A paragraph holding only a link (Markdown's <https://...> or [text](https://...)) or only a bare address.
_ALONE = re.compile(r'<p>\s*(?:<a href="(?P<href>[^"]+)"[^>]*>(?P<text>[^<]*)</a>|(?P<bare>https?://[^\s<]+))\s*</p>')


def poster_html(video: Video) -> str:
    e = html.escape
    return (f'<figure class="video-embed" data-video-player="{e(video.player)}" '
            f'data-video-title="วิดีโอจาก {video.provider}">'
            f'<a class="video-link" href="{e(video.link)}">ดูวิดีโอบน {video.provider}</a>'
            f'<figcaption class="video-note">วิดีโอจาก {video.provider}: จะโหลดจาก {video.provider} '
            "เมื่อกดเล่นเท่านั้น</figcaption></figure>")


def embed_videos(body_html: str) -> tuple[str, list[Video]]:
    """(body with every lone video link made a poster, the videos in order). The body is sanitized HTML."""
    found: list[Video] = []

    def replace(m: re.Match) -> str:
        url = html.unescape(m["href"] or m["bare"])
        video = video_of(url)
        if video is None:
            return m[0]
        found.append(video)
        return poster_html(video)

    return _ALONE.sub(replace, body_html or ""), found
