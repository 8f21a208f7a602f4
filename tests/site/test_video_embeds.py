"""Click-to-load videos: which links are videos (YouTube, Facebook), the poster that replaces a lone link in a real
build (no third-party address anywhere but the plain link and the data the click uses), the feed carrying the link."""
from __future__ import annotations

import feedparser
import pytest
from bs4 import BeautifulSoup

from conftest import build_site, story_text
from plugins.content_security import policy
from plugins.video_embeds.videos import embed_videos, video_of

YT = "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"


@pytest.mark.parametrize("url", [
    "https://www.youtube.com/watch?v=dQw4w9WgXcQ", "http://youtube.com/watch?v=dQw4w9WgXcQ&t=42s",
    "https://youtu.be/dQw4w9WgXcQ", "https://m.youtube.com/watch?feature=share&v=dQw4w9WgXcQ",
    "https://www.youtube.com/shorts/dQw4w9WgXcQ", "https://www.youtube.com/live/dQw4w9WgXcQ",
])
def test_youtube_addresses_play_from_youtube_nocookie(url):
    video = video_of(url)
    assert video.provider == "YouTube" and video.player == YT
    assert video.link == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


@pytest.mark.parametrize(("url", "link"), [
    ("https://www.facebook.com/prd3news/videos/1234567890/", "https://www.facebook.com/prd3news/videos/1234567890/"),
    ("https://web.facebook.com/watch/?v=987654321", "https://www.facebook.com/watch/?v=987654321"),
    ("https://www.facebook.com/reel/55512345", "https://www.facebook.com/reel/55512345"),
    ("https://fb.watch/abC-12_x/", "https://fb.watch/abC-12_x/"),
])
def test_facebook_video_addresses_play_in_facebooks_video_plugin(url, link):
    video = video_of(url)
    assert video.provider == "Facebook" and video.link == link
    assert video.player.startswith("https://www.facebook.com/plugins/video.php?href=https%3A%2F%2F")


@pytest.mark.parametrize("url", [
    "https://www.youtube.com/watch?v=short", "https://www.youtube.com/watch?v=dQw4w9WgXcQ\"onload=x",
    "https://www.youtube.com/channel/UC1234", "https://evil.example/watch?v=dQw4w9WgXcQ",
    "https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ", "javascript:alert(1)//youtu.be/dQw4w9WgXcQ",
    "https://www.facebook.com/prd3news/posts/123", "https://www.facebook.com/watch/?v=12a",
    "https://www.facebook.com/prd3news/",
])
def test_other_addresses_are_not_videos(url):
    assert video_of(url) is None


def test_only_a_link_alone_in_its_paragraph_becomes_a_poster():
    body = ('<p>ชมคลิปที่ <a href="https://youtu.be/dQw4w9WgXcQ">ลิงก์นี้</a> ได้</p>\n'
            '<p><a href="https://youtu.be/dQw4w9WgXcQ">https://youtu.be/dQw4w9WgXcQ</a></p>\n'
            "<p>https://www.facebook.com/watch/?v=987654321</p>")
    html, videos = embed_videos(body)
    assert [v.provider for v in videos] == ["YouTube", "Facebook"]
    assert html.startswith('<p>ชมคลิปที่ <a href="https://youtu.be/dQw4w9WgXcQ">ลิงก์นี้</a> ได้</p>')
    assert html.count('<figure class="video-embed"') == 2


def test_the_csp_frames_exactly_the_two_players():
    directives = dict(d.split(" ", 1) for d in policy.strict_policy().split("; "))
    assert directives["frame-src"] == "https://www.youtube-nocookie.com https://www.facebook.com"
    assert all(video_of(u).player.startswith(tuple(directives["frame-src"].split())) for u in (
        "https://youtu.be/dQw4w9WgXcQ", "https://fb.watch/abc/"))


def test_a_build_makes_a_click_to_load_poster_and_the_feed_carries_the_link(tmp_path):
    body = "ย่อหน้าแรก\n\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ\n\n<https://fb.watch/abC-12_x/>\n\nย่อหน้าสุดท้าย"
    files = {"news/2569/lp-video.md": story_text(title="ข่าวมีวิดีโอ", body=body),
             "news/2569/lp-text.md": story_text(title="ข่าวไม่มีวิดีโอ", date="2026-11-19 09:00")}
    output = build_site(tmp_path, files)
    page = BeautifulSoup((output / "news/lp-video/index.html").read_text(encoding="utf-8"), "html.parser")
    posters = page.select(".story-body figure.video-embed")
    assert [p["data-video-player"] for p in posters][0] == YT
    assert [p.select_one("a.video-link")["href"] for p in posters] == [
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ", "https://fb.watch/abC-12_x/"]
    assert not page.select("iframe")  # nothing loads from the provider before the click
    third_party = [tag for tag in page.find_all(["img", "script", "link", "iframe", "source"])
                   if any(tag.get(a, "").startswith(("http://", "https://")) and "youtube" in tag.get(a, "")
                          for a in ("src", "href", "srcset"))]
    assert third_party == []
    assert any("/theme/js/video." in s["src"] for s in page.select("script[src]"))
    plain = BeautifulSoup((output / "news/lp-text/index.html").read_text(encoding="utf-8"), "html.parser")
    assert not any("video." in s["src"] for s in plain.select("script[src]"))
    for name in ("all.atom.xml", "all.rss.xml"):
        entry = next(e for e in feedparser.parse((output / "feeds" / name).read_bytes()).entries
                     if e.title == "ข่าวมีวิดีโอ")
        links = [a["href"] for a in BeautifulSoup(entry.content[0].value, "html.parser").select("a.video-link")]
        assert links == ["https://www.youtube.com/watch?v=dQw4w9WgXcQ", "https://fb.watch/abC-12_x/"]
