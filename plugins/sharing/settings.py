"""Settings of the sharing plugin, with their defaults. Override any of them in pelicanconf.py."""

DEFAULTS = {
    # "link": plain share links, no third-party script; "official": LINE's own LINE it! button with share count
    "SHARE_LINE_BUTTON": "link",
    # script the official LINE it! button loads (only in "official" mode)
    "SHARE_LINE_SCRIPT_URL": "https://www.line-website.com/social-plugins/js/thirdparty/loader.min.js",
    # networks after LINE, in order; any of "facebook", "x", "copy"
    "SHARE_NETWORKS": ["facebook", "x", "copy"],
    # X account of the office for twitter:site, e.g. "@prdnorth"; None = omit
    "SHARE_TWITTER_SITE": None,
    # output folder of the share cards (under OUTPUT_PATH) and their URL prefix
    "SHARE_CARD_DIR": "cards",
    # where drawn cards are kept between builds; relative paths are under CACHE_PATH
    "SHARE_CARD_CACHE": "share-cards",
    # copy the cards into output/ here; False: a build that writes output/ itself (sitebuild) copies them
    "SHARE_CARD_PUBLISH": True,
    # processes that draw cards; None = one per CPU
    "SHARE_CARD_WORKERS": None,
    # folder with Sarabun-Bold.ttf and Sarabun-Regular.ttf; None = the fontpkg-sarabun package
    "SHARE_CARD_FONT_DIR": None,
    # site logo drawn on cards and named in JSON-LD (path under the theme's static folder)
    "SHARE_LOGO": "img/nuea-news-logo.png",
    # one-line description of the site for og:description on non-story pages
    "SHARE_SITE_DESCRIPTION": "ข่าวประชาสัมพันธ์จากหน่วยงานภาครัฐในภาคเหนือตอนบน",
}


def get(settings, key):
    """The value of a sharing setting: the site's own, else the default."""
    return settings.get(key, DEFAULTS[key])
