"""JSON-LD of the home page (schema.org): the WebSite with its search action, and the office as Organization."""
from __future__ import annotations

import re

from .page_share import SiteInfo


def international_phone(number: str, country_code: str = "66") -> str:
    """A Thai number as written locally ('0-5328-3734', '053283734') in international form ('+66-5328-3734',
    '+6653283734'): the trunk 0 dropped, the writer's separators kept."""
    rest = number.strip()
    if not re.search(r"\d", rest):
        return ""
    rest = rest[1:] if rest.startswith("0") else rest
    return f"+{country_code}{rest}"


def postal_address(address: str, country: str = "TH") -> dict:
    """'49 ถนน... เชียงใหม่ 50100' → PostalAddress with the trailing five-digit postal code on its own."""
    match = re.match(r"^(?P<street>.*?)[\s,]*(?P<code>\d{5})$", address.strip())
    data = {"@type": "PostalAddress", "addressCountry": country}
    if match:
        data.update(streetAddress=match["street"], postalCode=match["code"])
    else:
        data["streetAddress"] = address.strip()
    return data


def home_graph(site: SiteInfo, office: dict, search_url: str) -> dict:
    """The @graph of the home page: Organization (the office) and WebSite (publisher = the office, SearchAction).

    `search_url` is the absolute address of the search page; the query goes in its `q` parameter."""
    home = f"{site.siteurl}/"
    org_id, site_id = f"{home}#organization", f"{home}#website"
    organization = {
        "@type": "Organization",
        "@id": org_id,
        "name": office.get("name") or site.site_name,
        "url": home,
        "logo": {"@type": "ImageObject", "url": site.logo_url, "width": site.logo_size[0],
                 "height": site.logo_size[1]},
    }
    if office.get("address"):
        organization["address"] = postal_address(office["address"])
    for key, field in (("phone", "telephone"), ("fax", "faxNumber")):
        if office.get(key):
            organization[field] = international_phone(office[key])
    website = {
        "@type": "WebSite",
        "@id": site_id,
        "name": site.site_name,
        "url": home,
        "description": site.description,
        "inLanguage": "th",
        "publisher": {"@id": org_id},
        "potentialAction": {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": f"{search_url}?q={{search_term_string}}"},
            "query-input": "required name=search_term_string",
        },
    }
    return {"@context": "https://schema.org", "@graph": [website, organization]}
