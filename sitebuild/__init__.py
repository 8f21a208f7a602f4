"""The site build: Pelican and the plugins read content into records kept in a site model; every output file is
planned from the model with the fingerprint of its inputs, and only files whose inputs changed are made (only those
whose bytes changed are written). A full build (`make html`) and a fast publish (`scripts/publish.py`, the newsroom)
are the same pipeline: they differ only in which content files they read.

| module | one job |
| --- | --- |
| `pipeline` | one run, full or fast: lock, model, scan, read, check, plan, write, search, twins |
| `publish` | the fast path for the newsroom and `scripts/publish.py`: `publish(paths, settings_file)` |
| `read_phase` | reading chosen content files through Pelican and the plugins, without Pelican's writer |
| `records` | what a read content file leaves: story and page records, digests |
| `model` | the site model on disk (SQLite): records, owned output files, cards, journal |
| `plan` | every output file with its fingerprint; `site_files`: feeds, sitemaps, manifest, maps |
| `pagination`, `related` | list pages numbered from the oldest story; related stories among neighbours (pure) |
| `views`, `render` | what templates see; rendering with the theme's Jinja environment |
| `outputs` | writing a plan: changed files only, atomically, journaled; deleting what is no longer planned |
| `search_step` | the one place the build talks to search |
| `twins`, `lock`, `inputs` | .gz/.br of what a publish wrote; one build at a time; site-wide input digests |
"""
from .pipeline import NeedsFullBuild, NotAStory, RunReport, full_build

__all__ = ["full_build", "RunReport", "NeedsFullBuild", "NotAStory"]
