"""Run Pagefind (extended build, shipped in the pagefind[extended] wheel) over the built site."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from pagefind_bin_extended import get_executable


class SearchIndexError(RuntimeError):
    """Pagefind failed or indexed no story."""


def run_pagefind(site: Path, glob: str, bundle_dir: str, exclude: list[str] = ()) -> int:
    """Index the story pages of `site` matching `glob` into site/bundle_dir, leaving out the `exclude` CSS
    selectors; returns the number of pages indexed."""
    shutil.rmtree(site / bundle_dir, ignore_errors=True)  # Pagefind adds files by hash and never prunes old ones
    cmd = [str(get_executable()), "--site", str(site), "--glob", glob, "--output-subdir", bundle_dir]
    for selector in exclude:
        cmd += ["--exclude-selectors", selector]
    done = subprocess.run(cmd, capture_output=True, text=True)
    log = done.stdout + done.stderr
    if done.returncode != 0:
        raise SearchIndexError(f"Pagefind failed on {site} (exit {done.returncode}):\n{log.strip()}")
    found = re.search(r"Indexed (\d+) pages?", log)
    return int(found.group(1)) if found else 0
