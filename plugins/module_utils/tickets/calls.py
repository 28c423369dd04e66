# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A read of one ticket by id: the one place where a ticket that is not on the account names ``ticket_id``."""

from __future__ import annotations

from ansible_collections.softlayer.support.plugins.module_utils.api.errors import ApiFaultError, InvalidInputError

NOT_FOUND = 'SoftLayer_Exception_ObjectNotFound'


def read_one_ticket(client, method, ticket_id, **kwargs):
    """``SoftLayer_Ticket::<method>`` on ticket ``ticket_id`` (a read); an unknown ticket is the user's ticket_id."""
    try:
        return client.read('SoftLayer_Ticket', method, id=ticket_id, **kwargs)
    except ApiFaultError as error:
        if error.fault_code == NOT_FOUND:
            raise InvalidInputError('ticket %s was not found on this account' % ticket_id, option='ticket_id') from None
        raise
