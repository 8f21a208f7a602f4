"""Story photos (lead, body and gallery) that load fast on phones: responsive derivatives (AVIF/WebP/JPEG at a few
widths), upright, sRGB, with every bit of metadata (GPS above all) removed, cached by content hash and made in parallel.

The whole life of the plugin is in register(): after Pelican has read every story, `prepare_photos`
derives and publishes every photo a story shows, gives stories their lead/card pictures, rewrites body
<img> into <picture>, and keeps the original photos (with their EXIF/GPS) out of output/.
"""
from __future__ import annotations

import logging
from pathlib import Path

from pelican import signals
from pelican.contents import Content
from pelican.generators import ArticlesGenerator, PagesGenerator, StaticGenerator
from PIL import features

from nuea.problems import ContentFailure

from . import cache
from .content_checks import photo_alt_problems
from .parallel import PhotoJob, derive_all
from .picture import picture_for
from .rewrite import rewrite_body
from .settings import setting
from .specs import choose_encodings, derivative_path
from .story_photos import story_photos

ORIGINAL_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".gif", ".heic", ".heif", ".tif", ".tiff", ".mpo", ".bmp"}


log = logging.getLogger(__name__)


class PhotoProblems(ContentFailure):
    """Stories whose photos cannot be published; the message lists every one."""

    def report(self) -> str:
        return str(self).split("\n", 1)[-1]


def _contents(generators) -> list[Content]:
    found = []
    for g in generators:
        if isinstance(g, ArticlesGenerator):
            found += g.articles + g.translations + g.drafts + g.drafts_translations
            found += g.hidden_articles + g.hidden_translations
        elif isinstance(g, PagesGenerator):
            found += g.pages + g.translations + g.hidden_pages + g.hidden_translations
            found += g.draft_pages + g.draft_translations
    return found


def _cache_root(settings) -> Path:
    root = Path(setting(settings, "IMAGES_CACHE_DIR"))
    return root if root.is_absolute() else Path(settings["PATH"]).parent / root


def _forget_rendered(content: Content) -> None:
    """Drop Pelican's memoized content/summary of CONTENT so the rewritten body is used."""
    for method in (Content.get_content, Content.get_summary):
        for key in [k for k in method.cache if k and k[0] is content]:
            del method.cache[key]


def photo_jobs(sources, settings) -> list[PhotoJob]:
    """One derivation job per photo file, as the build makes them (the newsroom makes the same at upload, so a
    publish finds every size in the cache)."""
    encodings = choose_encodings(setting(settings, "IMAGES_FORMATS"), setting(settings, "IMAGES_ENCODER_OPTIONS"),
                                 features.check)
    options = setting(settings, "IMAGES_ENCODER_OPTIONS")
    return [PhotoJob(Path(s).resolve(), tuple(setting(settings, "IMAGES_WIDTHS")), encodings, options,
                     _cache_root(settings), setting(settings, "IMAGES_MAX_PIXELS"),
                     tuple(setting(settings, "IMAGES_ACCEPTED_FORMATS"))) for s in sources]


def _story_image(c: Content) -> tuple[str, str, str]:
    """(lead photo path, its alt text, its caption) of a story; pages have none."""
    story = getattr(c, "story", None)
    return (story.image, story.photo_alt, story.image_caption) if story else ("", "", "")


def _gallery(c: Content) -> tuple:
    """The story's gallery photos (nuea.story.GalleryPhoto; each has alt text: read_story refuses one without)."""
    story = getattr(c, "story", None)
    return story.gallery if story else ()


def _drop_drafts(generators, drafts: set[int]) -> None:
    """Drafts whose photos cannot be published are left out of the build (a problem of a story that is not
    going out never stops the build; `make check` lists it)."""
    for g in generators:
        if isinstance(g, ArticlesGenerator):
            g.drafts[:] = [c for c in g.drafts if id(c) not in drafts]
        elif isinstance(g, PagesGenerator):
            g.draft_pages[:] = [c for c in g.draft_pages if id(c) not in drafts]


def prepare_photos(generators) -> None:
    articles = next(g for g in generators if isinstance(g, ArticlesGenerator))
    settings, env = articles.settings, articles.env
    content_root, output = Path(settings["PATH"]), Path(settings["OUTPUT_PATH"])
    siteurl = settings.get("SITEURL", "")

    # 1. which photos each story shows, and which lack alt text
    stories = [(c, story_photos(c.source_path, content_root, _story_image(c)[0], c._content or "", siteurl,
                                [p.image for p in _gallery(c)]))
               for c in _contents(generators)]
    problems: dict[int, list[str]] = {}  # id(content) -> messages
    for c, photos in stories:
        found = [f"{c.source_path}: photo {f} is outside {content_root}; put it under content/images/"
                 for f in photos.files() if not f.resolve().is_relative_to(content_root.resolve())]
        if setting(settings, "IMAGES_REQUIRE_ALT"):
            image, alt, _ = _story_image(c)
            found += photo_alt_problems(c.source_path, image, alt, c._content or "")
        if found:
            problems[id(c)] = found

    # 2. derive every photo once (in parallel, from the cache when unchanged)
    ok = [(c, photos) for c, photos in stories if id(c) not in problems]
    sources = sorted({f.resolve() for _, photos in ok for f in photos.files()})
    results, errors = derive_all(photo_jobs(sources, settings), setting(settings, "IMAGES_WORKERS"))
    failed = {Path(e.path): e for e in errors}
    for c, photos in ok:
        bad = [failed[f.resolve()] for f in photos.files() if f.resolve() in failed]
        if bad:
            problems.setdefault(id(c), []).extend(f"{e} (shown by {c.source_path})" for e in bad)
    drafts = {id(c) for c, _ in stories if id(c) in problems and getattr(c, "status", "") == "draft"}
    for c, _ in stories:
        if id(c) in drafts:
            for message in problems[id(c)]:
                log.warning("images: %s [not published: left out of this build]", message)
    blocking = [m for c, _ in stories if id(c) in problems and id(c) not in drafts for m in problems[id(c)]]
    if blocking:
        raise PhotoProblems("story photos cannot be published:\n" + "\n".join(blocking))
    _drop_drafts(generators, drafts)
    stories = [(c, photos) for c, photos in stories if id(c) not in drafts]

    # 3. publish derivatives (only after every photo succeeded), then give stories their pictures
    output_dir, source_dir = setting(settings, "IMAGES_OUTPUT_DIR"), setting(settings, "IMAGES_SOURCE_DIR")
    publish = setting(settings, "IMAGES_PUBLISH")
    urls, files, written = {}, {}, 0
    for source, result in results.items():
        rel = source.relative_to(content_root.resolve()).as_posix()
        # the original's own address serves its safe stand-in, so links to it (feeds, JSON-LD) keep working
        files[source] = [(rel, str(result.standin.cached))]
        pairs = []
        for d in result.derivatives:
            path = derivative_path(rel, d.spec, d.token, output_dir, source_dir)
            files[source].append((path, str(d.cached)))
            pairs.append((d.spec, f"{siteurl}/{path}"))
        if publish:
            written += sum(cache.publish(Path(cached), output / path) for path, cached in files[source])
        urls[source] = (f"{siteurl}/{rel}", pairs)

    made = sum(len(r.derivatives) + 1 for r in results.values())
    encoded = sum(r.encoded for r in results.values())
    log.info("images: %d photos, %d derivatives: %d encoded, %d from cache, %d written to output",
             len(results), made, encoded, made - encoded, written)

    sizes = setting(settings, "IMAGES_SIZES")
    body_template = env.get_template("partials/body_photo.html")
    gallery_template = env.get_template("partials/gallery.html")
    for c, photos in stories:
        # the photo files it shows, and (output path, cached file) of every file they need: for a build that
        # publishes them itself and reads the content again when a photo changes
        c.photo_sources = tuple(str(p) for p in photos.files())
        c.photos_made = sum(1 for p in photos.files() if results[p.resolve()].encoded)
        c.photo_files = tuple(dict.fromkeys(f for p in photos.files() for f in files[p.resolve()]))
        if photos.lead:
            src, pairs = urls[photos.lead.resolve()]
            _, alt, caption = _story_image(c)
            c.lead_photo = picture_for(pairs, src=src, alt=alt, caption=caption, sizes=sizes["lead"])
            c.card_photo = picture_for(pairs, src=src, alt="", sizes=sizes["card"])
        if photos.body:
            def make_picture(attrs, photos=photos):
                file = photos.body.get(attrs["src"])
                if file is None:
                    return None
                src, pairs = urls[file.resolve()]
                return picture_for(pairs, src=src, alt=attrs["alt"] or "", caption=attrs["title"] or "",
                                   sizes=sizes["body"])

            c._content = rewrite_body(c._content, make_picture,
                                      lambda p, figure: body_template.render(photo=p, figure=figure))
            _forget_rendered(c)
        if photos.gallery:
            c.gallery_photos = [picture_for(urls[f.resolve()][1], src=urls[f.resolve()][0], alt=g.photo_alt,
                                            caption=g.caption, sizes=sizes["gallery"])
                                for f, g in zip(photos.gallery, _gallery(c), strict=True)]
            # after the body, so the feed entry's HTML, the search index and the page all carry it
            c._content = (c._content or "") + gallery_template.render(photos=c.gallery_photos)
            _forget_rendered(c)

    # 4. originals carry EXIF and GPS: never copy them to output/
    _drop_originals(generators, content_root / source_dir, set(results))


def _drop_originals(generators, source_dir: Path, processed) -> None:
    for g in generators:
        if isinstance(g, StaticGenerator):
            def is_original(sf):
                path = Path(sf.source_path).resolve()
                return path in processed or (path.is_relative_to(source_dir.resolve())
                                             and path.suffix.lower() in ORIGINAL_SUFFIXES)
            g.staticfiles[:] = [sf for sf in g.staticfiles if not is_original(sf)]  # context shares the list


def register():
    signals.all_generators_finalized.connect(prepare_photos)
