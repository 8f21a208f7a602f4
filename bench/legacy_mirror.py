"""A generated saved copy of the old site, laid out as `wget --mirror` leaves it, with the truth of every page.

    .venv/bin/python bench/legacy_mirror.py 10000 bench/out/mirror

Page templates are reconstructed from the seed page (tests/thai_metadata/fixtures/hang-chat-gecc-legacy.html, which
is itself in the mirror at /news/detail.php?id=41236). Three hosts stand for three wget runs merged into one folder:
  old.prd3.example.go.th      default names:                     lampang/detail_new.php?id=41236
  www.old.prd3.example.go.th  --restrict-file-names=windows
                              --adjust-extension:                lampang/detail_new.php@id=41236.html
  prd3.example.go.th          --adjust-extension:                lampang/detail_new.php?id=41236.html
Stories come in windows-874 (declared windows-874 or tis-620, or not declared) and UTF-8 (declared, not, or
mis-declared as windows-874), with and without editor, with photos (real small JPEG/PNG/GIF files, some missing,
some on another site, some damaged), at several addresses (detail.php, extra parameters, %XX escapes, two hosts),
next to pages that are not stories (home, lists, login, search, about) and broken ones (truncated, corrupt bytes,
mixed charsets, impossible dates, unknown agencies and sections...). Used by tests/archive and
bench/import_archive.py; the truth (MirrorTruth) says what the importer must make of each page.
"""
from __future__ import annotations

import html
import io
import random
import sys
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import quote, unquote_to_bytes
from zoneinfo import ZoneInfo

from PIL import Image, ImageDraw

from nuea.header import parse_header
from nuea.keys import canonical_key

ROOT = Path(__file__).resolve().parent.parent
SEED_HTML = ROOT / "tests" / "thai_metadata" / "fixtures" / "hang-chat-gecc-legacy.html"
SEED_STORY = ROOT / "content" / "news" / "2561" / "hang-chat-gecc.md"
BANGKOK = ZoneInfo("Asia/Bangkok")
MONTHS = ("มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม", "สิงหาคม", "กันยายน",
          "ตุลาคม", "พฤศจิกายน", "ธันวาคม")

# host -> (windows file names, --adjust-extension)
HOSTS = {"old.prd3.example.go.th": (False, False), "www.old.prd3.example.go.th": (True, True),
         "prd3.example.go.th": (False, True)}
# section folder -> (story id prefix, agency abbreviation, province) as content/agencies.toml says
SECTIONS = {
    "news": ("prd3", "สปข.3", "เชียงใหม่"), "chiangmai": ("cmi", "ส.ปชส.เชียงใหม่", "เชียงใหม่"),
    "lampang": ("lpg", "ส.ปชส.ลำปาง", "ลำปาง"), "lamphun": ("lpn", "ส.ปชส.ลำพูน", "ลำพูน"),
    "chiangrai": ("cri", "ส.ปชส.เชียงราย", "เชียงราย"), "phayao": ("pyo", "ส.ปชส.พะเยา", "พะเยา"),
    "phrae": ("pre", "ส.ปชส.แพร่", "แพร่"), "nan": ("nan", "ส.ปชส.น่าน", "น่าน"),
    "maehongson": ("msn", "ส.ปชส.แม่ฮ่องสอน", "แม่ฮ่องสอน"),
}
FAKE_SECTIONS = ("tak", "sukhothai", "oldnews")  # section folders agencies.toml does not know
UNKNOWN_AGENCIES = ("สำนักงานประชาสัมพันธ์จังหวัดพิษณุโลก", "ศูนย์ข่าวเฉพาะกิจอุทกภัย", "สวท.ลำปาง")
REPORTERS = ("นายชาญณรงค์ ปันเต", "นางสาวสุดารัตน์ ใจดี", "นายสมชาย วงศ์เหนือ", "นางพิมพ์ใจ ศรีลำปาง",
             "นายธนากร คำมูล", "นางสาวอรอุมา แก้วมา", "ว่าที่ร้อยตรีสมศักดิ์ ทองคำ")
EDITORS = ("นางสาวบุษบา ดวงแก้ว", "นายประเสริฐ อินทร์แก้ว", "นางวิไลวรรณ ปัญญาดี")
TOPICS = ("ผู้ว่าราชการจังหวัดเปิดงานเทศกาลลำไย", "เกษตรกรรวมกลุ่มแปรรูปกาแฟ", "โรงเรียนบนดอยได้รับอินเทอร์เน็ต",
          "ฝุ่น PM2.5 เกินมาตรฐาน", "เตือนภัยน้ำป่าไหลหลาก", "มอบผ้าห่มกันหนาวแก่ผู้สูงอายุ",
          "ตลาดนัดชุมชนคึกคัก", "อบรมสื่อมวลชนต้านข่าวปลอม", "ปลูกป่าเฉลิมพระเกียรติ", "แข่งเรือประเพณี")
# text that must come through exactly: entities, Markdown syntax, characters windows-874 lacks (&#8203; there)
SPECIALS = ('"เคาน์เตอร์เซอร์วิส"', "R&D", "<ไม่ใช่แท็ก>", "*สำคัญ*", "_ขีดเส้นใต้_", "“อัญประกาศ”…",
            "ศูนย์\u200bราชการ", "๒๕๖๑", "[วงเล็บ]")
MARKDOWN_STARTS = ("1. ", "# ", "- ", "> ")


def _seed_phrases() -> list[str]:
    lines = (ROOT / "tests" / "thai_metadata" / "fixtures" / "hang-chat-gecc-story.txt").read_text("utf-8")
    body = [line for line in lines.splitlines()[4:] if line.strip() and ":" not in line[:12]][:3]
    return [w for line in body for w in line.split() if w]


@dataclass
class ExpectedPhoto:
    src: str
    status: str  # copied / converted / missing / unusable
    alt: str  # alt text the story must carry (the fallback when flagged)
    caption: str
    flagged: bool
    position: int


@dataclass
class ExpectedStory:
    story_id: str
    title: str
    date: datetime
    reporter: str
    editor: str
    agency: str  # the registry abbreviation the story file must carry
    agency_on_page: str
    reads: int
    paragraphs: list[str]
    addresses: set[str] = field(default_factory=set)
    photos: list[ExpectedPhoto] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)  # readable copies (one imported, the rest duplicates)
    failed_pages: list[str] = field(default_factory=list)  # damaged copies (failed, address kept)
    seed: bool = False


@dataclass
class MirrorTruth:
    root: Path
    pages: dict[str, str] = field(default_factory=dict)  # page -> imported/duplicate/not_a_story/failed
    reasons: dict[str, str] = field(default_factory=dict)  # failed/not-a-story page -> text its reason must contain
    stories: dict[str, ExpectedStory] = field(default_factory=dict)
    unknown_agencies: set[str] = field(default_factory=set)
    other_files: int = 0
    charsets: dict[str, str] = field(default_factory=dict)  # story page -> how it was saved

    def count(self, outcome: str) -> int:
        return sum(1 for v in self.pages.values() if v == outcome)


def _wget_name(url_path: str, query: str | None, windows: bool, adjust: bool) -> bytes:
    """The file name wget gives a URL (below the host folder): %XX decoded, bytes 0-31/128-159 (and, windows,
    \\|:"*<>?) escaped as %XX, `@` for `?` (windows), `.html` added to a page that does not end in .html."""
    unsafe = set(b'\\|:"*<>?') if windows else set()

    def esc(raw: bytes) -> bytes:
        return b"".join(b"%%%02X" % b if b < 32 or 128 <= b < 160 or b in unsafe else bytes([b]) for b in raw)

    name = esc(unquote_to_bytes(url_path.lstrip("/")))
    if query is not None:
        name += (b"@" if windows else b"?") + esc(unquote_to_bytes(query))
    if adjust and not name.lower().endswith((b".html", b".htm")) and (query is not None or b".php" in name):
        name += b".html"
    return name


def _thai_date(when: datetime) -> str:
    return f"{when.day} {MONTHS[when.month - 1]} {when.year + 543} / {when:%H:%M:%S}"


def _photo_bytes(rng: random.Random, fmt: str) -> bytes:
    w, h = rng.randint(40, 72), rng.randint(30, 54)
    image = Image.new("RGB", (w, h), tuple(rng.randrange(256) for _ in range(3)))
    ImageDraw.Draw(image).rectangle([rng.randrange(w // 2), rng.randrange(h // 2), w - 2, h - 2],
                                    fill=tuple(rng.randrange(256) for _ in range(3)))
    out = io.BytesIO()
    if fmt == "GIF":
        image.convert("P", palette=Image.Palette.ADAPTIVE, colors=16).save(out, "GIF")
    else:
        image.save(out, fmt, **({"quality": 80} if fmt == "JPEG" else {}))
    return out.getvalue()


class MirrorWriter:
    """Writes one mirror and keeps its truth."""

    def __init__(self, root: Path, seed: int):
        self.root = root
        self.rng = random.Random(seed)
        self.truth = MirrorTruth(root)
        self.phrases = _seed_phrases()
        self.used_ids: dict[str, set[int]] = {s: set() for s in (*SECTIONS, *FAKE_SECTIONS)}
        self.serial = 0
        self.used_ids["news"].add(41236)  # the seed's
        self.pages_written = 0

    # -- files ---------------------------------------------------------------------------------------------

    def _write(self, host: str, url_path: str, query: str | None, data: bytes, page: bool = True) -> str:
        windows, adjust = HOSTS[host]
        name = _wget_name(url_path, query, windows, adjust if page else False)
        path = self.root / host / Path(name.decode("utf-8", "surrogateescape"))
        if page and path.exists():
            raise FileExistsError(path)  # every page of the truth is one file
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        if page:
            self.pages_written += 1
        else:
            self.truth.other_files += 1
        return f"{host}/{name.decode('utf-8', 'backslashreplace')}"

    # -- text ----------------------------------------------------------------------------------------------

    def _sentence(self, lo: int, hi: int) -> str:
        return " ".join(self.rng.choice(self.phrases) for _ in range(self.rng.randint(lo, hi)))

    def _title(self, province: str) -> str:
        return f"{self.rng.choice(TOPICS)} จังหวัด{province} {self._sentence(2, 5)}"[:150].strip()

    def _paragraphs(self) -> list[str]:
        paragraphs = [self._sentence(8, 40) for _ in range(self.rng.randint(1, 5))]
        if self.rng.random() < 0.3:
            n = self.rng.randrange(len(paragraphs))
            words = paragraphs[n].split()
            words.insert(self.rng.randrange(len(words) + 1), self.rng.choice(SPECIALS))
            paragraphs[n] = " ".join(words)
        if self.rng.random() < 0.08:
            paragraphs.append(self.rng.choice(MARKDOWN_STARTS) + self._sentence(3, 8))
        return paragraphs

    def _reads(self) -> tuple[int, str]:
        n = self.rng.choice([self.rng.randint(0, 999), self.rng.randint(1000, 99_999), self.rng.randint(100_000,
                                                                                                          2_500_000)])
        return n, (f"{n:,}" if n >= 1000 and self.rng.random() < 0.85 else str(n))

    # -- pages ---------------------------------------------------------------------------------------------

    def story_html(self, s: dict, charset: str) -> bytes:
        """One story page in the old layout; charset: cp874-windows-874, cp874-tis-620, cp874-none, utf-8-utf-8,
        utf-8-none, utf-8-windows-874 (codec, then what the page declares)."""
        codec, declared = charset.split("-", 1) if charset.startswith("cp874") else ("utf-8", charset[6:])
        meta = "" if declared == "none" else \
            f'<meta http-equiv="Content-Type" content="text/html; charset={declared}">\n'
        esc = html.escape
        body, sep = [], "<br>\n<br>\n" if s["br_style"] == 2 else "<br>\n"
        photos = sorted(s["photo_html"], key=lambda p: p[0])
        chunk = []

        def flush():
            if chunk:
                if s["br_style"] == 0:
                    body.extend(f'      <p class="detail">{p}</p>\n' for p in chunk)
                else:
                    body.append(f'      <p class="detail">{sep.join(chunk)}</p>\n')
                chunk.clear()

        for n, paragraph in enumerate(s["paragraphs"]):
            while photos and photos[0][0] == n:
                flush()
                body.append(photos.pop(0)[1])
            text = esc(paragraph, quote=True)
            if s.get("ncr"):
                text = text.replace("ค", "&#3588;")
            chunk.append(text)
        flush()
        body.extend(p[1] for p in photos)
        editor = {"name": f"        <tr><td>บรรณาธิการ : {esc(s['editor'])}</td></tr>\n",
                  "empty": "        <tr><td>บรรณาธิการ : </td></tr>\n", "absent": ""}[s["editor_mode"]]
        sidebar = ""
        if s.get("sidebar"):
            items = "".join(f'<li><a href="detail_new.php?id={i}">{esc(t)}</a> <font size="1">{d}</font></li>'
                            for i, t, d in s["sidebar"])
            sidebar = f"      <b>ข่าวล่าสุด</b><ul>{items}</ul>\n"
        title = esc(s["title"])
        page = (
            '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">\n<html>\n<head>\n' + meta +
            f"<title>{title}</title>\n"
            '<link href="../css/style.css" rel="stylesheet" type="text/css">\n'
            '<script type="text/javascript" src="../js/menu.js"></script>\n</head>\n'
            '<body bgcolor="#FFFFFF" leftmargin="0" topmargin="0">\n'
            '<table width="980" border="0" align="center" cellpadding="0" cellspacing="0">\n'
            '  <tr><td class="header"><img src="../images/banner.jpg" alt=""><br>\n'
            '    <font size="4"><b>ข่าวภาคเหนือตอนบน</b> สำนักประชาสัมพันธ์เขต 3</font></td></tr>\n'
            '  <tr><td class="menu"><a href="../index.php">หน้าแรก</a> | '
            '<a href="list.php?cat=1">ข่าวทั้งหมด</a></td></tr>\n</table>\n'
            '<table width="980" border="0" align="center" cellpadding="4" cellspacing="0">\n  <tr>\n'
            '    <td width="700" valign="top">\n'
            f'      echo Out <font color="#666666" size="2">{s["date_text"]}&nbsp;&nbsp;</font>\n'
            f'      <h3 class="title">{title}</h3>\n'
            f'      <p><b><font color="#003366">{title}</font></b></p>\n' + "".join(body) +
            '      <table border="0" cellpadding="2">\n'
            f'        <tr><td>ข่าวโดย : {esc(s["reporter"])}</td></tr>\n' + editor +
            f'        <tr><td>หน่วยงาน : {esc(s["agency_on_page"])}</td></tr>\n'
            f'        <tr><td>อ่าน : {s["reads_text"]}</td></tr>\n      </table>\n'
            '      <div class="line-it-button" data-lang="th" data-type="share-a">LINE it!</div>\n'
            '      <script src="https://d.line-scdn.net/r/web/social-plugin/js/thirdparty/loader.min.js" async="async" '
            'defer="defer"></script>\n    </td>\n    <td width="280" valign="top" class="sidebar">\n' + sidebar +
            '      <form name="login" method="post" action="../admin/login.php">\n        <b>Editor Login</b><br>\n'
            '        Name : <input type="text" name="user"><br>\n'
            '        Pass : <input type="password" name="pass"><br>\n'
            '        <input type="submit" value="Login">\n      </form>\n    </td>\n  </tr>\n</table>\n'
            + FOOTER + "</body>\n</html>\n")
        return page.encode(codec, "xmlcharrefreplace")

    def _new_id(self, section: str) -> int:
        while True:
            n = self.rng.randint(1, 45_000)
            if n not in self.used_ids[section]:
                self.used_ids[section].add(n)
                return n

    def new_story(self, section: str | None = None, old_id: int | None = None) -> dict:
        rng = self.rng
        section = section or rng.choice(list(SECTIONS))
        prefix, abbr, province = SECTIONS[section]
        old_id = old_id if old_id is not None else self._new_id(section)
        when = datetime(2550 - 543, 1, 1, tzinfo=BANGKOK) + timedelta(seconds=rng.randrange(14 * 365 * 86400))
        reads, reads_text = self._reads()
        agency_on_page = abbr
        roll = rng.random()
        if roll < 0.08 and section != "news":
            agency_on_page = f"สปจ.{province}"  # an alias in agencies.toml
        elif roll < 0.14:
            agency_on_page = abbr.replace(".", ". ", 1)  # spaced: ส.ปชส. ลำปาง
        elif roll < 0.18 and "ำ" in abbr:
            agency_on_page = abbr.replace("ำ", "\u0e4d\u0e32")  # sara am typed as two characters
        s = {
            "section": section, "old_id": old_id, "story_id": f"{prefix}-{old_id}", "title": self._title(province),
            "date": when.replace(microsecond=0), "date_text": _thai_date(when), "reporter": rng.choice(REPORTERS),
            "editor_mode": rng.choice(["name", "name", "empty", "empty", "absent"]), "agency": abbr,
            "agency_on_page": agency_on_page, "reads": reads, "reads_text": reads_text,
            "paragraphs": self._paragraphs(), "br_style": rng.choice([0, 1, 2]), "ncr": rng.random() < 0.1,
            "photo_html": [], "photos": [],
            "sidebar": [(rng.randint(1, 45000), self._title(province), _thai_date(when)) for _ in range(3)]
            if rng.random() < 0.3 else [],
        }
        s["editor"] = rng.choice(EDITORS) if s["editor_mode"] == "name" else ""
        return s

    def add_photos(self, s: dict, host: str) -> None:
        rng = self.rng
        for n in range(1, rng.randint(1, 3) + 1):
            fmt = rng.choice(["JPEG"] * 11 + ["PNG"] * 4 + ["GIF"] * 5)
            ext = {"JPEG": "jpg", "PNG": "png", "GIF": "gif"}[fmt]
            fate = rng.choices(["ok", "missing", "external", "damaged"], [85, 7, 4, 4])[0]
            thai_name = rng.random() < 0.15
            name = f"ภาพข่าว {s['old_id']}-{n}.{ext}" if thai_name else f"{s['old_id']}_{n}.{ext}"
            url_path = f"/{s['section']}/images/news/{name}"
            style = rng.choice(["relative", "absolute", "full", "dotdot"])
            src = {"relative": f"images/news/{name}", "absolute": url_path,
                   "full": f"http://{host}{url_path}", "dotdot": f"../{s['section']}/images/news/{name}"}[style]
            src = quote(src, safe="/:.?=&_-")
            if fate == "external":
                src = f"http://www.facebook.example/photos/{s['old_id']}_{n}.{ext}"
            elif fate in ("ok", "damaged"):
                data = _photo_bytes(rng, fmt)
                if fate == "damaged":
                    data = data[: len(data) // 2]
                for each in HOSTS:  # each wget run saved the photos its pages show
                    self._write(each, url_path, None, data, page=False)
            alt_mode = rng.choices(["caption", "alt", "useless", "none"], [35, 30, 10, 25])[0]
            caption = f"ภาพ{self._sentence(2, 4)}" if alt_mode == "caption" else ""
            alt = f"ภาพ{self._sentence(2, 4)}" if alt_mode == "alt" else \
                f"DSC_{rng.randint(1000, 9999)}.JPG" if alt_mode == "useless" else ""
            position = rng.randint(0, len(s["paragraphs"]))
            img = f'<img src="{html.escape(src)}" width="400"' + (f' alt="{html.escape(alt)}"' if alt else "") + ">"
            cap = f'<br>\n<font size="1" class="caption">{html.escape(caption)}</font>' if caption else ""
            s["photo_html"].append((position, f'      <p align="center">{img}{cap}</p>\n'))
            flagged = alt_mode in ("useless", "none")
            status = {"ok": "converted" if fmt == "GIF" else "copied", "missing": "missing", "external": "missing",
                      "damaged": "unusable"}[fate]
            s["photos"].append(ExpectedPhoto(src, status, "" if flagged else alt, caption, flagged, position))

    def expected(self, s: dict) -> ExpectedStory:
        photos = sorted(s["photos"], key=lambda p: p.position)  # page order: by position, stable
        for photo in photos:
            if photo.flagged:
                photo.alt = f"ภาพประกอบข่าว: {s['title']}"
        return ExpectedStory(s["story_id"], s["title"], s["date"], s["reporter"], s["editor"], s["agency"],
                             s["agency_on_page"], s["reads"], list(s["paragraphs"]), photos=photos)

    def story_page(self, s: dict, host: str, script: str = "detail_new.php", extra: str = "",
                   charset: str | None = None) -> tuple[str, str, bytes]:
        charset = charset or self.rng.choices(
            ["cp874-windows-874", "cp874-tis-620", "cp874-none", "utf-8-utf-8", "utf-8-none", "utf-8-windows-874"],
            [35, 15, 10, 25, 10, 5])[0]
        query = f"id={s['old_id']}{extra}"
        data = self.story_html(s, charset)
        page = self._write(host, f"/{s['section']}/{script}", query, data)
        address = f"/{s['section']}/{script}?" + _address_query(query)
        self.truth.charsets[page] = charset
        return page, address, data

    def add_story(self, extra_copies: int = 0) -> ExpectedStory:
        rng = self.rng
        host = rng.choice(list(HOSTS))
        s = self.new_story()
        if rng.random() < 0.35:
            self.add_photos(s, host)
        expected = self.expected(s)
        page, address, data = self.story_page(s, host)
        expected.pages.append(page)
        expected.addresses.add(address)
        self.truth.pages[page] = "imported"
        copies = [("detail.php", ""), ("detail_new.php", "&fbclid=IwAR0" + str(rng.randint(10**6, 10**7))),
                  ("detail_new.php", "&cat=2"), ("detail.php", "&page=1"),
                  ("detail_new.php", "&tag=" + quote("ข่าวเด่น")), ("same-address", ""), ("truncated", ""),
                  ("detail_new.php", "&tags=" + quote("ลำไย") + "," + quote("กาแฟ"))]  # a comma, sent raw
        for kind, extra in rng.sample(copies, extra_copies):
            if kind == "same-address":
                other = rng.choice([h for h in HOSTS if h != host])
                copy, addr, _ = self.story_page(s, other)
            elif kind == "truncated":
                end = data.index("ข่าวโดย".encode("cp874" if self.truth.charsets[page].startswith("cp874")
                                                  else "utf-8"))
                cut = data[: rng.randint(end // 2, end - 1)]
                copy = self._write(host, f"/{s['section']}/detail.php", f"id={s['old_id']}&print=1", cut)
                addr = f"/{s['section']}/detail.php?id={s['old_id']}&print=1"
                expected.failed_pages.append(copy)
                expected.addresses.add(addr)
                self.truth.pages[copy] = "failed"
                self.truth.reasons[copy] = "truncated"
                continue
            else:
                copy, addr, _ = self.story_page(s, host, kind, extra)
            expected.pages.append(copy)
            expected.addresses.add(addr)
            self.truth.pages[copy] = "duplicate"
        self.truth.stories[expected.story_id] = expected
        return expected

    def add_seed(self) -> None:
        host = "old.prd3.example.go.th"
        page = self._write(host, "/news/detail.php", "id=41236", SEED_HTML.read_bytes())
        self.truth.pages[page] = "imported"
        header = parse_header(SEED_STORY.read_text("utf-8"))
        head = {canonical_key(f.key): f.value.strip() for f in header.fields}
        expected = ExpectedStory("prd3-41236", head["title"], datetime(2018, 5, 10, 11, 48, 27, tzinfo=BANGKOK),
                                 head["reporter"], head["editor"], head["agency"], head["agency"],
                                 int(head["legacy_reads"]), header.body.strip().split("\n\n"),
                                 addresses={"/news/detail.php?id=41236"}, pages=[page], seed=True)
        self.truth.stories[expected.story_id] = expected

    def add_not_a_story(self) -> None:
        rng = self.rng
        host = rng.choice(list(HOSTS))
        section = rng.choice(list(SECTIONS))
        kind = rng.choice(["list", "list", "index", "login", "search", "about"])
        self.serial += 1
        n = self.serial
        province = SECTIONS[section][2]
        rows = "".join(f'<tr><td><a href="detail_new.php?id={rng.randint(1, 45000)}">'
                       f"{html.escape(self._title(province))}"
                       f'</a></td><td>{_thai_date(datetime(2015, 1, 1) + timedelta(days=rng.randrange(3000)))}'
                       "</td></tr>\n" for _ in range(rng.randint(5, 15)))
        if kind == "list":
            path, query, body = f"/{section}/list.php", f"cat={rng.randint(1, 9)}&page={n}", \
                f"<h3>ข่าวทั้งหมด จังหวัด{province}</h3><table>{rows}</table>"
        elif kind == "index":
            path, query, body = f"/{section}/index.php", f"p={n}", f"<h3>ข่าวล่าสุด</h3><table>{rows}</table>"
        elif kind == "login":
            path, query, body = "/admin/login.php", f"r={n}", \
                '<h3>Editor Login</h3><form method="post">Name : <input name="user"><br>' \
                'Pass : <input type="password" name="pass"></form>'
        elif kind == "search":
            path, query, body = "/search.php", f"q={quote(self.rng.choice(TOPICS))}&n={n}", \
                f"<p>ผลการค้นหา</p><table>{rows}</table>"
        else:
            path, query, body = f"/{section}/about.php", f"v={n}", \
                f"<p>สำนักงานประชาสัมพันธ์จังหวัด{province} {self._sentence(10, 20)}</p>"
        charset = rng.choice(["windows-874", "utf-8"])
        page_html = (f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">'
                     f"<title>ข่าวภาคเหนือตอนบน</title></head><body>{body}{FOOTER}</body></html>\n")
        page = self._write(host, path, query, page_html.encode("cp874" if charset != "utf-8" else "utf-8",
                                                               "xmlcharrefreplace"))
        self.truth.pages[page] = "not_a_story"
        self.truth.reasons[page] = "not a story page"

    def add_failure(self, kind: str) -> None:
        """A page that must fail, with a word its reason must hold."""
        rng = self.rng
        host = rng.choice(list(HOSTS))
        s = self.new_story()
        script, query, must = "detail_new.php", None, ""
        charset = rng.choice(["cp874-windows-874", "utf-8-utf-8"])
        if kind == "truncated":
            data = self.story_html(s, charset)
            marker = "ข่าวโดย".encode("cp874" if charset.startswith("cp874") else "utf-8")
            end = data.index(marker)
            data, must = data[: rng.randint(end // 2, end - 1)], "truncated"
        elif kind == "corrupt":
            data = bytearray(self.story_html(s, charset))
            at = rng.randint(len(data) // 3, len(data) // 2)
            data[at:at] = b"\xff\xfe\xfc" * 3
            data, must = bytes(data), "byte 0x"
        elif kind == "mixed":
            data = self.story_html(s, "cp874-windows-874").replace(
                html.escape(s["title"]).encode("cp874", "xmlcharrefreplace"),
                html.escape(s["title"]).encode("utf-8"), 1)
            must = "mixes charsets"
        elif kind == "bad-date":
            s["date_text"] = f"31 เมษายน {rng.randint(2550, 2563)} / 10:00:00"
            data, must = self.story_html(s, charset), "does not exist"
        elif kind == "no-headline":
            s["title"] = ""
            data, must = self.story_html(s, charset), "no headline"
        elif kind == "bad-reads":
            s["reads_text"] = "N/A"
            data, must = self.story_html(s, charset), "read count"
        elif kind == "unknown-agency":
            s["agency_on_page"] = rng.choice(UNKNOWN_AGENCIES)
            self.truth.unknown_agencies.add(s["agency_on_page"])
            data, must = self.story_html(s, charset), "unknown agency"
        elif kind == "no-reporter":
            s["reporter"] = ""
            data, must = self.story_html(s, charset), "ข่าวโดย (reporter)"
        elif kind == "two-stories":
            other = self.new_story(s["section"])
            one, two = self.story_html(s, "utf-8-utf-8").decode(), self.story_html(other, "utf-8-utf-8").decode()
            start, end = two.index('      echo Out'), two.index('      <div class="line-it-button"')
            cut = one.index('      <div class="line-it-button"')
            data, must = (one[:cut] + two[start:end] + one[cut:]).encode(), "second ข่าวโดย"
        elif kind == "not-found":
            data = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-874"></head>'
                    f"<body><p>ไม่พบข่าวที่ท่านต้องการ</p>{FOOTER}</body></html>").encode("cp874")
            must = "none of the story parts"
        elif kind == "empty":
            data, must = b"", "empty"
        elif kind == "unknown-section":
            data, must = self.story_html(s, charset), "section"
            s["section"] = rng.choice(FAKE_SECTIONS)
            s["old_id"] = self._new_id(s["section"])
        elif kind == "print-address":
            data, must, script = self.story_html(s, charset), "does not recognise", "print.php"
        else:
            raise ValueError(kind)
        query = query or f"id={s['old_id']}"
        page = self._write(host, f"/{s['section']}/{script}", query, data)
        self.truth.pages[page] = "failed"
        self.truth.reasons[page] = must

    def add_other_files(self) -> None:
        for host in HOSTS:
            self._write(host, "/css/style.css", None, b"body { font-family: Tahoma; }\n", page=False)
            self._write(host, "/js/menu.js", None, b"function menu() {}\n", page=False)
            self._write(host, "/images/banner.jpg", None, _photo_bytes(self.rng, "JPEG"), page=False)
            self._write(host, "/robots.txt", None, b"User-agent: *\n", page=False)
        (self.root / "wget.log").write_text("FINISHED --2569-01-01 00:00:00--\n")  # outside any host folder


FAILURE_KINDS = ("truncated", "corrupt", "mixed", "bad-date", "no-headline", "bad-reads", "unknown-agency",
                 "no-reporter", "two-stories", "not-found", "empty", "unknown-section", "print-address")
FOOTER = ('<table width="980" border="0" align="center" class="footer">\n'
          '  <tr><td align="center">จัดทำและบริหารระบบ โดย ศูนย์เทคโนโลยีสารสนเทศและการสื่อสาร<br>\n'
          '  สำนักประชาสัมพันธ์เขต 3 จังหวัดเชียงใหม่<br>\n'
          '  49 ถนนประชาสัมพันธ์ ตำบลช้างคลาน อำเภอเมือง เชียงใหม่ 50-100<br>\n'
          '  โทร. 0-5328-3734 / แฟ็กซ์. 0-5328-3738</td></tr>\n</table>\n')


def _address_query(query: str) -> str:
    """The query as the importer must give it back: UTF-8 Thai decoded, a comma as %2C (commas separate the
    addresses of ที่อยู่เดิม), the rest as written."""
    return unquote_to_bytes(query).decode("utf-8").replace(",", "%2C")


def write_mirror(root: Path, pages: int, seed: int = 16) -> MirrorTruth:
    """Write a mirror of exactly `pages` pages (plus photos and other files) into root; return its truth."""
    if pages < 100:
        raise ValueError("at least 100 pages (every kind of page is in the mirror)")
    writer = MirrorWriter(root, seed)
    root.mkdir(parents=True, exist_ok=True)
    writer.add_other_files()
    writer.add_seed()
    n_not, n_fail = round(pages * 0.08), round(pages * 0.10)
    for n in range(n_fail):
        writer.add_failure(FAILURE_KINDS[n % len(FAILURE_KINDS)])
    for _ in range(n_not):
        writer.add_not_a_story()
    # one story at the same id in two sections: two stories
    first = writer.add_story()
    twin_section, twin_id = "nan" if not first.story_id.startswith("nan-") else "phrae", first.story_id.split("-")[1]
    if int(twin_id) in writer.used_ids[twin_section]:
        raise AssertionError("the twin id is taken")
    writer.used_ids[twin_section].add(int(twin_id))
    twin = writer.new_story(section=twin_section, old_id=int(twin_id))
    twin_expected = writer.expected(twin)
    page, address, _ = writer.story_page(twin, "old.prd3.example.go.th")
    twin_expected.pages.append(page)
    twin_expected.addresses.add(address)
    writer.truth.pages[page] = "imported"
    writer.truth.stories[twin_expected.story_id] = twin_expected
    while writer.pages_written < pages:
        room = pages - writer.pages_written - 1
        extra = min(room, writer.rng.choice([0] * 17 + [1, 1, 2]))
        writer.add_story(extra)
    assert writer.pages_written == pages == len(writer.truth.pages), (writer.pages_written, len(writer.truth.pages))
    return writer.truth


def main() -> None:
    pages = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    root = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "bench" / "out" / "mirror"
    truth = write_mirror(root, pages)
    print(f"{pages} pages ({len(truth.stories)} stories, {truth.count('duplicate')} duplicate addresses, "
          f"{truth.count('not_a_story')} not stories, {truth.count('failed')} failing) and "
          f"{truth.other_files} other files in {root}")


if __name__ == "__main__":
    main()
