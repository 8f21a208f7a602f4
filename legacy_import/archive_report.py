"""The import report a person reads: a terminal summary, pages.csv, photos.csv and index.html (var/import-report/).

It describes the whole mirror as it stands after the run (earlier runs' outcomes included), so its totals always
add up to the pages found; the `this_run` column says what this run read and what it left unchanged.
"""
from __future__ import annotations

import csv
import os
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from .archive_state import PageRow

LABELS = {
    "imported": "นำเข้าแล้ว (imported)",
    "duplicate": "ที่อยู่ซ้ำของข่าวที่นำเข้าแล้ว (duplicate address)",
    "existing": "มีอยู่แล้วในเว็บใหม่ (already on the new site)",
    "not_a_story": "ไม่ใช่หน้าข่าว (not a story)",
    "failed": "นำเข้าไม่ได้ (failed)",
    "conflict": "ไม่ได้เขียนทับ: แก้ไขหลังนำเข้า (conflict)",
    "pending": "ยังไม่ได้อ่าน: หยุดกลางคัน (not read yet)",
}
PAGE_COLUMNS = ["page", "address", "outcome", "story_id", "story_file", "reason", "line", "this_run", "title",
                "agency_on_page", "agency", "agency_how", "addresses", "photos_missing", "photos_converted",
                "alt_flagged", "differs", "address_kept_on"]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PHOTO_COLUMNS = ["story_id", "story_file", "page", "src", "line", "status", "reason", "source", "file",
                 "converted_from", "note", "alt_flagged"]


@dataclass
class ReportFiles:
    folder: Path
    html: Path
    pages_csv: Path
    photos_csv: Path
    totals: dict
    summary: str = ""
    unknown_agencies: dict[str, int] = field(default_factory=dict)


def _photos(row: PageRow) -> list[dict]:
    return row.details.get("photos", []) if row.outcome == "imported" else []


def build_totals(rows: list[PageRow], scan, actions: dict, this_run: dict, interrupted: bool) -> dict:
    outcomes = Counter(r.outcome for r in rows)
    photos = Counter()
    for row in rows:
        for photo in _photos(row):
            photos[photo["status"]] += 1
            photos["alt_flagged"] += bool(photo.get("alt_flagged"))
    totals = {
        "pages_found": len(scan.pages),
        "other_files": scan.other_files,
        "outside_host_folders": len(scan.outside),
        **{k: outcomes.get(k, 0) for k in LABELS if k != "pending" or interrupted},
        "stories": outcomes.get("imported", 0),
        "multi_address_stories": sum(1 for r in rows if r.outcome == "imported"
                                     and len(r.details.get("addresses", [])) > 1),
        "read_this_run": sum(1 for v in this_run.values() if v == "read"),
        "unchanged_this_run": sum(1 for v in this_run.values() if v == "unchanged"),
        "stories_new": actions.get("new", 0),
        "stories_updated": actions.get("updated", 0),
        "stories_same": actions.get("same", 0),
        "photos_copied": photos.get("copied", 0),
        "photos_converted": photos.get("converted", 0),
        "photos_missing": photos.get("missing", 0),
        "photos_unusable": photos.get("unusable", 0),
        "photos_alt_flagged": photos.get("alt_flagged", 0),
        "interrupted": interrupted,
    }
    totals["outcomes_sum"] = sum(totals[k] for k in LABELS if k in totals)
    return totals


def spreadsheet_safe(value):
    """A cell a spreadsheet program never runs as a formula: old pages' text is not ours to trust."""
    if isinstance(value, str) and value[:1] in _FORMULA_START:
        return "'" + value
    return value


def _write_csv(path: Path, columns: list[str], rows: list[dict]) -> None:
    part = path.with_name(path.name + ".part")
    with open(part, "w", encoding="utf-8-sig", newline="") as f:  # the BOM lets spreadsheet programs see UTF-8
        writer = csv.writer(f)
        writer.writerow(columns)
        writer.writerows([spreadsheet_safe(row[c]) for c in columns] for row in rows)
    os.replace(part, path)


def _page_record(row: PageRow, this_run: dict) -> dict:
    d = row.details
    photos = _photos(row)
    return {
        "page": row.page, "address": d.get("address", ""), "outcome": row.outcome, "story_id": row.story_id,
        "story_file": f"content/{row.story_file}" if row.story_file else "", "reason": row.reason,
        "line": row.line or "", "this_run": this_run.get(row.page, "not read"), "title": d.get("title", ""),
        "agency_on_page": d.get("agency_page", ""), "agency": d.get("agency", ""),
        "agency_how": d.get("agency_how", ""), "addresses": ", ".join(d.get("addresses", [])),
        "photos_missing": sum(p["status"] in ("missing", "unusable") for p in photos),
        "photos_converted": sum(p["status"] == "converted" for p in photos),
        "alt_flagged": sum(bool(p.get("alt_flagged")) for p in photos),
        "differs": ", ".join(d.get("differs", [])), "address_kept_on": d.get("address_kept_on", ""),
    }


def write_report(folder: Path, rows: list[PageRow], this_run: dict, scan, actions: dict, run_id: int,
                 interrupted: bool = False) -> ReportFiles:
    folder.mkdir(parents=True, exist_ok=True)
    rows = sorted(rows, key=lambda r: r.page)
    totals = build_totals(rows, scan, actions, this_run, interrupted)
    records = [_page_record(r, this_run) for r in rows]
    photo_records = []
    for row in rows:
        for p in _photos(row):
            photo_records.append({"story_id": row.story_id, "story_file": f"content/{row.story_file}",
                                  "page": row.page, **{k: p.get(k, "") for k in PHOTO_COLUMNS[3:]}})
    unknown = Counter(r.details["unknown_agency"] for r in rows if r.details.get("unknown_agency"))
    unknown_pages = defaultdict(list)
    for r in rows:
        if r.details.get("unknown_agency"):
            unknown_pages[r.details["unknown_agency"]].append(r.page)
    files = ReportFiles(folder, folder / "index.html", folder / "pages.csv", folder / "photos.csv", totals,
                        unknown_agencies=dict(unknown))
    _write_csv(files.pages_csv, PAGE_COLUMNS, records)
    _write_csv(files.photos_csv, PHOTO_COLUMNS, photo_records)
    env = Environment(loader=FileSystemLoader(Path(__file__).parent), autoescape=select_autoescape(["html"]))
    by_outcome = defaultdict(list)
    for rec in records:
        by_outcome[rec["outcome"]].append(rec)
    html = env.get_template("archive_report.html").render(
        totals=totals, labels=LABELS, by_outcome=by_outcome, photos=photo_records, run_id=run_id,
        unknown=[(name, count, unknown_pages[name]) for name, count in unknown.most_common()],
        duplicates=[r for r in records if r["outcome"] == "imported" and "," in r["addresses"]],
        mirror_outside=scan.outside)
    part = files.html.with_name("index.html.part")
    part.write_text(html, encoding="utf-8")
    os.replace(part, files.html)
    files.summary = summary_text(totals, files)
    return files


def summary_text(t: dict, files: ReportFiles) -> str:
    lines = [f"{t['pages_found']:,} pages found in the mirror ({t['other_files']:,} other files: photos, styles...)"]
    for key, label in LABELS.items():
        if key in t:
            lines.append(f"  {label:<52} {t[key]:>7,}")
    lines.append(f"  {'total':<52} {t['outcomes_sum']:>7,}")
    lines.append(f"this run: read {t['read_this_run']:,} pages, {t['unchanged_this_run']:,} unchanged; stories "
                 f"new {t['stories_new']:,}, updated {t['stories_updated']:,}, unchanged {t['stories_same']:,}")
    lines.append(f"photos: {t['photos_copied']:,} copied, {t['photos_converted']:,} converted, "
                 f"{t['photos_missing']:,} missing, {t['photos_unusable']:,} unusable; "
                 f"{t['photos_alt_flagged']:,} alt texts made from the headline (to improve)")
    if files.unknown_agencies:
        names = ", ".join(f"{n} ({c})" for n, c in sorted(files.unknown_agencies.items(), key=lambda x: -x[1])[:5])
        lines.append(f"unknown agencies: {names} — add them to aliases in content/agencies.toml")
    if t["multi_address_stories"]:
        lines.append(f"{t['multi_address_stories']:,} stories have several old addresses (ที่อยู่เดิม: a, b)")
    if t.get("interrupted"):
        lines.append("INTERRUPTED: run the same command again to resume")
    lines.append(f"report: {files.html}  ({files.pages_csv.name}, {files.photos_csv.name})")
    return "\n".join(lines)
