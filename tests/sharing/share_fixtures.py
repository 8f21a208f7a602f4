"""Stories and helpers shared by the sharing tests."""
from __future__ import annotations

import io

from PIL import Image

from conftest import story_text

SITEURL = "https://news.example.test"
SHORT = "กฟภ.ห้างฉัตร เดินหน้ายกระดับงานบริการประชาชน เปิดศูนย์ราชการสะดวกรับการประเมินจากคณะอนุกรรมการกลาง"
LONG = (
    "ผู้ว่าราชการจังหวัดเชียงใหม่ลงพื้นที่ตรวจเยี่ยมโครงการพัฒนาแหล่งน้ำเพื่อการเกษตร ชั้นบนปี่พาทย์ห้างฉัตร "
    "พร้อมมอบสิ่งของช่วยเหลือผู้ประสบภัยน้ำท่วมในพื้นที่อำเภอแม่แจ่มและอำเภอจอมทอง รวมทั้งติดตามความคืบหน้า"
    "การซ่อมแซมถนนและสะพานที่ได้รับความเสียหายจากอุทกภัยครั้งใหญ่ที่สุดในรอบสิบปีของจังหวัด"
)


def photo_jpeg(size=(1600, 1067), colour=(40, 120, 60)) -> bytes:
    img = Image.new("RGB", size, colour)
    Image.Image.paste(img, (200, 160, 90), (0, 0, size[0] // 2, size[1] // 2))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=80)
    return out.getvalue()


def sharing_stories() -> dict:
    return {
        "news/2561/hang-chat-gecc.md": story_text(title=SHORT, date="2018-05-10 11:48:27",
                                                  summary="ศูนย์ราชการสะดวก <ห้างฉัตร> & การประเมิน"),
        "news/2568/flood-visit.md": story_text(title=LONG, date="2025-01-03 09:00", agency="ส.ปชส.ลำปาง",
                                               image="images/2568/01/flood.jpg", tags="อุทกภัย, จิตอาสา",
                                               image_caption="จิตอาสาช่วยผู้ประสบอุทกภัย"),  # photos need alt text
        "images/2568/01/flood.jpg": photo_jpeg(),
    }
