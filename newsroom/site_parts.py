"""The parts of the site the newsroom reuses: the agency registry, Thai dates and the Sarabun font."""
from __future__ import annotations

from pathlib import Path

from nuea.registry import Agency, Registry, RegistryError, load_registry
from nuea.thai_dates import format_thai_date
from plugins.site_fonts.woff2 import install_fonts

ROOT = Path(__file__).resolve().parent.parent

__all__ = ["Agency", "Registry", "RegistryError", "format_thai_date", "install_fonts", "load_registry"]
