# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
name: sl_inventory
short_description: SoftLayer servers and virtual guests as hosts, each with its open support tickets
version_added: 0.2.0
description:
  - Makes the bare metal servers (C(SoftLayer_Account::getHardware)) and virtual guests
    (C(SoftLayer_Account::getVirtualGuests)) of a SoftLayer (IBM Cloud classic infrastructure) account
    inventory hosts, each carrying its open (Open and Assigned) support tickets as host variables.
  - One masked, ordered, paged call per device kind and page; the tickets come with the devices
    (their C(activeTickets) relation), so there is no call per host and no separate ticket query.
  - The filters O(datacenters), O(tags) and O(hostname_pattern) are applied by the API (object filters) and
    checked again on every device returned, because the API silently ignores a filter it cannot apply.
  - 'Host variables, all prefixed C(sl_): C(sl_id), C(sl_type) (V(hardware) or V(virtual_guest)), C(sl_hostname),
    C(sl_domain), C(sl_fqdn), C(sl_datacenter), C(sl_public_ip), C(sl_private_ip), C(sl_tags) (a sorted list),
    C(sl_status), C(sl_open_ticket_count) and C(sl_open_tickets).'
  - 'C(sl_open_tickets) lists the open tickets newest first, each with the keys that
    M(softlayer.support.sl_ticket_info) returns for them: C(id), C(title), C(status), C(status_id), C(subject),
    C(priority), C(create_date), C(modify_date), C(last_edit_type), C(awaiting_customer), C(case_number) (the
    Support Center case number) and C(service_provider_resource_id) (the same value, under its 0.1.0 name), with
    the same values except C(awaiting_customer), V(false) where M(softlayer.support.sl_ticket_info) returns
    V(null) (the API has no flag).'
  - 'Groups: C(sl_hardware), C(sl_virtual_guests), C(sl_with_open_tickets) (hosts with an open ticket),
    C(sl_awaiting_customer) (hosts with an open ticket that waits on the customer, SoftLayer''s
    C(awaitingUserResponseFlag)) and C(sl_dc_<datacenter>) for each datacenter, plus any that O(groups) and
    O(keyed_groups) make.'
  - The configuration file must be named C(sl_inventory.yml) or C(sl_inventory.yaml), or end in
    C(.sl_inventory.yml) or C(.sl_inventory.yaml).
author:
  - softlayer.support contributors (@softlayer-support)
extends_documentation_fragment:
  - softlayer.support.connection
  - softlayer.support.connection.plugins
  - ansible.builtin.constructed
  - ansible.builtin.inventory_cache
options:
  plugin:
    description: The name of this plugin; it marks the file as an C(sl_inventory) source.
    type: str
    required: true
    choices: [softlayer.support.sl_inventory]
  include:
    description:
      - Which devices become hosts.
    type: list
    elements: str
    choices: [hardware, virtual_guests]
    default: [hardware, virtual_guests]
  datacenters:
    description:
      - Only devices in one of these datacenters (short names such as V(dal10)).
      - Empty means every datacenter.
    type: list
    elements: str
    default: []
  tags:
    description:
      - Only devices that carry at least one of these tags; a device carrying several is still one host.
      - Empty means any device, tagged or not.
    type: list
    elements: str
    default: []
  hostname_pattern:
    description:
      - Only devices whose host name (not the FQDN) matches, case-insensitively.
      - A host name (V(web01)), or one with C(*) at the start, the end or both (V(web*), V(*01), V(*db*)).
    type: str
  hostnames:
    description:
      - What names the hosts, in order of preference; the first that the device has is used.
      - V(fqdn) is the fully qualified domain name, V(hostname) the short host name, V(id) the device id.
      - A device whose name another device already took is left out with a warning; prefer V(fqdn), as
        SoftLayer allows the same short host name in different domains.
    type: list
    elements: str
    choices: [fqdn, hostname, id]
    default: [fqdn]
  ansible_host_from:
    description:
      - Which address becomes C(ansible_host).
      - V(public_ip) is the primary public IP address, V(private_ip) the primary backend (private network) one.
      - A device without the chosen address gets the other one; a device with neither gets no C(ansible_host).
    type: str
    choices: [public_ip, private_ip]
    default: public_ip
  page_size:
    description:
      - Devices per API call. Each device kind costs ceil(devices / O(page_size)) calls.
      - From 1 to 1000.
    type: int
    default: 100
notes:
  - With O(cache) enabled, a run within O(cache_timeout) seconds reads the cache and makes no API call.
    The cache is written only after the whole account was read; a failed run leaves it as it was.
  - Errors (bad credentials, an unreachable endpoint, a bad option value) fail the source with one line that
    names the cause; the API key never appears in it.
seealso:
  - module: softlayer.support.sl_ticket_info
  - module: softlayer.support.sl_ticket
'''

EXAMPLES = r'''
# sl_inventory.yml: every server and virtual guest; credentials from SL_USERNAME / SL_API_KEY or ~/.softlayer
plugin: softlayer.support.sl_inventory

# prod.sl_inventory.yml: production web servers in two datacenters, reached over the private network
# plugin: softlayer.support.sl_inventory
# include: [hardware]
# datacenters: [dal10, fra02]
# tags: [production]
# hostname_pattern: web*
# ansible_host_from: private_ip
# keyed_groups:
#   - key: sl_tags
#     prefix: tag
# groups:
#   ticket_backlog: sl_open_ticket_count > 2
# compose:
#   oldest_open_ticket: sl_open_tickets[-1].id if sl_open_tickets else None
# cache: true
# cache_plugin: ansible.builtin.jsonfile
# cache_connection: ~/.cache/sl_inventory
# cache_timeout: 600
'''

import os

from ansible.errors import AnsibleParserError
from ansible.plugins.inventory import BaseInventoryPlugin, Cacheable, Constructable

from ansible_collections.softlayer.support.plugins.plugin_utils import inventory_source
from ansible_collections.softlayer.support.plugins.module_utils.api.client import SoftLayerClient
from ansible_collections.softlayer.support.plugins.module_utils.api.connection_options import CONNECTION_ARGUMENT_SPEC
from ansible_collections.softlayer.support.plugins.module_utils.api.errors import SoftLayerSupportError

CONNECTION_OPTIONS = tuple(CONNECTION_ARGUMENT_SPEC)
QUERY_OPTIONS = ('include', 'datacenters', 'tags', 'hostname_pattern', 'hostnames', 'ansible_host_from', 'page_size')
FILE_NAMES = ('sl_inventory.yml', 'sl_inventory.yaml')


def _one_line(text):
    return ' '.join(str(text).split())


def _plain(value):
    """An option value as plain Python data: Ansible may hand over tagged strings, which XML-RPC cannot send."""
    if isinstance(value, str):
        return str(value)
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {_plain(key): _plain(item) for key, item in value.items()}
    return value


class InventoryModule(BaseInventoryPlugin, Constructable, Cacheable):

    NAME = 'softlayer.support.sl_inventory'

    def verify_file(self, path):
        if not super().verify_file(path):
            return False
        name = os.path.basename(path)
        return name in FILE_NAMES or name.endswith(tuple('.' + n for n in FILE_NAMES))

    def parse(self, inventory, loader, path, cache=True):
        super().parse(inventory, loader, path, cache=cache)
        config = self._read_config_data(path)
        unknown = sorted(set(config or {}) - set(self._options))
        if unknown:
            raise AnsibleParserError('%s: unknown option(s) %s; see ansible-doc -t inventory %s'
                                     % (path, ', '.join(unknown), self.NAME))
        try:
            settings = inventory_source.query_settings({name: _plain(self.get_option(name)) for name in QUERY_OPTIONS})
            hosts = self._hosts(path, settings, cache)
        except SoftLayerSupportError as error:
            raise AnsibleParserError(_one_line(error)) from None
        self._populate(hosts, settings)

    def _hosts(self, path, settings, cache):
        """The hosts' variables: from the cache when allowed and present, else from the API (then cached)."""
        cache_key = self.get_cache_key(path)
        use_cache = self.get_option('cache') and cache
        update_cache = self.get_option('cache') and not cache
        if use_cache:
            try:
                return self._cache[cache_key]
            except KeyError:
                update_cache = True
        client = SoftLayerClient.from_params({name: _plain(self.get_option(name)) for name in CONNECTION_OPTIONS})
        hosts = inventory_source.fetch_hosts(client, settings)
        # Only a complete answer is cached: any failure above raised before this line.
        if update_cache:
            self._cache[cache_key] = hosts
        return hosts

    def _populate(self, hosts, settings):
        strict = self.get_option('strict')
        filters = ['%s %s' % (name, settings[name]) for name in ('datacenters', 'tags', 'hostname_pattern') if settings[name]]
        if not hosts and filters:
            # A misspelt datacenter or tag is not an API error: say why the inventory is empty.
            self.display.warning('sl_inventory: no device matched %s' % ' and '.join(filters))
        for group in [inventory_source.DEVICE_KINDS[name].inventory_group for name in settings['include']] + [
                inventory_source.GROUP_WITH_OPEN_TICKETS, inventory_source.GROUP_AWAITING_CUSTOMER]:
            self.inventory.add_group(group)
        taken = {}
        for hostvars in hosts:
            name = inventory_source.inventory_hostname(hostvars, settings['hostnames'])
            if name is None or name in taken:
                self.display.warning('sl_inventory: %s %s left out: %s' % (
                    hostvars.get('sl_type'), hostvars.get('sl_id'),
                    'it has no %s' % ' or '.join(settings['hostnames']) if name is None
                    else 'its name %s is taken by %s %s' % (name, taken[name].get('sl_type'), taken[name].get('sl_id'))))
                continue
            taken[name] = hostvars
            self.inventory.add_host(name)
            for group in inventory_source.host_groups(hostvars, sanitize=self._sanitize_group_name):
                self.inventory.add_group(group)
                self.inventory.add_child(group, name)
            for key, value in hostvars.items():
                self.inventory.set_variable(name, key, value)
            address = inventory_source.ansible_host(hostvars, settings['ansible_host_from'])
            if address:
                self.inventory.set_variable(name, 'ansible_host', address)
            variables = self.inventory.get_host(name).get_vars()
            self._set_composite_vars(self.get_option('compose'), variables, name, strict=strict)
            self._add_host_to_composed_groups(self.get_option('groups'), variables, name, strict=strict)
            self._add_host_to_keyed_groups(self.get_option('keyed_groups'), variables, name, strict=strict)
