"""The report from crafted outcomes: totals that add up, hostile page text kept inert in HTML and CSV."""
import csv
import json

from legacy_import.archive_report import write_report
from legacy_import.archive_run import MirrorPage, MirrorScan
from legacy_import.archive_state import PageRow

HOSTILE = '=HYPERLINK("http://evil.example","x") <script>alert(1)</script>'


def row(page, outcome, **details):
    return PageRow(page, 1, 1, "sha", "fp", "", outcome, "lpg-1" if outcome == "imported" else "", "", HOSTILE, 3,
                   json.dumps({"address": "/" + page, **details}), 1)


def test_totals_add_up_and_hostile_text_stays_text(tmp_path):
    pages = [row("a", "imported", title=HOSTILE, addresses=["/a", "/b"],
                 photos=[{"src": "-1.jpg", "status": "missing", "reason": "not in the mirror"},
                         {"src": "x.gif", "status": "converted", "file": "images/x.png", "alt_flagged": True}]),
             row("b", "duplicate"), row("c", "failed", unknown_agency="สวท.ลำปาง"), row("d", "not_a_story"),
             row("e", "conflict")]
    scan = MirrorScan(pages=[MirrorPage(r.page, r.page, "h", "/" + r.page, 1, 1, "") for r in pages], other_files=4)
    report = write_report(tmp_path, pages, {"a": "read"}, scan, {"new": 1}, 7)
    t = report.totals
    assert t["pages_found"] == 5 == t["outcomes_sum"] and t["imported"] == t["duplicate"] == t["failed"] == 1
    assert (t["photos_missing"], t["photos_converted"], t["photos_alt_flagged"], t["multi_address_stories"]) == (
        1, 1, 1, 1)
    assert report.unknown_agencies == {"สวท.ลำปาง": 1}
    html = report.html.read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    with open(report.pages_csv, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert {r["reason"] for r in rows} == {"'" + HOSTILE}  # a spreadsheet shows it, never runs it
    with open(report.photos_csv, encoding="utf-8-sig", newline="") as f:
        assert [r["src"] for r in csv.DictReader(f)] == ["'-1.jpg", "x.gif"]
    assert "5 pages found" in report.summary and "total" in report.summary
