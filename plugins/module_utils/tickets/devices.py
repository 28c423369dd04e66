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

from ansible_collections.softlayer.support.plugins.module_utils.api.errors import InvalidInputError
from ansible_collections.softlayer.support.plugins.module_utils.api.field_table import FieldTable, field
from ansible_collections.softlayer.support.plugins.module_utils.tickets.references import is_id

# A device as every module returns it; every ticket mask and device lookup reads these properties.
DEVICE = FieldTable(
    field('id', 'id'),
    field('hostname', 'hostname'),
    field('domain', 'domain'),
    field('fqdn', 'fullyQualifiedDomainName'),
)
DEVICE_FIELDS = DEVICE.mask_items()

# -- kinds -------------------------------------------------------------------------------------

# The table of device kinds: every fact, with its value for bare metal servers and for virtual guests.
_TABLE = dict(
    # The device type users see (sl_ticket's devices_attached, sl_inventory's sl_type).
    name=('hardware', 'virtual_guest'),
    # The module option naming these devices; also sl_inventory's include value.
    option=('hardware', 'virtual_guests'),
    # One and several of them, in messages: "hardware 'web01' ...", "known virtual guests: ...".
    label=('hardware', 'virtual guest'),
    plural=('hardware', 'virtual guests'),
    # The SoftLayer_Account method listing them, and that list's object-filter root.
    account_method=('getHardware', 'getVirtualGuests'),
    account_root=('hardware', 'virtualGuests'),
    # The SoftLayer_Ticket relational property of the attached ones, and the methods attaching and removing
    # one; both take the device's own id (hardwareId / guestId), not the attachment record's.
    relation=('attachedHardware', 'attachedVirtualGuests'),
    attach_method=('addAttachedHardware', 'addAttachedVirtualGuest'),
    remove_method=('removeAttachedHardware', 'removeAttachedVirtualGuest'),
    # The normalised ticket's key of the attached ones (sl_ticket, sl_ticket_info, the event source).
    ticket_field=('attached_hardware', 'attached_virtual_guests'),
    # The type a device mask names: Account.hardware is typed SoftLayer_Hardware, and activeTickets
    # is a SoftLayer_Hardware_Server property.
    mask_type=('SoftLayer_Hardware_Server', 'SoftLayer_Virtual_Guest'),
    # (property, key) of a device's status text.
    status_path=(('hardwareStatus', 'status'), ('status', 'keyName')),
    # sl_inventory's group of every device of the kind.
    inventory_group=('sl_hardware', 'sl_virtual_guests'),
)


class DeviceKind(collections.namedtuple('DeviceKind', tuple(_TABLE))):
    """One kind of device a ticket can have attached: one column of the table."""

    __slots__ = ()

    @property
    def status_mask(self):
        """The mask part that reads the status (``hardwareStatus[status]``)."""
        return '%s[%s]' % self.status_path


HARDWARE, VIRTUAL_GUEST = KINDS = tuple(DeviceKind(*(values[column] for values in _TABLE.values())) for column in (0, 1))
KINDS_BY_NAME = collections.OrderedDict((kind.name, kind) for kind in KINDS)
KINDS_BY_OPTION = collections.OrderedDict((kind.option, kind) for kind in KINDS)


# -- device records ----------------------------------------------------------------------------

def normalise_device(raw):
    """A SoftLayer device (as masked with DEVICE_FIELDS) as the snake_case record every module returns."""
    return DEVICE.normalise(raw)


def fqdn_of(device):
    """A normalised device's fully qualified domain name: its ``fqdn``, else ``hostname.domain``; None without them.

    The one rule for a device's full name (sl_inventory's ``sl_fqdn``, ``display_name``, matching an FQDN).
    """
    if device.get('fqdn'):
        return device['fqdn']
    hostname, domain = device.get('hostname'), device.get('domain')
    return '%s.%s' % (hostname, domain) if hostname and domain else None


def display_name(device):
    """A normalised device's name as shown to people (the event source's ``meta.hosts``): FQDN, else hostname."""
    return fqdn_of(device) or device.get('hostname') or None


def describe(device):
    """A normalised device's name for messages: its display name, else its id."""
    return display_name(device) or str(device.get('id'))


# -- references --------------------------------------------------------------------------------

# What a reference names.
ID, HOSTNAME, FQDN = 'id', 'hostname', 'fqdn'


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

    def spellings(self):
        """The values an exact ("in") filter needs: the id, or the name as given and in lower case.

        The server may compare names case-sensitively, while devices are stored in lower case.
        """
        if self.key == ID:
            return [self.value]
        return _spellings(self.value)

    def stored_values(self):
        """{stored device property: values} that an object filter narrows to this device by.

        An FQDN is computed (a filter on ``fullyQualifiedDomainName`` is dropped by the
        API, which then returns everything): it is sent as its ``hostname`` and ``domain``,
        and ``matches`` decides on what comes back.
        """
        if self.key == ID:
            return collections.OrderedDict(id=[self.value])
        if self.key == HOSTNAME:
            return collections.OrderedDict(hostname=self.spellings())
        hostname, domain = self.value.split('.', 1)
        return collections.OrderedDict((('hostname', _spellings(hostname)), ('domain', _spellings(domain))))

    def matches(self, device):
        """Whether a normalised device is the one meant: same id, or same hostname / FQDN in any case."""
        if self.key == ID:
            return device.get('id') == self.value
        if self.key == FQDN:
            name = display_name(device) or ''
        else:
            name = device.get('hostname') or ''
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


def _spellings(name):
    return list(collections.OrderedDict.fromkeys((name, name.lower())))


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
    if is_id(given):
        return DeviceReference(given, ID, int(given))
    name = given.rstrip('.')
    if not name:
        raise InvalidInputError('%s: empty device reference' % option, option=option)
    return DeviceReference(given, FQDN if '.' in name else HOSTNAME, name)


def parse_references(values, option=None):
    """The entries of one device option (None: none) as DeviceReferences, in order, each once."""
    return list(collections.OrderedDict.fromkeys(parse(value, option) for value in values or []))


def matches_any(references, device):
    """Whether a normalised device is one of ``references`` (DeviceReferences or raw entries)."""
    return any(parse(reference).matches(device) for reference in references)
