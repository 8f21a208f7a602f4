"""Old addresses as readers' browsers request them: exact, with extra parameters (&fbclid=...), a raw comma, another
case; withdrawn stories' old addresses 410 either way. The same table through a real nginx (the shipped site file)
and the local server (scripts/serve.py), on a real build."""
from __future__ import annotations

import os
import shutil

import httpx
import pytest
from event_loop import run_async

from conftest import build_site, story_text
from nuea.legacy_requests import (
    OldAddressAnswers,
    arg_value,
    fold_key,
    id_key_owners,
    id_keys,
    nginx_uri,
    request_forms,
    request_keys,
)
from system import require_system

from . import nginx_harness

SITEURL = "https://nuea-news.example.go.th"
HOST = "nuea-news.example.go.th"
STORIES = {  # file -> (status, old addresses)
    "news/2569/lpg-1.md": ("เผยแพร่", "/lampang/detail_new.php?id=1&cat=2, /lampang/detail.php?id=1"),
    "news/2569/lpg-gone.md": ("ถอนแล้ว", "/lampang/detail_new.php?id=1&cat=3"),  # shares /lampang/detail_new.php|1
    "news/2569/cmi-9.md": ("เผยแพร่", "/chiangmai/detail_new.php?id=9"),
    "news/2569/nan-gone.md": ("ถอนแล้ว", "/nan/detail_new.php?id=4&k=1"),
    "news/2569/lpn-comma.md": ("เผยแพร่", "/lamphun/detail_new.php?id=3&tags=%E0%B8%A5%E0%B8%B3%E0%B9%84%E0%B8%A2%2Cb"),
    "news/2569/pre-noid.md": ("เผยแพร่", "/phrae/list.php?cat=a%2Cb"),  # no id argument: exact forms only
    "news/2569/msn-thai.md": ("เผยแพร่", "/ข่าว/แม่ฮ่องสอน.php?id=77"),
}
NEWS = f"{SITEURL}/news"
ANSWERS = [  # request as a browser sends it -> (status, Location)
    ("/lampang/detail_new.php?id=1&cat=2", 301, f"{NEWS}/lpg-1/"),
    ("/lampang/detail_new.php?id=1&cat=2&fbclid=IwAR0x", 404, ""),  # its path+id is shared with lpg-gone: nobody's
    ("/lampang/detail_new.php?id=1&cat=3", 410, ""),  # the withdrawn story's own exact address
    ("/lampang/detail_new.php?id=1&cat=3&fbclid=x", 404, ""),  # path+id shared by a live and a withdrawn story
    ("/lampang/detail.php?id=1&fbclid=x", 301, f"{NEWS}/lpg-1/"),
    ("/lampang/detail.php?fbclid=x&id=1", 301, f"{NEWS}/lpg-1/"),  # id anywhere in the query
    ("/lampang//detail.php?id=1&page=2", 301, f"{NEWS}/lpg-1/"),  # nginx merges slashes in $uri
    ("/LAMPANG/Detail.PHP?ID=1", 301, f"{NEWS}/lpg-1/"),  # nginx maps ignore ASCII case
    ("/chiangmai/detail_new.php?id=9&utm_source=line", 301, f"{NEWS}/cmi-9/"),
    ("/chiangmai/detail_new.php?id=09", 404, ""),  # another id is another address
    ("/chiangmai/detail_new.php?id=91", 404, ""),
    ("/chiangmai/detail_new.php?xid=9", 404, ""),  # not the id argument
    ("/nan/detail_new.php?id=4&k=1", 410, ""),
    ("/nan/detail_new.php?id=4&fbclid=x", 410, ""),  # withdrawn, by path+id
    ("/nan/detail_new.php?k=1&id=4", 410, ""),
    ("/lamphun/detail_new.php?id=3&tags=%E0%B8%A5%E0%B8%B3%E0%B9%84%E0%B8%A2,b", 301, f"{NEWS}/lpn-comma/"),  # raw ,
    ("/lamphun/detail_new.php?id=3&tags=%E0%B8%A5%E0%B8%B3%E0%B9%84%E0%B8%A2%2Cb", 301, f"{NEWS}/lpn-comma/"),
    ("/phrae/list.php?cat=a,b", 301, f"{NEWS}/pre-noid/"),  # exact, with the comma as browsers send it
    ("/phrae/list.php?cat=a%2Cb", 301, f"{NEWS}/pre-noid/"),
    ("/phrae/list.php?cat=a%2Cb&fbclid=x", 404, ""),  # no id: nothing but the exact address redirects
    ("/%E0%B8%82%E0%B9%88%E0%B8%B2%E0%B8%A7/%E0%B9%81%E0%B8%A1%E0%B9%88%E0%B8%AE%E0%B9%88%E0%B8%AD%E0%B8%87"
     "%E0%B8%AA%E0%B8%AD%E0%B8%99.php?id=77&fbclid=x", 301, f"{NEWS}/msn-thai/"),  # Thai path, decoded in $uri
    ("/news/nan-gone/", 410, ""),
    ("/news/cmi-9/", 200, ""),
]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    stories = {rel: story_text(status=status, legacy_url=urls, agency={"lpg": "ส.ปชส.ลำปาง", "cmi": "ส.ปชส.เชียงใหม่",
                                                                        "nan": "ส.ปชส.น่าน", "lpn": "ส.ปชส.ลำพูน",
                                                                        "pre": "ส.ปชส.แพร่",
                                                                        "msn": "ส.ปชส.แม่ฮ่องสอน"}[rel[10:13]])
               for rel, (status, urls) in STORIES.items()}
    return build_site(tmp_path_factory.mktemp("old-addresses"), stories,
                      settings={"SITEURL": SITEURL, "SEARCH_INDEX": False, "BUILD_NOW": "2026-11-24T18:00:00+07:00",
                                "READ_COUNTS_SOURCE": "/nonexistent/readcounter.sqlite3"})


@pytest.fixture(scope="module")
def nginx_client(site, tmp_path_factory):
    require_system("nginx", bool(shutil.which("nginx")) or os.path.exists(nginx_harness.NGINX),
                   "apt-get install nginx-light")
    setup = nginx_harness.write_test_config(tmp_path_factory.mktemp("nginx"), site, nginx_harness.free_port())
    process = nginx_harness.start(setup)
    with httpx.Client(base_url=f"https://127.0.0.1:{setup.https_port}", verify=False, headers={"Host": HOST},
                      timeout=10) as client:
        yield client
    process.terminate()
    process.wait(timeout=10)


def local_answers(site, paths: list[str]) -> dict[str, httpx.Response]:
    from scripts.serve import site_app

    async def fetch():
        transport = httpx.ASGITransport(app=site_app(site))
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1:8000") as client:
            return {path: await client.get(path) for path in paths}

    return run_async(fetch())


def _answer(response: httpx.Response) -> tuple[int, str]:
    return response.status_code, response.headers.get("location", "")


def test_the_generated_maps(site):
    exact = (site / "legacy-redirects.map").read_text(encoding="utf-8")
    by_id = (site / "legacy-ids.map").read_text(encoding="utf-8").splitlines()[1:]
    assert f'"/phrae/list.php?cat=a,b" "{NEWS}/pre-noid/";' in exact  # the browser's form beside the written one
    assert f'"/phrae/list.php?cat=a%2Cb" "{NEWS}/pre-noid/";' in exact
    assert f'"/lampang/detail.php|1" "{NEWS}/lpg-1/";' in by_id
    assert not any(line.startswith('"/lampang/detail_new.php|1"') for line in by_id)  # shared: nobody's
    assert (site / "withdrawn-ids.map").read_text(encoding="utf-8").splitlines()[1:] == ['"/nan/detail_new.php|4" 1;']


@pytest.mark.parametrize("path, status, location", ANSWERS)
def test_nginx_answers_old_addresses(nginx_client, path, status, location):
    response = nginx_client.get(path)
    assert _answer(response) == (status, location), path
    if status == 410:
        assert "ข่าวนี้ถูกถอนแล้ว" in response.text


def test_the_local_server_answers_them_the_same(site):
    responses = local_answers(site, [path for path, _, _ in ANSWERS])
    assert {p: _answer(r) for p, r in responses.items()} == {p: (s, loc) for p, s, loc in ANSWERS}
    assert "ข่าวนี้ถูกถอนแล้ว" in responses["/nan/detail_new.php?id=4&fbclid=x"].text


def test_two_stories_at_addresses_differing_only_in_case_fail_the_build(tmp_path):
    """nginx could tell them apart no more than it could start with both keys."""
    stories = {"news/2569/one.md": story_text(legacy_url="/news/Show.php?id=7"),
               "news/2569/two.md": story_text(legacy_url="/news/show.php?ID=7")}
    with pytest.raises(Exception, match="claimed") as failure:
        build_site(tmp_path, stories, settings={"SEARCH_INDEX": False})
    assert "one.md" in str(failure.value) and "two.md" in str(failure.value)


# -- the rules, one by one (nuea/legacy_requests.py) -------------------------------------------------------------

def test_request_forms_add_the_browsers_form():
    assert request_forms("/a.php?id=1&t=x%2Cy%7Cz%5e") == ("/a.php?id=1&t=x%2Cy%7Cz%5e", "/a.php?id=1&t=x,y|z^")
    assert request_forms("/a%2Cb.php?q='") == ("/a%2Cb.php?q='", "/a,b.php?q=%27")
    assert request_forms("/a.php?id=1") == ("/a.php?id=1",)
    assert request_forms("/a.php?t=%22%23%2F%26%3D") == ("/a.php?t=%22%23%2F%26%3D",)  # meaningful escapes stay


@pytest.mark.parametrize("raw, uri", [("/a//b/./c/../d.php", "/a/b/d.php"), ("/a/b/", "/a/b/"), ("/", "/"),
                                      ("/%E0%B8%82%2C.php", "/ข,.php"), ("/a/..", "/"), ("/a/b/..", "/a/")])
def test_nginx_uri(raw, uri):
    assert nginx_uri(raw) == uri


def test_arg_value_is_nginxs_arg_id():
    assert arg_value("id=5&x=1") == "5" and arg_value("x=1&ID=6&id=7") == "6" and arg_value("xid=5&id=8") == "8"
    assert arg_value("id") is None and arg_value("") is None and arg_value("id=") == ""


def test_id_keys_and_request_keys():
    assert id_keys("/lampang/detail_new.php?id=41236&cat=2") == ("/lampang/detail_new.php|41236",)
    assert id_keys("/lampang/list.php?cat=2") == () and id_keys("/a.php?id=") == () and id_keys("/old/story") == ()
    assert id_keys("/%FF.php?id=1") == ()  # not UTF-8: no key (the exact address still redirects)
    assert request_keys(b"/lampang//detail_new.php", b"fbclid=x&id=41236") == (
        "/lampang//detail_new.php?fbclid=x&id=41236", "/lampang/detail_new.php|41236")
    assert fold_key("/News/ข่าว%E0?ID=5") == "/news/ข่าว%e0?id=5"


def test_a_key_two_stories_share_belongs_to_neither():
    owners = id_key_owners([("a", ["/x.php?id=1&c=2", "/x.php?id=1&c=9", "/y.php?id=2"]),
                            ("b", ["/X.php?id=1&c=3"]), ("c", ["/z.php?id=3", "ftp://bad"])])
    assert owners.of({"a", "b", "c"}) == {"/y.php|2": "a", "/z.php|3": "c"}
    assert owners.shared == {"/x.php|1": {"a", "b"}}


def test_answers_follow_nginxs_order():
    answers = OldAddressAnswers.from_maps({"/x.php?id=1&c=2": "/news/a/"}, {"/x.php|1": "/news/b/"},
                                          {"/x.php?id=1&c=3", "/news/gone/"}, {"/g.php|4"})
    assert answers.answer(b"/x.php", b"id=1&c=2") == (301, "/news/a/")
    assert answers.answer(b"/x.php", b"id=1&c=3") == (410, "")  # exact withdrawn beats path+id of another story
    assert answers.answer(b"/X.php", b"id=1&fbclid=q") == (301, "/news/b/")
    assert answers.answer(b"/g.php", b"id=4&fbclid=q") == (410, "")
    assert answers.answer(b"/news/gone/", b"") == (410, "")
    assert answers.answer(b"/news/a/", b"") is None
