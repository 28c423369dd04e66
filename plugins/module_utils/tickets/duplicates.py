# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Tickets that duplicate another: the note that marks one, and which of several twins is the oldest.

The rules of sl_ticket's backstop for several controllers (sl_ticket/backstop.py), pure. The event
source (plugin_utils/ticket_events.py) uses ``is_duplicate`` to leave marked tickets out. Which twin
is kept (the oldest) is the rule every backstop shares (concurrent_runs/twins.py), read here by the
ticket's creation date and id.

Why the note takes the newer ticket out: customers cannot close or retitle a ticket through
the API, so the duplicate stays open with the same title and marker. A ticket carrying the
note is no longer a candidate (``without_duplicates``), so later runs, which use the newest
candidate, see only the oldest.
"""

from __future__ import annotations

from ansible_collections.softlayer.support.plugins.module_utils.concurrent_runs.twins import OpeningOrder
from ansible_collections.softlayer.support.plugins.module_utils.tickets.fields import created_at

DUPLICATE_LABEL = 'Ansible softlayer.support.sl_ticket duplicate of ticket'


def duplicate_note(older):
    """The one update posted on a ticket that duplicates ``older``; its last line marks it for later runs."""
    case = older.get('serviceProviderResourceId')
    return ('This ticket duplicates ticket %s%s, which another Ansible run opened at the same time for the '
            'same issue. Please handle it there: everything this run had to report was added to it.\n\n%s %s'
            % (older['id'], ' (%s)' % case if case else '', DUPLICATE_LABEL, older['id']))


def is_duplicate(raw):
    """True when one of the ticket's updates is the duplicate note."""
    return any(DUPLICATE_LABEL in (update.get('entry') or '') for update in raw.get('updates') or [])


def without_duplicates(candidates):
    """The candidates that are not marked as duplicates of another ticket."""
    return [raw for raw in candidates if not is_duplicate(raw)]


TICKET_ORDER = OpeningOrder(created=created_at, serial=lambda raw: raw.get('id') or 0)
opened_before = TICKET_ORDER.opened_before
oldest = TICKET_ORDER.oldest
oldest_twin = TICKET_ORDER.oldest_twin
