"""Share cards: a 1200×630 image of a story's headline, agency, date and the site's name and logo.

Text is laid out with Pillow's RAQM engine (the basic engine misplaces stacked Thai marks such as ห้, ชั้, ปี่);
the headline wraps only between PyThaiNLP newmm words and is cut with an ellipsis after three lines.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, ImageOps, features

from .preview import CARD_HEIGHT, CARD_WIDTH

CARD_VERSION = "2"  # bump when the drawing changes: every cached card is then redrawn
MARGIN = 64
HEADLINE_SIZES = (68, 60, 54)  # the largest size at which the headline fits in MAX_LINES wins
MAX_LINES = 3
LINE_SPACING = 1.62  # Thai ink runs from stacked marks above to ญ/ู below: lines must not touch
HEADLINE_TOP, HEADLINE_BOTTOM = 158, 490  # the headline block is centred in this band
LOGO_SIZE = 84
SITE_NAME_SIZE = 38
META_SIZE = 30
ELLIPSIS = "…"
BRAND_TOP, BRAND_BOTTOM = (15, 47, 87), (27, 79, 138)  # navy gradient of the plain background
GOLD = (242, 183, 5)
WHITE = (255, 255, 255)
META_COLOUR = (222, 230, 240)


class ShareCardError(RuntimeError):
    """A share card cannot be drawn (missing RAQM, font, photo or logo)."""


@dataclass(frozen=True)
class CardSpec:
    """Everything a card shows; its hash names the cached file."""

    headline: str
    agency: str
    date_text: str
    site_name: str
    logo: str  # path of the logo PNG
    photo: str | None = None  # path of the lead photo, or None for the branded background


@dataclass(frozen=True)
class CardFonts:
    bold: str  # path of Sarabun-Bold.ttf
    regular: str  # path of Sarabun-Regular.ttf


@dataclass(frozen=True)
class TextLine:
    text: str
    xy: tuple[int, int]  # left, top (anchor "la")
    size: int
    bold: bool
    fill: tuple[int, int, int]


def require_raqm(have_raqm: bool | None = None) -> None:
    """Fail clearly when Pillow cannot use RAQM (it needs the system's libraqm0 and libfribidi0)."""
    if have_raqm is None:
        have_raqm = features.check("raqm")
    if not have_raqm:
        raise ShareCardError(
            "sharing: Pillow's RAQM text layout is unavailable, and Thai share cards need it "
            "(stacked marks such as ห้ and ปี่ are misplaced without it). "
            "Install the system libraries: apt-get install libraqm0 libfribidi0"
        )


def sarabun_fonts(font_dir: str | Path | None = None) -> CardFonts:
    """The Sarabun fonts in `font_dir`, or those of the fontpkg-sarabun package."""
    if font_dir is None:
        import fontpkg_sarabun

        font_dir = fontpkg_sarabun.ROOT / "files"
    font_dir = Path(font_dir)
    fonts = CardFonts(str(font_dir / "Sarabun-Bold.ttf"), str(font_dir / "Sarabun-Regular.ttf"))
    for path in (fonts.bold, fonts.regular):
        if not Path(path).is_file():
            raise ShareCardError(f"sharing: font file missing: {path} (SHARE_CARD_FONT_DIR)")
    return fonts


@lru_cache(maxsize=32)
def load_font(path: str, size: int) -> ImageFont.FreeTypeFont:
    """A TrueType font laid out with RAQM, never the basic engine."""
    require_raqm()
    font = ImageFont.truetype(path, size, layout_engine=ImageFont.Layout.RAQM)
    if font.layout_engine != ImageFont.Layout.RAQM:
        raise ShareCardError(f"sharing: RAQM layout refused for {path}")
    return font


@lru_cache(maxsize=4096)
def word_tokens(text: str) -> tuple[str, ...]:
    """`text` cut into words by PyThaiNLP's newmm tokenizer (spaces are tokens of their own)."""
    from nuea.thai_words import thai_words

    return tuple(thai_words(text, keep_whitespace=True))


def warm_up(fonts: CardFonts) -> None:
    """Load the word dictionary and every font size once (before forking card-drawing workers)."""
    word_tokens("ข่าวภาคเหนือตอนบน")
    _clusters("ข่าว")
    for size in HEADLINE_SIZES + (SITE_NAME_SIZE,):
        load_font(fonts.bold, size)
    load_font(fonts.regular, META_SIZE)
    _branded_background()


def _clusters(word: str) -> list[str]:
    """Thai character clusters of a word: the last resort for a word wider than a whole line."""
    from pythainlp.tokenize import subword_tokenize

    return subword_tokenize(word, engine="tcc")


def _join(tokens) -> str:
    return "".join(tokens).strip()


def wrap_words(tokens, font, max_width: float, max_lines: int) -> tuple[list[str], bool]:
    """Greedy wrap of word `tokens` into at most `max_lines` lines no wider than `max_width`.

    Lines break only between tokens; a cut text ends in an ellipsis after a whole word.
    Returns (lines, cut).
    """
    width = font.getlength
    lines: list[list[str]] = [[]]
    for token in tokens:
        line = lines[-1]
        if not line and token.isspace():
            continue
        if width(_join(line + [token])) <= max_width:
            line.append(token)
        elif token.isspace():
            lines.append([])
        elif width(token.strip()) > max_width:  # one word wider than a line: break it between clusters
            for cluster in _clusters(token):
                if lines[-1] and width(_join(lines[-1] + [cluster])) > max_width:
                    lines.append([])
                lines[-1].append(cluster)
        else:
            lines.append([token])
    lines = [line for line in lines if _join(line)]
    if len(lines) <= max_lines:
        return [_join(line) for line in lines], False
    kept = lines[:max_lines]
    last = kept[-1]
    while last and (last[-1].isspace() or width(_join(last) + ELLIPSIS) > max_width):
        last.pop()
    kept[-1] = last
    return [_join(line) for line in kept[:-1]] + [_join(last) + ELLIPSIS], True


def layout_headline(headline: str, fonts: CardFonts) -> tuple[list[str], int, bool]:
    """The headline's lines, font size and whether it was cut: the largest size that fits, else cut."""
    tokens = word_tokens(" ".join(headline.split()))
    max_width = CARD_WIDTH - 2 * MARGIN
    for size in HEADLINE_SIZES:
        lines, cut = wrap_words(tokens, load_font(fonts.bold, size), max_width, MAX_LINES)
        if not cut:
            return lines, size, False
    return lines, size, True


def layout_share_card(spec: CardSpec, fonts: CardFonts) -> list[TextLine]:
    """Every text line of the card with its position, font and colour."""
    lines, size, _ = layout_headline(spec.headline, fonts)
    step = round(size * LINE_SPACING)
    top = HEADLINE_TOP + (HEADLINE_BOTTOM - HEADLINE_TOP - step * len(lines)) // 2
    out = [
        TextLine(spec.site_name, (MARGIN + LOGO_SIZE + 24, 56 + (LOGO_SIZE - SITE_NAME_SIZE * 3 // 2) // 2),
                 SITE_NAME_SIZE, True, WHITE)
    ]
    out += [TextLine(text, (MARGIN, top + i * step), size, True, WHITE) for i, text in enumerate(lines)]
    meta = "  ·  ".join(part for part in (spec.agency, spec.date_text) if part)
    out.append(TextLine(meta, (MARGIN, CARD_HEIGHT - MARGIN - META_SIZE * 3 // 2), META_SIZE, False, META_COLOUR))
    return out


def text_box(line: TextLine, fonts: CardFonts) -> tuple[int, int, int, int]:
    """The ink box of a laid-out line on the card (left, top, right, bottom)."""
    font = load_font(fonts.bold if line.bold else fonts.regular, line.size)
    left, top, right, bottom = font.getbbox(line.text, anchor="la")
    return line.xy[0] + left, line.xy[1] + top, line.xy[0] + right, line.xy[1] + bottom


def _background(photo: str | None) -> Image.Image:
    if photo is None:
        return _branded_background()
    try:
        with Image.open(photo) as img:
            img.draft("RGB", (CARD_WIDTH, CARD_HEIGHT))  # JPEG: decode at a reduced scale, much faster
            img = ImageOps.exif_transpose(img).convert("RGB")
            img = ImageOps.fit(img, (CARD_WIDTH, CARD_HEIGHT), Image.Resampling.BILINEAR)
    except OSError as err:
        raise ShareCardError(f"sharing: cannot read the lead photo {photo}: {err}") from err
    shade = _vertical_gradient(150, 215)  # darker at the bottom, where the agency and date sit
    return Image.composite(Image.new("RGB", img.size, (8, 16, 30)), img, shade)


def _vertical_gradient(top: int, bottom: int) -> Image.Image:
    ramp = Image.linear_gradient("L").resize((1, 256))
    ramp = ramp.point(lambda v: top + (bottom - top) * v // 255)
    return ramp.resize((CARD_WIDTH, CARD_HEIGHT))


@lru_cache(maxsize=1)
def _branded_background() -> Image.Image:
    mask = _vertical_gradient(0, 255)
    img = Image.composite(Image.new("RGB", mask.size, BRAND_BOTTOM), Image.new("RGB", mask.size, BRAND_TOP), mask)
    draw = ImageDraw.Draw(img)
    # faint hills along the bottom right, echoing the logo
    draw.polygon([(640, 630), (900, 400), (1160, 630)], fill=(36, 92, 152))
    draw.polygon([(860, 630), (1060, 470), (1200, 560), (1200, 630)], fill=(44, 104, 166))
    return img


@lru_cache(maxsize=4)
def _logo(path: str) -> Image.Image:
    try:
        with Image.open(path) as img:
            return img.convert("RGBA").resize((LOGO_SIZE, LOGO_SIZE), Image.Resampling.LANCZOS)
    except OSError as err:
        raise ShareCardError(f"sharing: cannot read the logo {path}: {err}") from err


def draw_share_card(spec: CardSpec, fonts: CardFonts) -> Image.Image:
    """The 1200×630 share card of a story."""
    img = _background(spec.photo).copy()
    img.paste(_logo(spec.logo), (MARGIN, 56), _logo(spec.logo))
    draw = ImageDraw.Draw(img)
    lines = layout_share_card(spec, fonts)
    for line in lines:
        font = load_font(fonts.bold if line.bold else fonts.regular, line.size)
        draw.text(line.xy, line.text, font=font, fill=line.fill, anchor="la")
    meta_top = lines[-1].xy[1]
    draw.rectangle((MARGIN, meta_top - 22, MARGIN + 72, meta_top - 16), fill=GOLD)
    return img
