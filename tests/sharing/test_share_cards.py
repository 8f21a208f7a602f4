"""Share cards: size, RAQM layout, Thai word-boundary wrapping, ellipsis, nothing outside the card."""
import pytest
from PIL import ImageChops, ImageFont, features
from share_fixtures import LONG, SHORT, photo_jpeg

from conftest import ROOT
from plugins.sharing.cards import (
    ELLIPSIS,
    MARGIN,
    MAX_LINES,
    CardSpec,
    ShareCardError,
    draw_share_card,
    layout_headline,
    layout_share_card,
    load_font,
    require_raqm,
    sarabun_fonts,
    text_box,
    word_tokens,
)

LOGO = str(ROOT / "theme/static/img/nuea-news-logo.png")
FONTS = sarabun_fonts()


def spec(headline, photo=None):
    return CardSpec(headline, "สำนักงานประชาสัมพันธ์จังหวัดลำปาง", "10 พฤษภาคม 2561", "ข่าวภาคเหนือตอนบน", LOGO, photo)


def word_boundaries(text):
    """Offsets in `text` where a newmm word starts or ends."""
    offsets, at = {0}, 0
    for token in word_tokens(text):
        at += len(token)
        offsets.add(at)
    return offsets


def assert_lines_end_at_words(text, lines):
    bounds, at = word_boundaries(text), 0
    for line in lines:
        line = line.removesuffix(ELLIPSIS)
        start = text.index(line, at)
        assert text[at:start].strip() == "", f"text skipped before {line!r}"
        assert start in bounds and start + len(line) in bounds, f"{line!r} cuts a word"
        at = start + len(line)


def test_raqm_is_in_use():
    require_raqm()
    assert features.check("raqm")
    font = load_font(FONTS.bold, 60)
    assert font.layout_engine == ImageFont.Layout.RAQM
    # RAQM stacks the tone mark above the vowel in ปี่ (basic layout draws both at one height)
    assert font.getbbox("ปี่")[1] < font.getbbox("ปี")[1]


def test_missing_raqm_fails_clearly():
    with pytest.raises(ShareCardError, match="RAQM.*libraqm0 libfribidi0"):
        require_raqm(have_raqm=False)


def test_card_is_1200_by_630_with_and_without_photo(tmp_path):
    (tmp_path / "p.jpg").write_bytes(photo_jpeg((800, 1000)))
    for photo in (None, str(tmp_path / "p.jpg")):
        card = draw_share_card(spec(SHORT, photo), FONTS)
        assert card.size == (1200, 630) and card.mode == "RGB"


def test_photo_is_darkened_behind_the_text(tmp_path):
    (tmp_path / "white.jpg").write_bytes(photo_jpeg(colour=(255, 255, 255)))
    card = draw_share_card(spec("ข่าว", str(tmp_path / "white.jpg")), FONTS)
    assert max(card.getpixel((1190, 620))) < 110  # a white photo ends up dark where there is no text


def test_headline_lines_end_at_word_boundaries():
    lines, size, cut = layout_headline(SHORT, FONTS)
    assert not cut and 1 < len(lines) <= MAX_LINES
    assert_lines_end_at_words(SHORT, lines)
    assert "".join(lines).replace(" ", "") == SHORT.replace(" ", "")  # nothing lost or added


def test_long_headline_is_cut_with_an_ellipsis_at_a_word_boundary():
    lines, size, cut = layout_headline(LONG, FONTS)
    assert cut and len(lines) == MAX_LINES and lines[-1].endswith(ELLIPSIS)
    assert not lines[-1].removesuffix(ELLIPSIS).endswith(" ")
    assert_lines_end_at_words(LONG, lines)


@pytest.mark.parametrize("headline", [SHORT, LONG, "ข่าว", "ก" * 200, "ศูนย์ราชการสะดวก" * 12])
def test_no_text_leaves_the_card(headline):
    lines = layout_share_card(spec(headline), FONTS)
    boxes = [text_box(line, FONTS) for line in lines]
    for (left, top, right, bottom), line in zip(boxes, lines, strict=True):
        assert MARGIN - 8 <= left and right <= 1200 - MARGIN, line.text
        assert 0 <= top and bottom <= 630, line.text
    for upper, lower in zip(boxes[1:-1], boxes[2:], strict=True):  # headline lines and the agency line never overlap
        assert upper[3] <= lower[1]


def test_drawn_ink_stays_inside_the_margins():
    card = draw_share_card(spec(LONG), FONTS)
    background = draw_share_card(spec(""), FONTS)
    changed = ImageChops.difference(card, background).convert("L").point(lambda v: 255 if v > 40 else 0)
    left, top, right, bottom = changed.getbbox()
    assert left >= MARGIN - 8 and right <= 1200 - MARGIN + 8 and top >= 0 and bottom <= 630


def test_unreadable_photo_names_the_file(tmp_path):
    bad = tmp_path / "broken.jpg"
    bad.write_bytes(b"not a jpeg")
    with pytest.raises(ShareCardError, match="broken.jpg"):
        draw_share_card(spec(SHORT, str(bad)), FONTS)
