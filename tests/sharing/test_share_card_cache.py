"""The card cache: keyed by what the card shows, an unchanged rebuild draws nothing, drawing is parallel."""
from share_fixtures import SHORT, SITEURL, sharing_stories

from conftest import ROOT, build_site
from plugins.sharing.card_cache import card_hash, card_job, prune_cards, render_cards
from plugins.sharing.cards import CardSpec, sarabun_fonts

FONTS = sarabun_fonts()
LOGO = str(ROOT / "theme/static/img/nuea-news-logo.png")


def spec(headline="ข่าว", **changes):
    fields = dict(headline=headline, agency="ส.ปชส.ลำปาง", date_text="10 พฤษภาคม 2561",
                  site_name="ข่าวภาคเหนือตอนบน", logo=LOGO, photo=None)
    return CardSpec(**{**fields, **changes})


def test_hash_follows_what_the_card_shows(tmp_path):
    base = card_hash(spec(), FONTS)
    assert card_hash(spec(), FONTS) == base
    for changed in (spec("ข่าวใหม่"), spec(agency="ส.ปชส.น่าน"), spec(date_text="11 พฤษภาคม 2561")):
        assert card_hash(changed, FONTS) != base
    photo = tmp_path / "p.jpg"
    photo.write_bytes(b"one")
    with_photo = card_hash(spec(photo=str(photo)), FONTS)
    photo.write_bytes(b"two!")  # same path, new bytes: a new card
    assert card_hash(spec(photo=str(photo)), FONTS) != with_photo
    job = card_job("hang-chat-gecc", spec(), FONTS)
    assert job.name == f"hang-chat-gecc-{base[:12]}.jpg"


def test_unchanged_rerun_draws_nothing_and_parallel_equals_serial(tmp_path):
    jobs = [card_job(f"story-{i}", spec(f"{SHORT} ฉบับที่ {i}"), FONTS) for i in range(4)]
    first = render_cards(jobs, FONTS, tmp_path / "cache", tmp_path / "out", workers=2)
    assert (first.drawn, first.reused) == (4, 0)
    again = render_cards(jobs, FONTS, tmp_path / "cache", tmp_path / "out", workers=2)
    assert (again.drawn, again.reused, again.copied) == (0, 4, 0)
    serial = render_cards(jobs, FONTS, tmp_path / "cache2", tmp_path / "out2", workers=1)
    assert serial.drawn == 4
    for job in jobs:
        assert (tmp_path / "out" / job.name).read_bytes() == (tmp_path / "out2" / job.name).read_bytes()


def test_unchanged_site_rebuild_redraws_no_card(tmp_path, caplog):
    stories = sharing_stories()
    settings = {"SITEURL": SITEURL}
    out = build_site(tmp_path, stories=stories, settings=settings)
    cards = {p.name: p.stat().st_mtime_ns for p in (out / "cards").iterdir()}
    cached = {p.name: p.stat().st_mtime_ns for p in (tmp_path / "cache" / "share-cards").iterdir()}
    assert len(cards) == 3  # two stories and the site card
    caplog.clear()
    with caplog.at_level("INFO", logger="plugins.sharing"):
        build_site(tmp_path, stories=stories, settings=settings)
    assert "sharing: 0 share cards drawn" in caplog.text  # nothing changed, so no story is even read again
    assert {p.name: p.stat().st_mtime_ns for p in (out / "cards").iterdir()} == cards
    assert {p.name: p.stat().st_mtime_ns for p in (tmp_path / "cache" / "share-cards").iterdir()} == cached


def test_changed_headline_gets_a_new_card_name_and_the_old_one_goes(tmp_path):
    from conftest import story_text

    path = "news/2569/hang-chat-gecc.md"
    out = build_site(tmp_path, stories={path: story_text(title=SHORT)}, settings={"SITEURL": SITEURL})
    (old,) = [p.name for p in (out / "cards").glob("hang-chat-gecc-*.jpg")]
    build_site(tmp_path, stories={path: story_text(title=SHORT + " (แก้ไข)")}, settings={"SITEURL": SITEURL})
    (new,) = [p.name for p in (out / "cards").glob("hang-chat-gecc-*.jpg")]
    assert new != old
    assert new in (out / "news/hang-chat-gecc/index.html").read_text()


def test_prune_removes_only_older_cards_of_the_given_stories(tmp_path):
    names = ["a-111111111111.jpg", "a-222222222222.jpg", "a-b-333333333333.jpg", "c-444444444444.jpg", "a-x.jpg"]
    for name in names:
        (tmp_path / name).write_bytes(b"jpg")
    removed = prune_cards(tmp_path, ["a", "a-b"], keep={"a-222222222222.jpg", "a-b-333333333333.jpg"})
    assert removed == ["a-111111111111.jpg"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(set(names) - {"a-111111111111.jpg"})
