# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ticket statuses: names, ids and which of them still accept updates."""

from __future__ import annotations

from ansible_collections.softlayer.support.plugins.module_utils.api.object_filter import in_filter

OPEN_STATUSES = ('Open', 'Assigned')
# Open (1001) and Assigned (1004): every ticket that still accepts updates. Searches name both ids
# explicitly, because Account::getOpenTickets may leave Assigned tickets out.
OPEN_STATUS_IDS = (1001, 1004)


def is_open(ticket):
    """True for a normalised ticket that still accepts updates."""
    return ticket.get('status') in OPEN_STATUSES


def open_status_condition():
    """The object-filter condition (``statusId``) of the tickets that still accept updates: Open and Assigned.

    The ids are explicit because Account::getOpenTickets may leave Assigned tickets out.
    """
    return {'statusId': in_filter(OPEN_STATUS_IDS)}
