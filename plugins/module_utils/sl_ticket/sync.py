# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""sl_ticket's run: find the ticket, plan what is missing, look it up, apply the plan once.

The flow, in API round trips:

1. Find the ticket: ``getObject`` for ``ticket_id``; otherwise two open-ticket
   searches at once (exact title, and the identity marker in the first update).
2. Plan (``ticket_plan``, pure): what to open, attach, upload, post, which e-mails
   to set, or what to refuse. Every refusal comes before the first write.
3. Only when the plan names something to look up: subject, owner, devices, the
   attachment extension whitelist, at once.
4. Apply the plan's steps through a writer (``writer.py``): the API writer, or
   in check mode the dry-run writer. The steps and what they record are the same
   for both, so check mode reports what the real run does.

The run, not the writer, takes turns with other runs (``run_lock.py``): it holds the identity's
lock from finding to the last write, and a ticket's lock while it adds to that ticket.
"""

from __future__ import annotations

import contextlib
import copy
import os
import secrets

from ansible_collections.softlayer.support.plugins.module_utils.tickets import device_lookup
from ansible_collections.softlayer.support.plugins.module_utils.tickets import duplicates as duplicate_tickets
from ansible_collections.softlayer.support.plugins.module_utils.sl_ticket import backstop
from ansible_collections.softlayer.support.plugins.module_utils.tickets.devices import KINDS, normalise_device
from ansible_collections.softlayer.support.plugins.module_utils.api.errors import InvalidInputError
from ansible_collections.softlayer.support.plugins.module_utils.sl_ticket.run_lock import identity_lock, lock_path, no_lock
from ansible_collections.softlayer.support.plugins.module_utils.tickets.subjects import fetch_subjects, resolve_subject
from ansible_collections.softlayer.support.plugins.module_utils.tickets.identity import (
    carries_token,
    choose_ticket,
    creation_token,
    is_candidate,
    marker_filter,
    title_filter,
)
from ansible_collections.softlayer.support.plugins.module_utils.sl_ticket.plan import (
    Outcome,
    plan_changes,
    plan_new_ticket,
)
from ansible_collections.softlayer.support.plugins.module_utils.sl_ticket.reads import read_ticket, search_tickets
from ansible_collections.softlayer.support.plugins.module_utils.sl_ticket.request import TicketRequest
from ansible_collections.softlayer.support.plugins.module_utils.sl_ticket.writer import ApiWriter, DryRunWriter
from ansible_collections.softlayer.support.plugins.module_utils.tickets.fields import normalise_ticket
from ansible_collections.softlayer.support.plugins.module_utils.tickets.users import all_users, lookup_user, resolve_user


def sync_ticket(client, params, check_mode=False, diff=False, warn=None, lock_dir=None):
    """Make the ticket described by the module ``params`` so; return the module result.

    Raises SoftLayerSupportError (and nothing else it expects) on failure.
    """
    request = TicketRequest(params)
    if lock_dir is not None and not os.path.isdir(lock_dir):
        raise InvalidInputError('lock_dir %s is not a directory (it must exist, on storage every controller '
                                'shares)' % lock_dir, option='lock_dir')
    if check_mode:
        # Check mode writes nothing, so it takes no turn with other runs (and leaves no lock file).
        writer, lock = DryRunWriter(), no_lock
    else:
        writer, lock = ApiWriter(client, warn=warn), identity_lock
    return TicketSync(client, request, writer, lock=lock, warn=warn, lock_dir=lock_dir).run(diff)


class TicketSync:
    """One run: reads the ticket, has the plan made and applied, and reports what it did.

    ``lock(path, describe=...)`` is a context manager that takes turns with other runs on ``path``
    and yields whether it had to wait (``run_lock.identity_lock``).
    """

    def __init__(self, client, request, writer, lock=identity_lock, warn=None, lock_dir=None):
        self.client = client
        self.request = request
        self.writer = writer
        self.lock = lock
        self.warn = warn or (lambda message: None)
        self.lock_dir = lock_dir
        self.outcome = Outcome()

    def run(self, diff=False):
        """Find, plan and apply, one run at a time per identity."""
        with self.lock_identity(), contextlib.ExitStack() as stack:
            found = self.find()
            if found is not None and self.request.ticket_id is None:
                # A run addressing this ticket by id must not post the same thing at the same time;
                # if one did meanwhile, what was read is stale.
                waited = stack.enter_context(self.lock_ticket(found['id']))
                if waited:
                    found = self.read_ticket(found['id'])
            before = normalise_ticket(found) if found is not None else None
            if found is None:
                self.open_ticket()
            else:
                self.update_ticket(found)
        return self.outcome.result(before, diff)

    def lock_identity(self):
        if self.request.always_create:
            return contextlib.nullcontext(False)  # every run opens a ticket of its own: nothing to take turns on
        return self.lock(self.request.lock_path(self.lock_dir), describe=self.request.describe())

    def lock_ticket(self, ticket_id):
        return self.lock(lock_path('ticket', self.request.account, ticket_id, directory=self.lock_dir),
                         describe='ticket %s' % ticket_id)

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
            # (backstop.settle) before marking its own: use the oldest too, not the newest.
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

        The one identity search: find() chooses from it, and the backstop (backstop.settle) looks again
        with it. ``by_title=False`` asks only for the tickets carrying this identity's marker, which
        every ticket opened by a concurrent run of this module carries: one call instead of two.
        """
        request = self.request
        subject = request.subject if request.match_subject else None
        searches = [lambda: search_tickets(self.client, marker_filter(request.marker, subject),
                                           'find open tickets marked %s' % request.marker)]
        if by_title:
            searches.append(lambda: search_tickets(self.client, title_filter(request.title, subject),
                                                   "find open tickets titled '%s'" % request.title))
        found = [raw for answer in self.client.parallel(*searches) for raw in answer]
        devices = request.device_references() if request.match_devices else None
        candidates = [raw for raw in found
                      if is_candidate(raw, request.title, request.marker, subject=subject, devices=devices,
                                      attached_of=_attached_devices)]
        return duplicate_tickets.without_duplicates(candidates)

    def read_ticket(self, ticket_id, operation=None):
        return read_ticket(self.client, ticket_id, operation=operation)

    # -- planning and applying ------------------------------------------------------------------
    def open_ticket(self):
        request = self.request
        plan = plan_new_ticket(request, creation_token(request.marker, secrets.token_hex(6)))
        steps = plan.steps(self.look_up(plan))
        steps[0].apply(self.writer, self.outcome)  # the ticket itself
        own_id = self.outcome.raw['id']
        older = backstop.settle(request, self.outcome, lambda: self.candidates(by_title=False), self.writer)
        if older is None:
            self.apply(steps[1:])
            return
        with self.lock_ticket(older['id']):
            # Read again: the run that opened it may have added to it since the search.
            self.update_ticket(self.read_ticket(older['id']))
        self.warn(backstop.handed_over(older['id'], own_id))

    def update_ticket(self, raw):
        """Add to the ticket found what it lacks."""
        self.outcome.raw = copy.deepcopy(raw)
        plan = plan_changes(self.request, raw)
        if plan.is_empty():
            return
        self.apply(plan.steps(self.look_up(plan)))

    def apply(self, steps):
        for step in steps:
            step.apply(self.writer, self.outcome)

    def look_up(self, plan):
        """Everything the plan names, read at once; checked before returning."""
        client = self.client
        opening = plan.new is not None
        jobs = []
        if opening:
            jobs.append(('subjects', lambda: fetch_subjects(client)))
        for kind in KINDS:
            refs = plan.devices.get(kind.name)
            for thunk in device_lookup.lookup_thunks(client, kind, refs) if refs else ():
                jobs.append((kind.name, thunk))
        if plan.uploads:
            jobs.append(('whitelist', lambda: client.read(
                'SoftLayer_Ticket_Attachment_File', 'getExtensionWhitelist',
                operation='read the attachment extension whitelist')))
        if opening:
            jobs.append(('user', lookup_user(client, self.request.assigned_user)))
        answers = client.parallel(*[job for unused_name, job in jobs])
        found = {kind.name: [] for kind in KINDS}
        result = {'devices': {}}
        for (name, unused_job), answer in zip(jobs, answers):
            if name in found:
                found[name].extend(answer)
            else:
                result[name] = answer
        if opening:
            result['subject'] = resolve_subject(result.pop('subjects'), self.request.subject)
            result['user'] = resolve_user(self.request.assigned_user, result['user'],
                                          suggestions=lambda: all_users(client))
        for kind in KINDS:
            refs = plan.devices.get(kind.name)
            if refs:
                result['devices'][kind.name] = device_lookup.resolve_devices(
                    kind, refs, found[kind.name], suggestions=lambda kind=kind: device_lookup.all_devices(client, kind))
        return result


def _attached_devices(raw):
    devices = []
    for kind in KINDS:
        for item in raw.get(kind.relation) or []:
            devices.append(dict(normalise_device(item), kind=kind.name))
    return devices
