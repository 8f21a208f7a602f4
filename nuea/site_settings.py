"""The site's Pelican settings for scripts and services that are not a Pelican run (make check, new_story,
the importers, the newsroom): pelicanconf.py (or another file) read the way Pelican reads it."""
from __future__ import annotations

import logging
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # the project folder


def load_settings(conf: str | Path | None = None, content: str | Path | None = None, **override) -> dict:
    """Pelican's settings from `conf` (default: the project's pelicanconf.py), PATH replaced by `content`."""
    from pelican.settings import read_settings

    logging.getLogger("pelican").setLevel(logging.ERROR)  # its settings warnings are not content problems
    conf = Path(conf) if conf else ROOT / "pelicanconf.py"
    if content:
        override["PATH"] = str(Path(content).resolve())
    return read_settings(str(conf) if conf.exists() else None, override=override or None)
