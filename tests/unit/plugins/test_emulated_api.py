# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The emulated account: answers, faults and transport errors reach the caller as the SDK raises them."""

from __future__ import annotations

import pytest

from SoftLayer import exceptions

ASSIGNED = 148350002  # a seeded ticket, Assigned


def test_calls_are_answered_by_the_seed_and_recorded(emulated_api):
    sdk = emulated_api.sdk
    page = sdk.call('SoftLayer_Account', 'getHardware', mask='mask[id,hostname]',
                    filter={'hardware': {'hostname': {'operation': 'web01'}}}, limit=10, offset=0)
    assert list(page) == [{'id': 1500101, 'hostname': 'web01'}] and page.total_count == 1
    assert sdk.calls == [{'service': 'SoftLayer_Account', 'method': 'getHardware', 'args': (),
                          'kwargs': {'mask': 'mask[id,hostname]', 'filter': {'hardware': {'hostname': {'operation': 'web01'}}},
                                     'limit': 10, 'offset': 0},
                          'id': None, 'mask': 'mask[id,hostname]', 'filter': {'hardware': {'hostname': {'operation': 'web01'}}}}]
    # XML-RPC has no null: the real API sends an empty string.
    ticket = sdk.call('SoftLayer_Ticket', 'getObject', id=ASSIGNED, mask='mask[id,locationId]')
    assert ticket == {'id': ASSIGNED, 'locationId': ''}


def test_an_api_fault_is_the_sdks_error(emulated_api):
    with pytest.raises(exceptions.SoftLayerAPIError) as caught:
        emulated_api.sdk.call('SoftLayer_Ticket', 'getObject', id=1)
    assert caught.value.faultCode == 'SoftLayer_Exception_ObjectNotFound'
    assert caught.value.faultString == "Unable to find object with id of '1'."
    emulated_api.refuse('addUpdate', 'Unable to add ticket update..')
    with pytest.raises(exceptions.SoftLayerAPIError) as caught:
        emulated_api.sdk.call('SoftLayer_Ticket', 'addUpdate', {'entry': 'x'}, id=ASSIGNED)
    assert (caught.value.faultCode, caught.value.faultString) == ('SoftLayer_Exception_Public', 'Unable to add ticket update..')
    assert 'x' not in emulated_api.entries(ASSIGNED)


@pytest.mark.parametrize('landed', [True, False])
def test_a_lost_answer_is_the_sdks_transport_error(emulated_api, landed):
    emulated_api.lose('addUpdate', landed=landed)
    with pytest.raises(exceptions.TransportError) as caught:
        emulated_api.sdk.call('SoftLayer_Ticket', 'addUpdate', {'entry': 'lost answer'}, id=ASSIGNED)
    assert caught.value.faultCode == 0 and 'Remote end closed connection without response' in caught.value.faultString
    assert ('lost answer' in emulated_api.entries(ASSIGNED)) is landed


def test_a_held_write_times_out_and_lands_on_release(emulated_api):
    emulated_api.hold('addUpdate')
    with pytest.raises(exceptions.TransportError) as caught:
        emulated_api.sdk.call('SoftLayer_Ticket', 'addUpdate', {'entry': 'late'}, id=ASSIGNED)
    assert caught.value.faultCode == 0 and 'Read timed out' in caught.value.faultString
    assert 'late' not in emulated_api.entries(ASSIGNED)
    emulated_api.release()
    assert emulated_api.entries(ASSIGNED)[-1] == 'late'


def test_on_runs_once_at_the_nth_call(emulated_api):
    seen = []
    emulated_api.on('getObject', seen.append, nth=2)
    for _unused in range(3):
        emulated_api.sdk.call('SoftLayer_Ticket', 'getObject', id=ASSIGNED, mask='mask[id]')
    assert [call['id'] for call in seen] == [ASSIGNED]
    assert seen[0] is emulated_api.sdk.calls[1]


def test_policies_are_the_emulators(emulated_api):
    emulated_api.set_policy(title_policy='prefixed')
    ticket = emulated_api.sdk.call('SoftLayer_Ticket', 'createStandardTicket',
                                   {'subjectId': 1021, 'title': 'Fan noise', 'assignedUserId': 7001}, 'body')
    assert ticket['title'] == 'Hardware Issue - Fan noise'
    assert emulated_api.new_tickets() == [ticket['id']] and emulated_api.writes() == ['createStandardTicket']
