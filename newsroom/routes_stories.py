"""The story list, the story form and its actions, history, preview, photo thumbnails and job progress.

Thin: each route reads the request, asks the story desk (newsroom/story_desk.py) or the index, and renders.
Every route checks the login; every story route checks the account against the story's agency on disk.
"""
from __future__ import annotations

import hmac
from datetime import datetime

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse
from starlette.routing import Route

from nuea.statuses import Status
from nuea.story_ids import is_valid_id
from nuea.thai_dates import BANGKOK, format_thai_date

from . import pending_forms
from .content_history import HistoryError
from .pages import COOKIE, CSRF_MESSAGE, LoginNeeded, Pages
from .photos import story_of_photo
from .preview import PreviewFailed
from .story_desk import NOTICES, Outcome, Upload, new_values
from .story_form import FIELDS
from .story_history import revision_views
from .story_index import PAGE_SIZE, ListQuery
from .workflow import BUTTONS, Action, Refused, actions_for, may_see

STORY_FORM_LIMITS = {"max_files": 12, "max_fields": 200, "max_part_size": 1024 * 1024}
STATUS_FILTERS = {"": "ทุกสถานะ", "draft": "ร่าง", "submitted": "รอตรวจ", "scheduled": "ตั้งเวลา",
                  "published": "เผยแพร่แล้ว", "withdrawn": "ถอนแล้ว"}
STATUS_LABELS = {**STATUS_FILTERS, "unreadable": "อ่านไม่ได้"}


def thai_ts(ts: float | None, form: str = "full_time") -> str:
    return format_thai_date(datetime.fromtimestamp(ts, BANGKOK), form) if ts is not None else "—"


class StoryRoutes:
    def __init__(self, pages: Pages):
        self.pages = pages
        self.nr = pages.newsroom
        pages.env.filters["thai_ts"] = thai_ts

    def routes(self) -> list[Route]:
        return [
            Route("/", self.story_list, methods=["GET"]),
            Route("/stories/new", self.new_story, methods=["GET"]),
            Route("/stories/new", self.save_new, methods=["POST"]),
            Route("/stories/resume", self.resume, methods=["GET"]),
            Route("/stories/new/preview", self.preview_new, methods=["POST"]),
            Route("/stories/{sid}", self.story_form, methods=["GET"]),
            Route("/stories/{sid}", self.save_story, methods=["POST"]),
            Route("/stories/{sid}/preview", self.preview_story, methods=["POST"]),
            Route("/stories/{sid}/history", self.history, methods=["GET"]),
            Route("/stories/{sid}/history/{commit}", self.version, methods=["GET"]),
            Route("/stories/{sid}/restore", self.restore, methods=["POST"]),
            Route("/preview-site/{token}/{rel:path}", self.preview_file, methods=["GET"]),
            Route("/markdown", self.markdown, methods=["POST"]),
            Route("/jobs/{job_id:int}", self.job_page, methods=["GET"]),
            Route("/jobs/{job_id:int}.json", self.job_json, methods=["GET"]),
            Route("/photo/{rel:path}", self.photo, methods=["GET"]),
        ]

    # --- the list ------------------------------------------------------------------------------------------
    async def story_list(self, request: Request):
        visitor = self.pages.require_login(request)
        account = visitor.account
        params = request.query_params
        agencies = None if account.all_agencies or account.is_admin else account.agencies
        status = params.get("status", "") if params.get("status", "") in STATUS_FILTERS else ""
        page = int(params["page"]) if params.get("page", "").isdigit() else 1
        query = ListQuery(agencies, status, params.get("agency", "")[:20], params.get("province", "")[:40],
                          params.get("q", "")[:200], page)
        await run_in_threadpool(self.nr.index.ensure_scanned)
        stories, total, waiting = self.nr.index.list(query, self.nr.clock())
        registry = self.nr.registry
        visible = [a for a in registry.agencies if agencies is None or a.code in agencies]
        by_code = {a.code: a for a in registry.agencies}
        return self.pages.render(
            request, "stories.html", visitor, stories=stories, total=total, waiting=waiting, query=query,
            statuses=STATUS_FILTERS, status_labels=STATUS_LABELS, agencies=visible, by_code=by_code,
            provinces=registry.provinces, now=self.nr.clock(), pages=max(1, -(-total // PAGE_SIZE)),
            agency_labels=self.nr.agency_labels)

    # --- the form ------------------------------------------------------------------------------------------
    def _form(self, request, visitor, *, values, story_id=None, state=None, outcome: Outcome | None = None,
              status=200, notice="", base_blob=None, pending=False):
        account = visitor.account
        agencies = [a for a in self.nr.registry.agencies if account.works_for(a.code)] or \
            list(self.nr.registry.agencies)
        current = state.status if state else None
        agency_code = state.agency_code if state else None
        allowed = actions_for(account, current, agency_code) if not account.is_admin else []
        now = datetime.fromtimestamp(self.nr.clock(), BANGKOK)
        live = state.live(now) if state else False
        sections, tags = self.nr.index.terms()
        notes, job = [], None
        if story_id:
            with self.nr.db.read() as conn:
                notes = conn.execute("SELECT at, actor, text FROM story_notes "
                                     "WHERE story_id = ? AND kind = 'send_back' "
                                     "ORDER BY id DESC LIMIT 3", (story_id,)).fetchall()
            job = self.nr.jobs.latest_for(story_id)
        problems = outcome.problems if outcome else (self.nr.desk.problems_by_field(state.check)
                                                     if state and state.check.problems else {})
        return self.pages.render(
            request, "story_form.html", visitor, status, values=values, story_id=story_id, state=state,
            current=current, allowed=allowed, buttons=BUTTONS, live=live, problems=problems,
            message=outcome.message if outcome and not outcome.ok else "", notice=notice,
            conflict=outcome.conflict if outcome else None,
            base_blob=base_blob if base_blob is not None else (outcome.base_blob if outcome else
                                                               (state.blob if state else "")),
            agencies=agencies, provinces=self.nr.registry.provinces, sections=sections, tags=tags, notes=notes,
            job=job, public_url=self.nr.site.story_url(story_id) if story_id else "", Action=Action,
            status_labels=STATUS_LABELS, pending=pending, thai_status=current.thai if current else "ยังไม่บันทึก")

    async def new_story(self, request: Request):
        visitor = self.pages.require_login(request)
        if visitor.account.role not in ("writer", "editor"):
            raise HTTPException(403, "บัญชีนี้เขียนข่าวไม่ได้ (ผู้ดูแลระบบจัดการบัญชีเท่านั้น)")
        values = new_values(visitor.account, self.nr.registry, datetime.fromtimestamp(self.nr.clock(), BANGKOK))
        return self._form(request, visitor, values=values)

    async def story_form(self, request: Request):
        visitor = self.pages.require_login(request)
        sid = self._sid(request)
        state = await run_in_threadpool(self._open, visitor.account, sid)
        notice = NOTICES.get(request.query_params.get("m", ""), "")
        return self._form(request, visitor, values=state.values, story_id=sid, state=state, notice=notice)

    def _open(self, account, sid):
        try:
            return self.nr.desk.open(account, sid)
        except Refused as refused:
            raise HTTPException(refused.status, str(refused)) from None

    @staticmethod
    def _sid(request: Request) -> str:
        sid = request.path_params["sid"]
        if not is_valid_id(sid):
            raise HTTPException(404, "ไม่พบข่าวนี้")
        return sid

    async def _story_form_data(self, request: Request, visitor):
        """The posted form (multipart, with photos), or 403 when its CSRF token is not this session's."""
        form = await request.form(**STORY_FORM_LIMITS)
        if not self.pages.csrf_ok(visitor, form):
            raise HTTPException(403, CSRF_MESSAGE)
        return form

    async def _uploads(self, form) -> list[Upload]:
        uploads = []
        limit = int(self.nr.settings.photo_max_mb * 1_000_000) + 1
        for name, alt_field in (("image", None), ("body_photo", "body_photo_alt"),
                                ("gallery_photo", "gallery_photo_caption")):
            for item in form.getlist(name):
                if isinstance(item, str) or not getattr(item, "filename", None):
                    continue
                data = await item.read(limit)
                if data:
                    uploads.append(Upload(name, data, str(form.get(alt_field) or "") if alt_field else ""))
        return uploads

    @staticmethod
    def _values(form) -> dict:
        values = {name: str(form.get(name) or "") for name in FIELDS if name != "image"}
        values["image"] = str(form.get("image_path") or "")
        return values

    async def save_new(self, request: Request):
        return await self._save(request, None)

    async def save_story(self, request: Request):
        return await self._save(request, self._sid(request))

    async def _save(self, request: Request, sid: str | None):
        visitor = self.pages.visitor(request)
        if visitor.account is None:
            return await self._expired(request, sid)
        form = await self._story_form_data(request, visitor)
        try:
            action = Action(str(form.get("action") or "save"))
        except ValueError:
            raise HTTPException(400, "ไม่รู้จักคำสั่งนี้") from None
        values = self._values(form)
        base = str(form.get("base_blob") or "") or None
        uploads = await self._uploads(form)
        try:
            outcome = await run_in_threadpool(
                self.nr.desk.act, visitor.account, sid, action, values, base, uploads,
                str(form.get("comment") or ""), str(form.get("publish_at") or ""), str(form.get("id") or ""))
        except Refused as refused:
            raise HTTPException(refused.status, str(refused)) from None
        if outcome.ok:
            return self.pages.redirect(request, f"/stories/{outcome.story_id}?m={outcome.notice}"
                                       + (f"&job={outcome.job_id}" if outcome.job_id else ""))
        state = await run_in_threadpool(self.nr.desk.state, sid) if sid else None
        outcome.values = {**outcome.values}
        return self._form(request, visitor, values=outcome.values, story_id=sid, state=state, outcome=outcome,
                          status=outcome.status_code, base_blob=outcome.base_blob or "")

    async def _expired(self, request: Request, sid: str | None):
        """A save posted after the session ran out: keep the writer's form for them, then ask them to log in."""
        form = await request.form(**STORY_FORM_LIMITS)
        now = self.nr.clock()
        with self.nr.db.connect() as conn:
            ended = self.nr.sessions.expired(conn, request.cookies.get(COOKIE))
            sent = str(form.get("csrf") or "")
            if ended is None or not sent or not hmac.compare_digest(sent.encode(), ended[1].encode()):
                raise LoginNeeded()
            fields = {**self._values(form), "base_blob": str(form.get("base_blob") or ""),
                      "id": str(form.get("id") or ""), "comment": str(form.get("comment") or ""),
                      "publish_at": str(form.get("publish_at") or "")}
            pending_forms.keep(conn, ended[0], sid or "", fields, now)
        return self.pages.redirect(request, "/login?m=expired")

    async def resume(self, request: Request):
        visitor = self.pages.require_login(request)
        with self.nr.db.connect() as conn:
            kept = pending_forms.take(conn, visitor.account.id, self.nr.clock())
        if kept is None:
            return self.pages.redirect(request, "/")
        sid, fields = kept
        state = None
        if sid:
            state = await run_in_threadpool(self._open, visitor.account, sid)
        values = {name: fields.get(name, "") for name in FIELDS}
        return self._form(request, visitor, values=values, story_id=sid or None, state=state,
                          base_blob=fields.get("base_blob", ""), pending=True,
                          notice="ระบบนำข้อความที่คุณพิมพ์ไว้ก่อนหมดเวลาเข้าระบบกลับมาให้แล้ว "
                                 "ยังไม่ได้บันทึก กดปุ่มบันทึกเพื่อบันทึก")

    # --- history and restore -------------------------------------------------------------------------------
    async def history(self, request: Request):
        visitor = self.pages.require_login(request)
        sid = self._sid(request)
        state = await run_in_threadpool(self._open, visitor.account, sid)
        views = await run_in_threadpool(self._revisions, state.path)
        may_restore = visitor.account.role == "editor" and visitor.account.works_for(state.agency_code)
        return self.pages.render(request, "story_history.html", visitor, story_id=sid, state=state, revisions=views,
                                 may_restore=may_restore)

    def _revisions(self, path: str):
        history = self.nr.history
        revisions = history.history(path, limit=50)
        texts = {}
        for rev in revisions:
            if rev.blob:
                texts[rev.commit] = history.show(path, rev.commit).decode("utf-8", errors="replace")
        return revision_views(revisions, texts)

    async def version(self, request: Request):
        visitor = self.pages.require_login(request)
        sid = self._sid(request)
        state = await run_in_threadpool(self._open, visitor.account, sid)
        commit = request.path_params["commit"]
        try:
            text = await run_in_threadpool(self.nr.history.show, state.path, commit)
        except HistoryError as err:
            raise HTTPException(404, str(err)) from None
        from .story_form import values_from_text
        values, _ = values_from_text(text.decode("utf-8", errors="replace"))
        may_restore = visitor.account.role == "editor" and visitor.account.works_for(state.agency_code)
        return self.pages.render(request, "story_version.html", visitor, story_id=sid, state=state, commit=commit,
                                 values=values, may_restore=may_restore)

    async def restore(self, request: Request):
        visitor = self.pages.require_login(request)
        sid = self._sid(request)
        form = await self.pages.checked_form(request, visitor)
        commit = str(form.get("commit") or "")
        try:
            outcome = await run_in_threadpool(self.nr.desk.restore, visitor.account, sid, commit,
                                              str(form.get("base_blob") or "") or None)
        except Refused as refused:
            raise HTTPException(refused.status, str(refused)) from None
        except HistoryError as err:
            raise HTTPException(404, str(err)) from None
        if not outcome.ok:
            raise HTTPException(409, outcome.message)
        return self.pages.redirect(request, f"/stories/{sid}?m=restore" + (f"&job={outcome.job_id}" if outcome.job_id
                                                                            else ""))

    # --- preview -------------------------------------------------------------------------------------------
    async def preview_new(self, request: Request):
        return await self._preview(request, None)

    async def preview_story(self, request: Request):
        return await self._preview(request, self._sid(request))

    async def _preview(self, request: Request, sid: str | None):
        visitor = self.pages.require_login(request)
        form = await self._story_form_data(request, visitor)
        values = self._values(form)
        account = visitor.account
        from nuea.thai_dates import ThaiDateError, parse_thai_date

        from .story_form import clean, compose, file_path, new_story_id
        now = datetime.fromtimestamp(self.nr.clock(), BANGKOK)
        if sid:
            state = await run_in_threadpool(self._open, account, sid)
            carried, status = state.carried, state.status or Status.DRAFT
        else:
            carried, status = {}, Status.DRAFT
        agency = self.nr.registry.find_agency(values["agency"]) if values["agency"] else None
        if agency is None or not (account.is_admin or account.works_for(agency.code)):
            raise HTTPException(403, "คุณไม่มีสิทธิ์ดูตัวอย่างข่าวของหน่วยงานนี้")
        values = clean(values)
        try:
            date = parse_thai_date(values["date"]) if values["date"] else None
        except ThaiDateError:
            date = None
        story_id = sid or new_story_id(agency.code, date or now, set())
        path = file_path(story_id, date, now)
        text = compose(values, story_id, status, carried)
        try:
            preview = await run_in_threadpool(self.nr.previews.build, account.id, text, path,
                                              self.pages.url(request, "/"))
        except PreviewFailed as failed:
            return self.pages.error(request, 400, f"สร้างตัวอย่างไม่ได้: ข่าวยังมีข้อผิดพลาด ({failed})", visitor)
        return self.pages.render(request, "story_preview.html", visitor, story_id=sid, preview=preview,
                                 title=values["title"])

    async def preview_file(self, request: Request):
        visitor = self.pages.require_login(request)
        target = self.nr.previews.file(request.path_params["token"], visitor.account.id, request.path_params["rel"])
        if target is None:
            raise HTTPException(404, "ไม่พบตัวอย่างนี้ (ตัวอย่างเก็บไว้ชั่วคราว กรุณาสร้างใหม่)")
        return FileResponse(target)

    async def markdown(self, request: Request):
        """The body as the reader renders it (nh3-sanitized): the form's live preview."""
        visitor = self.pages.require_login(request)
        form = await self.pages.checked_form(request, visitor)
        html = await run_in_threadpool(self.nr.site.body_html, str(form.get("body") or "")[:200_000])
        thumbs = self.pages.url(request, "/photo/images/")
        return JSONResponse({"html": html.replace('src="/images/', f'src="{thumbs}')})

    # --- job progress and photo thumbnails -----------------------------------------------------------------
    def _job(self, request: Request, visitor):
        job = self.nr.jobs.get(request.path_params["job_id"])
        if job is None:
            raise HTTPException(404, "ไม่พบงานนี้")
        if job.story_id:
            row = self.nr.index.by_id(job.story_id)
            if row is not None and not may_see(visitor.account, row.agency):
                raise HTTPException(403, "งานนี้เป็นของหน่วยงานอื่น")
        return job

    async def job_page(self, request: Request):
        visitor = self.pages.require_login(request)
        job = self._job(request, visitor)
        return self.pages.render(request, "job.html", visitor, job=job,
                                 public_url=self.nr.site.story_url(job.story_id) if job.story_id else "")

    async def job_json(self, request: Request):
        visitor = self.pages.require_login(request)
        job = self._job(request, visitor)
        return JSONResponse({"id": job.id, "state": job.state, "label": job.label, "finished": job.finished,
                             "message": job.message[-500:] if job.state == "failed" else "",
                             "url": self.nr.site.story_url(job.story_id) if job.story_id else ""})

    async def photo(self, request: Request):
        """A small derivative of a content photo (never the original: it may carry the GPS position). A photo
        uploaded for an unpublished story of another agency is refused (its name carries the story's id)."""
        visitor = self.pages.require_login(request)
        rel = request.path_params["rel"]
        owner = self.nr.index.by_id(story_of_photo(rel) or "")
        if (owner is not None and not may_see(visitor.account, owner.agency)
                and owner.effective_status(self.nr.clock()) != Status.PUBLISHED.value):
            raise HTTPException(403, "ภาพนี้เป็นของข่าวที่ยังไม่เผยแพร่ของหน่วยงานอื่น")
        content = self.nr.settings.content_dir.resolve()
        source = (content / rel).resolve()
        if not source.is_relative_to(content / "images") or not source.is_file():
            raise HTTPException(404, "ไม่พบภาพนี้")
        try:
            small = await run_in_threadpool(self.nr.photos.smallest, source)
        except Exception:
            raise HTTPException(404, "ภาพนี้แสดงไม่ได้") from None
        if small is None:
            raise HTTPException(404, "ภาพนี้แสดงไม่ได้")
        return FileResponse(small, media_type="image/jpeg")
