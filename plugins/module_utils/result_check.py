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

from datetime import datetime

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
_DATE_OPERATIONS = ('greaterThanDate', 'lessThanDate', 'betweenDate')


def recheck(records, object_filter, accept=None, read_date=None, derived=None):
    """Yield the records (lazily, in order) that satisfy ``object_filter`` and ``accept(record)``.

    ``object_filter`` is the filter as sent (``{root: branch}``, or None for none).
    ``read_date`` reads a date operand back into an aware datetime (the inverse of how
    it was written); ``derived`` maps a property the mask does not read to a function
    working it out from the record (``firstUpdate`` from ``updates``).
    """
    branch = _branch(object_filter)
    for record in records:
        if matches(record, branch, read_date=read_date, derived=derived) and (accept is None or accept(record)):
            yield record


def _branch(object_filter):
    if not object_filter:
        return {}
    if len(object_filter) != 1:
        raise ValueError('an object filter has one root, got %s' % ', '.join(sorted(object_filter)))
    return next(iter(object_filter.values()))


def matches(record, branch, read_date=None, derived=None):
    """Whether one record (a dict as the API answered) satisfies every condition of a filter branch."""
    for name, condition in branch.items():
        if name in record:
            value = record[name]
        elif derived and name in derived:
            value = derived[name](record)
        else:
            value = None
        if _is_leaf(condition):
            if not _satisfies(value, condition, read_date, name):
                return False
        elif isinstance(value, (list, tuple)):
            # Through a list relation: one element must satisfy every condition under it (one joined row).
            if not any(isinstance(item, dict) and matches(item, condition, read_date) for item in value):
                return False
        elif not (isinstance(value, dict) and matches(value, condition, read_date)):
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


def _satisfies(value, condition, read_date, name):
    operation = condition['operation']
    options = condition.get('options') or []
    if operation == 'orderBy':
        return True
    if value is None or value == '':
        return False
    if operation == 'in':
        return any(_same(value, wanted) for wanted in _option(options, 'data'))
    if operation in _DATE_OPERATIONS:
        return _date_satisfies(value, operation, options, read_date, name)
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


def _date_satisfies(value, operation, options, read_date, name):
    if read_date is None:
        raise ValueError('the local re-check of %s on %s needs read_date' % (operation, name))
    instant = _instant(value)
    if instant is None:
        return False
    if operation == 'betweenDate':
        start, end = (read_date(_option(options, key)[0]) for key in ('startDate', 'endDate'))
        return start <= instant <= end
    bound = read_date(_option(options, 'date')[0])
    return instant > bound if operation == 'greaterThanDate' else instant < bound


def _instant(text):
    """An API date (ISO 8601 with an offset, as the API sends them) as an aware datetime; else None."""
    try:
        moment = datetime.fromisoformat(str(text).strip().replace('Z', '+00:00'))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None
