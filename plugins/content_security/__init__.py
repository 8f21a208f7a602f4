"""content_security: the site's Content-Security-Policy (policy.py) and a warning when a setting needs another.

register(): initialized -> warn when SHARE_LINE_BUTTON = "official", whose LINE script the shipped strict policy
blocks (the operator must send line_official_policy(); see policy.py and the README).
"""
from __future__ import annotations

import logging

from pelican import signals

from .policy import line_official_policy

log = logging.getLogger(__name__)


def warn_line_official(pelican):
    if pelican.settings.get("SHARE_LINE_BUTTON") == "official":
        log.warning("content_security: SHARE_LINE_BUTTON = 'official' loads LINE's script, which the strict CSP of "
                    "deploy/nginx/nuea-news.conf blocks; send this Content-Security-Policy instead: %s",
                    line_official_policy())


def register():
    signals.initialized.connect(warn_line_official)
