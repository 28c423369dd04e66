# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ticket_query without Ansible's runner: option checks, filter building, paging, grouping (dates: test_api_dates)."""

from __future__ import annotations

import math

import pytest

from ansible_collections.softlayer.support.plugins.module_utils.sl_ticket_info import query as tq
from ansible_collections.softlayer.support.plugins.module_utils.api.errors import InvalidInputError
from ansible_collections.softlayer.support.plugins.module_utils.api.result_check import computed_conditions


SUBJECTS = [
    {'id': 1021, 'name': 'Hardware Issue', 'parentId': None, 'categoryId': 2, 'category': {'id': 2, 'name': 'Technical'}},
    {'id': 1522, 'name': 'API Question', 'parentId': None, 'categoryId': 2, 'category': {'id': 2, 'name': 'Technical'}},
]


def query(**params):
    return tq.parse_query(params)


def device(dev_id, hostname, domain='example.com'):
    return {'id': dev_id, 'hostname': hostname, 'domain': domain, 'fullyQualifiedDomainName': '%s.%s' % (hostname, domain)}


def raw_ticket(ticket_id, created=None, hardware=(), guests=(), **extra):
    minute = ticket_id % 60
    raw = {
        'id': ticket_id, 'title': 'ticket %d' % ticket_id, 'subjectId': 1021, 'statusId': 1001,
        'status': {'id': 1001, 'name': 'Open'},
        'createDate': created or '2025-01-01T10:%02d:00-06:00' % minute,
        'attachedHardware': list(hardware), 'attachedVirtualGuests': list(guests),
    }
    raw.update(extra)
    return raw


class PagedList(list):
    """A list result as the SDK returns it, with the SoftLayer-Total-Items count."""

    def __init__(self, items, total):
        super().__init__(items)
        self.total_count = total


def pager(tickets):
    """An Account list method that honours limit/offset like the API (tickets already in API order)."""
    def answer(*args, **kwargs):
        offset, limit = kwargs.get('offset') or 0, kwargs.get('limit')
        page = tickets[offset:] if limit is None else tickets[offset:offset + limit]
        return PagedList(page, len(tickets))
    return answer


# --------------------------------------------------------------------------- options


def test_defaults_read_open_tickets_newest_first_in_pages_of_100():
    q = query()
    assert (q.status, q.sort, q.page_size, q.limit, q.devices, q.ticket_ids) == ('open', 'newest', 100, None, None, None)


def test_ticket_id_accepts_sort_include_and_grouping_and_drops_duplicates():
    q = query(ticket_id=[5, 3, 5], sort='oldest', include_updates=True, group_by_host=True)
    assert q.ticket_ids == [5, 3]


@pytest.mark.parametrize('bad', [0, -4, True])
def test_ticket_id_must_be_positive_numbers(bad):
    with pytest.raises(InvalidInputError, match='ticket_id'):
        query(ticket_id=[bad])


@pytest.mark.parametrize('option', ['title', 'title_contains', 'subject'])
def test_blank_text_filters_are_refused(option):
    with pytest.raises(InvalidInputError) as caught:
        query(**{option: '  '})
    assert caught.value.option == option


def test_created_after_must_precede_created_before():
    with pytest.raises(InvalidInputError) as caught:
        query(created_after='2025-02-01', created_before='2025-01-01')
    assert 'created_after' in str(caught.value) and 'created_before' in str(caught.value)
    with pytest.raises(InvalidInputError):
        query(created_after='2025-02-01', created_before='2025-02-01')


@pytest.mark.parametrize('params, option', [
    ({'limit': 0}, 'limit'),
    ({'page_size': 0}, 'page_size'),
    ({'page_size': 1001}, 'page_size'),
])
def test_out_of_range_options_name_the_option(params, option):
    with pytest.raises(InvalidInputError) as caught:
        query(**params)
    assert caught.value.option == option


# --------------------------------------------------------------------------- filters


def test_open_query_asks_for_open_and_assigned_ids_and_sorts_newest_by_create_date_then_id():
    assert tq.build_filters(query(), 'tickets') == [{'tickets': {
        'statusId': {'operation': 'in', 'options': [{'name': 'data', 'value': [1001, 1004]}]},
        'createDate': {'operation': 'orderBy', 'options': [{'name': 'sort', 'value': ['DESC']},
                                                           {'name': 'sortOrder', 'value': [0]}]},
        'id': {'operation': 'orderBy', 'options': [{'name': 'sort', 'value': ['DESC']},
                                                   {'name': 'sortOrder', 'value': [1]}]},
    }}]


def test_every_content_filter_lands_in_one_branch():
    q = query(status='all', title='Disk > full', subject='1021', created_after='2025-01-01',
              modified_after='2025-03-01T12:00:00Z', sort='oldest')
    (object_filter,) = tq.build_filters(q, 'tickets', subject_id=1021)
    branch = object_filter['tickets']
    # Ends-with (stored as given or as '<subject> - <title>'), re-checked exactly; the explicit operator
    # comes first, so text that looks like an operator is still literal.
    assert branch['title'] == {'operation': '$= Disk > full'}
    assert 'statusId' not in branch
    assert branch['subjectId'] == {'operation': 1021}
    assert branch['createDate']['operation'] == 'greaterThanDate'
    # Only a narrowing (the zone the server reads it in is unknown): on the clock of UTC-12, accepts() decides.
    assert branch['modifyDate'] == {'operation': 'greaterThanDate',
                                    'options': [{'name': 'date', 'value': ['03/01/2025 00:00:00']}]}
    # createDate is searched, so the sort is by id alone (never sort and search one property).
    assert branch['id'] == {'operation': 'orderBy', 'options': [{'name': 'sort', 'value': ['ASC']},
                                                                {'name': 'sortOrder', 'value': [0]}]}


def test_title_contains_is_a_contains_operation():
    (object_filter,) = tq.build_filters(query(title_contains=' disk '), 'tickets')
    assert object_filter['tickets']['title'] == {'operation': '*= disk'}


def test_device_options_are_parsed_into_references_per_kind():
    devices = tq.parse_devices({'hardware': [12, ' 12 ', 'web01.example.com.', 'web01'], 'virtual_guests': None})
    assert [(r.key, r.value) for r in devices['hardware']] == [('id', 12), ('fqdn', 'web01.example.com'),
                                                               ('hostname', 'web01')]
    assert devices['virtual_guests'] == []
    assert tq.parse_devices({'hardware': None, 'virtual_guests': None}) is None


@pytest.mark.parametrize('bad', ['', '  ', {'id': 1}, None, True])
def test_a_bad_device_entry_fails_naming_the_option(bad):
    with pytest.raises(InvalidInputError) as caught:
        tq.parse_query({'virtual_guests': [bad]})
    assert caught.value.option == 'virtual_guests'
    assert str(caught.value).startswith('virtual_guests')


def device_conditions(filters):
    """(relation, {property: values}) of each filter's device condition."""
    return [(rel, dict((prop, leaf['options'][0]['value']) for prop, leaf in cond.items()))
            for f in filters for rel, cond in f['tickets'].items() if rel.startswith('attached')]


def test_device_names_are_searched_as_given_and_in_lower_case():
    q = query(hardware=['Web01', 'DB01.Example.com.', 'web01'])
    assert device_conditions(tq.build_filters(q, 'tickets')) == [
        ('attachedHardware', {'hostname': ['Web01', 'web01']}),
        ('attachedHardware', {'hostname': ['DB01', 'db01'], 'domain': ['Example.com', 'example.com']}),
    ]


def test_one_kind_of_device_value_is_one_filter_on_the_relation():
    q = query(hardware=['web01', 'db01', 'web01'], title='x')
    (object_filter,) = tq.build_filters(q, 'tickets')
    branch = object_filter['tickets']
    assert branch['attachedHardware'] == {'hostname': {'operation': 'in', 'options': [{'name': 'data', 'value': ['web01', 'db01']}]}}
    assert 'title' in branch and 'createDate' in branch


def test_mixed_device_values_make_one_filter_per_kind():
    q = query(hardware=['web01', 'db01.example.com', 7], virtual_guests=['app01.example.com'])
    filters = tq.build_filters(q, 'tickets')
    # FQDNs go as hostname and domain: fullyQualifiedDomainName is computed, and the API drops filters on it.
    assert device_conditions(filters) == [
        ('attachedHardware', {'id': [7]}),
        ('attachedHardware', {'hostname': ['web01']}),
        ('attachedHardware', {'hostname': ['db01'], 'domain': ['example.com']}),
        ('attachedVirtualGuests', {'hostname': ['app01'], 'domain': ['example.com']}),
    ]


def test_empty_device_list_selects_nothing():
    assert tq.build_filters(query(hardware=[]), 'tickets') == []


# --------------------------------------------------------------------------- grouping


def normalised(raw):
    from ansible_collections.softlayer.support.plugins.module_utils.tickets.fields import normalise_ticket
    return normalise_ticket(raw)


def test_group_by_host_keys_hostname_and_fqdn_of_hardware_and_guests():
    web01, db01, app01 = device(1, 'web01'), device(2, 'db01'), device(9, 'app01')
    tickets = [normalised(raw_ticket(10, hardware=[web01, db01])), normalised(raw_ticket(11, guests=[app01], hardware=[web01]))]
    grouped = tq.group_by_host(tickets)
    assert sorted(grouped) == ['app01', 'app01.example.com', 'db01', 'db01.example.com', 'web01', 'web01.example.com']
    assert [t['id'] for t in grouped['web01']] == [10, 11]
    assert [t['id'] for t in grouped['web01.example.com']] == [10, 11]
    assert [t['id'] for t in grouped['app01']] == [11]


def test_group_by_host_shared_short_hostname_collects_both_devices_fqdns_stay_apart():
    dal, fra = device(5, 'cache01', 'dal10.example.com'), device(6, 'cache01', 'fra02.example.com')
    grouped = tq.group_by_host([normalised(raw_ticket(1, hardware=[dal])), normalised(raw_ticket(2, hardware=[fra]))])
    assert [t['id'] for t in grouped['cache01']] == [1, 2]
    assert [t['id'] for t in grouped['cache01.dal10.example.com']] == [1]
    assert [t['id'] for t in grouped['cache01.fra02.example.com']] == [2]


def test_group_by_host_with_a_device_filter_keys_only_requested_devices_and_seeds_empty_ones():
    q = query(hardware=['web01', 'db02.example.com', 2])
    ticket = normalised(raw_ticket(10, hardware=[device(1, 'web01'), device(3, 'other')]))
    ticket2 = normalised(raw_ticket(11, hardware=[device(2, 'byid')]))
    grouped = tq.group_by_host([ticket, ticket2], q.devices)
    assert sorted(grouped) == ['byid', 'byid.example.com', 'db02.example.com', 'web01', 'web01.example.com']
    assert grouped['db02.example.com'] == []


def test_group_by_host_files_devices_under_the_requested_spelling():
    q = query(hardware=['WEB01', 'Web02.Example.com.'])
    ticket = normalised(raw_ticket(10, hardware=[device(1, 'web01'), device(2, 'web02')]))
    grouped = tq.group_by_host([ticket], q.devices)
    assert set(grouped) == {'WEB01', 'Web02.Example.com', 'web01.example.com', 'web02'}
    assert [t['id'] for t in grouped['WEB01']] == [10] and [t['id'] for t in grouped['Web02.Example.com']] == [10]


def test_a_ticket_with_a_device_attached_twice_is_listed_once():
    twice = normalised(raw_ticket(1, hardware=[device(1, 'web01'), device(1, 'web01')]))
    assert len(tq.group_by_host([twice])['web01']) == 1


# --------------------------------------------------------------------------- reading (fake SDK)


def test_paging_across_boundaries_reads_each_ticket_once_in_ceil_n_over_page_size_calls(client, fake_sdk):
    tickets = [raw_ticket(i) for i in range(23, 0, -1)]
    fake_sdk.responses[('SoftLayer_Account', 'getTickets')] = pager(tickets)
    result = tq.run(client, {'page_size': 5})
    assert [t['id'] for t in result['tickets']] == list(range(23, 0, -1))
    calls = fake_sdk.calls
    assert len(calls) == math.ceil(23 / 5)
    assert [(c['kwargs']['offset'], c['kwargs']['limit']) for c in calls] == [(0, 5), (5, 5), (10, 5), (15, 5), (20, 5)]
    assert all(c['kwargs']['filter'] == calls[0]['kwargs']['filter'] for c in calls)


def test_limit_stops_paging_early(client, fake_sdk):
    fake_sdk.responses[('SoftLayer_Account', 'getClosedTickets')] = pager([raw_ticket(i) for i in range(50, 0, -1)])
    result = tq.run(client, {'status': 'closed', 'page_size': 4, 'limit': 6})
    assert [t['id'] for t in result['tickets']] == [50, 49, 48, 47, 46, 45]
    # Whole pages: every ticket is checked again locally, and one left out means reading on.
    assert [(c['kwargs']['offset'], c['kwargs']['limit']) for c in fake_sdk.calls] == [(0, 4), (4, 4)]


def test_a_limit_below_the_page_size_reads_pages_of_limit_tickets(client, fake_sdk):
    fake_sdk.responses[('SoftLayer_Account', 'getTickets')] = pager([raw_ticket(i) for i in range(50, 0, -1)])
    result = tq.run(client, {'status': 'all', 'limit': 3})
    assert [t['id'] for t in result['tickets']] == [50, 49, 48]
    assert [(c['kwargs']['offset'], c['kwargs']['limit']) for c in fake_sdk.calls] == [(0, 3)]


def test_mask_widens_in_the_same_call_for_updates_and_attachments(client, fake_sdk):
    fake_sdk.responses[('SoftLayer_Account', 'getTickets')] = pager([raw_ticket(1, updates=[{'id': 3, 'entry': 'hi'}],
                                                                                attachedFiles=[], attachedAdditionalEmails=[])])
    result = tq.run(client, {'status': 'all', 'include_updates': True, 'include_attachments': True})
    (call,) = fake_sdk.calls
    assert 'updates[' in call['kwargs']['mask'] and 'attachedFiles[' in call['kwargs']['mask']
    assert result['tickets'][0]['updates'][0]['entry'] == 'hi'
    assert result['tickets'][0]['attached_files'] == []


def test_subject_is_resolved_once_then_filtered_by_id(client, fake_sdk):
    fake_sdk.responses[('SoftLayer_Ticket_Subject', 'getAllObjects')] = SUBJECTS
    fake_sdk.responses[('SoftLayer_Account', 'getTickets')] = pager([raw_ticket(1)])
    tq.run(client, {'subject': 'hardware issue'})
    assert fake_sdk.methods_called() == ['SoftLayer_Ticket_Subject::getAllObjects', 'SoftLayer_Account::getTickets']
    assert fake_sdk.calls[1]['kwargs']['filter']['tickets']['subjectId'] == {'operation': 1021}


def test_unknown_subject_fails_with_close_matches_before_any_ticket_call(client, fake_sdk):
    fake_sdk.responses[('SoftLayer_Ticket_Subject', 'getAllObjects')] = SUBJECTS
    with pytest.raises(InvalidInputError) as caught:
        tq.run(client, {'subject': 'Hardwre Issue'})
    assert "did you mean 'Hardware Issue'" in str(caught.value)
    assert fake_sdk.methods_called() == ['SoftLayer_Ticket_Subject::getAllObjects']


def test_mixed_device_kinds_are_merged_in_order_without_duplicates(client, fake_sdk):
    web01, db01 = device(1, 'web01'), device(2, 'db01')
    both = raw_ticket(30, hardware=[web01, db01])
    by_hostname = [raw_ticket(40, hardware=[web01]), both, raw_ticket(10, hardware=[web01])]
    by_fqdn = [raw_ticket(35, hardware=[db01]), both, raw_ticket(20, hardware=[db01])]

    def answer(*args, **kwargs):
        condition = kwargs['filter']['tickets']['attachedHardware']
        rows = by_fqdn if 'domain' in condition else by_hostname
        return pager(rows)(**kwargs)
    fake_sdk.responses[('SoftLayer_Account', 'getTickets')] = answer
    result = tq.run(client, {'hardware': ['web01', 'db01.example.com'], 'group_by_host': True})
    assert [t['id'] for t in result['tickets']] == [40, 35, 30, 20, 10]
    assert len(fake_sdk.calls) == 2
    assert [t['id'] for t in result['tickets_by_host']['db01.example.com']] == [35, 30, 20]
    assert 'db01' in result['tickets_by_host']


def test_mixed_device_kinds_honour_limit_across_the_merge(client, fake_sdk):
    def answer(*args, **kwargs):
        condition = kwargs['filter']['tickets']['attachedHardware']
        if 'id' in condition:
            rows = [raw_ticket(i, hardware=[device(1, 'db01')]) for i in range(100, 50, -2)]
        else:
            rows = [raw_ticket(i, hardware=[device(2, 'web01')]) for i in range(99, 50, -2)]
        return pager(rows)(**kwargs)
    fake_sdk.responses[('SoftLayer_Account', 'getTickets')] = answer
    result = tq.run(client, {'hardware': [1, 'web01'], 'limit': 5, 'page_size': 2})
    assert [t['id'] for t in result['tickets']] == [100, 99, 98, 97, 96]


def test_empty_device_list_returns_nothing_without_calls(client, fake_sdk):
    assert tq.run(client, {'virtual_guests': [], 'group_by_host': True}) == {'tickets': [], 'tickets_by_host': {}}
    assert fake_sdk.calls == []


def test_ticket_ids_are_read_with_one_filtered_call_and_sorted(client, fake_sdk):
    fake_sdk.responses[('SoftLayer_Account', 'getTickets')] = [raw_ticket(7), raw_ticket(9)]
    result = tq.run(client, {'ticket_id': [7, 9], 'sort': 'newest'})
    assert [t['id'] for t in result['tickets']] == [9, 7]
    (call,) = fake_sdk.calls
    assert call['kwargs']['filter']['tickets']['id'] == {'operation': 'in', 'options': [{'name': 'data', 'value': [7, 9]}]}
    assert call['kwargs']['filter']['tickets']['createDate']['operation'] == 'orderBy'
    assert (call['kwargs']['offset'], call['kwargs']['limit']) == (0, 2)


def test_ticket_ids_chunk_by_page_size(client, fake_sdk):
    fake_sdk.responses[('SoftLayer_Account', 'getTickets')] = (
        lambda *a, **kw: [raw_ticket(i) for i in kw['filter']['tickets']['id']['options'][0]['value']])
    result = tq.run(client, {'ticket_id': list(range(1, 8)), 'page_size': 3})
    assert len(result['tickets']) == 7 and len(fake_sdk.calls) == 3


def test_unknown_ticket_ids_are_named(client, fake_sdk):
    fake_sdk.responses[('SoftLayer_Account', 'getTickets')] = [raw_ticket(7)]
    with pytest.raises(InvalidInputError) as caught:
        tq.run(client, {'ticket_id': [7, 404, 405]})
    assert str(caught.value) == 'ticket_id 404, 405 not found on this account'
    assert caught.value.details() == {'option': 'ticket_id'}


def test_empty_ticket_id_list_makes_no_call(client, fake_sdk):
    assert tq.run(client, {'ticket_id': []}) == {'tickets': []}
    assert fake_sdk.calls == []


def test_transient_failure_on_a_page_is_retried_and_nothing_is_lost(client, fake_sdk):
    from SoftLayer import exceptions
    tickets = [raw_ticket(i) for i in range(6, 0, -1)]
    good, answers = pager(tickets), []

    def flaky(*args, **kwargs):
        answers.append(kwargs['offset'])
        if len(answers) == 2:
            raise exceptions.TransportError(0, 'connection reset')
        return good(*args, **kwargs)
    fake_sdk.responses[('SoftLayer_Account', 'getTickets')] = flaky
    result = tq.run(client, {'page_size': 3})
    assert [t['id'] for t in result['tickets']] == [6, 5, 4, 3, 2, 1]
    assert [c['kwargs']['offset'] for c in fake_sdk.calls] == [0, 3, 3]


def test_date_filtered_query_pages_by_id_but_returns_creation_order(client, fake_sdk):
    # ids and creation dates disagree: the API pages by id, the result is still newest first by date.
    rows = [raw_ticket(3, created='2025-01-05T00:00:00-06:00'), raw_ticket(2, created='2025-01-09T00:00:00-06:00'),
            raw_ticket(1, created='2025-01-07T00:00:00-06:00')]
    fake_sdk.responses[('SoftLayer_Account', 'getTickets')] = pager(rows)
    result = tq.run(client, {'status': 'all', 'created_after': '2025-01-01', 'page_size': 2})
    assert [t['id'] for t in result['tickets']] == [2, 1, 3]
    sorts = {k: v['operation'] for k, v in fake_sdk.calls[0]['kwargs']['filter']['tickets'].items()}
    assert sorts == {'createDate': 'greaterThanDate', 'id': 'orderBy'}


# --------------------------------------------------------------------------- lifecycle filters and summary


def test_lifecycle_filters_are_sent_on_stored_properties_only():
    # awaitingUserResponseFlag is computed (the API drops a filter on it): lastEditType narrows, the flag is checked here.
    q = query(awaiting_customer=True, last_edit_type=['employee', 'AUTO', 'EMPLOYEE'])
    (object_filter,) = tq.build_filters(q, 'openTickets')
    branch = object_filter['openTickets']
    assert 'awaitingUserResponseFlag' not in branch
    assert branch['lastEditType'] == {'operation': 'in', 'options': [{'name': 'data', 'value': ['EMPLOYEE', 'AUTO']}]}
    (object_filter,) = tq.build_filters(query(awaiting_customer=True), 'tickets')
    assert object_filter['tickets']['lastEditType'] == {'operation': 'in', 'options': [{'name': 'data', 'value': ['EMPLOYEE']}]}
    (object_filter,) = tq.build_filters(query(awaiting_customer=False), 'openTickets')
    assert 'awaitingUserResponseFlag' not in object_filter['openTickets']
    assert 'lastEditType' not in object_filter['openTickets']


@pytest.mark.parametrize('params', [
    {'hardware': ['web01.example.com', 'web01', 7], 'virtual_guests': ['app01.example.com']},
    {'awaiting_customer': True}, {'awaiting_customer': False, 'last_edit_type': ['USER']},
    {'title': 'x', 'subject': 'y', 'created_after': '2025-01-01', 'modified_after': '2025-01-02', 'status': 'all'},
])
def test_no_filter_is_sent_on_a_computed_property(params):
    for object_filter in tq.build_filters(query(**params), 'tickets', subject_id=1021):
        assert computed_conditions(object_filter) == []


def test_an_empty_last_edit_type_list_is_refused_naming_the_option():
    with pytest.raises(InvalidInputError) as caught:
        query(last_edit_type=[])
    assert caught.value.option == 'last_edit_type'


def counted(total):
    def answer(*args, **kwargs):
        return PagedList([raw_ticket(1)] if total else [], total)
    return answer


def test_summary_takes_three_calls_from_the_api_counts(client, fake_sdk):
    fake_sdk.responses[('SoftLayer_Account', 'getObject')] = {
        'ticketCount': 10005, 'openTicketCount': 5, 'closedTicketCount': 10000, 'openTicketsWaitingOnCustomerCount': ''}

    def by_status(*args, **kwargs):
        status_id = kwargs['filter']['tickets']['statusId']['options'][0]['value'][0]
        assert kwargs['limit'] == 1
        return counted({1001: 3, 1004: 2}[status_id])(*args, **kwargs)
    fake_sdk.responses[('SoftLayer_Account', 'getTickets')] = by_status
    result = tq.run(client, {'summary': True, 'sort': 'newest', 'page_size': 100})
    assert result == {'tickets': [], 'summary': {'open': 3, 'assigned': 2, 'closed': 10000, 'total': 10005,
                                                 'open_awaiting_customer': 0}}
    assert len(fake_sdk.calls) == 3
    # The three calls run at once, so their order in the log is not fixed.
    (account_call,) = [c for c in fake_sdk.calls if c['method'] == 'getObject']
    assert 'openTicketsWaitingOnCustomerCount' in account_call['kwargs']['mask']


def test_summary_without_a_total_header_is_an_error_not_a_wrong_count(client, fake_sdk):
    fake_sdk.responses[('SoftLayer_Account', 'getObject')] = {'closedTicketCount': 1}
    fake_sdk.responses[('SoftLayer_Account', 'getTickets')] = lambda *a, **k: [raw_ticket(1)]
    with pytest.raises(tq.ApiFaultError) as caught:
        tq.run(client, {'summary': True})
    assert 'SoftLayer-Total-Items' in str(caught.value)


def test_summary_refuses_query_options():
    with pytest.raises(InvalidInputError) as caught:
        tq.run(None, {'summary': True, 'status': 'open', 'group_by_host': True})
    assert caught.value.option == 'summary'
    assert 'status, group_by_host' in str(caught.value)


def test_title_finds_both_stored_forms_and_reads_on_until_limit_tickets_match(client, fake_sdk):
    # The server's ends-with also matches 'API Question - Dead Drive' on a Hardware Issue ticket and
    # 'Old Dead Drive'; both are dropped, and paging goes on lazily until 2 tickets really match.
    hardware = {'id': 1021, 'name': 'Hardware Issue'}
    tickets = [
        raw_ticket(9, title='API Question - Dead Drive', subject=hardware),
        raw_ticket(8, title='Old Dead Drive', subject=hardware),
        raw_ticket(7, title='Hardware Issue - Dead Drive', subject=hardware),
        raw_ticket(6, title='Other', subject=hardware),
        raw_ticket(5, title='Dead Drive', subject=hardware),
        raw_ticket(4, title='Dead Drive', subject=hardware),
    ]
    fake_sdk.responses[('SoftLayer_Account', 'getTickets')] = pager(tickets)
    result = tq.run(client, {'title': 'Dead Drive', 'page_size': 2, 'limit': 2})
    assert [t['id'] for t in result['tickets']] == [7, 5]
    assert [t['title'] for t in result['tickets']] == ['Hardware Issue - Dead Drive', 'Dead Drive']
    assert len(fake_sdk.calls) == 3
    assert fake_sdk.calls[0]['kwargs']['filter']['tickets']['title'] == {'operation': '$= Dead Drive'}
