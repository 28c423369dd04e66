# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The two writers that carry out sl_ticket's steps (``plan.py``): the API, and check mode's dry run.

Every write of a run goes through one of them. Both answer the same calls with the same
shapes: the ticket as opened, a file as stored, the updates as posted (the duplicate note too). The API writer makes each write at most once: when a response is
lost (``OutcomeUnknownError``) it looks on the ticket whether the write landed before it
tries once more. The dry-run writer writes nothing and answers with what the API would
store, leaving unknown what only the server knows (ids, dates).
"""

from __future__ import annotations

import os
import time

from ansible_collections.softlayer.support.plugins.module_utils.tickets.devices import describe
from ansible_collections.softlayer.support.plugins.module_utils.api.errors import (
    ApiFaultError,
    OutcomeUnknownError,
    SoftLayerSupportError,
)
from ansible_collections.softlayer.support.plugins.module_utils.tickets.identity import (
    email_changes,
    split_update,
    update_posted,
)
from ansible_collections.softlayer.support.plugins.module_utils.sl_ticket.plan import record_updates
from ansible_collections.softlayer.support.plugins.module_utils.sl_ticket.reads import FULL_MASK, find_created, read_ticket
from ansible_collections.softlayer.support.plugins.module_utils.tickets.statuses import OPEN
from ansible_collections.softlayer.support.plugins.module_utils.tickets.fields import FILE_MASK, UPDATES_MASK

# Waits (seconds) before looking again whether a write that got no answer landed after all.
LANDING_GRACE_SECONDS = (1, 2, 3)


class ApiWriter:
    """Writes through the client, each write at most once."""

    def __init__(self, client, warn=None, sleep=None):
        self.client = client
        self.warn = warn or (lambda message: None)
        self.sleep = sleep or time.sleep

    def open_ticket(self, step):
        title = step.template['title']
        return self.write_once(
            'open the ticket',
            lambda: self.client.write('SoftLayer_Ticket', 'createStandardTicket', step.template, step.contents,
                                      mask=FULL_MASK, operation="open the ticket '%s'" % title),
            lambda: find_created(self.client, step.token))

    def set_emails(self, raw, wanted):
        def landed():
            current = [e.get('email') for e in self._reread(raw).get('attachedAdditionalEmails') or []]
            return True if email_changes(current, wanted) == ([], []) else None
        self.write_once('set the additional e-mails', lambda: self.client.write(
            'SoftLayer_Ticket', 'updateAttachedAdditionalEmails', wanted, id=raw['id'],
            operation='set the additional e-mails of ticket %s' % raw['id']), landed)

    def attach(self, raw, kind, device):
        """Attach ``device``; False when another run attached it meanwhile (SoftLayer refuses a second link)."""
        return self._link_device(raw, kind, device, attached=True)

    def detach(self, raw, kind, device):
        """Remove ``device``; False when another run removed it meanwhile (SoftLayer refuses removing it twice)."""
        return self._link_device(raw, kind, device, attached=False)

    def _link_device(self, raw, kind, device, attached):
        """Attach (``attached``) or remove ``device`` by its own id, the argument both methods take."""
        described = '%s %s' % (kind.label, describe(device))
        verb, method, preposition = ('attach', kind.attach_method, 'to') if attached else (
            'remove', kind.remove_method, 'from')

        def landed():
            ids = {d.get('id') for d in self._reread(raw).get(kind.relation) or []}
            return True if (device['id'] in ids) == attached else None
        return self.write_unless_done('%s %s' % (verb, described), lambda: self.client.write(
            'SoftLayer_Ticket', method, device['id'], id=raw['id'],
            operation='%s %s %s ticket %s' % (verb, described, preposition, raw['id'])), landed)

    def set_priority(self, raw, priority, note):
        """Set the priority with edit (which posts ``note``: it takes no edit without an update); the updates stored.

        Fails when SoftLayer kept another priority: it honours priority only under some support plans.
        """
        known = {u.get('id') for u in raw.get('updates') or []}
        template = {'priority': priority}
        if raw.get('subjectId') is not None:
            template['subjectId'] = raw['subjectId']  # the API guide: an edit of a standard ticket names its subject

        def landed():
            ticket = self._reread(raw)
            new = [u.get('entry') for u in ticket.get('updates') or [] if u.get('id') not in known]
            return ticket if ticket.get('priority') == priority or (new and update_posted(note, new)) else None
        ticket = self.write_once('change the priority', lambda: self.client.write(
            'SoftLayer_Ticket', 'edit', template, note, id=raw['id'], mask=FULL_MASK,
            operation='change the priority of ticket %s to %s' % (raw['id'], priority)), landed)
        if ticket.get('priority') != priority:
            raise SoftLayerSupportError(
                'SoftLayer kept priority %s on ticket %s instead of %s (the update "%s" was posted): it honours a '
                'priority only on accounts with Advanced or Premium support. Leave out update_priority, or ask '
                'SoftLayer in an update.' % (ticket.get('priority'), raw['id'], priority, note),
                operation='change the priority of ticket %s' % raw['id'])
        return [u for u in ticket.get('updates') or [] if u.get('id') not in known]

    def add_final_comments(self, raw, text):
        """Add the final comments; False when another run added these meanwhile (SoftLayer takes them once)."""
        def landed():
            return True if (self._reread(raw).get('finalComments') or '').strip() == text.strip() else None
        return self.write_unless_done('add the final comments', lambda: self.client.write(
            'SoftLayer_Ticket', 'addFinalComments', text, id=raw['id'],
            operation='add final comments to ticket %s' % raw['id']), landed)

    def upload(self, raw, path, name):
        with open(path, 'rb') as handle:
            data = handle.read()

        def landed():
            files = [f for f in self._reread(raw).get('attachedFiles') or [] if f.get('fileName') == name]
            return files[0] if files else None
        return self.write_once('upload %s' % name, lambda: self.client.write(
            'SoftLayer_Ticket', 'addAttachedFile', {'filename': name, 'data': data}, id=raw['id'],
            mask=FILE_MASK, operation='upload %s to ticket %s' % (name, raw['id'])), landed)

    def post_update(self, raw, text):
        """Post ``text``; returns the updates stored (SoftLayer cuts long text into several)."""
        return self._add_update(raw, text, 'post the update', 'post an update to ticket %s' % raw['id'])

    def mark_duplicate(self, raw, older_id, note):
        """Post ``note`` saying ticket ``raw`` duplicates ticket ``older_id``; returns the updates stored."""
        return self._add_update(raw, note, 'mark ticket %s as a duplicate' % raw['id'],
                                'mark ticket %s as a duplicate of ticket %s' % (raw['id'], older_id))

    def _add_update(self, raw, text, what, operation):
        known = {u.get('id') for u in raw.get('updates') or []}

        def landed():
            new = [u for u in self._reread(raw).get('updates') or [] if u.get('id') not in known]
            return new if new and update_posted(text, [u.get('entry') for u in new]) else None
        stored = self.write_once(what, lambda: self.client.write(
            'SoftLayer_Ticket', 'addUpdate', {'entry': text}, id=raw['id'], mask=UPDATES_MASK,
            operation=operation), landed)
        return [stored] if isinstance(stored, dict) else stored

    # -- at most once -----------------------------------------------------------------------------
    def write_once(self, what, write, landed):
        """Run ``write``; if its response is lost, look whether it landed before trying once more."""
        for attempt in (1, 2):
            try:
                return write()
            except OutcomeUnknownError as error:
                outcome = self._look_for(landed, error)
                if outcome is not None:
                    self.warn('the response to "%s" was lost, but the change is on the ticket: '
                              'it was not made again' % what)
                    return outcome
                if attempt == 2:
                    raise
        return None  # pragma: no cover

    def write_unless_done(self, what, write, landed):
        """``write_once``; True when this run wrote, False when the API refused because another run made the change.

        For writes SoftLayer takes once (a device link, final comments): its refusal of a second one is no
        failure when ``landed()`` then finds the change.
        """
        try:
            self.write_once(what, write, landed)
        except ApiFaultError as error:
            if isinstance(error, OutcomeUnknownError) or not _quietly(landed):
                raise
            return False
        return True

    def _look_for(self, landed, error):
        """What ``landed()`` finds after ``error``, or None.

        After no answer at all (a timeout or a dropped connection) the API may
        still be working on the request, so a slow commit gets a few seconds of
        grace before the write counts as not landed.
        """
        for wait in (0,) + (LANDING_GRACE_SECONDS if error.fault_code == 0 else ()):
            if wait:
                self.sleep(wait)
            try:
                outcome = landed()
            except SoftLayerSupportError as look_error:
                raise OutcomeUnknownError(
                    '%s; looking whether it landed failed too (%s), so it was not tried again: check the ticket '
                    'before running the task again' % (error, look_error),
                    fault_code=error.fault_code, operation=error.operation) from None
            if outcome is not None:
                return outcome
        return None

    def _reread(self, raw):
        return read_ticket(self.client, raw['id'], operation='look whether the change reached ticket %s' % raw['id'])


class DryRunWriter:
    """Check mode: writes nothing, answers what the API would store."""

    @staticmethod
    def open_ticket(step):
        return predicted_ticket(step)

    def set_emails(self, raw, wanted):
        pass

    @staticmethod
    def attach(raw, kind, device):  # pylint: disable=unused-argument
        return True

    @staticmethod
    def detach(raw, kind, device):  # pylint: disable=unused-argument
        return True

    @staticmethod
    def set_priority(raw, priority, note):  # pylint: disable=unused-argument
        return _predicted_updates(note)

    @staticmethod
    def add_final_comments(raw, text):  # pylint: disable=unused-argument
        return True

    @staticmethod
    def upload(raw, path, name):  # pylint: disable=unused-argument
        return {'id': None, 'fileName': name, 'fileSize': str(os.path.getsize(path)), 'createDate': None}

    @staticmethod
    def post_update(raw, text):  # pylint: disable=unused-argument
        return _predicted_updates(text)

    @staticmethod
    def mark_duplicate(raw, older_id, note):  # pylint: disable=unused-argument
        return _predicted_updates(note)


def _quietly(look):
    """``look()``, or None when looking fails too (the caller then raises its own error)."""
    try:
        return look()
    except SoftLayerSupportError:
        return None


def _predicted_updates(text):
    return [{'id': None, 'createDate': None, 'editorType': 'USER', 'entry': piece} for piece in split_update(text)]


def predicted_ticket(step):
    """What createStandardTicket would return: no id, no dates, the server's defaults unknown."""
    template, subject, user = step.template, step.subject, step.user
    ticket = {
        'id': None,
        'createDate': None,
        'serviceProviderResourceId': None,
        'title': template['title'],
        'subjectId': subject['id'],
        'subject': {'id': subject['id'], 'name': subject['name']},
        'status': {'name': OPEN.name},
        'statusId': None,
        'priority': template.get('priority'),
        'assignedUserId': user['id'],
        'assignedUser': user,
        'notifyUserOnUpdateFlag': template.get('notifyUserOnUpdateFlag'),
        'attachedFileCount': 0,
        'attachedHardware': [],
        'attachedVirtualGuests': [],
        'attachedFiles': [],
        'attachedAdditionalEmails': [],
    }
    # The body is the ticket's first update(s): the API sets the count and who spoke last as for any update.
    record_updates(ticket, _predicted_updates(step.contents))
    return ticket
