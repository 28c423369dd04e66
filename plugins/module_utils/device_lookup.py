# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Devices named by id, hostname or FQDN, resolved on the account with server-side filters.

A lookup asks only for the devices the references can mean (``hostname in [...]``,
``id in [...]``), at most two calls per device kind, and resolves each reference
locally: unknown and ambiguous references fail with the candidates named.
"""

from __future__ import annotations

import difflib

from ansible_collections.softlayer.support.plugins.module_utils.errors import InvalidInputError
from ansible_collections.softlayer.support.plugins.module_utils.ticket_identity import device_matches
from ansible_collections.softlayer.support.plugins.module_utils.tickets import in_filter, normalise_device

DEVICE_MASK = 'mask[id,hostname,domain,fullyQualifiedDomainName]'
SUGGESTION_LIMIT = 1000


class DeviceKind:
    """One kind of device a ticket can have attached."""

    def __init__(self, name, option, label, method, root, attach_method, ticket_key):
        self.name = name                  # 'hardware' / 'virtual_guest' (returned to users)
        self.option = option              # the module option naming these devices
        self.label = label                # for messages
        self.method = method              # SoftLayer_Account getter
        self.root = root                  # its object-filter root
        self.attach_method = attach_method
        self.ticket_key = ticket_key      # the ticket's relational property


HARDWARE = DeviceKind('hardware', 'hardware', 'hardware', 'getHardware', 'hardware',
                      'addAttachedHardware', 'attachedHardware')
VIRTUAL_GUEST = DeviceKind('virtual_guest', 'virtual_guests', 'virtual guest', 'getVirtualGuests', 'virtualGuests',
                           'addAttachedVirtualGuest', 'attachedVirtualGuests')
KINDS = (HARDWARE, VIRTUAL_GUEST)


def lookup_filters(kind, references):
    """The object filters that fetch every device ``references`` can mean: by id and by host name."""
    ids, hostnames = set(), set()
    for reference in references:
        text = str(reference).strip()
        if text.isdigit():
            ids.add(int(text))
        else:
            label = text.split('.', 1)[0]
            hostnames.update((label, label.lower()))
    filters = []
    if ids:
        filters.append({kind.root: {'id': in_filter(sorted(ids))}})
    if hostnames:
        filters.append({kind.root: {'hostname': in_filter(sorted(hostnames))}})
    return filters


def lookup_thunks(client, kind, references):
    """Independent reads (for ``client.parallel``) returning raw device lists."""
    operation = 'look up %s %s' % (kind.label, ', '.join(str(r) for r in references))
    return [
        # SoftLayer cannot sort and search one property: a search by id pages in hostname order.
        (lambda object_filter=object_filter: client.read_all(
            'SoftLayer_Account', kind.method, kind.root, mask=DEVICE_MASK, object_filter=object_filter,
            order_by='hostname' if 'id' in object_filter[kind.root] else 'id', operation=operation))
        for object_filter in lookup_filters(kind, references)
    ]


def describe(device):
    return device.get('fqdn') or device.get('hostname') or str(device.get('id'))


def resolve_devices(kind, references, found, suggestions=None):
    """Map each reference to exactly one device of ``found`` (raw SoftLayer devices).

    ``suggestions`` is a callable returning all devices of the kind (normalised);
    it is called only for an unknown reference, to name close matches.
    Returns the normalised devices, de-duplicated, in reference order.
    """
    candidates = {}
    for raw in found:
        device = normalise_device(raw)
        candidates[device['id']] = device
    resolved = {}
    for reference in references:
        matches = [device for device in candidates.values() if device_matches(reference, device)]
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
    by_folded = {}
    for name in known:
        by_folded.setdefault(name.lower(), name)
        by_folded.setdefault(name.split('.', 1)[0].lower(), name)
    close = []
    for key in difflib.get_close_matches(str(reference).strip().lower(), list(by_folded), n=5, cutoff=0.6):
        if by_folded[key] not in close:
            close.append(by_folded[key])
    if close:
        return '%s; did you mean %s?' % (message, ' or '.join("'%s'" % name for name in close[:3]))
    if known:
        shown = sorted(known)[:10]
        more = ' (and %d more)' % (len(known) - len(shown)) if len(known) > len(shown) else ''
        return '%s; known %s: %s%s' % (message, kind.option.replace('_', ' '), ', '.join(shown), more)
    return '%s; the account has no %s' % (message, kind.option.replace('_', ' '))


def all_devices(client, kind):
    """Every device of a kind (lean mask), for suggestions on the error path only."""
    raw = client.read_all('SoftLayer_Account', kind.method, kind.root, mask=DEVICE_MASK, limit=SUGGESTION_LIMIT,
                          operation='list %s for suggestions' % kind.option.replace('_', ' '))
    return [normalise_device(device) for device in raw]
