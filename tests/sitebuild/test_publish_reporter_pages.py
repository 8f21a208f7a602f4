"""Reporter pages (/reporter/<slug>/, issue 17) through the fast path: a publish of a story by a reporter rewrites
that reporter's page (its list and count) and not another reporter's; a withdrawal of a reporter's only story
removes the page; after each, output/ equals a full build from scratch."""
from __future__ import annotations

import re

from test_publish_equals_full_build import differences, settings_for

from conftest import ROOT, story_text
from sitebuild import full_build
from sitebuild.publish import publish

A, B = "นายปกรณ์ แก้วมูล", "นางสาวอรทัย จันทา"


def write(content, rel, **fields):
    path = content / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(story_text(**fields), encoding="utf-8")
    return path


def reporter_page(output, story_id) -> str:
    """The address of the reporter page a story's byline links to."""
    page = (output / "news" / story_id / "index.html").read_text(encoding="utf-8")
    return re.search(r'class="story-reporter"><a href="[^"]*?/(reporter/[^"/]+/)"', page).group(1)


def test_a_publish_rewrites_its_reporters_page_only(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    (content / "agencies.toml").write_bytes((ROOT / "content" / "agencies.toml").read_bytes())
    for n in range(3):
        write(content, f"news/2569/a{n}.md", id=f"a{n}", title=f"ข่าวของปกรณ์ที่ {n}", reporter=A,
              date=f"2026-11-2{n} 09:00")
    write(content, "news/2569/b0.md", id="b0", title="ข่าวของอรทัย", reporter=B, date="2026-11-22 10:00")
    site = settings_for(content, tmp_path / "site" / "output", tmp_path / "site" / "cache")
    full_build(site)
    output = tmp_path / "site" / "output"
    page_a, page_b = reporter_page(output, "a0"), reporter_page(output, "b0")
    assert page_a != page_b

    new = write(content, "news/2569/a3.md", id="a3", title="ข่าวใหม่ของปกรณ์", reporter=A, date="2026-11-24 08:00")
    report = publish([new], settings=site)
    assert f"{page_a}index.html" in report.written and f"{page_b}index.html" not in report.written
    listing = (output / page_a / "index.html").read_text(encoding="utf-8")
    assert "ข่าวใหม่ของปกรณ์" in listing and "ข่าวทั้งหมด 4 เรื่อง" in listing
    fresh = tmp_path / "fresh-1"
    full_build(settings_for(content, fresh / "output", fresh / "cache"))
    assert differences(output, fresh / "output") == []

    gone = write(content, "news/2569/b0.md", id="b0", title="ข่าวของอรทัย", reporter=B, date="2026-11-22 10:00",
                 status="ถอนแล้ว")
    report = publish([gone], settings=site)
    assert f"{page_b}index.html" in report.applied.deleted and not (output / page_b).exists()
    assert f"{page_a}index.html" not in report.written
    fresh = tmp_path / "fresh-2"
    full_build(settings_for(content, fresh / "output", fresh / "cache"))
    assert differences(output, fresh / "output") == []
