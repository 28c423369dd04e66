# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Devices named by id, hostname or FQDN, resolved on the account with server-side filters.

A lookup asks only for the devices the references can mean (``hostname in [...]``,
``id in [...]``), at most two calls per device kind, and resolves each reference
locally with the one matching rule of ``devices``: unknown and ambiguous references
fail with the candidates named.
"""

from __future__ import annotations

from ansible_collections.softlayer.support.plugins.module_utils.tickets.devices import DEVICE, ID, describe, normalise_device, parse
from ansible_collections.softlayer.support.plugins.module_utils.api.errors import InvalidInputError
from ansible_collections.softlayer.support.plugins.module_utils.api.object_filter import in_filter, sortable
from ansible_collections.softlayer.support.plugins.module_utils.tickets.references import did_you_mean

DEVICE_MASK = DEVICE.mask()
SUGGESTION_LIMIT = 1000


def lookup_filters(kind, references):
    """The object filters that fetch every device ``references`` can mean: by id and by short hostname.

    An FQDN is looked for by its first label and matched exactly afterwards; names
    are sent as given and in lower case, as the server may compare them case-sensitively.
    """
    ids, hostnames = set(), set()
    for reference in (parse(r, kind.option) for r in references):
        if reference.key == ID:
            ids.add(reference.value)
        else:
            hostnames.update((reference.hostname, reference.hostname.lower()))
    filters = []
    if ids:
        filters.append({kind.account_root: {'id': in_filter(sorted(ids))}})
    if hostnames:
        filters.append({kind.account_root: {'hostname': in_filter(sorted(hostnames))}})
    return filters


def lookup_thunks(client, kind, references):
    """Independent reads (for ``client.parallel``) returning raw device lists."""
    operation = 'look up %s %s' % (kind.label, ', '.join(str(r) for r in references))
    return [
        # A search by id pages in hostname order (``sortable``).
        (lambda object_filter=object_filter: client.read_all(
            'SoftLayer_Account', kind.account_method, kind.account_root, mask=DEVICE_MASK, object_filter=object_filter,
            order_by=sortable(('id', 'hostname'), object_filter[kind.account_root])[0], operation=operation))
        for object_filter in lookup_filters(kind, references)
    ]


def resolve_devices(kind, references, found, suggestions=None):
    """Map each reference (text or a DeviceReference) to exactly one device of ``found`` (raw SoftLayer devices).

    ``suggestions`` is a callable returning all devices of the kind (normalised);
    it is called only for an unknown reference, to name close matches.
    Returns the normalised devices, de-duplicated, in reference order.
    """
    candidates = {}
    for raw in found:
        device = normalise_device(raw)
        candidates[device['id']] = device
    resolved = {}
    for reference in (parse(r, kind.option) for r in references):
        matches = [device for device in candidates.values() if reference.matches(device)]
        if len(matches) > 1:
            names = sorted(describe(device) for device in matches)
            raise InvalidInputError(
                "%s '%s' is ambiguous: it matches %s; name it by FQDN or id" % (
                    kind.label, reference, ' and '.join("'%s' (id %s)" % (n, _id_of(n, matches)) for n in names)),
                option=kind.option)
        if not matches:
            raise InvalidInputError(_unknown_message(kind, reference, suggestions), option=kind.option)
        resolved.setdefault(matches[0]['id'], matches[0])
    return list(resolved.values())


def _id_of(name, devices):
    return next(device['id'] for device in devices if describe(device) == name)


def _unknown_message(kind, reference, suggestions):
    message = "%s '%s' was not found on this account (looked for its id, hostname or FQDN)" % (kind.label, reference)
    if suggestions is None:
        return message
    known = [describe(device) for device in suggestions()]
    # A device is suggested by its name or its short hostname, and only when quite alike (names share a lot).
    hint = did_you_mean(reference.value, known, spellings=lambda name: (name, name.split('.', 1)[0]), cutoff=0.6)
    if hint:
        return '%s; %s' % (message, hint)
    if known:
        shown = sorted(known)[:10]
        more = ' (and %d more)' % (len(known) - len(shown)) if len(known) > len(shown) else ''
        return '%s; known %s: %s%s' % (message, kind.plural, ', '.join(shown), more)
    return '%s; the account has no %s' % (message, kind.plural)


def all_devices(client, kind):
    """Every device of a kind (lean mask), for suggestions on the error path only."""
    raw = client.read_all('SoftLayer_Account', kind.account_method, kind.account_root, mask=DEVICE_MASK,
                          limit=SUGGESTION_LIMIT, operation='list %s for suggestions' % kind.plural)
    return [normalise_device(device) for device in raw]
