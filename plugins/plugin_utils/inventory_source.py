# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the sl_inventory plugin asks SoftLayer and how it turns the answer into hosts.

One masked, ordered, paged list per device kind (Account::getHardware,
Account::getVirtualGuests), filtered by the API; each device carries its open
tickets through the ``activeTickets`` relation, so there is no per-host call
and no separate ticket query. Everything here is plain data in, plain data out:
the plugin only feeds Ansible's inventory with it.
"""

from __future__ import annotations

import collections

from ansible_collections.softlayer.support.plugins.module_utils.api.client import DEFAULT_PAGE_SIZE, check_page_size
from ansible_collections.softlayer.support.plugins.module_utils.api.dates import api_date_order
from ansible_collections.softlayer.support.plugins.module_utils.tickets.devices import (
    DEVICE_FIELDS,
    KINDS_BY_NAME,
    KINDS_BY_OPTION,
    VIRTUAL_GUEST,
    fqdn_of,
    normalise_device,
)
from ansible_collections.softlayer.support.plugins.module_utils.api.errors import InvalidInputError
from ansible_collections.softlayer.support.plugins.module_utils.api.result_check import recheck
from ansible_collections.softlayer.support.plugins.module_utils.tickets.statuses import OPEN_STATUSES
from ansible_collections.softlayer.support.plugins.module_utils.api.object_filter import in_filter
from ansible_collections.softlayer.support.plugins.module_utils.tickets.fields import TICKET, normalise_ticket

# The kinds the include option names (hardware, virtual_guests): the table of devices.KINDS by option.
DEVICE_KINDS = KINDS_BY_OPTION
HOSTNAME_SOURCES = ('fqdn', 'hostname', 'id')
ANSIBLE_HOST_SOURCES = ('public_ip', 'private_ip')
GROUP_WITH_OPEN_TICKETS = 'sl_with_open_tickets'
GROUP_AWAITING_CUSTOMER = 'sl_awaiting_customer'
DATACENTER_GROUP_PREFIX = 'sl_dc_'

# The lean ticket: the keys sl_ticket_info returns that say what a ticket is about and who must act.
LEAN_TICKET_KEYS = (
    'id', 'title', 'status', 'status_id', 'subject', 'priority', 'create_date', 'modify_date',
    'last_edit_type', 'awaiting_customer', 'case_number', 'service_provider_resource_id',
)
LEAN_TICKET_MASK = TICKET.mask_items(*LEAN_TICKET_KEYS)
_DEVICE_MASK = DEVICE_FIELDS + ',primaryIpAddress,primaryBackendIpAddress,datacenter[name],tagReferences[tag[name]]'


def device_mask(kind):
    """The one mask of a device list: the device, its status, datacenter, tags and lean open tickets."""
    return 'mask(%s)[%s,%s,activeTickets[%s]]' % (kind.mask_type, _DEVICE_MASK, kind.status_mask, LEAN_TICKET_MASK)


def hostname_operation(pattern):
    """A hostname pattern (``web*``, ``*db*``, ``*01``, ``web01``) as a SoftLayer filter operation.

    SoftLayer matches these case-insensitively: ``^=`` begins with, ``$=`` ends with,
    ``*=`` contains, ``_=`` equals.
    """
    text = pattern.strip()
    core = text.strip('*')
    if not core or '*' in core or any(c.isspace() for c in core):
        raise InvalidInputError(
            'hostname_pattern %r is not supported: use a hostname, or one with * at the start, the end or both '
            '(web01, web*, *01, *web*)' % (pattern,), option='hostname_pattern')
    starts, ends = text.startswith('*'), text.endswith('*')
    operator = {(False, False): '_=', (False, True): '^=', (True, False): '$=', (True, True): '*='}[(starts, ends)]
    return '%s %s' % (operator, core)


def device_filter(kind, datacenters=None, tags=None, hostname_pattern=None):
    """The object filter of one device list, rooted at the Account property (``hardware``), or None."""
    branch = {}
    if datacenters:
        branch['datacenter'] = {'name': in_filter(datacenters)}
    if tags:
        branch['tagReferences'] = {'tag': {'name': in_filter(tags)}}
    if hostname_pattern:
        branch['hostname'] = {'operation': hostname_operation(hostname_pattern)}
    return {kind.account_root: branch} if branch else None


def _strings(value, option):
    if value is None:
        return []
    if isinstance(value, str) or not isinstance(value, (list, tuple)):
        raise InvalidInputError('%s must be a list of strings, not %r' % (option, value), option=option)
    result = []
    for item in value:
        if not isinstance(item, str) or not item.strip():
            raise InvalidInputError('%s must be a list of non-empty strings; %r is not one' % (option, item), option=option)
        result.append(item.strip())
    return result


def _choices(value, option, allowed):
    values = _strings(value, option)
    unknown = [v for v in values if v not in allowed]
    if unknown or not values:
        raise InvalidInputError('%s must be a non-empty list of %s, not %r' % (option, ', '.join(allowed), value),
                                option=option)
    return list(collections.OrderedDict.fromkeys(values))


def query_settings(options):
    """Check the plugin's own options; return the validated ones (a dict). Raises InvalidInputError."""
    host_from = options.get('ansible_host_from') or 'public_ip'
    if host_from not in ANSIBLE_HOST_SOURCES:
        raise InvalidInputError('ansible_host_from must be one of %s, not %r' % (', '.join(ANSIBLE_HOST_SOURCES), host_from),
                                option='ansible_host_from')
    page_size = options.get('page_size')
    page_size = check_page_size(DEFAULT_PAGE_SIZE if page_size is None else page_size)
    pattern = options.get('hostname_pattern')
    if pattern is not None:
        if not isinstance(pattern, str):
            raise InvalidInputError('hostname_pattern must be a string, not %r' % (pattern,), option='hostname_pattern')
        hostname_operation(pattern)
    return {
        'include': _choices(options.get('include') or list(DEVICE_KINDS), 'include', tuple(DEVICE_KINDS)),
        'datacenters': _strings(options.get('datacenters'), 'datacenters'),
        'tags': _strings(options.get('tags'), 'tags'),
        'hostname_pattern': pattern or None,
        'hostnames': _choices(options.get('hostnames') or ['fqdn'], 'hostnames', HOSTNAME_SOURCES),
        'ansible_host_from': host_from,
        'page_size': page_size,
    }


def _text(value):
    """A string property, with XML-RPC's empty string for null read as absent."""
    if value is None or value == '':
        return None
    return value


def lean_ticket(raw):
    """An activeTickets element as the lean ticket of sl_ticket_info's shape."""
    ticket = normalise_ticket(raw)
    # A null flag (an account that never had a staff reply) counts as not waiting, for the group.
    ticket['awaiting_customer'] = bool(ticket['awaiting_customer'])
    return {key: ticket.get(key) for key in LEAN_TICKET_KEYS}


def _newest_first(ticket):
    return (api_date_order(ticket.get('create_date')), ticket.get('id') or 0)


def open_tickets(raw_tickets):
    """The device's Open and Assigned tickets, newest first (activeTickets may hold other non-closed states)."""
    tickets = [lean_ticket(raw) for raw in raw_tickets or []]
    tickets = [t for t in tickets if t['status'] in OPEN_STATUSES]
    return sorted(tickets, key=_newest_first, reverse=True)


def _status(kind, raw):
    prop, key = kind.status_path
    return _text((raw.get(prop) or {}).get(key))


def _tags(raw):
    names = ((reference or {}).get('tag') or {} for reference in raw.get('tagReferences') or [])
    return sorted({_text(tag.get('name')) for tag in names} - {None})


def device_hostvars(kind, raw):
    """One device of a masked device list as the host's ``sl_*`` variables (JSON-able, so it can be cached)."""
    device = dict((key, _text(value)) for key, value in normalise_device(raw).items())
    hostname, domain, fqdn = device['hostname'], device['domain'], fqdn_of(device)
    tickets = open_tickets(raw.get('activeTickets'))
    return {
        'sl_id': raw.get('id'),
        'sl_type': kind.name,
        'sl_hostname': hostname,
        'sl_domain': domain,
        'sl_fqdn': fqdn,
        'sl_datacenter': _text((raw.get('datacenter') or {}).get('name')),
        'sl_public_ip': _text(raw.get('primaryIpAddress')),
        'sl_private_ip': _text(raw.get('primaryBackendIpAddress')),
        'sl_tags': _tags(raw),
        'sl_status': _status(kind, raw),
        'sl_open_ticket_count': len(tickets),
        'sl_open_tickets': tickets,
    }


def one_per_device(raws):
    """The devices of one list, each id once (the first row kept).

    A filter across a to-many relation (tags) may list a device once per matching row, and
    offset paging repeats a row when the list shifts between pages: neither may make two hosts.
    """
    seen = set()
    for raw in raws:
        device_id = raw.get('id')
        if device_id is not None and device_id in seen:
            continue
        seen.add(device_id)
        yield raw


def fetch_hosts(client, settings):
    """Every matching device of the included kinds as hostvars, each device once: one paged device list per kind."""
    hosts = []
    for name in settings['include']:
        kind = DEVICE_KINDS[name]
        object_filter = device_filter(kind, settings['datacenters'], settings['tags'], settings['hostname_pattern'])
        pages = client.iter_pages(
            'SoftLayer_Account', kind.account_method, kind.account_root, mask=device_mask(kind),
            object_filter=object_filter, page_size=settings['page_size'], operation='Account::%s' % kind.account_method)
        # The filter only narrows what is read: each device is checked against it again (result_check).
        hosts.extend(device_hostvars(kind, raw) for raw in one_per_device(recheck(pages, object_filter)))
    return hosts


def inventory_hostname(hostvars, preference):
    """The first of ``preference`` (fqdn, hostname, id) that the device has, or None."""
    for source in preference:
        value = hostvars.get('sl_id') if source == 'id' else hostvars.get('sl_' + source)
        if value not in (None, ''):
            return str(value)
    return None


def ansible_host(hostvars, source):
    """The address Ansible connects to: the chosen IP, else the other one, else None."""
    public, private = hostvars.get('sl_public_ip'), hostvars.get('sl_private_ip')
    return (public or private) if source == 'public_ip' else (private or public)


def host_groups(hostvars, sanitize=None):
    """The sl_* groups a host belongs to; ``sanitize`` makes a datacenter name a valid group name."""
    kind = KINDS_BY_NAME.get(hostvars.get('sl_type'), VIRTUAL_GUEST)
    groups = [kind.inventory_group]
    tickets = hostvars.get('sl_open_tickets') or []
    if tickets:
        groups.append(GROUP_WITH_OPEN_TICKETS)
    if any(t.get('awaiting_customer') for t in tickets):
        groups.append(GROUP_AWAITING_CUSTOMER)
    datacenter = hostvars.get('sl_datacenter')
    if datacenter:
        name = DATACENTER_GROUP_PREFIX + datacenter
        groups.append(sanitize(name) if sanitize else name)
    return groups
