"""Back-off for editor password guesses, per session and per client address.

The first ``FREE_GUESSES`` wrong passwords cost nothing; after that every wrong guess
locks its keys (this browser session, and the client's address when it is known) for a
delay that doubles up to ``MAX_DELAY_S``: 1 s, 2 s, 4 s ... 5 minutes. A guess during a
lock is refused without checking the password. A right password clears its session's
count; the address keeps its count until it expires, so opening new sessions from one
address does not reset the back-off. Every attempt is logged (``corridors.editors``)
with a short, non-reversible id of the session and the address.

Process-wide: each replica keeps its own counts (sticky routing keeps a session on one).
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

FREE_GUESSES = 3
BASE_DELAY_S = 1.0
MAX_DELAY_S = 300.0
FORGET_AFTER_S = 3600.0
MAX_KEYS = 10_000
_log = logging.getLogger("corridors.editors")


@dataclass(frozen=True)
class Attempt:
    """One guess: ``ok`` (right password), ``checked`` (False: refused during a lock,
    the password was not even tested), ``wait_s`` before the next guess is tested."""

    ok: bool
    checked: bool
    wait_s: float


@dataclass
class _Count:
    failures: int = 0
    locked_until: float = 0.0
    last: float = 0.0


def delay_after(failures: int) -> float:
    """Seconds a key stays locked after its ``failures``-th wrong guess."""
    if failures < FREE_GUESSES:
        return 0.0
    return min(BASE_DELAY_S * 2 ** (failures - FREE_GUESSES), MAX_DELAY_S)


def _label(key: str) -> str:
    kind, _, value = key.partition(":")
    return f"{kind}:{hashlib.sha256(value.encode()).hexdigest()[:10]}"


class GuessLimiter:
    """Counts wrong guesses per key (``session:<id>``, ``client:<address>``).

    Parameters
    ----------
    clock : callable, optional
        Monotonic seconds (tests pass a fake one).
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._counts: dict[str, _Count] = {}
        self._lock = threading.Lock()

    def wait_s(self, keys: list[str]) -> float:
        """Seconds until any of ``keys`` may guess again (0: now)."""
        now = self._clock()
        with self._lock:
            return max((c.locked_until - now for k in keys if (c := self._counts.get(k))),
                       default=0.0) if keys else 0.0

    def attempt(self, keys: list[str], check: Callable[[], bool]) -> Attempt:
        """Run ``check`` (the password test) unless a key is locked; log the attempt."""
        wait = max(self.wait_s(keys), 0.0)
        labels = " ".join(map(_label, keys)) or "-"
        if wait > 0:
            _log.warning("editor password attempt refused (back-off %.0f s) %s", wait, labels)
            return Attempt(False, False, wait)
        ok = bool(check())
        now = self._clock()
        with self._lock:
            self._prune(now)
            for key in keys:
                count = self._counts.setdefault(key, _Count())
                if ok and key.startswith("session:"):
                    del self._counts[key]
                    continue
                if not ok:
                    count.failures += 1
                    count.locked_until = now + delay_after(count.failures)
                count.last = now
            failures = max((self._counts[k].failures for k in keys if k in self._counts),
                           default=0)
        wait = 0.0 if ok else delay_after(failures)
        (_log.info if ok else _log.warning)(
            "editor password attempt %s (%d wrong in a row, next guess in %.0f s) %s",
            "accepted" if ok else "wrong", 0 if ok else failures, wait, labels)
        return Attempt(ok, True, wait)

    def _prune(self, now: float) -> None:
        if len(self._counts) < MAX_KEYS:
            return
        for key in [k for k, c in self._counts.items() if now - c.last > FORGET_AFTER_S]:
            del self._counts[key]
        while len(self._counts) >= MAX_KEYS:  # still full: forget the oldest
            del self._counts[min(self._counts, key=lambda k: self._counts[k].last)]


#: The process's limiter, shared by every session of this server.
LIMITER = GuessLimiter()
