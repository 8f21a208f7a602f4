"""The shared rules of nuea/: atomic writes, the site's address, story HTML sanitizing, registry aliases, slugs."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import ROOT

from nuea.files import write_atomic, write_if_changed
from nuea.registry import load_registry
from nuea.sanitize import sanitize_html
from nuea.site import absolute_url, site_url
from nuea.slugs import Slugger


def test_write_if_changed_keeps_an_unchanged_file_untouched(tmp_path):
    path = tmp_path / "deep" / "page.html"
    assert write_if_changed(path, "ข่าว") is True and path.read_text(encoding="utf-8") == "ข่าว"
    os.utime(path, ns=(1, 1))
    assert write_if_changed(path, "ข่าว".encode()) is False and path.stat().st_mtime_ns == 1
    assert write_if_changed(path, "ข่าวใหม่") is True and path.read_text(encoding="utf-8") == "ข่าวใหม่"
    assert sorted(p.name for p in path.parent.iterdir()) == ["page.html"]  # no temporary file left


def test_atomic_write_never_leaves_a_torn_file(tmp_path):
    """A writer killed mid-write (kill -9 of a real process) leaves the old bytes, never part of the new ones."""
    path = tmp_path / "stories.json"
    write_atomic(path, b"old" * 1000)
    script = ("import os, sys, nuea.files as f\n"
              "orig = os.replace\n"
              "os.replace = lambda *a: os.kill(os.getpid(), 9)\n"  # die between writing and renaming
              f"f.write_atomic({str(path)!r}, b'new' * 10**6)\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True)
    assert result.returncode == -9
    assert path.read_bytes() == b"old" * 1000
    write_atomic(path, b"new", fsync=True)
    assert path.read_bytes() == b"new" and oct(path.stat().st_mode & 0o777) == "0o644"


@pytest.mark.parametrize("settings, expected", [
    ({"SITEURL": "https://nuea-news.example.go.th/"}, "https://nuea-news.example.go.th"),
    ({"SITEURL": ""}, "http://127.0.0.1:8000"),
    ({"SITEURL": "", "LOCAL_SITEURL": "http://localhost:9000/"}, "http://localhost:9000"),
    ({"SITEURL": "/relative"}, "http://127.0.0.1:8000"),
    ({"SITEURL": "ftp://x.example"}, "http://127.0.0.1:8000"),
    ({}, "http://127.0.0.1:8000"),
])
def test_site_url_one_rule(settings, expected):
    assert site_url(settings) == expected


def test_absolute_url_drops_index_html():
    settings = {"SITEURL": "https://n.example.go.th"}
    assert absolute_url(settings, "news/x/index.html") == "https://n.example.go.th/news/x/"
    assert absolute_url(settings, "index.html") == "https://n.example.go.th/"
    assert absolute_url(settings, "/feeds/all.rss.xml") == "https://n.example.go.th/feeds/all.rss.xml"


@pytest.mark.parametrize("dirty, clean", [
    ('<p>ข่าว<script>alert(1)</script></p>', "<p>ข่าว</p>"),
    ('<a href="javascript:alert(1)">ลิงก์</a>', "<a>ลิงก์</a>"),
    ('<a href=" JaVaScRiPt:alert(1)">ลิงก์</a>', "<a>ลิงก์</a>"),
    ('<a href="data:text/html,x">ลิงก์</a>', "<a>ลิงก์</a>"),
    ('<img src="x.jpg" onerror="alert(1)" alt="ภาพ">', '<img src="x.jpg" alt="ภาพ">'),
    ('<p onclick="x()" style="color:red">ก</p>', "<p>ก</p>"),
    ('<iframe src="https://evil.example"></iframe><object data="x"></object>', ""),
    ('<svg><script>alert(1)</script></svg>', ""),
    ("<form action=/x><input name=p></form>", ""),
    ("<!-- ความเห็น --><p>ก</p>", "<p>ก</p>"),
])
def test_sanitizer_removes_what_could_run(dirty, clean):
    assert sanitize_html(dirty) == clean


def test_sanitizer_keeps_what_stories_need():
    html = ('<h2>หัวข้อย่อย</h2><p><strong>ตัวหนา</strong> <em>เอียง</em> <a href="https://prd.go.th/x" title="t">ลิงก์'
            '</a> <a href="/news/y/">ภายใน</a> <a href="mailto:pr@example.go.th">อีเมล</a></p><ul><li>หนึ่ง</li></ul>'
            '<ol start="3"><li>สาม</li></ol><blockquote><p>อ้าง</p></blockquote><figure><img src="/images/a.jpg" '
            'alt="ภาพ" width="10" height="5"><figcaption>คำบรรยาย</figcaption></figure><table><thead><tr><th '
            'colspan="2">ตาราง</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table><hr>')
    assert sanitize_html(html) == html


def test_registry_aliases_and_home_province():
    registry = load_registry(ROOT / "content" / "agencies.toml")
    lampang = registry.find_agency("ส.ปชส.ลำปาง")
    assert registry.find_agency("LPG") is lampang and registry.find_agency(" ส.ปชส. ลำปาง ") is lampang
    assert lampang.home_province.slug == "lampang" and registry.agency_by_slug("prd-lampang") is lampang


def test_registry_alias_table(tmp_path):
    text = (ROOT / "content" / "agencies.toml").read_text(encoding="utf-8")
    assert 'aliases = ["สปจ.ลำปาง", ' in text  # content/agencies.toml has aliases of its own
    text = text.replace('aliases = ["สปจ.ลำปาง", ', 'aliases = ["ส.ปชส.เขลางค์นคร", "สปจ.ลำปาง", ', 1)
    (tmp_path / "agencies.toml").write_text(text, encoding="utf-8")
    registry = load_registry(tmp_path / "agencies.toml")
    assert registry.find_agency("ส.ปชส.เขลางค์นคร").abbr == "ส.ปชส.ลำปาง"
    assert registry.find_agency("ประชาสัมพันธ์จังหวัดลำปาง").abbr == "ส.ปชส.ลำปาง"


def test_slugger_keeps_romanisations_between_builds(tmp_path):
    store = tmp_path / "romanized.json"
    first = Slugger({"ลำไย": "longan"}, store)
    assert first("ลำไย") == "longan" and first("GECC Award") == "gecc-award"
    roman = first("ทุ่งนา")
    assert roman.isascii() and roman
    first.save()
    second = Slugger({}, store)
    assert second._romanized == {"ทุ่งนา": roman}  # read back: no PyThaiNLP needed next time
