# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The retry timeline of one call to an API that never answers, from the collection's RetryPolicy itself.

Runs RetryPolicy.run on a fake clock: every send waits the whole ``timeout`` and fails, and
each delay is the shortest or the longest the policy may draw. What it writes (the sends, the
sleeps, the end, and RetryPolicy.hung_call_bound) is docs/data/retry-timeline.json, the data
the docs site draws the retry timeline from; the docs build recomputes it and fails when the
committed file no longer matches the policy.

    python -m benchmarks.retry_timeline [--record]
"""

from __future__ import annotations

import argparse
import json
import os
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..'))
RECORDED = os.path.join(ROOT, 'docs', 'data', 'retry-timeline.json')
TIMEOUTS = (2, 60)   # the system tests' hung read, and the modules' default timeout


def retries_module():
    """plugins/module_utils/api/retries.py, imported through the staged collection or the source tree."""
    sys.path.insert(0, os.path.join(ROOT, '.build', 'collections'))
    from ansible_collections.softlayer.support.plugins.module_utils.api import retries  # pylint: disable=import-outside-toplevel
    return retries


class _Hung(Exception):
    pass


def timeline(timeout, longest):
    """The sends and sleeps of one hung call: [{'kind': 'send'|'sleep', 'start': s, 'end': s}, ...] and the end."""
    retries = retries_module()
    now = [0.0]
    spans = []

    class Policy(retries.RetryPolicy):
        def backoff(self):
            for shortest, longest_delay in self.delay_ranges():
                yield longest_delay if longest else shortest

    def sleep(seconds):
        spans.append({'kind': 'sleep', 'start': now[0], 'end': now[0] + seconds})
        now[0] += seconds

    def send():
        spans.append({'kind': 'send', 'start': now[0], 'end': now[0] + timeout})
        now[0] += timeout
        raise _Hung()

    policy = Policy(clock=lambda: now[0], sleep=sleep)
    try:
        policy.run(send, lambda error: isinstance(error, _Hung))
    except _Hung:
        pass
    return {'timeout': timeout, 'delays': 'longest' if longest else 'shortest', 'spans': spans, 'end': now[0],
            'bound': policy.hung_call_bound(timeout)}


def document():
    retries = retries_module()
    return {'policy': {'retries': retries.RETRIES, 'delay_base': retries.DELAY_BASE,
                       'delay_threshold': retries.DELAY_THRESHOLD, 'total_seconds': retries.TOTAL_SECONDS,
                       'warn_threshold': retries.WARN_THRESHOLD},
            'timelines': [timeline(timeout, longest) for timeout in TIMEOUTS for longest in (False, True)]}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--record', action='store_true', help='write %s' % os.path.relpath(RECORDED, ROOT))
    options = parser.parse_args(argv)
    data = document()
    for item in data['timelines']:
        print('timeout %3d s, %s delays: %d sends, ends at %.1f s (bound %d s)' % (
            item['timeout'], item['delays'], sum(1 for s in item['spans'] if s['kind'] == 'send'), item['end'],
            item['bound']))
    if options.record:
        with open(RECORDED, 'w', encoding='utf-8') as handle:
            json.dump(data, handle, indent=1, sort_keys=True)
            handle.write('\n')
    return 0


if __name__ == '__main__':
    sys.exit(main())
