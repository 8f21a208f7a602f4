"""The .gz/.br twins of the text files a publish wrote (production settings only), with plugins/compressed_twins'
compressors and manifest, so the next full build finds them current and compresses nothing again."""
from __future__ import annotations

from pathlib import Path


class Twins:
    def __init__(self, settings: dict, enabled, extensions, min_size: int, overwrite: bool):
        from plugins.compressed_twins.twins import Manifest

        self.output = Path(settings["OUTPUT_PATH"])
        self.enabled, self.extensions, self.min_size, self.overwrite = enabled, extensions, min_size, overwrite
        self.manifest = Manifest(Path(settings.get("CACHE_PATH") or "cache") / "compressed_twins.json", self.output)
        self.files: list[Path] = []

    @classmethod
    def for_settings(cls, settings: dict) -> Twins | None:
        """None when the settings make no twins (local builds)."""
        if "plugins.compressed_twins" not in settings.get("PLUGINS", ()):
            return None
        from pelican.plugins.precompress import get_settings

        from plugins.compressed_twins.twins import formats

        class _Instance:  # what pelican-precompress reads its settings from
            pass

        instance = _Instance()
        instance.settings = settings
        options = get_settings(instance)
        enabled = formats(options)
        if not enabled:
            return None
        return cls(settings, enabled, options["PRECOMPRESS_TEXT_EXTENSIONS"], options["PRECOMPRESS_MIN_SIZE"],
                   options["PRECOMPRESS_OVERWRITE"])

    def add(self, path: Path) -> None:
        if path.suffix in self.extensions and not (self.min_size and path.stat().st_size < self.min_size):
            self.files.append(path)

    def finish(self, deleted: list[str]) -> int:
        """Compress the files written; forget the deleted ones (their twins are already gone). Returns how many."""
        from plugins.compressed_twins.twins import make_twins

        done = make_twins(sorted(set(self.files)), self.enabled, self.manifest, self.overwrite, pool_from=12)
        files = {**self.manifest.files, **self.manifest.seen}
        for rel in deleted:
            files.pop(rel, None)
        self.manifest.seen = files
        self.manifest.save()
        return done
