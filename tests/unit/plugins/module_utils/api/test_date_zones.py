# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every date filter the collection sends, against the emulated account under each user time zone.

The emulator's ``user_timezone`` writes the user's dates with their offset and reads filter dates
in their zone (tests/emulator/README.md, "Fidelity"). The dates are summer ones, when US Central is
-05:00. sl_ticket_info's date options must return exactly the tickets their bounds say, and the
event source must report exactly what changed, once, whichever zone the user has.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from ansible_collections.softlayer.support.plugins.plugin_utils import ticket_events as te
from ansible_collections.softlayer.support.plugins.module_utils.sl_ticket_info import query as tq
from ansible_collections.softlayer.support.tests.unit.plugins.emulated_api import services
from ansible_collections.softlayer.support.tests.unit.plugins.emulated_api import emulator_state

# SoftLayer's own (the default), UTC-8, US Central with its summer time, and east of UTC.
ZONES = ['-06:00', '-08:00', 'America/Chicago', '+01:00']
OFFSETS_IN_JULY = {'-06:00': '-06:00', '-08:00': '-08:00', 'America/Chicago': '-05:00', '+01:00': '+01:00'}
SOFTLAYER = timezone(timedelta(hours=-6))
BOUND = datetime(2026, 7, 15, 12, 0, 0, tzinfo=SOFTLAYER)
OPEN = 148350001        # Open, web02 attached
ASSIGNED = 148350002    # Assigned, db01 attached


class EmulatorClock:
    """The emulated account's "now" (what dates its writes get), moved by the test."""

    def __init__(self, start):
        self.now = start

    def iso(self):
        return self.now.astimezone(SOFTLAYER).replace(microsecond=0).isoformat()

    def advance(self, **delta):
        self.now += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch):
    clock = EmulatorClock(BOUND)
    monkeypatch.setattr(emulator_state, 'now_iso', clock.iso)
    return clock


@pytest.fixture(params=ZONES)
def api(request, emulated_api):
    emulated_api.set_policy(user_timezone=request.param)
    emulated_api.zone = request.param
    return emulated_api


def stored(api, table, field):
    """{id: instant} of a date field, from the emulator's own records (the oracle)."""
    return {row['id']: datetime.fromisoformat(row[field]) for row in api.emulator.state.rows(table) if row.get(field)}


# --------------------------------------------------------------------------- sl_ticket_info


@pytest.fixture
def dated_tickets(api):
    """Four tickets around BOUND: 3 hours and 1 second either side."""
    return {seconds: api.add_ticket('Around the bound %+d' % seconds, create_date=(BOUND + timedelta(seconds=seconds)).isoformat())
            for seconds in (-3 * 3600, -1, 1, 3 * 3600)}


def ids(result):
    return sorted(t['id'] for t in result['tickets'])


CASES = {
    'created_after': ({'created_after': '2026-07-15T12:00:00'}, lambda c, m: c > BOUND),
    'created_before': ({'created_before': '2026-07-15T18:00:00Z'}, lambda c, m: c < BOUND),
    'created_between': ({'created_after': '2026-07-15T10:00:00-06:00', 'created_before': '2026-07-15T15:00:00-05:00'},
                        lambda c, m: BOUND - timedelta(hours=2) < c < BOUND + timedelta(hours=2)),
    'modified_after': ({'modified_after': '2026-07-15T19:00:01+01:00'}, lambda c, m: m > BOUND + timedelta(seconds=1)),
}


@pytest.mark.parametrize('case', sorted(CASES))
def test_date_options_return_exactly_the_tickets_in_their_bounds(api, emulated_client, dated_tickets, case):
    params, wanted = CASES[case]
    created, modified = stored(api, 'tickets', 'createDate'), stored(api, 'tickets', 'modifyDate')
    expected = sorted(i for i in created if wanted(created[i], modified.get(i)))
    assert expected, 'the case selects nothing'
    result = tq.run(emulated_client, dict(params, status='all'))
    assert ids(result) == expected
    assert all(t['create_date'].endswith(OFFSETS_IN_JULY[api.zone]) for t in result['tickets'] if t['id'] in dated_tickets.values())


@pytest.mark.parametrize('sort, params, nearest', [
    ('oldest', {'created_after': '2026-07-15T12:00:00'}, 1),
    ('newest', {'created_before': '2026-07-15T12:00:00'}, -1),
])
def test_a_limit_counts_only_tickets_inside_the_bounds(api, emulated_client, dated_tickets, sort, params, nearest):
    result = tq.run(emulated_client, dict(params, status='all', sort=sort, limit=1, page_size=1))
    assert [t['id'] for t in result['tickets']] == [dated_tickets[nearest]]


# --------------------------------------------------------------------------- the event source


def poll(watcher):
    """One poll as the source's loop runs it: the events, with each step applied, then the cursor moved."""
    steps = watcher.poll()
    for step in steps:
        step.apply(watcher.state)
    watcher.finish()
    return [(s.event['type'], s.event['ticket']['id'], (s.event.get('update') or {}).get('entry') or s.event.get('status'))
            for s in steps if s.event]


def test_the_event_source_reports_exactly_what_changed_once(api, emulated_client, clock):
    watcher = te.TicketWatcher(emulated_client, te.parse_args({'username': 'u', 'api_key': 'k'}))
    assert poll(watcher) == []                          # the baseline: nothing old is reported
    clock.advance(minutes=5)
    api.emulator.apply(services.staff_update, ASSIGNED, 'Which maintenance window suits you?')
    assert poll(watcher) == [('staff_update', ASSIGNED, 'Which maintenance window suits you?')]
    assert watcher.state['cursor'].endswith(OFFSETS_IN_JULY[api.zone])
    # One second later: the bug this guards against put the next poll's bound hours after the cursor.
    clock.advance(seconds=1)
    api.emulator.apply(services.set_status, OPEN, 'Closed')
    assert poll(watcher) == [('status_change', OPEN, 'Closed')]
    assert poll(watcher) == []                          # idle: what was read again is known
    clock.advance(minutes=30)
    new = api.add_ticket('Disk failure on db02', hardware=('db02',))
    api.emulator.apply(services.staff_update, new, 'We are replacing the disk.')
    clock.advance(hours=2)
    api.emulator.apply(services.staff_update, ASSIGNED, 'The window is confirmed.')
    assert poll(watcher) == [('new_ticket', new, None), ('staff_update', new, 'We are replacing the disk.'),
                             ('staff_update', ASSIGNED, 'The window is confirmed.')]
    clock.advance(hours=30)
    assert poll(watcher) == []
