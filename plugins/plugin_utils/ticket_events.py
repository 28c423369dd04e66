# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The logic of the softlayer.support.sl_ticket_events event source (Event-Driven Ansible).

A poll asks for the tickets whose ``modifyDate`` is at or after a cursor (one
filtered list, paged in id order; depending on the zone the server reads the
filter's date in, which is unknown, it may reach back some hours, see api_dates),
and compares each with what the source knew of it: the last update id seen and the
status, so a ticket read again unchanged makes no event. The differences become events:
``new_ticket``, ``staff_update``, ``customer_update`` and ``status_change``.

What the source knows (the cursor and, per ticket, the last update id and the
status) is the *state*. With a state file it survives restarts: it is written
atomically after each event is handed over (queued, or with ``feedback``
acknowledged by ansible-rulebook), so a restarted source misses nothing and
hands over again at most the one event it was handing over. Every event
carries a stable ``meta.uuid`` (the same for the same change, whichever run
emits it), by which ansible-rulebook's persistence drops such a repeat.
Without a state file, the first poll takes the account as it is as the
baseline and emits nothing old.

Tickets marked by sl_ticket's several-controllers backstop as duplicates of
an older ticket (``duplicate_tickets``) are followed silently: their opening
and everything after are never reported. As the note lands just after the
twin was opened, a new ticket is held back ``new_ticket_hold`` seconds
before it is reported; held tickets are read again by id at every poll.

Everything here is synchronous and uses the collection's one client; the event
source plugin runs ``poll`` in a thread and awaits the queue.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import tempfile
import uuid
from datetime import datetime, timedelta, timezone

from ansible_collections.softlayer.support.plugins.module_utils.api.dates import offset_of, read_api_date, same_instant
from ansible_collections.softlayer.support.plugins.module_utils.api.connection_options import CONNECTION_ARGUMENT_SPEC, from_environment, with_environment
from ansible_collections.softlayer.support.plugins.module_utils.api.client import DEFAULT_PAGE_SIZE, REDACTED, SoftLayerClient, check_page_size
from ansible_collections.softlayer.support.plugins.module_utils.tickets.devices import KINDS, display_name
from ansible_collections.softlayer.support.plugins.module_utils.tickets.duplicates import is_duplicate
from ansible_collections.softlayer.support.plugins.module_utils.api.errors import InvalidInputError, SoftLayerSupportError
from ansible_collections.softlayer.support.plugins.module_utils.api.result_check import recheck
from ansible_collections.softlayer.support.plugins.module_utils.api.object_filter import DESCENDING, date_condition, order_by
from ansible_collections.softlayer.support.plugins.module_utils.tickets.statuses import CLOSED, OPEN_STATUSES, is_closed, open_status_condition
from ansible_collections.softlayer.support.plugins.module_utils.tickets.fields import TICKET, normalise_ticket, ticket_mask

EVENT_TYPES = ('new_ticket', 'staff_update', 'customer_update', 'auto_update', 'status_change')
DEFAULT_EVENT_TYPES = ('new_ticket', 'staff_update', 'status_change')
# Which editor type each update event reports. AUTO (SoftLayer's automated processes) is reported
# only when asked for: those updates are notices, not someone waiting for an answer.
UPDATE_EVENTS = {'EMPLOYEE': 'staff_update', 'USER': 'customer_update', 'AUTO': 'auto_update'}
WATCHED = ('open', 'closed', 'all')
DEFAULT_INTERVAL = 60
STATE_FORMAT = 'sl-ticket-events/1'
SOURCE_OPTIONS = ('interval', 'event_types', 'status', 'state_file', 'page_size', 'new_ticket_hold', 'feedback')
# sl_ticket's backstop posts its duplicate note right after opening the twin, each call within the
# client's retry policy (30 s): a new ticket younger than this may still get the note.
DEFAULT_NEW_TICKET_HOLD = 90
# meta.uuid of an event: a name-based UUID of the change it reports, the same in every run.
EVENT_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, 'https://galaxy.ansible.com/softlayer/support/sl_ticket_events')
# A second of modifyDate is taken as settled (no change can still land in it) this long after it:
# until then the poll reads that second again (at or after the cursor), afterwards only later ones.
SETTLE_SECONDS = 60
# Faults that no retry can fix: the source stops with one line instead of polling on.
FATAL_FAULTS = ('SoftLayer_Exception_InvalidLegacyToken', 'SoftLayer_Exception_AccessDenied', 404)

# The poll reads changed tickets with the same keys as sl_ticket_info, plus their updates.
POLL_MASK = ticket_mask(include_updates=True)
# The baseline reads only what the state keeps, after the newest change (the cursor).
BASELINE_MASK = TICKET.mask('id', 'status_id', 'status.name', 'modify_date', 'last_update.id')
NEWEST_CHANGE_MASK = TICKET.mask('id', 'modify_date')

LOG = logging.getLogger('softlayer.support.sl_ticket_events')


class SourceConfig:
    """Validated event source arguments."""

    def __init__(self, connection, interval=DEFAULT_INTERVAL, event_types=DEFAULT_EVENT_TYPES, status='open',
                 state_file=None, page_size=DEFAULT_PAGE_SIZE, new_ticket_hold=DEFAULT_NEW_TICKET_HOLD, feedback=None):
        self.connection = connection
        self.interval = interval
        self.event_types = tuple(event_types)
        self.status = status
        self.state_file = state_file
        self.page_size = page_size
        self.new_ticket_hold = new_ticket_hold
        # ansible-rulebook's feedback queue (eda_feedback_queue) when the rulebook asks for feedback.
        self.feedback = feedback


def parse_args(args):
    """The rulebook's source arguments as a SourceConfig, or InvalidInputError naming the bad argument."""
    args = dict(args or {})
    # ansible-rulebook adds its own eda_* arguments (eda_feedback_queue).
    unknown = sorted(name for name in args if name not in SOURCE_OPTIONS and name not in CONNECTION_ARGUMENT_SPEC
                     and not str(name).startswith('eda_'))
    if unknown:
        raise InvalidInputError('unknown argument(s) %s; accepted: %s' % (
            ', '.join(unknown), ', '.join(SOURCE_OPTIONS + tuple(CONNECTION_ARGUMENT_SPEC))), option=unknown[0])
    interval = _seconds(args.get('interval', DEFAULT_INTERVAL))
    if isinstance(interval, bool) or not isinstance(interval, (int, float)) or interval <= 0:
        raise InvalidInputError('interval must be a positive number of seconds, got %r' % (interval,), option='interval')
    hold = _seconds(args.get('new_ticket_hold', DEFAULT_NEW_TICKET_HOLD))
    if isinstance(hold, bool) or not isinstance(hold, (int, float)) or hold < 0:
        raise InvalidInputError('new_ticket_hold must be a number of seconds (0 or more), got %r' % (hold,),
                                option='new_ticket_hold')
    feedback = args.get('feedback', False)
    if feedback not in (True, False, 'true', 'false', 'True', 'False'):
        raise InvalidInputError('feedback must be true or false, got %r' % (feedback,), option='feedback')
    feedback_queue = args.get('eda_feedback_queue')
    if feedback in (True, 'true', 'True') and feedback_queue is None:
        raise InvalidInputError('feedback: true needs ansible-rulebook 1.3 or later, which passes the source its '
                                'eda_feedback_queue (and needs --persistence-id)', option='feedback')
    event_types = args.get('event_types', list(DEFAULT_EVENT_TYPES))
    if isinstance(event_types, str):
        event_types = [event_types]
    if not isinstance(event_types, list) or not event_types or any(t not in EVENT_TYPES for t in event_types):
        raise InvalidInputError('event_types must be a non-empty list of %s, got %r' % (', '.join(EVENT_TYPES), event_types),
                                option='event_types')
    status = args.get('status', 'open')
    if status not in WATCHED:
        raise InvalidInputError('status must be one of %s, got %r' % (', '.join(WATCHED), status), option='status')
    # An empty value means none (what a rulebook's "{{ var | default('') }}" gives).
    state_file = args.get('state_file') or None
    if state_file is not None and (not isinstance(state_file, str) or not state_file.strip()):
        raise InvalidInputError('state_file must be a file path, got %r' % (state_file,), option='state_file')
    page_size = check_page_size(args.get('page_size', DEFAULT_PAGE_SIZE))
    # The modules' environment fallbacks, then (in the client) the SDK's config file.
    connection = with_environment(dict((name, args.get(name)) for name in CONNECTION_ARGUMENT_SPEC))
    return SourceConfig(connection, interval=interval, event_types=_unique(event_types), status=status,
                        state_file=os.path.expanduser(state_file) if state_file else None, page_size=page_size,
                        new_ticket_hold=hold, feedback=feedback_queue if feedback in (True, 'true', 'True') else None)


def _seconds(value):
    """A rulebook's templated value ("{{ interval }}") arrives as text: the number it holds, else as given."""
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            pass
    return value


def _unique(values):
    seen = []
    for value in values:
        if value not in seen:
            seen.append(value)
    return seen


# --------------------------------------------------------------------------- state


def empty_state():
    return {'format': STATE_FORMAT, 'cursor': None, 'tickets': {}}


def load_state(path):
    """The saved state, or a fresh one when there is no file yet; a damaged file is an error, never a silent reset."""
    if not path or not os.path.exists(path):
        return empty_state()
    try:
        with open(path, encoding='utf-8') as handle:
            state = json.load(handle)
    except (OSError, ValueError) as error:
        raise InvalidInputError('state_file %s cannot be read: %s' % (path, error), option='state_file') from None
    if not isinstance(state, dict) or state.get('format') != STATE_FORMAT or not isinstance(state.get('tickets'), dict):
        raise InvalidInputError('state_file %s is not a sl_ticket_events state file' % path, option='state_file')
    return state


def save_state(path, state):
    """Write the state so that a crash leaves the old or the new file, never a mix."""
    if not path:
        return
    directory = os.path.dirname(os.path.abspath(path))
    handle, tmp_path = tempfile.mkstemp(prefix='.%s.' % os.path.basename(path), dir=directory)
    try:
        with os.fdopen(handle, 'w', encoding='utf-8') as out:
            json.dump(state, out, sort_keys=True)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp_path, path)
    except BaseException:
        if os.path.exists(tmp_path):
            os.unlink(tmp_path)
        raise


# --------------------------------------------------------------------------- events


def hosts_of(ticket):
    """The attached devices' FQDNs (hostname when there is none), comma separated, each once."""
    names = []
    for kind in KINDS:
        for device in ticket.get(kind.ticket_field) or []:
            name = display_name(device)
            if name and name not in names:
                names.append(name)
    return ','.join(names)


def build_event(event_type, ticket, update=None, previous_status=None):
    """One event: its type, the ticket (sl_ticket_info's keys), the update or status change, and meta.

    ``meta.uuid`` names the change (the same whichever run reports it: ansible-rulebook's persistence
    drops an event whose uuid it has handled already); ``meta.hosts`` is there when devices are attached.
    """
    event = {'type': event_type, 'ticket': ticket}
    if update is not None:
        event['update'] = update
    if event_type == 'status_change':
        event['previous_status'] = previous_status
        event['status'] = ticket.get('status')
    event['meta'] = {'uuid': event_uuid(event_type, ticket, update, previous_status)}
    hosts = hosts_of(ticket)
    if hosts:
        event['meta']['hosts'] = hosts
    return event


def event_uuid(event_type, ticket, update=None, previous_status=None):
    """The change an event reports, as a UUID: a ticket's opening, an update, or a status change at a modifyDate."""
    if update is not None:
        change = 'update/%s' % update.get('id')
    elif event_type == 'status_change':
        change = 'status/%s/%s/%s' % (previous_status, ticket.get('status'), ticket.get('modify_date'))
    else:
        change = 'opened'
    return str(uuid.uuid5(EVENT_NAMESPACE, '%s/ticket/%s/%s' % (event_type, ticket.get('id'), change)))


def _watched(watch, status, previous_status):
    if watch == 'all':
        return True
    if watch == 'closed':
        return is_closed(status)
    return status in OPEN_STATUSES or previous_status in OPEN_STATUSES


class Step:
    """One event to queue and what the state becomes once it is queued."""

    def __init__(self, event, ticket_id, known):
        self.event = event
        self.ticket_id = ticket_id
        self.known = known

    def apply(self, state):
        state['tickets'][str(self.ticket_id)] = dict(self.known)


class TicketWatcher:
    """Polls the account and turns what changed into events; ``state`` is what it knows."""

    def __init__(self, client, config, state=None, clock=None):
        self.client = client
        self.config = config
        self.state = state if state is not None else empty_state()
        self.clock = clock or (lambda: datetime.now(timezone.utc))
        self._pending_cursor = None

    # -- baseline ---------------------------------------------------------------------------

    def baseline(self):
        """Take the account as it is: the newest modifyDate as cursor, and every open ticket's last update and status.

        Costs one call plus one per page of open tickets. A ticket missing from the state
        later is then known to have been closed (or not to exist) at the baseline.
        """
        newest = self.client.read('SoftLayer_Account', 'getTickets', mask=NEWEST_CHANGE_MASK,
                                  filter={'tickets': order_by(('modifyDate', 'id'), DESCENDING)},
                                  limit=1, offset=0, operation='read the newest ticket change')
        tickets = {}
        open_filter = {'tickets': open_status_condition()}
        for raw in recheck(self.client.iter_pages('SoftLayer_Account', 'getTickets', 'tickets', mask=BASELINE_MASK,
                                                  object_filter=open_filter, page_size=self.config.page_size,
                                                  operation='read the open tickets'), open_filter):
            tickets[str(raw['id'])] = {'update': (raw.get('lastUpdate') or {}).get('id') or 0,
                                       'status': (raw.get('status') or {}).get('name'),
                                       'modify': raw.get('modifyDate') or None}
        self.state['tickets'] = tickets
        # An account without tickets: every ticket that appears later is new.
        self.state['cursor'] = (newest[0].get('modifyDate') if newest else None) or '1970-01-01T00:00:00+00:00'

    # -- polling ----------------------------------------------------------------------------

    def changed_filter(self):
        """Tickets modified at or after the cursor, in id order; only after it once its second is settled.

        API dates are whole seconds, so a change can land in the cursor's second after the poll
        that set it: that second is read again (the state tells what was reported already) until
        SETTLE_SECONDS have passed. The filter's date holds whichever zone the server reads it in,
        the cursor's own offset (the user's, as the API wrote it), SoftLayer's or UTC
        (api_dates.filter_value): the server's bound may land some hours before, never after it.
        """
        cursor_text = self.state['cursor']
        cursor = read_api_date(cursor_text)
        settled = self.clock() - cursor >= timedelta(seconds=SETTLE_SECONDS)
        after = cursor if settled else cursor - timedelta(seconds=1)
        branch = {'modifyDate': date_condition(after=after, seen=[offset_of(cursor_text)])}
        branch.update(order_by('id'))
        return {'tickets': branch}

    def poll(self):
        """One poll: the steps (events with their state changes) in order. Sets the baseline first if needed.

        An idle poll costs one call; a poll with changes one more per page of changed tickets.
        """
        if self.state.get('cursor') is None:
            self.baseline()
            return []
        object_filter = self.changed_filter()
        raws = list(recheck(self.client.iter_pages('SoftLayer_Account', 'getTickets', 'tickets', mask=POLL_MASK,
                                                   object_filter=object_filter, page_size=self.config.page_size,
                                                   order_by='id', operation='read the changed tickets'),
                            object_filter))
        raws.sort(key=lambda raw: (read_api_date(raw.get('modifyDate')) or read_api_date(self.state['cursor']), raw.get('id')))
        steps = []
        for raw in raws + self.held_tickets(raws):
            steps.extend(self.ticket_steps(raw))
        # Held tickets read by id may be newer than the list: they do not move the cursor.
        self._pending_cursor = self._next_cursor(raws)
        return steps

    def held_tickets(self, raws):
        """The new tickets held back (``new_ticket_hold``) that the poll's list did not bring: one read each."""
        listed = set(str(raw.get('id')) for raw in raws)
        return [self.client.read('SoftLayer_Ticket', 'getObject', id=int(ticket_id), mask=POLL_MASK,
                                 operation='read the new ticket %s again' % ticket_id)
                for ticket_id, known in sorted(self.state['tickets'].items(), key=lambda item: int(item[0]))
                if known.get('new') and ticket_id not in listed]

    def ticket_steps(self, raw):
        """The events of one changed ticket, each with the state that holds once it is queued."""
        cursor = read_api_date(self.state['cursor'])
        ticket = normalise_ticket(raw)
        updates = ticket.pop('updates', None) or []
        known = self.state['tickets'].get(str(ticket['id']))
        status = ticket['status']
        created = read_api_date(ticket['create_date'])
        steps = []
        if known is None:
            if created is not None and created >= cursor:
                # New since the cursor: the updates posted with it (the customer's text) are part of it.
                first = [u for u in updates if same_instant(u['create_date'], ticket['create_date']) and u['editor_type'] == 'USER']
                known = {'update': max([u['id'] for u in first] or [0]), 'status': status, 'new': True}
            else:
                # Not open at the baseline and not seen since: it was closed. Updates before the cursor are old.
                old = [u['id'] for u in updates if (read_api_date(u['create_date']) or cursor) < cursor]
                known = {'update': max(old or [0]), 'status': CLOSED.name}
        known = dict(known, modify=ticket['modify_date'])
        if is_duplicate(raw):
            # sl_ticket's backstop marked it as the twin of an older ticket, which carries the issue on:
            # nothing of it is reported, neither its opening nor what comes after.
            known = {'update': max([u.get('id') or 0 for u in updates] + [known.get('update') or 0]),
                     'status': status, 'modify': ticket['modify_date']}
            return [Step(None, ticket['id'], known)]
        if known.get('new'):
            if created is not None and self.clock() - created < timedelta(seconds=self.config.new_ticket_hold):
                # Too young to tell from a twin about to be marked: kept, read again at the next poll.
                return [Step(None, ticket['id'], known)]
            known = dict((k, v) for k, v in known.items() if k != 'new')
            if 'new_ticket' in self.config.event_types and _watched(self.config.status, known['status'], None):
                steps.append(self._step(build_event('new_ticket', ticket), ticket, known))
            else:
                steps.append(Step(None, ticket['id'], known))
        previous_status = known.get('status')
        for update in sorted((u for u in updates if (u.get('id') or 0) > (known.get('update') or 0)), key=lambda u: u['id']):
            known = dict(known, update=update['id'])
            event_type = UPDATE_EVENTS.get(update.get('editor_type'))
            if event_type in self.config.event_types and _watched(self.config.status, status, previous_status):
                steps.append(self._step(build_event(event_type, ticket, update=update), ticket, known))
            else:
                steps.append(Step(None, ticket['id'], known))
        if status != previous_status:
            known = dict(known, status=status)
            if 'status_change' in self.config.event_types and _watched(self.config.status, status, previous_status):
                steps.append(self._step(build_event('status_change', ticket, previous_status=previous_status),
                                        ticket, known))
            else:
                steps.append(Step(None, ticket['id'], known))
        if not steps or steps[-1].known != known:
            steps.append(Step(None, ticket['id'], known))
        return steps

    @staticmethod
    def _step(event, ticket, known):
        return Step(event, ticket['id'], known)

    def _next_cursor(self, raws):
        moments = [(read_api_date(raw.get('modifyDate')), raw.get('modifyDate')) for raw in raws]
        moments = [m for m in moments if m[0] is not None]
        current = (read_api_date(self.state['cursor']), self.state['cursor'])
        return max(moments + [current], key=lambda m: m[0])[1]

    def finish(self):
        """After every step of a poll is applied: move the cursor and forget closed tickets older than it."""
        cursor_text = self._pending_cursor
        if cursor_text is None:
            return
        self._pending_cursor = None
        self.state['cursor'] = cursor_text
        cursor = read_api_date(cursor_text)
        for ticket_id, known in list(self.state['tickets'].items()):
            modified = read_api_date(known.get('modify'))
            if is_closed(known.get('status')) and not known.get('new') and (modified is None or modified < cursor):
                del self.state['tickets'][ticket_id]


# --------------------------------------------------------------------------- the source loop


def is_fatal(error):
    """Errors that polling again cannot fix: bad arguments or credentials, a wrong endpoint, a missing SDK."""
    if isinstance(error, InvalidInputError):
        return True
    fault = getattr(error, 'fault_code', None)
    if fault in FATAL_FAULTS:
        return True
    return fault is None and getattr(error, 'operation', None) is None


class EventSource:
    """The whole source: config, client, watcher and state file, ready for ``run``."""

    def __init__(self, config, client, watcher):
        self.config = config
        self.client = client
        self.watcher = watcher

    @classmethod
    def from_args(cls, args, client_factory=SoftLayerClient.from_params):
        config = parse_args(args)
        client = client_factory(config.connection)
        return cls(config, client, TicketWatcher(client, config, load_state(config.state_file)))

    def save(self):
        save_state(self.config.state_file, self.watcher.state)


async def run(queue, args, client_factory=SoftLayerClient.from_params, sleep=asyncio.sleep, polls=None):
    """Poll forever (or ``polls`` times, for tests), putting each event on ``queue``.

    The client is synchronous, so each poll runs in a thread. The state is saved
    after every event handed over: queued, or, when the rulebook asked for feedback,
    once ansible-rulebook's feedback queue gives the event back (the rule engine has
    taken it). A fault the client's retry policy could not get past
    is logged and the next poll tries again; bad arguments or credentials end the
    source: it returns the one line to end with (never holding the API key), else None.
    """
    loop = asyncio.get_running_loop()
    try:
        source = await loop.run_in_executor(None, EventSource.from_args, args, client_factory)
    except SoftLayerSupportError as error:
        return _stop(error, args=args)
    done = 0
    while polls is None or done < polls:
        done += 1
        try:
            steps = await loop.run_in_executor(None, source.watcher.poll)
        except SoftLayerSupportError as error:
            if is_fatal(error):
                return _stop(error, source.client)
            LOG.warning('sl_ticket_events: poll failed, trying again in %s s: %s', source.config.interval,
                        source.client.redact(str(error)))
        else:
            for step in steps:
                if step.event is not None:
                    await queue.put(step.event)
                    if source.config.feedback is not None:
                        await acknowledged(source.config.feedback, step.event['meta']['uuid'])
                step.apply(source.watcher.state)
                if step.event is not None:
                    source.save()
            source.watcher.finish()
            source.save()
        if polls is None or done < polls:
            await sleep(source.config.interval)
    return None


async def acknowledged(feedback, event_uuid):
    """Wait until ansible-rulebook gives back the event ``event_uuid``: its rule engine has taken it.

    ansible-rulebook puts every event it posted to the rule engine (matched or not) on the
    source's feedback queue, one at a time, in order.
    """
    while True:
        handled = await feedback.get()
        if ((handled or {}).get('meta') or {}).get('uuid') == event_uuid:
            return
        LOG.warning('sl_ticket_events: feedback for another event than the one sent, still waiting')


def _stop(error, client=None, args=None):
    """The one line the source ends with: the error's first line, with every form of the key redacted."""
    message = 'sl_ticket_events stopped: %s' % (str(error).splitlines() or [''])[0]
    if client is not None:
        return client.redact(message)
    for secret in ((args or {}).get('api_key'), from_environment('api_key')):
        if secret:
            message = message.replace(str(secret), REDACTED)
    return message
