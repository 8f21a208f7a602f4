"""The story list and form. Phase 1 (issue 13): the pages exist behind the login; their content comes with
the story contract (issue 12): the header index, the form, preview, workflow, history view."""
from __future__ import annotations

from starlette.requests import Request
from starlette.routing import Route

from .pages import Pages


class StoryRoutes:
    def __init__(self, pages: Pages):
        self.pages = pages

    def routes(self) -> list[Route]:
        return [Route("/", self.story_list, methods=["GET"]), Route("/stories/new", self.new_story, methods=["GET"])]

    async def story_list(self, request: Request):
        visitor = self.pages.require_login(request)
        return self.pages.render(request, "stories.html", visitor, agency_labels=self.pages.newsroom.agency_labels)

    async def new_story(self, request: Request):
        visitor = self.pages.require_login(request)
        return self.pages.render(request, "story_form.html", visitor)
