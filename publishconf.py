"""Production build (`make publish`): pelicanconf.py plus the public address and precompressed files."""
import os

from pelicanconf import *  # noqa: F401,F403

# The public address. https://nuea-news.example.go.th is a placeholder until the office's domain is registered:
# set SITEURL in the environment (`SITEURL=https://… make publish`) or change it here.
SITEURL = os.environ.get("SITEURL", "https://nuea-news.example.go.th").rstrip("/")
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = False

# Drafts are previewed with `make serve`; they never reach the public server.
DRAFT_SAVE_AS = ""
DRAFT_LANG_SAVE_AS = ""

# The read counter, on the same origin: nginx proxies /api/ to `python -m readcounter` on 127.0.0.1:8001.
READ_COUNTS_API = "/api"  # where the pages' script calls it
# Counts baked into the pages come from the running service (unreachable: legacy counts and a warning).
READ_COUNTS_SOURCE = os.environ.get("READ_COUNTS_SOURCE", "http://127.0.0.1:8001/api")

# Precompressed copies beside every text file (foo.html.gz, foo.html.br) for nginx's gzip_static/brotli_static.
PLUGINS = PLUGINS + ["plugins.compressed_twins"]  # noqa: F405  (pelican-precompress compressors, cached by hash)
PRECOMPRESS_GZIP = True
PRECOMPRESS_BROTLI = True
PRECOMPRESS_ZOPFLI = False
PRECOMPRESS_ZSTANDARD = False
PRECOMPRESS_OVERWRITE = True  # recompress when a page changed (the output folder is kept between builds)
PRECOMPRESS_TEXT_EXTENSIONS = {".atom", ".css", ".html", ".js", ".json", ".rss", ".svg", ".txt", ".xml"}
