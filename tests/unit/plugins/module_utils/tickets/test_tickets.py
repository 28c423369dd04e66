# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ticket's field table: its masks and the one ticket normaliser every module returns."""

from __future__ import annotations

import pytest

from ansible_collections.softlayer.support.plugins.module_utils.tickets.devices import normalise_device
from ansible_collections.softlayer.support.plugins.module_utils.tickets.fields import (
    FILE, TICKET, created_at, normalise_ticket, ticket_mask)
from ansible_collections.softlayer.support.plugins.module_utils.tickets import statuses
from ansible_collections.softlayer.support.plugins.module_utils.tickets.statuses import is_open, open_status_condition

WEB01 = {'id': 1, 'hostname': 'web01', 'domain': 'example.com', 'fullyQualifiedDomainName': 'web01.example.com'}
RAW = {
    'id': 123, 'title': 'Disk failure', 'subjectId': 1021, 'subject': {'id': 1021, 'name': 'Hardware Issue'},
    'statusId': 1001, 'status': {'id': 1001, 'name': 'Open'}, 'priority': 2, 'serviceProviderResourceId': 'CS123',
    'createDate': '2025-01-01T10:00:00-06:00', 'modifyDate': '2025-01-02T10:00:00-06:00',
    'lastEditDate': '2025-01-02T09:00:00-06:00', 'lastEditType': 'USER', 'assignedUserId': 7,
    'assignedUser': {'id': 7, 'username': 'ops', 'firstName': 'Op', 'lastName': 'Erator'},
    'notifyUserOnUpdateFlag': True, 'updateCount': 2, 'attachedFileCount': 1, 'finalComments': '',
    'attachedHardware': [WEB01], 'attachedVirtualGuests': [],
}


def test_ticket_mask_is_lean_by_default():
    mask = ticket_mask()
    assert mask.startswith('mask[id,title,status[id,name],statusId,subject[id,name],subjectId,priority,')
    assert ',assignedUserId,assignedUser[id,username,firstName,lastName],' in mask
    assert mask.endswith(',attachedHardware[id,hostname,domain,fullyQualifiedDomainName],'
                         'attachedVirtualGuests[id,hostname,domain,fullyQualifiedDomainName]]')
    assert 'updates[' not in mask and 'attachedFiles[' not in mask


@pytest.mark.parametrize('updates, attachments', [(True, False), (False, True), (True, True)])
def test_ticket_mask_widens_on_request(updates, attachments):
    mask = ticket_mask(include_updates=updates, include_attachments=attachments)
    assert ('updates[id,createDate,editorType,entry]' in mask) is updates
    assert ('attachedFiles[id,fileName,fileSize,createDate],attachedAdditionalEmails[email]' in mask) is attachments
    assert mask.count('[') == mask.count(']')
    assert mask.startswith(ticket_mask()[:-1] + ',')


def test_normalise_ticket_gives_the_documented_shape():
    assert normalise_ticket(RAW) == {
        'id': 123, 'title': 'Disk failure', 'status': 'Open', 'status_id': 1001, 'subject': 'Hardware Issue',
        'subject_id': 1021, 'priority': 2, 'case_number': 'CS123', 'service_provider_resource_id': 'CS123',
        'create_date': '2025-01-01T10:00:00-06:00', 'modify_date': '2025-01-02T10:00:00-06:00',
        'last_edit_date': '2025-01-02T09:00:00-06:00', 'last_edit_type': 'USER',
        'awaiting_customer': None, 'last_update': None,
        'assigned_user': {'id': 7, 'username': 'ops', 'first_name': 'Op', 'last_name': 'Erator'},
        'notify_user': True, 'update_count': 2, 'attached_file_count': 1, 'final_comments': None,
        'attached_hardware': [{'id': 1, 'hostname': 'web01', 'domain': 'example.com', 'fqdn': 'web01.example.com'}],
        'attached_virtual_guests': [],
    }


def test_normalise_ticket_of_a_bare_ticket_has_every_key_and_no_optional_lists():
    ticket = normalise_ticket({'id': 5})
    assert ticket['id'] == 5
    assert ticket['status'] is None and ticket['subject'] is None and ticket['assigned_user'] is None
    assert ticket['attached_hardware'] == [] and ticket['attached_virtual_guests'] == []
    assert set(ticket) == set(normalise_ticket(RAW))
    for absent in ('updates', 'attached_files', 'additional_emails'):
        assert absent not in ticket


def test_normalise_ticket_takes_ids_from_relations_when_the_local_id_is_not_read():
    ticket = normalise_ticket({'id': 5, 'status': {'id': 1002, 'name': 'Closed'}, 'subject': {'id': 9, 'name': 'X'}})
    assert (ticket['status_id'], ticket['subject_id']) == (1002, 9)


def test_normalise_ticket_includes_the_optional_lists_when_read():
    raw = dict(RAW, updates=[{'id': 1, 'createDate': 'd', 'editorType': 'USER', 'entry': 'hello'}],
               attachedFiles=[{'id': 4, 'fileName': 'log.txt', 'fileSize': '2048', 'createDate': 'd'}],
               attachedAdditionalEmails=[{'email': 'b@example.com'}, {'email': None}, {'email': 'a@example.com'}])
    ticket = normalise_ticket(raw)
    assert ticket['updates'] == [{'id': 1, 'create_date': 'd', 'editor_type': 'USER', 'entry': 'hello'}]
    assert ticket['attached_files'] == [{'id': 4, 'file_name': 'log.txt', 'file_size': 2048, 'create_date': 'd'}]
    assert ticket['additional_emails'] == ['a@example.com', 'b@example.com']


def test_normalise_ticket_read_but_empty_lists_are_empty_not_absent():
    ticket = normalise_ticket(dict(RAW, updates=None, attachedFiles=[], attachedAdditionalEmails=[]))
    assert (ticket['updates'], ticket['attached_files'], ticket['additional_emails']) == ([], [], [])


@pytest.mark.parametrize('size, expected', [('2048', 2048), (10, 10), ('', None), (None, None), ('n/a', None)])
def test_normalise_file_size(size, expected):
    assert FILE.normalise({'id': 1, 'fileSize': size})['file_size'] == expected


@pytest.mark.parametrize('status, expected', [('Open', True), ('Assigned', True), ('Closed', False), (None, False)])
def test_is_open(status, expected):
    assert is_open({'status': status}) is expected


def test_open_status_condition_names_open_and_assigned_ids():
    # Every search names both ids (statuses.STILL_OPEN says why).
    assert open_status_condition() == {'statusId': {'operation': 'in', 'options': [{'name': 'data', 'value': [1001, 1004]}]}}


def test_the_status_table_holds_the_ids_the_api_uses():
    assert [(status.name, status.id) for status in statuses.STATUSES] == [('Open', 1001), ('Assigned', 1004), ('Closed', 1002)]
    assert statuses.OPEN_STATUSES == ('Open', 'Assigned')
    assert statuses.OPEN_STATUS_IDS == (1001, 1004)
    assert statuses.is_closed('Closed') and not statuses.is_closed('Open')


def test_open_status_condition_is_a_fresh_dict_each_time():
    first = open_status_condition()
    first['statusId']['options'][0]['value'].append(1002)
    assert open_status_condition()['statusId']['options'][0]['value'] == [1001, 1004]


def test_attached_devices_are_normalised_per_kind():
    guest = dict(WEB01, id=9, hostname='app01', fullyQualifiedDomainName='app01.example.com')
    ticket = normalise_ticket(dict(RAW, attachedVirtualGuests=[guest]))
    assert ticket['attached_hardware'] == [normalise_device(WEB01)]
    assert ticket['attached_virtual_guests'] == [{'id': 9, 'hostname': 'app01', 'domain': 'example.com',
                                                  'fqdn': 'app01.example.com'}]


def test_the_widest_mask_reads_every_row_and_the_ticket_returns_every_named_one():
    mask = ticket_mask(include_updates=True, include_attachments=True)
    ticket = normalise_ticket(dict(RAW, updates=[], attachedFiles=[], attachedAdditionalEmails=[]))
    assert [f.key for f in TICKET.fields if f.key is not None] == list(ticket)
    for row in TICKET.fields:
        assert row.mask_part() in mask


def test_narrow_masks_name_returned_keys():
    assert TICKET.mask('id', 'modify_date') == 'mask[id,modifyDate]'
    assert TICKET.mask('id', 'status.name', 'last_update.id') == 'mask[id,status[name],lastUpdate[id]]'


def test_ticket_mask_reads_the_lifecycle_facts_in_the_same_call():
    mask = ticket_mask()
    assert ',awaitingUserResponseFlag,' in mask
    assert 'lastUpdate[id,createDate,editorType,entry]' in mask


@pytest.mark.parametrize('flag, expected', [(True, True), (False, False), (1, True), (0, False), ('1', True),
                                            ('0', False), ('', None), (None, None)])
def test_normalise_ticket_awaiting_customer(flag, expected):
    assert normalise_ticket(dict(RAW, awaitingUserResponseFlag=flag))['awaiting_customer'] is expected


def test_normalise_ticket_last_update_and_edit_type():
    raw = dict(RAW, lastEditType='EMPLOYEE', awaitingUserResponseFlag=True,
               lastUpdate={'id': 9, 'createDate': 'd', 'editorType': 'EMPLOYEE', 'entry': 'When may we swap the disk?'})
    ticket = normalise_ticket(raw)
    assert ticket['last_edit_type'] == 'EMPLOYEE' and ticket['awaiting_customer'] is True
    assert ticket['last_update'] == {'id': 9, 'create_date': 'd', 'editor_type': 'EMPLOYEE',
                                     'entry': 'When may we swap the disk?'}
    # An XML-RPC null arrives as '' (or None once the client turns it into None): both read as absent.
    assert normalise_ticket(dict(RAW, lastUpdate='', lastEditType=''))['last_update'] is None
    assert normalise_ticket(dict(RAW, lastUpdate='', lastEditType=''))['last_edit_type'] is None


# -- what the real API sends: nulls and numbers as text -------------------------------------------

def test_a_numeric_case_number_of_an_old_ticket_comes_back_as_text():
    # Old tickets carry a numeric serviceProviderResourceId (an int over XML-RPC); RETURN documents a string.
    ticket = normalise_ticket(dict(RAW, serviceProviderResourceId=2400017))
    assert ticket['case_number'] == ticket['service_provider_resource_id'] == '2400017'


def test_the_case_number_is_read_once_and_returned_under_both_names():
    assert ticket_mask().count('serviceProviderResourceId') == 1


def test_numbers_sent_as_text_come_back_as_numbers():
    ticket = normalise_ticket(dict(RAW, priority='2', updateCount='3', attachedFileCount='0', statusId='1004',
                                   attachedFiles=[{'id': 5, 'fileName': 'a.log', 'fileSize': '1024'}]))
    assert (ticket['priority'], ticket['update_count'], ticket['attached_file_count'], ticket['status_id']) == (2, 3, 0, 1004)
    assert ticket['attached_files'][0]['file_size'] == 1024


def test_empty_string_ids_fall_back_to_the_relation_and_never_come_back_as_text():
    # Over XML-RPC the API sends a null property as ''; it must not count as a value.
    ticket = normalise_ticket(dict(RAW, statusId='', subjectId='', priority='', serviceProviderResourceId=''))
    assert ticket['status_id'] == 1001 and ticket['subject_id'] == 1021
    assert ticket['priority'] is None and ticket['service_provider_resource_id'] is None


def test_created_at_reads_the_api_date_with_its_offset_or_gives_none():
    assert created_at({'createDate': '2026-01-01T10:00:00-06:00'}) == created_at({'createDate': '2026-01-01T16:00:00+00:00'})
    assert created_at({'createDate': '2026-01-01T10:00:03-06:00'}) - created_at({'createDate': '2026-01-01T10:00:00-06:00'}) == 3
    assert created_at({'createDate': None}) is None and created_at({}) is None and created_at({'createDate': 'soon'}) is None
