"""Characters XML 1.0 forbids (control characters pasted from Word) are removed before a feed is built."""
from __future__ import annotations

import re

# Not allowed in XML 1.0: C0 controls except tab/LF/CR, surrogates, U+FFFE/U+FFFF.
# Also removed: C1 controls (allowed but discouraged by the XML spec, never meaningful in a story).
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def strip_forbidden_chars(text: str) -> tuple[str, list[str]]:
    """`text` without forbidden characters, and the code points removed (e.g. ['U+000B'])."""
    removed = [f"U+{ord(ch):04X}" for ch in _FORBIDDEN.findall(text)]
    if not removed:
        return text, []
    return _FORBIDDEN.sub("", text), removed
