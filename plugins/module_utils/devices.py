# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Devices as users name them, and the kinds of device a ticket can have attached.

A *device reference* is one entry of ``hardware`` or ``virtual_guests``: a device
id (a whole number, or its digits as text), a short hostname (``web01``) or a fully
qualified domain name (``web01.example.com``, also with the trailing dot of an
absolute DNS name, ``web01.example.com.``). Surrounding whitespace is ignored and
names compare in any case. ``parse`` is the one place that reads a reference and
``DeviceReference.matches`` the one rule that says whether a device is the one
meant, so every module accepts the same references, or refuses them with the same
message.

``KINDS`` is the one table of device kinds (bare metal servers, virtual guests):
their option, labels, SoftLayer methods and properties, ticket keys and inventory
group. Nothing here talks to the API.
"""

from __future__ import annotations

import collections

from ansible_collections.softlayer.support.plugins.module_utils.errors import InvalidInputError

# The device properties every ticket mask and device lookup reads.
DEVICE_FIELDS = 'id,hostname,domain,fullyQualifiedDomainName'

# -- kinds -------------------------------------------------------------------------------------

_KIND_FIELDS = (
    'name',             # 'hardware' / 'virtual_guest': the device type users see (sl_ticket, inventory sl_type)
    'option',           # the module option naming these devices (also sl_inventory's include value)
    'label',            # one of them, in messages: "hardware 'web01' ..."
    'plural',           # several of them, in messages: "known virtual guests: ..."
    'account_method',   # the SoftLayer_Account method listing them
    'account_root',     # that list's object-filter root (the Account property)
    'relation',         # the SoftLayer_Ticket relational property of the attached ones
    'attach_method',    # the SoftLayer_Ticket method attaching one
    'ticket_field',     # the normalised ticket's key of the attached ones
    'mask_type',        # the SoftLayer type a device mask names (properties beyond the Account's declared type)
    'status_path',      # (property, key) of the device's status text
    'inventory_group',  # sl_inventory's group of every device of the kind
)


class DeviceKind(collections.namedtuple('DeviceKind', _KIND_FIELDS)):
    """One kind of device a ticket can have attached: one row of ``KINDS``."""

    __slots__ = ()

    @property
    def status_mask(self):
        """The mask part that reads the status (``hardwareStatus[status]``)."""
        return '%s[%s]' % self.status_path

    @property
    def ticket_key(self):
        """The former name of ``relation``, kept while ticket_sync still uses it."""
        return self.relation


HARDWARE = DeviceKind(
    name='hardware', option='hardware', label='hardware', plural='hardware',
    account_method='getHardware', account_root='hardware',
    relation='attachedHardware', attach_method='addAttachedHardware', ticket_field='attached_hardware',
    # Account.hardware is typed SoftLayer_Hardware; activeTickets is a SoftLayer_Hardware_Server property.
    mask_type='SoftLayer_Hardware_Server', status_path=('hardwareStatus', 'status'),
    inventory_group='sl_hardware')
VIRTUAL_GUEST = DeviceKind(
    name='virtual_guest', option='virtual_guests', label='virtual guest', plural='virtual guests',
    account_method='getVirtualGuests', account_root='virtualGuests',
    relation='attachedVirtualGuests', attach_method='addAttachedVirtualGuest', ticket_field='attached_virtual_guests',
    mask_type='SoftLayer_Virtual_Guest', status_path=('status', 'keyName'),
    inventory_group='sl_virtual_guests')
KINDS = (HARDWARE, VIRTUAL_GUEST)
KINDS_BY_NAME = collections.OrderedDict((kind.name, kind) for kind in KINDS)
KINDS_BY_OPTION = collections.OrderedDict((kind.option, kind) for kind in KINDS)


# -- device records ----------------------------------------------------------------------------

def normalise_device(raw):
    """A SoftLayer device (as masked with DEVICE_FIELDS) as the snake_case record every module returns."""
    return {
        'id': raw.get('id'),
        'hostname': raw.get('hostname'),
        'domain': raw.get('domain'),
        'fqdn': raw.get('fullyQualifiedDomainName'),
    }


def describe(device):
    """A normalised device's name for messages: its FQDN, else its hostname, else its id."""
    return device.get('fqdn') or device.get('hostname') or str(device.get('id'))


# -- references --------------------------------------------------------------------------------

# What a reference names, and the SoftLayer device property an object filter finds it by.
ID, HOSTNAME, FQDN = 'id', 'hostname', 'fqdn'
FILTER_PROPERTIES = collections.OrderedDict(((ID, 'id'), (HOSTNAME, 'hostname'), (FQDN, 'fullyQualifiedDomainName')))


class DeviceReference:
    """One device as a user named it: by ``id``, ``hostname`` or ``fqdn`` (``key``), and ``value``.

    ``value`` is the id (an int) or the name without surrounding whitespace and
    trailing dots, in the case given; ``given`` is the entry as written (stripped),
    for messages.
    """

    __slots__ = ('given', 'key', 'value')

    def __init__(self, given, key, value):
        self.given = given
        self.key = key
        self.value = value

    @property
    def hostname(self):
        """The short hostname a lookup searches for: the name's first label (None for an id)."""
        if self.key == ID:
            return None
        return self.value.split('.', 1)[0]

    @property
    def filter_property(self):
        return FILTER_PROPERTIES[self.key]

    def spellings(self):
        """The values an exact ("in") filter needs: the id, or the name as given and in lower case.

        The server may compare names case-sensitively, while devices are stored in lower case.
        """
        if self.key == ID:
            return [self.value]
        return _unique([self.value, self.value.lower()])

    def matches(self, device):
        """Whether a normalised device is the one meant: same id, or same hostname / FQDN in any case."""
        if self.key == ID:
            return device.get('id') == self.value
        name = device.get('fqdn' if self.key == FQDN else 'hostname') or ''
        return name.lower() == self.value.lower()

    def __eq__(self, other):
        return isinstance(other, DeviceReference) and (self.key, self.value) == (other.key, other.value)

    def __ne__(self, other):
        return not self == other

    def __hash__(self):
        return hash((self.key, self.value))

    def __str__(self):
        return self.given

    def __repr__(self):
        return 'DeviceReference(%r, %r, %r)' % (self.given, self.key, self.value)


def parse(value, option=None):
    """One device reference (an id, a hostname or an FQDN) as a DeviceReference.

    A whole number and its digits as text are the same id. A name with a dot (once
    trailing dots are dropped) is an FQDN, any other name a short hostname. Raises
    InvalidInputError naming ``option`` for an empty entry or one that is not a number
    or a text. A DeviceReference is returned as it is.
    """
    if isinstance(value, DeviceReference):
        return value
    option = option or 'device'
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise InvalidInputError('%s entries must be device ids, hostnames or FQDNs, got %r' % (option, value),
                                option=option)
    given = str(value).strip()
    if given.isascii() and given.isdigit():
        return DeviceReference(given, ID, int(given))
    name = given.rstrip('.')
    if not name:
        raise InvalidInputError('%s: empty device reference' % option, option=option)
    return DeviceReference(given, FQDN if '.' in name else HOSTNAME, name)


def parse_references(values, option=None):
    """The entries of one device option (None: none) as DeviceReferences, in order, each once."""
    return _unique(parse(value, option) for value in values or [])


def matches_any(references, device):
    """Whether a normalised device is one of ``references`` (DeviceReferences or raw entries)."""
    return any(parse(reference).matches(device) for reference in references)


def _unique(values):
    seen = []
    for value in values:
        if value not in seen:
            seen.append(value)
    return seen
