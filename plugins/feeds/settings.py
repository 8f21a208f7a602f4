"""Feed settings and their defaults; pelicanconf.py overrides only what the site needs."""

DEFAULTS = {
    "FEEDS_MAX_ITEMS": 50,  # newest N stories in every feed
    "FEEDS_TAGS": True,  # also write one feed pair per tag (ป้ายกำกับ)
    "FEEDS_DIR": "feeds",  # folder under output/ for every feed file and the XSL stylesheet
    "FEEDS_PUBLISHER": "",  # publisher named in every feed; '' = OFFICE["name"] from pelicanconf.py
    "FEEDS_DESCRIPTION": "ข่าวประชาสัมพันธ์ภาคเหนือตอนบน จากสำนักประชาสัมพันธ์เขต 3 และสำนักงานประชาสัมพันธ์จังหวัด",
    "FEEDS_LOGO": "feeds/logo.png",  # square channel image (RSS image, Atom icon), under output/; RSS: ≤ 144 px wide
    "FEEDS_LOGO_WIDE": "feeds/logo-wide.png",  # Atom logo, 2:1 as RFC 4287 4.2.8 asks
    "FEEDS_LANGUAGE": "th",  # RSS <language> and Atom xml:lang
    "FEEDS_PAGE_SAVE_AS": "feeds/index.html",  # the ติดตามข่าว page listing every feed
    "FEEDS_PAGE_URL": "feeds/",
    # tag: URI authority of feed and entry ids (RFC 4151): a domain the office holds and a date it held it.
    # Never change it after the first real publication: every feed reader would show every story again as new.
    "FEEDS_TAG_AUTHORITY": "region3.prd.go.th,2026",
}


def setting(settings, key):
    """The site's value for `key`, else the default above."""
    return settings.get(key, DEFAULTS[key])
