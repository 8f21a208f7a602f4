"""The parts of the site the newsroom reuses: the agency registry and the Sarabun font.

One module so that the move of the registry to `nuea.registry` (issue 12) is a one-line change here.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "plugins") not in sys.path:  # until plugins are a package (issue 12)
    sys.path.insert(0, str(ROOT / "plugins"))

from site_fonts.woff2 import install_fonts  # noqa: E402,F401
from thai_metadata.thai_dates import format_thai_date  # noqa: E402,F401
from thai_metadata.registry import Agency, Registry, RegistryError, load_registry  # noqa: E402,F401

__all__ = ["Agency", "Registry", "RegistryError", "format_thai_date", "install_fonts", "load_registry"]
