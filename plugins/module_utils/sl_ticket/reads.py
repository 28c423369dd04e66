# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The reads of one ticket that sl_ticket's finding and writing share, with the ticket's full mask."""

from __future__ import annotations

from ansible_collections.softlayer.support.plugins.module_utils.api.result_check import recheck
from ansible_collections.softlayer.support.plugins.module_utils.tickets.identity import DERIVED, SEARCH_ROOT, marker_filter
from ansible_collections.softlayer.support.plugins.module_utils.tickets.calls import read_one_ticket
from ansible_collections.softlayer.support.plugins.module_utils.tickets.fields import ticket_mask

FULL_MASK = ticket_mask(include_updates=True, include_attachments=True)


def read_ticket(client, ticket_id, operation=None):
    """The ticket with everything sl_ticket compares; a ticket not on the account names ticket_id."""
    return read_one_ticket(client, 'getObject', ticket_id, mask=FULL_MASK, operation=operation or 'read ticket %s' % ticket_id)


def search_tickets(client, object_filter, operation):
    """The account's open tickets matching ``object_filter``, every page, each checked again against it.

    The API drops filter conditions it cannot apply and returns more: what it returns only counts
    once the same conditions hold here (the first update's text, the status, the subject, the title).
    """
    found = client.read_all('SoftLayer_Account', 'getTickets', SEARCH_ROOT, mask=FULL_MASK,
                            object_filter=object_filter, operation=operation)
    return list(recheck(found, object_filter, derived=DERIVED))


def find_created(client, token):
    """The ticket whose body carries the creation ``token`` (one ticket opening), or None."""
    found = search_tickets(client, marker_filter(token), 'look whether the ticket was opened')
    return found[0] if found else None
