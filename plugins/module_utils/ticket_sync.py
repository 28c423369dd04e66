# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""sl_ticket's work: find the ticket, decide what is missing, write it exactly once.

The flow, in API round trips:

1. Find the ticket: ``getObject`` for ``ticket_id``; otherwise two open-ticket
   searches at once (exact title, and the identity marker in the first update).
2. Only when something must be looked up: subject, devices, the attachment
   extension whitelist (and the API user, for e-mails on a new ticket), at once.
3. The writes, each at most once: create, e-mails, devices, files, update.

Every input check happens before the first write. A write whose response is lost
(``OutcomeUnknownError``) is looked for on the ticket before it is tried again.
In check mode every read happens and no write; the result is built from the
same plan, so ``changed`` and the returned ticket are the real run's.
"""

from __future__ import annotations

import contextlib
import copy
import os
import re
import secrets
import time

from ansible_collections.softlayer.support.plugins.module_utils import device_lookup, duplicate_tickets
from ansible_collections.softlayer.support.plugins.module_utils.errors import (
    ApiFaultError,
    InvalidInputError,
    OutcomeUnknownError,
    SoftLayerSupportError,
)
from ansible_collections.softlayer.support.plugins.module_utils.run_lock import identity_lock, lock_path
from ansible_collections.softlayer.support.plugins.module_utils.subjects import fetch_subjects, resolve_subject
from ansible_collections.softlayer.support.plugins.module_utils.users import all_users, lookup_user, resolve_user
from ansible_collections.softlayer.support.plugins.module_utils.ticket_identity import (
    body_with_marker,
    carries_token,
    choose_ticket,
    creation_token,
    email_changes,
    identity_marker,
    is_attached,
    is_candidate,
    marker_filter,
    new_lines,
    SEARCH_ROOT,
    split_update,
    title_filter,
    unique_emails,
    update_posted,
)
from ansible_collections.softlayer.support.plugins.module_utils.tickets import (
    OPEN_STATUSES,
    is_open,
    normalise_device,
    normalise_ticket,
    ticket_mask,
)

FULL_MASK = ticket_mask(include_updates=True, include_attachments=True)
UPDATES_MASK = 'mask[id,createDate,editorType,entry]'
FILE_MASK = 'mask[id,fileName,fileSize,createDate]'
MATCH_CHOICES = ('title', 'subject', 'devices', 'none')
NOT_FOUND = 'SoftLayer_Exception_ObjectNotFound'
EMAIL_RE = re.compile(r'^[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>]+$')
DIFF_TEXT_LIMIT = 200
# Waits (seconds) before looking again whether a write that got no answer landed after all.
LANDING_GRACE_SECONDS = (1, 2, 3)
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
        self.devices = {
            device_lookup.HARDWARE.name: _references(params.get('hardware'), 'hardware'),
            device_lookup.VIRTUAL_GUEST.name: _references(params.get('virtual_guests'), 'virtual_guests'),
        }
        self.attachments = [os.path.abspath(os.path.expanduser(p)) for p in params.get('attachments') or []]
        match = [m.strip().lower() for m in (params.get('match') or ['title'])]
        self.always_create = 'none' in match
        self.match_subject = 'subject' in match
        self.match_devices = 'devices' in match
        self.account = (params.get('username') or '', params.get('endpoint_url') or '')
        self._check(match, emails)

    def _check(self, match, emails):
        if self.ticket_id is None and not self.title:
            raise InvalidInputError('one of ticket_id or title is required', option='title')
        unknown = sorted(set(match) - set(MATCH_CHOICES))
        if unknown:
            raise InvalidInputError('match: unknown value(s) %s; use %s' % (
                ', '.join(unknown), ', '.join(MATCH_CHOICES)), option='match')
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
            return lock_path('ticket', self.account, self.ticket_id, directory=directory)
        return lock_path('title', self.account, self.marker, directory=directory)

    def describe(self):
        if self.ticket_id is not None:
            return 'ticket %s' % self.ticket_id
        return "the ticket titled '%s'" % self.title


def _text(value):
    if value is None:
        return None
    value = str(value).strip()
    return value or None


def _references(values, option):
    refs = []
    for value in values or []:
        text = str(value).strip()
        if not text:
            raise InvalidInputError('%s: empty device reference' % option, option=option)
        if text not in refs:
            refs.append(text)
    return refs


def sync_ticket(client, params, check_mode=False, diff=False, warn=None, lock_dir=None):
    """Make the ticket described by the module ``params`` so; return the module result.

    Raises SoftLayerSupportError (and nothing else it expects) on failure.
    """
    request = TicketRequest(params)
    if lock_dir is not None and not os.path.isdir(lock_dir):
        raise InvalidInputError('lock_dir %s is not a directory (it must exist, on storage every controller '
                                'shares)' % lock_dir, option='lock_dir')
    sync = TicketSync(client, request, check_mode=check_mode, warn=warn, lock_dir=lock_dir)
    if check_mode or request.always_create:
        return sync.run(diff)
    with identity_lock(request.lock_path(lock_dir), describe=request.describe()):
        return sync.run(diff)


class TicketSync:
    """One run: the found ticket, the plan, the writes and what they did."""

    def __init__(self, client, request, check_mode=False, warn=None, lock_dir=None):
        self.client = client
        self.request = request
        self.check_mode = check_mode
        self.warn = warn or (lambda message: None)
        self.lock_dir = lock_dir
        self.raw = None           # the ticket as SoftLayer shapes it, kept current with every write
        self.created = False
        self.updates_added = []
        self.devices_attached = []
        self.files_uploaded = []
        self.emails = {'added': [], 'removed': []}
        self.duplicate_ticket_id = None  # this run's own ticket, when it turned out to duplicate an older one

    # -- the run --------------------------------------------------------------------------------
    def run(self, diff=False):
        found = self.find()
        with contextlib.ExitStack() as stack:
            if found is not None and not self.check_mode and self.request.ticket_id is None:
                # A run addressing this ticket by id must not post the same thing at the same time;
                # if one did meanwhile, what was read is stale.
                waited = stack.enter_context(identity_lock(
                    lock_path('ticket', self.request.account, found['id'], directory=self.lock_dir),
                    describe='ticket %s' % found['id']))
                if waited:
                    found = self.read_ticket(found['id'])
            before = normalise_ticket(found) if found is not None else None
            if found is None:
                self.create()
            else:
                self.reconcile(found)
        changed = bool(self.created or self.updates_added or self.devices_attached or self.files_uploaded
                       or self.emails['added'] or self.emails['removed'])
        ticket = normalise_ticket(self.raw)
        result = {
            'changed': changed,
            'created': self.created,
            'ticket': ticket,
            'updates_added': list(self.updates_added),
            'devices_attached': list(self.devices_attached),
            'files_uploaded': list(self.files_uploaded),
            'emails': self.emails,
        }
        if self.duplicate_ticket_id is not None:
            result['duplicate_ticket_id'] = self.duplicate_ticket_id
        if diff:
            result['diff'] = {
                'before': diff_view(before) if before is not None else {},
                'after': diff_view(ticket, self.updates_added),
            }
        return result

    # -- finding --------------------------------------------------------------------------------
    def find(self):
        request = self.request
        if request.ticket_id is not None:
            return self.read_ticket(request.ticket_id)
        if request.always_create:
            return None
        candidates = self.candidates()
        twins = [raw for raw in candidates if carries_token(raw, request.marker)]
        if len(twins) > 1:
            # Runs on several controllers opened these at once, and each hands over to the oldest
            # (duplicate_tickets.settle) before marking its own: use the oldest too, not the newest.
            return duplicate_tickets.oldest(twins)
        chosen, others = choose_ticket(candidates)
        if others:
            self.warn("%d open tickets match '%s': using the newest, %s (created %s); also matching: %s. "
                      'Set ticket_id to address another one.' % (
                          len(others) + 1, request.title, chosen['id'], chosen.get('createDate'),
                          ', '.join(str(raw['id']) for raw in others)))
        return chosen

    def candidates(self, by_title=True):
        """The open tickets with this run's identity, leaving out those marked as duplicates.

        The one identity search: find() chooses from it, and duplicate_tickets.settle() looks again
        with it. ``by_title=False`` asks only for the tickets carrying this identity's marker, which
        every ticket opened by a concurrent run of this module carries: one call instead of two.
        """
        request = self.request
        subject = request.subject if request.match_subject else None
        searches = [lambda: self.search(marker_filter(request.marker, subject),
                                        'find open tickets marked %s' % request.marker)]
        if by_title:
            searches.append(lambda: self.search(title_filter(request.title, subject),
                                                "find open tickets titled '%s'" % request.title))
        found = [raw for answer in self.client.parallel(*searches) for raw in answer]
        devices = request.device_references() if request.match_devices else None
        candidates = [raw for raw in found
                      if is_candidate(raw, request.title, request.marker, subject=subject, devices=devices,
                                      attached_of=_attached_devices)]
        return duplicate_tickets.without_duplicates(candidates)

    def search(self, object_filter, operation):
        return self.client.read_all('SoftLayer_Account', 'getTickets', SEARCH_ROOT, mask=FULL_MASK,
                                    object_filter=object_filter, operation=operation)

    def read_ticket(self, ticket_id, operation=None):
        try:
            return self.client.read('SoftLayer_Ticket', 'getObject', id=ticket_id, mask=FULL_MASK,
                                    operation=operation or 'read ticket %s' % ticket_id)
        except ApiFaultError as error:
            if error.fault_code == NOT_FOUND:
                raise InvalidInputError('ticket %s was not found on this account' % ticket_id, option='ticket_id')
            raise

    # -- an existing ticket ---------------------------------------------------------------------
    def reconcile(self, found):
        request = self.request
        self.raw = copy.deepcopy(found)
        ticket = normalise_ticket(found)
        missing = {}
        for kind in device_lookup.KINDS:
            attached = ticket['attached_%s' % ('hardware' if kind is device_lookup.HARDWARE else 'virtual_guests')]
            refs = [ref for ref in request.devices[kind.name] if not is_attached(ref, attached)]
            if refs:
                missing[kind.name] = refs
        attached_names = {f['file_name'] for f in ticket.get('attached_files') or []}
        uploads = [path for path in request.attachments if os.path.basename(path) not in attached_names]
        update_text = self.pending_update(ticket)
        post_update = update_text is not None
        emails = None
        if request.additional_emails is not None:
            added, removed = email_changes(ticket.get('additional_emails') or [], request.additional_emails)
            if added or removed:
                emails = (added, removed)
        if not (missing or uploads or post_update or emails):
            return
        self.refuse_closed(ticket, missing, uploads, post_update, emails)
        if emails and found.get('assignedUserId') is None:
            raise InvalidInputError(
                'ticket %s has no assigned user, and SoftLayer attaches additional e-mails only to tickets that '
                'have one; nothing was written' % ticket['id'], option='additional_emails')

        lookups = self.lookups(missing, uploads)
        to_attach = []
        for kind in device_lookup.KINDS:
            if kind.name in missing:
                attached_ids = {d['id'] for d in _attached_devices(found) if d['kind'] == kind.name}
                to_attach.extend((kind, d) for d in lookups['devices'][kind.name] if d['id'] not in attached_ids)
        check_extensions(uploads, lookups.get('whitelist'))

        if emails:
            self.set_emails(emails)
        for kind, device in to_attach:
            self.attach(kind, device)
        for path in uploads:
            self.upload(path)
        if post_update:
            self.post_update(update_text)

    def pending_update(self, ticket):
        """The text this run has to post, or None when the ticket already has it."""
        update = self.request.update
        if update is None:
            return None
        entries = [u['entry'] or '' for u in ticket.get('updates') or []]
        if self.request.update_mode == 'new_lines':
            return new_lines(update, entries) or None
        return None if update_posted(update, entries) else update

    def refuse_closed(self, ticket, missing, uploads, post_update, emails):
        if is_open(ticket):
            return
        wanted = []
        if post_update:
            wanted.append('an update')
        if missing:
            wanted.append('devices %s' % ', '.join(ref for refs in missing.values() for ref in refs))
        if uploads:
            wanted.append('files %s' % ', '.join(os.path.basename(p) for p in uploads))
        if emails:
            wanted.append('additional e-mail changes')
        raise InvalidInputError(
            'ticket %s is %s: SoftLayer accepts changes only on %s tickets and only SoftLayer staff can reopen one; '
            'nothing was written (wanted: %s). Open a new ticket instead (leave out ticket_id).' % (
                ticket['id'], ticket['status'] or 'not open', ' or '.join(OPEN_STATUSES), '; '.join(wanted)),
            option='ticket_id')

    # -- a new ticket ---------------------------------------------------------------------------
    def create(self):
        request = self.request
        needed = [name for name in ('title', 'subject', 'body') if not getattr(request, name)]
        if needed:
            if request.always_create:
                why = "match is 'none', so a new ticket is opened"
            else:
                why = "no open ticket matches title '%s', so a new one would be opened" % request.title
            raise InvalidInputError('%s, which needs %s' % (why, ', '.join(needed)), option=needed[0])
        missing = {name: refs for name, refs in request.devices.items() if refs}
        lookups = self.lookups(missing, request.attachments, subject=True, user=True)
        subject = lookups['subject']
        user = lookups['user']
        check_extensions(request.attachments, lookups.get('whitelist'))

        # The API guide asks every new ticket for an owner; only an owned ticket takes additional e-mails.
        template = {'subjectId': subject['id'], 'title': request.title, 'assignedUserId': user['id']}
        if request.priority is not None:
            template['priority'] = request.priority
        if request.notify_user is not None:
            template['notifyUserOnUpdateFlag'] = request.notify_user
        token = creation_token(request.marker, secrets.token_hex(6))
        contents = body_with_marker(request.body, token)

        if self.check_mode:
            self.raw = predicted_ticket(template, subject, contents, user)
        else:
            self.raw = self.write_once(
                'open the ticket',
                lambda: self.client.write('SoftLayer_Ticket', 'createStandardTicket', template, contents,
                                          mask=FULL_MASK, operation="open the ticket '%s'" % request.title),
                lambda: self.find_created(token))
        self.created = True
        if duplicate_tickets.settle(self):
            return
        if request.additional_emails:
            self.set_emails((list(request.additional_emails), []))
        for kind in device_lookup.KINDS:
            for device in lookups['devices'].get(kind.name, []):
                self.attach(kind, device)
        for path in request.attachments:
            self.upload(path)
        update_text = self.pending_update(normalise_ticket(self.raw))
        if update_text is not None:
            self.post_update(update_text)

    def find_created(self, token):
        found = self.search(marker_filter(token), 'look whether the ticket was opened')
        found = [raw for raw in found if token in ''.join(u.get('entry') or '' for u in raw.get('updates') or [])]
        return found[0] if found else None

    # -- reads before writing -------------------------------------------------------------------
    def lookups(self, missing_devices, uploads, subject=False, user=False):
        """Everything to look up before writing, read at once; checked before returning."""
        client = self.client
        jobs = []
        if subject:
            jobs.append(('subjects', lambda: fetch_subjects(client)))
        for kind in device_lookup.KINDS:
            refs = missing_devices.get(kind.name)
            for thunk in device_lookup.lookup_thunks(client, kind, refs) if refs else ():
                jobs.append((kind.name, thunk))
        if uploads:
            jobs.append(('whitelist', lambda: client.read(
                'SoftLayer_Ticket_Attachment_File', 'getExtensionWhitelist',
                operation='read the attachment extension whitelist')))
        if user:
            jobs.append(('user', lookup_user(client, self.request.assigned_user)))
        answers = client.parallel(*[job for unused_name, job in jobs])
        found = {kind.name: [] for kind in device_lookup.KINDS}
        result = {'devices': {}}
        for (name, unused_job), answer in zip(jobs, answers):
            if name in found:
                found[name].extend(answer)
            else:
                result[name] = answer
        if subject:
            result['subject'] = resolve_subject(result.pop('subjects'), self.request.subject)
        if user:
            result['user'] = resolve_user(self.request.assigned_user, result['user'],
                                          suggestions=lambda: all_users(client))
        for kind in device_lookup.KINDS:
            refs = missing_devices.get(kind.name)
            if refs:
                result['devices'][kind.name] = device_lookup.resolve_devices(
                    kind, refs, found[kind.name], suggestions=lambda kind=kind: device_lookup.all_devices(client, kind))
        return result

    # -- writes ---------------------------------------------------------------------------------
    def write_once(self, what, write, landed):
        """Run ``write``; if its response is lost, look whether it landed before trying once more."""
        for attempt in (1, 2):
            try:
                return write()
            except OutcomeUnknownError as error:
                outcome = self.look_for(landed, error)
                if outcome is not None:
                    self.warn('the response to "%s" was lost, but the change is on the ticket: '
                              'it was not made again' % what)
                    return outcome
                if attempt == 2:
                    raise
        return None  # pragma: no cover

    @staticmethod
    def look_for(landed, error):
        """What ``landed()`` finds after ``error``, or None.

        After no answer at all (a timeout or a dropped connection) the API may
        still be working on the request, so a slow commit gets a few seconds of
        grace before the write counts as not landed.
        """
        for wait in (0,) + (LANDING_GRACE_SECONDS if error.fault_code == 0 else ()):
            if wait:
                time.sleep(wait)
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

    def reread(self):
        return self.read_ticket(self.raw['id'], operation='look whether the change reached ticket %s' % self.raw['id'])

    def set_emails(self, change):
        added, removed = change
        wanted = list(self.request.additional_emails)
        if not self.check_mode:
            def landed():
                current = [e.get('email') for e in self.reread().get('attachedAdditionalEmails') or []]
                return True if email_changes(current, wanted) == ([], []) else None
            self.write_once('set the additional e-mails', lambda: self.client.write(
                'SoftLayer_Ticket', 'updateAttachedAdditionalEmails', wanted, id=self.raw['id'],
                operation='set the additional e-mails of ticket %s' % self.raw['id']), landed)
        self.raw['attachedAdditionalEmails'] = [{'email': email} for email in wanted]
        self.emails = {'added': added, 'removed': removed}

    def attach(self, kind, device):
        attached_here = True
        if not self.check_mode:
            def landed():
                ids = {d.get('id') for d in self.reread().get(kind.ticket_key) or []}
                return True if device['id'] in ids else None
            try:
                self.write_once('attach %s %s' % (kind.label, device_lookup.describe(device)), lambda: self.client.write(
                    'SoftLayer_Ticket', kind.attach_method, device['id'], id=self.raw['id'],
                    operation='attach %s %s to ticket %s' % (kind.label, device_lookup.describe(device),
                                                             self.raw['id'])), landed)
            except ApiFaultError as error:
                # Refused because another run (another controller, see duplicate_tickets) attached it meanwhile?
                if isinstance(error, OutcomeUnknownError) or not _quietly(landed):
                    raise
                attached_here = False
        self.raw.setdefault(kind.ticket_key, []).append({
            'id': device['id'], 'hostname': device['hostname'], 'domain': device['domain'],
            'fullyQualifiedDomainName': device['fqdn']})
        if attached_here:
            self.devices_attached.append(dict(device, type=kind.name))

    def upload(self, path):
        name = os.path.basename(path)
        if self.check_mode:
            stored = {'id': None, 'fileName': name, 'fileSize': str(os.path.getsize(path)), 'createDate': None}
        else:
            with open(path, 'rb') as handle:
                data = handle.read()

            def landed():
                files = [f for f in self.reread().get('attachedFiles') or [] if f.get('fileName') == name]
                return files[0] if files else None
            stored = self.write_once('upload %s' % name, lambda: self.client.write(
                'SoftLayer_Ticket', 'addAttachedFile', {'filename': name, 'data': data}, id=self.raw['id'],
                mask=FILE_MASK, operation='upload %s to ticket %s' % (name, self.raw['id'])), landed)
        self.raw.setdefault('attachedFiles', []).append(stored)
        self.raw['attachedFileCount'] = (self.raw.get('attachedFileCount') or 0) + 1
        self.files_uploaded.append(name)

    def post_update(self, text):
        if self.check_mode:
            stored = [{'id': None, 'createDate': None, 'editorType': 'USER', 'entry': piece}
                      for piece in split_update(text)]
        else:
            known = {u.get('id') for u in self.raw.get('updates') or []}

            def landed():
                updates = self.reread().get('updates') or []
                new = [u for u in updates if u.get('id') not in known]
                return new if new and update_posted(text, [u.get('entry') for u in new]) else None
            stored = self.write_once('post the update', lambda: self.client.write(
                'SoftLayer_Ticket', 'addUpdate', {'entry': text}, id=self.raw['id'], mask=UPDATES_MASK,
                operation='post an update to ticket %s' % self.raw['id']), landed)
            if isinstance(stored, dict):
                stored = [stored]
        self.raw.setdefault('updates', []).extend(stored)
        self.raw['updateCount'] = (self.raw.get('updateCount') or 0) + len(stored)
        self.updates_added.append(text)


# -- helpers -----------------------------------------------------------------------------------

def _quietly(look):
    """``look()``, or None when looking fails too (the caller then raises its own error)."""
    try:
        return look()
    except SoftLayerSupportError:
        return None


def _attached_devices(raw):
    devices = []
    for kind in device_lookup.KINDS:
        for item in raw.get(kind.ticket_key) or []:
            devices.append(dict(normalise_device(item), kind=kind.name))
    return devices


def check_extensions(paths, whitelist):
    """Refuse, before any write, a file whose extension the server would refuse."""
    if not paths:
        return
    allowed = {str(ext).strip().lstrip('.').lower() for ext in whitelist or []}
    refused = []
    for path in paths:
        name = os.path.basename(path)
        extension = name.rsplit('.', 1)[1].lower() if '.' in name else ''
        if extension not in allowed:
            refused.append(name)
    if refused:
        raise InvalidInputError(
            'attachments: SoftLayer does not accept %s (allowed extensions: %s); nothing was written' % (
                ', '.join(refused), ', '.join(sorted(allowed))), option='attachments')


def predicted_ticket(template, subject, contents, user):
    """What createStandardTicket would return, for check mode: no id, no dates, the server's defaults unknown."""
    updates = [{'id': None, 'createDate': None, 'editorType': 'USER', 'entry': piece} for piece in split_update(contents)]
    return {
        'id': None,
        'title': template['title'],
        'subjectId': subject['id'],
        'subject': {'id': subject['id'], 'name': subject['name']},
        'status': {'name': OPEN_STATUSES[0]},
        'statusId': None,
        'priority': template.get('priority'),
        'assignedUserId': user['id'],
        'assignedUser': user,
        'notifyUserOnUpdateFlag': template.get('notifyUserOnUpdateFlag'),
        'updateCount': len(updates),
        'attachedFileCount': 0,
        'updates': updates,
        'attachedHardware': [],
        'attachedVirtualGuests': [],
        'attachedFiles': [],
        'attachedAdditionalEmails': [],
    }


def _short(text):
    shown = text.strip()
    if len(shown) <= DIFF_TEXT_LIMIT:
        return shown
    return '%s... (%d characters)' % (shown[:DIFF_TEXT_LIMIT], len(text))


def diff_view(ticket, updates_added=()):
    """The small before/after of --diff: status, devices, files, e-mails and the updates this run adds."""
    return {
        'id': ticket['id'],
        'title': ticket['title'],
        'status': ticket['status'],
        'hardware': sorted(d['fqdn'] or str(d['id']) for d in ticket['attached_hardware']),
        'virtual_guests': sorted(d['fqdn'] or str(d['id']) for d in ticket['attached_virtual_guests']),
        'files': sorted(f['file_name'] for f in ticket.get('attached_files') or []),
        'additional_emails': sorted(ticket.get('additional_emails') or []),
        'update_count': ticket['update_count'],
        'updates_added': [_short(text) for text in updates_added],
    }
