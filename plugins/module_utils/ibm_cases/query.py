# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ibm_case_info's reads: one case by number, or every page of a search, and the cases grouped by host.

The API filters by status and searches text; the offering is checked here (the API has no such filter).
Every case of a search answer carries its comments, resources, watchlist and attachments, so a search
costs one call per 100 cases and nothing per case.
"""

from __future__ import annotations

from ansible_collections.softlayer.support.plugins.module_utils.ibm_cases.reads import all_cases, get_case


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


def cases_by_host(cases):
    """``{resource name: [case number]}``: the cases of each server, guest or cloud resource, as sl_ticket_info groups tickets."""
    hosts = {}
    for case in cases:
        for resource in case.get('resources') or []:
            name = resource.get('name') or resource.get('crn')
            if name and case.get('number') not in hosts.setdefault(name, []):
                hosts[name].append(case.get('number'))
    return hosts
