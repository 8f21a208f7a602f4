"""Content problems, collected across all files and reported together as `file:line: field: message`."""
from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    field: str  # e.g. 'วันที่ (date)'
    message: str
    value: str | None = None  # the value as written, when there is one
    draft: bool = False  # in a story that is not going out: listed, never stops the build

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}: {self.field}: {self.message}"
        if self.value is not None:
            shown = self.value if len(self.value) <= 120 else self.value[:117] + "..."
            text += f" (value: '{shown}')"
        if self.draft:
            text += " [not published: does not stop the build]"
        return text

    def as_draft(self) -> Problem:
        return replace(self, draft=True)


class ContentFailure(Exception):
    """A build stopped by bad content (not by a bug): its message is the plain list of problems, one a line, which
    `scripts/build.py` prints without a traceback."""

    exitcode = 1

    def report(self) -> str:
        return str(self)


class ContentError(ContentFailure):
    """The build's content has problems; the message lists every one."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        n = len(self.problems)
        lines = "\n".join(str(p) for p in self.problems)
        super().__init__(f"{n} content problem{'s' if n != 1 else ''}; the build stopped before writing:\n{lines}")

    def __reduce__(self):  # made again from its problems when it crosses from a worker process
        return type(self), (self.problems,)

    def report(self) -> str:
        return report(self.problems)


def report(problems: list[Problem]) -> str:
    return "\n".join(str(p) for p in sorted(problems))
