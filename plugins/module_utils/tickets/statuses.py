# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ticket statuses: one table of names and ids, and which of them still accept updates.

The open-status condition is built here rather than in ``api/object_filter``: it is the
object-filter ``in`` of this table's ids, and the table is about tickets, above the API layer.
"""

from __future__ import annotations

import collections

from ansible_collections.softlayer.support.plugins.module_utils.api.object_filter import in_filter

# A SoftLayer_Ticket_Status: its name (what tickets return as ``status``) and id (``statusId``).
TicketStatus = collections.namedtuple('TicketStatus', ('name', 'id'))

OPEN = TicketStatus('Open', 1001)
ASSIGNED = TicketStatus('Assigned', 1004)
CLOSED = TicketStatus('Closed', 1002)
STATUSES = (OPEN, ASSIGNED, CLOSED)

# Every ticket that still accepts updates. Searches name these ids explicitly: Account::getOpenTickets
# may leave Assigned tickets out, and a ticket a technician has picked up is still open.
STILL_OPEN = (OPEN, ASSIGNED)
OPEN_STATUSES = tuple(status.name for status in STILL_OPEN)
OPEN_STATUS_IDS = tuple(status.id for status in STILL_OPEN)


def is_open(ticket):
    """True for a normalised ticket that still accepts updates."""
    return ticket.get('status') in OPEN_STATUSES


def is_closed(status_name):
    """True for the name of the Closed status."""
    return status_name == CLOSED.name


def open_status_condition():
    """The object-filter condition (``statusId``) of the tickets that still accept updates (STILL_OPEN)."""
    return {'statusId': in_filter(OPEN_STATUS_IDS)}
