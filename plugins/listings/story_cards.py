"""Story cards rendered once per story and build: a story's card is the same on every list page that shows it
(home, province, agency, section, tag, archive pages), so list pages reuse it instead of rendering it again."""
from __future__ import annotations

from jinja2 import pass_context
from markupsafe import Markup

CARD_TEMPLATE = "partials/story_card.html"


def card_renderer():
    """A fresh `story_card(article)` Jinja global (one per build, so no card outlives its build)."""
    cards: dict[tuple, tuple] = {}

    @pass_context
    def story_card(ctx, article) -> Markup:
        key = (id(article), ctx.get("SITEURL"))  # SITEURL differs per page only with RELATIVE_URLS
        hit = cards.get(key)
        if hit is None or hit[0] is not article:  # the article is kept in the entry: its id cannot be reused
            html = ctx.environment.get_template(CARD_TEMPLATE).render({**ctx.get_all(), "article": article})
            hit = cards[key] = (article, Markup(html))
        return hit[1]

    return story_card
