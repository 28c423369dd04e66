#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""API calls of the sl_ticket_events source and of sl_ticket_info summary on the generated 10,000-ticket account.

Run with the tool venv after scripts/lib.sh's bootstrap (the collection on ANSIBLE_COLLECTIONS_PATH):

    python benchmarks/ticket_events_calls.py [--tickets 10000] [--devices 1000] [--user-timezone=-06:00]

Generates the account (``python -m sl_emulator generate``), starts the emulator on it, and
drives the event source's own loop (ticket_events.run) poll by poll, changing the account
between polls through the admin API: nothing (idle), one staff update, 150 staff updates and
status changes (more than one page), with the cursor's second settling after 3 s instead of
60 s so that both kinds of idle poll show. Calls and response bytes per poll come from the
emulator's call log. Prints a Markdown table; with ``--record`` also writes the rows and the
cursor after each poll to docs/data/events.json, the data the docs site draws the cursor from;
with another ``--user-timezone`` than SoftLayer's (``--user-timezone=+01:00 --record``), to
docs/data/events-user-timezone.json: what the polls cost for a user whose zone is not the one
the server reads filter dates in.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..'))
sys.path.insert(0, os.path.join(ROOT, 'tests', 'emulator'))
sys.path.insert(0, os.path.join(ROOT, '.build', 'collections'))

# pylint: disable=wrong-import-position
from sl_emulator import seed_credentials  # noqa: E402
from sl_emulator.process import EmulatorProcess  # noqa: E402

from ansible_collections.softlayer.support.plugins.plugin_utils import ticket_events  # noqa: E402
from ansible_collections.softlayer.support.plugins.module_utils.sl_ticket_info import query as ticket_query  # noqa: E402
from ansible_collections.softlayer.support.plugins.module_utils.api.client import SoftLayerClient  # noqa: E402
from ansible_collections.softlayer.support.plugins.module_utils.api.dates import read_api_date  # noqa: E402

# The seeded demo user (the emulator's seed is the one place its key is written).
DEMO_USER = seed_credentials()[0]
USERNAME, API_KEY = DEMO_USER['username'], DEMO_USER['api_key']


class Sink:
    def __init__(self):
        self.events = []

    async def put(self, event):
        self.events.append(event)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--tickets', type=int, default=10000)
    parser.add_argument('--devices', type=int, default=1000)
    parser.add_argument('--user-timezone', default=SOFTLAYER_ZONE, help="the emulator's user_timezone (the API user's own zone)")
    parser.add_argument('--record', action='store_true', help='also write the figures to %s (%s with another '
                        '--user-timezone)' % (RECORDED, RECORDED_OTHER_ZONE))
    options = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix='sl-events-bench-')
    seed = os.path.join(workdir, 'account.json')
    subprocess.run([sys.executable, '-m', 'sl_emulator', 'generate', '--tickets', str(options.tickets),
                    '--devices', str(options.devices), '-o', seed], check=True,
                   env=dict(os.environ, PYTHONPATH=os.path.join(ROOT, 'tests', 'emulator')))
    emulator = EmulatorProcess(workdir, '--seed-file', seed, '--rate-limit', '0', '--user-timezone=' + options.user_timezone,
                               persist=False).start()
    try:
        rows, cursors, counts = measure(emulator, os.path.join(workdir, 'events-state.json'))
    finally:
        emulator.stop()
    if options.record:
        write_record(options, rows, cursors, counts)
    print('| poll | what changed since the last poll | API calls | events | response bytes | seconds |')
    print('|---|---|---|---|---|---|')
    for row in rows:
        print('| %s | %s | %d | %d | %d | %.2f |' % row)


RECORDED = os.path.join(ROOT, 'docs', 'data', 'events.json')
RECORDED_OTHER_ZONE = os.path.join(ROOT, 'docs', 'data', 'events-user-timezone.json')
SOFTLAYER_ZONE = '-06:00'


def write_record(options, rows, cursors, counts):
    keys = ('poll', 'change', 'calls', 'events', 'response_bytes', 'seconds')
    data = {'date': time.strftime('%Y-%m-%d'), 'tickets': counts['tickets'], 'open': counts['open'],
            'devices': options.devices, 'user_timezone': options.user_timezone, 'softlayer_timezone': SOFTLAYER_ZONE,
            'burst': BURST,
            'settle_seconds': ticket_events.SETTLE_SECONDS, 'default_settle_seconds': DEFAULT_SETTLE_SECONDS,
            'polls': [dict(zip(keys, row), **cursor) for row, cursor in zip(rows, cursors)],
            'summary': dict(zip(keys, rows[-1]))}
    path = RECORDED if options.user_timezone == SOFTLAYER_ZONE else RECORDED_OTHER_ZONE
    with open(path, 'w', encoding='utf-8') as handle:
        json.dump(data, handle, indent=1, sort_keys=True)
        handle.write('\n')
    print('recorded %s' % os.path.relpath(path, ROOT), file=sys.stderr)


DEFAULT_SETTLE_SECONDS = ticket_events.SETTLE_SECONDS


def saved_cursor(state_file, began):
    """The cursor in the state saved after a poll (where the next poll starts reading), against the wall clock."""
    with open(state_file, encoding='utf-8') as handle:
        cursor = json.load(handle)['cursor']
    return {'at_s': round(time.time() - began, 2), 'cursor': cursor,
            'cursor_s': round(read_api_date(cursor).timestamp() - began, 2)}


# The burst of changes between two polls: more than one page of changed tickets.
BURST, BURST_CLOSED = 150, 50


def measure(emulator, state_file):
    state = emulator.state()
    open_ids = [t['id'] for t in state['tickets'] if t['statusId'] in (1001, 1004)]
    print('account: %d tickets, %d open or assigned' % (len(state['tickets']), len(open_ids)), file=sys.stderr)
    account = {'tickets': len(state['tickets']), 'open': len(open_ids)}
    plan = [
        ('baseline (first poll, no state file)', None),
        ('nothing (idle)', None),
        ('nothing (idle)', None),
        ('1 staff update', lambda: emulator.admin('staff_update', {'ticket_id': open_ids[0], 'entry': 'Window?'})),
        ('nothing (idle)', None),
        ('%d staff updates, %d of those tickets closed' % (BURST, BURST_CLOSED), lambda: [
            emulator.admin('staff_update', {'ticket_id': i, 'entry': 'Disk replaced.'}) for i in open_ids[1:BURST + 1]] + [
            emulator.admin('ticket_status', {'ticket_id': i, 'status': 'Closed'}) for i in open_ids[1:BURST_CLOSED + 1]]),
        ('nothing (idle, the last change less than 3 s ago)', None),
        ('nothing (idle)', None),
        ('nothing (idle)', None),
        ('nothing (idle)', None),
    ]
    # Settle seconds after 3 s instead of 60, so the run shows both kinds of idle poll.
    ticket_events.SETTLE_SECONDS = 3
    rows = []
    sink = Sink()
    marks = {'seq': 0, 'events': 0, 'started': time.monotonic()}
    began = time.time()
    cursors = []

    def close_row(index):
        calls = [c for c in emulator.calls() if c['seq'] > marks['seq'] and c['service'] == 'SoftLayer_Account']
        rows.append((index + 1, plan[index][0], len(calls), len(sink.events) - marks['events'],
                     sum(c.get('response_bytes') or 0 for c in calls), time.monotonic() - marks['started']))

    async def between_polls(_seconds):
        index = len(rows)
        close_row(index)
        cursors.append(saved_cursor(state_file, began))
        calls = emulator.calls()
        marks.update(seq=calls[-1]['seq'] if calls else 0, events=len(sink.events))
        if index + 1 < len(plan) and plan[index + 1][1]:
            plan[index + 1][1]()
        await asyncio.sleep(1.05)   # the next change lands in a later second than the cursor
        marks['started'] = time.monotonic()

    args = {'username': USERNAME, 'api_key': API_KEY, 'endpoint_url': emulator.endpoint('xmlrpc'), 'interval': 1,
            'state_file': state_file}
    asyncio.run(ticket_events.run(sink, args, polls=len(plan), sleep=between_polls))
    close_row(len(rows))
    cursors.append(saved_cursor(state_file, began))
    client = SoftLayerClient.from_params(args)
    before = emulator.calls()[-1]['seq']
    started = time.monotonic()
    counts = ticket_query.run(client, {'summary': True})['summary']
    calls = [c for c in emulator.calls() if c['seq'] > before]
    rows.append(('-', 'sl_ticket_info summary: %s' % counts, len(calls), 0,
                 sum(c.get('response_bytes') or 0 for c in calls), time.monotonic() - started))
    return rows, cursors, account


if __name__ == '__main__':
    main()
