"""The .gz/.br twins of a publish build are remade exactly when needed: the page changed, or a twin is gone or
was touched; an unchanged rebuild leaves them alone."""
from __future__ import annotations

import gzip

import brotli

from conftest import story_text

from .conftest import publish

PAGE = "news/cmi-one/index.html"


def test_twins_are_kept_when_unchanged_and_remade_when_missing_or_touched(tmp_path):
    files = {"news/2569/cmi-one.md": story_text(title="หัวข่าว", agency="ส.ปชส.เชียงใหม่")}
    output = publish(tmp_path, files)
    gz, br = output / f"{PAGE}.gz", output / f"{PAGE}.br"
    stamps = (gz.stat().st_mtime_ns, br.stat().st_mtime_ns)
    publish(tmp_path, files)
    assert (gz.stat().st_mtime_ns, br.stat().st_mtime_ns) == stamps

    gz.unlink()
    br.write_bytes(brotli.compress(b"stale"))
    publish(tmp_path, files)
    page = (output / PAGE).read_bytes()
    assert gzip.decompress(gz.read_bytes()) == page and brotli.decompress(br.read_bytes()) == page
