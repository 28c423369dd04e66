# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Round trips from the emulator's call log.

A round trip is one wait on the network: one call, or calls made at once (``client.parallel``).
The log (``GET /_emulator/calls``) gives each call's ``seq`` (in order of completion) and
``duration_ms`` (answer path, injected latency included), but no clock time. So a watcher polls
the log while the operation runs and stamps each new call with when it was first seen: the call
ended between the previous poll (``seen_after_ms``) and this one (``seen_ms``), and started
``duration_ms`` before it ended. Calls made at once overlap for about the injected latency; a call
made after another starts after that one ended. A call joins the round trip before it when it
overlaps one of that trip's calls by more than ``overlap_ms`` (half the injected latency),
which holds while each call's stamp is sure to within half of that (``unsure`` lists those that are not).

This module imports nothing from the harness: tests/unit/benchmarks checks it on a recorded log.
"""

from __future__ import annotations

import threading
import time


def round_trips(calls, overlap_ms):
    """The stamped ``calls`` grouped into round trips, in the order they started: a list of lists of calls."""
    spans = sorted(((call['seen_ms'] - call['duration_ms'], call['seen_ms'], call) for call in calls),
                   key=lambda span: (span[0], span[2]['seq']))
    trips = []
    for start, end, call in spans:
        if trips and any(min(end, other_end) - max(start, other_start) > overlap_ms
                         for other_start, other_end, _other in trips[-1]):
            trips[-1].append((start, end, call))
        else:
            trips.append([(start, end, call)])
    return [[call for _start, _end, call in trip] for trip in trips]


def unsure(calls, overlap_ms):
    """The calls whose end is known less tightly than half ``overlap_ms``: their grouping could be wrong."""
    return [call for call in calls if call['seen_ms'] - call['seen_after_ms'] > overlap_ms / 2.0]


def trip_methods(trips):
    """Round trips as method names, sorted within each trip (calls made at once have no order)."""
    return [sorted(call['method'] for call in trip) for trip in trips]


class CallWatcher:
    """Polls the call log in a thread while an operation runs; ``stop()`` returns the new calls, stamped.

    ``fetch(since)`` returns the log entries after ``seq`` ``since`` (``EmulatorProcess.calls``). The
    log's ``seq`` continues across a cleared log, so the watcher may start before the operation clears it.
    """

    def __init__(self, fetch, interval=0.002):
        self.fetch = fetch
        self.interval = interval
        self.calls = []
        self._since = max((call['seq'] for call in fetch(0)), default=0)
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._origin = time.monotonic()
        self._asked = 0.0

    def __enter__(self):
        self._origin = time.monotonic()
        self._thread.start()
        return self

    def __exit__(self, *_exc):
        self._done.set()
        self._thread.join()
        self._poll()   # whatever ended after the last poll (its stamp is then loose: see ``unsure``)

    def _now_ms(self):
        return (time.monotonic() - self._origin) * 1000.0

    def _poll(self):
        asked = self._now_ms()
        new = self.fetch(self._since)
        seen = self._now_ms()
        for call in new:
            self.calls.append(dict(call, seen_after_ms=round(self._asked, 1), seen_ms=round(seen, 1)))
            self._since = max(self._since, call['seq'])
        self._asked = asked

    def _watch(self):
        while not self._done.is_set():
            self._poll()
            self._done.wait(self.interval)
