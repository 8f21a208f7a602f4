"""The old site's names for registry agencies (aliases, section folders of content/agencies.toml): nuea.registry."""
import pytest

from nuea.registry import RegistryError, fold_name, load_registry

from .conftest import ROOT

REGISTRY = ROOT / "content" / "agencies.toml"


@pytest.fixture
def registry():
    return load_registry(REGISTRY)


@pytest.mark.parametrize("on_page, abbr, how", [
    ("ส.ปชส.ลำปาง", "ส.ปชส.ลำปาง", "name"),
    ("ส.ปชส. ลำปาง", "ส.ปชส.ลำปาง", "name"),  # spaces never matter
    ("สำนักงานประชาสัมพันธ์จังหวัดลำพูน", "ส.ปชส.ลำพูน", "name"),
    ("ส.ปชส.ล\u0e4d\u0e32ปาง", "ส.ปชส.ลำปาง", "name"),  # sara am typed as nikhahit + sara aa
    ("ส.ปชส.\u200bน่าน", "ส.ปชส.น่าน", "name"),  # a zero-width space pasted in
    ("lpg", "ส.ปชส.ลำปาง", "name"),
    ("สปจ.ลำปาง", "ส.ปชส.ลำปาง", "alias"),
    ("ประชาสัมพันธ์จังหวัดแม่ฮ่องสอน", "ส.ปชส.แม่ฮ่องสอน", "alias"),
    ("สปข.3 เชียงใหม่", "สปข.3", "alias"),
    ("สปจ.ล\u0e4d\u0e32ปาง", "ส.ปชส.ลำปาง", "alias"),
])
def test_agency_names_on_old_pages(registry, on_page, abbr, how):
    agency, found_how = registry.match_agency(on_page)
    assert (agency.abbr, found_how) == (abbr, how)
    assert registry.find_agency(on_page) == agency  # the build reads a story's หน่วยงาน with the same rule


@pytest.mark.parametrize("on_page", ["สวท.ลำปาง", "สำนักงานประชาสัมพันธ์จังหวัดพิษณุโลก", "ส.ปชส.ลำปน", "", " "])
def test_an_unknown_name_is_never_guessed(registry, on_page):
    assert registry.match_agency(on_page) == (None, "")
    assert registry.find_agency(on_page) is None


def test_sections_and_the_story_id_prefix(registry):
    assert registry.agency_of_section("lampang").code == "LPG"
    assert registry.agency_of_section("news").code == "PRD3"
    assert registry.agency_of_section("tak") is None
    assert registry.agency_of_section("Lampang") is None  # folder names are compared exactly
    assert len({s for a in registry.agencies for s in a.legacy_sections}) == 9


def _broken(tmp_path, old, new):
    text = REGISTRY.read_text(encoding="utf-8")
    assert old in text
    bad = tmp_path / "agencies.toml"
    bad.write_text(text.replace(old, new, 1), encoding="utf-8")
    return bad


@pytest.mark.parametrize("old, new, message", [
    ('aliases = ["สปจ.ลำพูน"', 'aliases = ["สปจ.ลำปาง"', "aliases 'สปจ.ลำปาง' of agency LPN already names agency LPG"),
    ('aliases = ["สปจ.ลำพูน"', 'aliases = ["ส.ปชส. ลำปาง"',
     "aliases 'ส.ปชส. ลำปาง' of agency LPN already names agency LPG"),
    ('aliases = ["สปจ.ลำพูน"', 'aliases = ["lpg"', "aliases 'lpg' of agency LPN already names agency LPG"),
    ('legacy_sections = ["nan"]', 'legacy_sections = ["lampang"]',
     "legacy_sections 'lampang' of agency NAN already names agency LPG"),
    ('legacy_sections = ["nan"]', 'legacy_sections = ["nan/old"]', "legacy section 'nan/old' must be one ASCII"),
    ('legacy_sections = ["nan"]', 'legacy_sections = ["น่าน"]', "must be one ASCII folder name"),
    ('legacy_sections = ["nan"]', 'legacy_sections = "nan"', "legacy_sections must be a list of non-empty strings"),
    ('aliases = ["สปจ.น่าน"', 'aliases = ["", "สปจ.น่าน"', "aliases must be a list of non-empty strings"),
    ('abbr = "ส.ปชส.น่าน"', 'abbr = "ส.ปชส.แพร่"', "'ส.ปชส.แพร่' of agency NAN already names agency PRE"),
])
def test_a_name_or_section_naming_two_agencies_is_an_error(tmp_path, old, new, message):
    with pytest.raises(RegistryError, match=message.replace(".", r"\.").replace("(", r"\(")):
        load_registry(_broken(tmp_path, old, new))


def test_fold_name():
    assert fold_name(" ส.ปชส. ล\u0e4d\u0e32ปาง ") == fold_name("ส.ปชส.ลำปาง")
    assert fold_name("ส.ปชส.\u200bน่าน\ufeff") == fold_name("ส.ปชส.น่าน")
    assert fold_name("LPG") == "lpg"
