# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The RETURN docs that describe one thing twice stay one description.

sl_ticket's RV(ticket) and each of sl_ticket_info's RV(tickets) are the same normalised ticket
(module_utils/tickets/fields.py normalise_ticket); every module documents RV(retries). Ansible doc
fragments cannot carry RETURN, so this test keeps the copies equal: same keys, types, element
types and descriptions. Only ``returned`` (when a key is present) and ``sample`` may differ.
"""

from __future__ import annotations

import pytest
import yaml

from ansible_collections.softlayer.support.plugins.module_utils.tickets.fields import normalise_ticket
from ansible_collections.softlayer.support.plugins.modules import sl_ticket, sl_ticket_download, sl_ticket_info, sl_ticket_subject_info

MODULES = {'sl_ticket': sl_ticket, 'sl_ticket_info': sl_ticket_info, 'sl_ticket_subject_info': sl_ticket_subject_info,
           'sl_ticket_download': sl_ticket_download}
# What may differ between two copies of one returned value.
PER_MODULE_FIELDS = ('returned', 'sample')

DEVICE = {'id': 1500101, 'hostname': 'web01', 'domain': 'example.com', 'fullyQualifiedDomainName': 'web01.example.com'}
UPDATE = {'id': 9, 'createDate': '2025-01-07T09:37:30-06:00', 'editorType': 'USER', 'entry': 'text'}
# A raw ticket with every part the widest mask reads, so normalise_ticket returns every key it can.
RAW_TICKET = {
    'id': 1, 'title': 'Hardware Issue - Disk failure', 'subjectId': 1021, 'subject': {'id': 1021, 'name': 'Hardware Issue'},
    'statusId': 1001, 'status': {'id': 1001, 'name': 'Open'}, 'priority': 2, 'serviceProviderResourceId': 'CS1',
    'createDate': 'c', 'modifyDate': 'm', 'lastEditDate': 'e', 'lastEditType': 'USER', 'awaitingUserResponseFlag': False,
    'lastUpdate': UPDATE, 'assignedUser': {'id': 7001, 'username': 'u', 'firstName': 'f', 'lastName': 'l'},
    'notifyUserOnUpdateFlag': True, 'updateCount': 1, 'attachedFileCount': 1,
    'attachedHardware': [DEVICE], 'attachedVirtualGuests': [DEVICE], 'updates': [UPDATE],
    'attachedFiles': [{'id': 3, 'fileName': 'a.txt', 'fileSize': '10', 'createDate': 'c'}],
    'attachedAdditionalEmails': [{'email': 'a@example.com'}],
}


def return_doc(name):
    return yaml.safe_load(MODULES[name].RETURN)


def shared_shape(entry):
    """A RETURN entry without what may differ per module, its sub-entries likewise."""
    shape = {key: value for key, value in entry.items() if key not in PER_MODULE_FIELDS and key != 'contains'}
    if 'contains' in entry:
        shape['contains'] = {key: shared_shape(sub) for key, sub in entry['contains'].items()}
    return shape


def differences(left, right, path=''):
    """Readable differences between two shared shapes, for the failure message."""
    found = []
    for key in sorted(set(left) | set(right)):
        where = '%s.%s' % (path, key) if path else key
        if key not in left or key not in right:
            found.append('%s only in %s' % (where, 'sl_ticket' if key in left else 'sl_ticket_info'))
        elif isinstance(left[key], dict) and isinstance(right[key], dict):
            found.extend(differences(left[key], right[key], where))
        elif left[key] != right[key]:
            found.append('%s: %r != %r' % (where, left[key], right[key]))
    return found


def documented_keys(entry):
    """The key tree a RETURN entry documents: {key: sub-tree or None}."""
    return {key: documented_keys(sub) if 'contains' in sub else None for key, sub in entry['contains'].items()}


def value_keys(value):
    """The key tree of a returned value, lists by their first element."""
    if isinstance(value, list):
        value = value[0] if value else None
    if not isinstance(value, dict):
        return None
    return {key: value_keys(sub) for key, sub in value.items()}


def test_sl_ticket_ticket_and_sl_ticket_info_tickets_describe_the_same_ticket():
    ticket = shared_shape(return_doc('sl_ticket')['ticket'])['contains']
    listed = shared_shape(return_doc('sl_ticket_info')['tickets'])['contains']
    assert differences(ticket, listed) == []


def test_documented_ticket_keys_are_what_normalise_ticket_returns():
    normalised = value_keys(normalise_ticket(RAW_TICKET))
    assert documented_keys(return_doc('sl_ticket')['ticket']) == normalised
    assert documented_keys(return_doc('sl_ticket_info')['tickets']) == normalised


def test_sl_ticket_info_documents_when_the_optional_parts_are_returned():
    listed = return_doc('sl_ticket_info')['tickets']['contains']
    assert listed['updates']['returned'] == 'when O(include_updates=true)'
    assert listed['attached_files']['returned'] == listed['additional_emails']['returned'] == 'when O(include_attachments=true)'


@pytest.mark.parametrize('name', sorted(set(MODULES) - {'sl_ticket'}))
def test_every_module_documents_retries_as_sl_ticket_does(name):
    assert return_doc(name)['retries'] == return_doc('sl_ticket')['retries']


def test_the_comparison_sees_a_drifted_description():
    ticket = return_doc('sl_ticket')['ticket']
    drifted = return_doc('sl_ticket')['ticket']
    drifted['contains']['last_update']['contains']['entry']['description'] = 'The update text.'
    drifted['contains']['status_id']['sample'] = 1004
    assert differences(shared_shape(ticket), shared_shape(drifted)) == [
        "contains.last_update.contains.entry.description: 'The text.' != 'The update text.'"]
