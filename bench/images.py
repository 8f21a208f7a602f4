"""Story photos: 200 synthetic 4000×3000 camera photos through the images plugin's pipeline.

    .venv/bin/python bench/images.py [--photos 200] [--workers 0]

Prints, against a baseline measured in the same run (copying the originals, which is what Pelican
does without the plugin): the cold time (empty cache), the unchanged-rebuild time, and bytes before
(originals) and after (all derivatives, and what a phone downloads: one 960 px WebP/AVIF).
"""
from __future__ import annotations

import argparse
import os
import shutil
import time
from pathlib import Path

from PIL import ExifTags, Image, ImageChops, ImageEnhance, features

ROOT = Path(__file__).resolve().parent.parent
from plugins.images import cache  # noqa: E402
from plugins.images.parallel import PhotoJob, derive_all  # noqa: E402
from plugins.images.settings import DEFAULTS  # noqa: E402
from plugins.images.specs import choose_encodings, derivative_path  # noqa: E402

SIZE = (4000, 3000)


def camera_exif(n: int) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make], exif[ExifTags.Base.Model] = "BenchPhone", f"Model {n % 7}"
    exif[ExifTags.Base.Orientation] = 6 if n % 10 == 0 else 1  # every tenth photo taken upright
    exif.get_ifd(ExifTags.IFD.GPSInfo).update({1: "N", 2: (18.0, 47.0, float(n % 60)), 3: "E", 4: (98.0, 59.0, 0.0)})
    return exif


def make_photos(folder: Path, count: int) -> list[Path]:
    """COUNT distinct 4000×3000 JPEGs (q92, EXIF with GPS) like a phone writes; reused between runs."""
    folder.mkdir(parents=True, exist_ok=True)
    wanted = [folder / f"photo-{n:03d}.jpg" for n in range(count)]
    if all(p.exists() for p in wanted):
        return wanted
    base = Image.effect_mandelbrot(SIZE, (-2.2, -1.2, 1.0, 1.2), 80).convert("RGB")
    gradient = Image.linear_gradient("L").resize(SIZE)
    base = Image.merge("RGB", (base.getchannel(0), base.getchannel(0).rotate(180), gradient))
    base = Image.blend(base, Image.effect_noise(SIZE, 30).convert("RGB"), 0.25)
    for n, path in enumerate(wanted):
        if path.exists():
            continue
        photo = ImageChops.offset(base, n * 37, n * 23)
        photo = ImageEnhance.Color(photo).enhance(0.6 + (n % 9) / 10)
        photo.save(path, "JPEG", quality=92, exif=camera_exif(n))
    return wanted


def run(sources, cache_root: Path, output: Path, workers: int):
    encodings = choose_encodings(DEFAULTS["IMAGES_FORMATS"], DEFAULTS["IMAGES_ENCODER_OPTIONS"], features.check)
    jobs = [PhotoJob(s, DEFAULTS["IMAGES_WIDTHS"], encodings, DEFAULTS["IMAGES_ENCODER_OPTIONS"], cache_root,
                     DEFAULTS["IMAGES_MAX_PIXELS"], DEFAULTS["IMAGES_ACCEPTED_FORMATS"]) for s in sources]
    start = time.perf_counter()
    results, errors = derive_all(jobs, workers)
    assert not errors, errors
    written = 0
    for source, result in results.items():
        written += cache.publish(result.standin.cached, output / "images" / source.name)
        for d in result.derivatives:
            path = derivative_path(f"images/{source.name}", d.spec, d.token, "photos")
            written += cache.publish(d.cached, output / path)
    return time.perf_counter() - start, results, written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--photos", type=int, default=200)
    parser.add_argument("--workers", type=int, default=0, help="0: one per CPU")
    parser.add_argument("--work", type=Path, default=ROOT / "bench" / "out" / "images")
    args = parser.parse_args()

    t = time.perf_counter()
    sources = make_photos(args.work / "src", args.photos)
    print(f"{len(sources)} photos {SIZE[0]}×{SIZE[1]} ready in {time.perf_counter() - t:.1f} s "
          f"(AVIF {'on' if features.check('avif') else 'off'}, {os.cpu_count()} CPUs)")
    for d in ("cache", "output", "copy"):
        shutil.rmtree(args.work / d, ignore_errors=True)

    t = time.perf_counter()
    for s in sources:  # baseline: what Pelican does with the originals without the plugin
        shutil.copyfile(s, (args.work / "copy").mkdir(exist_ok=True) or args.work / "copy" / s.name)
    copy = time.perf_counter() - t

    cold, results, written_cold = run(sources, args.work / "cache", args.work / "output", args.workers)
    warm, again, written_warm = run(sources, args.work / "cache", args.work / "output", args.workers)
    encoded_warm = sum(r.encoded for r in again.values())

    before = sum(s.stat().st_size for s in sources)
    after = sum(d.cached.stat().st_size for r in results.values() for d in r.derivatives)
    phone = {}
    for r in results.values():
        for d in r.derivatives:
            if d.spec.width == 960:
                phone[d.spec.encoding.name] = phone.get(d.spec.encoding.name, 0) + d.cached.stat().st_size
    n = len(sources)
    derivatives = sum(len(r.derivatives) for r in results.values())

    print(f"baseline: copy originals          {copy:7.2f} s")
    print(f"cold: {derivatives} derivatives       {cold:7.2f} s  = {cold / copy:6.1f}× copy  "
          f"({cold / n * 1000:.0f} ms/photo, {written_cold} files written)")
    print(f"unchanged rebuild                 {warm:7.2f} s  = {warm / copy:6.2f}× copy  = {warm / cold:.3f}× cold  "
          f"({encoded_warm} encoded, {written_warm} written)")
    print(f"bytes: originals {before / 1e6:8.1f} MB ({before / n / 1e6:.2f} MB/photo)")
    print(f"       all derivatives {after / 1e6:8.1f} MB = {after / before:.3f}× originals")
    for name, size in phone.items():
        print(f"       one 960 px {name:4} per page view {size / n / 1e3:6.0f} kB = {size / before:.3f}× original")


if __name__ == "__main__":
    main()
