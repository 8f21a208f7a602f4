"""A cold build reads its stories in batches, each in a fresh worker process, and parks the records' bodies on disk
until it stores them: the site is the same as one read in a single batch, the model holds every body, and the
problems of every batch are reported together."""
from __future__ import annotations

import pytest
from story_mix import StoryMix
from test_publish_equals_full_build import differences, settings_for

from nuea.problems import ContentError
from sitebuild import full_build
from sitebuild.pipeline import model_path
from sitebuild.model import SiteModel


def test_batches_read_in_worker_processes_give_the_same_site(tmp_path):
    mix = StoryMix.create(tmp_path / "content", 24, seed=3)
    one = settings_for(mix.content, tmp_path / "one" / "output", tmp_path / "one" / "cache")
    many = settings_for(mix.content, tmp_path / "many" / "output", tmp_path / "many" / "cache",
                        SITEBUILD_READ_BATCH=5)
    serial = full_build(one, workers=1)
    parallel = full_build(many, workers=2)
    assert len(parallel.read) == len(serial.read) > 20
    assert differences(tmp_path / "many" / "output", tmp_path / "one" / "output") == []
    assert (tmp_path / "many" / "output" / "index.html").is_file()
    model = SiteModel(model_path(many))
    try:
        live = next(rel for rel, fields in mix.fields.items() if not fields.get("status"))
        content, summary, _ = model.body(live)
        assert mix.fields[live]["body"].split()[0] in content and summary
        assert model.sources()[live].outcome.record.content == ""  # the head: the body is stored apart
    finally:
        model.close()
    assert not (tmp_path / "many" / "cache" / "sitebuild" / "spill.sqlite3").exists()


def test_problems_of_every_batch_are_reported_and_nothing_is_written(tmp_path):
    mix = StoryMix.create(tmp_path / "content", 12, seed=4)
    stories = sorted(rel for rel, fields in mix.fields.items() if not fields.get("status"))  # live ones
    for rel in (stories[0], stories[-1]):  # the first and the last batch
        path = mix.content / rel
        path.write_text(path.read_text(encoding="utf-8").replace("agency: ", "agency: ไม่มีหน่วยงานนี้", 1),
                        encoding="utf-8")
    output = tmp_path / "site" / "output"
    with pytest.raises(ContentError) as failure:
        full_build(settings_for(mix.content, output, tmp_path / "site" / "cache", SITEBUILD_READ_BATCH=4), workers=2)
    report = str(failure.value)
    assert stories[0].rsplit("/", 1)[1] in report and stories[-1].rsplit("/", 1)[1] in report
    assert "ไม่มีหน่วยงานนี้" in report
    assert not (output / "index.html").exists()
    assert not (tmp_path / "site" / "cache" / "sitebuild" / "spill.sqlite3").exists()
