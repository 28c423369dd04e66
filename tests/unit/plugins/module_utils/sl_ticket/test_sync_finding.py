# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""sl_ticket finds its ticket: by title in the forms SoftLayer stores it, by marker, by id, by match.

The account is the API emulator's seed (tests/emulator/sl_emulator/data/seed.json), in-process;
the fixtures are in conftest.py.
"""

from __future__ import annotations

import pytest

from ansible_collections.softlayer.support.plugins.module_utils.api.errors import InvalidInputError
from ansible_collections.softlayer.support.tests.unit.plugins.module_utils.sl_ticket.sync_harness import CREATE, methods


def test_rerun_with_nothing_to_do_makes_two_reads_and_no_write(sync, api):
    first = sync(**CREATE)
    before = len(api.sdk.calls)
    result = sync(**CREATE)
    assert result['changed'] is False and result['created'] is False
    assert methods(api.sdk, before) == ['getTickets', 'getTickets']
    assert result['ticket'] == first['ticket']


@pytest.mark.parametrize('policy, stored', [
    ('prefixed', 'Hardware Issue - Disk failure on web01'),
    ('subject', 'Hardware Issue'),
    ('keep', 'Disk failure on web01'),
])
def test_rerun_finds_its_ticket_however_the_server_stored_the_title(sync, api, policy, stored):
    api.set_policy(title_policy=policy)
    first = sync(**CREATE)
    assert first['ticket']['title'] == stored
    before = len(api.sdk.calls)
    result = sync(**CREATE)
    assert result['changed'] is False and result['ticket']['id'] == first['ticket']['id']
    assert methods(api.sdk, before) == ['getTickets', 'getTickets']
    assert len(api.new_tickets()) == 1


def test_ticket_opened_elsewhere_with_the_subject_prefixed_title_is_used(sync, api):
    ticket_id = api.add_ticket('Hardware Issue - Disk failure on web01', hardware=['web01'])
    result = sync(**CREATE)
    assert result['changed'] is False and result['ticket']['id'] == ticket_id
    assert api.writes() == []


def test_ticket_with_another_subject_prefix_is_not_this_ticket(sync, api):
    api.add_ticket('API Question - Disk failure on web01', hardware=['web01'])
    assert sync(**CREATE)['created'] is True


def test_ticket_opened_by_hand_with_the_same_title_is_used(sync, api):
    ticket_id = api.add_ticket('Disk failure on web01', hardware=['web01'])
    result = sync(**CREATE)
    assert result['changed'] is False and result['ticket']['id'] == ticket_id
    assert api.writes() == []


def test_assigned_ticket_counts_as_open(sync, api):
    ticket_id = api.add_ticket('Disk failure on web01', status='Assigned', hardware=['web01'])
    assert sync(**CREATE)['ticket']['id'] == ticket_id


def test_closed_ticket_with_the_title_is_not_reused(sync, api):
    closed = api.add_ticket('Disk failure on web01', status='Closed', hardware=['web01'])
    result = sync(**CREATE)
    assert result['created'] is True and api.new_tickets() == [closed, result['ticket']['id']]


def test_several_matches_use_the_newest_and_warn_naming_the_others(sync, api):
    old = api.add_ticket('Disk failure on web01', hardware=['web01'], create_date='2025-01-01T10:00:00-06:00')
    new = api.add_ticket('Disk failure on web01', hardware=['web01'], create_date='2025-02-01T10:00:00-06:00')
    result = sync(**CREATE)
    assert result['ticket']['id'] == new
    assert len(result['warnings']) == 1
    assert "2 open tickets match 'Disk failure on web01': using the newest, %d" % new in result['warnings'][0]
    assert 'also matching: %d' % old in result['warnings'][0]


def test_rerun_by_ticket_id_with_nothing_to_do_makes_one_call(sync, api):
    ticket_id = api.add_ticket('Anything', entries=('first', 'more'))
    assert sync(ticket_id=ticket_id, update='more')['changed'] is False
    assert methods(api.sdk) == ['getObject']


def test_unknown_ticket_id_fails_clearly(sync, api):
    with pytest.raises(InvalidInputError) as caught:
        sync(ticket_id=424242, update='x')
    assert str(caught.value) == 'ticket 424242 was not found on this account'
    assert caught.value.option == 'ticket_id'


def test_match_none_always_opens_a_new_ticket(sync, api):
    sync(**CREATE)
    before = len(api.sdk.calls)
    result = sync(match=['none'], **CREATE)
    assert result['created'] is True
    assert 'getTickets' not in methods(api.sdk, before)
    assert len(api.new_tickets()) == 2


def test_match_none_cannot_be_combined(sync, api):
    with pytest.raises(InvalidInputError, match="'none'"):
        sync(match=['none', 'subject'], **CREATE)


def test_match_subject_ignores_a_ticket_with_another_subject(sync, api):
    api.add_ticket('Disk failure on web01', subject_id=1522)
    result = sync(match=['title', 'subject'], **CREATE)
    assert result['created'] is True
    assert api.sdk.calls[0]['kwargs']['filter']['tickets']['subject'] == {'name': {'operation': '_= Hardware Issue'}}


def test_match_devices_keeps_one_ticket_per_device_under_one_title(sync, api):
    first = sync(match=['devices'], **dict(CREATE, title='Disk failure', hardware=['web01']))
    second = sync(match=['devices'], **dict(CREATE, title='Disk failure', hardware=['web02']))
    again = sync(match=['devices'], **dict(CREATE, title='Disk failure', hardware=['web02.example.com']))
    assert first['created'] and second['created'] and not again['changed']
    assert again['ticket']['id'] == second['ticket']['id'] != first['ticket']['id']


def test_match_needs_the_options_it_narrows_by(sync, api):
    with pytest.raises(InvalidInputError, match="'subject' needs the subject option"):
        sync(title='t', match=['subject'])
    with pytest.raises(InvalidInputError, match="'devices' needs the hardware or virtual_guests option"):
        sync(title='t', match=['devices'])


def test_match_is_ignored_with_a_ticket_id(sync, api):
    ticket_id = api.add_ticket('t', entries=('first', 'x'))
    assert sync(ticket_id=ticket_id, match=['devices'], update='x')['changed'] is False
    assert sync(ticket_id=ticket_id, match=['none'], update='x')['ticket']['id'] == ticket_id


def test_a_blank_title_without_ticket_id_is_refused_before_any_call(sync, api):
    # The argument spec requires ticket_id or title; a title of blanks passes it and is refused here.
    with pytest.raises(InvalidInputError, match='title must not be empty'):
        sync(title='   ', update='x')
    assert api.sdk.calls == []
