# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ticket_query without Ansible's runner: option checks, which tickets a query selects on the emulated account,
paging, grouping (dates: test_api_dates)."""

from __future__ import annotations

import pytest

from ansible_collections.softlayer.support.plugins.module_utils.sl_ticket_info import query as tq
from ansible_collections.softlayer.support.plugins.module_utils.api.errors import InvalidInputError
from ansible_collections.softlayer.support.plugins.module_utils.api.result_check import computed_conditions
from ansible_collections.softlayer.support.tests.unit.plugins.emulated_api import SERVER_FILTERS, serve_filters, services

# Seeded tickets (tests/emulator/sl_emulator/data/seed.json): 148350001 Open on web02, staff spoke last;
# 148350002 Assigned on db01 (Hardware Issue); 148350003 Closed on web01; 148350004 Closed; 148350005 Open
# (API Question); 148350006 Closed on app01; 148350007 Assigned on app02.
OPEN_WAITING, ASSIGNED_DB01, CLOSED_WEB01, CLOSED_INVOICE, OPEN_QUOTA, CLOSED_APP01, ASSIGNED_APP02 = range(148350001, 148350008)
SEEDED_OPEN_NEWEST_FIRST = [ASSIGNED_APP02, OPEN_QUOTA, ASSIGNED_DB01, OPEN_WAITING]
DB01 = 1500103


def query(**params):
    return tq.parse_query(params)


def device(dev_id, hostname, domain='example.com'):
    return {'id': dev_id, 'hostname': hostname, 'domain': domain, 'fullyQualifiedDomainName': '%s.%s' % (hostname, domain)}


def raw_ticket(ticket_id, hardware=(), guests=()):
    """A ticket as read, for the pure grouping functions."""
    return {'id': ticket_id, 'title': 'ticket %d' % ticket_id, 'subjectId': 1021, 'statusId': 1001,
            'status': {'id': 1001, 'name': 'Open'}, 'createDate': '2025-01-01T10:00:00-06:00',
            'attachedHardware': list(hardware), 'attachedVirtualGuests': list(guests)}


@pytest.fixture(params=SERVER_FILTERS)
def account(request, emulated_api, monkeypatch):
    """The emulated account, whichever way its server treats object filters: the selection must not change."""
    serve_filters(emulated_api, monkeypatch, request.param)
    return emulated_api


def selected(client, **params):
    """The ids of the tickets the query returns, in its order."""
    return [t['id'] for t in tq.run(client, params)['tickets']]


def opened(api, count, **ticket):
    """``count`` tickets opened on the account now, oldest first."""
    return [api.add_ticket('ticket %d' % n, **ticket) for n in range(count)]


def pages(api):
    return [(c['kwargs']['offset'], c['kwargs']['limit']) for c in api.sdk.calls if c['method'] != 'getAllObjects']


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


def test_open_query_selects_open_and_assigned_tickets_newest_first(emulated_client, account):
    assert selected(emulated_client) == SEEDED_OPEN_NEWEST_FIRST
    assert selected(emulated_client, sort='oldest') == SEEDED_OPEN_NEWEST_FIRST[::-1]


def test_every_content_filter_must_hold(emulated_client, account):
    # The title is found stored as given or as '<subject> - <title>'; text that looks like an operator is literal.
    wanted = account.add_ticket('Disk > full', create_date='2025-06-01T10:00:00-06:00')
    prefixed = account.add_ticket('Hardware Issue - Disk > full', status='Closed', create_date='2025-06-02T10:00:00-06:00')
    account.add_ticket('Disk > full', subject_id=1522, create_date='2025-06-03T10:00:00-06:00')
    account.add_ticket('Disk > full', create_date='2024-12-31T10:00:00-06:00')
    account.add_ticket('Disk > fullness', create_date='2025-06-04T10:00:00-06:00')
    params = dict(status='all', title='Disk > full', subject='1021', created_after='2025-01-01')
    assert selected(emulated_client, **params) == [prefixed, wanted]
    assert selected(emulated_client, sort='oldest', **params) == [wanted, prefixed]
    assert selected(emulated_client, **{**params, 'status': 'open'}) == [wanted]
    assert selected(emulated_client, **{**params, 'created_before': '2025-06-02'}) == [wanted]


def test_modified_after_selects_tickets_changed_since(emulated_client, account):
    assert selected(emulated_client, status='all', modified_after='2025-10-15') == [ASSIGNED_APP02]
    account.emulator.apply(lambda state: services.staff_update(state, CLOSED_INVOICE, 'One more thing.'))
    assert selected(emulated_client, status='all', modified_after='2025-10-15') == [ASSIGNED_APP02, CLOSED_INVOICE]


def test_title_contains_selects_tickets_with_the_text_anywhere(emulated_client, account):
    assert selected(emulated_client, title_contains=' kernel ', status='all') == [ASSIGNED_APP02, CLOSED_APP01]
    assert selected(emulated_client, title_contains='kernel panic') == [ASSIGNED_APP02]


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


def test_device_names_select_their_tickets_whatever_the_case(emulated_client, account):
    on_web01 = account.add_ticket('Fan noise', hardware=['web01'])
    assert selected(emulated_client, hardware=['Web02', 'DB01.Example.com.', 'web01']) == [
        on_web01, ASSIGNED_DB01, OPEN_WAITING]


def test_one_kind_of_device_value_selects_tickets_on_any_of_them(emulated_client, account):
    on_web01 = account.add_ticket('Fan noise', hardware=['web01'])
    account.add_ticket('Other noise', hardware=['web01'])
    assert selected(emulated_client, hardware=['web01', 'db01', 'web01'], title='Fan noise') == [on_web01]
    assert selected(emulated_client, hardware=['web01', 'db01']) == sorted(
        [on_web01, on_web01 + 1], reverse=True) + [ASSIGNED_DB01]


def test_mixed_device_values_select_by_id_hostname_and_fqdn_of_both_kinds(emulated_client, account):
    on_cache_fra = account.add_ticket('Cache slow', hardware=[1500106])
    account.add_ticket('Cache slow too', hardware=[1500105])
    on_app01 = account.add_ticket('App slow', guests=['app01'])
    # An FQDN goes as hostname and domain (fullyQualifiedDomainName is computed, and the API drops filters on it).
    assert selected(emulated_client, hardware=['web02', 'cache01.fra02.example.com', DB01],
                    virtual_guests=['app01.example.com']) == [on_app01, on_cache_fra, ASSIGNED_DB01, OPEN_WAITING]


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


# --------------------------------------------------------------------------- reading


def test_paging_across_boundaries_reads_each_ticket_once_in_ceil_n_over_page_size_calls(emulated_client, emulated_api):
    new = opened(emulated_api, 19)
    assert selected(emulated_client, page_size=5) == new[::-1] + SEEDED_OPEN_NEWEST_FIRST
    assert pages(emulated_api) == [(0, 5), (5, 5), (10, 5), (15, 5), (20, 5)]
    calls = emulated_api.sdk.calls
    assert all(c['filter'] == calls[0]['filter'] for c in calls)


def test_limit_stops_paging_early(emulated_client, emulated_api):
    new = opened(emulated_api, 47, status='Closed')
    assert selected(emulated_client, status='closed', page_size=4, limit=6) == new[:-7:-1]
    # Whole pages: every ticket is checked again locally, and one left out means reading on.
    assert pages(emulated_api) == [(0, 4), (4, 4)]


def test_a_limit_below_the_page_size_reads_pages_of_limit_tickets(emulated_client, emulated_api):
    assert selected(emulated_client, status='all', limit=3) == SEEDED_OPEN_NEWEST_FIRST[:2] + [ASSIGNED_DB01]
    assert pages(emulated_api) == [(0, 3)]


def test_mask_widens_in_the_same_call_for_updates_and_attachments(emulated_client, emulated_api):
    emulated_api.add_ticket('Fan noise', entries=('hi',), files=('fan.log',), emails=('ops@example.com',))
    result = tq.run(emulated_client, {'status': 'all', 'limit': 1, 'include_updates': True, 'include_attachments': True})
    (call,) = emulated_api.sdk.calls
    assert 'updates[' in call['mask'] and 'attachedFiles[' in call['mask']
    (ticket,) = result['tickets']
    assert [u['entry'] for u in ticket['updates']] == ['hi']
    assert [f['file_name'] for f in ticket['attached_files']] == ['fan.log']
    without = tq.run(emulated_client, {'status': 'all', 'limit': 1})['tickets'][0]
    assert 'updates' not in without and 'attached_files' not in without


def test_subject_is_resolved_once_then_selects_its_tickets(emulated_client, account):
    assert selected(emulated_client, subject='hardware issue') == [ASSIGNED_DB01]
    assert selected(emulated_client, subject='API Question', status='all') == [OPEN_QUOTA]
    assert [c['method'] for c in account.sdk.calls] == ['getAllObjects', 'getTickets'] * 2


def test_unknown_subject_fails_with_close_matches_before_any_ticket_call(emulated_client, emulated_api):
    with pytest.raises(InvalidInputError) as caught:
        tq.run(emulated_client, {'subject': 'Hardwre Issue'})
    assert "did you mean 'Hardware Issue'" in str(caught.value)
    assert emulated_api.sdk.methods_called() == ['SoftLayer_Ticket_Subject::getAllObjects']


def test_mixed_device_kinds_are_merged_in_order_without_duplicates(emulated_client, account):
    first_web, first_db = account.add_ticket('a', hardware=['web01']), account.add_ticket('b', hardware=['db01'])
    both = account.add_ticket('c', hardware=['web01', 'db01'])
    last_web, last_db = account.add_ticket('d', hardware=['web01']), account.add_ticket('e', hardware=['db01'])
    result = tq.run(emulated_client, {'hardware': ['web01', 'db01.example.com'], 'group_by_host': True})
    assert [t['id'] for t in result['tickets']] == [last_db, last_web, both, first_db, first_web, ASSIGNED_DB01]
    assert len(account.sdk.calls) == 2
    assert [t['id'] for t in result['tickets_by_host']['db01.example.com']] == [last_db, both, first_db, ASSIGNED_DB01]
    assert [t['id'] for t in result['tickets_by_host']['web01']] == [last_web, both, first_web]
    assert 'db01' in result['tickets_by_host']


def test_mixed_device_kinds_honour_limit_across_the_merge(emulated_client, account):
    new = [account.add_ticket('t%d' % n, hardware=['db01' if n % 2 else 'web01']) for n in range(10)]
    assert selected(emulated_client, hardware=[DB01, 'web01'], limit=5, page_size=2) == new[:-6:-1]


def test_empty_device_list_returns_nothing_without_calls(emulated_client, emulated_api):
    assert tq.run(emulated_client, {'virtual_guests': [], 'group_by_host': True}) == {'tickets': [], 'tickets_by_host': {}}
    assert emulated_api.sdk.calls == []


def test_ticket_ids_are_read_with_one_call_and_sorted(emulated_client, emulated_api):
    assert selected(emulated_client, ticket_id=[CLOSED_WEB01, OPEN_WAITING], sort='newest') == [OPEN_WAITING, CLOSED_WEB01]
    assert pages(emulated_api) == [(0, 2)]


def test_ticket_ids_chunk_by_page_size(emulated_client, emulated_api):
    every = list(range(OPEN_WAITING, ASSIGNED_APP02 + 1))
    assert sorted(selected(emulated_client, ticket_id=every, page_size=3)) == every
    assert len(emulated_api.sdk.calls) == 3


def test_unknown_ticket_ids_are_named(emulated_client, emulated_api):
    with pytest.raises(InvalidInputError) as caught:
        tq.run(emulated_client, {'ticket_id': [OPEN_QUOTA, 404, 405]})
    assert str(caught.value) == 'ticket_id 404, 405 not found on this account'
    assert caught.value.details() == {'option': 'ticket_id'}


def test_empty_ticket_id_list_makes_no_call(emulated_client, emulated_api):
    assert tq.run(emulated_client, {'ticket_id': []}) == {'tickets': []}
    assert emulated_api.sdk.calls == []


def test_transient_failure_on_a_page_is_retried_and_nothing_is_lost(emulated_client, emulated_api):
    new = opened(emulated_api, 2)
    # The connection drops on the second page: the read is made again, the tickets are all there once.
    emulated_api.on('getTickets', lambda call: emulated_api.lose('getTickets', landed=False), when='after')
    assert selected(emulated_client, page_size=3) == new[::-1] + SEEDED_OPEN_NEWEST_FIRST
    assert [offset for offset, _limit in pages(emulated_api)] == [0, 3, 3]


def test_date_filtered_query_pages_by_id_but_returns_creation_order(emulated_client, account):
    # ids and creation dates disagree: the API pages by id, the result is still newest first by date.
    early = account.add_ticket('early', create_date='2026-01-05T00:00:00-06:00')
    late = account.add_ticket('late', create_date='2026-01-09T00:00:00-06:00')
    middle = account.add_ticket('middle', create_date='2026-01-07T00:00:00-06:00')
    assert selected(emulated_client, status='all', created_after='2026-01-01', page_size=2) == [late, middle, early]


# --------------------------------------------------------------------------- lifecycle filters and summary


def test_last_edit_type_selects_by_who_spoke_last(emulated_client, account):
    assert selected(emulated_client, last_edit_type=['employee']) == [OPEN_WAITING]
    assert selected(emulated_client, last_edit_type=['USER', 'AUTO']) == [ASSIGNED_APP02, OPEN_QUOTA, ASSIGNED_DB01]
    assert selected(emulated_client, last_edit_type=['EMPLOYEE'], status='closed') == [CLOSED_WEB01, CLOSED_INVOICE]


def test_awaiting_customer_is_never_sent_as_a_filter_on_the_computed_flag():
    # awaitingUserResponseFlag is computed (the API drops a filter on it): lastEditType narrows, the flag is checked here.
    for params in ({'awaiting_customer': True, 'last_edit_type': ['AUTO']}, {'awaiting_customer': False}):
        (object_filter,) = tq.build_filters(query(**params), 'openTickets')
        assert 'awaitingUserResponseFlag' not in object_filter['openTickets']


@pytest.mark.parametrize('params', [
    {'hardware': ['web01.example.com', 'web01', 7], 'virtual_guests': ['app01.example.com']},
    {'awaiting_customer': True}, {'awaiting_customer': False, 'last_edit_type': ['USER']},
    {'title': 'x', 'subject': 'y', 'created_after': '2025-01-01', 'modified_after': '2025-01-02', 'status': 'all'},
])
def test_no_filter_is_sent_on_a_computed_property(params):
    for object_filter in tq.build_filters(query(**params), 'tickets', subject_id=1021):
        assert computed_conditions(object_filter) == []


def test_priority_selects_tickets_by_their_stored_priority(emulated_client, account):
    # Seeded priorities: 3 on 148350001, 148350004 and 148350007, 0 on the others.
    assert selected(emulated_client, priority=[3], status='all') == [ASSIGNED_APP02, OPEN_WAITING, CLOSED_INVOICE]
    assert selected(emulated_client, priority=[0, 3]) == [ASSIGNED_APP02, OPEN_QUOTA, ASSIGNED_DB01, OPEN_WAITING]
    assert selected(emulated_client, priority=[1, 2]) == []


def test_priority_is_sent_as_an_in_filter_and_refused_when_empty():
    (object_filter,) = tq.build_filters(query(priority=[2, 1, 2]), 'tickets')
    assert object_filter['tickets']['priority'] == {'operation': 'in', 'options': [{'name': 'data', 'value': [2, 1]}]}
    with pytest.raises(InvalidInputError) as caught:
        query(priority=[])
    assert caught.value.option == 'priority'


def test_an_empty_last_edit_type_list_is_refused_naming_the_option():
    with pytest.raises(InvalidInputError) as caught:
        query(last_edit_type=[])
    assert caught.value.option == 'last_edit_type'


def test_summary_takes_three_calls_from_the_api_counts(emulated_client, emulated_api):
    result = tq.run(emulated_client, {'summary': True, 'sort': 'newest', 'page_size': 100})
    assert result == {'tickets': [], 'summary': {'open': 2, 'assigned': 2, 'closed': 3, 'total': 7,
                                                 'open_awaiting_customer': 1}}
    assert len(emulated_api.sdk.calls) == 3
    # The three calls run at once, so their order in the log is not fixed.
    (account_call,) = [c for c in emulated_api.sdk.calls if c['method'] == 'getObject']
    assert 'openTicketsWaitingOnCustomerCount' in account_call['mask']
    opened(emulated_api, 3, status='Assigned')
    assert tq.run(emulated_client, {'summary': True})['summary']['assigned'] == 5


def test_summary_without_a_total_header_is_an_error_not_a_wrong_count(emulated_client, emulated_api, monkeypatch):
    exchange = emulated_api.exchange

    def without_total(request, timeout):
        status, body, headers = exchange(request, timeout)
        return status, body, {name: value for name, value in headers.items() if name != 'SoftLayer-Total-Items'}
    monkeypatch.setattr(emulated_api, 'exchange', without_total)
    with pytest.raises(tq.ApiFaultError) as caught:
        tq.run(emulated_client, {'summary': True})
    assert 'SoftLayer-Total-Items' in str(caught.value)


def test_summary_refuses_query_options():
    with pytest.raises(InvalidInputError) as caught:
        tq.run(None, {'summary': True, 'status': 'open', 'group_by_host': True})
    assert caught.value.option == 'summary'
    assert 'status, group_by_host' in str(caught.value)


def test_title_finds_both_stored_forms_and_reads_on_until_limit_tickets_match(emulated_client, emulated_api):
    # The server's ends-with also matches 'API Question - Dead Drive' on a Hardware Issue ticket and
    # 'Old Dead Drive'; both are dropped, and paging goes on lazily until 2 tickets really match.
    older, old = emulated_api.add_ticket('Dead Drive'), emulated_api.add_ticket('Dead Drive')
    emulated_api.add_ticket('Other')
    prefixed = emulated_api.add_ticket('Hardware Issue - Dead Drive')
    emulated_api.add_ticket('Old Dead Drive')
    emulated_api.add_ticket('API Question - Dead Drive')
    result = tq.run(emulated_client, {'title': 'Dead Drive', 'page_size': 2, 'limit': 2})
    assert [t['id'] for t in result['tickets']] == [prefixed, old]
    assert [t['title'] for t in result['tickets']] == ['Hardware Issue - Dead Drive', 'Dead Drive']
    assert len(emulated_api.sdk.calls) == 2
    assert selected(emulated_client, title='Dead Drive') == [prefixed, old, older]
