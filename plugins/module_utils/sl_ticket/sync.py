# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""sl_ticket's run: find the ticket, plan what is missing, look it up, apply the plan once.

The flow, in API round trips:

1. Find the ticket: ``getObject`` for ``ticket_id``; otherwise two open-ticket
   searches at once (exact title, and the identity marker in the first update).
2. Plan (``plan.py``, pure): what to open, attach, upload, post, which e-mails
   to set, or what to refuse. Every refusal comes before the first write.
3. Only when the plan names something to look up: subject, owner, devices, the
   attachment extension whitelist, at once; what an earlier run on this controller
   learnt (``lookup_cache.py``) spares the look-ups of an opening.
4. Apply the plan's steps through a writer (``writer.py``): the API writer, or
   in check mode the dry-run writer. The steps and what they record are the same
   for both, so check mode reports what the real run does. Independent writes go
   out at once; a new ticket's go with the backstop's search for a twin.

The run, not the writer, takes turns with other runs (``concurrent_runs/run_lock.py``): it holds the identity's
lock from finding to the last write, and a ticket's lock while it adds to that ticket.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import secrets

from ansible_collections.softlayer.support.plugins.module_utils.tickets import device_lookup
from ansible_collections.softlayer.support.plugins.module_utils.tickets import duplicates as duplicate_tickets
from ansible_collections.softlayer.support.plugins.module_utils.sl_ticket import backstop
from ansible_collections.softlayer.support.plugins.module_utils.tickets.devices import KINDS, normalise_device
from ansible_collections.softlayer.support.plugins.module_utils.api.errors import InvalidInputError
from ansible_collections.softlayer.support.plugins.module_utils.concurrent_runs.run_lock import check_lock_dir, identity_lock, no_lock
from ansible_collections.softlayer.support.plugins.module_utils.tickets.subjects import fetch_subjects, resolve_subject
from ansible_collections.softlayer.support.plugins.module_utils.tickets.identity import (
    carries_token,
    choose_ticket,
    creation_token,
    is_candidate,
    marker_filter,
    title_filter,
)
from ansible_collections.softlayer.support.plugins.module_utils.sl_ticket.lookup_cache import LookupHints
from ansible_collections.softlayer.support.plugins.module_utils.sl_ticket.plan import (
    MarkDuplicate,
    Outcome,
    plan_changes,
    plan_new_ticket,
)
from ansible_collections.softlayer.support.plugins.module_utils.sl_ticket.reads import read_ticket, search_tickets
from ansible_collections.softlayer.support.plugins.module_utils.sl_ticket.request import LOCK_OWNER, TicketRequest, ticket_lock_path
from ansible_collections.softlayer.support.plugins.module_utils.sl_ticket.writer import ApiWriter, DryRunWriter
from ansible_collections.softlayer.support.plugins.module_utils.tickets.fields import normalise_ticket
from ansible_collections.softlayer.support.plugins.module_utils.tickets.users import all_users, lookup_user, resolve_user


# sl_ticket's turns with other runs (``lock(path, describe=...)``), named in the error after the wait.
TICKET_LOCK = functools.partial(identity_lock, owner=LOCK_OWNER)


def sync_ticket(client, params, check_mode=False, diff=False, warn=None, lock_dir=None, cache=None):
    """Make the ticket described by the module ``params`` so; return the module result.

    ``cache`` (a LookupCache, or None) holds what earlier runs on this controller looked up; check mode
    reads it but never saves it. Raises SoftLayerSupportError (and nothing else it expects) on failure.
    """
    request = TicketRequest(params)
    check_lock_dir(lock_dir)
    if check_mode:
        # Check mode writes nothing, so it takes no turn with other runs (and leaves no lock file).
        writer, lock = DryRunWriter(), no_lock
    else:
        writer, lock = ApiWriter(client, warn=warn), TICKET_LOCK
    hints = LookupHints(cache)
    try:
        return TicketSync(client, request, writer, lock=lock, warn=warn, lock_dir=lock_dir, hints=hints).run(diff)
    finally:
        if not check_mode:
            hints.save()


class TicketSync:
    """One run: reads the ticket, has the plan made and applied, and reports what it did.

    ``lock(path, describe=...)`` is a context manager that takes turns with other runs on ``path``
    and yields whether it had to wait (``TICKET_LOCK``).
    """

    def __init__(self, client, request, writer, lock=TICKET_LOCK, warn=None, lock_dir=None, hints=None):
        self.client = client
        self.hints = hints or LookupHints()
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
        return self.lock(ticket_lock_path(self.request.account, ticket_id, self.lock_dir), describe='ticket %s' % ticket_id)

    # -- finding --------------------------------------------------------------------------------
    def find(self):
        request = self.request
        if request.ticket_id is not None:
            return self.read_ticket(request.ticket_id)
        if request.always_create:
            return None
        candidates = self.candidates(ahead=self.opening_width())
        twins = [raw for raw in candidates if carries_token(raw, request.marker)]
        if len(twins) > 1:
            # Runs on several controllers opened these at once, and each hands over to the oldest
            # (sl_ticket/backstop.py) before marking its own: use the oldest too, not the newest.
            return duplicate_tickets.oldest(twins)
        chosen, others = choose_ticket(candidates)
        if others:
            self.warn("%d open tickets match '%s': using the newest, %s (created %s); also matching: %s. "
                      'Set ticket_id to address another one.' % (
                          len(others) + 1, request.title, chosen['id'], chosen.get('createDate'),
                          ', '.join(str(raw['id']) for raw in others)))
        return chosen

    def opening_width(self):
        """The widest batch an opening would make: look-ups, creation and device reads, or writes and twin search.

        The search passes it on as ``ahead`` (api/connections.py): the connections the opening would lack are
        opened beside the search, whether or not it finds the ticket. An estimate: it only moves handshakes.
        """
        request = self.request
        if not (request.title and request.subject and request.body):
            return 0
        try:
            plan = plan_new_ticket(request, '')
        except InvalidInputError:
            return 0  # a request only an existing ticket takes: the search decides, as always
        kinds = len(plan.devices)
        look_ups = ((hinted_subject(self.hints, request.subject) is None) + (self.hints.user(request.assigned_user) is None)
                    + kinds + bool(plan.uploads))
        return max(look_ups, 1 + kinds, 1 + plan.write_count())

    def candidates(self, by_title=True, ahead=0):
        """The open tickets with this run's identity, leaving out those marked as duplicates.

        The one identity search: find() chooses from it, and the backstop (backstop.older_twin) looks again
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
        found = [raw for answer in self.client.parallel(*searches, ahead=ahead) for raw in answer]
        devices = request.device_references() if request.match_devices else None
        candidates = [raw for raw in found
                      if is_candidate(raw, request.title, request.marker, subject=subject, devices=devices,
                                      attached_of=_attached_devices)]
        return duplicate_tickets.without_duplicates(candidates)

    def read_ticket(self, ticket_id, operation=None):
        return read_ticket(self.client, ticket_id, operation=operation)

    # -- planning and applying ------------------------------------------------------------------
    def open_ticket(self):
        """Open the ticket in three round trips after the search (two when hints spare the look-ups).

        Look up; create (with the reads that confirm hinted devices); then at once the backstop's search
        for a twin and every other write on the new ticket. In the rare race the writes also landed on
        this run's own ticket, which then says it duplicates the older one; the run adds to the older
        what it lacks, as a run that found it would.
        """
        request = self.request
        plan = plan_new_ticket(request, creation_token(request.marker, secrets.token_hex(6)))
        found, confirmations = self.look_up(plan)
        opening = plan.steps(found)[0]
        reads = [confirmation.read for confirmation in confirmations]
        created, *confirmed = self.client.parallel(lambda: opening.write(self.writer, None), *reads)
        opening.record(self.outcome, created)
        self.check_hints(created, found, zip(confirmations, confirmed))
        own = self.outcome.raw
        rest = plan.steps(found)[1:]
        older, *answers = self.client.parallel(
            lambda: backstop.older_twin(request, own, lambda: self.candidates(by_title=False)),
            *[(lambda step=step: step.write(self.writer, own)) for step in rest])
        if older is None:
            for step, answer in zip(rest, answers):
                step.record(self.outcome, answer)
            return
        MarkDuplicate(older).apply(self.writer, self.outcome)
        with self.lock_ticket(older['id']):
            # Read again: the run that opened it may have added to it since the search.
            self.update_ticket(self.read_ticket(older['id']))
        self.warn(backstop.handed_over(older['id'], own['id']))

    def update_ticket(self, raw):
        """Add to the ticket found what it lacks."""
        self.outcome.raw = copy.deepcopy(raw)
        plan = plan_changes(self.request, raw)
        if plan.is_empty():
            return
        self.apply(plan.steps(self.look_up(plan)[0]))

    def apply(self, steps):
        """The steps' writes at once (one round trip: they are independent), recorded in the plan's order."""
        raw = self.outcome.raw
        answers = self.client.parallel(*[(lambda step=step: step.write(self.writer, raw)) for step in steps])
        for step, answer in zip(steps, answers):
            step.record(self.outcome, answer)

    def look_up(self, plan):
        """Everything the plan names, read at once and checked, unless an earlier run's hints spare it.

        Returns ``(found, confirmations)``. Devices taken from hints are only attached once confirmed:
        each confirmation's ``read`` runs beside the creation (its round trip costs nothing extra) and
        check_hints settles what it answers.
        """
        client, hints, request = self.client, self.hints, self.request
        opening = plan.new is not None
        found, jobs, confirmations = {'devices': {}}, [], []
        if opening:
            found['subject'] = hinted_subject(hints, request.subject)
            if found['subject'] is None:
                jobs.append(('subjects', lambda: fetch_subjects(client)))
            found['user'] = hints.user(request.assigned_user)
            if found['user'] is None:
                jobs.append(('user', lookup_user(client, request.assigned_user)))
        for kind in KINDS:
            refs = plan.devices.get(kind.name)
            known = hints.devices(kind, refs) if refs and opening else None
            if known is not None:
                found['devices'][kind.name] = known
                confirmations.append(DeviceConfirmation(client, kind, refs))
            for thunk in device_lookup.lookup_thunks(client, kind, refs) if refs and known is None else ():
                jobs.append((kind.name, thunk))
        if plan.uploads:
            jobs.append(('whitelist', lambda: client.read(
                'SoftLayer_Ticket_Attachment_File', 'getExtensionWhitelist',
                operation='read the attachment extension whitelist')))
        answers = dict(_merged(jobs, client.parallel(*[job for unused_name, job in jobs])))
        if 'subjects' in answers:
            hints.learn_subjects(answers['subjects'])
            found['subject'] = resolve_subject(answers['subjects'], request.subject)
        if 'user' in answers:
            found['user'] = resolve_user(request.assigned_user, answers['user'], suggestions=lambda: all_users(client))
            hints.learn_user(request.assigned_user, found['user'])
        found['whitelist'] = answers.get('whitelist')
        for kind in KINDS:
            refs = plan.devices.get(kind.name)
            if refs and kind.name not in found['devices']:
                found['devices'][kind.name] = device_lookup.resolve_devices(
                    kind, refs, answers.get(kind.name, []),
                    suggestions=lambda kind=kind: device_lookup.all_devices(client, kind))
                hints.learn_devices(kind, refs, found['devices'][kind.name])
        return found, confirmations

    def check_hints(self, created, found, confirmed):
        """Settle the hints the creation relied on: its own answer for subject and owner, the reads for devices."""
        for contradiction in self.hints.contradictions(created, found['subject'], found['user']):
            self.warn('an earlier run learnt that %s: ticket %s was opened with what it learnt; check its subject '
                      'and owner. The next run looks them up again.' % (contradiction, created.get('id')))
        for confirmation, answer in confirmed:
            # What the references name now is attached, even if renamed or replaced since the earlier run.
            devices = confirmation.resolve(answer, self.outcome.raw)
            found['devices'][confirmation.kind.name] = devices
            self.hints.learn_devices(confirmation.kind, confirmation.references, devices)


class DeviceConfirmation:
    """The look-up that confirms devices an earlier run resolved, made beside the creation."""

    def __init__(self, client, kind, references):
        self.client, self.kind, self.references = client, kind, references
        self.thunks = device_lookup.lookup_thunks(client, kind, references)

    def read(self):
        return [raw for thunk in self.thunks for raw in thunk()]

    def resolve(self, answer, opened):
        try:
            return device_lookup.resolve_devices(
                self.kind, self.references, answer,
                suggestions=lambda: device_lookup.all_devices(self.client, self.kind))
        except InvalidInputError as error:
            raise InvalidInputError('%s. Ticket %s was opened without it: an earlier run found it, but it is gone '
                                    'or renamed since' % (error, opened.get('id')), option=error.option) from None


def hinted_subject(hints, wanted):
    """The subject ``wanted`` names among the hinted subjects, or None (then it is looked up)."""
    subjects = hints.subjects()
    if subjects is None:
        return None
    try:
        return resolve_subject(subjects, wanted)
    except InvalidInputError:
        return None  # perhaps new since: the look-up decides


def _merged(jobs, answers):
    """(name, answer) per job name, the answers of several jobs of one name (device searches) joined."""
    merged = {}
    for (name, unused_job), answer in zip(jobs, answers):
        if isinstance(answer, list) and name in merged:
            merged[name] = merged[name] + answer
        else:
            merged[name] = answer
    return merged.items()


def _attached_devices(raw):
    devices = []
    for kind in KINDS:
        for item in raw.get(kind.relation) or []:
            devices.append(dict(normalise_device(item), kind=kind.name))
    return devices
