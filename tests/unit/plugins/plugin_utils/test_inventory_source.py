# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""inventory_source without Ansible: option checks, which devices the emulated account returns, hostvars, names and groups."""

from __future__ import annotations

import pytest

from ansible_collections.softlayer.support.plugins.plugin_utils import inventory_source as src
from ansible_collections.softlayer.support.plugins.module_utils.api.errors import ApiFaultError, InvalidInputError

from ansible_collections.softlayer.support.tests.unit.plugins.emulated_api import objectfilter

HARDWARE = src.DEVICE_KINDS['hardware']
GUESTS = src.DEVICE_KINDS['virtual_guests']
# The seeded devices (tests/emulator/sl_emulator/data/seed.json) by id: servers, then virtual guests.
WEB01, WEB02, DB01, DB02, CACHE01_DAL10, CACHE01_FRA02 = range(1500101, 1500107)
APP01, APP02, WORKER01, BUILD01 = range(91000001, 91000005)


def raw_ticket(ticket_id, status='Open', created='2025-01-01T10:00:00-06:00', awaiting=False, **extra):
    raw = {
        'id': ticket_id, 'title': 'ticket %d' % ticket_id, 'statusId': {'Open': 1001, 'Assigned': 1004}.get(status, 1002),
        'status': {'id': 0, 'name': status}, 'subjectId': 1021, 'subject': {'id': 1021, 'name': 'Hardware Issue'},
        'priority': 2, 'createDate': created, 'modifyDate': created, 'lastEditType': 'USER',
        'awaitingUserResponseFlag': awaiting, 'serviceProviderResourceId': 'CS%d' % ticket_id,
    }
    raw.update(extra)
    return raw


def raw_device(dev_id, hostname='web01', domain='example.com', tickets=(), **extra):
    raw = {
        'id': dev_id, 'hostname': hostname, 'domain': domain, 'fullyQualifiedDomainName': '%s.%s' % (hostname, domain),
        'primaryIpAddress': '169.45.10.11', 'primaryBackendIpAddress': '10.10.20.11', 'datacenter': {'name': 'dal10'},
        'tagReferences': [{'tag': {'name': 'web'}}, {'tag': {'name': 'production'}}],
        'hardwareStatus': {'status': 'ACTIVE'}, 'activeTickets': list(tickets),
    }
    raw.update(extra)
    return raw


# -- options ---------------------------------------------------------------------------------

def test_defaults():
    settings = src.query_settings({})
    assert settings == {'include': ['hardware', 'virtual_guests'], 'datacenters': [], 'tags': [], 'hostname_pattern': None,
                        'hostnames': ['fqdn'], 'ansible_host_from': 'public_ip', 'page_size': 100}


@pytest.mark.parametrize('options, option, words', [
    ({'include': ['hardware', 'routers']}, 'include', 'hardware, virtual_guests'),
    ({'include': 'hardware'}, 'include', 'list of strings'),
    ({'hostnames': ['name']}, 'hostnames', 'fqdn, hostname, id'),
    ({'ansible_host_from': 'ipv6'}, 'ansible_host_from', 'public_ip, private_ip'),
    ({'page_size': 0}, 'page_size', 'between 1 and 1000'),
    ({'page_size': 1001}, 'page_size', 'between 1 and 1000'),
    ({'page_size': True}, 'page_size', 'between 1 and 1000'),
    ({'datacenters': ['dal10', '']}, 'datacenters', 'non-empty strings'),
    ({'tags': [3]}, 'tags', 'non-empty strings'),
    ({'hostname_pattern': 'w*b'}, 'hostname_pattern', 'web*'),
    ({'hostname_pattern': '**'}, 'hostname_pattern', 'web*'),
    ({'hostname_pattern': 'web 01'}, 'hostname_pattern', 'web*'),
])
def test_bad_options_name_the_option(options, option, words):
    with pytest.raises(InvalidInputError) as caught:
        src.query_settings(options)
    assert caught.value.option == option
    assert option in str(caught.value) and words in str(caught.value)


def test_duplicates_in_choices_are_dropped_in_order():
    assert src.query_settings({'hostnames': ['hostname', 'id', 'hostname']})['hostnames'] == ['hostname', 'id']


# -- what is asked -----------------------------------------------------------------------------

def fetched(client, **options):
    """(kind, id) of the hosts fetch_hosts makes for these options, in its order."""
    return [(h['sl_type'], h['sl_id']) for h in src.fetch_hosts(client, src.query_settings(options))]


@pytest.mark.parametrize('pattern, expected', [
    ('web01', [WEB01]), ('WEB*', [WEB01, WEB02]), ('*01', [WEB01, DB01, CACHE01_DAL10, CACHE01_FRA02]),
    ('*b0*', [WEB01, WEB02, DB01, DB02]), (' web* ', [WEB01, WEB02]), ('web', []),
])
def test_hostname_patterns_select_the_matching_devices(emulated_client, pattern, expected):
    assert fetched(emulated_client, include=['hardware'], hostname_pattern=pattern) == [('hardware', i) for i in expected]


def test_no_filter_without_filter_options():
    assert src.device_filter(HARDWARE) is None


def test_every_filter_must_hold_rooted_at_each_kind(emulated_client):
    assert fetched(emulated_client, datacenters=['dal10', 'fra02'], tags=['production']) == [
        ('hardware', WEB01), ('hardware', WEB02), ('hardware', DB01), ('hardware', CACHE01_DAL10),
        ('virtual_guest', APP01), ('virtual_guest', APP02)]
    assert fetched(emulated_client, datacenters=['fra02'], tags=['staging', 'cache'], hostname_pattern='*0*') == [
        ('hardware', CACHE01_FRA02), ('virtual_guest', WORKER01)]


def test_mask_carries_the_lean_tickets_and_the_concrete_type():
    mask = src.device_mask(HARDWARE)
    assert mask.startswith('mask(SoftLayer_Hardware_Server)[')
    assert 'activeTickets[%s]' % src.LEAN_TICKET_MASK in mask
    assert 'hardwareStatus[status]' in mask and 'tagReferences[tag[name]]' in mask and 'datacenter[name]' in mask
    assert 'status[keyName]' in src.device_mask(GUESTS)


def test_fetch_hosts_one_ordered_paged_list_per_kind(emulated_client, emulated_api):
    hosts = src.fetch_hosts(emulated_client, src.query_settings({'page_size': 2, 'datacenters': ['dal10']}))
    assert [h['sl_id'] for h in hosts] == [WEB01, WEB02, DB01, CACHE01_DAL10, APP01, APP02]
    assert [h['sl_type'] for h in hosts] == ['hardware'] * 4 + ['virtual_guest'] * 2
    assert {h['sl_datacenter'] for h in hosts} == {'dal10'}
    # ceil(4 / 2) + ceil(2 / 2) calls: paging stops at a short page or at the API's total
    assert emulated_api.sdk.methods_called() == ['SoftLayer_Account::getHardware'] * 2 + ['SoftLayer_Account::getVirtualGuests']
    assert emulated_api.sdk.calls[0]['mask'] == src.device_mask(HARDWARE)


def test_fetch_hosts_keeps_one_host_per_device(emulated_client, monkeypatch):
    # A server that lists each device once per matching tag (as an SQL join does): still one host per device,
    # also across a page boundary; ids are per kind, so a guest and a server may share one.
    apply_filter = objectfilter.apply_filter
    monkeypatch.setattr(objectfilter, 'apply_filter', lambda nodes, tree, **kwargs: [
        node for node in apply_filter(nodes, tree, **kwargs) for _tag in node.record.get('_tags') or ()])
    hosts = src.fetch_hosts(emulated_client, src.query_settings({'page_size': 3, 'tags': ['web', 'production', 'app']}))
    assert [(h['sl_type'], h['sl_id']) for h in hosts] == [
        ('hardware', WEB01), ('hardware', WEB02), ('hardware', DB01), ('hardware', DB02), ('hardware', CACHE01_DAL10),
        ('virtual_guest', APP01), ('virtual_guest', APP02)]


def test_one_per_device_keeps_the_first_row_and_rows_without_id():
    rows = [{'id': 1, 'n': 'a'}, {'id': 2}, {'id': 1, 'n': 'b'}, {}, {}]
    assert list(src.one_per_device(rows)) == [{'id': 1, 'n': 'a'}, {'id': 2}, {}, {}]


def test_fetch_hosts_only_included_kinds(emulated_client, emulated_api):
    assert fetched(emulated_client, include=['virtual_guests']) == [
        ('virtual_guest', APP01), ('virtual_guest', APP02), ('virtual_guest', WORKER01), ('virtual_guest', BUILD01)]
    assert emulated_api.sdk.methods_called() == ['SoftLayer_Account::getVirtualGuests']


def test_fetch_hosts_carries_each_devices_open_tickets(emulated_client):
    hosts = {h['sl_id']: h for h in src.fetch_hosts(emulated_client, src.query_settings({}))}
    assert {i: [t['id'] for t in h['sl_open_tickets']] for i, h in hosts.items() if h['sl_open_tickets']} == {
        WEB02: [148350001], DB01: [148350002], APP02: [148350007]}


def test_fetch_hosts_fault_is_raised_as_one_error(emulated_client, emulated_api):
    emulated_api.refuse('getHardware', 'Invalid API token.', code='SoftLayer_Exception_InvalidLegacyToken')
    with pytest.raises(ApiFaultError) as caught:
        src.fetch_hosts(emulated_client, src.query_settings({}))
    assert 'Account::getHardware failed' in str(caught.value) and 'api_key' in str(caught.value)


# -- what is made of the answer -----------------------------------------------------------------

def test_hostvars_of_a_server():
    tickets = [
        raw_ticket(1, created='2025-01-01T10:00:00-06:00'),
        raw_ticket(3, status='Assigned', created='2025-03-01T10:00:00-06:00', awaiting=True),
        raw_ticket(2, status='Closed', created='2025-02-01T10:00:00-06:00'),
    ]
    hostvars = src.device_hostvars(HARDWARE, raw_device(11, tickets=tickets))
    assert {k: v for k, v in hostvars.items() if k != 'sl_open_tickets'} == {
        'sl_id': 11, 'sl_type': 'hardware', 'sl_hostname': 'web01', 'sl_domain': 'example.com',
        'sl_fqdn': 'web01.example.com', 'sl_datacenter': 'dal10', 'sl_public_ip': '169.45.10.11',
        'sl_private_ip': '10.10.20.11', 'sl_tags': ['production', 'web'], 'sl_status': 'ACTIVE', 'sl_open_ticket_count': 2,
    }
    # Open and Assigned only, newest first, with sl_ticket_info's keys
    assert [t['id'] for t in hostvars['sl_open_tickets']] == [3, 1]
    newest = hostvars['sl_open_tickets'][0]
    assert sorted(newest) == sorted(src.LEAN_TICKET_KEYS)
    assert newest['awaiting_customer'] is True and newest['status'] == 'Assigned' and newest['subject'] == 'Hardware Issue'
    assert newest['case_number'] == newest['service_provider_resource_id'] == 'CS3' and newest['last_edit_type'] == 'USER'
    assert hostvars['sl_open_tickets'][1]['awaiting_customer'] is False


def test_hostvars_of_a_guest_with_xmlrpc_empty_strings():
    raw = raw_device(91, fullyQualifiedDomainName='', primaryIpAddress='', datacenter='', tagReferences='',
                     status={'keyName': 'ACTIVE'}, activeTickets='')
    del raw['hardwareStatus']
    hostvars = src.device_hostvars(GUESTS, raw)
    assert hostvars['sl_fqdn'] == 'web01.example.com'
    assert hostvars['sl_public_ip'] is None and hostvars['sl_datacenter'] is None
    assert hostvars['sl_tags'] == [] and hostvars['sl_open_tickets'] == [] and hostvars['sl_open_ticket_count'] == 0
    assert hostvars['sl_status'] == 'ACTIVE' and hostvars['sl_type'] == 'virtual_guest'


@pytest.mark.parametrize('preference, expected', [
    (['fqdn'], 'web01.example.com'), (['hostname'], 'web01'), (['id'], '11'), (['id', 'fqdn'], '11'),
])
def test_inventory_hostname(preference, expected):
    assert src.inventory_hostname(src.device_hostvars(HARDWARE, raw_device(11)), preference) == expected


def test_inventory_hostname_falls_through_missing_names():
    hostvars = src.device_hostvars(HARDWARE, raw_device(11, hostname='', domain='', fullyQualifiedDomainName=''))
    assert src.inventory_hostname(hostvars, ['fqdn', 'hostname']) is None
    assert src.inventory_hostname(hostvars, ['fqdn', 'hostname', 'id']) == '11'


def test_ansible_host_prefers_then_falls_back():
    both = {'sl_public_ip': '169.1.1.1', 'sl_private_ip': '10.1.1.1'}
    assert src.ansible_host(both, 'public_ip') == '169.1.1.1'
    assert src.ansible_host(both, 'private_ip') == '10.1.1.1'
    assert src.ansible_host({'sl_public_ip': None, 'sl_private_ip': '10.1.1.1'}, 'public_ip') == '10.1.1.1'
    assert src.ansible_host({'sl_public_ip': '169.1.1.1', 'sl_private_ip': None}, 'private_ip') == '169.1.1.1'
    assert src.ansible_host({'sl_public_ip': None, 'sl_private_ip': None}, 'public_ip') is None


def test_groups():
    quiet = src.device_hostvars(GUESTS, raw_device(91, datacenter={'name': 'fra02'}))
    assert src.host_groups(quiet) == ['sl_virtual_guests', 'sl_dc_fra02']
    busy = src.device_hostvars(HARDWARE, raw_device(11, tickets=[raw_ticket(1), raw_ticket(2, awaiting=True)]))
    assert src.host_groups(busy) == ['sl_hardware', 'sl_with_open_tickets', 'sl_awaiting_customer', 'sl_dc_dal10']
    waiting_but_closed = src.device_hostvars(HARDWARE, raw_device(11, tickets=[raw_ticket(1, status='Closed', awaiting=True)]))
    assert src.host_groups(waiting_but_closed) == ['sl_hardware', 'sl_dc_dal10']
    assert src.host_groups(busy, sanitize=lambda name: name.upper())[-1] == 'SL_DC_DAL10'
