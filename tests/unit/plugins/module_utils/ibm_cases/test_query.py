# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ibm_case_info's reads against the emulator: every page, filters, one case, grouping by host, the tickets of cases.

The link between a ticket and its case is tested under both of the emulator's ``ticket_cases`` readings:
``mirrored`` (a ticket is the case its number names) and ``separate`` (tickets are not cases).
"""

from __future__ import annotations

import pytest

from ansible_collections.softlayer.support.plugins.module_utils.api.errors import ApiFaultError
from ansible_collections.softlayer.support.plugins.module_utils.ibm_cases import reads, ticket_link
from ansible_collections.softlayer.support.plugins.module_utils.ibm_cases.query import cases_by_host, query_cases, run
from ansible_collections.softlayer.support.tests.unit.plugins.emulated_api import serve_filters
from ansible_collections.softlayer.support.tests.unit.plugins.emulated_cloud import COS, CRN, EmulatedCloud

TICKET_CASES = ('mirrored', 'separate')


@pytest.fixture
def cloud():
    account = EmulatedCloud()
    yield account
    account.close()


def open_cases(cloud, count):
    service = cloud.client().service
    offering = {'name': COS, 'type': {'group': 'crn_service_name', 'key': 'cloud-object-storage'}}
    return [service.create_case('technical', 'Paging %d' % n, 'Paging test.', offering=offering,
                                resources=[{'crn': CRN}]).get_result()['number'] for n in range(count)]


def test_search_reads_every_page(cloud, monkeypatch):
    monkeypatch.setattr(reads, 'PAGE_SIZE', 2)
    numbers = open_cases(cloud, 5)
    cloud.forget_calls()
    found = query_cases(cloud.client(), search='Paging')
    assert sorted(case['number'] for case in found) == sorted(numbers)
    assert cloud.case_calls() == ['get_cases'] * 3


def test_status_filter_and_one_case_with_its_parts(cloud):
    number = open_cases(cloud, 1)[0]
    assert [c['number'] for c in query_cases(cloud.client(), search='Paging', statuses=['new'])] == [number]
    assert query_cases(cloud.client(), search='Paging', statuses=['resolved']) == []
    one = query_cases(cloud.client(), number=number)
    assert [r['crn'] for r in one[0]['resources']] == [CRN]


def test_offering_filter_is_checked_locally(cloud):
    open_cases(cloud, 1)
    assert len(query_cases(cloud.client(), search='Paging', offering='cloud-object-storage')) == 1
    assert query_cases(cloud.client(), search='Paging', offering='Virtual Private Cloud') == []


def test_cases_grouped_by_fqdn_and_hostname_of_a_device_and_by_name_and_crn_of_a_resource():
    web01 = {'type': 'hardware', 'name': 'web01.example.com', 'crn': None}
    volume = {'type': 'is', 'name': 'data-volume', 'crn': 'crn:v1:x'}
    cases = [{'number': 'CS1', 'resources': [web01]}, {'number': 'CS2', 'resources': [web01, web01, volume]}]
    grouped = cases_by_host(cases)
    assert {key: [case['number'] for case in found] for key, found in grouped.items()} == {
        'web01.example.com': ['CS1', 'CS2'], 'web01': ['CS1', 'CS2'], 'data-volume': ['CS2'], 'crn:v1:x': ['CS2']}
    assert grouped['web01'][1] is cases[1]


def test_group_by_host_and_tickets_only_on_request_and_no_softlayer_call_without(cloud):
    open_cases(cloud, 1)
    plain = run(cloud.client(), {'search': 'Paging'}, softlayer_client=pytest.fail)
    assert set(plain) == {'changed', 'cases'} and 'softlayer_ticket' not in plain['cases'][0]
    grouped = run(cloud.client(), {'search': 'Paging', 'group_by_host': True}, softlayer_client=pytest.fail)
    assert [case['number'] for case in grouped['cases_by_host'][CRN]] == [grouped['cases'][0]['number']]


# -- the link: a ticket carries its case number, a case is given its ticket on request ---------------------


def seed_ticket(cloud, ticket_id=148350001):
    return cloud.emulator.state.get('tickets', ticket_id)


@pytest.mark.parametrize('ticket_cases', TICKET_CASES)
def test_a_case_opened_in_the_support_center_has_no_ticket_under_either_reading(cloud, ticket_cases):
    cloud.api.set_policy(ticket_cases=ticket_cases)
    number = open_cases(cloud, 1)[0]
    cloud.api.sdk.calls.clear()
    found = run(cloud.client(), {'number': number, 'include_softlayer_tickets': True}, cloud.softlayer_client)
    assert found['cases'][0]['softlayer_ticket'] is None
    assert cloud.api.sdk.methods_called() == ['SoftLayer_Account::getTickets']


def test_mirrored_a_ticket_is_read_as_its_case_and_the_case_shows_the_ticket(cloud):
    ticket = seed_ticket(cloud)
    cloud.api.sdk.calls.clear()
    found = run(cloud.client(), {'number': ticket['serviceProviderResourceId'], 'include_softlayer_tickets': True},
                cloud.softlayer_client)
    case = found['cases'][0]
    assert case['contact_type'] == 'IMS Console' and case['short_description'] == ticket['title']
    assert case['softlayer_ticket'] == {'id': ticket['id'], 'title': ticket['title'], 'status': 'Open',
                                        'case_number': ticket['serviceProviderResourceId']}
    assert cloud.api.sdk.methods_called() == ['SoftLayer_Account::getTickets']


def test_separate_a_ticket_number_is_no_case_and_the_failure_says_so(cloud):
    cloud.api.set_policy(ticket_cases='separate')
    number = seed_ticket(cloud)['serviceProviderResourceId']
    with pytest.raises(ApiFaultError) as failure:
        run(cloud.client(), {'number': number, 'include_softlayer_tickets': True}, cloud.softlayer_client)
    assert failure.value.fault_code == 404 and number in str(failure.value)
    assert cloud.api.sdk.methods_called() == []


@pytest.mark.parametrize('ticket_cases', TICKET_CASES)
def test_a_search_gives_each_case_its_ticket_or_none(cloud, ticket_cases):
    cloud.api.set_policy(ticket_cases=ticket_cases)
    ticket = seed_ticket(cloud)
    opened = open_cases(cloud, 1)[0]
    found = run(cloud.client(), {'include_softlayer_tickets': True}, cloud.softlayer_client)['cases']
    by_number = {case['number']: case['softlayer_ticket'] for case in found}
    assert by_number[opened] is None
    if ticket_cases == 'mirrored':
        assert by_number[ticket['serviceProviderResourceId']]['id'] == ticket['id']
        assert all(linked is not None for number, linked in by_number.items() if number != opened)
    else:
        assert list(by_number) == [opened]


@pytest.mark.parametrize('server_filters', ['apply', 'ignore_all'])
def test_tickets_are_matched_by_case_number_even_when_the_api_ignores_the_filter(cloud, monkeypatch, server_filters):
    serve_filters(cloud.api, monkeypatch, server_filters)
    tickets = cloud.emulator.state.tables['tickets'].values()
    wanted = sorted(ticket['serviceProviderResourceId'] for ticket in tickets)[:2]
    found = ticket_link.tickets_by_case_number(cloud.softlayer_client(), wanted + [wanted[0], 'CS0000000', None])
    assert sorted(found) == wanted
    assert all(found[number]['case_number'] == number for number in wanted)


def test_tickets_of_many_cases_cost_one_call_per_page_of_numbers(cloud, monkeypatch):
    monkeypatch.setattr(ticket_link, 'DEFAULT_PAGE_SIZE', 2)
    numbers = sorted(ticket['serviceProviderResourceId'] for ticket in cloud.emulator.state.tables['tickets'].values())[:5]
    found = ticket_link.tickets_by_case_number(cloud.softlayer_client(), numbers)
    assert sorted(found) == numbers
    assert cloud.api.sdk.methods_called().count('SoftLayer_Account::getTickets') == 3
