# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""sl_ticket writes each change at most once: a lost answer is looked for before any re-send.

The account is the API emulator's seed (tests/emulator/sl_emulator/data/seed.json), in-process;
the fixtures are in conftest.py.
"""

from __future__ import annotations

import pytest

from ansible_collections.softlayer.support.plugins.module_utils.api.errors import (
    OutcomeUnknownError,
    SoftLayerSupportError,
)
from ansible_collections.softlayer.support.tests.unit.plugins.module_utils.sl_ticket.sync_harness import API_KEY, CREATE, WEB01


def test_lost_create_response_finds_the_ticket_and_does_not_open_another(sync, api):
    api.lose('createStandardTicket')
    result = sync(**CREATE)
    assert api.new_tickets() == [result['ticket']['id']] and result['created'] is True
    assert api.writes() == ['createStandardTicket', 'addAttachedHardware']
    assert any('was lost, but the change is on the ticket' in w for w in result['warnings'])
    lookups = [c['kwargs']['filter']['tickets'].get('firstUpdate', {}).get('entry', {}).get('operation', '')
               for c in api.sdk.calls if c['method'] == 'getTickets']
    assert any('.' in operation for operation in lookups)  # looked for by the creation token


def test_create_that_did_not_land_is_tried_once_more(sync, api):
    api.lose('createStandardTicket', landed=False)
    result = sync(**CREATE)
    assert len(api.new_tickets()) == 1 and result['created'] is True
    assert api.writes() == ['createStandardTicket', 'createStandardTicket', 'addAttachedHardware']


def test_create_lost_twice_fails_with_the_transport_error(sync, api):
    api.lose('createStandardTicket', landed=False, times=-1)
    with pytest.raises(OutcomeUnknownError):
        sync(**CREATE)
    assert api.writes().count('createStandardTicket') == 2 and api.new_tickets() == []


def test_lost_update_response_is_not_posted_again(sync, api):
    ticket_id = sync(**CREATE)['ticket']['id']
    api.lose('addUpdate')
    result = sync(update='evidence', **CREATE)
    assert result['changed'] is True and result['updates_added'] == ['evidence']
    assert any('was lost, but the change is on the ticket' in w for w in result['warnings'])
    assert api.writes().count('addUpdate') == 1
    assert api.entries(ticket_id).count('evidence') == 1


def test_update_that_did_not_land_is_posted_once_more(sync, api):
    ticket_id = sync(**CREATE)['ticket']['id']
    api.lose('addUpdate', landed=False)
    sync(update='evidence', **CREATE)
    assert api.writes().count('addUpdate') == 2
    assert api.entries(ticket_id).count('evidence') == 1


def test_lost_attach_and_upload_responses_are_not_repeated(sync, api, log_file):
    ticket_id = api.add_ticket('t')
    api.lose('addAttachedHardware')
    api.lose('addAttachedFile')
    api.lose('updateAttachedAdditionalEmails')
    result = sync(ticket_id=ticket_id, hardware=['web01'], attachments=[log_file], additional_emails=['a@example.com'])
    assert result['changed'] is True
    assert sum('was lost, but the change is on the ticket' in w for w in result['warnings']) == 3
    # The three go out at once (one round trip), so in any order: each once.
    assert sorted(api.writes()) == ['addAttachedFile', 'addAttachedHardware', 'updateAttachedAdditionalEmails']
    assert api.hardware_ids(ticket_id) == [WEB01] and len(api.file_names(ticket_id)) == 1


def test_a_refused_write_fails_with_the_api_message(sync, api):
    ticket_id = api.add_ticket('t')
    api.refuse('addUpdate', 'Unable to add ticket update..')
    with pytest.raises(SoftLayerSupportError) as caught:
        sync(ticket_id=ticket_id, update='x')
    assert 'Unable to add ticket update' in str(caught.value)
    assert API_KEY not in str(caught.value)


def test_failed_look_after_a_lost_response_stops_without_writing_again(sync, api):
    ticket_id = api.add_ticket('t')
    api.lose('addUpdate')
    # Every read after the first fails.
    api.on('getObject', lambda call: api.refuse('getObject', 'Internal Error', times=-1), when='after')
    with pytest.raises(OutcomeUnknownError) as caught:
        sync(ticket_id=ticket_id, update='evidence')
    assert 'looking whether it landed failed too' in str(caught.value)
    assert api.writes() == ['addUpdate']


def test_a_write_without_answer_that_lands_late_is_found_not_sent_again(sync, api):
    """The API may still commit after the client gave up: a grace look finds it before any re-send."""
    ticket_id = sync(**CREATE)['ticket']['id']
    api.hold('addUpdate')
    # The held write commits while the module waits: just before its second look.
    api.on('getObject', lambda call: api.release(), nth=2)
    result = sync(update='evidence', **CREATE)
    assert result['changed'] is True
    assert api.writes().count('addUpdate') == 1
    assert api.entries(ticket_id).count('evidence') == 1
