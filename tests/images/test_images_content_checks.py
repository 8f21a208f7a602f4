"""The checks `make check` calls: alt text and photo files, without a build."""
from photo_samples import photo_bytes

from plugins.images.content_checks import photo_alt_problems, photo_file_problems


def test_caption_or_explicit_alt_is_enough():
    # the alt text is the story's photo_alt: image_alt, else the caption (nuea.story.Story.photo_alt)
    assert photo_alt_problems("news/a.md", "images/x.jpg", "คำบรรยาย") == []
    assert photo_alt_problems("news/a.md", "", "") == []


def test_every_photo_without_alt_is_reported_with_file_and_photo():
    problems = photo_alt_problems(
        "news/2561/a.md", "images/x.jpg", "  ",
        '<p><img src="/images/y.jpg" alt="ป้าย"></p><p><img src="/images/z.jpg" alt=""><img src="/images/w.jpg"></p>')
    assert len(problems) == 3
    assert problems[0].startswith("news/2561/a.md: lead photo") and "'images/x.jpg'" in problems[0]
    assert "body photo 2 '/images/z.jpg'" in problems[1] and "body photo 3 '/images/w.jpg'" in problems[2]


def test_photo_files_missing_or_unsupported(tmp_path):
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "ok.jpg").write_bytes(photo_bytes())
    (tmp_path / "images" / "anim.gif").write_bytes(photo_bytes(fmt="GIF", gps=False))
    story = tmp_path / "news" / "a.md"
    problems = photo_file_problems(
        story, tmp_path, "images/ok.jpg",
        '<img src="{static}/images/anim.gif" alt="a"><img src="/images/gone.jpg" alt="b">'
        '<img src="https://example.org/x.jpg" alt="c">')
    assert len(problems) == 2
    assert "anim.gif: unsupported format GIF" in problems[0] and "gone.jpg: file not found" in problems[1]
