# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A small stateful SoftLayer account for sl_ticket's unit tests, answering a FakeSDK.

It implements only what sl_ticket calls, with the filter subset it sends, so the
tests can run whole scenarios (create, re-run, lost responses) without a server.
The real behaviour is tested against the emulator by the integration target.
"""

from __future__ import annotations

import copy
import itertools
import threading
import time

from SoftLayer import exceptions

HARDWARE = [
    {'id': 11, 'hostname': 'web01', 'domain': 'example.com'},
    {'id': 12, 'hostname': 'web02', 'domain': 'example.com'},
    {'id': 15, 'hostname': 'cache01', 'domain': 'dal10.example.com'},
    {'id': 16, 'hostname': 'cache01', 'domain': 'fra02.example.com'},
]
GUESTS = [{'id': 91, 'hostname': 'app01', 'domain': 'example.com'}]
SUBJECTS = [{'id': 1021, 'name': 'Hardware Issue'}, {'id': 1522, 'name': 'API Question'}]
WHITELIST = ['txt', 'log', 'png']
USER = {'id': 7001, 'username': 'ansible-demo', 'firstName': 'Ansible', 'lastName': 'Demo'}
USERS = [USER, {'id': 7002, 'username': 'ops-analyst', 'firstName': 'Olivia', 'lastName': 'Analyst'}]
STATUSES = {1001: 'Open', 1002: 'Closed', 1004: 'Assigned'}


def fault(code, text):
    return exceptions.SoftLayerAPIError(code, text)


def _device(raw):
    return dict(raw, fullyQualifiedDomainName='%s.%s' % (raw['hostname'], raw['domain']))


def _leaf_values(leaf):
    return leaf['options'][0]['value']


def _searches(branch):
    """The branch without the orderBy leaves the client adds for paging."""
    return {key: leaf for key, leaf in branch.items() if leaf.get('operation') != 'orderBy'}


class FakeAccount:
    """Tickets, devices and subjects behind a FakeSDK; ``lose(method)`` drops the next answer after applying it."""

    def __init__(self, sdk, title_policy='keep'):
        self.sdk = sdk
        self.title_policy = title_policy
        self.tickets = {}
        self.ids = itertools.count(500)
        self.update_ids = itertools.count(9000)
        self.losses = {}
        self.refusals = {}
        self.create_delay = 0
        self.lock = threading.Lock()
        for (service, method), handler in self.handlers().items():
            sdk.responses[(service, method)] = handler

    # -- set-up ------------------------------------------------------------------------------
    def add_ticket(self, title, status=1001, subject_id=1021, entries=('first',), hardware=(), guests=(),
                   files=(), emails=(), assigned=True, create_date='2025-01-01T10:00:00-06:00'):
        ticket_id = next(self.ids)
        self.tickets[ticket_id] = {
            'id': ticket_id, 'title': title, 'statusId': status, 'subjectId': subject_id,
            'priority': 0, 'createDate': create_date, 'assignedUserId': USER['id'] if assigned else None,
            'notifyUserOnUpdateFlag': True, 'serviceProviderResourceId': 'CS%07d' % ticket_id,
            'updates': [self._update(ticket_id, entry) for entry in entries],
            'hw': [h['id'] for h in HARDWARE if h['hostname'] in hardware or h['id'] in hardware],
            'vg': [g['id'] for g in GUESTS if g['hostname'] in guests],
            'files': [{'id': n, 'fileName': name, 'fileSize': '3', 'createDate': create_date} for n, name in enumerate(files)],
            'emails': list(emails),
        }
        return ticket_id

    def post_by_hand(self, ticket_id, entry):
        """An update posted by someone else (another run, a person), not through the module under test."""
        self.tickets[ticket_id]['updates'].append(self._update(ticket_id, entry))

    def lose(self, method, landed=True):
        """The next call of ``method`` loses its response: applied (``landed``) or not, then a transport error."""
        self.losses[method] = landed

    def writes(self):
        return [c['method'] for c in self.sdk.calls if c['method'] in WRITES]

    # -- rendering ---------------------------------------------------------------------------
    def _update(self, ticket_id, entry):
        return {'id': next(self.update_ids), 'ticketId': ticket_id, 'entry': entry, 'editorType': 'USER',
                'createDate': '2025-01-01T10:00:00-06:00'}

    def render(self, ticket_id):
        t = self.tickets[ticket_id]
        subject = next((s for s in SUBJECTS if s['id'] == t['subjectId']), None)
        return copy.deepcopy({
            'id': t['id'], 'title': t['title'], 'statusId': t['statusId'],
            'status': {'id': t['statusId'], 'name': STATUSES[t['statusId']]},
            'subjectId': t['subjectId'], 'subject': subject, 'priority': t['priority'],
            'createDate': t['createDate'], 'assignedUserId': t['assignedUserId'],
            'assignedUser': next((dict(u) for u in USERS if u['id'] == t['assignedUserId']), None),
            'notifyUserOnUpdateFlag': t['notifyUserOnUpdateFlag'],
            'serviceProviderResourceId': t['serviceProviderResourceId'],
            'updateCount': len(t['updates']), 'attachedFileCount': len(t['files']),
            'updates': t['updates'],
            'attachedHardware': [_device(h) for h in HARDWARE if h['id'] in t['hw']],
            'attachedVirtualGuests': [_device(g) for g in GUESTS if g['id'] in t['vg']],
            'attachedFiles': t['files'],
            'attachedAdditionalEmails': [{'email': e} for e in t['emails']],
        })

    # -- API ---------------------------------------------------------------------------------
    def handlers(self):
        return {
            ('SoftLayer_Account', 'getTickets'): self.get_tickets,
            ('SoftLayer_Account', 'getUsers'): self.get_users,
            ('SoftLayer_Account', 'getHardware'): lambda **kw: self.devices(HARDWARE, kw, 'hardware'),
            ('SoftLayer_Account', 'getVirtualGuests'): lambda **kw: self.devices(GUESTS, kw, 'virtualGuests'),
            ('SoftLayer_Account', 'getCurrentUser'): lambda **kw: dict(USER),
            ('SoftLayer_Ticket_Subject', 'getAllObjects'): lambda **kw: copy.deepcopy(SUBJECTS),
            ('SoftLayer_Ticket_Attachment_File', 'getExtensionWhitelist'): lambda **kw: list(WHITELIST),
            ('SoftLayer_Ticket', 'getObject'): self.get_object,
            ('SoftLayer_Ticket', 'createStandardTicket'): self.write('createStandardTicket', self.create),
            ('SoftLayer_Ticket', 'addUpdate'): self.write('addUpdate', self.add_update),
            ('SoftLayer_Ticket', 'addAttachedHardware'): self.write(
                'addAttachedHardware', lambda hid, id: self.attach(id, 'hw', hid)),
            ('SoftLayer_Ticket', 'addAttachedVirtualGuest'): self.write(
                'addAttachedVirtualGuest', lambda gid, id: self.attach(id, 'vg', gid)),
            ('SoftLayer_Ticket', 'addAttachedFile'): self.write('addAttachedFile', self.add_file),
            ('SoftLayer_Ticket', 'updateAttachedAdditionalEmails'): self.write('updateAttachedAdditionalEmails', self.set_emails),
        }

    def write(self, method, handler):
        """A write handler that honours ``lose`` and ``refusals`` for ``method``."""

        def call(*args, **kwargs):
            if method in self.refusals:
                raise self.refusals.pop(method)
            kwargs.pop('mask', None)
            landed = self.losses.pop(method, None)
            if landed is False:
                raise exceptions.TransportError(0, 'connection dropped before the request was sent')
            with self.lock:
                result = handler(*args, **kwargs)
            if landed:
                raise exceptions.TransportError(0, 'Remote end closed connection without response')
            return result
        return call

    def get_tickets(self, mask=None, filter=None, limit=None, offset=None):
        branch = _searches((filter or {}).get('tickets', {}))
        found = []
        for ticket_id in sorted(self.tickets):
            raw = self.render(ticket_id)
            if not self._matches(raw, branch):
                continue
            found.append(raw)
        return found[offset or 0:(offset or 0) + limit] if limit else found

    @staticmethod
    def _matches(raw, branch):
        for key, leaf in branch.items():
            if key == 'title':
                operation = leaf.get('operation', '')
                if operation.startswith('$='):
                    if not raw['title'].lower().endswith(operation[2:].strip().lower()):
                        return False
                elif raw['title'] not in _leaf_values(leaf):
                    return False
            if key == 'statusId' and raw['statusId'] not in _leaf_values(leaf):
                return False
            if key == 'firstUpdate':
                operand = leaf['entry']['operation'][2:].strip().lower()
                if operand not in raw['updates'][0]['entry'].lower():
                    return False
            if key == 'subjectId' and raw['subjectId'] != leaf['operation']:
                return False
            if key == 'subject':
                if (raw['subject'] or {}).get('name', '').lower() != leaf['name']['operation'][2:].strip().lower():
                    return False
            if key == 'status' and raw['status']['name'] not in _leaf_values(leaf['name']):
                return False
        return True

    @staticmethod
    def get_users(mask=None, filter=None, limit=None, offset=None):
        branch = _searches((filter or {}).get('users', {}))
        rows = [dict(user) for user in USERS]
        if 'id' in branch:
            rows = [u for u in rows if u['id'] == branch['id']['operation']]
        if 'username' in branch:
            wanted = branch['username']['operation'][2:].strip().lower()
            rows = [u for u in rows if u['username'].lower() == wanted]
        return rows[offset or 0:(offset or 0) + limit] if limit else rows

    def devices(self, table, kwargs, root):
        branch = _searches((kwargs.get('filter') or {}).get(root, {}))
        rows = [_device(d) for d in table]
        if 'id' in branch:
            rows = [d for d in rows if d['id'] in _leaf_values(branch['id'])]
        if 'hostname' in branch:
            rows = [d for d in rows if d['hostname'] in _leaf_values(branch['hostname'])]
        return rows

    def get_object(self, id=None, mask=None):
        if id not in self.tickets:
            raise fault('SoftLayer_Exception_ObjectNotFound', "Unable to find object with id of '%s'." % id)
        return self.render(id)

    def create(self, template, contents):
        if self.create_delay:
            time.sleep(self.create_delay)
        if 'assignedUserId' not in template:
            raise fault('SoftLayer_Exception_Public', 'Please provide an assigned user (assignedUserId).')
        title = template['title']
        subject_name = next(s['name'] for s in SUBJECTS if s['id'] == template['subjectId'])
        if self.title_policy == 'subject':
            title = subject_name
        elif self.title_policy == 'prefixed':
            title = '%s - %s' % (subject_name, title)
        ticket_id = self.add_ticket(title, subject_id=template['subjectId'], entries=(), create_date='2026-01-01T10:00:00-06:00',
                                    assigned=bool(template.get('assignedUserId')))
        ticket = self.tickets[ticket_id]
        ticket['assignedUserId'] = template['assignedUserId']
        ticket['priority'] = template.get('priority', 0)
        ticket['updates'] = [self._update(ticket_id, contents[i:i + 3900]) for i in range(0, len(contents), 3900)]
        return self.render(ticket_id)

    def _open(self, ticket_id):
        ticket = self.tickets[ticket_id]
        if ticket['statusId'] == 1002:
            raise fault('SoftLayer_Exception_Public', 'This ticket is closed and cannot be updated.')
        return ticket

    def add_update(self, template, id):
        ticket = self._open(id)
        text = template['entry']
        new = [self._update(id, text[i:i + 3900]) for i in range(0, len(text), 3900)]
        ticket['updates'].extend(new)
        return copy.deepcopy(new)

    def attach(self, ticket_id, key, device_id):
        ticket = self._open(ticket_id)
        if device_id in ticket[key]:
            raise fault('SoftLayer_Exception_Public', 'This hardware is already attached to this ticket.')
        ticket[key].append(device_id)
        return {'id': 1, 'ticketId': ticket_id}

    def add_file(self, container, id):
        ticket = self._open(id)
        stored = {'id': len(ticket['files']) + 100, 'fileName': container['filename'],
                  'fileSize': str(len(container['data'])), 'createDate': '2026-01-01T10:00:00-06:00'}
        ticket['files'].append(stored)
        return dict(stored)

    def set_emails(self, emails, id):
        ticket = self._open(id)
        if ticket['assignedUserId'] is None:
            raise fault('SoftLayer_Exception_Public', 'This ticket does not have an assigned user.')
        ticket['emails'] = list(emails)
        return True


WRITES = ('createStandardTicket', 'addUpdate', 'addAttachedHardware', 'addAttachedVirtualGuest', 'addAttachedFile',
          'updateAttachedAdditionalEmails')
