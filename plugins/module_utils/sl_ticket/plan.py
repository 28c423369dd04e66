# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""sl_ticket's decisions: what a run writes, computed from the request and the ticket as read.

Pure: no API call and no Ansible here. ``sync.py`` reads the ticket, asks for a plan,
looks up what the plan names (subject, owner, devices, the extension whitelist), turns the
plan into steps, and applies the steps through a writer (``writer.py``): the API writer,
or the dry-run writer in check mode. Each step records what it did into the one ``Outcome``
the same way whichever writer ran it, and sets on the ticket what the API sets, so check
mode reports what the real run does.
"""

from __future__ import annotations

import os

from ansible_collections.softlayer.support.plugins.module_utils.tickets.devices import KINDS, matches_any
from ansible_collections.softlayer.support.plugins.module_utils.api.errors import InvalidInputError
from ansible_collections.softlayer.support.plugins.module_utils.tickets.duplicates import duplicate_note
from ansible_collections.softlayer.support.plugins.module_utils.tickets.identity import (
    body_with_marker,
    email_changes,
    is_attached,
    new_lines,
    split_update,
    update_posted,
)
from ansible_collections.softlayer.support.plugins.module_utils.tickets.statuses import OPEN_STATUSES, is_open
from ansible_collections.softlayer.support.plugins.module_utils.tickets.fields import normalise_ticket

DIFF_TEXT_LIMIT = 200


class TicketPlan:
    """What a run has to write, before the lookups: plain data.

    ``new`` holds the ticket to open (template and marked body) or None; ``devices``
    maps a device kind to the references not attached yet, ``detach`` to the attached
    devices (normalised) to remove; ``emails`` is ``(wanted, added, removed)`` or None;
    ``priority`` is ``(before, after)`` or None; ``final_comments`` the text to add or None.
    """

    def __init__(self, new=None, devices=None, uploads=(), update=None, emails=None, attached_ids=None,
                 detach=None, priority=None, final_comments=None):
        self.new = new
        self.devices = devices or {}
        self.detach = detach or {}
        self.uploads = list(uploads)
        self.update = update
        self.emails = emails
        self.attached_ids = attached_ids or {}
        self.priority = priority
        self.final_comments = final_comments

    def is_empty(self):
        return not (self.new or self.devices or self.detach or self.uploads or self.update is not None or self.emails
                    or self.priority or self.final_comments is not None)

    def write_count(self):
        """How many writes steps() makes besides the opening, known before the look-ups (a device per reference)."""
        return (bool(self.emails) + sum(len(refs) for refs in self.devices.values())
                + sum(len(devices) for devices in self.detach.values()) + bool(self.priority) + len(self.uploads)
                + (self.update is not None) + (self.final_comments is not None))

    def steps(self, found):
        """The writes, in order, from what the lookups ``found``; refuses a file type before any write.

        ``found`` has ``devices`` (kind name → device records), and ``subject``, ``user`` and
        ``whitelist`` when the plan asked for them.
        """
        check_extensions(self.uploads, found.get('whitelist'))
        steps = []
        if self.new is not None:
            steps.append(OpenTicket(self.new, found['subject'], found['user']))
        if self.emails:
            steps.append(SetEmails(*self.emails))
        for kind in KINDS:
            attached = self.attached_ids.get(kind.name, set())
            steps.extend(AttachDevice(kind, device) for device in found['devices'].get(kind.name, [])
                         if device['id'] not in attached)
            steps.extend(DetachDevice(kind, device) for device in self.detach.get(kind.name, []))
        if self.priority:
            steps.append(SetPriority(*self.priority))
        steps.extend(UploadFile(path) for path in self.uploads)
        if self.update is not None:
            steps.append(PostUpdate(self.update))
        if self.final_comments is not None:
            steps.append(AddFinalComments(self.final_comments))
        return steps


class NewTicket:
    """The ticket to open: what createStandardTicket gets, short of the looked-up ids."""

    def __init__(self, request, token):
        self.title = request.title
        self.subject = request.subject
        self.priority = request.priority
        self.notify_user = request.notify_user
        self.token = token
        self.contents = body_with_marker(request.body, token)

    def template(self, subject, user):
        # The API guide asks every new ticket for an owner; only an owned ticket takes additional e-mails.
        template = {'subjectId': subject['id'], 'title': self.title, 'assignedUserId': user['id']}
        if self.priority is not None:
            template['priority'] = self.priority
        if self.notify_user is not None:
            template['notifyUserOnUpdateFlag'] = self.notify_user
        return template


def plan_new_ticket(request, token):
    """The plan when no ticket matches: open one, then add everything the request names."""
    needed = [name for name in ('title', 'subject', 'body') if not getattr(request, name)]
    if needed:
        if request.always_create:
            why = "match is 'none', so a new ticket is opened"
        else:
            why = "no open ticket matches title '%s', so a new one would be opened" % request.title
        raise InvalidInputError('%s, which needs %s' % (why, ', '.join(needed)), option=needed[0])
    new = NewTicket(request, token)
    refuse_final_comments_on_open('a new ticket', request.final_comments)
    emails = None
    if request.additional_emails:
        emails = (list(request.additional_emails), list(request.additional_emails), [])
    return TicketPlan(
        new=new,
        # A new ticket has no device to remove: absent attaches nothing, exact the listed ones.
        devices={name: refs for name, refs in request.devices.items() if refs and request.devices_state != 'absent'},
        uploads=request.attachments,
        update=pending_update(request, split_update(new.contents)),
        emails=emails,
    )


def plan_changes(request, raw):
    """The plan for the ticket found (as SoftLayer shapes it): only what it lacks.

    Refuses, before any write, what SoftLayer would refuse: changes to a closed ticket, and
    additional e-mails on a ticket without an owner.
    """
    ticket = normalise_ticket(raw)
    devices, detach = device_changes(request, ticket)
    attached_names = {f['file_name'] for f in ticket.get('attached_files') or []}
    uploads = [path for path in request.attachments if os.path.basename(path) not in attached_names]
    update = pending_update(request, [u['entry'] or '' for u in ticket.get('updates') or []])
    emails = None
    if request.additional_emails is not None:
        added, removed = email_changes(ticket.get('additional_emails') or [], request.additional_emails)
        if added or removed:
            emails = (list(request.additional_emails), added, removed)
    priority = None
    if request.update_priority and request.priority != ticket['priority']:
        priority = (ticket['priority'], request.priority)
    plan = TicketPlan(devices=devices, uploads=uploads, update=update, emails=emails, attached_ids={
        kind.name: {d.get('id') for d in raw.get(kind.relation) or []} for kind in KINDS},
        detach=detach, priority=priority, final_comments=pending_final_comments(request, ticket, raw))
    if plan.is_empty():
        return plan
    refuse_closed(ticket, plan)
    if emails and raw.get('assignedUserId') is None:
        raise InvalidInputError(
            'ticket %s has no assigned user, and SoftLayer attaches additional e-mails only to tickets that '
            'have one; nothing was written' % ticket['id'], option='additional_emails')
    return plan


def device_changes(request, ticket):
    """``(attach, detach)`` for the ticket found (normalised), by devices_state.

    ``attach``: kind name → references not attached yet (present, exact). ``detach``: kind name → the
    attached devices to remove: those listed (absent), or those not listed of a kind whose option is
    set (exact). Attached devices are recognised locally, so removing needs no device look-up.
    """
    attach, detach = {}, {}
    state = request.devices_state
    for kind in KINDS:
        attached, wanted = ticket[kind.ticket_field], request.devices[kind.name]
        refs = [ref for ref in wanted if not is_attached(ref, attached)] if state != 'absent' else []
        if state == 'absent':
            gone = [device for device in attached if matches_any(wanted, device)]
        elif state == 'exact' and kind.name in request.devices_given:
            gone = [device for device in attached if not matches_any(wanted, device)]
        else:
            gone = []
        if refs:
            attach[kind.name] = refs
        if gone:
            detach[kind.name] = gone
    return attach, detach


def pending_final_comments(request, ticket, raw):
    """The final comments to add, None when there are none to add or the ticket has these already.

    SoftLayer takes final comments once, on a closed ticket: other comments already there, or a
    ticket still open, are refused before any write.
    """
    wanted = request.final_comments
    if wanted is None:
        return None
    if is_open(ticket):
        refuse_final_comments_on_open('ticket %s is %s' % (ticket['id'], ticket['status']), wanted)
    current = raw.get('finalComments') or ''
    if not current.strip():
        return wanted
    if current.strip() == wanted.strip():
        return None
    raise InvalidInputError(
        'ticket %s already has final comments, and SoftLayer takes them only once; nothing was written '
        '(they begin: %s)' % (ticket['id'], _short(current)), option='final_comments')


def refuse_final_comments_on_open(what, final_comments):
    if final_comments is not None:
        raise InvalidInputError(
            '%s: SoftLayer takes final comments only on a closed ticket (and only SoftLayer staff close one); '
            'nothing was written. Set final_comments once the ticket is Closed.' % what, option='final_comments')


def pending_update(request, entries):
    """The text this run has to post, given the ticket's update ``entries``; None when it has it already."""
    update = request.update
    if update is None:
        return None
    if request.update_mode == 'new_lines':
        return new_lines(update, entries) or None
    return None if update_posted(update, entries) else update


def refuse_closed(ticket, plan):
    if is_open(ticket):
        return
    wanted = []
    if plan.update is not None:
        wanted.append('an update')
    if plan.devices:
        wanted.append('devices %s' % ', '.join(str(ref) for refs in plan.devices.values() for ref in refs))
    if plan.detach:
        wanted.append('removing devices %s' % ', '.join(
            d['fqdn'] or str(d['id']) for devices in plan.detach.values() for d in devices))
    if plan.priority:
        wanted.append('priority %s' % plan.priority[1])
    if plan.uploads:
        wanted.append('files %s' % ', '.join(os.path.basename(p) for p in plan.uploads))
    if plan.emails:
        wanted.append('additional e-mail changes')
    if not wanted:
        return  # final comments only: SoftLayer takes them on closed tickets alone
    raise InvalidInputError(
        'ticket %s is %s: SoftLayer accepts changes only on %s tickets and only SoftLayer staff can reopen one; '
        'nothing was written (wanted: %s). Open a new ticket instead (leave out ticket_id).' % (
            ticket['id'], ticket['status'] or 'not open', ' or '.join(OPEN_STATUSES), '; '.join(wanted)),
        option='ticket_id')


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


# -- the steps: each writes through the writer it is given, then records the same way ------------
# ``write(writer, raw)`` only reads ``raw`` (the ticket as recorded so far) and answers what was stored;
# ``record(outcome, answer)`` sets on the outcome what the API set. Apart, so that independent writes
# can run at once (one round trip) and still be recorded in the plan's order.


class Step:
    def write(self, writer, raw):
        raise NotImplementedError

    def record(self, outcome, answer):
        raise NotImplementedError

    def apply(self, writer, outcome):
        """Write, then record: one step on its own."""
        self.record(outcome, self.write(writer, outcome.raw))


class OpenTicket(Step):
    def __init__(self, new, subject, user):
        self.template = new.template(subject, user)
        self.contents = new.contents
        self.token = new.token
        self.subject = subject
        self.user = user

    def write(self, writer, raw):  # pylint: disable=unused-argument
        return writer.open_ticket(self)

    def record(self, outcome, answer):
        outcome.raw = answer
        outcome.created = True


class SetEmails(Step):
    def __init__(self, wanted, added, removed):
        self.wanted, self.added, self.removed = list(wanted), list(added), list(removed)

    def write(self, writer, raw):
        return writer.set_emails(raw, self.wanted)

    def record(self, outcome, answer):  # pylint: disable=unused-argument
        outcome.raw['attachedAdditionalEmails'] = [{'email': email} for email in self.wanted]
        outcome.emails = {'added': self.added, 'removed': self.removed}


class DeviceStep(Step):
    def __init__(self, kind, device):
        self.kind = kind
        self.device = device


class AttachDevice(DeviceStep):
    def write(self, writer, raw):
        return writer.attach(raw, self.kind, self.device)

    def record(self, outcome, answer):
        attached_here, device = answer, self.device
        outcome.raw.setdefault(self.kind.relation, []).append({
            'id': device['id'], 'hostname': device['hostname'], 'domain': device['domain'],
            'fullyQualifiedDomainName': device['fqdn']})
        if attached_here:
            outcome.devices_attached.append(dict(device, type=self.kind.name))


class DetachDevice(DeviceStep):
    """Remove an attached ``device`` (normalised: id, hostname, domain, fqdn)."""

    def write(self, writer, raw):
        return writer.detach(raw, self.kind, self.device)

    def record(self, outcome, answer):
        device_id = self.device['id']
        outcome.raw[self.kind.relation] = [d for d in outcome.raw.get(self.kind.relation) or [] if d.get('id') != device_id]
        if answer:
            outcome.devices_detached.append(dict(self.device, type=self.kind.name))


class SetPriority(Step):
    """Change an open ticket's priority with edit, which also posts an update (NOTE): the API takes no edit without one."""

    NOTE = 'Priority changed from %s to %s.'

    def __init__(self, before, after):
        self.before, self.after = before, after
        self.note = self.NOTE % (before if before else 'none', after)

    def write(self, writer, raw):
        return writer.set_priority(raw, self.after, self.note)

    def record(self, outcome, answer):
        outcome.raw['priority'] = self.after
        record_updates(outcome.raw, answer)
        outcome.priority_changed = {'before': self.before, 'after': self.after}


class AddFinalComments(Step):
    """The customer's closing words, which SoftLayer takes once and only on a closed ticket (pending_final_comments)."""

    def __init__(self, text):
        self.text = text

    def write(self, writer, raw):
        return writer.add_final_comments(raw, self.text)

    def record(self, outcome, answer):
        outcome.raw['finalComments'] = self.text
        outcome.final_comments_added = bool(answer)


class UploadFile(Step):
    def __init__(self, path):
        self.path = path
        self.name = os.path.basename(path)

    def write(self, writer, raw):
        return writer.upload(raw, self.path, self.name)

    def record(self, outcome, answer):
        outcome.raw.setdefault('attachedFiles', []).append(answer)
        outcome.raw['attachedFileCount'] = (outcome.raw.get('attachedFileCount') or 0) + 1
        outcome.files_uploaded.append(self.name)


class PostUpdate(Step):
    def __init__(self, text):
        self.text = text

    def write(self, writer, raw):
        return writer.post_update(raw, self.text)

    def record(self, outcome, answer):
        record_updates(outcome.raw, answer)
        outcome.updates_added.append(self.text)


class MarkDuplicate(Step):
    """The backstop's write (sl_ticket/backstop.py): this run's new ticket says it duplicates ``older``."""

    def __init__(self, older):
        self.older_id = older['id']
        self.note = duplicate_note(older)

    def write(self, writer, raw):
        return writer.mark_duplicate(raw, self.older_id, self.note)

    def record(self, outcome, answer):
        record_updates(outcome.raw, answer)
        outcome.created = False
        outcome.duplicate_ticket_id = outcome.raw['id']


def record_updates(raw, stored):
    """Set on ``raw`` what the API sets when it stores the updates ``stored``.

    Besides the updates and their count: the last update, who edited last and when, and whether
    SoftLayer waits on the customer, who has just spoken. The dates are the stored update's
    (None from the dry run: only the server knows them).
    """
    if not stored:
        return
    raw.setdefault('updates', []).extend(stored)
    raw['updateCount'] = (raw.get('updateCount') or 0) + len(stored)
    last = stored[-1]
    raw['lastUpdate'] = dict(last)
    raw['lastEditType'] = last.get('editorType')
    raw['lastEditDate'] = raw['modifyDate'] = last.get('createDate')
    raw['awaitingUserResponseFlag'] = False


class Outcome:
    """What a run did (or, in check mode, would do): the ticket as it now is and the changes."""

    def __init__(self):
        self.raw = None  # the ticket as SoftLayer shapes it, kept current by every step
        self.created = False
        self.updates_added = []
        self.devices_attached = []
        self.devices_detached = []
        self.priority_changed = None  # {'before': int, 'after': int} when this run changed it
        self.final_comments_added = False
        self.files_uploaded = []
        self.emails = {'added': [], 'removed': []}
        self.duplicate_ticket_id = None  # this run's own ticket, when it turned out to duplicate an older one

    @property
    def changed(self):
        return bool(self.created or self.updates_added or self.devices_attached or self.devices_detached
                    or self.files_uploaded or self.emails['added'] or self.emails['removed'] or self.priority_changed
                    or self.final_comments_added)

    def result(self, before=None, diff=False):
        """The module result; ``before`` is the ticket as found (normalised) or None."""
        ticket = normalise_ticket(self.raw)
        result = {
            'changed': self.changed,
            'created': self.created,
            'ticket': ticket,
            'updates_added': list(self.updates_added),
            'devices_attached': list(self.devices_attached),
            'devices_detached': list(self.devices_detached),
            'priority_changed': self.priority_changed,
            'final_comments_added': self.final_comments_added,
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
