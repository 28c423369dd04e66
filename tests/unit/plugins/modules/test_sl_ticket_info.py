# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""sl_ticket_info end to end over the emulated account: options, which tickets it selects, failures."""

from __future__ import annotations

import pytest

from ansible_collections.softlayer.support.plugins.modules import sl_ticket_info
from ansible_collections.softlayer.support.tests.unit.plugins.emulated_api import SERVER_FILTERS, serve_filters, services

# Seeded tickets: 148350001 Open on web02, staff spoke last (waits on the customer); 148350002 Assigned on db01;
# 148350003 Closed on web01 and 148350004 Closed, staff spoke last on both; 148350005 Open; 148350006 Closed on
# app01; 148350007 Assigned on app02. Newest first by creation: 007, 005, 002, 001 (open), 006, 003, 004.
OPEN_WAITING, ASSIGNED_DB01, CLOSED_WEB01, CLOSED_INVOICE, OPEN_QUOTA, CLOSED_APP01, ASSIGNED_APP02 = range(148350001, 148350008)
OPEN_NEWEST_FIRST = [ASSIGNED_APP02, OPEN_QUOTA, ASSIGNED_DB01, OPEN_WAITING]
WEB02 = 1500102
RATE_LIMITED = 'SoftLayer_Exception_WebService_RateLimitExceeded'


def ids(outcome):
    return [t['id'] for t in outcome.result['tickets']]


def test_default_query_reads_open_tickets_newest_first_and_changes_nothing(run_module, emulated_api):
    outcome = run_module(sl_ticket_info, {}, sdk=emulated_api.sdk)
    assert not outcome.failed
    assert outcome.result['changed'] is False
    assert ids(outcome) == OPEN_NEWEST_FIRST
    newest = outcome.result['tickets'][0]
    assert newest['subject'] == 'OS Reload Question' and newest['status'] == 'Assigned'
    assert [d['fqdn'] for d in newest['attached_virtual_guests']] == ['app02.example.com']
    assert 'tickets_by_host' not in outcome.result
    assert emulated_api.sdk.methods_called() == ['SoftLayer_Account::getTickets']


def test_check_mode_reads_the_same(run_module, emulated_api):
    outcome = run_module(sl_ticket_info, {'_ansible_check_mode': True}, sdk=emulated_api.sdk)
    assert not outcome.failed and outcome.result['changed'] is False
    assert ids(outcome) == OPEN_NEWEST_FIRST


@pytest.mark.parametrize('status, expected', [
    ('closed', [CLOSED_APP01, CLOSED_WEB01, CLOSED_INVOICE]),
    ('all', OPEN_NEWEST_FIRST[:2] + [ASSIGNED_DB01, OPEN_WAITING, CLOSED_APP01, CLOSED_WEB01, CLOSED_INVOICE]),
])
def test_status_selects_the_closed_or_every_ticket(run_module, emulated_api, status, expected):
    assert ids(run_module(sl_ticket_info, {'status': status}, sdk=emulated_api.sdk)) == expected


def test_a_single_ticket_id_selects_that_ticket_whatever_its_status(run_module, emulated_api):
    assert ids(run_module(sl_ticket_info, {'ticket_id': CLOSED_WEB01}, sdk=emulated_api.sdk)) == [CLOSED_WEB01]
    assert ids(run_module(sl_ticket_info, {'ticket_id': [OPEN_QUOTA, CLOSED_WEB01], 'sort': 'oldest'},
                          sdk=emulated_api.sdk)) == [CLOSED_WEB01, OPEN_QUOTA]


def test_unknown_ticket_id_fails_naming_it(run_module, emulated_api):
    outcome = run_module(sl_ticket_info, {'ticket_id': [OPEN_QUOTA, 424242]}, sdk=emulated_api.sdk)
    assert outcome.failed
    assert outcome.result['msg'] == 'ticket_id 424242 not found on this account'
    assert outcome.result['option'] == 'ticket_id'


def test_group_by_host_returns_tickets_per_hostname_and_fqdn(run_module, emulated_api):
    both = emulated_api.add_ticket('Rack power', hardware=['web01'], guests=['app01'])
    outcome = run_module(sl_ticket_info, {'ticket_id': [both], 'group_by_host': True}, sdk=emulated_api.sdk)
    by_host = outcome.result['tickets_by_host']
    assert sorted(by_host) == ['app01', 'app01.example.com', 'web01', 'web01.example.com']
    assert by_host['app01'] == outcome.result['tickets'] and ids(outcome) == [both]


def test_malformed_date_fails_naming_the_option_before_any_call(run_module, emulated_api):
    outcome = run_module(sl_ticket_info, {'created_after': '31.01.2025'}, sdk=emulated_api.sdk)
    assert outcome.failed
    assert outcome.result['msg'].startswith("created_after '31.01.2025' is not an ISO 8601 date")
    assert outcome.result['option'] == 'created_after'
    assert emulated_api.sdk.calls == []


def test_created_after_selects_only_newer_tickets(run_module, emulated_api):
    outcome = run_module(sl_ticket_info, {'status': 'all', 'created_after': '2025-09-05'}, sdk=emulated_api.sdk)
    assert ids(outcome) == [ASSIGNED_APP02, OPEN_QUOTA, ASSIGNED_DB01]


def test_contradictory_options_fail(run_module, emulated_api):
    outcome = run_module(sl_ticket_info, {'ticket_id': [1], 'hardware': ['web01']}, sdk=emulated_api.sdk)
    assert outcome.failed and outcome.result['msg'] == 'parameters are mutually exclusive: ticket_id|hardware'
    outcome = run_module(sl_ticket_info, {'created_after': '2025-03-01', 'created_before': '2025-02-01'}, sdk=emulated_api.sdk)
    assert outcome.failed and 'must be earlier than created_before' in outcome.result['msg']
    assert emulated_api.sdk.calls == []


def test_ticket_id_with_query_options_names_every_conflicting_option(run_module, emulated_api):
    outcome = run_module(sl_ticket_info, {'ticket_id': [1], 'title': 'x', 'status': 'closed', 'limit': 3,
                                          'awaiting_customer': False}, sdk=emulated_api.sdk)
    assert outcome.failed
    assert outcome.result['msg'] == ('parameters are mutually exclusive: ticket_id|status, ticket_id|title, '
                                     'ticket_id|awaiting_customer, ticket_id|limit')
    assert emulated_api.sdk.calls == []


def test_ticket_id_takes_sort_include_and_grouping(run_module, emulated_api):
    outcome = run_module(sl_ticket_info, {'ticket_id': [ASSIGNED_APP02], 'sort': 'oldest', 'include_updates': True,
                                          'include_attachments': True, 'group_by_host': True, 'page_size': 50},
                         sdk=emulated_api.sdk)
    assert not outcome.failed and ids(outcome) == [ASSIGNED_APP02]
    (ticket,) = outcome.result['tickets']
    assert ticket['updates'] and [f['file_name'] for f in ticket['attached_files']] == ['dmesg-app02.txt']
    assert sorted(outcome.result['tickets_by_host']) == ['app02', 'app02.example.com']


def test_title_and_title_contains_are_mutually_exclusive(run_module, emulated_api):
    outcome = run_module(sl_ticket_info, {'title': 'a', 'title_contains': 'b'}, sdk=emulated_api.sdk)
    assert outcome.failed and outcome.result['msg'] == 'parameters are mutually exclusive: title|title_contains'
    assert emulated_api.sdk.calls == []


@pytest.mark.parametrize('params, expected', [
    ({'title_contains': 'KERNEL'}, [ASSIGNED_APP02]),
    ({'title_contains': 'kernel', 'status': 'all'}, [ASSIGNED_APP02, CLOSED_APP01]),
    ({'title': 'RAID controller battery alert'}, [ASSIGNED_DB01]),
    ({'title': 'battery alert'}, []),
    ({'subject': 'Hardware Issue'}, [ASSIGNED_DB01]),
    ({'subject': 1522}, [OPEN_QUOTA]),
])
def test_text_filters_select_the_matching_tickets(run_module, emulated_api, params, expected):
    outcome = run_module(sl_ticket_info, params, sdk=emulated_api.sdk)
    assert not outcome.failed, outcome.result.get('msg')
    assert ids(outcome) == expected


@pytest.mark.parametrize('args, accepted', [
    ({'status': 'pending'}, 'value of status must be one of: open, closed, all, got: pending'),
    ({'sort': 'random'}, 'value of sort must be one of: newest, oldest, got: random'),
    ({'last_edit_type': ['USER', 'robot']}, 'value of last_edit_type must be one or more of: USER, EMPLOYEE, AUTO. '
                                            'Got no match for: robot'),
])
def test_values_outside_the_choices_are_refused_naming_the_option_and_the_choices(run_module, emulated_api, args, accepted):
    outcome = run_module(sl_ticket_info, args, sdk=emulated_api.sdk)
    assert outcome.failed and outcome.result['msg'] == accepted
    assert emulated_api.sdk.calls == []


def test_summary_with_query_options_is_refused_naming_them(run_module, emulated_api):
    outcome = run_module(sl_ticket_info, {'summary': True, 'status': 'open', 'group_by_host': True}, sdk=emulated_api.sdk)
    assert outcome.failed and outcome.result['option'] == 'summary'
    assert 'cannot be combined with status, group_by_host' in outcome.result['msg']
    assert emulated_api.sdk.calls == []


def test_summary_counts_the_accounts_tickets(run_module, emulated_api):
    outcome = run_module(sl_ticket_info, {'summary': True}, sdk=emulated_api.sdk)
    assert outcome.result['summary'] == {'open': 2, 'assigned': 2, 'closed': 3, 'total': 7, 'open_awaiting_customer': 1}


def test_device_values_may_be_numbers_or_names(run_module, emulated_api):
    outcome = run_module(sl_ticket_info, {'hardware': [WEB02, 'web02']}, sdk=emulated_api.sdk)
    assert not outcome.failed
    assert ids(outcome) == [OPEN_WAITING]
    assert len(emulated_api.sdk.calls) == 2


def test_api_fault_fails_with_operation_and_fault_code(run_module, emulated_api):
    emulated_api.refuse('getClosedTickets', 'Access Denied.', code='SoftLayer_Exception_AccessDenied')
    outcome = run_module(sl_ticket_info, {'status': 'closed'}, sdk=emulated_api.sdk)
    assert outcome.failed
    assert outcome.result['fault_code'] == 'SoftLayer_Exception_AccessDenied'
    assert outcome.result['operation'] == 'list closed tickets'
    assert 'View Tickets' in outcome.result['msg']


def test_retries_are_returned_on_success_and_on_failure(run_module, emulated_api):
    emulated_api.refuse('getTickets', 'Rate limit exceeded.', code=RATE_LIMITED)
    outcome = run_module(sl_ticket_info, {'ticket_id': OPEN_QUOTA}, sdk=emulated_api.sdk)
    assert not outcome.failed and outcome.result['retries'] == 1
    assert ids(outcome) == [OPEN_QUOTA]
    outcome = run_module(sl_ticket_info, {'ticket_id': 424242}, sdk=emulated_api.sdk)
    assert outcome.failed and outcome.result['retries'] == 0


# -- the server narrows, the module decides (over the emulated account) --------------------------
# The real API drops a filter on a computed property (fullyQualifiedDomainName, awaitingUserResponseFlag)
# and returns the full list. Every query below must return exactly the right tickets whether the server
# drops those conditions (the emulator's default), applies them, or ignores every condition it is sent.

CACHE01_DAL10, CACHE01_FRA02 = 1500105, 1500106


@pytest.fixture(params=SERVER_FILTERS)
def account(request, emulated_api, monkeypatch):
    serve_filters(emulated_api, monkeypatch, request.param)
    return emulated_api


def found(run_module, api, **params):
    """The ids sl_ticket_info returns for ``params``, and how many API calls it made."""
    before = len(api.sdk.calls)
    outcome = run_module(sl_ticket_info, params, sdk=api.sdk)
    assert not outcome.failed, outcome.result.get('msg')
    return sorted(t['id'] for t in outcome.result['tickets']), len(api.sdk.calls) - before


def test_a_device_named_by_fqdn_selects_only_its_tickets(run_module, account):
    dal10 = account.add_ticket('Cache slow in dal10', hardware=[CACHE01_DAL10])
    fra02 = account.add_ticket('Cache slow in fra02', hardware=[CACHE01_FRA02])
    # Two servers share the hostname cache01: only the FQDN tells them apart.
    assert found(run_module, account, hardware=['cache01.fra02.example.com']) == ([fra02], 1)
    assert found(run_module, account, hardware=['CACHE01.dal10.example.com.']) == ([dal10], 1)
    assert found(run_module, account, hardware=['cache01']) == ([dal10, fra02], 1)
    assert found(run_module, account, hardware=['cache01.fra02.example.com', 'web02.example.com']) == (
        sorted([fra02, OPEN_WAITING]), 1)
    # web01's one ticket is closed: an open query finds nothing, not every open ticket.
    assert found(run_module, account, hardware=['web01.example.com']) == ([], 1)
    assert found(run_module, account, hardware=['web01.example.com'], status='all') == ([CLOSED_WEB01], 1)
    assert found(run_module, account, virtual_guests=['app02.example.com']) == ([ASSIGNED_APP02], 1)


def test_group_by_host_with_an_fqdn_keys_only_that_device(run_module, account):
    fra02 = account.add_ticket('Cache slow in fra02', hardware=[CACHE01_FRA02])
    account.add_ticket('Cache slow in dal10', hardware=[CACHE01_DAL10])
    outcome = run_module(sl_ticket_info, {'hardware': ['cache01.fra02.example.com'], 'group_by_host': True}, sdk=account.sdk)
    assert {name: [t['id'] for t in tickets] for name, tickets in outcome.result['tickets_by_host'].items()} == {
        'cache01.fra02.example.com': [fra02], 'cache01': [fra02]}


def test_awaiting_customer_selects_exactly_the_tickets_staff_wait_on(run_module, account):
    assert found(run_module, account, awaiting_customer=True) == ([OPEN_WAITING], 1)
    # Closed tickets where staff spoke last do not wait on anyone.
    assert found(run_module, account, awaiting_customer=True, status='all') == ([OPEN_WAITING], 1)
    assert found(run_module, account, awaiting_customer=False) == ([ASSIGNED_DB01, OPEN_QUOTA, ASSIGNED_APP02], 1)
    account.emulator.apply(lambda state: services.staff_update(state, OPEN_QUOTA, 'Which quota do you need?'))
    assert found(run_module, account, awaiting_customer=True) == ([OPEN_WAITING, OPEN_QUOTA], 1)
    assert found(run_module, account, awaiting_customer=True, last_edit_type=['USER']) == ([], 1)
    # An automated update after staff spoke: the flag (computed from the last update) turns off.
    account.emulator.apply(lambda state: services.staff_update(state, OPEN_QUOTA, 'Reminder sent.', editor_type='AUTO'))
    assert found(run_module, account, awaiting_customer=True) == ([OPEN_WAITING], 1)
    # With a limit, pages of that size are read until enough tickets pass (one page unless the server ignored the filter).
    assert found(run_module, account, awaiting_customer=True, hardware=['web02.example.com'], limit=1)[0] == [OPEN_WAITING]
