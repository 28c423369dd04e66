# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The case reads both case modules make: every page of a search, one case, the technical offerings.

Offerings have had no SDK method since 2020 (tests/emulator/CASES.md): they are read through the SDK
core's own BaseService, with the same authenticator, at the utilities path beside the service URL.
"""

from __future__ import annotations

from ansible_collections.softlayer.support.plugins.module_utils.api.errors import InvalidInputError
from ansible_collections.softlayer.support.plugins.module_utils.tickets.references import did_you_mean

# The API's largest page (get_cases' limit); a search reads every page.
PAGE_SIZE = 100
OFFERINGS_PATH = '/offerings/technical'


def all_cases(client, operation, **query):
    """Every case ``get_cases(**query)`` selects, page after page (offset), in the API's order."""
    cases, offset = [], 0
    while True:
        answer = client.read(operation, lambda s, offset=offset: s.get_cases(offset=offset, limit=PAGE_SIZE, **query))
        page = answer.get('cases') or []
        cases.extend(page)
        offset += len(page)
        if not page or not answer.get('next') or offset >= (answer.get('total_count') or 0):
            return cases


def get_case(client, number):
    return client.read('read case %s' % number, lambda s: s.get_case(number))


def utilities_url(service_url):
    """``.../case-management/v1`` -> ``.../case-management/utilities/v1``."""
    base = service_url.rstrip('/')
    return (base[:-len('/v1')] if base.endswith('/v1') else base) + '/utilities/v1'


def technical_offerings(client):
    """The offerings a technical case may name: ``[{name, type: {group, key, ...}}]``."""
    from ibm_cloud_sdk_core import BaseService  # pylint: disable=import-outside-toplevel  # checked by CaseClient

    def call(service):
        utilities = BaseService(service_url=utilities_url(service.service_url), authenticator=service.authenticator,
                                disable_ssl_verification=service.disable_ssl_verification)
        utilities.set_http_config(service.http_config)
        return utilities.send(utilities.prepare_request('GET', OFFERINGS_PATH, headers={'Accept': 'application/json'}))
    return client.read('list the technical offerings', call).get('offerings') or []


def resolve_offering(wanted, offerings):
    """The offering named ``wanted`` by name or key (any case), as create_case takes it; "did you mean" otherwise."""
    text = wanted.strip().casefold()
    for offering in offerings:
        if text in ((offering.get('name') or '').casefold(), (offering.get('type', {}).get('key') or '').casefold()):
            return {'name': offering['name'], 'type': dict(offering['type'])}
    keys = dict((offering.get('name'), offering.get('type', {}).get('key') or '') for offering in offerings if offering.get('name'))
    names = list(keys)
    # Each offering is suggested once, by name, whether the name or the key was misspelt.
    hint = did_you_mean(wanted, names, spellings=lambda name: (name, keys[name]))
    raise InvalidInputError("offering '%s' is not one of the technical offerings%s" % (
        wanted, '; ' + hint if hint else ' (known: %s)' % ', '.join(sorted(names))), option='offering')
