"""The build's problems (nuea.checks, the images plugin's photo rules), in Thai for writers, next to their field.

The checks themselves are the build's own (the same problems `make check` reports); only the wording is
translated here, message by message. A message without a translation is still shown (with a Thai lead-in), and
tests/newsroom_stories/test_problem_text.py fails when one of the checks' messages has no Thai form.
"""
from __future__ import annotations

import re

from nuea.problems import Problem

# the form field a problem belongs to, from Problem.field ('วันที่ (date)', 'ภาพ (image)', 'header', ...)
_FIELD = re.compile(r"\((?P<key>[a-z_]+)\)$")
FORM_FIELD = {"category": "category", "image_caption": "image_caption", "image_alt": "image_alt"}

_MONTH_HINT = "เช่น 10 พฤษภาคม 2561 11:48, 10 พ.ค. 61, 10/05/2561 หรือ 2018-05-10"
# (pattern of the English message, Thai template); groups are put into the template by name
TRANSLATIONS: list[tuple[re.Pattern, str]] = [(re.compile(p), t) for p, t in [
    (r"^is required but (empty|missing)$", "ต้องกรอกช่องนี้"),
    (r"^empty date; ", f"ยังไม่ได้กรอกวันที่ ({_MONTH_HINT})"),
    (r"^unknown month '(?P<name>.*)'; ", "ไม่รู้จักชื่อเดือน “{name}” เขียนเต็ม (พฤษภาคม) ย่อ (พ.ค.) หรือแบบพูด (พฤษภา)"),
    (r"^the year is missing$", "ไม่มีปี ใส่ปี พ.ศ. ด้วย เช่น 1 ธันวาคม 2569"),
    (r"^order of day, month and year is unclear; ", f"ลำดับวัน เดือน ปี ไม่ชัดเจน เขียนวันก่อน ({_MONTH_HINT})"),
    (r"^not a date this site understands; ", f"อ่านวันที่นี้ไม่ได้ ({_MONTH_HINT})"),
    (r"^พ\.ศ\. (?P<y>\d+) is not a Buddhist-era year", "พ.ศ. {y} ไม่ใช่ปีพุทธศักราช (ต้องมากกว่า 2400)"),
    (r"^ค\.ศ\. (?P<y>\d+) looks like a Buddhist-era year", "ค.ศ. {y} ดูเหมือนปี พ.ศ. เขียน พ.ศ. {y} หรือปี ค.ศ. ที่ถูกต้อง"),
    (r"^year (?P<y>\S+) is out of range", "ปี {y} อยู่นอกช่วงที่เป็นไปได้"),
    (r"^two-digit year (?P<y>\d+) with ค\.ศ\. is ambiguous", "ปี ค.ศ. สองหลัก ({y}) ไม่ชัดเจน เขียนปีเต็ม"),
    (r"^year '(?P<y>.*)' must have four digits", "ปี “{y}” ต้องมีสี่หลัก (2569) หรือสองหลัก (69)"),
    (r"^month (?P<m>\d+) does not exist", "ไม่มีเดือนที่ {m} (1–12) เขียนวันก่อนเดือน เช่น 10/05/2561"),
    (r"^day (?P<d>\d+) does not exist in (?P<month>\S+) (?P<y>\d+) \(it has (?P<n>\d+) days\)$",
     "ไม่มีวันที่ {d} ใน{month} {y} (เดือนนี้มี {n} วัน)"),
    (r"^time (?P<t>[\d:]+) does not exist", "ไม่มีเวลา {t} ใช้เวลาแบบ 24 ชั่วโมง เช่น 14:30"),
    (r"^(?P<date>.+) is a วัน(?P<real>\S+), not วัน(?P<typed>\S+)$", "{date} เป็นวัน{real} ไม่ใช่วัน{typed}"),
    (r"^is earlier than วันที่ \(date\)$", "เวลาแก้ไขล่าสุดต้องไม่ก่อนวันที่ของข่าว"),
    (r"^the story is in folder (?P<f>\S+) but its year is (?P<y>\d+)",
     "ไฟล์ข่าวอยู่ในโฟลเดอร์ {f} แต่ปีของข่าวคือ {y}"),
    (r"^unknown agency \(not in agencies\.toml\)(?:; did you mean (?P<hint>.+)\?)?$",
     "ไม่รู้จักหน่วยงานนี้ (ไม่มีในทะเบียนหน่วยงาน){hint}"),
    (r"^unknown province; known: (?P<names>.+)$", "ไม่รู้จักจังหวัดนี้ จังหวัดที่มี: {names}"),
    (r"^give the path under content/", "ระบุที่อยู่ภาพใต้ content/ เช่น images/2561/05/ภาพ.jpg"),
    (r"^not an image file name", "ชื่อไฟล์นี้ไม่ใช่ไฟล์ภาพ (.jpg .png .webp)"),
    (r"^file not found under ", "ไม่พบไฟล์ภาพนี้ในระบบ กรุณาอัปโหลดภาพใหม่"),
    (r"^'(?P<v>.*)' is not a valid id", "รหัส “{v}” ใช้ไม่ได้ ใช้ได้เฉพาะ a-z 0-9 และขีดกลาง เช่น lpg-2569-12-01-a"),
    (r"^the file name '(?P<v>.*)' is not an ASCII id", "ชื่อไฟล์ “{v}” ใช้เป็นรหัสข่าวไม่ได้ ต้องมีรหัส (a-z 0-9 ขีดกลาง)"),
    (r"^old address unusable for a redirect: ", "ที่อยู่เดิมนี้ใช้ทำการเปลี่ยนเส้นทางไม่ได้"),
    (r"^must be a whole number$", "ต้องเป็นจำนวนเต็ม"),
    (r"^unknown status; ", "ไม่รู้จักสถานะนี้ (ร่าง รอตรวจ ตั้งเวลา เผยแพร่ ถอนแล้ว)"),
    (r"^story id '(?P<v>.*)' is also used by (?P<other>\S+); ", "รหัส “{v}” ซ้ำกับข่าวอื่น ({other}) รหัสต้องไม่ซ้ำกัน"),
    (r"^old address also claimed by (?P<other>\S+);", "ที่อยู่เดิมนี้เป็นของข่าวอื่นแล้ว ({other})"),
    (r"^not UTF-8 text", "ไฟล์ไม่ใช่ข้อความ UTF-8"),
    (r"^not a 'key: value' line", "บรรทัดนี้ในส่วนหัวไม่ใช่ “ชื่อ: ค่า”"),
    (r"^unknown key '(?P<k>.*?)'", "ไม่รู้จักหัวข้อ “{k}” ในส่วนหัว"),
    (r"^given twice", "ช่องนี้มีซ้ำสองครั้ง"),
    # the gallery (ภาพประกอบ) lines
    (r"^photo (?P<n>\d+): a photo line starts with", "บรรทัดของภาพประกอบที่ {n} ต้องขึ้นต้นด้วยที่อยู่ภาพ"),
    (r"^photo (?P<n>\d+): (?P<v>\S+) is listed twice", "ภาพประกอบที่ {n} ({v}) มีซ้ำในรายการ"),
    (r"^photo (?P<n>\d+) has no alt text", "ภาพประกอบที่ {n} ต้องมีคำบรรยายภาพ เขียนต่อหลังเครื่องหมาย | "
     "เช่น images/2569/12/ภาพ.jpg | พิธีเปิดงาน"),
    # the images plugin's photo rules
    (r"^lead photo ภาพ/image '(?P<v>.*)' has no alt text", "ภาพหลักต้องมีคำบรรยายภาพ (ใช้เป็นข้อความแทนภาพด้วย)"),
    (r"^body photo (?P<n>\d+) '(?P<v>.*)' has no alt text",
     "ภาพที่ {n} ในเนื้อข่าวต้องมีคำอธิบายในวงเล็บเหลี่ยม ![คำอธิบายภาพ](…)"),
    (r"(?:^|: )file not found$", "ไม่พบไฟล์ภาพ กรุณาอัปโหลดใหม่"),
    (r"unsupported or unreadable image format$", "ไฟล์นี้ไม่ใช่ภาพที่ระบบรับ (JPEG, PNG, WebP, HEIC)"),
    (r"unsupported format (?P<f>\S+); accepted", "ระบบไม่รับภาพแบบ {f} ใช้ JPEG, PNG, WebP หรือ HEIC"),
    (r"too many pixels|pixels, above the limit", "ภาพมีจำนวนพิกเซลมากเกินไป"),
    (r"cannot read image", "อ่านไฟล์ภาพนี้ไม่ได้ (ไฟล์อาจเสีย)"),
    (r"broken or truncated image data", "ไฟล์ภาพเสียหรือไม่ครบ"),
    (r"cannot convert its colour profile", "แปลงโปรไฟล์สีของภาพไม่ได้"),
]]


def thai_message(problem: Problem | str) -> str:
    message = problem.message if isinstance(problem, Problem) else problem
    translated = translate(message)
    return translated if translated is not None else f"ข้อผิดพลาด: {message}"


_GALLERY_PHOTO = re.compile(r"^photo (?P<n>\d+): (?P<why>.+)$")  # a ภาพประกอบ line's problem: 'photo 2: <why>'


def translate(message: str) -> str | None:
    for pattern, template in TRANSLATIONS:
        m = pattern.search(message)
        if m:
            groups = {k: v or "" for k, v in m.groupdict().items()}
            if "hint" in groups and groups["hint"]:
                groups["hint"] = f" หรือหมายถึง {groups['hint']}"
            return template.format(**groups)
    inner = _GALLERY_PHOTO.match(message)  # a gallery line's photo problem: the photo rule's own message, numbered
    why = translate(inner["why"]) if inner else None
    return f"ภาพประกอบที่ {inner['n']}: {why}" if why else None


def form_field(problem: Problem) -> str:
    """The form field ('title', 'date', 'image', ...) a problem belongs to; '' for the top of the form."""
    m = _FIELD.search(problem.field)
    key = m.group("key") if m else ""
    if key in ("modified",):
        return "date"
    if key in ("legacy_url", "legacy_reads", "status", "header", ""):
        return ""
    return key
