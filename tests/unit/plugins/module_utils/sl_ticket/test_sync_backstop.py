# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""sl_ticket's backstop for several controllers: runs that opened one ticket each end on the oldest.

The rules (which twin is the oldest, the note) are tested in tickets/test_duplicate_tickets.py.
The account is the API emulator's seed (tests/emulator/sl_emulator/data/seed.json), in-process;
the fixtures are in conftest.py.
"""

from __future__ import annotations

import threading

import pytest

from ansible_collections.softlayer.support.plugins.module_utils.api.client import SoftLayerClient
from ansible_collections.softlayer.support.plugins.module_utils.api.retries import RetryPolicy
from ansible_collections.softlayer.support.plugins.module_utils.api.errors import InvalidInputError, SoftLayerSupportError
from ansible_collections.softlayer.support.plugins.module_utils.tickets.duplicates import duplicate_note, is_duplicate
from ansible_collections.softlayer.support.plugins.module_utils.tickets.identity import body_with_marker, creation_token, identity_marker
from ansible_collections.softlayer.support.plugins.module_utils.sl_ticket.backstop import older_twin
from ansible_collections.softlayer.support.plugins.module_utils.sl_ticket.request import TicketRequest
from ansible_collections.softlayer.support.plugins.module_utils.sl_ticket.sync import sync_ticket
from ansible_collections.softlayer.support.tests.unit.plugins.module_utils.sl_ticket.sync_harness import API_KEY, CREATE, WEB01, methods

TITLE = CREATE['title']
REPORT = dict(CREATE, update='SMART: sda FAILED')


def twin_body(nonce='0123456789ab'):
    return body_with_marker('Disk 0 failed.', creation_token(identity_marker(TITLE), nonce))


def handover_writes(writes):
    """The writes of a run that handed over: its ticket; its evidence and device beside the search for a twin
    (at once, so in either order); the note on its own ticket; then the older ticket's, at once."""
    evidence = ['addAttachedHardware', 'addUpdate']
    assert writes[0] == 'createStandardTicket' and sorted(writes[1:3]) == evidence, writes
    assert writes[3] == 'addUpdate' and sorted(writes[4:]) == evidence, writes
    return True


def open_twin_during_create(api, create_date):
    """Another controller's run opens a ticket for the same identity while this run opens its own."""
    twin = {}

    def open_twin(call):
        twin['id'] = api.add_ticket(TITLE, entries=(twin_body(),), create_date=create_date)
    api.on('createStandardTicket', open_twin)
    return twin


def test_a_twin_opened_earlier_at_the_same_time_gets_this_runs_evidence(sync, api):
    twin = open_twin_during_create(api, create_date='2026-01-01T09:59:59-06:00')
    result = sync(**REPORT)
    older, own = twin['id'], max(api.new_tickets())
    assert own != older
    assert result['ticket']['id'] == older and result['duplicate_ticket_id'] == own
    assert result['created'] is False and result['changed'] is True
    assert result['updates_added'] == ['SMART: sda FAILED']
    assert [d['id'] for d in result['devices_attached']] == [WEB01]
    assert any('another run opened ticket %s' % older in w and 'lock_dir' in w for w in result['warnings'])
    # The older ticket has the evidence. The own ticket got it too, in the round trip of the search that
    # found the twin, and then the note sending staff to the older one: the note comes last.
    assert api.hardware_ids(older) == [WEB01]
    assert api.entries(older)[1:] == ['SMART: sda FAILED']
    assert api.hardware_ids(own) == [WEB01]
    assert api.entries(own)[1:] == ['SMART: sda FAILED', duplicate_note(api.ticket(older))]
    assert handover_writes(api.writes())


def test_a_later_run_uses_the_older_ticket_only(sync, api):
    twin = open_twin_during_create(api, create_date='2026-01-01T09:59:59-06:00')
    sync(**REPORT)
    before = len(api.writes())
    again = sync(**dict(REPORT, update='SMART: sdb FAILED'))
    # The duplicate is the newer ticket and would win "newest first" if it still matched.
    assert again['ticket']['id'] == twin['id'] and again['created'] is False
    assert 'duplicate_ticket_id' not in again and again['warnings'] == []
    assert api.writes()[before:] == ['addUpdate']


def test_a_twin_opened_later_leaves_this_run_on_its_own_ticket(sync, api):
    # Opened right after this run's ticket: created now, with a higher id.
    api.on('createStandardTicket', lambda call: api.add_ticket(TITLE, entries=(twin_body(),)), when='after')
    result = sync(**REPORT)
    assert result['created'] is True and 'duplicate_ticket_id' not in result
    assert result['ticket']['id'] == min(api.new_tickets()) and len(api.new_tickets()) == 2
    # The device and the update go out at once (beside the search for a twin), so in either order.
    writes = api.writes()
    assert writes[0] == 'createStandardTicket' and sorted(writes[1:]) == ['addAttachedHardware', 'addUpdate'], writes


@pytest.mark.parametrize('extra', [{'match': ['title', 'devices']}, {'match': ['none']}], ids=['devices', 'none'])
def test_no_backstop_where_a_twin_cannot_be_told_apart(sync, api, extra):
    open_twin_during_create(api, create_date='2026-01-01T09:59:59-06:00')
    result = sync(**dict(REPORT, **extra))
    assert result['created'] is True and 'duplicate_ticket_id' not in result
    assert not any(is_duplicate(api.ticket(t)) for t in api.new_tickets())


def test_lock_dir_must_be_a_directory(sync, api, tmp_path):
    with pytest.raises(InvalidInputError) as caught:
        sync(lock_dir=str(tmp_path / 'missing'), **REPORT)
    assert caught.value.option == 'lock_dir' and 'missing' in str(caught.value)
    assert api.writes() == []


def test_controllers_without_a_shared_lock_end_on_one_ticket(api, tmp_path):
    """Four runs with a lock directory each, opening at the same time: every one returns the oldest ticket."""
    api.delay('createStandardTicket', 0.1)
    results, errors = {}, []
    start = threading.Barrier(4)

    def one_run(number):
        lock_dir = tmp_path / str(number)
        lock_dir.mkdir()
        client = SoftLayerClient(api.sdk, secrets=[API_KEY], retry_policy=RetryPolicy(retries=0), timeout=5)
        start.wait(5)
        try:
            results[number] = sync_ticket(client, dict(REPORT, update='evidence of run %d' % number),
                                          lock_dir=str(lock_dir))
        except Exception as error:  # pylint: disable=broad-except
            errors.append(error)

    threads = [threading.Thread(target=one_run, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    oldest = min(api.new_tickets())
    assert len(api.new_tickets()) > 1  # the runs did race
    assert {r['ticket']['id'] for r in results.values()} == {oldest}
    for ticket_id in api.new_tickets():
        raw = api.ticket(ticket_id)
        if ticket_id == oldest:
            assert not is_duplicate(raw) and raw['attachedHardware'][0]['id'] == WEB01
            assert sorted(u['entry'] for u in raw['updates'][1:]) == ['evidence of run %d' % n for n in range(4)]
        else:
            # Its own evidence went out beside the search for a twin; the note, last, sends staff to the oldest.
            entries = [u['entry'] for u in raw['updates']][1:]
            assert len(entries) == 2 and entries[0].startswith('evidence of run ')
            assert entries[1] == duplicate_note(api.ticket(oldest))
            assert is_duplicate(raw) and [d['id'] for d in raw['attachedHardware']] == [WEB01]


def test_a_device_another_run_attached_meanwhile_is_not_an_error(sync, api):
    """The twin's run attaches the server between this run's read and its own attach."""
    twin = open_twin_during_create(api, create_date='2026-01-01T09:59:59-06:00')

    def attach_after_the_other_run(call):
        assert call['id'] == twin['id']
        api.attach(twin['id'], 'web01')  # the other run was quicker
    # The first attach goes to this run's own ticket, beside the search for a twin; the second to the twin.
    api.on('addAttachedHardware', attach_after_the_other_run, nth=2)
    result = sync(**REPORT)
    assert result['ticket']['id'] == twin['id'] and result['devices_attached'] == []
    assert [d['id'] for d in result['ticket']['attached_hardware']] == [WEB01]
    assert api.hardware_ids(twin['id']) == [WEB01]
    assert result['updates_added'] == ['SMART: sda FAILED']


def test_a_refused_attach_of_a_device_that_is_not_there_still_fails(sync, api):
    api.refuse('addAttachedHardware', 'Hardware is not valid.')
    with pytest.raises(SoftLayerSupportError) as caught:
        sync(**REPORT)
    assert 'Hardware is not valid.' in str(caught.value)


def test_twins_that_concurrent_runs_opened_resolve_to_the_oldest_before_either_is_marked(sync, api):
    # Two controllers opened one ticket each a moment ago; neither has marked its own as a duplicate yet.
    # A third run must pick the one both hand over to (the oldest), not the newest.
    marker = identity_marker(CREATE['title'])
    body = 'Disk 0 failed.\n\nAnsible softlayer.support.sl_ticket reference: %s.%s'
    old = api.add_ticket(CREATE['title'], entries=(body % (marker, 'a' * 12),), hardware=['web01'],
                         create_date='2026-01-01T10:00:00-06:00')
    new = api.add_ticket(CREATE['title'], entries=(body % (marker, 'b' * 12),), hardware=['web01'],
                         create_date='2026-01-01T10:00:03-06:00')
    result = sync(update='SMART: 12 reallocated sectors', **CREATE)
    assert result['ticket']['id'] == old and result['created'] is False
    assert api.entries(old)[-1] == 'SMART: 12 reallocated sectors'
    assert len(api.entries(new)) == 1


def test_a_lost_answer_to_the_duplicate_note_is_not_posted_again(sync, api):
    twin = open_twin_during_create(api, create_date='2026-01-01T09:59:59-06:00')
    # The first update this run posts is its evidence, beside the search for a twin; the second the note.
    api.on('addUpdate', lambda call: api.lose('addUpdate'), when='after')
    result = sync(**REPORT)
    own = result['duplicate_ticket_id']
    assert result['ticket']['id'] == twin['id']
    assert any('"mark ticket %s as a duplicate" was lost, but the change is on the ticket' % own in w
               for w in result['warnings'])
    assert api.entries(own)[1:] == ['SMART: sda FAILED', duplicate_note(api.ticket(twin['id']))]
    assert handover_writes(api.writes())


def test_check_mode_opens_nothing_so_it_has_no_twin_to_look_for(sync, api):
    open_twin_during_create(api, create_date='2026-01-01T09:59:59-06:00')
    result = sync(check_mode=True, **REPORT)
    assert result['created'] is True and 'duplicate_ticket_id' not in result
    assert methods(api.sdk).count('getTickets') == 2  # the finding's two searches; no second look


@pytest.mark.parametrize('own, params, searched', [
    ({'id': 12, 'createDate': '2026-01-01T10:00:05-06:00'}, {}, True),
    ({'id': None, 'createDate': None}, {}, False),  # check mode's prediction: opened nowhere
    ({'id': 12, 'createDate': '2026-01-01T10:00:05-06:00'}, {'match': ['title', 'devices']}, False),
    ({'id': 12, 'createDate': '2026-01-01T10:00:05-06:00'}, {'match': ['none']}, False),
], ids=['opened', 'predicted', 'match devices', 'match none'])
def test_older_twin_searches_only_where_a_twin_could_be_told_apart_and_older(own, params, searched):
    older = {'id': 11, 'createDate': '2026-01-01T10:00:03-06:00'}
    searches = []

    def search():
        searches.append(1)
        return [own, older]
    found = older_twin(TicketRequest(dict(REPORT, **params)), own, search)
    assert (found, searches) == ((older, [1]) if searched else (None, []))
