# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ibm_case_info's reads: one case by number, or every page of a search, and the cases grouped by host.

The API filters by status and searches text; the offering is checked here (the API has no such filter).
Every case of a search answer carries its comments, resources, watchlist and attachments, so a search
costs one call per 100 cases and nothing per case.
"""

from __future__ import annotations

from ansible_collections.softlayer.support.plugins.module_utils.ibm_cases.identity import resource_as_device
from ansible_collections.softlayer.support.plugins.module_utils.ibm_cases.reads import all_cases, get_case
from ansible_collections.softlayer.support.plugins.module_utils.ibm_cases.ticket_link import tickets_by_case_number, with_tickets
from ansible_collections.softlayer.support.plugins.module_utils.tickets.devices import KINDS

# The resource types of classic devices (added by type and id), as the tickets' device model names them.
DEVICE_TYPES = frozenset(kind.name for kind in KINDS)


def _offering_matches(case, offering):
    wanted = offering.strip().casefold()
    named = case.get('offering') or {}
    return wanted in ((named.get('name') or '').casefold(), ((named.get('type') or {}).get('key') or '').casefold())


def query_cases(client, number=None, search=None, statuses=None, offering=None):
    """The cases asked for, newest update first (the API's default order); one case when ``number`` is given."""
    if number:
        cases = [get_case(client, number)]
    else:
        query = {'search': search} if search else {}
        if statuses:
            query['status'] = list(statuses)
        cases = all_cases(client, 'list the cases', **query)
    if statuses:
        cases = [case for case in cases if case.get('status') in statuses]
    if offering:
        cases = [case for case in cases if _offering_matches(case, offering)]
    return cases


def host_keys(resource):
    """The names a resource is filed under: a classic device's FQDN and short hostname (either may be an
    inventory_hostname, as sl_ticket_info files tickets), any other resource's name and CRN."""
    if resource.get('type') in DEVICE_TYPES and resource.get('name'):
        device = resource_as_device(resource)
        return [name for name in (device['fqdn'], device['hostname']) if name]
    return [name for name in (resource.get('name'), resource.get('crn')) if name]


def cases_by_host(cases):
    """``{host: [case]}``: the cases naming each server, guest or cloud resource (host_keys), each case once per key."""
    grouped = {}
    for case in cases:
        for resource in case.get('resources') or []:
            for key in host_keys(resource):
                entries = grouped.setdefault(key, [])
                if not any(entry.get('number') == case.get('number') for entry in entries):
                    entries.append(case)
    return grouped


def run(client, params, softlayer_client):
    """ibm_case_info: the cases, each with its SoftLayer ticket on request, and grouped by host on request.

    ``softlayer_client()`` is called only for ``include_softlayer_tickets``.
    """
    cases = query_cases(client, number=params.get('number'), search=params.get('search'), statuses=params.get('status'),
                        offering=params.get('offering'))
    if params.get('include_softlayer_tickets'):
        cases = with_tickets(cases, tickets_by_case_number(softlayer_client(), [case.get('number') for case in cases]))
    result = {'changed': False, 'cases': cases}
    if params.get('group_by_host'):
        result['cases_by_host'] = cases_by_host(cases)
    return result
