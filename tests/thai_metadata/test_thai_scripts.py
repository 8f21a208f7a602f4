"""The writer's commands: check_content, new_story, import_legacy (real files, the real CLI where it matters)."""
import shutil
import subprocess
import sys
from datetime import datetime

import pytest

from conftest import ROOT, build_site
from nuea.header import parse_header
from nuea.keys import THAI_KEYS, canonical_key
from nuea.thai_dates import BANGKOK, parse_thai_date
from scripts import import_legacy, new_story

SEED = ROOT / "tests" / "thai_metadata" / "fixtures" / "hang-chat-gecc-story.txt"  # copy of the shared seed
HTML = ROOT / "tests" / "thai_metadata" / "fixtures" / "hang-chat-gecc-legacy.html"
SEED_OPTIONS = ["--id", "hang-chat-gecc", "--legacy-url", "/news/detail.php?id=41236",
                "--category", "ข่าวภูมิภาค", "--tags", "ศูนย์ราชการสะดวก, GECC, กฟภ."]
DEBRIS = ["echo Out", "LINE it", "Editor Login", "Name :", "Pass :", "จัดทำและบริหารระบบ", "0-5328-3734",
          "ถนนประชาสัมพันธ์", "สำนักประชาสัมพันธ์เขต 3", "อ่าน :"]


@pytest.fixture
def content(tmp_path):
    folder = tmp_path / "content"
    folder.mkdir()
    shutil.copy(ROOT / "content" / "agencies.toml", folder)
    return folder


def settings_args(content):
    return ["--settings", str(ROOT / "pelicanconf.py"), "--content", str(content)]


def run(script, *args):
    return subprocess.run([sys.executable, str(ROOT / "scripts" / script), *args],
                          capture_output=True, text=True, timeout=120)


def fields_of(path):
    header = parse_header(path.read_text(encoding="utf-8"))
    return {canonical_key(f.key): f.value for f in header.fields}, header.body


def seed_paragraphs():
    lines = SEED.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines[4:] if line.strip() and not line.startswith("ข่าวโดย")][:3]


def test_importer_reproduces_every_field_of_the_seed(content):
    result = run("import_legacy.py", str(SEED), *SEED_OPTIONS, *settings_args(content))
    assert result.returncode == 0, result.stderr
    story = content / "news" / "2561" / "hang-chat-gecc.md"
    fields, body = fields_of(story)
    assert fields["title"] == ("กฟภ.ห้างฉัตร เดินหน้ายกระดับงานบริการประชาชน "
                               "เปิดศูนย์ราชการสะดวกรับการประเมินจากคณะอนุกรรมการกลาง")
    assert parse_thai_date(fields["date"]) == datetime(2018, 5, 10, 11, 48, 27, tzinfo=BANGKOK)
    assert fields["reporter"] == "นายชาญณรงค์ ปันเต" and fields["editor"] == ""
    assert fields["agency"] == "ส.ปชส.ลำปาง" and fields["legacy_reads"] == "185"
    assert fields["legacy_url"] == "/news/detail.php?id=41236" and fields["id"] == "hang-chat-gecc"
    # GECC has the slug of ศูนย์ราชการสะดวก (THAI_SLUGS): one tag per slug (the story contract), the first kept
    assert fields["category"] == "ข่าวภูมิภาค" and fields["tags"] == "ศูนย์ราชการสะดวก, กฟภ."
    assert body.strip().split("\n\n") == seed_paragraphs()
    assert fields["title"] not in body  # the old page's repeated headline is not body text
    for debris in DEBRIS:
        assert debris not in body, debris

    # the committed seed story is exactly what the importer makes
    assert story.read_text(encoding="utf-8") == (ROOT / "content/news/2561/hang-chat-gecc.md").read_text("utf-8")

    # it never overwrites
    before = story.read_bytes()
    again = run("import_legacy.py", str(SEED), *SEED_OPTIONS, *settings_args(content))
    assert again.returncode == 1 and "already exists; not overwriting" in again.stderr
    assert story.read_bytes() == before


def test_importer_reads_the_saved_html_page_the_same(content, tmp_path):
    assert b"charset=windows-874" in HTML.read_bytes()
    from_text, from_html = tmp_path / "text.md", tmp_path / "html.md"
    assert import_legacy.main([str(SEED), *SEED_OPTIONS, *settings_args(content), "--output", str(from_text)]) == 0
    assert import_legacy.main([str(HTML), *SEED_OPTIONS, *settings_args(content), "--output", str(from_html)]) == 0
    assert from_html.read_text(encoding="utf-8") == from_text.read_text(encoding="utf-8")


def test_importer_refuses_a_page_without_a_story(content, tmp_path, capsys):
    page = tmp_path / "login.txt"
    page.write_text("ข่าวภาคเหนือตอนบน สำนักประชาสัมพันธ์เขต 3\nEditor Login\nName :\n", encoding="utf-8")
    assert import_legacy.main([str(page), *settings_args(content)]) == 1
    assert "no date line" in capsys.readouterr().err


def test_imported_seed_builds_with_its_legacy_fields(tmp_path):
    output = build_site(tmp_path, site_content=True)
    page = (output / "news" / "hang-chat-gecc" / "index.html").read_text(encoding="utf-8")
    assert "ผู้ตรวจราชการสำนักนายกรัฐมนตรี" in page and "echo Out" not in page


def test_new_story_from_arguments(content):
    args = ["--title", "ลำพูนจัดงานวันลำไย", "--reporter", "นางสาวทดสอบ ใจดี", "--agency", "LPN",
            "--tags", "ลำไย, เกษตรกร", "--category", "เกษตร", "--no-input", *settings_args(content)]
    assert new_story.main(args) == 0
    now = datetime.now(BANGKOK)
    [path] = list((content / "news").rglob("*.md"))
    assert path.parent.name == str(now.year + 543) and path.stem.isascii()
    fields, _ = fields_of(path)
    thai_keys = [f.key for f in parse_header(path.read_text(encoding="utf-8")).fields]
    # every key a writer fills in for a new story (corrections, alt text and the importer's keys come later)
    later = {"แก้ไขล่าสุด", "คำอธิบายภาพ", "หมายเหตุการแก้ไข", "ที่อยู่เดิม", "ยอดอ่านเดิม"}
    assert {k for k in THAI_KEYS.values() if k} - later <= set(thai_keys)
    assert fields["agency"] == "ส.ปชส.ลำพูน" and fields["province"] == "ลำพูน" and fields["status"] == "ร่าง"
    assert abs((parse_thai_date(fields["date"]) - now).total_seconds()) < 120
    assert fields["id"] == path.stem

    again = run("new_story.py", *args, "--id", path.stem)
    assert again.returncode == 1 and "already used" in again.stderr

    check = run("check_content.py", *settings_args(content))
    assert check.returncode == 0 and "1 stories checked, no problems" in check.stdout


def test_new_story_asks_for_missing_fields(content, monkeypatch):
    answers = iter(["ข่าวทดสอบการถาม", "นายถาม ตอบ", "3", "", "", "ทดสอบ", "test-prompt"])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    args = new_story.build_parser().parse_args(settings_args(content))
    path = new_story.create_story(args, interactive=True)
    assert path == content / "news" / str(datetime.now(BANGKOK).year + 543) / "test-prompt.md"
    fields, _ = fields_of(path)
    assert fields["agency"] == "ส.ปชส.ลำปาง" and fields["category"] == "ข่าวภูมิภาค"


def test_new_story_rejects_an_unknown_agency(content, capsys):
    args = ["--title", "x", "--reporter", "y", "--agency", "ส.ปชส.ลำปน", "--no-input", *settings_args(content)]
    assert new_story.main(args) == 1
    assert "did you mean ส.ปชส.ลำพูน, ส.ปชส.ลำปาง" in capsys.readouterr().err
    assert not (content / "news").exists()


def test_check_reports_every_problem_and_fails(content):
    folder = content / "news" / "2561"
    folder.mkdir(parents=True)
    (folder / "a.md").write_text("หัวข้อ: ก\nวันที่: 31 เมษายน 2561\nข่าวโดย: ข\nหน่วยงาน: ส.ปชส.ลำปาง\n\nเนื้อ\n")
    (folder / "b.md").write_text("title: ข\ndate: 2018-05-10\nreporter: ค\nagency: ไม่มี\n\nเนื้อ\n")
    result = run("check_content.py", *settings_args(content))
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith("content/news/2561/a.md:2: วันที่ (date): day 31 does not exist")
    assert lines[1].startswith("content/news/2561/b.md:4: หน่วยงาน (agency): unknown agency")
    assert lines[2] == "2 problems (2 stories checked); fix them and run `make check` again."
