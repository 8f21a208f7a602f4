"""sitemap.xml (sitemaps.org 0.9), built with ElementTree."""
from __future__ import annotations

import xml.etree.ElementTree as ET

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def absolute(siteurl: str, url: str) -> str:
    return f"{siteurl.rstrip('/')}/{url}"


def w3c_datetime(dt) -> str:
    return dt.isoformat(timespec="seconds")


def sitemap_xml(entries, siteurl: str) -> bytes:
    ET.register_namespace("", SITEMAP_NS)
    urlset = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    for entry in entries:
        url = ET.SubElement(urlset, f"{{{SITEMAP_NS}}}url")
        ET.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = absolute(siteurl, entry.url)
        if entry.lastmod is not None:
            ET.SubElement(url, f"{{{SITEMAP_NS}}}lastmod").text = w3c_datetime(entry.lastmod)
    ET.indent(urlset)
    return ET.tostring(urlset, encoding="utf-8", xml_declaration=True) + b"\n"
