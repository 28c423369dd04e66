# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""object_filter: the one writer of the filter operations the collection sends (in, orderBy, dates, sort versus filter)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from ansible_collections.softlayer.support.plugins.module_utils.api.object_filter import (
    date_condition,
    in_filter,
    order_by,
    sortable,
    sorts,
    with_order,
)

SOFTLAYER = timezone(timedelta(hours=-6))
ORDER_ASC = {'operation': 'orderBy', 'options': [{'name': 'sort', 'value': ['ASC']}]}


def test_in_filter_copies_its_values_into_one_data_option():
    values = (1001, 1004)
    assert in_filter(values) == {'operation': 'in', 'options': [{'name': 'data', 'value': [1001, 1004]}]}
    assert in_filter(iter(['> x'])) == {'operation': 'in', 'options': [{'name': 'data', 'value': ['> x']}]}


def test_order_by_one_property_sends_no_rank():
    assert order_by('id') == {'id': ORDER_ASC}
    assert order_by('createDate', 'DESC') == {
        'createDate': {'operation': 'orderBy', 'options': [{'name': 'sort', 'value': ['DESC']}]}}


def test_order_by_several_properties_ranks_them_in_order():
    ordered = order_by(('modifyDate', 'id'), 'DESC')
    assert list(ordered) == ['modifyDate', 'id']
    assert [leaf['options'] for leaf in ordered.values()] == [
        [{'name': 'sort', 'value': ['DESC']}, {'name': 'sortOrder', 'value': [0]}],
        [{'name': 'sort', 'value': ['DESC']}, {'name': 'sortOrder', 'value': [1]}],
    ]


@pytest.mark.parametrize('keys, branch, expected', [
    (('createDate', 'id'), {}, ('createDate', 'id')),
    (('createDate', 'id'), {'createDate': {'operation': 'greaterThanDate'}}, ('id',)),
    (('createDate', 'id'), {'id': {'operation': 'in'}}, ('createDate',)),
    (('id', 'hostname'), {'id': {'operation': 'in'}}, ('hostname',)),
    (('id', 'createDate'), {'id': {}, 'createDate': {}}, ()),
    (('id', 'id', None), None, ('id',)),
])
def test_sortable_never_sorts_on_a_searched_property(keys, branch, expected):
    assert sortable(keys, branch) == expected


def test_sorts_finds_an_order_at_any_depth():
    assert not sorts({'title': {'operation': 'x'}})
    assert sorts({'status': {'name': ORDER_ASC}})


def test_with_order_adds_orderby_under_the_root_not_at_the_top():
    assert with_order(None, 'tickets', 'id') == {'tickets': {'id': ORDER_ASC}}
    assert with_order({'tickets': {'title': {'operation': 'x'}}}, 'tickets', 'id') == {
        'tickets': {'title': {'operation': 'x'}, 'id': ORDER_ASC}}


def test_with_order_keeps_a_filter_that_already_sorts():
    sorted_filter = {'tickets': {'createDate': {'operation': 'orderBy', 'options': [{'name': 'sort', 'value': ['DESC']}]}}}
    assert with_order(sorted_filter, 'tickets', 'id') == sorted_filter
    nested = {'tickets': {'status': {'name': {'operation': 'orderBy', 'options': [{'name': 'sort', 'value': ['ASC']}]}}}}
    assert with_order(nested, 'tickets', 'id') == nested


def test_with_order_sorts_by_create_date_when_the_id_is_searched():
    searched = {'tickets': {'id': {'operation': 'in', 'options': [{'name': 'data', 'value': [1, 2]}]}}}
    assert with_order(searched, 'tickets', 'id') == {'tickets': {'id': searched['tickets']['id'], 'createDate': ORDER_ASC}}


def test_with_order_adds_nothing_when_id_and_create_date_are_both_searched():
    searched = {'tickets': {'id': {'operation': 5}, 'createDate': {'operation': 'greaterThanDate'}}}
    assert with_order(searched, 'tickets', 'id') == searched
    assert with_order({'tickets': {'createDate': {'operation': 'x'}}}, 'tickets', 'createDate') == {
        'tickets': {'createDate': {'operation': 'x'}}}


def test_with_order_without_a_root_sorts_the_types_own_properties():
    assert with_order({'name': {'operation': '^= Hard'}}, None, 'id') == {'name': {'operation': '^= Hard'}, 'id': ORDER_ASC}


def test_with_order_leaves_other_roots_alone():
    original = {'openTickets': {'title': {'operation': 'x'}}}
    assert with_order(original, 'tickets', 'id') == {'openTickets': {'title': {'operation': 'x'}}, 'tickets': {'id': ORDER_ASC}}
    assert original == {'openTickets': {'title': {'operation': 'x'}}}


def test_date_conditions_use_the_documented_operations():
    after = datetime(2025, 1, 1, tzinfo=SOFTLAYER)
    before = datetime(2025, 2, 1, tzinfo=SOFTLAYER)
    assert date_condition(after) == {'operation': 'greaterThanDate',
                                     'options': [{'name': 'date', 'value': ['12/31/2024 18:00:00']}]}
    assert date_condition(before=before) == {'operation': 'lessThanDate',
                                             'options': [{'name': 'date', 'value': ['02/01/2025 20:00:00']}]}
    assert date_condition(after, before) == {'operation': 'betweenDate', 'options': [
        {'name': 'startDate', 'value': ['12/31/2024 18:00:00']},
        {'name': 'endDate', 'value': ['02/01/2025 20:00:00']}]}
    assert date_condition() is None
