"""The Google News sitemap (sitemaps.org 0.9 + news 0.9), built with ElementTree."""
from __future__ import annotations

import xml.etree.ElementTree as ET

from .sitemap_xml import SITEMAP_NS, absolute, w3c_datetime

NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"


def news_sitemap_xml(articles, siteurl: str, publication: str, language: str = "th") -> bytes:
    ET.register_namespace("", SITEMAP_NS)
    ET.register_namespace("news", NEWS_NS)
    urlset = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    for article in articles:
        url = ET.SubElement(urlset, f"{{{SITEMAP_NS}}}url")
        ET.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = absolute(siteurl, article.url)
        news = ET.SubElement(url, f"{{{NEWS_NS}}}news")
        pub = ET.SubElement(news, f"{{{NEWS_NS}}}publication")
        ET.SubElement(pub, f"{{{NEWS_NS}}}name").text = publication
        ET.SubElement(pub, f"{{{NEWS_NS}}}language").text = language
        ET.SubElement(news, f"{{{NEWS_NS}}}publication_date").text = w3c_datetime(article.story.date)
        ET.SubElement(news, f"{{{NEWS_NS}}}title").text = article.story.title
    ET.indent(urlset)
    return ET.tostring(urlset, encoding="utf-8", xml_declaration=True) + b"\n"
