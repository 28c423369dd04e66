# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""sl_ticket removes devices (devices_state), changes an open ticket's priority and adds final comments once.

The account is the API emulator's seed (tests/emulator/sl_emulator/data/seed.json), in-process;
the fixtures are in conftest.py.
"""

from __future__ import annotations

import pytest

from ansible_collections.softlayer.support.plugins.module_utils.api.errors import InvalidInputError, SoftLayerSupportError
from ansible_collections.softlayer.support.tests.unit.plugins.module_utils.sl_ticket.sync_harness import (
    APP01, CREATE, WEB01, WEB02, methods)

CLOSING = 'Resolved by replacing the disk.'


def set_final_comments(api, ticket_id, text):
    api.emulator.apply(lambda state: state.change('tickets', state.get('tickets', ticket_id), finalComments=text))


def stored(api, ticket_id, name):
    """A local property of the ticket as the emulator stores it."""
    return api.emulator.state.get('tickets', ticket_id)[name]


def guest_ids(api, ticket_id):
    return [d['id'] for d in api.ticket(ticket_id).get('attachedVirtualGuests', [])]


# -- devices_state ------------------------------------------------------------------------------

def test_absent_removes_the_listed_attached_device_by_its_id_without_a_lookup(sync, api):
    ticket_id = api.add_ticket('t', hardware=['web01', 'web02'])
    result = sync(ticket_id=ticket_id, hardware=['web01.example.com', 'db09'], devices_state='absent')
    assert result['changed'] is True
    assert [(d['type'], d['id']) for d in result['devices_detached']] == [('hardware', WEB01)]
    assert api.hardware_ids(ticket_id) == [WEB02]
    assert [c['args'] for c in api.sdk.calls if c['method'] == 'removeAttachedHardware'] == [(WEB01,)]
    assert methods(api.sdk) == ['getObject', 'removeAttachedHardware']
    assert [d['id'] for d in result['ticket']['attached_hardware']] == [WEB02]


def test_absent_on_a_re_run_changes_nothing_in_one_call(sync, api):
    ticket_id = api.add_ticket('t', hardware=['web01'])
    sync(ticket_id=ticket_id, hardware=['web01'], devices_state='absent')
    since = len(api.sdk.calls)
    again = sync(ticket_id=ticket_id, hardware=['web01'], devices_state='absent')
    assert again['changed'] is False and again['devices_detached'] == []
    assert methods(api.sdk, since) == ['getObject']


def test_exact_attaches_the_listed_and_removes_the_others_of_the_kinds_given(sync, api):
    ticket_id = api.add_ticket('t', hardware=['web01'], guests=['app01'])
    result = sync(ticket_id=ticket_id, hardware=['web02'], devices_state='exact')
    assert [d['id'] for d in result['devices_attached']] == [WEB02]
    assert [d['id'] for d in result['devices_detached']] == [WEB01]
    assert api.hardware_ids(ticket_id) == [WEB02]
    assert guest_ids(api, ticket_id) == [APP01]  # virtual_guests not set: left as they are
    assert sync(ticket_id=ticket_id, hardware=['web02'], devices_state='exact')['changed'] is False


def test_exact_with_an_empty_list_removes_every_device_of_that_kind(sync, api):
    ticket_id = api.add_ticket('t', hardware=['web01'], guests=['app01'])
    result = sync(ticket_id=ticket_id, virtual_guests=[], devices_state='exact')
    assert [(d['type'], d['id']) for d in result['devices_detached']] == [('virtual_guest', APP01)]
    assert guest_ids(api, ticket_id) == [] and api.hardware_ids(ticket_id) == [WEB01]


def test_present_never_removes_a_device(sync, api):
    ticket_id = api.add_ticket('t', hardware=['web01'])
    result = sync(ticket_id=ticket_id, hardware=['web02'])
    assert result['devices_detached'] == [] and sorted(api.hardware_ids(ticket_id)) == [WEB01, WEB02]


def test_absent_on_a_new_ticket_attaches_nothing(sync, api):
    result = sync(devices_state='absent', **CREATE)
    assert result['created'] is True and result['devices_attached'] == []
    assert 'addAttachedHardware' not in api.writes() and 'getHardware' not in methods(api.sdk)


def test_check_mode_predicts_the_removals_exactly(sync, api):
    ticket_id = api.add_ticket('t', hardware=['web01', 'web02'])
    wanted = dict(ticket_id=ticket_id, hardware=['web02'], devices_state='exact')
    predicted = sync(check_mode=True, **wanted)
    assert api.writes() == []
    real = sync(**wanted)
    for key in ('changed', 'devices_attached', 'devices_detached'):
        assert predicted[key] == real[key], key
    assert predicted['ticket']['attached_hardware'] == real['ticket']['attached_hardware']


def test_lost_removal_response_is_not_sent_again(sync, api):
    ticket_id = api.add_ticket('t', hardware=['web01'])
    api.lose('removeAttachedHardware')
    result = sync(ticket_id=ticket_id, hardware=['web01'], devices_state='absent')
    assert [d['id'] for d in result['devices_detached']] == [WEB01]
    assert any('was lost, but the change is on the ticket' in w for w in result['warnings'])
    assert api.writes() == ['removeAttachedHardware'] and api.hardware_ids(ticket_id) == []


def test_removal_that_did_not_land_is_sent_once_more(sync, api):
    ticket_id = api.add_ticket('t', hardware=['web01'])
    api.lose('removeAttachedHardware', landed=False)
    sync(ticket_id=ticket_id, hardware=['web01'], devices_state='absent')
    assert api.writes() == ['removeAttachedHardware'] * 2 and api.hardware_ids(ticket_id) == []


def test_removal_on_a_closed_ticket_is_refused_before_any_write(sync, api):
    ticket_id = api.add_ticket('t', status='Closed', hardware=['web01'])
    with pytest.raises(InvalidInputError, match='removing devices web01.example.com'):
        sync(ticket_id=ticket_id, hardware=['web01'], devices_state='absent')
    assert api.writes() == []


def test_match_devices_with_absent_is_refused(sync, api):
    with pytest.raises(InvalidInputError) as caught:
        sync(devices_state='absent', match=['devices'], **CREATE)
    assert caught.value.option == 'devices_state' and api.sdk.calls == []


# -- priority -----------------------------------------------------------------------------------

def test_update_priority_edits_an_open_ticket_once_with_a_note(sync, api):
    ticket_id = api.add_ticket('t')
    result = sync(ticket_id=ticket_id, priority=2, update_priority=True)
    assert result['changed'] is True and result['priority_changed'] == {'before': 0, 'after': 2}
    edit = [c for c in api.sdk.calls if c['method'] == 'edit'][0]
    assert edit['args'][0] == {'priority': 2, 'subjectId': 1021}
    assert edit['args'][1] == 'Priority changed from none to 2.'
    assert stored(api, ticket_id, 'priority') == 2 and result['ticket']['priority'] == 2
    since = len(api.sdk.calls)
    again = sync(ticket_id=ticket_id, priority=2, update_priority=True)
    assert again['changed'] is False and again['priority_changed'] is None
    assert methods(api.sdk, since) == ['getObject']


def test_priority_is_left_alone_without_update_priority(sync, api):
    ticket_id = api.add_ticket('t')
    assert sync(ticket_id=ticket_id, priority=2)['changed'] is False
    assert api.writes() == []


def test_check_mode_predicts_the_priority_change_and_its_note(sync, api):
    ticket_id = api.add_ticket('t')
    predicted = sync(check_mode=True, ticket_id=ticket_id, priority=1, update_priority=True)
    assert api.writes() == []
    real = sync(ticket_id=ticket_id, priority=1, update_priority=True)
    assert predicted['priority_changed'] == real['priority_changed'] == {'before': 0, 'after': 1}
    for key in ('priority', 'update_count'):
        assert predicted['ticket'][key] == real['ticket'][key], key


@pytest.mark.parametrize('support, message', [
    ('ignored', 'SoftLayer kept priority 0 on ticket'),
    ('refused', 'Priority can only be set on accounts with Advanced or Premium support'),
])
def test_a_support_plan_without_priorities_fails_clearly(sync, api, support, message):
    api.set_policy(priority_support=support)
    ticket_id = api.add_ticket('t')
    with pytest.raises(SoftLayerSupportError, match=message):
        sync(ticket_id=ticket_id, priority=1, update_priority=True)
    assert stored(api, ticket_id, 'priority') == 0 and api.writes() == ['edit']


def test_lost_edit_response_is_not_sent_again(sync, api):
    ticket_id = api.add_ticket('t')
    api.lose('edit')
    result = sync(ticket_id=ticket_id, priority=3, update_priority=True)
    assert result['priority_changed'] == {'before': 0, 'after': 3}
    assert api.writes() == ['edit'] and api.entries(ticket_id).count('Priority changed from none to 3.') == 1


def test_priority_change_on_a_closed_ticket_is_refused_before_any_write(sync, api):
    ticket_id = api.add_ticket('t', status='Closed')
    with pytest.raises(InvalidInputError, match='priority 1'):
        sync(ticket_id=ticket_id, priority=1, update_priority=True)
    assert api.writes() == []


def test_update_priority_without_priority_is_refused(sync, api):
    with pytest.raises(InvalidInputError) as caught:
        sync(ticket_id=1, update_priority=True)
    assert caught.value.option == 'update_priority' and api.sdk.calls == []


# -- final comments -----------------------------------------------------------------------------

def test_final_comments_are_added_once_to_a_closed_ticket(sync, api):
    ticket_id = api.add_ticket('t', status='Closed')
    result = sync(ticket_id=ticket_id, final_comments=CLOSING)
    assert result['changed'] is True and result['final_comments_added'] is True
    assert result['ticket']['final_comments'] == CLOSING == stored(api, ticket_id, 'finalComments')
    since = len(api.sdk.calls)
    again = sync(ticket_id=ticket_id, final_comments=CLOSING + '\n')
    assert again['changed'] is False and again['final_comments_added'] is False
    assert methods(api.sdk, since) == ['getObject'] and api.writes() == ['addFinalComments']


def test_check_mode_predicts_the_final_comments(sync, api):
    ticket_id = api.add_ticket('t', status='Closed')
    predicted = sync(check_mode=True, ticket_id=ticket_id, final_comments=CLOSING)
    assert api.writes() == []
    real = sync(ticket_id=ticket_id, final_comments=CLOSING)
    assert predicted['final_comments_added'] is real['final_comments_added'] is True
    assert predicted['ticket']['final_comments'] == real['ticket']['final_comments']


def test_other_final_comments_already_there_are_refused_before_any_write(sync, api):
    ticket_id = api.add_ticket('t', status='Closed')
    set_final_comments(api, ticket_id, 'Someone else wrote these.')
    with pytest.raises(InvalidInputError, match='already has final comments') as caught:
        sync(ticket_id=ticket_id, final_comments=CLOSING)
    assert caught.value.option == 'final_comments' and api.writes() == []


def test_final_comments_on_an_open_ticket_are_refused_before_any_write(sync, api):
    ticket_id = api.add_ticket('t')
    with pytest.raises(InvalidInputError, match='only on a closed ticket'):
        sync(ticket_id=ticket_id, final_comments=CLOSING, update='x')
    assert api.writes() == []


def test_lost_final_comments_response_is_not_sent_again(sync, api):
    ticket_id = api.add_ticket('t', status='Closed')
    api.lose('addFinalComments')
    result = sync(ticket_id=ticket_id, final_comments=CLOSING)
    assert result['changed'] is True
    assert any('was lost, but the change is on the ticket' in w for w in result['warnings'])
    assert api.writes() == ['addFinalComments']


@pytest.mark.parametrize('params, option', [
    ({'title': 't', 'final_comments': CLOSING}, 'final_comments'),
    ({'ticket_id': 1, 'final_comments': ' '}, 'final_comments'),
    ({'ticket_id': 1, 'final_comments': 'x' * 4001}, 'final_comments'),
])
def test_bad_final_comments_are_refused_before_any_call(sync, api, params, option):
    with pytest.raises(InvalidInputError) as caught:
        sync(**params)
    assert caught.value.option == option and api.sdk.calls == []
