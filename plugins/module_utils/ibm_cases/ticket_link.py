# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""From a case to its SoftLayer ticket: the one link the two APIs give.

Every SoftLayer ticket carries its Support Center case number (``serviceProviderResourceId``, the
tickets' ``case_number``), but the Case Management API's case names no ticket (its model has no such
field; tests/emulator/CASES.md). So ibm_case_info, on request, looks the tickets up on the SoftLayer
account by the numbers of the cases it read: one filtered list call per page of numbers, whatever
the number of cases, each answer checked again locally (the API may drop a filter).
"""

from __future__ import annotations

from ansible_collections.softlayer.support.plugins.module_utils.api.client import DEFAULT_PAGE_SIZE
from ansible_collections.softlayer.support.plugins.module_utils.api.object_filter import in_filter
from ansible_collections.softlayer.support.plugins.module_utils.api.result_check import recheck
from ansible_collections.softlayer.support.plugins.module_utils.tickets.fields import TICKET

# What a case shows of its ticket (the returned keys of the tickets' field table).
TICKET_KEYS = ('id', 'title', 'status', 'case_number')
TICKET_MASK = TICKET.mask(*TICKET_KEYS)
# The property every ticket's case number is read from (the tickets' field table names it once).
CASE_NUMBER_PROPERTY = 'serviceProviderResourceId'


def tickets_by_case_number(client, numbers):
    """``{case number: {id, title, status, case_number}}`` for the account's tickets carrying any of ``numbers``.

    A number no ticket carries is absent (a case opened in the Support Center may have no ticket).
    When two tickets carry one number, the newest (highest id) is kept.
    """
    wanted = list(dict.fromkeys(number for number in numbers if number))
    found = {}
    for start in range(0, len(wanted), DEFAULT_PAGE_SIZE):
        chunk = wanted[start:start + DEFAULT_PAGE_SIZE]
        object_filter = {'tickets': {CASE_NUMBER_PROPERTY: in_filter(chunk)}}
        pages = client.iter_pages('SoftLayer_Account', 'getTickets', 'tickets', mask=TICKET_MASK,
                                  object_filter=object_filter, operation='look up the tickets of %d cases' % len(chunk))
        for raw in recheck(pages, object_filter):
            ticket = TICKET.normalise(raw)
            linked = {key: ticket[key] for key in TICKET_KEYS}
            if linked['case_number'] in chunk and linked['id'] > found.get(linked['case_number'], {}).get('id', -1):
                found[linked['case_number']] = linked
    return found


def with_tickets(cases, tickets):
    """Each case with ``softlayer_ticket``: its ticket from ``tickets`` (tickets_by_case_number), or None."""
    return [dict(case, softlayer_ticket=tickets.get(case.get('number'))) for case in cases]
