# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The object-filter vocabulary: how the collection asks the API to narrow and order a list.

Every filter operation the collection sends is written here: ``in``, ``orderBy``, the date
operations, and the rule that the API cannot sort on a property it filters on. The date
operations' values are date text, written by ``dates.filter_value``, which knows the zones.

The server only narrows: it may drop a condition it cannot apply, so every result is
re-checked locally. That re-check is ``result_check``, the one evaluator of these same
operations (it imports their names from here). It stays a file of its own: it reads records
against a filter, a different job from writing one, and every list reader imports it apart.
"""

from __future__ import annotations

from ansible_collections.softlayer.support.plugins.module_utils.api.dates import filter_value

IN = 'in'
ORDER_BY = 'orderBy'
BETWEEN_DATE, GREATER_THAN_DATE, LESS_THAN_DATE = DATE_OPERATIONS = ('betweenDate', 'greaterThanDate', 'lessThanDate')
ASCENDING, DESCENDING = 'ASC', 'DESC'


def in_filter(values):
    """Exact match against any of ``values``; safe for text that starts like an operator (``> x``, ``*= y``)."""
    return {'operation': IN, 'options': [{'name': 'data', 'value': list(values)}]}


def order_by(keys, direction=ASCENDING):
    """The conditions that sort a list on ``keys``: one property (a string), or several ranked in order.

    Several keys (a tuple or list, even of one) carry their rank as ``sortOrder``; the first sorts first.
    """
    if isinstance(keys, str):
        return {keys: {'operation': ORDER_BY, 'options': [{'name': 'sort', 'value': [direction]}]}}
    return dict((key, {'operation': ORDER_BY, 'options': [{'name': 'sort', 'value': [direction]},
                                                          {'name': 'sortOrder', 'value': [rank]}]})
                for rank, key in enumerate(keys))


def sortable(keys, branch):
    """The ``keys`` the API can sort a list filtered by ``branch`` on: those the branch does not search.

    SoftLayer cannot sort and search one property (a condition and an orderBy on the same key
    leave only one of them), so a filtered property is never a sort key.
    """
    unique = []
    for key in keys:
        if key and key not in (branch or {}) and key not in unique:
            unique.append(key)
    return tuple(unique)


def with_order(object_filter, root, key):
    """Return a copy of ``object_filter`` that sorts ``root`` items on ``key``, unless it sorts already.

    ``root`` is the relational property the filter starts with (``tickets``), or ``None``
    when the filter's keys are the called type's own properties. A searched ``key`` gives way
    to the creation date (``sortable``); when both are searched nothing is added.
    """
    object_filter = dict(object_filter or {})
    branch = dict((object_filter.get(root) if root else object_filter) or {})
    if not key or sorts(branch):
        return object_filter
    keys = sortable((key, 'createDate'), branch)
    if not keys:
        return object_filter
    branch.update(order_by(keys[0]))
    if not root:
        return branch
    object_filter[root] = branch
    return object_filter


def sorts(branch):
    """Whether a filter branch already orders the list somewhere."""
    for value in branch.values():
        if isinstance(value, dict):
            if value.get('operation') == ORDER_BY or sorts(value):
                return True
    return False


def date_condition(after=None, before=None, seen=()):
    """The condition that narrows a date property to (``after``, ``before``); None without bounds.

    Only a narrowing: the values are written to hold in any zone that may read them
    (``dates.filter_value``), so dates somewhat outside the bounds come back, which
    ``dates.within`` drops.
    """
    if after is not None and before is not None:
        return {'operation': BETWEEN_DATE, 'options': [
            {'name': 'startDate', 'value': [filter_value(after, 'lower', seen)]},
            {'name': 'endDate', 'value': [filter_value(before, 'upper', seen)]},
        ]}
    if after is not None:
        return {'operation': GREATER_THAN_DATE, 'options': [{'name': 'date', 'value': [filter_value(after, 'lower', seen)]}]}
    if before is not None:
        return {'operation': LESS_THAN_DATE, 'options': [{'name': 'date', 'value': [filter_value(before, 'upper', seen)]}]}
    return None
