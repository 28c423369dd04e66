"""Device lists as an inventory reads them: tags, statuses, datacenters, open tickets, and filters on each."""

import json

import pytest

from conftest import expect_fault
from sl_emulator.faults import OBJECT_MASK

DEVICE_MASK = ('mask(SoftLayer_Hardware_Server)[id,hostname,fullyQualifiedDomainName,primaryIpAddress,primaryBackendIpAddress,'
               'datacenter[name],tagReferences[tag[name]],hardwareStatus[status],activeTicketCount,'
               'activeTickets[id,status[name],awaitingUserResponseFlag]]')
GUEST_MASK = ('mask(SoftLayer_Virtual_Guest)[id,hostname,datacenter[name],tagReferences[tag[name]],status[keyName],'
              'powerState[keyName],activeTickets[id]]')


def _in(values):
    return {'operation': 'in', 'options': [{'name': 'data', 'value': values}]}


def _names(devices):
    return [device['hostname'] for device in devices]


def test_server_list_carries_tags_status_datacenter_and_open_tickets(client):
    servers = client['Account'].getHardware(mask=DEVICE_MASK, filter={'hardware': {'id': {'operation': 'orderBy', 'options': [
        {'name': 'sort', 'value': ['ASC']}]}}})
    by_name = {s['fullyQualifiedDomainName']: s for s in servers}
    web02 = by_name['web02.example.com']
    assert web02['datacenter'] == {'name': 'dal10'}
    assert sorted(ref['tag']['name'] for ref in web02['tagReferences']) == ['production', 'web']
    assert web02['hardwareStatus'] == {'status': 'ACTIVE'}
    assert web02['primaryIpAddress'] == '169.45.10.12' and web02['primaryBackendIpAddress'] == '10.10.20.12'
    # ticket 148350001 is Open and its last update is the employee's: it waits on the customer
    assert web02['activeTickets'] == [{'id': 148350001, 'status': {'name': 'Open'}, 'awaitingUserResponseFlag': True}]
    assert web02['activeTicketCount'] == 1
    # web01's only ticket is Closed: not active
    assert by_name['web01.example.com']['activeTicketCount'] == 0 and by_name['web01.example.com']['activeTickets'] == []
    assert by_name['db01.example.com']['activeTickets'][0]['awaitingUserResponseFlag'] is False


def test_server_properties_need_the_type_hint(client, protocol):
    # Account.hardware is typed SoftLayer_Hardware; activeTickets belongs to SoftLayer_Hardware_Server.
    expect_fault(protocol, lambda: client['Account'].getHardware(mask='mask[id,activeTickets[id]]'),
                 OBJECT_MASK, "Property 'activeTickets' not valid for 'SoftLayer_Hardware'.")
    hinted = client['Account'].getHardware(mask='mask(SoftLayer_Hardware_Server)[id,activeTickets[id]]')
    assert {'id': 1500102, 'activeTickets': [{'id': 148350001}]} in hinted
    # the base type's own relations need no hint
    assert client['Account'].getHardware(mask='mask[id,hardwareStatus[status]]')[0]['hardwareStatus'] == {'status': 'ACTIVE'}


def test_attached_hardware_is_typed_as_declared(client, protocol):
    # SoftLayer_Ticket.attachedHardware and Ticket_Attachment_Hardware.hardware are declared SoftLayer_Hardware
    # (softlayer-go datatypes/ticket.go), as Account.hardware is: the same hint is needed for server properties.
    expect_fault(protocol, lambda: client['Ticket'].getObject(id=148350002, mask='mask[attachedHardware[id,activeTickets[id]]]'),
                 OBJECT_MASK, "Property 'activeTickets' not valid for 'SoftLayer_Hardware'.")
    expect_fault(protocol, lambda: client['Ticket'].getAttachedResources(id=148350002, mask='mask[hardware[activeTicketCount]]'),
                 OBJECT_MASK, "Property 'activeTicketCount' not valid for 'SoftLayer_Hardware'.")
    hinted = client['Ticket'].getObject(id=148350002, mask='mask[attachedHardware(SoftLayer_Hardware_Server)[id,activeTickets[id]]]')
    assert hinted['attachedHardware'] == [{'id': 1500103, 'activeTickets': [{'id': 148350002}]}]


def test_guest_list_carries_status_and_power_state(client):
    guests = {g['hostname']: g for g in client['Account'].getVirtualGuests(mask=GUEST_MASK)}
    assert guests['app02']['status'] == {'keyName': 'ACTIVE'} and guests['app02']['powerState'] == {'keyName': 'RUNNING'}
    assert [t['id'] for t in guests['app02']['activeTickets']] == [148350007]
    assert 'tagReferences' in guests['worker01'] and guests['build01']['tagReferences'] == []


@pytest.mark.parametrize('branch, expected', [
    ({'datacenter': {'name': _in(['fra02', 'wdc07'])}}, ['db02', 'cache01']),
    ({'tagReferences': {'tag': {'name': _in(['cache', 'database'])}}}, ['db01', 'db02', 'cache01', 'cache01']),
    ({'tagReferences': {'tag': {'name': _in(['staging'])}}, 'datacenter': {'name': _in(['fra02'])}}, ['cache01']),
    ({'hostname': {'operation': '^= WEB'}}, ['web01', 'web02']),
    ({'hostname': {'operation': '$= 01'}}, ['web01', 'db01', 'cache01', 'cache01']),
    ({'hostname': {'operation': '*= b0'}}, ['web01', 'web02', 'db01', 'db02']),
    ({'hostname': {'operation': '_= DB02'}}, ['db02']),
])
def test_server_filters(client, branch, expected):
    servers = client['Account'].getHardware(mask='mask[id,hostname]', filter={'hardware': branch})
    assert _names(servers) == expected


def test_guest_tag_filter(client):
    guests = client['Account'].getVirtualGuests(mask='mask[id,hostname]', filter={'virtualGuests': {
        'tagReferences': {'tag': {'name': _in(['staging'])}}}})
    assert _names(guests) == ['worker01']


def test_tag_reference_is_relational(client, protocol):
    expect_fault(protocol, lambda: client['Account'].getHardware(filter={'hardware': {'tagReferences': {'operation': 'web'}}}),
                 'SoftLayer_Exception_Public',
                 "Property 'SoftLayer_Hardware::tagReferences' is relational: filter on one of its properties instead.")


def test_generated_devices_are_tagged_and_page(emulator, tmp_path):
    from sl_emulator import generate
    seed = str(tmp_path / 'big.json')
    generate.write(seed, tickets=200, devices=60)
    emulator.admin('reset', {'seed_file': seed})
    try:
        client = emulator.client('xmlrpc')
        seen, offset = [], 0
        calls_before = emulator.last_seq()
        while True:
            page = client.call('Account', 'getHardware', mask='mask(SoftLayer_Hardware_Server)[id,tagReferences[tag[name]],activeTickets[id]]',
                               filter={'hardware': {'id': {'operation': 'orderBy', 'options': [{'name': 'sort', 'value': ['ASC']}]}}},
                               limit=25, offset=offset)
            seen.extend(page)
            offset += len(page)
            if len(page) < 25:
                break
        with open(seed, encoding='utf-8') as handle:
            total = len(json.load(handle)['hardware'])
        assert [s['id'] for s in seen] == sorted(s['id'] for s in seen) and len(seen) == total
        # full pages, then the short one that ends the list
        assert len([c for c in emulator.calls() if c['seq'] > calls_before]) == total // 25 + 1
        generated = [s for s in seen if s['id'] >= 1600001]
        assert generated and all(len(s['tagReferences']) == 2 for s in generated)
        assert sum(len(s['activeTickets']) for s in seen) > 0
    finally:
        emulator.admin('reset', {})
