"""Defaults of the seo_sitemaps plugin (sitemap.xml, the Google News sitemap, robots.txt)."""

DEFAULTS = {
    "SEO_SITEMAP_SAVE_AS": "sitemap.xml",  # every published story, page and list page, for search engines
    "SEO_NEWS_SITEMAP_SAVE_AS": "news-sitemap.xml",  # Google News sitemap: the last SEO_NEWS_DAYS of stories
    "SEO_NEWS_DAYS": 2,  # Google News reads only stories published in the last two days
    "SEO_NEWS_MAX": 1000,  # Google News accepts at most 1,000 URLs per sitemap
    "SEO_NEWS_PUBLICATION": None,  # publication name in the news sitemap; None: SITENAME
    "SEO_ROBOTS_SAVE_AS": "robots.txt",  # robots.txt at the site root
    "SEO_ROBOTS_DISALLOW": ["/api/", "/drafts/"],  # paths crawlers skip: the counter API, draft previews
}
