"""Fail the build when anything logged an error.

Pelican logs an error and skips a story it cannot read, then exits 0. This plugin counts error records logged
during a build and raises BuildFailed at the end, so `make html` exits non-zero and names every problem.
"""
import logging

from pelican import signals


class BuildFailed(RuntimeError):
    exitcode = 1


class _ErrorCounter(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


_root = logging.getLogger()


def _start(pelican):
    for handler in [h for h in _root.handlers if isinstance(h, _ErrorCounter)]:
        _root.removeHandler(handler)
    _root.addHandler(_ErrorCounter())


def _finish(pelican):
    counters = [h for h in _root.handlers if isinstance(h, _ErrorCounter)]
    for handler in counters:
        _root.removeHandler(handler)
    messages = [m for h in counters for m in h.messages]
    if messages:
        raise BuildFailed("the build logged %d error(s):\n%s" % (len(messages), "\n".join(messages)))


def register():
    signals.initialized.connect(_start)
    signals.finalized.connect(_finish)
