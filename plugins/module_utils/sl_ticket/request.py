# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""sl_ticket's options, checked and normalised before any API call."""

from __future__ import annotations

import os
import re

from ansible_collections.softlayer.support.plugins.module_utils.tickets.devices import KINDS, parse_references
from ansible_collections.softlayer.support.plugins.module_utils.api.errors import InvalidInputError
from ansible_collections.softlayer.support.plugins.module_utils.concurrent_runs.run_lock import lock_path
from ansible_collections.softlayer.support.plugins.module_utils.tickets.identity import identity_marker, unique_emails

# The module whose lock files these are (concurrent_runs/run_lock.py).
LOCK_OWNER = 'sl_ticket'
MATCH_CHOICES = ('title', 'subject', 'devices', 'none')
# devices_state: attach the listed devices (the default), remove them, or attach them and remove the others.
DEVICES_STATES = ('present', 'absent', 'exact')
# SoftLayer takes final comments of at most this many characters (SoftLayer_Ticket.finalComments).
MAX_FINAL_COMMENTS = 4000
EMAIL_RE = re.compile(r'^[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>]+$')
# SoftLayer refuses a ticket update longer than this (older API guides; enforced by the emulator).
MAX_ENTRY_LENGTH = 19000


class TicketRequest:
    """The module's options, checked and normalised before any API call."""

    def __init__(self, params):
        self.ticket_id = params.get('ticket_id')
        self.title = _text(params.get('title'))
        self.subject = _text(params.get('subject'))
        self.body = params.get('body')
        self.priority = params.get('priority')
        self.notify_user = params.get('notify_user')
        self.assigned_user = _text(params.get('assigned_user'))
        self.update = params.get('update')
        self.update_mode = params.get('update_mode') or 'whole'
        emails = params.get('additional_emails')
        self.additional_emails = None if emails is None else unique_emails(emails)
        self.devices = {kind.name: parse_references(params.get(kind.option), kind.option) for kind in KINDS}
        # The kinds whose option is set: devices_state=exact leaves the others as they are.
        self.devices_given = {kind.name for kind in KINDS if params.get(kind.option) is not None}
        self.devices_state = params.get('devices_state') or 'present'
        self.update_priority = bool(params.get('update_priority'))
        self.final_comments = params.get('final_comments')
        self.attachments = [os.path.abspath(os.path.expanduser(p)) for p in params.get('attachments') or []]
        match = params.get('match') or ['title']  # each a MATCH_CHOICES value: the argument spec checks them
        self.always_create = 'none' in match
        self.match_subject = 'subject' in match
        self.match_devices = 'devices' in match
        self.account = (params.get('username') or '', params.get('endpoint_url') or '')
        self._check(match, emails)

    def _check(self, match, emails):
        if self.ticket_id is None and not self.title:
            # The argument spec requires one of them; a blank title gets here.
            raise InvalidInputError('title must not be empty (or set ticket_id)', option='title')
        if self.always_create and len(set(match)) > 1:
            raise InvalidInputError("match: 'none' (always open a new ticket) cannot be combined with other values",
                                    option='match')
        if self.ticket_id is not None:
            # match is about finding the ticket; ticket_id names it.
            self.always_create = self.match_subject = self.match_devices = False
        if self.match_subject and not self.subject:
            raise InvalidInputError("match: 'subject' needs the subject option", option='match')
        if self.match_devices and not self.device_references():
            raise InvalidInputError("match: 'devices' needs the hardware or virtual_guests option", option='match')
        self._check_devices_and_closing()
        if self.update is not None and not self.update.strip():
            raise InvalidInputError('update must not be empty', option='update')
        if self.body is not None and not self.body.strip():
            raise InvalidInputError('body must not be empty', option='body')
        for option in ('body', 'update'):
            text = getattr(self, option)
            if text is not None and len(text) > MAX_ENTRY_LENGTH:
                raise InvalidInputError('%s is %d characters long; SoftLayer accepts at most %d per ticket update: '
                                        'attach long output as a file (attachments) instead' % (
                                            option, len(text), MAX_ENTRY_LENGTH), option=option)
        if any(not (e or '').strip() for e in emails or []):
            raise InvalidInputError('additional_emails: an entry is empty; list e-mail addresses, or [] to remove '
                                    'them all', option='additional_emails')
        bad = [e for e in self.additional_emails or [] if not EMAIL_RE.match(e)]
        if bad:
            raise InvalidInputError('additional_emails: not an e-mail address: %s' % ', '.join(bad),
                                    option='additional_emails')
        self._check_files()

    def _check_devices_and_closing(self):
        if self.devices_state not in DEVICES_STATES:  # the argument spec checks it; a direct caller may not
            raise InvalidInputError('devices_state must be one of %s, got %r' % (', '.join(DEVICES_STATES), self.devices_state),
                                    option='devices_state')
        if self.devices_state == 'absent' and self.match_devices:
            raise InvalidInputError("match: 'devices' finds a ticket by devices attached to it, which devices_state: "
                                    "absent removes; use match: title or ticket_id", option='devices_state')
        if self.update_priority and self.priority is None:
            raise InvalidInputError('update_priority needs the priority option (1 to 4)', option='update_priority')
        if self.final_comments is None:
            return
        if self.ticket_id is None:
            raise InvalidInputError('final_comments needs ticket_id: SoftLayer takes them only on a closed ticket, '
                                    'and only open tickets are found by title', option='final_comments')
        if not self.final_comments.strip():
            raise InvalidInputError('final_comments must not be empty', option='final_comments')
        if len(self.final_comments) > MAX_FINAL_COMMENTS:
            raise InvalidInputError('final_comments is %d characters long; SoftLayer takes at most %d' % (
                len(self.final_comments), MAX_FINAL_COMMENTS), option='final_comments')

    def _check_files(self):
        names = {}
        for path in self.attachments:
            if not os.path.isfile(path):
                raise InvalidInputError('attachments: %s does not exist or is not a regular file' % path,
                                        option='attachments')
            if not os.access(path, os.R_OK):
                raise InvalidInputError('attachments: %s is not readable' % path, option='attachments')
            name = os.path.basename(path)
            if name in names:
                raise InvalidInputError(
                    'attachments: %s and %s have the same file name; SoftLayer needs unique names per ticket' % (
                        names[name], path), option='attachments')
            names[name] = path

    def device_references(self):
        return [ref for refs in self.devices.values() for ref in refs]

    @property
    def marker(self):
        return identity_marker(self.title) if self.title else None

    def lock_path(self, directory=None):
        if self.ticket_id is not None:
            return ticket_lock_path(self.account, self.ticket_id, directory)
        return lock_path('title', self.account, self.marker, owner=LOCK_OWNER, directory=directory)

    def describe(self):
        if self.ticket_id is not None:
            return 'ticket %s' % self.ticket_id
        return "the ticket titled '%s'" % self.title


def ticket_lock_path(account, ticket_id, directory=None):
    """The lock of one ticket: a run by ``ticket_id`` takes it as its identity's, a run that found the ticket too."""
    return lock_path('ticket', account, ticket_id, owner=LOCK_OWNER, directory=directory)


def _text(value):
    if value is None:
        return None
    value = str(value).strip()
    return value or None
