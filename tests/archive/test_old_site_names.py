"""The old site's names for registry agencies: aliases and section folders from agencies.toml."""
import pytest

from legacy_import.old_site_names import OldSiteNamesError, fold_name, load_old_site_names
from nuea.registry import load_registry

from .conftest import ROOT

REGISTRY = ROOT / "content" / "agencies.toml"


@pytest.fixture
def names():
    registry = load_registry(REGISTRY)
    return registry, load_old_site_names(REGISTRY, registry)


@pytest.mark.parametrize("on_page, abbr, how", [
    ("ส.ปชส.ลำปาง", "ส.ปชส.ลำปาง", "registry"),
    ("ส.ปชส. ลำปาง", "ส.ปชส.ลำปาง", "registry"),  # spaces never matter
    ("สำนักงานประชาสัมพันธ์จังหวัดลำพูน", "ส.ปชส.ลำพูน", "registry"),
    ("ส.ปชส.ล\u0e4d\u0e32ปาง", "ส.ปชส.ลำปาง", "alias"),  # sara am typed as nikhahit + sara aa
    ("ส.ปชส.\u200bน่าน", "ส.ปชส.น่าน", "alias"),  # a zero-width space pasted in
    ("สปจ.ลำปาง", "ส.ปชส.ลำปาง", "alias"),
    ("ประชาสัมพันธ์จังหวัดแม่ฮ่องสอน", "ส.ปชส.แม่ฮ่องสอน", "alias"),
    ("สปข.3 เชียงใหม่", "สปข.3", "alias"),
])
def test_agency_names_on_old_pages(names, on_page, abbr, how):
    registry, table = names
    agency, found_how = table.agency(on_page, registry)
    assert (agency.abbr, found_how) == (abbr, how)


@pytest.mark.parametrize("on_page", ["สวท.ลำปาง", "สำนักงานประชาสัมพันธ์จังหวัดพิษณุโลก", "ส.ปชส.ลำปน", ""])
def test_an_unknown_name_is_never_guessed(names, on_page):
    registry, table = names
    assert table.agency(on_page, registry) == (None, "")


def test_sections_and_the_story_id_prefix(names):
    registry, table = names
    assert table.section_agency("lampang", registry).code == "LPG"
    assert table.section_agency("news", registry).code == "PRD3"
    assert table.section_agency("tak", registry) is None
    assert len(set(table.sections.values())) == 9


def test_an_alias_naming_two_agencies_is_an_error(tmp_path):
    text = REGISTRY.read_text(encoding="utf-8").replace('aliases = ["สปจ.ลำพูน"', 'aliases = ["สปจ.ลำปาง"', 1)
    bad = tmp_path / "agencies.toml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(OldSiteNamesError, match="aliases .สปจ.ลำปาง. of agency LPN already names agency LPG"):
        load_old_site_names(bad, load_registry(bad))
    abbr_as_alias = REGISTRY.read_text(encoding="utf-8").replace('aliases = ["สปจ.ลำพูน"', 'aliases = ["ส.ปชส.ลำปาง"')
    bad.write_text(abbr_as_alias, encoding="utf-8")
    with pytest.raises(OldSiteNamesError, match="already names agency LPG"):
        load_old_site_names(bad, load_registry(bad))
    two_sections = REGISTRY.read_text(encoding="utf-8").replace('legacy_sections = ["nan"]',
                                                                'legacy_sections = ["lampang"]')
    bad.write_text(two_sections, encoding="utf-8")
    with pytest.raises(OldSiteNamesError, match="legacy_sections 'lampang' of agency NAN already names agency LPG"):
        load_old_site_names(bad, load_registry(bad))


def test_the_fingerprint_follows_the_tables(tmp_path):
    registry = load_registry(REGISTRY)
    first = load_old_site_names(REGISTRY, registry).fingerprint
    changed = tmp_path / "agencies.toml"
    changed.write_text(REGISTRY.read_text(encoding="utf-8").replace('"สปจ.น่าน"', '"สปจ.น่าน", "ปชส.นน."'),
                       encoding="utf-8")
    assert load_old_site_names(changed, load_registry(changed)).fingerprint != first
    assert load_old_site_names(REGISTRY, registry).fingerprint == first


def test_fold_name():
    assert fold_name(" ส.ปชส. ล\u0e4d\u0e32ปาง ") == fold_name("ส.ปชส.ลำปาง")
    assert fold_name("LPG") == "lpg"
