"""The form shows the build's own problems (the same ones `make check` reports for the same file), each in Thai:
every message the checks produce for these bad stories has a Thai translation (none falls back)."""
from __future__ import annotations

import pytest

from conftest import story_text
from newsroom.problem_text import form_field, translate
from scripts.check_content import run_checks

from .conftest import make_room

BAD = {  # file -> text: one or more problems each
    "news/2569/missing.md": story_text(title=None, reporter=None),
    "news/2569/empty-date.md": story_text(date=""),
    "news/2569/no-year.md": story_text(date="10 พ.ค."),
    "news/2569/bad-day.md": story_text(date="31 เมษายน 2569"),
    "news/2569/bad-month.md": story_text(date="10 มกรร 2569"),
    "news/2569/month-first.md": story_text(date="05/31/2569"),
    "news/2569/bad-time.md": story_text(date="10 พ.ค. 2569 25:61"),
    "news/2569/weekday.md": story_text(date="วันจันทร์ที่ 10 พฤษภาคม 2569"),
    "news/2569/three-digit.md": story_text(date="10 พ.ค. 256"),
    "news/2569/be-small.md": story_text(date="10 พฤษภาคม พ.ศ. 2000"),
    "news/2569/ce-big.md": story_text(date="10 พฤษภาคม ค.ศ. 2569"),
    "news/2569/ce-two.md": story_text(date="10 พฤษภาคม ค.ศ. 69"),
    "news/2569/out-of-range.md": story_text(date="10 พฤษภาคม 1500"),
    "news/2569/month-13.md": story_text(date="10/13/2569"),
    "news/2569/garbage.md": story_text(date="เมื่อวานนี้"),
    "news/2569/modified-early.md": story_text(date="10 พ.ค. 2569", modified="9 พ.ค. 2569"),
    "news/2569/wrong-year.md": story_text(date="10 พ.ค. 2568"),
    "news/2569/agency.md": story_text(agency="ส.ปชส.ลำปาง์"),
    "news/2569/province.md": story_text(province="กรุงเทพ"),
    "news/2569/image-abs.md": story_text(image="/etc/passwd.jpg", image_caption="x"),
    "news/2569/image-kind.md": story_text(image="images/x.txt", image_caption="x"),
    "news/2569/image-missing.md": story_text(image="images/2569/11/none.jpg", image_caption="x"),
    "news/2569/bad-id.md": story_text(id="Bad_ID"),
    "news/2569/ข่าวไทย.md": story_text(),
    "news/2569/legacy.md": story_text(legacy_url="javascript:alert(1)"),
    "news/2569/reads.md": story_text(legacy_reads="มาก"),
    "news/2569/status.md": story_text(status="เสร็จ"),
    "news/2569/body-alt.md": story_text(body="ข้อความ\n\n![](/images/2569/11/none.jpg)"),
    "news/2569/lead-alt.md": story_text(image="images/2569/11/photo.jpg"),
    "news/2569/twice.md": story_text().replace("reporter:", "ข่าวโดย: คนแรก\nreporter:", 1),
    "news/2569/unknown-key.md": story_text().replace("\n\n", "\nป้ายกำกบ: x\n\n", 1),
    "news/2569/gallery-alt.md": story_text().replace("\n\n", "\nภาพประกอบ: images/2569/11/photo.jpg\n\n", 1),
    "news/2569/gallery-file.md": story_text().replace("\n\n", "\nภาพประกอบ: images/2569/11/none.jpg | งาน\n\n", 1),
    "news/2569/gallery-path.md": story_text().replace("\n\n", "\nภาพประกอบ: | ภาพงาน\n\n", 1),
    "news/2569/gallery-twice.md": story_text().replace(
        "\n\n", "\nภาพประกอบ: images/2569/11/photo.jpg | ก\n  images/2569/11/photo.jpg | ข\n\n", 1),
    "news/2569/bad-line.md": story_text().replace("\n\n", "\nบรรทัดที่ไม่มีทวิภาค\n\n", 1),
}


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("problems")
    room = make_room(tmp)
    (room.content / "images/2569/11").mkdir(parents=True)
    from .photo_files import jpeg
    (room.content / "images/2569/11/photo.jpg").write_bytes(jpeg(200, 100))
    for rel, text in BAD.items():
        (room.content / rel).parent.mkdir(parents=True, exist_ok=True)
        (room.content / rel).write_text(text, encoding="utf-8")
    return room, run_checks(room.newsroom.site.pelican)


def test_the_form_reports_exactly_what_make_check_reports(checked):
    room, make_check = checked
    by_file = {}
    for problem in make_check.problems:
        if "also used by" in problem.message:  # duplicate ids are across files; the form checks its own id
            continue
        by_file.setdefault(problem.path, set()).add((problem.field, problem.message))
    for rel, text in BAD.items():
        form = room.newsroom.desk.read(text, rel)
        assert {(p.field, p.message) for p in form.problems} == by_file.get(f"content/{rel}", set()), rel
        assert form.problems, rel


def test_every_problem_has_a_thai_message(checked):
    _room, make_check = checked
    untranslated = [str(p) for p in make_check.problems if translate(p.message) is None]
    assert untranslated == []
    for problem in make_check.problems:
        thai = translate(problem.message)
        assert any("\u0e00" <= ch <= "\u0e7f" for ch in thai), thai
        assert "did you mean" not in thai and "expected e.g." not in thai


def test_problems_land_on_their_form_fields(checked):
    _room, make_check = checked
    fields = {p.path.rsplit("/", 1)[-1]: form_field(p) for p in make_check.problems}
    assert fields["bad-day.md"] == "date" and fields["agency.md"] == "agency" and fields["province.md"] == "province"
    assert fields["bad-id.md"] == "id" and fields["image-missing.md"] == "image"
