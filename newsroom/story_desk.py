"""The story desk: every change to a story goes through here (the routes only parse requests and render).

One call = one action of the workflow (newsroom/workflow.py) on one story: authorize it against the file as it is
on disk, take the uploads, compose the file from the form, check it with the build's own rules, write and commit
it through ContentHistory (optimistic locking on the blob id the writer started from), refresh the index, record
the audit entry and the editor's note, and queue a site update when what readers see changes.
"""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import PurePosixPath

from nuea.checks import display_path
from nuea.problems import Problem
from nuea.statuses import Status, is_live
from nuea.story import Story, StoryCheck, read_story, write_story
from nuea.thai_dates import BANGKOK, ThaiDateError, format_thai_date, parse_thai_date

from . import audit
from .accounts import Account
from .content_history import Conflict, HistoryError
from .photos import PhotoRefused, accept_photo, photo_path
from .problem_text import form_field, thai_message
from .story_form import (
    check_chosen_id,
    clean,
    compose,
    default_date,
    file_path,
    new_story_id,
    values_from_text,
)
from .workflow import Action, Refused, check, may_see

log = logging.getLogger("newsroom.desk")
NEEDS_NO_PROBLEMS = {Action.SUBMIT, Action.PUBLISH, Action.SCHEDULE}
AUDITED = {Action.PUBLISH: "story_published", Action.SCHEDULE: "story_scheduled", Action.WITHDRAW: "story_withdrawn",
           Action.SEND_BACK: "story_sent_back", Action.SUBMIT: "story_submitted", Action.RESTORE: "story_restored"}


@dataclass
class Upload:
    field: str  # 'image' (the lead photo, ภาพ), 'body_photo' or 'gallery_photo' (a photo of ภาพประกอบ)
    data: bytes
    alt: str = ""  # the body photo's alt text, the gallery photo's caption


@dataclass
class StoryState:
    """A story as it is on disk now."""
    id: str
    path: str  # under content/
    text: str
    blob: str
    check: StoryCheck
    values: dict
    carried: dict
    agency_code: str  # '' when unreadable

    @property
    def status(self) -> Status | None:
        return self.check.status

    @property
    def story(self) -> Story | None:
        return self.check.story

    def live(self, now: datetime) -> bool:
        return bool(self.check.status and self.check.date and is_live(self.check.status, self.check.date, now))


@dataclass
class Outcome:
    ok: bool
    values: dict
    story_id: str | None = None
    status_code: int = 200
    problems: dict[str, list[str]] = field(default_factory=dict)  # form field ('' = top) -> Thai messages
    message: str = ""
    notice: str = ""
    base_blob: str | None = None
    conflict: dict | None = None  # the other version's form values (and 'blob')
    job_id: int | None = None


class StoryDesk:
    def __init__(self, newsroom):
        self.nr = newsroom

    # --- reading ---------------------------------------------------------------------------------------------
    def now(self) -> datetime:
        return datetime.fromtimestamp(self.nr.clock(), BANGKOK)

    def state(self, story_id: str) -> StoryState:
        """The story as it is on disk (the index only says where its file is)."""
        row = self.nr.index.by_id(story_id)
        if row is None:
            self.nr.index.scan_if_stale()
            row = self.nr.index.by_id(story_id)
        if row is None:
            raise Refused("ไม่พบข่าวนี้", 404)
        file = self.nr.settings.content_dir / row.path
        try:
            data = file.read_bytes()
        except FileNotFoundError:
            self.nr.index.refresh(row.path)
            raise Refused("ไม่พบข่าวนี้ (ไฟล์ถูกย้ายหรือลบ)", 404) from None
        if self.nr.index.blob(data) != row.blob:
            self.nr.index.refresh(row.path)
        text = data.decode("utf-8", errors="replace")
        check_ = self.read(text, row.path)
        values, carried = values_from_text(text)
        agency = self.nr.registry.find_agency(values.get("agency", "")) if values.get("agency") else None
        return StoryState(story_id, row.path, text, self.nr.index.blob(data), check_, values, carried,
                          agency.code if agency else "")

    def open(self, account: Account, story_id: str) -> StoryState:
        state = self.state(story_id)
        if not may_see(account, state.agency_code):
            raise Refused("ข่าวนี้เป็นของหน่วยงานอื่น คุณไม่มีสิทธิ์เปิด")
        return state

    def read(self, text: str, path: str) -> StoryCheck:
        """read_story plus the images plugin's photo rules: the problems `make check` reports."""
        site = self.nr.site
        shown = display_path(site.content_dir / path, site.content_dir)
        check_ = read_story(text, shown, site.story_context())
        if check_.story is not None:
            check_.problems += site.photo_rule(site.content_dir / path, check_)
        return check_

    def problems_by_field(self, check_: StoryCheck) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        lead = check_.story.image if check_.story else ""
        for problem in check_.problems:
            name = form_field(problem)
            if name == "image" and not problem.message.startswith("lead photo") and (
                    problem.message.startswith("body photo") or not lead or lead not in problem.message):
                name = "body"  # the photo rules name one field for every photo; a body photo's belongs to the body
            found.setdefault(name, []).append(thai_message(problem))
        return found

    # --- acting ----------------------------------------------------------------------------------------------
    def act(self, account: Account, story_id: str | None, action: Action, form: dict, base_blob: str | None,
            uploads: list[Upload] = (), comment: str = "", publish_at: str = "", chosen_id: str = "") -> Outcome:
        now = self.now()
        values = clean(form)
        state = self.state(story_id) if story_id else None
        check(account, action, state.status if state else None, state.agency_code if state else None)
        if state is not None and action is Action.WITHDRAW:
            values = dict(state.values)  # a withdrawal changes nothing but the status
        agency = self.nr.registry.find_agency(values["agency"]) if values["agency"] else None
        if agency is None:
            return self._refused(values, base_blob, 400, {"agency": ["เลือกหน่วยงานจากรายการ"]})
        if not account.works_for(agency.code):
            raise Refused(f"คุณไม่มีสิทธิ์เขียนข่าวของ {agency.abbr}")
        problems: dict[str, list[str]] = {}
        if action is Action.SEND_BACK and not comment.strip():
            problems["comment"] = ["เขียนความเห็นถึงผู้เขียนก่อนส่งกลับ"]
        schedule_at = None
        if action is Action.SCHEDULE:
            try:
                schedule_at = parse_thai_date(publish_at) if publish_at.strip() else None
                if schedule_at is None:
                    problems["publish_at"] = ["กรอกเวลาเผยแพร่ เช่น 1 ธันวาคม 2569 09:00"]
                elif schedule_at <= now:
                    problems["publish_at"] = ["เวลาเผยแพร่ต้องอยู่ในอนาคต (ถ้าจะเผยแพร่ตอนนี้ ใช้ปุ่มเผยแพร่)"]
            except ThaiDateError as err:
                problems["publish_at"] = [thai_message(str(err))]
        if problems:
            return self._refused(values, base_blob, 400, problems)

        # the story id: chosen once, at the first save, never changed afterwards
        if state is not None:
            sid = state.id
        elif chosen_id.strip():
            why = check_chosen_id(chosen_id.strip(), self.nr.index.ids())
            if why:
                return self._refused(values, base_blob, 400, {"id": [why]})
            sid = chosen_id.strip()
        else:
            try:
                day = parse_thai_date(values["date"]) if values["date"] else now
            except ThaiDateError:
                day = now
            prefix = new_story_id(agency.code, day, ()).rsplit("-", 1)[0] + "-"  # lpg-2569-12-01-
            sid = new_story_id(agency.code, day, self.nr.index.ids_like(prefix) | self._ids_on_disk(prefix))

        # photos first (their own commit), so the story's check sees them on disk
        photo_problems = self._take_photos(account, sid, values, uploads, now)
        if photo_problems:
            return self._refused(values, base_blob, 400, photo_problems)

        was_live = state.live(now) if state else False
        status, carried = self._next_status(action, state, now), dict(state.carried) if state else {}
        if action is Action.PUBLISH and was_live:
            carried["modified"] = format_thai_date(now.replace(microsecond=0), "full_seconds")
        if schedule_at is not None:
            values["date"] = format_thai_date(schedule_at, "full_seconds" if schedule_at.second else "full_clock")
        try:
            date = parse_thai_date(values["date"]) if values["date"] else None
        except ThaiDateError:
            date = None
        if action is Action.PUBLISH and not was_live and date and date > now:
            return self._refused(values, base_blob, 400, {"date": [
                "วันที่อยู่ในอนาคต: ถ้าจะให้ข่าวออกตามเวลานั้น ใช้ปุ่ม “ตั้งเวลาเผยแพร่”"]})
        path = file_path(sid, date, now)
        text = compose(values, sid, status, carried)
        check_ = self.read(text, path)
        if check_.problems and action in NEEDS_NO_PROBLEMS:
            found = self.problems_by_field(check_)
            return self._refused(values, base_blob, 400, found,
                                 "ยังมีข้อผิดพลาด จึงยังไม่ได้บันทึก แก้ไขตามที่แจ้งไว้ที่แต่ละช่องก่อน")
        if check_.story is not None:
            text = write_story(check_.story)
        files = {path: (text.encode(), base_blob if state is not None and path == state.path else None)}
        if state is not None and path != state.path:
            files[state.path] = (None, base_blob)
        message = self._commit_message(action, values["title"], was_live, comment, values.get("correction", ""),
                                       schedule_at)
        try:
            self.nr.history.save_files(files, account.name, message)
        except Conflict as conflict:
            return self._conflict(values, conflict)
        except HistoryError as err:
            log.error("newsroom: save of %s failed: %s", sid, err)
            return self._refused(values, base_blob, 503, {}, f"บันทึกไม่สำเร็จ: {err} (ข้อความของคุณยังอยู่ในแบบฟอร์ม)")
        for rel in files:
            self.nr.index.refresh(rel)
        live_now = bool(check_.story and check_.story.is_live(now))
        job_id = self._record(account, action, sid, path, values["title"], comment, was_live, live_now,
                              state is None, values.get("correction", ""), schedule_at)
        return Outcome(True, values, sid, 200, self.problems_by_field(check_) if check_.problems else {},
                       notice=self._notice(action, was_live, bool(check_.problems), schedule_at),
                       base_blob=self.nr.index.blob(text.encode()), job_id=job_id)

    def restore(self, account: Account, story_id: str, commit: str, base_blob: str | None) -> Outcome:
        now = self.now()
        state = self.state(story_id)
        check(account, Action.RESTORE, state.status, state.agency_code)
        old = self.nr.history.show(state.path, commit).decode("utf-8", errors="replace")
        old_check = self.read(old, state.path)
        was_live = state.live(now)
        if old_check.story is not None:
            story = replace(old_check.story, id=state.id, status=state.status or old_check.story.status)
            if was_live:
                story = replace(story, modified=now.replace(microsecond=0))
            text = write_story(story)
        elif was_live:
            raise Refused("ฉบับนั้นมีข้อผิดพลาด กู้คืนลงบนข่าวที่เผยแพร่อยู่ไม่ได้", 409)
        else:
            text = old
        try:
            self.nr.history.save_files({state.path: (text.encode(), base_blob)}, account.name,
                                       f"{state.values.get('title', '')}: กู้คืนฉบับ {commit[:10]}")
        except Conflict as conflict:
            return self._conflict(values_from_text(text)[0], conflict)
        self.nr.index.refresh(state.path)
        new = self.read(text, state.path)
        live_now = bool(new.story and new.story.is_live(now))
        job_id = self._record(account, Action.RESTORE, state.id, state.path, state.values.get("title", ""), commit[:10],
                              was_live, live_now, False, "", None)
        return Outcome(True, values_from_text(text)[0], state.id, notice="restore",
                       base_blob=self.nr.index.blob(text.encode()), job_id=job_id)

    # --- the parts of an action ------------------------------------------------------------------------------
    def _ids_on_disk(self, prefix: str) -> set[str]:
        """Ids starting with `prefix` of files not indexed yet (written a moment ago by someone else): the
        folders are the truth."""
        found = set()
        try:
            with os.scandir(self.nr.settings.content_dir / "news") as years:
                for year in years:
                    if year.is_dir() and not year.name.startswith("."):
                        with os.scandir(year.path) as files:
                            found.update(f.name[:-3] for f in files
                                         if f.name.startswith(prefix) and f.name.endswith(".md"))
        except FileNotFoundError:
            pass
        return found

    def _take_photos(self, account, sid, values, uploads, now) -> dict[str, list[str]]:
        problems: dict[str, list[str]] = {}
        accepted = []
        max_bytes = int(self.nr.settings.photo_max_mb * 1_000_000)
        from plugins.images.settings import DEFAULTS as IMAGE_DEFAULTS
        max_pixels = self.nr.site.pelican.get("IMAGES_MAX_PIXELS", IMAGE_DEFAULTS["IMAGES_MAX_PIXELS"])
        for upload in uploads:
            where = upload.field
            if where == "body_photo" and not upload.alt.strip():
                problems.setdefault(where, []).append("ภาพในเนื้อข่าวต้องมีคำอธิบายภาพ (ข้อความแทนภาพสำหรับผู้พิการทางสายตา)")
                continue
            if where == "gallery_photo" and not upload.alt.strip():
                problems.setdefault(where, []).append("ภาพประกอบต้องมีคำบรรยายภาพ (ใช้เป็นข้อความแทนภาพด้วย)")
                continue
            try:
                photo = accept_photo(upload.data, max_bytes, max_pixels)
            except PhotoRefused as refused:
                problems.setdefault(where, []).append(str(refused))
                continue
            accepted.append((upload, photo, photo_path(sid, now, photo.ext)))
        if problems or not accepted:
            return problems
        files = {rel: (photo.data, None) for _upload, photo, rel in accepted}
        try:
            self.nr.history.save_files(files, account.name, "อัปโหลดภาพ " + ", ".join(files))
        except HistoryError as err:
            return {"image": [f"เก็บภาพไม่สำเร็จ: {err}"]}
        for upload, _photo, rel in accepted:
            if upload.field == "image":
                values["image"] = rel
            elif upload.field == "gallery_photo":
                caption = " ".join(upload.alt.replace("|", "/").replace("｜", "/").split())
                values["gallery"] = "\n".join(filter(None, [values.get("gallery", "").rstrip(), f"{rel} | {caption}"]))
            else:
                alt = " ".join(upload.alt.replace("[", "(").replace("]", ")").split())
                values["body"] = (values["body"].rstrip() + f"\n\n![{alt}](/{rel})").lstrip("\n")
            self.nr.photos.make(self.nr.settings.content_dir / rel)
        return {}

    @staticmethod
    def _next_status(action: Action, state: StoryState | None, now: datetime) -> Status:
        if action in (Action.SAVE, Action.SEND_BACK):
            return Status.DRAFT
        if action is Action.SUBMIT:
            return Status.SUBMITTED
        if action is Action.SCHEDULE:
            return Status.SCHEDULED
        if action is Action.WITHDRAW:
            return Status.WITHDRAWN
        return Status.PUBLISHED

    @staticmethod
    def _commit_message(action, title, was_live, comment, correction, schedule_at) -> str:
        what = {Action.SAVE: "บันทึกร่าง", Action.SUBMIT: "ส่งตรวจ", Action.SEND_BACK: f"ส่งกลับแก้ไข: {comment.strip()}",
                Action.WITHDRAW: "ถอนข่าว",
                Action.PUBLISH: (f"แก้ไขข่าวที่เผยแพร่แล้ว{': ' + correction if correction else ''}" if was_live
                                 else "เผยแพร่"),
                Action.SCHEDULE: f"ตั้งเวลาเผยแพร่ {format_thai_date(schedule_at, 'full_time') if schedule_at else ''}"}
        return f"{title or '(ไม่มีหัวข้อ)'}: {what[action]}"

    def _record(self, account, action, sid, path, title, comment, was_live, live_now, created, correction,
                schedule_at) -> int | None:
        """Audit entry, the editor's note, and a site update when what readers see changes."""
        at = self.nr.clock()
        job_id = None
        with self.nr.db.connect() as conn:
            if created:
                audit.record(conn, at, account.name, "story_created", sid, title)
            name = "story_corrected" if action is Action.PUBLISH and was_live else AUDITED.get(action)
            if name:
                detail = {"story_sent_back": comment, "story_corrected": correction, "story_restored": comment,
                          "story_scheduled": format_thai_date(schedule_at, "full_time") if schedule_at else ""}
                more = f"; {detail[name]}" if detail.get(name) else ""
                audit.record(conn, at, account.name, name, sid, f"{title}{more}")
            if action is Action.SEND_BACK:
                conn.execute("INSERT INTO story_notes (story_id, at, actor, kind, text) "
                             "VALUES (?, ?, ?, 'send_back', ?)",
                             (sid, at, account.name, comment.strip()[:2000]))
            if was_live or live_now or action in (Action.PUBLISH, Action.WITHDRAW):
                job_id = self.nr.jobs.enqueue(conn, account.name, sid, [path])
        if job_id:
            self.nr.jobs.wake()
        return job_id

    @staticmethod
    def _notice(action, was_live, has_problems, schedule_at) -> str:
        """The key of the message the form shows after the redirect (NOTICES)."""
        if action is Action.SAVE and has_problems:
            return "save_problems"
        if action is Action.PUBLISH and was_live:
            return "correct"
        return action.value

    @staticmethod
    def _refused(values, base_blob, status, problems, message="") -> Outcome:
        return Outcome(False, values, status_code=status, problems=problems, base_blob=base_blob,
                       message=message or "ยังไม่ได้บันทึก แก้ไขตามที่แจ้งไว้ก่อน")

    @staticmethod
    def _conflict(values, conflict: Conflict) -> Outcome:
        other = values_from_text(conflict.current_data.decode("utf-8", errors="replace"))[0] \
            if conflict.current_data else None
        return Outcome(False, values, status_code=409, base_blob=conflict.current_blob,
                       conflict={"values": other, "blob": conflict.current_blob},
                       message="มีผู้อื่นบันทึกข่าวนี้ไปก่อนแล้ว ฉบับของคุณยังไม่ได้บันทึก (ยังอยู่ในแบบฟอร์มด้านล่าง) "
                               "ดูฉบับของผู้อื่นได้ที่ด้านล่าง ถ้ากดบันทึกอีกครั้ง ฉบับของคุณจะแทนที่ฉบับนั้น "
                               "(ฉบับนั้นยังอยู่ในประวัติ)")


NOTICES = {
    "save": "บันทึกร่างแล้ว",
    "save_problems": "บันทึกร่างแล้ว (ยังมีข้อผิดพลาดที่ต้องแก้ก่อนส่งตรวจ)",
    "submit": "ส่งตรวจแล้ว บรรณาธิการจะเห็นข่าวนี้ในรายการรอตรวจ",
    "send_back": "ส่งกลับให้ผู้เขียนแก้ไขแล้ว",
    "schedule": "ตั้งเวลาเผยแพร่แล้ว ระบบจะเผยแพร่เองเมื่อถึงเวลา",
    "withdraw": "ถอนข่าวแล้ว กำลังนำออกจากเว็บไซต์",
    "publish": "เผยแพร่แล้ว กำลังปรับปรุงเว็บไซต์",
    "correct": "บันทึกการแก้ไขแล้ว กำลังปรับปรุงเว็บไซต์ (ที่อยู่ข่าวเดิม)",
    "restore": "กู้คืนฉบับเดิมแล้ว (เป็นการบันทึกใหม่ ฉบับอื่นยังอยู่ในประวัติ)",
}


def new_values(account: Account, registry, now: datetime) -> dict:
    """An empty form: the writer's own agency preselected, its province, today's date."""
    from .story_form import FIELDS
    values = dict.fromkeys(FIELDS, "")
    codes = account.agencies
    agency = next((a for a in registry.agencies if a.code in codes), None) if codes else None
    if agency:
        values["agency"], values["province"] = agency.abbr, agency.province
    values["date"] = default_date(now)
    return values


def story_file_name(path: str) -> str:
    return PurePosixPath(path).name


__all__ = ["Outcome", "StoryDesk", "StoryState", "Upload", "new_values", "Problem"]
