# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The sl_inventory plugin inside Ansible's inventory machinery, over the emulated account: hosts, groups, cache, errors."""

from __future__ import annotations

import os

import pytest

from ansible.errors import AnsibleParserError
from ansible.inventory.data import InventoryData
from ansible.parsing.dataloader import DataLoader
from ansible.plugins.loader import inventory_loader

from ansible_collections.softlayer.support.plugins.module_utils.api.client import SoftLayerClient
from ansible_collections.softlayer.support.plugins.module_utils.api.retries import RetryPolicy
from ansible_collections.softlayer.support.tests.unit.conftest import API_KEY
from ansible_collections.softlayer.support.tests.unit.plugins.emulated_api import services

# The seed's open tickets: 148350001 on web02 (staff wait on the customer), 148350002 on db01, 148350007 on app02.
OPEN_ON_WEB02 = 148350001
WEB02, DB01, CACHE01_FRA02 = 1500102, 1500103, 1500106
GUEST_IDS = ['91000001', '91000002', '91000003', '91000004']
FQDNS = ['app01.example.com', 'app02.example.com', 'build01.dev.example.com', 'cache01.dal10.example.com',
         'cache01.fra02.example.com', 'db01.example.com', 'db02.example.com', 'web01.example.com', 'web02.example.com',
         'worker01.example.com']


@pytest.fixture
def account(monkeypatch, emulated_api):
    """The emulated account; the plugin's client is built over it. ``params`` records the options it was given."""
    emulated_api.params = []

    def from_params(cls, params):
        emulated_api.params.append(params)
        return cls(emulated_api.sdk, secrets=[API_KEY], retry_policy=RetryPolicy(retries=0))

    monkeypatch.setattr(SoftLayerClient, 'from_params', classmethod(from_params))
    return emulated_api


def write_config(tmp_path, text, name='sl_inventory.yml'):
    path = tmp_path / name
    path.write_text('plugin: softlayer.support.sl_inventory\n' + text)
    return str(path)


def parse(path, cache=True):
    plugin = inventory_loader.get('softlayer.support.sl_inventory')
    inventory = InventoryData()
    plugin.parse(inventory, DataLoader(), path, cache=cache)
    return plugin, inventory


def parse_warned(monkeypatch, path):
    """Parse ``path``; return the inventory and the warnings the plugin displayed."""
    warnings = []
    plugin = inventory_loader.get('softlayer.support.sl_inventory')
    monkeypatch.setattr(plugin.display, 'warning', warnings.append)
    inventory = InventoryData()
    plugin.parse(inventory, DataLoader(), path, cache=True)
    return inventory, warnings


def group_hosts(inventory, group):
    return sorted(host.name for host in inventory.groups[group].get_hosts())


@pytest.mark.parametrize('name, ok', [
    ('sl_inventory.yml', True), ('sl_inventory.yaml', True), ('prod.sl_inventory.yml', True),
    ('prod.sl_inventory.yaml', True), ('my_sl_inventory.yml', False), ('inventory.yml', False), ('sl_inventory.json', False),
])
def test_verify_file(tmp_path, name, ok):
    path = tmp_path / name
    path.write_text('plugin: softlayer.support.sl_inventory\n')
    assert inventory_loader.get('softlayer.support.sl_inventory').verify_file(str(path)) is ok


def test_hosts_groups_and_hostvars(tmp_path, account):
    # cache01.fra02 has no public address: the private one is its ansible_host.
    account.emulator.apply(lambda state: state.change('hardware', state.get('hardware', CACHE01_FRA02), primaryIpAddress=None))
    _plugin, inventory = parse(write_config(tmp_path, 'hostnames: [fqdn]\n'))
    assert sorted(inventory.hosts) == FQDNS
    assert group_hosts(inventory, 'sl_virtual_guests') == [
        'app01.example.com', 'app02.example.com', 'build01.dev.example.com', 'worker01.example.com']
    assert group_hosts(inventory, 'sl_with_open_tickets') == ['app02.example.com', 'db01.example.com', 'web02.example.com']
    assert group_hosts(inventory, 'sl_awaiting_customer') == ['web02.example.com']
    assert group_hosts(inventory, 'sl_dc_fra02') == ['cache01.fra02.example.com', 'worker01.example.com']
    assert group_hosts(inventory, 'sl_dc_wdc07') == ['db02.example.com']
    web = inventory.get_host('web02.example.com').get_vars()
    assert web['ansible_host'] == '169.45.10.12' and web['sl_tags'] == ['production', 'web'] and web['sl_open_ticket_count'] == 1
    assert web['sl_open_tickets'][0]['id'] == OPEN_ON_WEB02 and web['sl_open_tickets'][0]['awaiting_customer'] is True
    assert inventory.get_host('cache01.fra02.example.com').get_vars()['ansible_host'] == '10.75.8.31'
    assert account.sdk.methods_called() == ['SoftLayer_Account::getHardware', 'SoftLayer_Account::getVirtualGuests']


def test_a_ticket_closed_leaves_the_open_ticket_groups(tmp_path, account):
    account.emulator.apply(lambda state: services.set_status(state, OPEN_ON_WEB02, 'Closed'))
    _plugin, inventory = parse(write_config(tmp_path, 'hostnames: [hostname]\n'))
    assert group_hosts(inventory, 'sl_with_open_tickets') == ['app02', 'db01']
    assert group_hosts(inventory, 'sl_awaiting_customer') == []


def test_names_by_id_keep_every_device_and_private_ip(tmp_path, account):
    _plugin, inventory = parse(write_config(tmp_path, 'hostnames: [id]\nansible_host_from: private_ip\n'))
    assert len(inventory.hosts) == 10
    assert group_hosts(inventory, 'sl_virtual_guests') == GUEST_IDS
    assert inventory.get_host(str(WEB02)).get_vars()['ansible_host'] == '10.10.20.12'


def test_a_hostname_two_devices_share_names_the_first_one_listed(tmp_path, account, monkeypatch):
    inventory, warnings = parse_warned(monkeypatch, write_config(tmp_path, 'hostnames: [hostname]\ninclude: [hardware]\n'))
    assert sorted(inventory.hosts) == ['cache01', 'db01', 'db02', 'web01', 'web02']
    assert inventory.get_host('cache01').get_vars()['sl_fqdn'] == 'cache01.dal10.example.com'
    assert len(warnings) == 1 and 'cache01' in warnings[0]


def test_a_tag_filter_keeps_devices_with_any_of_the_tags_once_each(tmp_path, account, monkeypatch):
    inventory, warnings = parse_warned(monkeypatch, write_config(tmp_path, 'hostnames: [hostname]\ntags: [web, staging]\n'))
    # cache01 in fra02 is tagged staging, the one in dal10 is not: the name is no longer shared.
    assert sorted(inventory.hosts) == ['cache01', 'web01', 'web02', 'worker01']
    assert inventory.get_host('cache01').get_vars()['sl_datacenter'] == 'fra02'
    assert group_hosts(inventory, 'sl_with_open_tickets') == ['web02']
    assert warnings == []


def test_options_and_filters_reach_the_client(tmp_path, account, monkeypatch):
    monkeypatch.setenv('SL_USERNAME', 'from-env')
    path = write_config(tmp_path, 'include: [virtual_guests]\ntags: [staging]\nendpoint_url: http://127.0.0.1:9/rest/v3.1/\n'
                                  'timeout: 7\n')
    _plugin, inventory = parse(path)
    params = account.params[0]
    assert params['username'] == 'from-env' and params['endpoint_url'] == 'http://127.0.0.1:9/rest/v3.1/'
    # plain data: XML-RPC cannot send Ansible's tagged values
    assert params['timeout'] == 7 and type(params['timeout']).__name__ == 'int'
    assert account.sdk.methods_called() == ['SoftLayer_Account::getVirtualGuests']
    assert sorted(inventory.hosts) == ['worker01.example.com']


def test_empty_filtered_inventory_warns(tmp_path, account, monkeypatch):
    inventory, warnings = parse_warned(monkeypatch, write_config(tmp_path, 'datacenters: [dal99]\n'))
    assert warnings == ["sl_inventory: no device matched datacenters ['dal99']"]
    assert list(inventory.hosts) == []


def test_constructed_options(tmp_path, account):
    path = write_config(tmp_path, 'hostnames: [id]\ncompose:\n  ticket_ids: sl_open_tickets | map(attribute="id") | list\n'
                                  'groups:\n  busy: sl_open_ticket_count > 0\nkeyed_groups:\n  - key: sl_type\n    prefix: kind\n')
    _plugin, inventory = parse(path)
    assert inventory.get_host(str(WEB02)).get_vars()['ticket_ids'] == [OPEN_ON_WEB02]
    assert group_hosts(inventory, 'busy') == [str(WEB02), str(DB01), '91000002']
    assert group_hosts(inventory, 'kind_virtual_guest') == GUEST_IDS


@pytest.mark.parametrize('text, words', [
    ('colour: blue\n', 'unknown option(s) colour'),
    ('hostname_pattern: "w*b"\n', 'hostname_pattern'),
    ('page_size: 5000\n', 'page_size must be'),
])
def test_bad_input_is_one_line_naming_the_cause(tmp_path, account, text, words):
    with pytest.raises(AnsibleParserError) as caught:
        parse(write_config(tmp_path, text))
    assert words in str(caught.value) and '\n' not in str(caught.value)
    assert account.sdk.calls == []


def test_api_fault_is_one_line_without_the_key(tmp_path, account):
    account.refuse('getVirtualGuests', 'Invalid API token %s.\nsecond line' % API_KEY, code='SoftLayer_Exception_InvalidLegacyToken')
    with pytest.raises(AnsibleParserError) as caught:
        parse(write_config(tmp_path, ''))
    message = str(caught.value)
    assert 'Account::getVirtualGuests failed' in message and 'api_key' in message
    assert API_KEY not in message and '\n' not in message


def test_cache_second_run_makes_no_call_and_failure_writes_none(tmp_path, account, monkeypatch):
    cache_dir = tmp_path / 'cache'
    path = write_config(tmp_path, 'cache: true\ncache_plugin: ansible.builtin.jsonfile\ncache_connection: %s\n'
                                  'cache_timeout: 3600\n' % cache_dir)
    monkeypatch.setenv('ANSIBLE_INVENTORY_ENABLED', 'softlayer.support.sl_inventory')
    # a failed run leaves no cache behind
    account.refuse('getVirtualGuests', 'boom', code='SoftLayer_Exception')
    plugin = inventory_loader.get('softlayer.support.sl_inventory')
    with pytest.raises(AnsibleParserError):
        plugin.parse(InventoryData(), DataLoader(), path, cache=True)
    plugin.update_cache_if_changed()
    assert not cache_dir.exists() or os.listdir(str(cache_dir)) == []
    # a good run fills it; the next run reads it without a call
    plugin = inventory_loader.get('softlayer.support.sl_inventory')
    first = InventoryData()
    plugin.parse(first, DataLoader(), path, cache=True)
    plugin.update_cache_if_changed()
    assert len(os.listdir(str(cache_dir))) == 1
    called = len(account.sdk.calls)
    plugin = inventory_loader.get('softlayer.support.sl_inventory')
    second = InventoryData()
    plugin.parse(second, DataLoader(), path, cache=True)
    assert len(account.sdk.calls) == called
    assert sorted(second.hosts) == sorted(first.hosts) == FQDNS
    assert second.get_host('web02.example.com').get_vars()['sl_open_tickets'][0]['id'] == OPEN_ON_WEB02
    # cache=False (ansible-inventory --flush-cache) reads the API again and refreshes the cache
    plugin.parse(InventoryData(), DataLoader(), path, cache=False)
    assert len(account.sdk.calls) == called + 2
