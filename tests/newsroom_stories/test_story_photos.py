"""Photo uploads through the story form: stored under a generated name in content/images/<BE year>/<MM>/, the
sizes made at upload into the build's own cache, HEIC converted, and every hostile or broken file refused in Thai
with 400 and nothing written."""
from __future__ import annotations

import re
from dataclasses import replace

from PIL import Image

from .conftest import form_values, make_room
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
