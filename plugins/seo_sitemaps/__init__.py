"""Search engines: sitemaps (sitemap_xml.py), a Google News sitemap of the last two days' stories (news_sitemap.py),
robots.txt (robots.py), from the entries of entries.py. The site build (sitebuild/site_files.py) writes them: a
sitemap index (SEO_SITEMAP_SAVE_AS) naming one part for the site's pages and one per month of stories, so a new or
corrected story rewrites one small part, never a file of every story.
"""
from __future__ import annotations


def register():
    """Nothing to connect: the build writes the files (see the module docstring)."""
