# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The round trips of a run, as the client batches them: what a user waits for on a slow API.

A call made on its own is one round trip. The calls of one ``SoftLayerClient.parallel`` batch
are made at once, so the batch costs as many round trips as its longest thread makes calls
one after another (usually one). ``RoundTrips.batches`` lists each round trip's methods, sorted,
so a test can pin them: a change that adds a round trip fails it.

With ``emulator`` (the emulator an ``EmulatedCloud`` serves), the IBM Cloud calls are recorded too, by
the method the emulator logs (``get_token`` at IAM, ``get_cases``, ``create_case``, ...): the case
modules make them one at a time, so each is a round trip of its own.

``assert_recorded`` ties a pinned operation to the figure the docs show for it: benchmark scenario 7
records each operation's calls and round trips from the emulator's call log into
docs/data/bench/scenario-7.json, and the guides and module docs quote that file. A change of an
operation's round trips fails here until the data is recorded again, so the docs cannot keep the old figure.
"""

from __future__ import annotations

import functools
import threading

from ansible_collections.softlayer.support.benchmarks import figures as measured
from ansible_collections.softlayer.support.plugins.module_utils.api.client import SoftLayerClient


@functools.lru_cache(maxsize=1)
def _recorded_operations():
    # The docs' own reader of the data (it also refuses a recording whose round trips were unsure).
    return {item.get('key'): item for item in measured.round_trip_operations(measured.Data())}


def recorded(key):
    """(calls, round trips) of the operation ``key`` as benchmark scenario 7 last recorded it."""
    item = _recorded_operations().get(key)
    assert item, 'docs/data/bench/scenario-7.json records no operation %r' % key
    return item['calls'], item['round_trips']


class RoundTrips:
    def __init__(self, monkeypatch, sdk, emulator=None):
        self.events = []  # (batch number or None, thread number, method)
        self._local = threading.local()
        self._lock = threading.Lock()
        self._batches = 0
        recorder = self
        original_parallel = SoftLayerClient.parallel
        original_call = sdk.call

        def parallel(client, *thunks, ahead=0):
            if getattr(recorder._local, 'batch', None) is not None or len(thunks) < 2:
                return original_parallel(client, *thunks, ahead=ahead)
            with recorder._lock:
                recorder._batches += 1
                batch = recorder._batches
            return original_parallel(client, *[recorder._tagged(batch, n, thunk) for n, thunk in enumerate(thunks)],
                                     ahead=ahead)

        def call(service, method, *args, **kwargs):
            with recorder._lock:
                recorder.events.append((getattr(recorder._local, 'batch', None),
                                        getattr(recorder._local, 'thread', None), method))
            return original_call(service, method, *args, **kwargs)

        monkeypatch.setattr(SoftLayerClient, 'parallel', parallel)
        monkeypatch.setattr(sdk, 'call', call)
        if emulator is not None:
            original_record = emulator.record_call

            def record_call(entry):
                if entry.get('protocol') == 'cloud':
                    with recorder._lock:
                        recorder.events.append((None, None, entry['method']))
                return original_record(entry)
            monkeypatch.setattr(emulator, 'record_call', record_call)

    def _tagged(self, batch, number, thunk):
        def run():
            self._local.batch, self._local.thread = batch, number
            try:
                return thunk()
            finally:
                self._local.batch = self._local.thread = None
        return run

    def mark(self):
        """Where the next run's calls start (pass to batches/count to see only those)."""
        return len(self.events)

    def batches(self, since=0):
        """Each round trip's methods (sorted), in order. A batch whose threads call one after another
        counts one round trip per step."""
        trips, open_batch = [], None
        for batch, thread, method in self.events[since:]:
            if batch is None:
                trips.append({0: [method]})
                open_batch = None
            elif open_batch is not None and open_batch[0] == batch:
                open_batch[1].setdefault(thread, []).append(method)
            else:
                open_batch = (batch, {thread: [method]})
                trips.append(open_batch[1])
        return [step for threads in trips for step in self._steps(threads)]

    @staticmethod
    def _steps(threads):
        depth = max(len(calls) for calls in threads.values())
        return [sorted(calls[step] for calls in threads.values() if len(calls) > step) for step in range(depth)]

    def count(self, since=0):
        """(calls, round trips) since ``since``."""
        return len(self.events) - since, len(self.batches(since))

    def assert_recorded(self, key, since=0):
        """The run since ``since`` made the calls and round trips the docs show for ``key``."""
        measured, shown = self.count(since), recorded(key)
        assert measured == shown, (
            '%s: %d calls in %d round trips here, the docs show %d in %d (docs/data/bench/scenario-7.json): '
            'record it again with scripts/bench --record --scenarios 7' % ((key,) + measured + shown))
