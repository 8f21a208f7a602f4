"""Photos: a publish makes the sizes of a photo it has not seen (and says so); a photo prepared at upload (the
newsroom's step) costs the publish nothing; a replaced photo file republishes the stories that show it."""
from __future__ import annotations

from pelican.settings import read_settings
from story_mix import StoryMix, photo
from test_publish_command import write_conf
from test_publish_equals_full_build import differences, fresh_full_build

from sitebuild import full_build
from sitebuild.photos import prepare_photos
from sitebuild.publish import publish


def _site(tmp_path):
    mix = StoryMix.create(tmp_path / "content", 12, 21)
    conf = write_conf(tmp_path, mix.content, tmp_path / "output", tmp_path / "cache")
    settings = read_settings(str(conf))
    full_build(settings)
    return mix, settings


def test_a_story_with_a_new_photo_says_what_the_photo_cost(tmp_path):
    mix, settings = _site(tmp_path)
    rel = sorted(mix.fields)[0]
    mix.write({**mix.fields[rel], "image": "images/mix/brand-new.jpg", "image_caption": "ภาพใหม่จากงาน"})
    report = publish([mix.content / rel], settings=settings)
    assert report.photos_made == 1
    assert "1 new photo(s) sized in" in report.summary()
    written = set(report.written)
    assert "images/mix/brand-new.jpg" in written  # the metadata-free stand-in at the original's address
    assert any(p.startswith("photos/mix/brand-new-") and p.endswith(".webp") for p in written)
    assert differences(tmp_path / "output", fresh_full_build(tmp_path, mix.content, 1)) == []


def test_a_photo_prepared_at_upload_costs_the_publish_nothing(tmp_path):
    mix, settings = _site(tmp_path)
    image = mix.content / "images" / "mix" / "uploaded.jpg"
    image.parent.mkdir(parents=True, exist_ok=True)
    image.write_bytes(photo(77))
    prepared = prepare_photos([image], settings)
    assert prepared.made == 1 and not prepared.problems
    assert prepare_photos([image], settings).made == 0  # a second upload of the same photo makes nothing
    rel = sorted(mix.fields)[1]
    mix.write({**mix.fields[rel], "image": "images/mix/uploaded.jpg", "image_caption": "ภาพที่อัปโหลด"})
    report = publish([mix.content / rel], settings=settings)
    assert report.photos_made == 0 and "new photo" not in report.summary()
    assert "images/mix/uploaded.jpg" in report.written


def test_a_replaced_photo_republishes_the_stories_that_show_it(tmp_path):
    mix, settings = _site(tmp_path)
    rel = sorted(mix.fields)[2]
    mix.write({**mix.fields[rel], "image": "images/mix/shared.jpg", "image_caption": "ภาพร่วม"})
    publish([mix.content / rel], settings=settings)
    (mix.content / "images" / "mix" / "shared.jpg").write_bytes(photo(999))  # the same name, another picture
    report = publish([mix.content / "images" / "mix" / "shared.jpg"], settings=settings)
    assert report.photos_made == 1 and rel in report.read
    assert differences(tmp_path / "output", fresh_full_build(tmp_path, mix.content, 2)) == []


def test_a_broken_photo_is_reported_by_prepare(tmp_path):
    mix, settings = _site(tmp_path)
    broken = mix.content / "images" / "mix" / "broken.jpg"
    broken.parent.mkdir(parents=True, exist_ok=True)
    broken.write_bytes(b"not a photo at all")
    report = prepare_photos([broken], settings)
    assert report.made == 0 and len(report.problems) == 1 and "broken.jpg" in report.problems[0]
