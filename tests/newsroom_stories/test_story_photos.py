"""Photo uploads through the story form: stored under a generated name in content/images/<BE year>/<MM>/, the
sizes made at upload into the build's own cache, HEIC converted, and every hostile or broken file refused in Thai
with 400 and nothing written."""
from __future__ import annotations

import re
from dataclasses import replace

from PIL import Image

from .conftest import base_blob, form_values, make_room
from .photo_files import PHP, gif, heic, jpeg, png_bomb

NAME = re.compile(r"^images/2569/11/lpg-2569-12-01-a-[0-9a-f]{8}\.(jpg|png|webp)$")


async def upload(client, data: bytes, filename: str, field="image", **fields):
    await client.get("/newsroom/stories/new")
    values = {**form_values(**{"image_caption": "ภาพงานลำไย", **fields}), "action": "save",
              "body_photo_alt": "ภาพในเนื้อข่าว"}
    return await client.post("/newsroom/stories/new", values, files={field: (filename, data, "image/jpeg")})


def image_error(html: str, field="image") -> str:
    m = re.search(rf'<p class="nr-error" id="f-{field}-error">([^<]*)</p>', html)
    return m.group(1) if m else ""


async def test_hostile_names_and_payloads_never_become_paths(room):
    room.add("lpg.writer", "writer", ["LPG"])
    writer = room.client()
    await writer.login("lpg.writer")
    refused = await upload(writer, PHP, "../../pelicanconf.py")
    assert refused.status_code == 400 and "ไม่ใช่ภาพ" in image_error(refused.text)
    assert not (room.tmp / "pelicanconf.py").exists() and room.story_files() == {}
    smuggled = await upload(writer, jpeg() + PHP, "../../pelicanconf.py")  # a real JPEG carrying PHP
    assert smuggled.status_code == 303
    text = next(iter(room.story_files().values()))
    image = re.search(r"^ภาพ: (.+)$", text, re.M).group(1)
    assert NAME.match(image), image
    assert not (room.tmp / "pelicanconf.py").exists()
    assert [p.name for p in room.content.rglob("*.py")] == [] and [p.name for p in room.content.rglob("*.php")] == []


async def test_bombs_corrupt_files_and_wrong_types_are_refused_in_thai(room):
    room.add("lpg.writer", "writer", ["LPG"])
    writer = room.client()
    await writer.login("lpg.writer")
    cases = {
        "bomb.png": (png_bomb(), "พิกเซล"),
        "broken.jpg": (jpeg()[:3000], "เสีย"),
        "anim.gif": (gif(), "GIF"),
        "empty.jpg": (b"", "ว่างเปล่า"),
    }
    for name, (data, words) in cases.items():
        response = await upload(writer, data, name)
        if name == "empty.jpg":  # a browser sends an empty part for "no file chosen": no photo, the story saves
            assert response.status_code == 303
            continue
        assert response.status_code == 400, name
        assert words in image_error(response.text), (name, image_error(response.text))
        assert "ลำปางจัดงานลำไยประจำปี" in response.text  # the form comes back as typed
    assert list(room.content.rglob("images/**/*.*")) == []


async def test_size_limit(tmp_path):
    room = make_room(tmp_path)
    room.newsroom.settings = replace(room.newsroom.settings, photo_max_mb=0.05)
    room.add("lpg.writer", "writer", ["LPG"])
    writer = room.client()
    await writer.login("lpg.writer")
    response = await upload(writer, jpeg(3000, 2000, (10, 200, 90)) + b"\0" * 60_000, "big.jpg")
    assert response.status_code == 400 and "ใหญ่เกินไป" in image_error(response.text)


async def test_heic_from_an_iphone_becomes_an_upright_jpeg_and_sizes_are_made_at_upload(room):
    room.add("lpg.writer", "writer", ["LPG"])
    writer = room.client()
    await writer.login("lpg.writer")
    response = await upload(writer, heic(), "IMG_0001.HEIC")
    assert response.status_code == 303
    text = next(iter(room.story_files().values()))
    image = re.search(r"^ภาพ: (.+)$", text, re.M).group(1)
    assert image.endswith(".jpg") and NAME.match(image)
    with Image.open(room.content / image) as stored:
        assert stored.format == "JPEG" and stored.size == (800, 600) and not stored.getexif()
    room.newsroom.photos.wait()
    cache = room.newsroom.site.image_cache
    made = sorted(p.suffix for p in cache.rglob("*") if p.is_file() and p.suffix != ".json")
    assert ".jpg" in made and ".webp" in made and len(made) >= 3  # the derivatives, before any publish
    assert "อัปโหลดภาพ" in room.log()[1]  # the photo is in history too (its own commit, before the story's)


async def test_body_photo_needs_alt_text_and_is_added_to_the_body(room):
    room.add("lpg.writer", "writer", ["LPG"])
    writer = room.client()
    await writer.login("lpg.writer")
    await writer.get("/newsroom/stories/new")
    no_alt = await writer.post("/newsroom/stories/new", {**form_values(), "action": "save", "body_photo_alt": ""},
                               files={"body_photo": ("a.jpg", jpeg(), "image/jpeg")})
    assert no_alt.status_code == 400 and "คำอธิบายภาพ" in image_error(no_alt.text, "body_photo")
    ok = await upload(writer, jpeg(), "b.jpg", field="body_photo")
    assert ok.status_code == 303
    body = next(iter(room.story_files().values()))
    assert re.search(r"^!\[ภาพในเนื้อข่าว\]\(/images/2569/11/lpg-2569-12-01-a-[0-9a-f]{8}\.jpg\)$", body, re.M)


async def test_lead_photo_without_caption_cannot_be_submitted(room):
    room.add("lpg.writer", "writer", ["LPG"])
    writer = room.client()
    await writer.login("lpg.writer")
    saved = await upload(writer, jpeg(), "x.jpg", image_caption="")
    assert saved.status_code == 303
    page = await writer.get(saved.headers["location"])
    assert image_error(page.text) == "ภาพหลักต้องมีคำบรรยายภาพ (ใช้เป็นข้อความแทนภาพด้วย)"


async def test_an_unpublished_storys_photo_is_shown_only_to_its_agency(room):
    room.add("lpg.writer", "writer", ["LPG"])
    room.add("cmi.writer", "writer", ["CMI"])
    room.add("chief", "editor", all_agencies=True)
    writer = room.client()
    await writer.login("lpg.writer")
    assert (await upload(writer, jpeg(), "event.jpg")).status_code == 303
    image = re.search(r"^ภาพ: (.+)$", next(iter(room.story_files().values())), re.M).group(1)
    room.newsroom.photos.wait()
    own = await writer.get(f"/newsroom/photo/{image}")
    assert own.status_code == 200 and own.headers["content-type"] == "image/jpeg"
    other = room.client()
    await other.login("cmi.writer")
    refused = await other.get(f"/newsroom/photo/{image}")  # the draft's photo, by a writer of another agency
    assert refused.status_code == 403 and "หน่วยงานอื่น" in refused.text and refused.content[:3] != b"\xff\xd8\xff"
    chief = room.client()
    await chief.login("chief")
    assert (await chief.get(f"/newsroom/photo/{image}")).status_code == 200  # an editor of every agency


def gallery_area(html: str) -> str:
    import html as html_lib
    m = re.search(r'<textarea id="f-gallery" name="gallery"[^>]*>([^<]*)</textarea>', html)
    return html_lib.unescape(m.group(1)) if m else ""


async def test_gallery_photos_are_uploaded_with_captions_and_kept_when_the_story_is_edited(room):
    room.add("lpg.writer", "writer", ["LPG"])
    writer = room.client()
    await writer.login("lpg.writer")
    await writer.get("/newsroom/stories/new")
    no_caption = await writer.post("/newsroom/stories/new", {**form_values(), "action": "save"},
                                   files={"gallery_photo": ("a.jpg", jpeg(), "image/jpeg")})
    assert no_caption.status_code == 400 and "คำบรรยายภาพ" in image_error(no_caption.text, "gallery_photo")
    assert room.story_files() == {}  # refused: nothing written
    first = await writer.post("/newsroom/stories/new", {**form_values(), "action": "save",
                                                        "gallery_photo_caption": "พิธีเปิดงาน | ลำไย"},
                              files={"gallery_photo": ("a.jpg", jpeg(), "image/jpeg")})
    assert first.status_code == 303
    url = first.headers["location"].split("?")[0]
    page = await writer.get(url)
    await writer.post(url, {**form_values(), "action": "save", "base_blob": base_blob(page.text),
                            "gallery": gallery_area(page.text), "gallery_photo_caption": "ชาวสวนลำไย"},
                      files={"gallery_photo": ("b.jpg", jpeg(), "image/jpeg")})
    text = next(iter(room.story_files().values()))
    lines = re.findall(r"^(?:ภาพประกอบ:)?\s*(images/2569/11/lpg-2569-12-01-a-[0-9a-f]{8}\.jpg) \| (.+)$", text, re.M)
    assert [caption for _, caption in lines] == ["พิธีเปิดงาน / ลำไย", "ชาวสวนลำไย"]  # a | typed is not a separator
    assert all((room.content / image).is_file() for image, _ in lines)
    page = await writer.get(url)  # the form shows the gallery; saving it again keeps every line
    assert gallery_area(page.text).splitlines() == [f"{image} | {caption}" for image, caption in lines]
    await writer.post(url, {**form_values(body="ย่อหน้าใหม่"), "action": "save", "base_blob": base_blob(page.text),
                            "gallery": gallery_area(page.text)})
    again = next(iter(room.story_files().values()))
    assert "ย่อหน้าใหม่" in again and re.findall(r"images/\S+ \| .+", again) == re.findall(r"images/\S+ \| .+", text)


async def test_a_gallery_line_with_a_problem_is_shown_in_thai_next_to_the_gallery(room):
    room.add("lpg.writer", "writer", ["LPG"])
    writer = room.client()
    await writer.login("lpg.writer")
    await writer.get("/newsroom/stories/new")
    saved = await writer.post("/newsroom/stories/new", {**form_values(), "action": "save",
                                                        "gallery": "images/2569/11/none.jpg | ภาพงาน"})
    assert saved.status_code == 303  # a draft may keep problems
    page = await writer.get(saved.headers["location"])
    error = image_error(page.text, "gallery")
    assert error.startswith("ภาพประกอบที่ 1: ") and "ไม่พบไฟล์ภาพ" in error
    assert gallery_area(page.text) == "images/2569/11/none.jpg | ภาพงาน"  # what the writer typed stays
