"""Production build (`make publish`): pelicanconf.py plus the public address."""
import os
import sys

sys.path.append(os.path.dirname(__file__))
from pelicanconf import *  # noqa: F401,F403,E402

SITEURL = os.environ.get("SITEURL", "https://nuea-news.example.go.th")  # set SITEURL to the real address
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = False
