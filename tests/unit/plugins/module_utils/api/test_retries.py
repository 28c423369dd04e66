# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The retry policy on its own, with an injected clock and sleep (nothing waits), and the prose that quotes it."""

from __future__ import annotations

import pathlib
import re
import time

import pytest

from ansible_collections.softlayer.support.plugins.module_utils.api import retries
from ansible_collections.softlayer.support.plugins.module_utils.api.connection_options import DEFAULT_TIMEOUT
from ansible_collections.softlayer.support.plugins.module_utils.api.retries import RetryPolicy
from ansible_collections.softlayer.support.tests.unit.plugins.sdk_fakes import FakeClock

ROOT = pathlib.Path(__file__).resolve().parents[5]


@pytest.fixture
def clock():
    return FakeClock()


def policy(clock, **figures):
    return RetryPolicy(clock=clock.monotonic, sleep=clock.sleep, **figures)


class Refused(Exception):
    pass


def always_failing(clock=None, seconds=0):
    """A call that fails every time, taking ``seconds`` on ``clock``; ``attempts`` counts the calls."""
    def call():
        call.attempts += 1
        if clock is not None:
            clock.now += seconds
        raise Refused('attempt %d' % call.attempts)
    call.attempts = 0
    return call


def retry_all(error):
    return True


def test_a_call_that_succeeds_is_made_once_and_never_sleeps(clock):
    assert policy(clock).run(lambda: 'done', retry_all) == 'done'
    assert clock.slept == []


def test_a_failure_that_may_not_be_retried_is_raised_at_once(clock):
    call = always_failing()
    with pytest.raises(Refused, match='attempt 1'):
        policy(clock).run(call, lambda error: False)
    assert call.attempts == 1 and clock.slept == []


@pytest.mark.parametrize('count', [0, 1, 3])
def test_retries_are_bounded_in_count_and_the_last_error_is_raised(clock, count):
    call = always_failing()
    with pytest.raises(Refused, match='attempt %d' % (count + 1)):
        policy(clock, retries=count, total_seconds=3600).run(call, retry_all)
    assert call.attempts == count + 1
    assert len(clock.slept) == count


def test_on_retry_sees_each_retried_error_before_its_sleep(clock):
    seen = []
    call = always_failing()
    with pytest.raises(Refused):
        policy(clock, retries=2).run(call, retry_all, on_retry=lambda error: seen.append((str(error), len(clock.slept))))
    assert seen == [('attempt 1', 0), ('attempt 2', 1)]


def test_retries_stop_when_the_time_budget_is_spent(clock):
    call = always_failing(clock, seconds=10)  # every attempt takes 10 s and then fails
    with pytest.raises(Refused):
        policy(clock, retries=10, delay_base=1, delay_threshold=8, total_seconds=30).run(call, retry_all)
    # The budget runs from the first failure (t=10) to t=40: sleeps <=1 s, <=2 s and <=4 s start attempts before
    # t=38; the one failing at t>=44.5 would sleep 4-8 s past t=40, so there is no fourth sleep.
    assert call.attempts == 4
    assert len(clock.slept) == 3
    assert 0.5 <= clock.slept[0] <= 1 and 1 <= clock.slept[1] <= 2 and 2 <= clock.slept[2] <= 4


@pytest.mark.parametrize('timeout', [1, 2, 10, 29, 30, 31, 60, 300])
def test_a_call_that_times_out_is_retried_and_ends_within_its_stated_bound(clock, timeout):
    """A server that never answers: every attempt takes the whole timeout. Longer timeouts than the budget too."""
    call = always_failing(clock, seconds=timeout)
    used = policy(clock)
    start = clock.now
    with pytest.raises(Refused):
        used.run(call, retry_all)
    assert call.attempts >= 2, 'a read that timed out once was not retried (timeout %s s)' % timeout
    assert clock.now - start <= used.hung_call_bound(timeout)
    # The last attempt started within the budget after the first failure.
    assert clock.now - timeout <= start + timeout + used.total_seconds


def test_the_hung_call_bound_is_twice_the_timeout_plus_the_budget():
    assert RetryPolicy().hung_call_bound(60) == 150
    assert RetryPolicy(total_seconds=10).hung_call_bound(2) == 14


def test_delays_budget_starts_when_asked_not_at_the_first_delay(clock):
    delays = policy(clock, retries=4, delay_base=1, delay_threshold=8, total_seconds=30).delays()
    clock.now += 29.6  # the first attempt took almost the whole budget
    assert list(delays) == []


def test_backoff_grows_exponentially_with_jitter_up_to_the_threshold():
    caps = [1, 2, 4, 8, 8, 8]
    backoff = RetryPolicy(retries=6, delay_base=1, delay_threshold=8)
    seen = set()
    for dummy in range(50):
        delays = list(backoff.backoff())
        assert len(delays) == 6
        for delay, cap in zip(delays, caps):
            assert cap / 2.0 <= delay <= cap
        seen.add(delays[3])
    assert len(seen) > 1  # jittered, not fixed


def test_the_default_policy_is_the_collections_figures_on_real_time():
    default = RetryPolicy()
    assert (default.retries, default.delay_base, default.delay_threshold, default.total_seconds) == (
        retries.RETRIES, retries.DELAY_BASE, retries.DELAY_THRESHOLD, retries.TOTAL_SECONDS)
    assert default.delay_ranges() == [(0.5, 1), (1, 2), (2, 4), (4, 8)]
    assert (default.clock, default.sleep) == (time.monotonic, time.sleep)


# --------------------------------------------------------------------------- the figures in prose

DEFAULT = RetryPolicy()


def _ranges(text):
    return [(float(low), float(high)) for low, high in re.findall(r'([\d.]+)-([\d.]+)', text)]


def _hung(found):
    """(budget, worst case with the default timeout) as the prose quotes them."""
    return (int(found[0]), int(found[1])) == (DEFAULT.total_seconds, DEFAULT.hung_call_bound(DEFAULT_TIMEOUT))


# (file, what it says, the figures it must say) for every place that quotes the policy in plain text. The guides
# quote it from docs/data/retry-timeline.json (:fig:`retry.budget`, ...), which the docs build checks against the policy.
PROSE = [
    ('plugins/doc_fragments/connection.py', r'bounded to (\d+) retries and (\d+) seconds',
     lambda found: (int(found[0]), int(found[1])) == (DEFAULT.retries, DEFAULT.total_seconds)),
    ('plugins/doc_fragments/connection.py', r'the delays are ([\d.]+-[\d.]+(?:(?:, | and )[\d.]+-[\d.]+)*) seconds',
     lambda found: _ranges(found) == DEFAULT.delay_ranges()),
    ('plugins/doc_fragments/connection.py', r'more than (\d+) seconds after',
     lambda found: int(found) == DEFAULT.total_seconds),
    ('plugins/doc_fragments/connection.py', r'warns from (\d+) on', lambda found: int(found) == retries.WARN_THRESHOLD),
    ('README.md', r'warns from (\d+) on', lambda found: int(found) == retries.WARN_THRESHOLD),
    ('plugins/modules/sl_ticket.py', r'From (\d+) on, the run also warns', lambda found: int(found) == retries.WARN_THRESHOLD),
    ('plugins/modules/sl_ticket_info.py', r'From (\d+) on, the run also warns',
     lambda found: int(found) == retries.WARN_THRESHOLD),
    ('plugins/modules/sl_ticket_subject_info.py', r'From (\d+) on, the run also warns',
     lambda found: int(found) == retries.WARN_THRESHOLD),
    # The longest one call to an API that never answers can take, next to the options that set it.
    ('plugins/doc_fragments/connection.py', r'at most twice O\(timeout\) plus (\d+) seconds \((\d+) seconds with the default',
     _hung),
]


@pytest.mark.parametrize('path, pattern, agrees', PROSE, ids=['%s: %s' % (row[0], row[1]) for row in PROSE])
def test_every_prose_quote_of_the_retry_policy_says_its_figures(path, pattern, agrees):
    text = ' '.join((ROOT / path).read_text(encoding='utf-8').split())
    quotes = re.findall(pattern, text)
    assert quotes, '%s no longer says %r: update this table to what it says now, or drop the row' % (path, pattern)
    wrong = [quote for quote in quotes if not agrees(quote)]
    assert not wrong, '%s quotes the retry policy as %s; plugins/module_utils/api/retries.py says retries=%d, delays %s, ' \
        'budget %d s, warning from %d retries' % (path, wrong, DEFAULT.retries, DEFAULT.delay_ranges(),
                                                  DEFAULT.total_seconds, retries.WARN_THRESHOLD)


def test_a_wrong_figure_in_prose_is_caught():
    pattern, agrees = PROSE[0][1], PROSE[0][2]
    (quote,) = re.findall(pattern, 'jittered exponential backoff bounded to 5 retries and 30 seconds.')
    assert not agrees(quote)
