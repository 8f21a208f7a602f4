"""How a read count is shown: `อ่าน : 1,204` (thousands separated by commas, as the old site did)."""
from __future__ import annotations


def grouped(count) -> str:
    """1204 -> '1,204'; the same form theme/static/js/read-counts.js writes."""
    return f"{int(count):,}"
