"""video_embeds: a YouTube or Facebook video link alone on its line becomes a click-to-load poster (videos.py).

register(): content_object_init -> each story's and page's body rewritten once, `content.videos` set (the theme
loads theme/js/video.js only on pages that have one). Runs on the sanitized body: its markup is the plugin's own.
"""
from __future__ import annotations

from pelican import signals

from .videos import embed_videos


def embed(content) -> None:
    if not getattr(content, "_content", None):
        return
    content._content, content.videos = embed_videos(content._content)


def register():
    signals.content_object_init.connect(embed)
