# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""How hard a call is retried: bounded in count and in time, with jittered exponential delays.

The figures below are the collection's retry policy. The connection doc fragment,
the modules' RETURN docs, the README and the guides quote them in prose;
tests/unit/plugins/module_utils/test_retries.py fails when a quote disagrees.
"""

from __future__ import annotations

import random
import time

# At most this many retries of one call (so at most RETRIES + 1 sends) ...
RETRIES = 4
# ... each after a delay between half and all of DELAY_BASE, twice that, ..., at most DELAY_THRESHOLD seconds ...
DELAY_BASE = 1
DELAY_THRESHOLD = 8
# ... and none whose delay would end more than TOTAL_SECONDS after the call's first attempt failed.
# (Counted from the failure, not the start: a read that used up its whole timeout is still retried.)
TOTAL_SECONDS = 30
# A module run that needed this many retries (over all its calls) warns.
WARN_THRESHOLD = 3

_RANDOM = random.SystemRandom()


class RetryPolicy:
    """How hard a safe call is retried.

    At most ``retries`` retries, each after an exponential delay (``delay_base``,
    twice that, ... capped at ``delay_threshold`` seconds) with jitter, and no
    retry whose delay would end more than ``total_seconds`` after the first
    attempt failed. ``clock`` (seconds, monotonic) and ``sleep`` are the time the
    policy reads and waits with.

    Why not ``ansible.module_utils.api``'s helpers: ``generate_jittered_backoff``
    draws whole seconds from zero, so a retry after a rate-limit refusal often
    comes back at once, and ``retry_with_delays_and_condition`` checks the budget
    before an attempt instead of before the sleep, so it cannot bound total time.
    """

    def __init__(self, retries=RETRIES, delay_base=DELAY_BASE, delay_threshold=DELAY_THRESHOLD,
                 total_seconds=TOTAL_SECONDS, clock=time.monotonic, sleep=time.sleep):
        self.retries = retries
        self.delay_base = delay_base
        self.delay_threshold = delay_threshold
        self.total_seconds = total_seconds
        self.clock = clock
        self.sleep = sleep

    def hung_call_bound(self, timeout):
        """The longest a call can take in seconds when no attempt ever gets an answer within ``timeout``.

        The first attempt's timeout, then retries that all start within ``total_seconds``
        of its failure, the last of which again takes at most ``timeout``.
        """
        return 2 * timeout + self.total_seconds

    def delay_ranges(self):
        """(shortest, longest) delay in seconds before each retry, in order."""
        caps = [min(self.delay_threshold, self.delay_base * 2 ** retry) for retry in range(self.retries)]
        return [(cap / 2.0, cap) for cap in caps]

    def backoff(self):
        """The delay before each retry: half the exponential cap plus a random part of the other half.

        The fixed half keeps a rate-limited retry from coming back at once;
        the random half spreads parallel tasks apart.
        """
        for shortest, longest in self.delay_ranges():
            yield shortest + _RANDOM.uniform(0, longest - shortest)

    def delays(self):
        """Delays in seconds, stopping early once the next sleep would overrun the budget.

        The budget starts now, when this is called, not when the first delay is asked for.
        """
        return self._delays_until(self.clock() + self.total_seconds)

    def _delays_until(self, deadline):
        for delay in self.backoff():
            if self.clock() + delay > deadline:
                return
            yield delay

    def run(self, function, should_retry, on_retry=None):
        """Call ``function()`` until it returns, fails with an error ``should_retry`` refuses, or the policy is spent.

        ``on_retry(error)`` is called before each retry's sleep. The last error is raised unchanged.
        """
        delays = None
        while True:
            try:
                return function()
            except Exception as error:
                if not should_retry(error):
                    raise
                if delays is None:
                    # The budget starts at the first failure, so a first attempt that ran into its
                    # timeout (60 s by default, longer than the budget) does not leave it spent.
                    delays = self.delays()
                # Asked only now, so the time check sees how long the attempt took.
                delay = next(delays, None)
                if delay is None:
                    raise
                if on_retry is not None:
                    on_retry(error)
            self.sleep(delay)
