# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Ticket masks and the one normaliser that gives every module the same snake_case ticket."""

from __future__ import annotations

from ansible_collections.softlayer.support.plugins.module_utils.api.dates import read_api_date
from ansible_collections.softlayer.support.plugins.module_utils.tickets.devices import DEVICE_FIELDS, KINDS, normalise_device

# SoftLayer stores long update text as several updates of at most this many characters.
UPDATE_CHUNK_SIZE = 3900

TICKET_MASK_PARTS = (
    'id', 'title', 'subjectId', 'subject[id,name]', 'statusId', 'status[id,name]', 'priority',
    'serviceProviderResourceId', 'createDate', 'modifyDate', 'lastEditDate', 'lastEditType',
    'assignedUserId', 'assignedUser[id,username,firstName,lastName]', 'notifyUserOnUpdateFlag',
    'updateCount', 'attachedFileCount',
) + tuple('%s[%s]' % (kind.relation, DEVICE_FIELDS) for kind in KINDS) + (
    # Lifecycle facts: who spoke last, read in the same call.
    'awaitingUserResponseFlag', 'lastUpdate[id,createDate,editorType,entry]',
)
UPDATES_MASK_PART = 'updates[id,createDate,editorType,entry]'
# What addUpdate and addAttachedFile answer with, read back in the same call.
UPDATES_MASK = 'mask[id,createDate,editorType,entry]'
FILE_MASK = 'mask[id,fileName,fileSize,createDate]'
# lastEditType / editorType values: the customer, SoftLayer staff, an automated process.
EDIT_TYPES = ('USER', 'EMPLOYEE', 'AUTO')
ATTACHMENTS_MASK_PARTS = ('attachedFiles[id,fileName,fileSize,createDate]', 'attachedAdditionalEmails[email]')


def ticket_mask(include_updates=False, include_attachments=False):
    """The object mask for a ticket: lean by default, widened in the same call on request."""
    parts = list(TICKET_MASK_PARTS)
    if include_updates:
        parts.append(UPDATES_MASK_PART)
    if include_attachments:
        parts.extend(ATTACHMENTS_MASK_PARTS)
    return 'mask[%s]' % ','.join(parts)


def normalise_update(raw):
    if not raw:
        return None
    return {
        'id': raw.get('id'),
        'create_date': raw.get('createDate'),
        'editor_type': raw.get('editorType'),
        'entry': raw.get('entry'),
    }


def normalise_file(raw):
    return {
        'id': raw.get('id'),
        'file_name': raw.get('fileName'),
        'file_size': _int_or_none(raw.get('fileSize')),
        'create_date': raw.get('createDate'),
    }


def _int_or_none(value):
    """SoftLayer sends some numbers as strings; anything that is not a number becomes None."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _flag(value):
    """A SoftLayer boolean (True/False, 1/0, '1'/'0'; '' or None when null) as True, False or None."""
    if value is None or value == '':
        return None
    if isinstance(value, str):
        return value.strip().lower() not in ('0', 'false')
    return bool(value)


def awaiting_customer(raw):
    """Whether SoftLayer waits on the customer (awaitingUserResponseFlag); a null flag counts as not waiting."""
    return bool(_flag(raw.get('awaitingUserResponseFlag')))


def _text_or_none(value):
    """A text field that old records carry as a number (a numeric case number), as text."""
    if value is None or value == '':
        return None
    return str(value)


def first_present(*values):
    return next((value for value in values if value is not None and value != ''), None)


def normalise_user(raw):
    if not raw:
        return None
    return {
        'id': raw.get('id'),
        'username': raw.get('username'),
        'first_name': raw.get('firstName'),
        'last_name': raw.get('lastName'),
    }


def normalise_ticket(raw):
    """SoftLayer_Ticket (as masked by ticket_mask) to the documented return shape.

    ``updates``, ``attached_files`` and ``additional_emails`` appear only when
    they were read, so an absent key never pretends to be an empty list.
    """
    status = raw.get('status') or {}
    subject = raw.get('subject') or {}
    ticket = {
        'id': raw.get('id'),
        'title': raw.get('title'),
        'status': status.get('name'),
        'status_id': _int_or_none(first_present(raw.get('statusId'), status.get('id'))),
        'subject': subject.get('name'),
        'subject_id': _int_or_none(first_present(raw.get('subjectId'), subject.get('id'))),
        'priority': _int_or_none(raw.get('priority')),
        'service_provider_resource_id': _text_or_none(raw.get('serviceProviderResourceId')),
        'create_date': raw.get('createDate'),
        'modify_date': raw.get('modifyDate'),
        'last_edit_date': raw.get('lastEditDate'),
        'last_edit_type': raw.get('lastEditType') or None,
        'awaiting_customer': _flag(raw.get('awaitingUserResponseFlag')),
        'last_update': normalise_update(raw.get('lastUpdate')),
        'assigned_user': normalise_user(raw.get('assignedUser')),
        'notify_user': raw.get('notifyUserOnUpdateFlag'),
        'update_count': _int_or_none(raw.get('updateCount')),
        'attached_file_count': _int_or_none(raw.get('attachedFileCount')),
    }
    for kind in KINDS:
        ticket[kind.ticket_field] = [normalise_device(d) for d in raw.get(kind.relation) or []]
    if 'updates' in raw:
        ticket['updates'] = [normalise_update(u) for u in raw['updates'] or []]
    if 'attachedFiles' in raw:
        ticket['attached_files'] = [normalise_file(f) for f in raw['attachedFiles'] or []]
    if 'attachedAdditionalEmails' in raw:
        emails = (e.get('email') for e in raw['attachedAdditionalEmails'] or [])
        ticket['additional_emails'] = sorted(e for e in emails if e)
    return ticket


def created_at(raw):
    """When the ticket was opened, as a POSIX timestamp; None when the date is absent or unreadable."""
    moment = read_api_date(raw.get('createDate'))
    return moment.timestamp() if moment is not None else None
