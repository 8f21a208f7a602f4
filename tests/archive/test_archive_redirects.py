"""Every old address of the 2,000-page generated mirror, as browsers send it and with &fbclid=... added, leads to its
story through a real nginx (the shipped site file) and through the local server; a withdrawn story's answer 410.

The maps come from a real site build (sitebuild, as `make html`) of every imported story (1,350) with the plugins
that make them
(thai_metadata, legacy_redirects, withdrawn) and no pages written: the full site build is
test_import_archive.py's (a few hundred of the stories), which keeps the suite's time modest.
"""
from __future__ import annotations

import pytest
from pelican.settings import read_settings

from plugins.legacy_redirects.nginx_map import nginx_map, read_nginx_map
from plugins.withdrawn.gone import read_gone_map
from sitebuild import full_build

from .conftest import ROOT, SITEURL, browser_requests, copy_stories, local_answers, nginx_answers, report_rows

MAPS_ONLY = {  # the build reads and checks every story, writes the maps and 404/410 pages; no story page, list
    "PLUGINS": ["plugins.build_guard", "plugins.thai_metadata", "plugins.listings", "plugins.site_fonts",
                "plugins.asset_names", "plugins.legacy_redirects", "plugins.withdrawn"],
    "PROVINCE_SAVE_AS": "", "AGENCY_SAVE_AS": "", "REPORTER_SAVE_AS": "", "FEEDS_TAGS": False,
    "ARTICLE_SAVE_AS": "", "DRAFT_SAVE_AS": "", "PAGE_SAVE_AS": "", "DIRECT_TEMPLATES": ["404", "410"],
    "TEMPLATE_PAGES": {},
    "TAG_SAVE_AS": "", "CATEGORY_SAVE_AS": "", "AUTHOR_SAVE_AS": "", "ARCHIVES_SAVE_AS": "",
    "MONTH_ARCHIVE_SAVE_AS": "",
    "FEED_ALL_ATOM": None, "FEED_ALL_RSS": None, "CATEGORY_FEED_ATOM": None, "TRANSLATION_FEED_ATOM": None,
    "AUTHOR_FEED_ATOM": None, "AUTHOR_FEED_RSS": None,
    "STATIC_PATHS": [],  # the theme's static files stay: the 404/410 pages link them by hashed name
    "THAI_CHECK_IMAGE_FILES": False,
}


@pytest.fixture(scope="module")
def every_story(imported, tmp_path_factory):
    """(site folder, live story ids, withdrawn story ids): every imported story built, one in twenty withdrawn."""
    base = tmp_path_factory.mktemp("every-address")
    ids = sorted(imported.truth.stories)
    withdrawn = set(ids[::20])
    copy_stories(imported, base / "content", ids, withdrawn, photos=False)
    settings = {**MAPS_ONLY, "PATH": str(base / "content"), "OUTPUT_PATH": str(base / "output"),
                "CACHE_PATH": str(base / "cache"), "SITEURL": SITEURL}
    full_build(read_settings(str(ROOT / "pelicanconf.py"), override=settings))
    return base / "output", set(ids) - withdrawn, withdrawn


def expected_answers(imported, live: set[str], withdrawn: set[str]) -> dict[str, tuple[int, str]]:
    """request -> (status, Location) for every browser form of every old address of every story."""
    expected = {}
    for sid, story in imported.truth.stories.items():
        answer = (301, f"{SITEURL}/news/{sid}/") if sid in live else (410, "")
        assert sid in live | withdrawn
        for address in story.addresses:
            for request in browser_requests(address):
                assert request not in expected, request  # no two stories share a request
                expected[request] = answer
    return expected


def no_story_requests(imported) -> list[str]:
    """Addresses of pages that made no story (failed alone, not a story): they must redirect nowhere."""
    rows = report_rows(imported.base)
    return sorted({request for row in rows.values()
                   if row["outcome"] in ("failed", "not_a_story") and not row["address_kept_on"]
                   for request in browser_requests(row["address"])})


def test_the_maps_hold_every_old_address(imported, every_story):
    site, live, withdrawn = every_story
    exact = read_nginx_map((site / "legacy-redirects.map").read_text(encoding="utf-8"))
    by_id = read_nginx_map((site / "legacy-ids.map").read_text(encoding="utf-8"))
    gone = read_gone_map((site / "withdrawn.map").read_text(encoding="utf-8"))
    addresses = {a: sid for sid, s in imported.truth.stories.items() for a in s.addresses}
    commas = {a for a in addresses if "%2C" in a}
    assert commas and len(exact) == sum(1 for a in addresses if addresses[a] in live) + len(
        [a for a in commas if addresses[a] in live])  # each address, and the comma as browsers send it
    assert len(gone) == len(withdrawn) + sum(1 for a in addresses if addresses[a] in withdrawn) + len(
        [a for a in commas if addresses[a] in withdrawn])  # story pages and old addresses
    scripts = {(sid, a.split("?")[0]) for a, sid in addresses.items() if sid in live}
    assert len(by_id) == len(scripts)  # one path+id per story and script (detail_new.php, detail.php)
    assert set(by_id.values()) == {f"{SITEURL}/news/{sid}/" for sid in live}


def test_every_old_address_redirects_through_nginx(imported, every_story, nginx_for):
    site, live, withdrawn = every_story
    expected = expected_answers(imported, live, withdrawn)
    client = nginx_for(site)
    answers = nginx_answers(client, expected)
    assert answers == expected
    assert sum(1 for status, _ in answers.values() if status == 301) == sum(
        4 if "%2C" in a else 2 for sid in live for a in imported.truth.stories[sid].addresses)  # counts equal
    assert {p: s for p, (s, _) in nginx_answers(client, no_story_requests(imported)).items() if s != 404} == {}


def test_every_old_address_redirects_through_the_local_server(imported, every_story):
    site, live, withdrawn = every_story
    expected = expected_answers(imported, live, withdrawn)
    assert local_answers(site, expected) == expected
    assert {p: s for p, (s, _) in local_answers(site, no_story_requests(imported)).items() if s != 404} == {}


def test_the_shipped_nginx_config_holds_the_whole_archive(nginx_for, tmp_path):
    """~50,000 old addresses (the old site's ids run past 40,000), each in both maps: nginx -t warns nothing."""
    site = tmp_path / "site"
    site.mkdir()
    sections = ["news", "chiangmai", "lampang", "lamphun", "chiangrai", "phayao", "phrae", "nan", "maehongson"]
    exact, by_id = {}, {}
    for n in range(60_000):
        section = sections[n % len(sections)]
        target = f"{SITEURL}/news/{section[:3]}-{n}/"
        exact[f"/{section}/detail_new.php?id={n}"] = exact[f"/{section}/detail.php?id={n}&cat=2"] = target
        by_id[f"/{section}/detail_new.php|{n}"] = target
    (site / "legacy-redirects.map").write_text(nginx_map(exact), encoding="utf-8")
    (site / "legacy-ids.map").write_text(nginx_map(by_id), encoding="utf-8")
    for name in ("withdrawn.map", "withdrawn-ids.map"):
        (site / name).write_text("", encoding="utf-8")
    client = nginx_for(site)  # asserts `nginx -t` passes without "could not build optimal map_hash"
    for n in (0, 31_337, 59_999):
        section = sections[n % len(sections)]
        for request in (f"/{section}/detail_new.php?id={n}&fbclid=x", f"/{section}/detail.php?id={n}&cat=2"):
            response = client.get(request)
            assert (response.status_code, response.headers["location"]) == (301, f"{SITEURL}/news/{section[:3]}-{n}/")
