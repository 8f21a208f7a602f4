"""wget's file names -> old addresses (and back), story addresses, the address a story is imported from."""
import pytest

from legacy_import.mirror_paths import address_rank, normal_address, old_address, story_address, wget_file_names

LAMPANG = "%E0%B8%A5%E0%B8%B3%E0%B8%9B%E0%B8%B2%E0%B8%87"  # ลำปาง, as a URL carries it


@pytest.mark.parametrize("saved, address", [
    ("lampang/detail_new.php?id=41236", "/lampang/detail_new.php?id=41236"),  # wget's default names
    ("lampang/detail_new.php@id=41236", "/lampang/detail_new.php?id=41236"),  # --restrict-file-names=windows
    ("lampang/detail_new.php@id=41236.html", "/lampang/detail_new.php?id=41236"),  # + --adjust-extension
    ("lampang/detail_new.php?id=41236.html", "/lampang/detail_new.php?id=41236"),
    ("news/detail.php?id=41236&fbclid=IwAR0x", "/news/detail.php?id=41236&fbclid=IwAR0x"),  # other parameters kept
    ("lampang/detail.php@id=7&cat=2&page=1.html", "/lampang/detail.php?id=7&cat=2&page=1"),
    (f"lampang/detail.php@id=7&tag={LAMPANG}", "/lampang/detail.php?id=7&tag=ลำปาง"),  # %XX decoded
    ("lampang/detail.php@id=7&q=a%7Cb%3Ac", "/lampang/detail.php?id=7&q=a%7Cb:c"),  # windows %XX; | stays escaped
    ("lampang/detail.php@id=7&q=a b,c", "/lampang/detail.php?id=7&q=a%20b%2Cc"),  # never a space or a comma
    ("lampang/detail.php@id=7&x=%FF", "/lampang/detail.php?id=7&x=%FF"),  # not UTF-8: kept escaped
    ("index.php.html", "/index.php"),  # --adjust-extension on a page without a query
    ("news/index.html", "/news/index.html"),  # a real .html page keeps its name
    ("ภาพข่าว/หน้า 1.html", "/ภาพข่าว/หน้า%201.html"),
])
def test_old_address_undoes_what_wget_did(saved, address):
    assert old_address(saved) == address


def test_half_escaped_thai_file_names_decode():
    """wget escapes bytes 128-159 (which UTF-8 Thai uses) as %XX and leaves the others raw."""
    raw = "ข่าว".encode()  # E0 B8 82 E0 B9 88 E0 B8 B2 E0 B8 A7
    saved = b"lampang/detail.php?id=3&tag=" + b"".join(b"%%%02X" % b if 128 <= b < 160 else bytes([b]) for b in raw)
    assert b"%82" in saved and b"\xe0\xb8" in saved
    assert old_address(saved) == "/lampang/detail.php?id=3&tag=ข่าว"


@pytest.mark.parametrize("url_path, query", [
    ("/lampang/detail_new.php", "id=41236"), ("/lampang/detail.php", f"id=7&tag={LAMPANG}"),
    ("/lampang/images/news/%E0%B8%A0%E0%B8%B2%E0%B8%9E%201.jpg", None), ("/lampang/list.php", "a=1|2"),
])
def test_every_wget_name_of_an_address_leads_back_to_it(url_path, query):
    names = wget_file_names(url_path, query)
    assert len(names) == len(set(names)) >= 1
    back = {old_address(n) for n in names}
    assert back == {normal_address(url_path + (f"?{query}" if query else ""))}


def test_story_addresses():
    found = story_address("/lampang/detail_new.php?id=41236&fbclid=x")
    assert (found.section, found.old_id, found.script, found.extra) == ("lampang", 41236, "detail_new.php",
                                                                        (("fbclid", "x"),))
    assert story_address("/news/detail.php?id=041236").old_id == 41236
    assert story_address("/news/detail.php?id=41236").key == "news/41236"
    for address in ("/lampang/list.php?id=1", "/detail.php?id=1", "/a/b/detail.php?id=1", "/lampang/detail.php",
                    "/lampang/detail.php?id=x1", "/lampang/detail.php?id=1&id=2", "/lampang/print.php?id=1",
                    "/lampang/detail.php?id=๑๒"):
        assert story_address(address) is None, address


def test_the_preferred_address_of_a_story():
    addresses = ["/lampang/detail.php?id=5", "/lampang/detail_new.php?id=5&fbclid=x", "/lampang/detail_new.php?id=5",
                 "/lampang/detail.php?id=5&page=1"]
    assert sorted(addresses, key=address_rank) == [
        "/lampang/detail_new.php?id=5", "/lampang/detail_new.php?id=5&fbclid=x", "/lampang/detail.php?id=5",
        "/lampang/detail.php?id=5&page=1"]


def test_normal_address_of_what_a_story_file_holds():
    assert normal_address("http://old.example/news/detail.php?id=41236") == "/news/detail.php?id=41236"
    assert normal_address(f"/lampang/detail.php?id=7&tag={LAMPANG}") == "/lampang/detail.php?id=7&tag=ลำปาง"
    assert normal_address("/lampang/") == "/lampang/"
