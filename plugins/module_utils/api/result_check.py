# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The server narrows; the code decides: every listed record is checked here against what was asked.

SoftLayer drops an object-filter condition it cannot apply (a computed property such
as ``fullyQualifiedDomainName``) without a word and returns the full list. So a filter
only narrows what is fetched: ``recheck`` evaluates the very filter that was sent on
every record that comes back, plus the conditions no filter can carry (``accept``), and
only what passes is returned. Filters are not sent on COMPUTED_PROPERTIES; a stored
property that narrows for one is sent instead (``hostname`` and ``domain`` for an FQDN,
``lastEditType`` for who spoke last) and the computed value is checked by ``accept``.

Evaluated locally the way the user means them: text compares in any case (SoftLayer's
``_=``, ``^=``, ``$=``, ``*=`` ignore case too), numbers as numbers; a null or absent
property satisfies no condition, so the record masks must name every filtered property.
"""

from __future__ import annotations

from ansible_collections.softlayer.support.plugins.module_utils.api.dates import read_api_date, read_filter_bound
from ansible_collections.softlayer.support.plugins.module_utils.api.object_filter import (
    BETWEEN_DATE,
    DATE_OPERATIONS,
    GREATER_THAN_DATE,
    IN,
    ORDER_BY,
)

# Properties SoftLayer works out per object instead of storing: a filter on one is dropped, not refused
# (softlayer-ruby #79). The flags have their own getters and are absent from unmasked recordings.
COMPUTED_PROPERTIES = frozenset(('fullyQualifiedDomainName', 'awaitingUserResponseFlag', 'newUpdatesFlag'))

# Text operators the collection sends, on the case-folded property text and operand.
_TEXT_OPERATORS = (
    ('_=', lambda text, operand: text == operand),
    ('^=', lambda text, operand: text.startswith(operand)),
    ('$=', lambda text, operand: text.endswith(operand)),
    ('*=', lambda text, operand: operand in text),
)


def recheck(records, object_filter, accept=None, derived=None):
    """Yield the records (lazily, in order) that satisfy ``object_filter`` and ``accept(record)``.

    ``object_filter`` is the filter as sent (``{root: branch}``, or None for none).
    A date bound is read back as the earliest (lower) or latest (upper) instant any zone may
    read it as (``api_dates.read_filter_bound``), so this check never drops what the server
    may rightly return; exact date bounds are the caller's ``accept``. ``derived`` maps a property the mask does not read to a function
    working it out from the record (``firstUpdate`` from ``updates``).
    """
    branch = _branch(object_filter)
    for record in records:
        if matches(record, branch, derived=derived) and (accept is None or accept(record)):
            yield record


def _branch(object_filter):
    if not object_filter:
        return {}
    if len(object_filter) != 1:
        raise ValueError('an object filter has one root, got %s' % ', '.join(sorted(object_filter)))
    return next(iter(object_filter.values()))


def matches(record, branch, derived=None):
    """Whether one record (a dict as the API answered) satisfies every condition of a filter branch."""
    for name, condition in branch.items():
        if name in record:
            value = record[name]
        elif derived and name in derived:
            value = derived[name](record)
        else:
            value = None
        if _is_leaf(condition):
            if not _satisfies(value, condition, name):
                return False
        elif isinstance(value, (list, tuple)):
            # Through a list relation: one element must satisfy every condition under it (one joined row).
            if not any(isinstance(item, dict) and matches(item, condition) for item in value):
                return False
        elif not (isinstance(value, dict) and matches(value, condition)):
            return False
    return True


def computed_conditions(object_filter, path=()):
    """The paths (``attachedHardware.fullyQualifiedDomainName``) of conditions on computed properties."""
    found = []
    for name, condition in (object_filter or {}).items():
        here = path + (name,)
        if name in COMPUTED_PROPERTIES:
            found.append('.'.join(here))
        elif isinstance(condition, dict) and not _is_leaf(condition):
            found.extend(computed_conditions(condition, here))
    return found


def _is_leaf(condition):
    return isinstance(condition, dict) and 'operation' in condition


def _satisfies(value, condition, name):
    operation = condition['operation']
    options = condition.get('options') or []
    if operation == ORDER_BY:
        return True
    if value is None or value == '':
        return False
    if operation == IN:
        return any(_same(value, wanted) for wanted in _option(options, 'data'))
    if operation in DATE_OPERATIONS:
        return _date_satisfies(value, operation, options)
    if isinstance(operation, str):
        text = operation.strip()
        for prefix, test in _TEXT_OPERATORS:
            if text.startswith(prefix):
                return test(str(value).casefold(), text[len(prefix):].strip().casefold())
        if text and text[0] in '!<>~':
            raise ValueError('the local re-check has no rule for the operation %r on %s' % (operation, name))
    return _same(value, operation)


def _same(value, wanted):
    """Equal as numbers when both are numbers (XML-RPC sends some as text), else as text in any case."""
    number, wanted_number = _number(value), _number(wanted)
    if number is not None and wanted_number is not None:
        return number == wanted_number
    return str(value).casefold() == str(wanted).casefold()


def _number(value):
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, float)):
        return value
    try:
        return int(str(value).strip())
    except ValueError:
        return None


def _option(options, name):
    for option in options:
        if option.get('name') == name:
            values = option.get('value')
            return values if isinstance(values, list) else [values]
    return []


def _date_satisfies(value, operation, options):
    instant = read_api_date(value)
    if instant is None:
        return False
    if operation == BETWEEN_DATE:
        start = read_filter_bound(_option(options, 'startDate')[0], 'lower')
        end = read_filter_bound(_option(options, 'endDate')[0], 'upper')
        return start <= instant <= end
    if operation == GREATER_THAN_DATE:
        return instant > read_filter_bound(_option(options, 'date')[0], 'lower')
    return instant < read_filter_bound(_option(options, 'date')[0], 'upper')
