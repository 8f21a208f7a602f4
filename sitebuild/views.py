"""What templates see: stories, pages, list groups and list pages, made from records (never Pelican objects).

A page's fingerprint covers exactly what its template is given, so a template can only use what is given:
- `article.*`: the attributes of StoryView below (the record's, plus reads and related stories);
- values a page is not given are `Withheld`: using one fails the render, naming it and where to add it, instead
  of silently rendering something no fingerprint covers (e.g. the story counts of `categories` outside the index
  pages, `articles` outside list pages).
"""
from __future__ import annotations

from dataclasses import dataclass

from jinja2 import TemplateRuntimeError


class Withheld:
    """A context value a page is not given (it is not part of that page's fingerprint)."""

    def __init__(self, name: str):
        self._name = name

    def _fail(self, *args, **kwargs):
        raise TemplateRuntimeError(
            f"{self._name} is not given to this page (so it is not in its fingerprint): give it to the pages that "
            "show it in sitebuild/plan.py")

    __iter__ = __len__ = __getitem__ = __call__ = __str__ = __bool__ = _fail

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        self._fail()


class Members:
    """The stories of a group where only their number is shown (index pages: "(12)")."""

    def __init__(self, count: int):
        self.count = count

    def __len__(self) -> int:
        return self.count

    def __iter__(self):
        raise TemplateRuntimeError("the stories of a group are counted here, not listed (sitebuild/views.py)")


class StoryView:
    """`article` in templates: a story record's fields, its reads and its related stories. The body (HTML) and the
    related stories are loaded when a template first reads them: a card already rendered needs neither."""

    __slots__ = ("_attrs", "_load_body", "_load_related")

    def __init__(self, record, reads: int, load_body, load_related):
        story = record.story
        attrs = {
            "story": story, "title": record.title, "url": record.url, "save_as": record.save_as,
            "slug": story.id, "date": story.date, "modified": story.updated, "tags": list(record.tags),
            "template": record.template, "status": "published" if record.live else "draft", "reads": reads,
        }
        if record.category is not None:
            attrs["category"] = record.category
        object.__setattr__(self, "_attrs", attrs)
        object.__setattr__(self, "_load_body", load_body)
        object.__setattr__(self, "_load_related", load_related)

    def _body(self) -> None:
        content, summary, extra = self._load_body()
        self._attrs.update(extra, content=content, summary=summary)
        object.__setattr__(self, "_load_body", None)

    def __getattr__(self, name):
        attrs = self._attrs
        if name in attrs:
            return attrs[name]
        if name == "related_posts":
            attrs[name] = list(self._load_related())
            return attrs[name]
        if self._load_body is not None:
            self._body()
            if name in attrs:
                return attrs[name]
        raise AttributeError(name)

    def __setattr__(self, name, value):
        raise AttributeError("story views are read-only")

    def get_content(self, siteurl: str = "") -> str:  # feeds and plugins call Pelican's method
        return self.content


class PageView:
    """`page` (and `p` in the footer) in templates: a page record."""

    __slots__ = ("_attrs",)

    def __init__(self, record, content: str, summary: str, extra: dict):
        attrs = {"title": record.title, "slug": record.slug, "url": record.url, "save_as": record.save_as,
                 "template": record.template, "status": record.status, "content": content, "summary": summary}
        attrs.update(extra)
        object.__setattr__(self, "_attrs", attrs)

    def __getattr__(self, name):
        try:
            return self._attrs[name]
        except KeyError:
            raise AttributeError(name) from None


@dataclass(frozen=True)
class Group:
    """A province or agency as its list page and the navigation see it (listings' ProvincePage/AgencyPage)."""

    name: str
    slug: str
    url: str
    save_as: str
    full_name: str = ""  # agencies: the full Thai name
    province: str = ""  # agencies: the province's Thai name

    def __str__(self) -> str:
        return self.name

    @property
    def page_name(self) -> str:
        return self.url.rstrip("/")


@dataclass(frozen=True)
class PageLink:
    url: str
    number: int | None


@dataclass(frozen=True)
class ListPageView:
    """`articles_page`: one page of a list (number None: the front page, the newest stories)."""

    object_list: list
    number: int | None
    url: str
