# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The round trips of each sl_ticket operation, pinned: a change that adds one fails here.

A round trip is one call, or one batch of calls made at once (tests/unit/plugins/round_trips.py).
"Cold" is a controller that never ran the module against the account; "warm" one whose earlier
run learnt the subjects, the API user and the device (sl_ticket/lookup_cache.py).
"""

from __future__ import annotations

import threading

import pytest

from ansible_collections.softlayer.support.plugins.module_utils.sl_ticket.lookup_cache import LookupCache, cache_path
from ansible_collections.softlayer.support.tests.unit.plugins.module_utils.sl_ticket.sync_harness import WEB01, WEB02
from ansible_collections.softlayer.support.tests.unit.plugins.round_trips import RoundTrips

OPEN = {'title': 'Disk failure on web01', 'subject': 'Hardware Issue', 'body': 'Disk 0 failed.', 'hardware': ['web01']}
EVIDENCE = 'SMART: sda reallocated sectors 12'
SEARCH = ['getTickets', 'getTickets']


@pytest.fixture
def trips(monkeypatch, api):
    return RoundTrips(monkeypatch, api.sdk)


@pytest.fixture
def cache(tmp_path):
    return LookupCache(cache_path(str(tmp_path), 'endpoint', 'user'))


def rename(state, server_id, hostname):
    state.change('hardware', state.get('hardware', server_id), hostname=hostname)


def warm_up(sync, cache):
    """An earlier run on this controller: it opened another ticket for the same server."""
    sync(cache=cache, **dict(OPEN, title='An earlier failure'))


def test_opening_cold_is_four_round_trips(sync, trips):
    sync(**OPEN)
    assert trips.batches() == [
        SEARCH,
        ['getAllObjects', 'getCurrentUser', 'getHardware'],
        ['createStandardTicket'],
        ['addAttachedHardware', 'getTickets'],  # the attachment beside the backstop's search for a twin
    ]
    trips.assert_recorded('open')


def test_opening_cold_with_evidence_is_still_four_round_trips(sync, trips):
    sync(update=EVIDENCE, **OPEN)
    assert trips.count() == (9, 4)
    assert trips.batches()[-1] == ['addAttachedHardware', 'addUpdate', 'getTickets']
    trips.assert_recorded('open_cold')


def test_opening_warm_with_evidence_is_three_round_trips(sync, trips, cache):
    warm_up(sync, cache)
    since = trips.mark()
    result = sync(update=EVIDENCE, cache=cache, **OPEN)
    assert result['created'] is True and result['updates_added'] == [EVIDENCE]
    assert [d['id'] for d in result['devices_attached']] == [WEB01]
    assert trips.batches(since) == [
        SEARCH,
        ['createStandardTicket', 'getHardware'],  # the hinted device confirmed beside the creation
        ['addAttachedHardware', 'addUpdate', 'getTickets'],
    ]
    trips.assert_recorded('open_warm', since)


def test_a_re_run_with_nothing_to_do_is_two_calls_in_one_round_trip(sync, trips, cache):
    sync(cache=cache, **OPEN)
    since = trips.mark()
    sync(cache=cache, **OPEN)
    assert trips.count(since) == (2, 1)
    trips.assert_recorded('rerun', since)


def test_adding_evidence_is_three_calls_in_two_round_trips(sync, trips):
    sync(**OPEN)
    since = trips.mark()
    sync(update=EVIDENCE, **OPEN)
    assert trips.batches(since) == [SEARCH, ['addUpdate']]
    trips.assert_recorded('evidence', since)


def test_a_device_renamed_since_the_earlier_run_is_attached_as_the_reference_names_it_now(sync, api, cache):
    warm_up(sync, cache)
    # web01 is retired and its name given to the server that was web02.
    api.emulator.apply(lambda state: (rename(state, WEB01, 'old-web01'), rename(state, WEB02, 'web01')))
    result = sync(cache=cache, **OPEN)
    assert [d['id'] for d in result['devices_attached']] == [WEB02]
    assert api.hardware_ids(result['ticket']['id']) == [WEB02]


def test_a_hinted_device_that_is_gone_fails_naming_the_ticket_opened_without_it(sync, api, cache):
    warm_up(sync, cache)
    api.emulator.apply(lambda state: rename(state, WEB01, 'old-web01'))
    with pytest.raises(Exception) as caught:
        sync(cache=cache, **OPEN)
    opened = max(api.new_tickets())
    assert 'Ticket %s was opened without it' % opened in str(caught.value)
    assert api.hardware_ids(opened) == []


def test_check_mode_predicts_the_warm_run_and_saves_nothing(sync, api, tmp_path):
    path = cache_path(str(tmp_path), 'endpoint', 'user')
    sync(check_mode=True, cache=LookupCache(path), **OPEN)
    assert api.writes() == []
    assert LookupCache(path).entries == {}


# -- removing devices, priority, final comments (issue 22): one read, then the writes at once ------

def test_exact_devices_with_a_new_priority_and_evidence_is_three_round_trips_and_a_re_run_one_call(sync, api, trips):
    ticket_id = api.add_ticket('t', hardware=['web01'])
    wanted = dict(ticket_id=ticket_id, hardware=['web02'], devices_state='exact', priority=2, update_priority=True,
                  update=EVIDENCE)
    sync(**wanted)
    assert trips.batches() == [
        ['getObject'],
        ['getHardware'],  # web02 is looked up; web01 is removed by the id read with the ticket
        ['addAttachedHardware', 'addUpdate', 'edit', 'removeAttachedHardware'],
    ]
    since = trips.mark()
    sync(**wanted)
    assert trips.count(since) == (1, 1)


def test_removing_a_device_is_two_calls_in_two_round_trips(sync, api, trips):
    ticket_id = api.add_ticket('t', hardware=['web01'])
    sync(ticket_id=ticket_id, hardware=['web01'], devices_state='absent')
    assert trips.batches() == [['getObject'], ['removeAttachedHardware']]


def test_final_comments_are_two_calls_in_two_round_trips_and_a_re_run_one_call(sync, api, trips):
    ticket_id = api.add_ticket('t', status='Closed')
    sync(ticket_id=ticket_id, final_comments='Thanks.')
    assert trips.batches() == [['getObject'], ['addFinalComments']]
    since = trips.mark()
    sync(ticket_id=ticket_id, final_comments='Thanks.')
    assert trips.count(since) == (1, 1)


# -- connections: the widest batch's open beside the search (api/connections.py) --------------------

def opened_early(client):
    """Count the connections ``client`` opens early; ``wait(n)`` gives the count once n opened (or after 5 s)."""
    opened = threading.Semaphore(0)
    client.open_connection = opened.release
    return lambda count: sum(opened.acquire(timeout=5 if n < count else 0.2) for n in range(count + 1))


def test_an_opening_has_its_widest_batch_s_connections_opened_beside_its_search(sync, emulated_client):
    wait = opened_early(emulated_client)
    sync(update=EVIDENCE, **OPEN)
    # Widest: the look-ups (subjects, owner, server) and the writes beside the twin search, 3 each;
    # the search's own 2 calls open 2, so 1 is opened early, and none after.
    assert wait(1) == 1
    assert emulated_client.connections == 3


def test_a_request_that_cannot_open_a_ticket_opens_no_connection_early(sync, api, emulated_client):
    ticket_id = api.add_ticket('t', hardware=['web01'])
    wait = opened_early(emulated_client)
    sync(ticket_id=ticket_id, update=EVIDENCE, hardware=['web01', 'web02'])
    assert wait(0) == 0
