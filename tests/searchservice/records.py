"""Search records for the service tests (plain values, as the plugin's adapter makes them)."""
from __future__ import annotations

from searchservice.records import SearchRecord

BASE = {"date": "2026-11-20T10:30:00+07:00", "date_label": "20 พฤศจิกายน 2569", "province": "ลำปาง",
        "province_slug": "lampang", "agency": "ส.ปชส.ลำปาง", "agency_slug": "prd-lampang",
        "agency_name": "สำนักงานประชาสัมพันธ์จังหวัดลำปาง", "section": "ข่าวภูมิภาค", "section_slug": "regional"}


def record(slug: str, title: str, body: str = "", **fields) -> SearchRecord:
    return SearchRecord(**{**BASE, "url": f"/news/{slug}/", "title": title, "body": body, **fields})


GECC = record("hang-chat-gecc", "กฟภ.ห้างฉัตร เปิดศูนย์ราชการสะดวกรับการประเมิน",
              "นายนริสชัย ป้อมเสือ ผู้ตรวจราชการสำนักนายกรัฐมนตรี พร้อมด้วยคณะอนุกรรมการตรวจประเมินมาตรฐาน"
              "ศูนย์ราชการสะดวก ร่วมลงพื้นที่ตรวจติดตามประเมินมาตรฐานงานบริการประชาชน",
              date="2018-05-10T11:48:27+07:00", date_label="10 พฤษภาคม 2561", tags=("ศูนย์ราชการสะดวก", "GECC"))
VACCINE = record("nan-vaccine", "น่านเร่งฉีดวัคซีนไข้หวัดใหญ่", "ผู้สูงอายุรับวัคซีนฟรีที่โรงพยาบาลทุกแห่งในจังหวัดน่าน",
                 province="น่าน", province_slug="nan", agency="ส.ปชส.น่าน", agency_slug="prd-nan",
                 agency_name="สำนักงานประชาสัมพันธ์จังหวัดน่าน", section="สาธารณสุข", section_slug="public-health",
                 date="2026-11-01T09:00:00+07:00", date_label="1 พฤศจิกายน 2569")
SMOG = record("lpg-smog", "ลำปางประกาศมาตรการป้องกันหมอกควัน",
              "ผู้ว่าราชการจังหวัดลำปาง สั่งการให้นายอำเภอทุกอำเภอเฝ้าระวังไฟป่าและหมอกควัน ในเดือนมิถุนายน",
              date="2026-03-02T08:00:00+07:00", date_label="2 มีนาคม 2569")
