# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Ticket queries for sl_ticket_info: options to object filters, ordered paging, grouping by host.

The options become an object filter on the Account ticket list, which narrows what
is fetched; every ticket that comes back is then checked against the options here
(``result_check``), because the API silently drops conditions it cannot apply. Only
stored properties are filtered on: a device's FQDN is sent as its hostname and domain,
"awaiting the customer" as ``lastEditType: EMPLOYEE``, and the FQDN and the flag are
checked locally. Date bounds are sent widened (the zone the server reads a filter date
in is unknown, see api_dates) and checked exactly here. Lists are read in
``resultLimit`` pages ordered by creation date and then id, so a page boundary never
loses or repeats a ticket, and ``limit`` stops paging early.

The decisions are pure functions (``parse_query``, ``build_filters``,
``group_by_host``) so they are tested without a network; dates are read and
written by ``api_dates``;
``run`` is the one orchestration call a module makes.
"""

from __future__ import annotations

import heapq

from ansible_collections.softlayer.support.plugins.module_utils.api.client import DEFAULT_PAGE_SIZE, check_page_size
from ansible_collections.softlayer.support.plugins.module_utils.api.dates import api_date_order, parse_date, within
from ansible_collections.softlayer.support.plugins.module_utils.tickets.devices import FQDN, HOSTNAME, ID, KINDS, normalise_device, parse_references
from ansible_collections.softlayer.support.plugins.module_utils.api.errors import ApiFaultError, InvalidInputError
from ansible_collections.softlayer.support.plugins.module_utils.api.result_check import recheck
from ansible_collections.softlayer.support.plugins.module_utils.tickets.subjects import fetch_subjects, resolve_subject
from ansible_collections.softlayer.support.plugins.module_utils.tickets.statuses import ASSIGNED, OPEN, open_status_condition
from ansible_collections.softlayer.support.plugins.module_utils.tickets.fields import TICKET, awaiting_customer, normalise_ticket, ticket_mask
from ansible_collections.softlayer.support.plugins.module_utils.api.object_filter import ASCENDING, DESCENDING, date_condition, in_filter, order_by, sortable
from ansible_collections.softlayer.support.plugins.module_utils.tickets.titles import title_filter_operation, title_matches

# status option -> (SoftLayer_Account method, object filter root, the status condition's builder or None).
# Open tickets are listed from getTickets by their status ids (statuses.STILL_OPEN).
STATUS_LISTS = {
    'open': ('getTickets', 'tickets', open_status_condition),
    'closed': ('getClosedTickets', 'closedTickets', None),
    'all': ('getTickets', 'tickets', None),
}
DEFAULT_STATUS = 'open'

# Options that select tickets by content; none of them may be combined with ticket_id.
QUERY_OPTIONS = ('status', 'title', 'title_contains', 'subject', 'hardware', 'virtual_guests',
                 'created_after', 'created_before', 'modified_after', 'awaiting_customer', 'last_edit_type',
                 'priority', 'limit')


class TicketQuery:
    """Validated sl_ticket_info options: what to read and how to order, page and group it."""

    def __init__(self, ticket_ids=None, status=DEFAULT_STATUS, title=None, title_contains=None, subject=None,
                 devices=None, created_after=None, created_before=None, modified_after=None,
                 sort='newest', limit=None, page_size=DEFAULT_PAGE_SIZE,
                 include_updates=False, include_attachments=False, group_by_host=False,
                 awaiting_customer=None, last_edit_types=None, priorities=None):
        self.ticket_ids = ticket_ids
        self.status = status
        self.title = title
        self.title_contains = title_contains
        self.subject = subject
        # None: no device filter. Otherwise {kind option: [DeviceReference]} (all empty: selects nothing).
        self.devices = devices
        self.created_after = created_after
        self.created_before = created_before
        self.modified_after = modified_after
        self.sort = sort
        self.limit = limit
        self.page_size = page_size
        self.include_updates = include_updates
        self.include_attachments = include_attachments
        self.group_by_host = group_by_host
        # None: no filter. awaiting_customer is a bool; last_edit_types a list of EDIT_TYPES.
        self.awaiting_customer = awaiting_customer
        self.last_edit_types = last_edit_types
        # None: no filter; else the SoftLayer_Ticket.priority values (0 to 4) to keep.
        self.priorities = priorities

    @property
    def descending(self):
        return self.sort == 'newest'

    def accepts(self, raw):
        """The checks no object filter makes: the exact title and date bounds, the flag, the devices as named.

        Called on every ticket after the filter as sent was re-checked (``result_check``).
        """
        if self.title is not None and not title_matches(raw, self.title):
            return False
        if not (within(raw.get('createDate'), self.created_after, self.created_before)
                and within(raw.get('modifyDate'), self.modified_after)):
            return False
        if self.awaiting_customer is not None and awaiting_customer(raw) != self.awaiting_customer:
            return False
        return self.devices is None or has_device(raw, self.devices)


# --------------------------------------------------------------------------- options


def parse_query(params):
    """Turn module options into a TicketQuery, or raise InvalidInputError naming the bad option.

    The checks sl_ticket_info's argument spec declares (choices, ticket_id or the
    query options, title or title_contains) are not repeated here.
    """
    ticket_ids = params.get('ticket_id')
    if ticket_ids is not None:
        ticket_ids = _unique(_ticket_id(value) for value in ticket_ids)

    status = params.get('status') or DEFAULT_STATUS
    sort = params.get('sort') or 'newest'

    title, title_contains = params.get('title'), params.get('title_contains')
    for name, value in (('title', title), ('title_contains', title_contains), ('subject', params.get('subject'))):
        if value is not None and not str(value).strip():
            raise InvalidInputError('%s must not be empty' % name, option=name)

    created_after = parse_date(params.get('created_after'), 'created_after')
    created_before = parse_date(params.get('created_before'), 'created_before', round_up=True)
    if created_after is not None and created_before is not None and created_after >= created_before:
        raise InvalidInputError(
            'created_after (%s) must be earlier than created_before (%s): no ticket can match both'
            % (params['created_after'], params['created_before']), option='created_after')

    limit = params.get('limit')
    if limit is not None and limit < 1:
        raise InvalidInputError('limit must be at least 1, got %s' % limit, option='limit')
    page_size = params.get('page_size')
    page_size = check_page_size(DEFAULT_PAGE_SIZE if page_size is None else page_size)

    return TicketQuery(
        ticket_ids=ticket_ids,
        status=status,
        title=title,
        title_contains=title_contains.strip() if title_contains is not None else None,
        subject=params.get('subject'),
        devices=parse_devices(params),
        created_after=created_after,
        created_before=created_before,
        modified_after=parse_date(params.get('modified_after'), 'modified_after'),
        sort=sort,
        limit=limit,
        page_size=page_size,
        include_updates=bool(params.get('include_updates')),
        include_attachments=bool(params.get('include_attachments')),
        group_by_host=bool(params.get('group_by_host')),
        awaiting_customer=params.get('awaiting_customer'),
        last_edit_types=parse_edit_types(params.get('last_edit_type')),
        priorities=parse_priorities(params.get('priority')),
    )


def parse_priorities(values):
    """The priority option as a list of distinct priorities, or None when not set (the argument spec checks 0 to 4)."""
    if values is None:
        return None
    priorities = _unique(values)
    if not priorities:
        raise InvalidInputError('priority must not be an empty list; leave it out to match every ticket',
                                option='priority')
    return priorities


def parse_edit_types(values):
    """The last_edit_type option as a list of distinct upper-case edit types, or None when not set."""
    if values is None:
        return None
    if isinstance(values, str):
        values = [values]
    types = []
    for value in values:
        text = str(value).strip().upper()
        if text not in types:
            types.append(text)
    if not types:
        raise InvalidInputError('last_edit_type must not be an empty list; leave it out to match every ticket',
                                option='last_edit_type')
    return types


def _ticket_id(value):
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidInputError('ticket_id must be a list of positive ticket numbers, got %r' % (value,),
                                option='ticket_id')
    return value


def _unique(values):
    seen = set()
    return [v for v in values if not (v in seen or seen.add(v))]


def parse_devices(params):
    """The hardware / virtual_guests options as {option: [DeviceReference]}, or None when neither is set.

    ``devices.parse`` reads each entry: a number (or a string of digits) is a device id,
    a name with a dot a fully qualified domain name, anything else a short hostname.
    """
    if all(params.get(kind.option) is None for kind in KINDS):
        return None
    return dict((kind.option, parse_references(params.get(kind.option), kind.option)) for kind in KINDS)


# --------------------------------------------------------------------------- filters


# How tickets are presented: by creation date, then id for ties.
RESULT_ORDER = ('createDate', 'id')


def order_keys(query):
    """The properties the API sorts the list by: RESULT_ORDER without those the query searches (``sortable``).

    A query that filters on the creation date is paged in id order (unique, so pages stay
    stable; SoftLayer gives out ids in creation order, so ``limit`` keeps the newest or
    oldest ids) and the tickets read are then put in creation-date order.
    """
    return sortable(RESULT_ORDER, content_filter(query))


def direction(query):
    return DESCENDING if query.descending else ASCENDING


def order_filter(query):
    return order_by(order_keys(query), direction(query))


def content_filter(query, subject_id=None):
    """The conditions on the ticket itself (not its devices), rooted at SoftLayer_Ticket."""
    branch = {}
    status_condition = STATUS_LISTS[query.status][2]
    if status_condition:
        branch.update(status_condition())
    if query.title is not None:
        # Stored as given or as '<subject name> - <title>'; accepts() re-checks exactly.
        branch['title'] = title_filter_operation(query.title)
    if query.title_contains is not None:
        branch['title'] = {'operation': '*= %s' % query.title_contains}
    if subject_id is not None:
        branch['subjectId'] = {'operation': subject_id}
    created = date_condition(query.created_after, query.created_before)
    if created:
        branch['createDate'] = created
    modified = date_condition(query.modified_after)
    if modified:
        branch['modifyDate'] = modified
    if query.priorities is not None:
        # A stored integer: the API applies it, and result_check checks it again as for every condition.
        branch['priority'] = in_filter(query.priorities)
    if query.last_edit_types is not None:
        branch['lastEditType'] = in_filter(query.last_edit_types)
    elif query.awaiting_customer:
        # awaitingUserResponseFlag is computed (a filter on it is dropped): a ticket waits on the
        # customer when staff spoke last, so that narrows, and accepts() checks the flag itself.
        branch['lastEditType'] = in_filter(['EMPLOYEE'])
    return branch


def device_selectors(query):
    """One (relation, {property: values}) per device kind and kind of reference given; [] when devices select nothing.

    Only stored properties: ids, hostnames, and FQDNs as hostname and domain (which may
    select more devices than named; accepts() keeps the named ones). Names are sent as
    given and in lower case: the server may compare them case-sensitively.
    """
    if query.devices is None:
        return None
    selectors = []
    for kind in KINDS:
        references = query.devices.get(kind.option) or []
        for key in (ID, HOSTNAME, FQDN):
            conditions = {}
            for reference in references:
                if reference.key == key:
                    for prop, values in reference.stored_values().items():
                        conditions[prop] = _unique(conditions.get(prop, []) + values)
            if conditions:
                selectors.append((kind.relation, conditions))
    return selectors


def has_device(raw, devices):
    """Whether a raw ticket has one of the devices (parse_devices' {option: [DeviceReference]}) attached."""
    for kind in KINDS:
        references = devices.get(kind.option) or []
        for device in raw.get(kind.relation) or []:
            if any(reference.matches(normalise_device(device)) for reference in references):
                return True
    return False


def build_filters(query, root, subject_id=None):
    """The object filters of a query: one per kind of device value (their results are merged), else one.

    A filter cannot say "hostname is X or FQDN is Y" across two properties, so
    hostnames, FQDNs and ids, of hardware and of guests, each get their own
    filter; a ticket matching several is read once (merged by id).
    """
    base = content_filter(query, subject_id)
    base.update(order_filter(query))
    selectors = device_selectors(query)
    if selectors is None:
        return [{root: base}]
    filters = []
    for relation, conditions in selectors:
        branch = dict(base)
        branch[relation] = dict((prop, in_filter(values)) for prop, values in conditions.items())
        filters.append({root: branch})
    return filters


def ids_filter(ids, query):
    """Account::getTickets filter for exactly these ids (sorted by creation date: id is being searched)."""
    branch = {'id': in_filter(ids)}
    branch.update(order_by(sortable(RESULT_ORDER, branch)[0], direction(query)))
    return {'tickets': branch}


# --------------------------------------------------------------------------- ordering and grouping


def sort_key(query, keys=None):
    """A Python key that orders raw tickets as the API's orderBy on ``keys`` does (nulls first).

    By default the keys the API sorted the query by, for merging several sorted lists.
    """
    keys = keys or order_keys(query)

    def key(raw):
        return tuple(_rank(raw.get(name), name) for name in keys)
    return key


def _rank(value, name):
    if name == 'createDate':
        return api_date_order(value)
    return (0, 0) if value is None else (1, value)


def group_by_host(tickets, devices=None):
    """{hostname or FQDN: [tickets]} for every attached device, each ticket once per key.

    With ``devices`` (a device filter, as parsed by parse_devices) only the
    requested devices are keyed, and every requested hostname and FQDN has a key,
    spelt as requested and empty when it has no tickets; other devices on the same
    tickets are left out because their lists would be incomplete.
    """
    grouped = {}
    # A requested name keeps the requester's spelling: the devices' own names, in any case, file under it.
    spelt = {}
    if devices:
        for references in devices.values():
            for key in (HOSTNAME, FQDN):
                for reference in references:
                    if reference.key == key:
                        grouped.setdefault(reference.value, [])
                        spelt.setdefault(reference.value.lower(), reference.value)
    for ticket in tickets:
        for kind in KINDS:
            requested = (devices or {}).get(kind.option) or []
            for device in ticket.get(kind.ticket_field) or []:
                if devices is not None and not any(reference.matches(device) for reference in requested):
                    continue
                names = (device.get('hostname'), device.get('fqdn'))
                for name in _unique(spelt.get(n.lower(), n) for n in names if n):
                    entries = grouped.setdefault(name, [])
                    if not any(t['id'] == ticket['id'] for t in entries):
                        entries.append(ticket)
    return grouped


# --------------------------------------------------------------------------- reading


def read_by_ids(client, query):
    """Exactly the tickets in ``query.ticket_ids``: one filtered list call per page of ids, all verified."""
    found = {}
    for start in range(0, len(query.ticket_ids), query.page_size):
        chunk = query.ticket_ids[start:start + query.page_size]
        object_filter = ids_filter(chunk, query)
        # One page per chunk (limit = chunk size), so no ordering across pages is needed.
        page = client.read('SoftLayer_Account', 'getTickets', mask=ticket_mask(query.include_updates, query.include_attachments),
                           filter=object_filter,
                           limit=len(chunk), offset=0, operation='read tickets %s' % _id_list(chunk))
        for raw in recheck(page or [], object_filter):
            found[raw.get('id')] = raw
    missing = [i for i in query.ticket_ids if i not in found]
    if missing:
        raise InvalidInputError('ticket_id %s not found on this account' % _id_list(missing), option='ticket_id')
    return sorted(found.values(), key=sort_key(query, RESULT_ORDER), reverse=query.descending)


def _id_list(ids):
    return ', '.join(str(i) for i in ids)


def search(client, query, subject_id=None):
    """Yield the raw tickets of a query, ordered, each once, stopping at ``query.limit``."""
    method, root = STATUS_LISTS[query.status][:2]
    filters = build_filters(query, root, subject_id)
    if not filters:
        return
    # Every ticket is re-checked here, so pages are read on (lazily) until ``limit`` tickets pass;
    # pages of ``limit`` tickets keep a query whose tickets all pass at one call of that size.
    page_size = query.page_size if query.limit is None else min(query.page_size, query.limit)
    streams = [recheck(client.iter_pages('SoftLayer_Account', method, root, object_filter=object_filter,
                                         mask=ticket_mask(query.include_updates, query.include_attachments),
                                         page_size=page_size, order_by=None, operation='list %s tickets' % query.status),
                       object_filter, accept=query.accepts)
               for object_filter in filters]
    merged = streams[0] if len(streams) == 1 else heapq.merge(*streams, key=sort_key(query), reverse=query.descending)
    seen = set()
    for raw in merged:
        if raw.get('id') in seen:
            continue
        seen.add(raw.get('id'))
        yield raw
        if query.limit is not None and len(seen) >= query.limit:
            return


# summary: the Account's own count properties (mask only), read in one getObject call.
SUMMARY_ACCOUNT_MASK = 'mask[ticketCount,openTicketCount,closedTicketCount,openTicketsWaitingOnCustomerCount]'
# A status count reads one row of the list, for the total the answer carries.
COUNT_MASK = TICKET.mask('id')
# The statuses counted one by one: a one-row page of the filtered list carries the total
# (SoftLayer-Total-Items).
SUMMARY_STATUSES = (OPEN, ASSIGNED)
# Options besides the query options that make no sense with summary.
SUMMARY_EXCLUDES = ('group_by_host', 'include_updates', 'include_attachments')


def count_status(client, status):
    """How many of the account's tickets have this status (a statuses.TicketStatus): one call with resultLimit 1."""
    status_name = status.name
    branch = {'statusId': in_filter([status.id])}
    branch.update(order_by('id'))
    page = client.read('SoftLayer_Account', 'getTickets', mask=COUNT_MASK, filter={'tickets': branch},
                       limit=1, offset=0, operation='count %s tickets' % status_name)
    total = getattr(page, 'total_count', None)
    if total:
        return int(total)
    if page:
        raise ApiFaultError('count %s tickets failed: the API sent no SoftLayer-Total-Items count' % status_name,
                            operation='count %s tickets' % status_name)
    return 0


def _count(value):
    """A count property: None (an XML-RPC null) or anything not a number reads as 0."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def read_summary(client):
    """Counts of the account's tickets by status and how many open ones wait on the customer: 3 calls at once."""
    account, opened, assigned = client.parallel(
        lambda: client.read('SoftLayer_Account', 'getObject', mask=SUMMARY_ACCOUNT_MASK, operation='read ticket counts'),
        lambda: count_status(client, SUMMARY_STATUSES[0]),
        lambda: count_status(client, SUMMARY_STATUSES[1]),
    )
    account = account or {}
    return {
        'open': opened,
        'assigned': assigned,
        'closed': _count(account.get('closedTicketCount')),
        'total': _count(account.get('ticketCount')),
        'open_awaiting_customer': _count(account.get('openTicketsWaitingOnCustomerCount')),
    }


def run(client, params):
    """sl_ticket_info: the tickets (and, on request, tickets per host) for the module's options."""
    if params.get('summary'):
        conflicting = [name for name in ('ticket_id',) + QUERY_OPTIONS + SUMMARY_EXCLUDES
                       if params.get(name) not in (None, False)]
        if conflicting:
            raise InvalidInputError('summary counts every ticket of the account and cannot be combined with %s'
                                    % ', '.join(conflicting), option='summary')
        return {'tickets': [], 'summary': read_summary(client)}
    query = parse_query(params)
    if query.ticket_ids is not None:
        raw_tickets = read_by_ids(client, query) if query.ticket_ids else []
    else:
        subject_id = None
        if query.subject is not None:
            subject_id = resolve_subject(fetch_subjects(client), query.subject)['id']
        raw_tickets = list(search(client, query, subject_id))
        if order_keys(query) != RESULT_ORDER:
            # The API sorted by id (it cannot sort on the date it filters on); present the
            # tickets by creation date like every other query. Only the order changes here.
            raw_tickets.sort(key=sort_key(query, RESULT_ORDER), reverse=query.descending)
    tickets = [normalise_ticket(raw) for raw in raw_tickets]
    result = {'tickets': tickets}
    if query.group_by_host:
        result['tickets_by_host'] = group_by_host(tickets, query.devices)
    return result
