"""Home page JSON-LD: WebSite (name, url, SearchAction to /search/?q=) and Organization (the office of OFFICE)."""
from __future__ import annotations

import json
import re

from conftest import build_site, story_text

from plugins.sharing.site_json_ld import international_phone, postal_address

SITE = "https://nuea-news.example.go.th"
STORIES = {f"news/2569/s{n}.md": story_text(title=f"ข่าวที่ {n}") for n in range(11)}  # two home pages


def json_ld_blocks(html: str) -> list[dict]:
    return [json.loads(block) for block in
            re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]


def test_home_page_names_the_site_its_search_and_the_office(tmp_path):
    output = build_site(tmp_path, STORIES, {"SITEURL": SITE, "SEARCH_INDEX": False})
    [graph] = json_ld_blocks((output / "index.html").read_text(encoding="utf-8"))
    assert graph["@context"] == "https://schema.org"
    items = {item["@type"]: item for item in graph["@graph"]}
    website, office = items["WebSite"], items["Organization"]
    assert website["name"] == "ข่าวภาคเหนือตอนบน" and website["url"] == f"{SITE}/"
    action = website["potentialAction"]
    assert action["@type"] == "SearchAction" and action["query-input"] == "required name=search_term_string"
    assert action["target"]["urlTemplate"] == f"{SITE}/search/?q={{search_term_string}}"
    assert (output / "search" / "index.html").exists()  # the address the action names is a real page
    assert website["publisher"] == {"@id": office["@id"]}
    assert office["name"] == "สำนักประชาสัมพันธ์เขต 3 จังหวัดเชียงใหม่"
    assert office["logo"]["url"] == f"{SITE}/theme/img/nuea-news-logo.png" and office["logo"]["width"] == 512
    assert office["address"]["postalCode"] == "50100" and office["address"]["addressCountry"] == "TH"
    assert office["address"]["streetAddress"].startswith("49 ถนนประชาสัมพันธ์")
    assert office["telephone"] == "+66-5328-3734" and office["faxNumber"] == "+66-5328-3738"
    # only the home page: its second page, lists and stories carry no WebSite/Organization block
    assert json_ld_blocks((output / "page" / "2" / "index.html").read_text(encoding="utf-8")) == []
    story = json_ld_blocks((output / "news" / "s1" / "index.html").read_text(encoding="utf-8"))
    assert [block["@type"] for block in story] == ["NewsArticle"]


def test_office_details_in_schema_org_form():
    assert international_phone("0-5328-3734") == "+66-5328-3734"
    assert international_phone("053283734") == "+6653283734"
    assert postal_address("เลขที่ 1 เชียงใหม่") == {"@type": "PostalAddress", "addressCountry": "TH",
                                                   "streetAddress": "เลขที่ 1 เชียงใหม่"}
