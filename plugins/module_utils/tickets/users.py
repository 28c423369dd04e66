# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The portal user a new ticket is assigned to: the API user by default, or one named by username or id.

SoftLayer's API guide asks every new standard ticket for an ``assignedUserId``
("usually set to the ticket creator"), and only a ticket with an assigned user can
take additional e-mail addresses. The lookup is one read, made in the same round
trip as the subject and device lookups; an unknown user fails before any write.
"""

from __future__ import annotations

from ansible_collections.softlayer.support.plugins.module_utils.api.errors import InvalidInputError
from ansible_collections.softlayer.support.plugins.module_utils.tickets.fields import USER
from ansible_collections.softlayer.support.plugins.module_utils.tickets.references import did_you_mean, is_id

USER_MASK = USER.mask()
SUGGESTION_LIMIT = 1000


def user_filter(reference):
    """The Account::getUsers filter for a user id (digits) or a username (compared ignoring case)."""
    text = str(reference).strip()
    if is_id(text):
        return {'users': {'id': {'operation': int(text)}}}
    return {'users': {'username': {'operation': '_= %s' % text}}}


def lookup_user(client, reference):
    """A thunk for ``client.parallel``: the API user (``reference`` None) or the users the reference can mean."""
    if reference is None:
        return lambda: client.read('SoftLayer_Account', 'getCurrentUser', mask=USER_MASK,
                                   operation='read the API user')
    return lambda: client.read_all('SoftLayer_Account', 'getUsers', 'users', mask=USER_MASK,
                                   object_filter=user_filter(reference),
                                   operation="look up the portal user '%s'" % reference)


def resolve_user(reference, found, suggestions=None, option='assigned_user'):
    """The one user ``reference`` names among ``found`` (the lookup's answer), or InvalidInputError.

    ``suggestions`` returns every user of the account; it is called only for an
    unknown reference, to name close usernames.
    """
    if reference is None:
        if not found or found.get('id') is None:
            raise InvalidInputError('the API user could not be read, so the ticket would have no owner; set %s'
                                    % option, option=option)
        return found
    text = str(reference).strip()
    if is_id(text):
        matches = [user for user in found or [] if user.get('id') == int(text)]
    else:
        matches = [user for user in found or [] if (user.get('username') or '').casefold() == text.casefold()]
        exact = [user for user in matches if user.get('username') == text]
        matches = exact or matches
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise InvalidInputError("%s '%s' matches several portal users (%s): give the user id" % (
            option, text, ', '.join('%s (id %s)' % (u.get('username'), u.get('id')) for u in matches)), option=option)
    raise InvalidInputError(_unknown_message(text, suggestions, option), option=option)


def _unknown_message(text, suggestions, option):
    message = "%s '%s' is not a portal user of this account (give a username or a user id)" % (option, text)
    if suggestions is None:
        return message
    names = sorted({user.get('username') for user in suggestions() if user.get('username')})
    hint = did_you_mean(text, names)
    if hint:
        return '%s; %s' % (message, hint)
    if names:
        shown = names[:10]
        more = ' (and %d more)' % (len(names) - len(shown)) if len(names) > len(shown) else ''
        return '%s; users: %s%s' % (message, ', '.join(shown), more)
    return message


def all_users(client):
    """Every portal user (lean mask), for suggestions on the error path only."""
    return client.read_all('SoftLayer_Account', 'getUsers', 'users', mask=USER_MASK, limit=SUGGESTION_LIMIT,
                           operation='list the portal users for suggestions')
