"""Nuea News: site settings for local builds (`make html`, `make serve`). publishconf.py extends it.

Each plugin documents its own settings and defaults in plugins/<name>/settings.py; here the site sets only what
differs from those defaults.
"""
from pathlib import Path

HERE = Path(__file__).resolve().parent

SITENAME = "ข่าวภาคเหนือตอนบน"
SITESUBTITLE = "สำนักประชาสัมพันธ์เขต 3"
SITEURL = ""  # relative links locally; publishconf.py sets the absolute production address
OFFICE = {  # shown in the footer and used as the publisher in feeds and structured data
    "name": "สำนักประชาสัมพันธ์เขต 3 จังหวัดเชียงใหม่",
    "unit": "ศูนย์เทคโนโลยีสารสนเทศและการสื่อสาร",
    "address": "49 ถนนประชาสัมพันธ์ ตำบลช้างคลาน อำเภอเมือง เชียงใหม่ 50100",
    "phone": "0-5328-3734",
    "fax": "0-5328-3738",
}

PATH = "content"
ARTICLE_PATHS = ["news"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images"]
OUTPUT_PATH = "output"
CACHE_PATH = "cache"
TIMEZONE = "Asia/Bangkok"
DEFAULT_LANG = "th"
LOCALE = ("C.UTF-8",)  # dates are formatted by our Thai filters, never by the system locale
READERS = {"rst": None, "html": None}  # stories and pages are Markdown only
DELETE_OUTPUT_DIRECTORY = False  # keep unchanged files (derivatives, cards) between builds
OUTPUT_RETENTION = []
RELATIVE_URLS = False

# Stories live at /news/<story id>/; the id is stable even when the headline is corrected.
SLUGIFY_SOURCE = "basename"  # story id = the file name (ASCII); thai_metadata checks it
ARTICLE_URL = "news/{slug}/"
ARTICLE_SAVE_AS = "news/{slug}/index.html"
DRAFT_URL = "drafts/{slug}/"
DRAFT_SAVE_AS = "drafts/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
CATEGORY_URL = "section/{slug}/"
CATEGORY_SAVE_AS = "section/{slug}/index.html"
CATEGORIES_SAVE_AS = "section/index.html"
TAG_URL = "tag/{slug}/"
TAG_SAVE_AS = "tag/{slug}/index.html"
TAGS_SAVE_AS = "tag/index.html"
ARCHIVES_SAVE_AS = "archive/index.html"
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_URL = "archive/{date:%Y}/{date:%m}/"
MONTH_ARCHIVE_SAVE_AS = "archive/{date:%Y}/{date:%m}/index.html"
DAY_ARCHIVE_SAVE_AS = ""
AUTHOR_SAVE_AS = ""  # reporters have no list pages of their own
AUTHORS_SAVE_AS = ""
DIRECT_TEMPLATES = ["index", "categories", "tags", "archives", "404", "410"]  # Thai "not found" and "withdrawn" pages

DEFAULT_PAGINATION = 10
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)
PAGINATED_TEMPLATES = {"index": None, "tag": None, "category": None, "province": None, "agency": None}

# Sections (หมวด) and tags get readable ASCII slugs from this map (Thai name → slug).
THAI_SLUGS = {
    # sections (หมวด)
    "ข่าวภูมิภาค": "regional", "เศรษฐกิจ": "economy", "เกษตร": "agriculture", "สาธารณสุข": "public-health",
    "การศึกษา": "education", "ท่องเที่ยว": "tourism", "สังคม": "society", "สิ่งแวดล้อม": "environment",
    # tags (ป้ายกำกับ); a tag missing here gets a romanised slug
    "ศูนย์ราชการสะดวก": "gecc", "กฟภ.": "pea", "PM2.5": "pm25", "หมอกควัน": "haze", "ไฟป่า": "forest-fire",
    "ยี่เป็ง": "yi-peng", "โคมลอย": "sky-lantern", "ประเพณี": "tradition", "กาแฟ": "coffee", "เกษตรกร": "farmers",
    "ดอยช้าง": "doi-chang", "การค้าชายแดน": "border-trade", "แม่สาย": "mae-sai", "ส่งออก": "export",
    "ภัยหนาว": "cold-spell", "ภัยพิบัติ": "disaster", "ผู้สูงอายุ": "elderly", "เซรามิก": "ceramics",
    "เศรษฐกิจชุมชน": "community-economy", "รถม้า": "horse-carriage", "ความปลอดภัย": "safety", "สุขภาพ": "health",
    "แม่เมาะ": "mae-moh", "ลำไย": "longan", "ผ้าไหมยกดอก": "yok-dok-silk", "ผ้าหม้อห้อม": "mo-hom",
    "ทุ่งบัวตอง": "bua-tong-field", "ขุนยวม": "khun-yuam", "ฤดูหนาว": "winter",
    "หน่วยแพทย์เคลื่อนที่": "mobile-clinic", "แม่น้ำน่าน": "nan-river", "แข่งเรือ": "boat-race", "อุทกภัย": "flood",
    "จิตอาสา": "volunteers", "ป่าไม้": "forestry", "กว๊านพะเยา": "kwan-phayao", "ข่าวปลอม": "fake-news",
    "สื่อมวลชน": "media", "หอกระจายข่าว": "village-broadcast", "นักเรียน": "students", "ทักษะดิจิทัล": "digital-skills",
    "พื้นที่ห่างไกล": "remote-areas", "อมก๋อย": "omkoi",
}
THAI_DIGITS = False  # True shows dates with Thai numerals (๑๐ พฤษภาคม ๒๕๖๑)
AGENCY_REGISTRY = "agencies.toml"  # relative to PATH

# Pelican's own feeds are off: plugins/feeds writes them with feedgen.
FEED_ATOM = None
FEED_RSS = None
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
CATEGORY_FEED_RSS = None
TAG_FEED_ATOM = None
TAG_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
TRANSLATION_FEED_RSS = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

THEME = str(HERE / "theme")
PLUGINS = [  # our plugins are the package plugins/ (installed by `make venv`), each folder one plugin
    "plugins.build_guard",
    "plugins.thai_metadata",
    "plugins.listings",
    "plugins.site_fonts",
    "plugins.asset_names",
    "plugins.site_icons",
    "plugins.video_embeds",
    "plugins.images",
    "plugins.feeds",
    "plugins.sharing",
    "plugins.read_counts",
    "plugins.search",
    "plugins.seo_sitemaps",
    "plugins.legacy_redirects",
    "plugins.withdrawn",
    "plugins.content_security",
]
RELATED_POSTS_MAX = 4  # related stories on a story page: neighbours in time sharing its tags (sitebuild/related.py)

MENU_PAGES = ("about", "privacy")  # page slugs linked in the footer

# Precompressed .gz/.br files are for production only (publishconf.py turns them on). Off here explicitly, because
# plugins/compressed_twins stays connected to Pelican's signals once any build in the same process has loaded it.
PRECOMPRESS_GZIP = False
PRECOMPRESS_BROTLI = False
PRECOMPRESS_ZOPFLI = False
PRECOMPRESS_ZSTANDARD = False
