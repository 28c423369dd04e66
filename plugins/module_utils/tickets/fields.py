# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ticket's field table, from which its masks and the one normaliser every module returns are derived.

A field the collection reads or returns is one row of TICKET (or of a relation's table: UPDATE,
FILE, USER, devices.DEVICE): a new row is in every mask and every returned ticket. Masks that read
fewer fields name them by returned key (``TICKET.mask('id', 'modify_date')``).
"""

from __future__ import annotations

from ansible_collections.softlayer.support.plugins.module_utils.api.dates import read_api_date
from ansible_collections.softlayer.support.plugins.module_utils.api.field_table import (
    FieldTable, empty_as_none, field, flag, int_or_none, many, one, property_of, text_or_none)
from ansible_collections.softlayer.support.plugins.module_utils.tickets.devices import DEVICE, KINDS

# SoftLayer stores long update text as several updates of at most this many characters.
UPDATE_CHUNK_SIZE = 3900
# lastEditType / editorType values: the customer, SoftLayer staff, an automated process.
EDIT_TYPES = ('USER', 'EMPLOYEE', 'AUTO')
# The groups of fields ticket_mask reads only on request (include_updates, include_attachments).
UPDATES, ATTACHMENTS = 'updates', 'attachments'

UPDATE = FieldTable(
    field('id', 'id'),
    field('create_date', 'createDate'),
    field('editor_type', 'editorType'),
    field('entry', 'entry'),
)
FILE = FieldTable(
    field('id', 'id'),
    field('file_name', 'fileName'),
    field('file_size', 'fileSize', int_or_none),
    field('create_date', 'createDate'),
)
USER = FieldTable(
    field('id', 'id'),
    field('username', 'username'),
    field('first_name', 'firstName'),
    field('last_name', 'lastName'),
)
# A status or a subject: returned as its name; its id is the ticket's own statusId / subjectId.
NAMED = FieldTable(field('id', 'id'), field('name', 'name'))
ADDITIONAL_EMAIL = FieldTable(field('email', 'email'))


def _sorted_emails(value):
    return sorted(email for email in (item.get('email') for item in value or []) if email)


# The ticket every module and plugin returns, in the order of its keys.
TICKET = FieldTable(*(
    field('id', 'id'),
    field('title', 'title'),
    field('status', 'status', property_of('name'), record=NAMED),
    field('status_id', 'statusId', int_or_none, fallback=('status', 'id')),
    field('subject', 'subject', property_of('name'), record=NAMED),
    field('subject_id', 'subjectId', int_or_none, fallback=('subject', 'id')),
    field('priority', 'priority', int_or_none),
    # The ticket's IBM Cloud Support Center case number (ibm_case_info reads the ticket as that case);
    # service_provider_resource_id is 0.1.0's name for it, under SoftLayer's property name.
    field('case_number', 'serviceProviderResourceId', text_or_none),
    field('service_provider_resource_id', 'serviceProviderResourceId', text_or_none),
    field('create_date', 'createDate'),
    field('modify_date', 'modifyDate'),
    field('last_edit_date', 'lastEditDate'),
    field('last_edit_type', 'lastEditType', empty_as_none),
    # Lifecycle facts: who spoke last, read in the same call.
    field('awaiting_customer', 'awaitingUserResponseFlag', flag),
    field('last_update', 'lastUpdate', one(UPDATE), record=UPDATE),
    # Not returned: sl_ticket's plan reads it (additional e-mails need an owner).
    field(None, 'assignedUserId'),
    field('assigned_user', 'assignedUser', one(USER), record=USER),
    field('notify_user', 'notifyUserOnUpdateFlag'),
    field('update_count', 'updateCount', int_or_none),
    field('attached_file_count', 'attachedFileCount', int_or_none),
    # The customer's closing words on a closed ticket, set once (SoftLayer_Ticket::addFinalComments).
    field('final_comments', 'finalComments', text_or_none),
) + tuple(field(kind.ticket_field, kind.relation, many(DEVICE), record=DEVICE) for kind in KINDS) + (
    field('updates', 'updates', many(UPDATE), record=UPDATE, group=UPDATES),
    field('attached_files', 'attachedFiles', many(FILE), record=FILE, group=ATTACHMENTS),
    field('additional_emails', 'attachedAdditionalEmails', _sorted_emails, record=ADDITIONAL_EMAIL, group=ATTACHMENTS),
))

# What addUpdate and addAttachedFile answer with, read back in the same call.
UPDATES_MASK = UPDATE.mask()
FILE_MASK = FILE.mask()


def ticket_mask(include_updates=False, include_attachments=False):
    """The object mask for a ticket: lean by default, widened in the same call on request."""
    wanted = ((UPDATES, include_updates), (ATTACHMENTS, include_attachments))
    return TICKET.mask(groups=tuple(group for group, include in wanted if include))


def normalise_ticket(raw):
    """SoftLayer_Ticket (as masked by ticket_mask) to the documented return shape.

    ``updates``, ``attached_files`` and ``additional_emails`` appear only when
    they were read, so an absent key never pretends to be an empty list.
    """
    return TICKET.normalise(raw)


def awaiting_customer(raw):
    """Whether SoftLayer waits on the customer (awaitingUserResponseFlag); a null flag counts as not waiting."""
    return bool(flag(raw.get('awaitingUserResponseFlag')))


def created_at(raw):
    """When the ticket was opened, as a POSIX timestamp; None when the date is absent or unreadable."""
    moment = read_api_date(raw.get('createDate'))
    return moment.timestamp() if moment is not None else None
