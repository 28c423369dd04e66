# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The sl_inventory plugin inside Ansible's inventory machinery, over a fake SDK: hosts, groups, cache, errors."""

from __future__ import annotations

import os

import pytest

from ansible.errors import AnsibleParserError
from ansible.inventory.data import InventoryData
from ansible.parsing.dataloader import DataLoader
from ansible.plugins.loader import inventory_loader
from SoftLayer import exceptions

from ansible_collections.softlayer.support.plugins.module_utils.api.client import SoftLayerClient
from ansible_collections.softlayer.support.plugins.module_utils.api.retries import RetryPolicy
from ansible_collections.softlayer.support.tests.unit.conftest import API_KEY, FakeSDK, paged_list

HARDWARE = [
    {'id': 11, 'hostname': 'web01', 'domain': 'example.com', 'fullyQualifiedDomainName': 'web01.example.com',
     'primaryIpAddress': '169.45.10.11', 'primaryBackendIpAddress': '10.10.20.11', 'datacenter': {'name': 'dal10'},
     'tagReferences': [{'tag': {'name': 'web'}}], 'hardwareStatus': {'status': 'ACTIVE'},
     'activeTickets': [{'id': 501, 'title': 'Disk', 'statusId': 1001, 'status': {'id': 1001, 'name': 'Open'},
                        'createDate': '2025-01-01T10:00:00-06:00', 'awaitingUserResponseFlag': True}]},
    {'id': 12, 'hostname': 'cache01', 'domain': 'example.com', 'fullyQualifiedDomainName': 'cache01.example.com',
     'primaryBackendIpAddress': '10.10.20.12', 'datacenter': {'name': 'fra02'}, 'activeTickets': []},
]
GUESTS = [
    {'id': 91, 'hostname': 'cache01', 'domain': 'example.com', 'fullyQualifiedDomainName': 'cache01.example.com',
     'primaryIpAddress': '169.45.11.41', 'datacenter': {'name': 'dal10'}, 'status': {'keyName': 'ACTIVE'}},
]


@pytest.fixture
def account(monkeypatch):
    """A fake SDK holding HARDWARE and GUESTS; the plugin's client is built over it. ``params`` records the options."""
    sdk = FakeSDK({('SoftLayer_Account', 'getHardware'): paged_list(HARDWARE),
                   ('SoftLayer_Account', 'getVirtualGuests'): paged_list(GUESTS)})
    sdk.params = []

    def from_params(cls, params):
        sdk.params.append(params)
        return cls(sdk, secrets=[API_KEY], retry_policy=RetryPolicy(retries=0))

    monkeypatch.setattr(SoftLayerClient, 'from_params', classmethod(from_params))
    return sdk


def write_config(tmp_path, text, name='sl_inventory.yml'):
    path = tmp_path / name
    path.write_text('plugin: softlayer.support.sl_inventory\n' + text)
    return str(path)


def parse(path, cache=True):
    plugin = inventory_loader.get('softlayer.support.sl_inventory')
    inventory = InventoryData()
    plugin.parse(inventory, DataLoader(), path, cache=cache)
    return plugin, inventory


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
    _plugin, inventory = parse(write_config(tmp_path, 'hostnames: [fqdn]\n'))
    # cache01.example.com is both a server and a guest: the first one listed keeps the name
    assert sorted(inventory.hosts) == ['cache01.example.com', 'web01.example.com']
    assert group_hosts(inventory, 'sl_hardware') == ['cache01.example.com', 'web01.example.com']
    assert group_hosts(inventory, 'sl_virtual_guests') == []
    assert group_hosts(inventory, 'sl_with_open_tickets') == ['web01.example.com']
    assert group_hosts(inventory, 'sl_awaiting_customer') == ['web01.example.com']
    assert group_hosts(inventory, 'sl_dc_dal10') == ['web01.example.com']
    assert group_hosts(inventory, 'sl_dc_fra02') == ['cache01.example.com']
    web = inventory.get_host('web01.example.com').get_vars()
    assert web['ansible_host'] == '169.45.10.11' and web['sl_tags'] == ['web'] and web['sl_open_ticket_count'] == 1
    assert web['sl_open_tickets'][0]['id'] == 501 and web['sl_open_tickets'][0]['awaiting_customer'] is True
    # no public address: the private one
    assert inventory.get_host('cache01.example.com').get_vars()['ansible_host'] == '10.10.20.12'
    assert account.methods_called() == ['SoftLayer_Account::getHardware', 'SoftLayer_Account::getVirtualGuests']


def test_names_by_id_keep_every_device_and_private_ip(tmp_path, account):
    _plugin, inventory = parse(write_config(tmp_path, 'hostnames: [id]\nansible_host_from: private_ip\n'))
    assert sorted(inventory.hosts) == ['11', '12', '91']
    assert group_hosts(inventory, 'sl_virtual_guests') == ['91']
    assert inventory.get_host('11').get_vars()['ansible_host'] == '10.10.20.11'
    assert inventory.get_host('91').get_vars()['ansible_host'] == '169.45.11.41'


def test_a_device_listed_twice_is_one_host_without_a_warning(tmp_path, account, monkeypatch):
    # A tag filter may list a device once per matching tag: still one host, and no "name is taken" warning.
    account.responses[('SoftLayer_Account', 'getHardware')] = paged_list([HARDWARE[0], HARDWARE[0], HARDWARE[1]])
    warnings = []
    plugin = inventory_loader.get('softlayer.support.sl_inventory')
    monkeypatch.setattr(plugin.display, 'warning', warnings.append)
    inventory = InventoryData()
    plugin.parse(inventory, DataLoader(), write_config(tmp_path, 'hostnames: [id]\ntags: [web, production]\n'), cache=True)
    # only 11 carries one of the tags: the others are dropped by the local check of the filter
    assert sorted(inventory.hosts) == ['11']
    assert group_hosts(inventory, 'sl_with_open_tickets') == ['11']
    assert inventory.get_host('11').get_vars()['sl_open_ticket_count'] == 1
    assert warnings == []


def test_options_and_filters_reach_the_client(tmp_path, account, monkeypatch):
    monkeypatch.setenv('SL_USERNAME', 'from-env')
    path = write_config(tmp_path, 'include: [virtual_guests]\ntags: [web]\nendpoint_url: http://127.0.0.1:9/rest/v3.1/\n'
                                  'timeout: 7\n')
    parse(path)
    params = account.params[0]
    assert params['username'] == 'from-env' and params['endpoint_url'] == 'http://127.0.0.1:9/rest/v3.1/'
    # plain data: XML-RPC cannot send Ansible's tagged values
    assert params['timeout'] == 7 and type(params['timeout']).__name__ == 'int'
    assert account.methods_called() == ['SoftLayer_Account::getVirtualGuests']
    assert account.calls[0]['kwargs']['filter']['virtualGuests']['tagReferences'] == {
        'tag': {'name': {'operation': 'in', 'options': [{'name': 'data', 'value': ['web']}]}}}


def test_empty_filtered_inventory_warns(tmp_path, account, monkeypatch):
    account.responses[('SoftLayer_Account', 'getHardware')] = paged_list([])
    account.responses[('SoftLayer_Account', 'getVirtualGuests')] = paged_list([])
    warnings = []
    plugin = inventory_loader.get('softlayer.support.sl_inventory')
    monkeypatch.setattr(plugin.display, 'warning', warnings.append)
    plugin.parse(InventoryData(), DataLoader(), write_config(tmp_path, 'datacenters: [dal99]\n'), cache=True)
    assert warnings == ["sl_inventory: no device matched datacenters ['dal99']"]


def test_constructed_options(tmp_path, account):
    path = write_config(tmp_path, 'hostnames: [id]\ncompose:\n  ticket_ids: sl_open_tickets | map(attribute="id") | list\n'
                                  'groups:\n  busy: sl_open_ticket_count > 0\nkeyed_groups:\n  - key: sl_type\n    prefix: kind\n')
    _plugin, inventory = parse(path)
    assert inventory.get_host('11').get_vars()['ticket_ids'] == [501]
    assert group_hosts(inventory, 'busy') == ['11']
    assert group_hosts(inventory, 'kind_virtual_guest') == ['91']


@pytest.mark.parametrize('text, words', [
    ('colour: blue\n', 'unknown option(s) colour'),
    ('hostname_pattern: "w*b"\n', 'hostname_pattern'),
    ('page_size: 5000\n', 'page_size must be'),
])
def test_bad_input_is_one_line_naming_the_cause(tmp_path, account, text, words):
    with pytest.raises(AnsibleParserError) as caught:
        parse(write_config(tmp_path, text))
    assert words in str(caught.value) and '\n' not in str(caught.value)
    assert account.calls == []


def test_api_fault_is_one_line_without_the_key(tmp_path, account):
    account.responses[('SoftLayer_Account', 'getVirtualGuests')] = exceptions.SoftLayerAPIError(
        'SoftLayer_Exception_InvalidLegacyToken', 'Invalid API token %s.\nsecond line' % API_KEY)
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
    account.responses[('SoftLayer_Account', 'getVirtualGuests')] = exceptions.SoftLayerAPIError('SoftLayer_Exception', 'boom')
    plugin = inventory_loader.get('softlayer.support.sl_inventory')
    with pytest.raises(AnsibleParserError):
        plugin.parse(InventoryData(), DataLoader(), path, cache=True)
    plugin.update_cache_if_changed()
    assert not cache_dir.exists() or os.listdir(str(cache_dir)) == []
    # a good run fills it; the next run reads it without a call
    account.responses[('SoftLayer_Account', 'getVirtualGuests')] = paged_list(GUESTS)
    plugin = inventory_loader.get('softlayer.support.sl_inventory')
    first = InventoryData()
    plugin.parse(first, DataLoader(), path, cache=True)
    plugin.update_cache_if_changed()
    assert len(os.listdir(str(cache_dir))) == 1
    called = len(account.calls)
    plugin = inventory_loader.get('softlayer.support.sl_inventory')
    second = InventoryData()
    plugin.parse(second, DataLoader(), path, cache=True)
    assert len(account.calls) == called
    assert sorted(second.hosts) == sorted(first.hosts)
    assert second.get_host('web01.example.com').get_vars()['sl_open_tickets'][0]['id'] == 501
    # cache=False (ansible-inventory --flush-cache) reads the API again and refreshes the cache
    plugin.parse(InventoryData(), DataLoader(), path, cache=False)
    assert len(account.calls) == called + 2
