from urllib.parse import parse_qs, urlsplit

import pytest
from share_fixtures import SHORT

from plugins.sharing.links import line_share_url, share_links

URL = "https://news.example.test/news/hang-chat-gecc/"


def _query(href):
    parts = urlsplit(href)
    return f"{parts.scheme}://{parts.netloc}{parts.path}", parse_qs(parts.query)


def test_line_link_decodes_to_the_canonical_url():
    address, query = _query(line_share_url(URL))
    assert address == "https://social-plugins.line.me/lineit/share"
    assert query == {"url": [URL]}


def test_line_is_first_then_facebook_x_copy():
    links = share_links(URL, SHORT)
    assert [link.network for link in links] == ["line", "facebook", "x", "copy"]
    phone, query = _query(links[0].phone_href)
    assert phone == "https://line.me/R/share" and query["text"] == [f"{SHORT}\n{URL}"]
    assert _query(links[1].href) == ("https://www.facebook.com/sharer/sharer.php", {"u": [URL]})
    assert _query(links[2].href) == ("https://x.com/intent/post", {"url": [URL], "text": [SHORT]})
    assert links[3].href == URL


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="absolute"):
        share_links("/news/x/", "t")
    with pytest.raises(ValueError, match="SHARE_NETWORKS.*myspace"):
        share_links(URL, "t", ["myspace"])
