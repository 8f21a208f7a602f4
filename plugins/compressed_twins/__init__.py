"""Precompressed twins (foo.html.gz, foo.html.br) for nginx's gzip_static/brotli_static, redone only for files
whose bytes changed.

Same settings and compressors as pelican-precompress (PRECOMPRESS_*), driven differently: Pelican rewrites every
page on every build, so instead of decompressing each twin to compare, a manifest in CACHE_PATH records each
file's SHA-256 and the size and mtime of the twins made from it. A file is compressed again when its hash
differs, or when a twin is missing or was touched since.
"""
from __future__ import annotations

import logging
from pathlib import Path

import blinker
import pelican.plugins.granular_signals
from pelican.plugins.precompress import get_settings

from .twins import Manifest, formats, make_twins, text_files

log = logging.getLogger(__name__)


def compress_output(pelican) -> None:
    settings = get_settings(pelican)
    enabled = formats(settings)
    if not enabled:
        return
    output = Path(settings["OUTPUT_PATH"])
    manifest = Manifest(Path(pelican.settings.get("CACHE_PATH") or "cache") / "compressed_twins.json", output)
    files = text_files(output, settings["PRECOMPRESS_TEXT_EXTENSIONS"], settings["PRECOMPRESS_MIN_SIZE"])
    done = make_twins(files, enabled, manifest, settings["PRECOMPRESS_OVERWRITE"])
    manifest.save()
    log.info("compressed_twins: %d of %d text files compressed (%s)", done, len(files),
             ", ".join(ext for ext, _ in enabled))


def register():
    pelican.plugins.granular_signals.register()  # its "compress" signal runs after every finalized handler
    blinker.signal("compress").connect(compress_output)
