"""`make check` reports photos without alt text, with every other content problem."""
import shutil
import subprocess
import sys

from PIL import Image

from conftest import ROOT


def test_make_check_reports_photos_without_alt_text(tmp_path):
    content = tmp_path / "content"
    (content / "news" / "2569").mkdir(parents=True)
    (content / "images").mkdir()
    shutil.copy(ROOT / "content" / "agencies.toml", content)
    Image.new("RGB", (64, 48), "green").save(content / "images" / "rice.jpg")
    (content / "news" / "2569" / "nan-rice.md").write_text(
        "หัวข้อ: ข่าวนาข้าว\nวันที่: 20 พ.ย. 2569 10:00\nข่าวโดย: นายก\nหน่วยงาน: ส.ปชส.น่าน\nภาพ: images/rice.jpg\n\n"
        "ย่อหน้า\n\n![](images/rice.jpg)\n", encoding="utf-8")
    run = subprocess.run([sys.executable, str(ROOT / "scripts" / "check_content.py"), "--content", str(content)],
                         capture_output=True, text=True)
    assert run.returncode == 1
    assert "nan-rice.md:1: ภาพ (image): lead photo" in run.stderr
    assert "body photo 1 'images/rice.jpg' has no alt text" in run.stderr
