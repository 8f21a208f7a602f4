"""The bodies (HTML, summary, extra attributes) of records read by a full build, parked on disk until the build
stores them in the site model: the build then holds only the small heads of what it has read, and its memory no
longer grows with the HTML of the whole archive (~45 kB a story)."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from .model import dump, head_and_body
from .records import ReadOutcome, digest


def stored_outcome(outcome: ReadOutcome) -> ReadOutcome:
    """What the model keeps of a read outcome (and digests): everything but how many photos were made."""
    return ReadOutcome(outcome.source, outcome.record, outcome.withdrawn, outcome.photos, outcome.going_out)


class BodySpill:
    """A scratch SQLite file of parked bodies, by content file; removed when closed."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.unlink(missing_ok=True)
        self.db = sqlite3.connect(self.path, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=OFF")
        self.db.execute("PRAGMA synchronous=OFF")  # scratch: a crash loses nothing the next build needs
        self.db.execute("CREATE TABLE bodies(source TEXT PRIMARY KEY, body BLOB NOT NULL)")
        self.digests: dict[str, str] = {}  # source -> digest of the whole stored outcome, body included

    def park(self, outcome: ReadOutcome) -> ReadOutcome:
        """The outcome with its record's body parked here (its digest kept); other outcomes as they are."""
        head, body = head_and_body(outcome)
        if body is None:
            return outcome
        self.digests[outcome.source] = digest(stored_outcome(outcome))
        self.db.execute("INSERT OR REPLACE INTO bodies(source, body) VALUES (?, ?)", (outcome.source, dump(body)))
        return ReadOutcome(head.source, head.record, head.withdrawn, head.photos, head.going_out, outcome.photos_made)

    def body(self, source: str) -> bytes | None:
        """The pickled body of a parked outcome."""
        row = self.db.execute("SELECT body FROM bodies WHERE source = ?", (source,)).fetchone()
        return row[0] if row else None

    def close(self) -> None:
        self.db.close()
        self.path.unlink(missing_ok=True)
