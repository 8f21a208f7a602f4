"""Content-hashed asset names (plugins/asset_names) and the site's icons (plugins/site_icons), on real builds."""
from __future__ import annotations

import hashlib
import json
import logging
import re
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, build_site, story_text
from PIL import Image

from plugins.asset_names.names import AssetMissing, AssetNames, hashed_name, rewrite_css

ASSET_REF = re.compile(r'(?:href|src)="(/theme/[^"]+\.(?:css|js|woff2))"')
STORIES = {"news/2569/a.md": story_text(), "news/2569/b.md": story_text(title="ข่าวที่สอง", tags="ลำไย")}


def nginx_immutable_pattern() -> re.Pattern:
    """The regex deploy/nginx/nuea-news.conf caches for a year."""
    conf = (ROOT / "deploy" / "nginx" / "nuea-news.conf").read_text(encoding="utf-8")
    match = re.search(r'"~(\\\.\[0-9a-f\]\{8,\}[^"]*)"\s+"public, max-age=31536000, immutable"', conf)
    assert match, "the year-long cache rule for hashed names is gone from deploy/nginx/nuea-news.conf"
    return re.compile(match.group(1))


def test_hashed_name_carries_the_content_hash():
    data = b"body { color: red }"
    assert hashed_name("site.css", data) == f"site.{hashlib.sha256(data).hexdigest()[:10]}.css"
    assert hashed_name("site.css", data) != hashed_name("site.css", data + b" ")


def test_css_references_are_rewritten_but_not_absolute_or_data_ones():
    css = ('a{background:url(../img/x.png?v=1#top)} b{src:url("../fonts/f.woff2")} '
           "c{background:url(data:image/png;base64,AA==)} d{background:url(https://cdn.example/y.png)} "
           "e{background:url(/abs.png)}")
    out = rewrite_css(css, lambda ref: ref.replace(".", ".h.", 1) if not ref.startswith("..") else "H" + ref)
    assert 'url("H../img/x.png?v=1#top")' in out and 'url("H../fonts/f.woff2")' in out
    assert "url(data:image/png;base64,AA==)" in out and "url(https://cdn.example/y.png)" in out
    assert "url(/abs.png)" in out


def test_a_missing_asset_is_a_clear_error(tmp_path):
    names = AssetNames(tmp_path / "out", "theme", [tmp_path / "static"])
    with pytest.raises(AssetMissing, match="theme/css/nope.css"):
        names.url("theme/css/nope.css")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("assets")
    theme = tmp / "theme"
    shutil.copytree(ROOT / "theme", theme)  # a theme of our own, to change a stylesheet later
    settings = {"THEME": str(theme), "SEARCH_INDEX": False}
    return tmp, build_site(tmp, STORIES, settings), settings


def _references(output: Path) -> dict[str, set[str]]:
    refs = {}
    for page in output.rglob("*.html"):
        for ref in ASSET_REF.findall(page.read_text(encoding="utf-8")):
            refs.setdefault(ref, set()).add(str(page.relative_to(output)))
    return refs


def test_pages_reference_only_hashed_assets_that_exist(site):
    _, output, _ = site
    refs = _references(output)
    immutable = nginx_immutable_pattern()
    kinds = {Path(r).suffix for r in refs}
    assert kinds == {".css", ".js", ".woff2"}
    assert any(re.fullmatch(r"/theme/css/site\.[0-9a-f]{10}\.css", r) for r in refs)
    for ref in refs:
        path = output / ref.lstrip("/")
        assert immutable.search(ref), f"{ref}: not a name nginx caches for a year"
        assert path.is_file(), ref
        digest = re.search(r"\.([0-9a-f]{10})\.[a-z0-9]+$", ref).group(1)
        assert hashlib.sha256(path.read_bytes()).hexdigest().startswith(digest), ref
    for plain in ("/theme/css/site.css", "/theme/js/read-counts.js", "/theme/fonts/Sarabun-Regular.woff2"):
        assert not immutable.search(plain)


def test_stylesheet_links_its_fonts_by_hashed_name(site):
    _, output, _ = site
    css = next((output / "theme" / "css").glob("site.*.css")).read_text(encoding="utf-8")
    fonts = re.findall(r'url\("(\.\./fonts/[^"]+)"\)', css)
    assert len(fonts) == 2 and all(re.search(r"\.[0-9a-f]{10}\.woff2$", f) for f in fonts)
    for font in fonts:
        assert (output / "theme" / "css" / font).resolve().read_bytes()[:4] == b"wOF2"


def test_icons_and_manifest(site):
    _, output, _ = site
    with Image.open(output / "favicon.ico") as ico:
        assert ico.info["sizes"] == {(16, 16), (32, 32), (48, 48)}
    with Image.open(output / "apple-touch-icon.png") as touch:
        assert touch.size == (180, 180) and touch.mode == "RGB"  # opaque: iOS draws transparency black
    manifest = json.loads((output / "site.webmanifest").read_text(encoding="utf-8"))
    assert manifest["name"] == "ข่าวภาคเหนือตอนบน" and manifest["lang"] == "th"
    for icon in manifest["icons"]:
        with Image.open(output / icon["src"]) as img:
            assert f"{img.width}x{img.height}" == icon["sizes"]
    home = (output / "index.html").read_text(encoding="utf-8")
    for link in ('rel="icon" href="/favicon.ico"', 'rel="apple-touch-icon" href="/apple-touch-icon.png"',
                 'rel="manifest" href="/site.webmanifest"'):
        assert link in home


def test_a_clean_build_elsewhere_gives_the_same_names(site, tmp_path):
    """Names depend on content only: a build with an empty cache and output (CI, a new server) gives the same ones
    (the WOFF2 conversion keeps the font's own timestamp, so the font bytes do not change with the clock)."""
    _, output, _ = site
    fresh = build_site(tmp_path, STORIES, {"SEARCH_INDEX": False})
    assert _references(fresh) == _references(output)


def test_unchanged_rebuild_keeps_names_and_rewrites_nothing_then_a_change_renames(site, caplog):
    caplog.set_level(logging.INFO, logger="plugins.site_icons")
    tmp, output, settings = site
    before = _references(output)
    made = [output / r.lstrip("/") for r in before] + [
        output / p for p in ("favicon.ico", "apple-touch-icon.png", "site.webmanifest", "icons/icon-512.png")]
    stamps = {p: p.stat().st_mtime_ns for p in made}
    build_site(tmp, STORIES, settings)
    assert "site_icons: unchanged, nothing drawn" in caplog.text
    assert _references(output) == before
    assert {p: p.stat().st_mtime_ns for p in made} == stamps

    old_css = next(r for r in before if "/css/site." in r)
    stylesheet = tmp / "theme" / "static" / "css" / "site.css"
    stylesheet.write_text(stylesheet.read_text(encoding="utf-8") + "\n.new-rule { color: #000; }\n",
                          encoding="utf-8")
    build_site(tmp, STORIES, settings)
    after = _references(output)
    new_css = next(r for r in after if "/css/site." in r)
    assert new_css != old_css and ".new-rule" in (output / new_css.lstrip("/")).read_text(encoding="utf-8")
    assert not (output / old_css.lstrip("/")).exists()  # the stale copy is gone
    assert {r for r in after if "/css/site." not in r} == {r for r in before if "/css/site." not in r}
