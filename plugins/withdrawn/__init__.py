"""Withdrawn stories (สถานะ: ถอนแล้ว) leave the site: their pages are removed from output/, their address and old
addresses answer 410 Gone (nginx through withdrawn.map, the local server through the same file), with the Thai
page 410.html (theme/templates/410.html, a direct template). Pages of stories no longer live for another reason
(sent back to draft, file removed) are removed too: a kept output/ never serves what the content no longer publishes.

The site build (sitebuild) writes withdrawn.map with gone.gone_map and removes every page it no longer plans; this
plugin holds the map's format (gone.py, read by scripts/serve.py) and its setting.
"""
from __future__ import annotations

DEFAULTS = {
    "WITHDRAWN_MAP_SAVE_AS": "withdrawn.map",  # nginx map (request path -> 1) of addresses that answer 410
}


def register():
    """Nothing to connect: the build writes the map (see the module docstring)."""
