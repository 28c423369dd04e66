# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""result_check, the one local re-check of what a filtered list returned, and every reader that uses it.

The readers (sl_ticket's identity searches, the inventory's device lists, the event source's polls;
sl_ticket_info in tests/unit/plugins/modules/test_sl_ticket_info.py) run over the emulated account
under every way a server may treat a filter: as the real API (computed properties dropped), applying
everything, or ignoring every condition. Their answers must not change.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from ansible_collections.softlayer.support.plugins.plugin_utils import inventory_source
from ansible_collections.softlayer.support.plugins.plugin_utils import ticket_events
from ansible_collections.softlayer.support.plugins.module_utils.api.dates import filter_value, read_filter_bound
from ansible_collections.softlayer.support.plugins.module_utils.api.result_check import computed_conditions, matches, recheck
from ansible_collections.softlayer.support.plugins.module_utils.tickets.identity import DERIVED, marker_filter, title_filter
from ansible_collections.softlayer.support.plugins.module_utils.sl_ticket.sync import sync_ticket
from ansible_collections.softlayer.support.plugins.module_utils.api.object_filter import in_filter
from ansible_collections.softlayer.support.tests.unit.plugins.emulated_api import SERVER_FILTERS, serve_filters, services

TICKET = {
    'id': 7, 'title': 'Hardware Issue - Dead Drive', 'statusId': 1001, 'subjectId': 1021,
    'subject': {'id': 1021, 'name': 'Hardware Issue'}, 'lastEditType': 'EMPLOYEE',
    'createDate': '2025-01-31T10:00:00-06:00', 'modifyDate': '2025-02-01T16:00:00+00:00', 'priority': '',
    'attachedHardware': [{'id': 1, 'hostname': 'web01', 'domain': 'example.com'},
                         {'id': 2, 'hostname': 'db01', 'domain': 'example.org'}],
    'attachedVirtualGuests': [],
    'updates': [{'id': 12, 'createDate': '2025-01-31T10:05:00-06:00', 'entry': 'second'},
                {'id': 11, 'createDate': '2025-01-31T10:00:00-06:00', 'entry': 'body\n\nref: sl-ticket-abc.1'}],
}


def op(operation):
    return {'operation': operation}


def date(operation, **values):
    return {'operation': operation, 'options': [{'name': name, 'value': [value]} for name, value in values.items()]}


@pytest.mark.parametrize('branch, expected', [
    ({}, True),
    ({'id': in_filter([7, 8])}, True),
    ({'id': in_filter([8])}, False),
    ({'statusId': in_filter(['1001'])}, True),              # numbers compare as numbers, sent as text or not
    ({'lastEditType': in_filter(['employee'])}, True),      # text in any case
    ({'subjectId': op(1021)}, True),
    ({'subjectId': op(1022)}, False),
    ({'title': op('$= dead drive')}, True),
    ({'title': op('*= issue - dead')}, True),
    ({'title': op('^= dead')}, False),
    ({'subject': {'name': op('_= hardware issue')}}, True),
    ({'subject': {'name': op('_= hardware')}}, False),
    ({'priority': op(0)}, False),                           # an XML-RPC null ('') satisfies nothing
    ({'assignedUser': {'id': op(1)}}, False),               # nor does an absent property or relation
    ({'createDate': {'operation': 'orderBy', 'options': [{'name': 'sort', 'value': ['DESC']}]}}, True),
    # Through a list relation, one element satisfies every condition under it.
    ({'attachedHardware': {'hostname': in_filter(['web01']), 'domain': in_filter(['example.com'])}}, True),
    ({'attachedHardware': {'hostname': in_filter(['web01']), 'domain': in_filter(['example.org'])}}, False),
    ({'attachedVirtualGuests': {'id': in_filter([1])}}, False),
])
def test_conditions_are_evaluated_as_the_user_means_them(branch, expected):
    assert matches(TICKET, branch) is expected


# createDate is 16:00 UTC on 01/31, modifyDate 16:00 UTC on 02/01. A bound is read as the widest any zone
# may read it (lower bounds at +15:00, upper at -13:00: the zones in use and a switch hour), so the local
# check keeps whatever a server in any zone rightly returned; the exact bounds are the caller's accept().
@pytest.mark.parametrize('branch, expected', [
    ({'createDate': date('greaterThanDate', date='02/01/2025 06:59:59')}, True),
    ({'createDate': date('greaterThanDate', date='02/01/2025 07:00:00')}, False),   # exclusive, like the bound meant
    ({'createDate': date('lessThanDate', date='01/31/2025 03:00:01')}, True),
    ({'createDate': date('lessThanDate', date='01/31/2025 03:00:00')}, False),
    ({'modifyDate': date('betweenDate', startDate='02/02/2025 07:00:00', endDate='02/01/2025 03:00:00')}, True),
    ({'modifyDate': date('betweenDate', startDate='02/02/2025 07:00:01', endDate='02/01/2025 03:00:00')}, False),
])
def test_date_conditions_compare_instants_with_the_widest_reading_of_the_bound(branch, expected):
    assert matches(TICKET, branch) is expected


@pytest.mark.parametrize('seen', [(), (timedelta(hours=-8),), (timedelta(hours=1),)])
def test_a_bound_as_written_is_read_back_no_narrower_than_meant(seen):
    moment = datetime(2025, 3, 9, 14, 30, tzinfo=timezone.utc)
    assert read_filter_bound(filter_value(moment, 'lower', seen), 'lower') <= moment
    assert read_filter_bound(filter_value(moment, 'upper', seen), 'upper') >= moment


def test_the_marker_condition_reads_the_first_update_from_the_updates():
    assert matches(TICKET, marker_filter('sl-ticket-abc')['tickets'], derived=DERIVED)
    assert not matches(TICKET, marker_filter('second')['tickets'], derived=DERIVED)
    assert not matches(dict(TICKET, statusId=1002), marker_filter('sl-ticket-abc')['tickets'], derived=DERIVED)
    assert matches(TICKET, title_filter('Dead Drive', subject='hardware issue')['tickets'])
    assert not matches(TICKET, title_filter('Dead Drive', subject=1022)['tickets'])


def test_recheck_keeps_order_and_applies_the_extra_check_lazily():
    records = [dict(TICKET, id=i, statusId=1001 if i % 2 else 1002) for i in range(1, 8)]
    kept = recheck(iter(records), {'tickets': {'statusId': in_filter([1001])}}, accept=lambda raw: raw['id'] != 3)
    assert next(kept)['id'] == 1
    assert [raw['id'] for raw in kept] == [5, 7]
    assert [raw['id'] for raw in recheck(records, None)] == list(range(1, 8))


@pytest.mark.parametrize('branch, words', [
    ({'title': op('!= x')}, "no rule for the operation '!= x' on title"),
])
def test_a_condition_it_cannot_check_is_an_error_not_a_pass(branch, words):
    with pytest.raises(ValueError, match=words):
        matches(TICKET, branch)


def test_computed_conditions_are_found_at_any_depth():
    assert computed_conditions({'tickets': {'awaitingUserResponseFlag': op(1),
                                            'attachedHardware': {'fullyQualifiedDomainName': op('a.b')}}}) == [
        'tickets.awaitingUserResponseFlag', 'tickets.attachedHardware.fullyQualifiedDomainName']
    assert computed_conditions(title_filter('x')) == computed_conditions(marker_filter('y')) == []


# -- every reader, whatever the server does with the filter -------------------------------------

@pytest.fixture(params=SERVER_FILTERS)
def account(request, emulated_api, monkeypatch):
    serve_filters(emulated_api, monkeypatch, request.param)
    return emulated_api


CREATE = {'title': 'Disk failure on web01', 'subject': 'Hardware Issue', 'body': 'Disk 0 failed.', 'hardware': ['web01']}


def test_sl_ticket_leaves_its_closed_ticket_alone_and_finds_the_open_one(account, emulated_client, tmp_path):
    first = sync_ticket(emulated_client, CREATE, lock_dir=str(tmp_path))
    # Staff closed it: same title, same marker, and older than any new one.
    account.emulator.apply(lambda state: services.set_status(state, first['ticket']['id'], 'Closed'))
    second = sync_ticket(emulated_client, CREATE, lock_dir=str(tmp_path))
    assert second['created'] is True and second['ticket']['id'] != first['ticket']['id']
    before = len(account.sdk.calls)
    again = sync_ticket(emulated_client, CREATE, lock_dir=str(tmp_path))
    assert again['changed'] is False and again['ticket']['id'] == second['ticket']['id']
    assert [c['method'] for c in account.sdk.calls[before:]] == ['getTickets', 'getTickets']


def test_the_inventory_lists_only_the_devices_asked_for(account, emulated_client):
    def names(**options):
        return sorted(h['sl_fqdn'] for h in inventory_source.fetch_hosts(emulated_client, inventory_source.query_settings(options)))
    assert names(datacenters=['fra02']) == ['cache01.fra02.example.com', 'worker01.example.com']
    assert names(hostname_pattern='cache*', include=['hardware']) == ['cache01.dal10.example.com', 'cache01.fra02.example.com']
    assert names(tags=['web'], datacenters=['dal10'], include=['hardware']) == ['web01.example.com', 'web02.example.com']


def test_the_event_source_knows_only_open_tickets_and_reports_only_what_changed(account, emulated_client):
    watcher = ticket_events.TicketWatcher(emulated_client, ticket_events.parse_args({'username': 'u', 'api_key': 'k'}))
    watcher.poll()
    assert sorted(watcher.state['tickets']) == ['148350001', '148350002', '148350005', '148350007']
    account.emulator.apply(lambda state: services.staff_update(state, 148350005, 'Which quota do you need?'))
    events = [step.event for step in watcher.poll() if step.event is not None]
    assert [(e['type'], e['ticket']['id']) for e in events] == [('staff_update', 148350005)]
