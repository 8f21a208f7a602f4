"""Finding body photos and rewriting <img> into <picture> (pure HTML work)."""

from plugins.images.picture import picture_for
from plugins.images.rewrite import body_photo_tags, resolve_photo_src, rewrite_body
from plugins.images.specs import choose_encodings, derivative_specs

ENC = choose_encodings(("webp", "jpeg"), {}, lambda n: True)


def test_resolve_photo_src_forms(tmp_path):
    story = tmp_path / "news" / "2561" / "a.md"
    assert resolve_photo_src("{static}/images/x.jpg", story, tmp_path) == tmp_path / "images/x.jpg"
    assert resolve_photo_src("/images/x.jpg", story, tmp_path) == tmp_path / "images/x.jpg"
    assert resolve_photo_src("https://nuea.example/images/x.jpg", story, tmp_path,
                             "https://nuea.example") == tmp_path / "images/x.jpg"
    assert resolve_photo_src("../../images/x%20y.jpg", story, tmp_path) == tmp_path / "images/x y.jpg"
    assert resolve_photo_src("https://other.example/x.jpg", story, tmp_path) is None
    assert resolve_photo_src("data:image/png;base64,AAAA", story, tmp_path) is None


def test_picture_model():
    pairs = [(s, f"/photos/x-{s.width}.{s.encoding.ext}") for s in derivative_specs(4000, 3000, (480, 960, 1440), ENC)]
    p = picture_for(pairs, src="/images/x.jpg", alt="alt", caption="cap", sizes="100vw")
    assert (p.width, p.height, p.src, p.largest) == (1440, 1080, "/images/x.jpg", "/photos/x-1440.jpg")
    assert p.srcset == "/photos/x-480.jpg 480w, /photos/x-960.jpg 960w, /photos/x-1440.jpg 1440w"
    assert [s.type for s in p.sources] == ["image/webp"]


def test_rewrite_body_figure_inline_and_links():
    pairs = [(s, f"/photos/x-{s.width}.{s.encoding.ext}") for s in derivative_specs(800, 600, (480,), ENC)]
    html = ('<p>ก่อน</p><p><img alt="ก" src="/images/x.jpg"></p>'
            '<p>ข้อความ <img alt="ข" src="/images/x.jpg"> ต่อ</p>'
            '<p><a href="/images/x.jpg"><img alt="ค" src="/images/x.jpg"></a> ดู</p>'
            '<p><img alt="ง" src="https://other.example/y.jpg"></p>')

    def make(attrs):
        return picture_for(pairs, src=attrs["src"], alt=attrs["alt"], sizes="100vw") \
            if attrs["src"].startswith("/images/") else None

    out = rewrite_body(html, make, lambda p, figure: f'<{"figure" if figure else "span"}>{p.alt}</>')
    assert out.startswith("<p>ก่อน</p><figure>ก</figure><p>ข้อความ <span>ข</span> ต่อ</p>")
    assert '<a href="/photos/x-480.jpg"><span>ค</span></a>' in out
    assert 'src="https://other.example/y.jpg"' in out


def test_body_photo_tags_skips_bodies_without_img_but_finds_any_spelling():
    assert body_photo_tags("<p>ไม่มีภาพ <imgx> &lt;img</p>") == []
    found = body_photo_tags('<p><IMG SRC="/a.jpg" alt="ก"><img\nsrc="/b.jpg"/></p>')
    assert [t["src"] for t in found] == ["/a.jpg", "/b.jpg"]
