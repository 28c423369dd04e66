"""Tests for the emulator's object-filter engine and result paging."""

from datetime import datetime, timedelta, timezone

import pytest

from fakes import FakeNode
from sl_emulator.faults import ApiFault
from sl_emulator.objectfilter import apply_filter, paginate, validate_filter

CENTRAL = timezone(timedelta(hours=-6))
NOW = datetime(2026, 2, 10, 12, 0, tzinfo=CENTRAL)


def status(name):
    return FakeNode('SoftLayer_Ticket_Status', {'id': {'Open': 1001, 'Assigned': 1002, 'Closed': 1004}[name], 'name': name})


def hardware(hostname):
    return FakeNode('SoftLayer_Hardware', {'id': len(hostname), 'hostname': hostname})


def update(update_id, entry):
    return FakeNode('SoftLayer_Ticket_Update', {'id': update_id, 'entry': entry})


def ticket(fields, state, servers=(), updates=()):
    """A SoftLayer_Ticket from (id, title, priority, createDate, serviceProviderResourceId[, assignedUserId])."""
    ticket_id, title, priority, created, resource, assigned_user_id = (tuple(fields) + (None,))[:6]
    updates = list(updates)
    return FakeNode(
        'SoftLayer_Ticket',
        {'id': ticket_id, 'title': title, 'priority': priority, 'createDate': created,
         'serviceProviderResourceId': resource, 'assignedUserId': assigned_user_id, 'notifyUserOnUpdateFlag': ticket_id % 2 == 1},
        {'status': status(state), 'attachedHardware': [hardware(name) for name in servers],
         'firstUpdate': updates[0] if updates else None, 'updates': updates, 'updateCount': len(updates),
         'assignedUser': None},
    )


TICKETS = [
    ticket((1, 'Disk failure on db01', 2, '2026-01-05T10:00:00-06:00', 'CS100', 77), 'Open', ['db01'],
           [update(11, 'marker: abc-123'), update(12, 'More info')]),
    ticket((2, 'Network slow', 1, '2026-01-20T08:30:00-06:00', 'CS200'), 'Assigned', ['web01', 'web02'],
           [update(21, 'More logs attached')]),
    ticket((3, 'disk replaced', 3, '2025-12-31T23:30:00-06:00', 'CS150', 78), 'Closed'),
    ticket((4, 'API question', 10, '2026-02-01T00:00:00+00:00', 'cs300'), 'Open', ['db02'], [update(41, 'Hello')]),
]


def ids(tree, tickets=None, now=NOW):
    return [node.local()['id'] for node in apply_filter(TICKETS if tickets is None else tickets, tree, now=now)]


def op(operation, *options):
    leaf = {'operation': operation}
    if options:
        leaf['options'] = [{'name': name, 'value': value} for name, value in options]
    return leaf


# --------------------------------------------------------------------------- validation


@pytest.mark.parametrize('bad', [
    'title',
    ['title'],
    {'title': 'Network slow'},
    {'title': None},
    {'title': {}},
    {'status': {'name': 'Open'}},
    {'title': {'operation': 'x', 'value': 'y'}},
    {'title': {'options': [{'name': 'data', 'value': ['x']}]}},
    {'title': {'operation': None}},
    {'title': {'operation': True}},
    {'title': {'operation': ['x']}},
    {'title': {'operation': 'in', 'options': {'name': 'data'}}},
    {'title': {'operation': 'in', 'options': [{'value': ['x']}]}},
    {'title': {'operation': 'in', 'options': ['data']}},
    {'': {'operation': 'x'}},
])
def test_invalid_structures_raise(bad):
    with pytest.raises(ApiFault) as excinfo:
        validate_filter(bad)
    assert excinfo.value.code == 'SoftLayer_Exception_Public'
    assert excinfo.value.message.startswith('Invalid object filter')
    with pytest.raises(ApiFault):
        apply_filter(TICKETS, bad)


@pytest.mark.parametrize('good', [
    {},
    {'title': {'operation': 'x'}},
    {'id': {'operation': 5}},
    {'title': {'operation': 'x', 'options': None}},
    {'status': {'name': op('in', ('data', ['Open']))}},
])
def test_valid_structures_pass(good):
    validate_filter(good)


def test_invalid_leaf_message_names_the_path():
    with pytest.raises(ApiFault) as excinfo:
        validate_filter({'status': {'name': 'Open'}})
    assert "'status.name'" in excinfo.value.message


def test_no_filter_keeps_everything_in_order():
    assert ids(None) == [1, 2, 3, 4]
    assert ids({}) == [1, 2, 3, 4]


# --------------------------------------------------------------------------- literal operators


@pytest.mark.parametrize('tree, expected', [
    ({'title': op('Network slow')}, [2]),
    ({'title': op('network slow')}, []),
    ({'title': op('  Network slow  ')}, [2]),
    ({'id': op(2)}, [2]),
    ({'id': op('3')}, [3]),
    ({'priority': op(2.0)}, [1]),
    ({'notifyUserOnUpdateFlag': op(1)}, [1, 3]),
    ({'title': op(2)}, []),
    ({'status': {'name': op('!= Open')}}, [2, 3]),
    ({'status': {'name': op('!=Open')}}, [2, 3]),
    ({'id': op('!= 2')}, [1, 3, 4]),
    ({'priority': op('> 2')}, [3, 4]),
    ({'priority': op('>2')}, [3, 4]),
    ({'priority': op('>= 2')}, [1, 3, 4]),
    ({'priority': op('< 3')}, [1, 2]),
    ({'priority': op('<= 3')}, [1, 2, 3]),
    ({'priority': op('< 9')}, [1, 2, 3]),
    ({'serviceProviderResourceId': op('> CS150')}, [2, 4]),
    ({'serviceProviderResourceId': op('<= CS150')}, [1, 3]),
    ({'createDate': op('> 01/10/2026')}, [2, 4]),
    ({'createDate': op('>= 2026-01-05T10:00:00-06:00')}, [1, 2, 4]),
    ({'createDate': op('< 2026-01-05T16:00:00Z')}, [3]),
    ({'title': op('^= disk')}, [1, 3]),
    ({'title': op('^=DISK')}, [1, 3]),
    ({'title': op('!^= disk')}, [2, 4]),
    ({'title': op('$= DB01')}, [1]),
    ({'title': op('!$= db01')}, [2, 3, 4]),
    ({'title': op('*= SLOW')}, [2]),
    ({'title': op('!*= disk')}, [2, 4]),
    ({'serviceProviderResourceId': op('_= CS300')}, [4]),
    ({'serviceProviderResourceId': op('_=cs100')}, [1]),
    ({'title': op('~ ^[A-Z][a-z]+ [a-z]+$')}, [2]),
    ({'title': op('~ disk')}, [3]),
    ({'title': op('!~ [0-9]')}, [2, 3, 4]),
    ({'assignedUserId': op('is null')}, [2, 4]),
    ({'assignedUserId': op('IS NULL')}, [2, 4]),
    ({'assignedUserId': op('not null')}, [1, 3]),
    ({'assignedUserId': op('!= 77')}, [3]),
    ({'assignedUserId': op('!*= 7')}, []),
    ({'updateCount': op('>= 1')}, [1, 2, 4]),
])
def test_literal_operators(tree, expected):
    assert ids(tree) == expected


def test_relative_dates():
    assert ids({'createDate': op('> sysdate - 30')}) == [2, 4]
    assert ids({'createDate': op('>= currentDate - 37')}) == [1, 2, 4]
    assert ids({'createDate': op('< SYSDATE - 40')}) == [3]
    assert ids({'createDate': op('<= sysdate')}) == [1, 2, 3, 4]
    assert ids({'createDate': op('> sysdate + 1')}) == []
    assert ids({'createDate': op('> sysdate - 0.5')}, now=datetime(2026, 1, 20, 14, 0, tzinfo=CENTRAL)) == [2, 4]


def test_relative_dates_accept_naive_now_as_api_time():
    assert ids({'createDate': op('>= sysdate')}, now=datetime(2026, 1, 31, 18, 0)) == [4]
    assert ids({'createDate': op('>= sysdate')}, now=datetime(2026, 1, 31, 18, 1)) == []


def test_relative_dates_default_to_the_real_clock():
    recent = ticket((9, 'new', 0, datetime.now(timezone.utc).isoformat(), 'CS900'), 'Open')
    assert ids({'createDate': op('> sysdate - 1')}, tickets=TICKETS + [recent], now=None) == [9]


# --------------------------------------------------------------------------- operators with options


@pytest.mark.parametrize('tree, expected', [
    ({'status': {'name': op('in', ('data', ['Open', 'Assigned']))}}, [1, 2, 4]),
    ({'id': op('in', ('data', [2, '4', 99]))}, [2, 4]),
    ({'id': op('in', ('data', 3))}, [3]),
    ({'status': {'name': op('not in', ('data', ['Open', 'Assigned']))}}, [3]),
    ({'assignedUserId': op('not in', ('data', [77]))}, [3]),
    ({'title': op('or', ('data', ['^= disk', '*= question']))}, [1, 3, 4]),
    ({'priority': op('and', ('data', ['>= 2', '<= 3']))}, [1, 3]),
    ({'priority': op('or', ('data', [1, '> 5']))}, [2, 4]),
])
def test_option_operators(tree, expected):
    assert ids(tree) == expected


@pytest.mark.parametrize('tree, expected', [
    ({'createDate': op('isDate', ('date', ['01/05/2026']))}, [1]),
    ({'createDate': op('isDate', ('date', ['12/31/2025']))}, [3]),
    ({'createDate': op('isDate', ('date', ['01/01/2026']))}, []),
    ({'createDate': op('isDate', ('date', ['01/31/2026']))}, [4]),
    ({'createDate': op('isDate', ('date', ['01/05/2026 10:00:00']))}, [1]),
    ({'createDate': op('isDate', ('date', ['01/05/2026 10:00:01']))}, []),
    ({'createDate': op('isDate', ('date', ['2026-01-05T16:00:00+00:00']))}, [1]),
    ({'createDate': op('isDate', ('date', ['1/5/26']))}, [1]),
    ({'createDate': op('lessThanDate', ('date', ['01/05/2026 10:00:00']))}, [3]),
    ({'createDate': op('lessThanDate', ('date', ['01/05/2026 10:00:01']))}, [1, 3]),
    ({'createDate': op('greaterThanDate', ('date', ['01/20/2026 08:30:00']))}, [4]),
    ({'createDate': op('greaterThanDate', ('date', ['2026-01-31T23:59:59Z']))}, [4]),
    ({'createDate': op('greaterThanDate', ('date', ['2026-02-01T00:00:00Z']))}, []),
    ({'createDate': op('greaterThanDate', ('date', ['2026-01-31T18:00:00']))}, []),
    ({'createDate': op('betweenDate', ('startDate', ['01/05/2026 10:00:00']), ('endDate', ['01/20/2026 08:30:00']))}, [1, 2]),
    ({'createDate': op('betweenDate', ('startDate', ['01/05/2026 10:00:01']), ('endDate', ['01/20/2026 08:29:59']))}, []),
    ({'createDate': op('betweenDate', ('startDate', ['1/1/2026 0:0:0']), ('endDate', ['2/1/2026 0:0:0']))}, [1, 2, 4]),
    ({'createDate': op('betweenDate', ('startDate', ['12/01/2025']), ('endDate', ['01/01/2026']))}, [3]),
])
def test_date_operators(tree, expected):
    assert ids(tree) == expected


@pytest.mark.parametrize('zone, expected', [
    # 01/05/2026 10:00:00 on the reader's clock; ticket 1 was created at 10:00:00-06:00 (16:00 UTC).
    (CENTRAL, [2, 4]),
    (timezone(timedelta(hours=-8)), [2, 4]),                   # 18:00 UTC: ticket 1 is before it
    (timezone(timedelta(hours=1)), [1, 2, 4]),                 # 09:00 UTC: ticket 1 is after it
])
def test_filter_dates_without_an_offset_are_read_in_the_users_zone(zone, expected):
    tree = {'createDate': op('greaterThanDate', ('date', ['01/05/2026 10:00:00']))}
    assert [n.local()['id'] for n in apply_filter(TICKETS, tree, now=NOW, zone=zone)] == expected
    # A value with an offset is that instant, whoever reads it.
    tree = {'createDate': op('greaterThanDate', ('date', ['2026-01-05T15:59:59+00:00']))}
    assert [n.local()['id'] for n in apply_filter(TICKETS, tree, now=NOW, zone=zone)] == [1, 2, 4]


def test_a_days_date_is_the_readers_day():
    tree = {'createDate': op('isDate', ('date', ['01/31/2026']))}
    # Ticket 4: 2026-02-01T00:00:00Z is still January 31st west of UTC, February 1st east of it.
    assert [n.local()['id'] for n in apply_filter(TICKETS, tree, now=NOW, zone=timezone(timedelta(hours=-8)))] == [4]
    assert [n.local()['id'] for n in apply_filter(TICKETS, tree, now=NOW, zone=timezone(timedelta(hours=1)))] == []


def test_date_operators_skip_non_dates_and_nulls():
    odd = FakeNode('SoftLayer_Ticket', {'id': 8, 'createDate': 'not a date'})
    empty = FakeNode('SoftLayer_Ticket', {'id': 9, 'createDate': None})
    tree = {'createDate': op('greaterThanDate', ('date', ['01/01/2000']))}
    assert ids(tree, tickets=[odd, empty]) == []
    assert ids({'createDate': op('> sysdate - 3650')}, tickets=[odd, empty]) == []


@pytest.mark.parametrize('tree', [
    {'title': op('inn', ('data', ['Network slow']))},
    {'title': op('Network slow', ('data', ['x']))},
    {'title': op('in')},
    {'title': op('in', ('data', []))},
    {'title': op('in', ('values', ['Network slow']))},
    {'title': op('or', ('data', [['^= disk']]))},
    {'title': op('or', ('data', ['~ (']))},
    {'title': op('~ (unclosed')},
    {'createDate': op('isDate', ('date', ['yesterday']))},
    {'createDate': op('isDate', ('date', ['02/30/2026']))},
    {'createDate': op('isDate')},
    {'createDate': op('lessThanDate', ('when', ['01/01/2026']))},
    {'createDate': op('betweenDate', ('startDate', ['01/01/2026']))},
    {'createDate': op('betweendate', ('startDate', ['01/01/2026']), ('endDate', ['01/02/2026']))},
])
def test_malformed_operations_are_ignored(tree):
    assert ids(tree) == [1, 2, 3, 4]


def test_ignored_operation_does_not_disable_the_others():
    assert ids({'title': op('inn', ('data', ['x'])), 'priority': op('> 2')}) == [3, 4]


# --------------------------------------------------------------------------- relational paths


@pytest.mark.parametrize('tree, expected', [
    ({'status': {'name': op('Open')}}, [1, 4]),
    ({'status': {'id': op(1004)}}, [3]),
    ({'attachedHardware': {'hostname': op('db01')}}, [1]),
    ({'attachedHardware': {'hostname': op('web02')}}, [2]),
    ({'attachedHardware': {'hostname': op('^= db')}}, [1, 4]),
    ({'firstUpdate': {'entry': op('*= marker')}}, [1]),
    ({'updates': {'entry': op('*= more')}}, [1, 2]),
    ({'updates': {'entry': op('*= more'), 'id': op(12)}}, [1]),
    ({'updates': {'entry': op('*= marker'), 'id': op(12)}}, []),
    ({'attachedHardware': {'id': op('is null')}}, [3]),
    ({'assignedUser': {'id': op('is null')}}, [1, 2, 3, 4]),
    ({'firstUpdate': {'entry': op('not null')}}, [1, 2, 4]),
    ({'firstUpdate': {'entry': op('!*= marker')}}, [2, 4]),
    ({'status': {'name': op('Open')}, 'title': op('*= disk')}, [1]),
])
def test_relational_paths(tree, expected):
    assert ids(tree) == expected


@pytest.mark.parametrize('tree, message', [
    ({'colour': op('red')}, "Property 'colour' not valid for 'SoftLayer_Ticket'."),
    ({'status': {'label': op('Open')}}, "Property 'label' not valid for 'SoftLayer_Ticket_Status'."),
    ({'attachedHardware': {'fqdn': op('db01')}}, "Property 'fqdn' not valid for 'SoftLayer_Hardware'."),
    ({'title': {'length': op('> 3')}}, "Property 'length' not valid for 'SoftLayer_Ticket::title'."),
    ({'updateCount': {'id': op('> 3')}}, "Property 'id' not valid for 'SoftLayer_Ticket::updateCount'."),
    ({'status': op('Open')}, "Property 'SoftLayer_Ticket::status' is relational"),
    ({'attachedHardware': op('db01')}, "Property 'SoftLayer_Ticket::attachedHardware' is relational"),
    ({'colour': op('orderBy', ('sort', ['ASC']))}, "Property 'colour' not valid for 'SoftLayer_Ticket'."),
])
def test_invalid_paths_raise(tree, message):
    with pytest.raises(ApiFault) as excinfo:
        apply_filter(TICKETS, tree, now=NOW)
    assert excinfo.value.code == 'SoftLayer_Exception_Public'
    assert message in excinfo.value.message


# --------------------------------------------------------------------------- computed properties


def computed_tickets():
    """Tickets whose devices carry the computed FQDN and whose flags are set, as the model renders them."""
    def server(hostname, domain='example.com'):
        return FakeNode('SoftLayer_Hardware', {'id': len(hostname), 'hostname': hostname, 'domain': domain,
                                               'fullyQualifiedDomainName': '%s.%s' % (hostname, domain)})
    return [
        FakeNode('SoftLayer_Ticket', {'id': 1, 'title': 'a', 'awaitingUserResponseFlag': True, 'newUpdatesFlag': False},
                 {'attachedHardware': [server('web01')]}),
        FakeNode('SoftLayer_Ticket', {'id': 2, 'title': 'b', 'awaitingUserResponseFlag': False, 'newUpdatesFlag': True},
                 {'attachedHardware': [server('web02')]}),
        FakeNode('SoftLayer_Ticket', {'id': 3, 'title': 'c', 'awaitingUserResponseFlag': False, 'newUpdatesFlag': False},
                 {'attachedHardware': []}),
    ]


@pytest.mark.parametrize('tree, applied', [
    ({'awaitingUserResponseFlag': op(1)}, [1]),
    ({'newUpdatesFlag': op(1)}, [2]),
    ({'attachedHardware': {'fullyQualifiedDomainName': op('in', ('data', ['web01.example.com']))}}, [1]),
])
def test_conditions_on_computed_properties_are_dropped_by_default_and_applied_on_request(tree, applied):
    tickets = computed_tickets()
    # The real API returns the full list (softlayer-ruby #79); a relation left empty is no condition either.
    assert [n.local()['id'] for n in apply_filter(tickets, tree, now=NOW)] == [1, 2, 3]
    assert [n.local()['id'] for n in apply_filter(tickets, tree, now=NOW, computed='drop')] == [1, 2, 3]
    assert [n.local()['id'] for n in apply_filter(tickets, tree, now=NOW, computed='apply')] == applied


def test_dropping_a_computed_condition_keeps_the_stored_ones_beside_it():
    tree = {'title': op('in', ('data', ['a', 'b'])),
            'attachedHardware': {'fullyQualifiedDomainName': op('web02.example.com'), 'hostname': op('web02')}}
    assert [n.local()['id'] for n in apply_filter(computed_tickets(), tree, now=NOW)] == [2]


def test_an_unknown_computed_mode_is_refused():
    with pytest.raises(ValueError, match='computed must be one of drop, apply'):
        apply_filter(computed_tickets(), {'title': op('a')}, computed='keep')


# --------------------------------------------------------------------------- ordering


def order_by(direction=None, sort_order=None):
    options = []
    if direction is not None:
        options.append(('sort', [direction]))
    if sort_order is not None:
        options.append(('sortOrder', [sort_order]))
    return op('orderBy', *options)


def test_order_by_asc_and_desc():
    assert ids({'priority': order_by('ASC')}) == [2, 1, 3, 4]
    assert ids({'priority': order_by('DESC')}) == [4, 3, 1, 2]
    assert ids({'priority': order_by('desc')}) == [4, 3, 1, 2]
    assert ids({'priority': order_by()}) == [2, 1, 3, 4]


def test_order_by_text_and_nested_paths():
    assert ids({'title': order_by('ASC')}) == [4, 1, 2, 3]
    assert ids({'status': {'name': order_by('DESC')}}) == [1, 4, 3, 2]


def test_order_by_dates_compares_instants_across_offsets():
    shifted = [
        FakeNode('SoftLayer_Ticket', {'id': 1, 'createDate': '2026-01-01T05:00:00+00:00'}),
        FakeNode('SoftLayer_Ticket', {'id': 2, 'createDate': '2026-01-01T00:00:00-06:00'}),
    ]
    assert ids({'createDate': order_by('ASC')}, tickets=shifted) == [1, 2]
    assert ids({'createDate': order_by('DESC')}, tickets=TICKETS) == [4, 2, 1, 3]


def test_order_by_multiple_keys_uses_sort_order():
    tickets = TICKETS + [ticket((5, 'Another', 1, '2026-01-02T00:00:00-06:00', 'CS050'), 'Closed')]
    by_status_then_priority = {'priority': order_by('DESC', 1), 'status': {'name': order_by('ASC', 0)}}
    assert ids(by_status_then_priority, tickets=tickets) == [2, 3, 5, 4, 1]
    by_priority_then_status = {'priority': order_by('DESC', 0), 'status': {'name': order_by('ASC', 1)}}
    assert ids(by_priority_then_status, tickets=tickets) == [4, 3, 1, 2, 5]


def test_keys_without_sort_order_follow_in_filter_order():
    tickets = TICKETS + [ticket((5, 'Another', 1, '2026-01-02T00:00:00-06:00', 'CS050'), 'Closed')]
    assert ids({'status': {'name': order_by('ASC')}, 'priority': order_by('DESC', 0)}, tickets=tickets) == [4, 3, 1, 2, 5]
    assert ids({'status': {'name': order_by('ASC')}, 'id': order_by('DESC')}, tickets=tickets) == [2, 5, 3, 4, 1]


def test_sort_is_stable_for_ties():
    tied = [FakeNode('SoftLayer_Ticket', {'id': number, 'priority': number % 2}) for number in range(6)]
    assert ids({'priority': order_by('ASC')}, tickets=tied) == [0, 2, 4, 1, 3, 5]
    assert ids({'priority': order_by('DESC')}, tickets=tied) == [1, 3, 5, 0, 2, 4]


def test_nulls_sort_first_ascending_and_last_descending():
    assert ids({'assignedUserId': order_by('ASC')}) == [2, 4, 1, 3]
    assert ids({'assignedUserId': order_by('DESC')}) == [3, 1, 2, 4]


def test_sort_through_list_relation_uses_first_element():
    assert ids({'attachedHardware': {'hostname': order_by('DESC')}}) == [2, 4, 1, 3]


def test_sort_combines_with_search_on_other_property():
    tree = {'status': {'name': op('in', ('data', ['Open', 'Assigned']))}, 'id': order_by('DESC', 0)}
    assert ids(tree) == [4, 2, 1]


@pytest.mark.parametrize('leaf', [
    order_by('SIDEWAYS'),
    order_by('ASC', 'first'),
    op('orderBy', ('sort', [3])),
    op('orderBy', ('sortOrder', [])),
])
def test_malformed_order_by_is_ignored(leaf):
    assert ids({'priority': leaf}) == [1, 2, 3, 4]


@pytest.mark.parametrize('leaf', [
    op('> 1', ('sort', ['ASC'])),
    op('in', ('data', [1, 2]), ('sortOrder', [0])),
    op(2, ('sort', ['DESC'])),
])
def test_sort_and_search_on_one_property_raises(leaf):
    with pytest.raises(ApiFault) as excinfo:
        apply_filter(TICKETS, {'status': {'id': leaf}}, now=NOW)
    assert excinfo.value.code == 'SoftLayer_Exception_Public'
    assert excinfo.value.message == 'Unable to both sort and search on the same property: status.id'


# --------------------------------------------------------------------------- paging


@pytest.mark.parametrize('limit, offset, expected', [
    (None, 0, [0, 1, 2, 3, 4]),
    (None, None, [0, 1, 2, 3, 4]),
    (None, 3, [3, 4]),
    (2, 0, [0, 1]),
    (2, 2, [2, 3]),
    (2, 4, [4]),
    (2, 5, []),
    (2, 50, []),
    (10, 0, [0, 1, 2, 3, 4]),
    (0, 0, []),
])
def test_paginate(limit, offset, expected):
    assert paginate(range(5), limit, offset) == expected


@pytest.mark.parametrize('limit, offset', [(-1, 0), (1, -1)])
def test_paginate_rejects_negative_values(limit, offset):
    with pytest.raises(ApiFault) as excinfo:
        paginate([1, 2], limit, offset)
    assert 'resultLimit' in excinfo.value.message
