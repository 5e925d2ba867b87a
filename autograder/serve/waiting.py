"""Requests waiting for a grade (the long poll), woken when the dispatcher records it.

``waiting(submission_id, student_id)`` registers a waiter before the caller reads the status, so
a grade that lands in between is not missed; ``finished(submission_id)``, called from the
dispatcher's thread, wakes each waiter on its own event loop. Open waits are bounded: a student
holds at most ``WAITS_PER_STUDENT`` and the server ``WAITS`` (beyond that a request answers at
once), so no client can hold the server's connections.
"""
from __future__ import annotations

import asyncio
import contextlib
import threading

WAITS_PER_STUDENT, WAITS = 4, 256  # long polls held open at once: by one student, by the server


class Waiters:
    def __init__(self):
        self._lock = threading.Lock()
        self._waiters: dict[int, list] = {}  # submission id → (event loop, asyncio.Event) of each waiting request
        self._held: dict[str, int] = {}  # student id → long polls they hold open now

    def finished(self, submission_id: int) -> None:
        with self._lock:
            waiting = self._waiters.pop(submission_id, [])
        for loop, event in waiting:
            loop.call_soon_threadsafe(event.set)

    @contextlib.contextmanager
    def waiting(self, submission_id: int, student_id: str | None):
        """An ``asyncio.Event`` set when ``submission_id``'s grading is recorded; None when
        ``student_id`` is None or a bound is reached (then the caller answers at once)."""
        entry = (asyncio.get_running_loop(), asyncio.Event())
        with self._lock:
            held = self._held.get(student_id, 0) if student_id else 0
            admitted = student_id is not None and held < WAITS_PER_STUDENT and sum(self._held.values()) < WAITS
            if admitted:
                self._held[student_id] = held + 1
                self._waiters.setdefault(submission_id, []).append(entry)
        try:
            yield entry[1] if admitted else None
        finally:
            if admitted:
                self._leave(submission_id, student_id, entry)

    def _leave(self, submission_id: int, student_id: str, entry) -> None:
        with self._lock:
            left = [e for e in self._waiters.get(submission_id, []) if e is not entry]
            if left:
                self._waiters[submission_id] = left
            else:
                self._waiters.pop(submission_id, None)
            if self._held[student_id] <= 1:
                del self._held[student_id]
            else:
                self._held[student_id] -= 1

    def idle(self) -> bool:
        """No request is waiting (nothing was left behind)."""
        with self._lock:
            return not self._waiters and not self._held
