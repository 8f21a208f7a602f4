"""Read-counter service: counts story reads once per reader per day, cookie-less."""

from readcounter.app import create_app
from readcounter.settings import Settings

__all__ = ["create_app", "Settings"]
