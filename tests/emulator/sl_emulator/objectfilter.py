"""Object-filter evaluation, ordering and result paging for the SoftLayer API emulator.

Follows the API reference, sections 4.2 and 4.3. The caller strips the outer
key (``tickets``, ``openTickets``, ...) and passes the tree rooted at the
element type. Choices made where the real API is vague, so that tests of the
collection see one predictable behaviour:

* Paths walk local and relational properties. Through a list-valued relation
  a node matches when ANY one element satisfies every condition under that
  relation (as one SQL join row would). A missing relation (None or an empty
  list) behaves like SQL NULL columns: only ``is null`` matches it.
* Every operator except ``is null`` is false on a null value.
* Plain equality, ``!=``, ``>``/``>=``/``<``/``<=``, ``~``/``!~``, ``in`` and
  ``not in`` are case-sensitive. ``*=``, ``^=``, ``$=``, their negations and
  ``_=`` are case-INsensitive, as the SoftLayer database collation makes them.
  Numbers compare as numbers when the property is numeric and the operand
  parses as a number; comparisons between an ISO date property and a date
  operand compare instants. ``~`` is a regular-expression search.
* ``not in`` is accepted with that spelling; the real spelling is UNCONFIRMED.
* Dates in filters may be ``MM/DD/YYYY[ HH:MM[:SS]]`` (one-digit fields and
  two-digit years accepted, as the SDK sends ``M/D/YYYY 0:0:0``) or ISO 8601.
  Without an offset they are read in the calling user's zone (``apply_filter``'s
  ``zone``: the emulator's user_timezone, SoftLayer's -06:00 by default), the
  zone the API writes that user's dates in. ``isDate`` with a date only matches that whole day; ``betweenDate`` is
  inclusive at both ends. ``sysdate``/``currentDate`` are "now" (injectable).
* As the docs warn the real API does, a malformed advanced operation (an
  unknown name with options, missing or unparseable options, a bad regular
  expression) is silently ignored and matches everything. A leaf that is not a
  dict with ``operation`` is a structural error and raises ``ApiFault``.
* Sorting and searching one property is "not possible" per the docs: a search
  leaf that also carries ``sort``/``sortOrder`` options raises ``ApiFault``.
* Conditions on COMPUTED_PROPERTIES (worked out per object, not stored) are
  dropped silently by default, as the real API does (softlayer-ruby #79:
  "Returning the full list is the default behavior when the filter is not
  applied"): ``apply_filter(..., computed='apply')`` evaluates them instead.
  A relation left without conditions is dropped with them.
* ``orderBy`` sorts are stable; lower ``sortOrder`` has priority, keys without
  one follow in filter order. Nulls sort first ascending (MySQL order). A sort
  path through a list relation uses the first element.
"""

import contextvars
import re
from datetime import datetime, timedelta, timezone
from typing import Callable, Dict, List, NamedTuple, Optional, Tuple

from .faults import ApiFault

_PUBLIC_FAULT = 'SoftLayer_Exception_Public'
API_TIMEZONE = timezone(timedelta(hours=-6))
# The zone a date without an offset is read in, for the duration of one apply_filter call.
_READING_ZONE = contextvars.ContextVar('reading_zone', default=API_TIMEZONE)

# Longest prefixes first so that '!^=' is not read as '!' followed by '^='.
_LITERAL_PREFIXES = ('!^=', '!$=', '!*=', '!=', '>=', '<=', '^=', '$=', '*=', '_=', '!~', '>', '<', '~')
_COMPARISONS = {
    '>': lambda order: order > 0,
    '>=': lambda order: order >= 0,
    '<': lambda order: order < 0,
    '<=': lambda order: order <= 0,
}
_RELATIVE_DATE_RE = re.compile(r'^(?:sysdate|currentDate)\s*(?:([+-])\s*(\d+(?:\.\d+)?))?$', re.IGNORECASE)
_US_DATE_RE = re.compile(r'^(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})(?:\s+(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?)?$')
_SORT_OPTIONS = ('sort', 'sortOrder')
# Properties the real API computes per object and so cannot filter on: a condition on one is dropped,
# not refused (real-api-evidence row 15). The flags have their own getters and are absent from
# unmasked recordings, so they are taken as computed too.
COMPUTED_PROPERTIES = frozenset(('fullyQualifiedDomainName', 'awaitingUserResponseFlag', 'newUpdatesFlag'))
COMPUTED_FILTER_MODES = ('drop', 'apply')

Predicate = Callable[[object], bool]


class _SortKey(NamedTuple):
    path: Tuple[str, ...]
    descending: bool
    priority: Tuple[bool, int, int]


def _fault(message: str) -> ApiFault:
    return ApiFault(_PUBLIC_FAULT, message, 500)


def _invalid_property(name: str, owner: str) -> ApiFault:
    return _fault(f"Property '{name}' not valid for '{owner}'.")


def _dotted(path: Tuple[str, ...]) -> str:
    return '.'.join(path)


# --------------------------------------------------------------------------- validation


def validate_filter(filter_dict) -> None:
    """Reject a filter that is not a tree of dicts ending in ``{"operation": ..., "options": [...]}`` leaves."""
    if not isinstance(filter_dict, dict):
        raise _fault(f'Invalid object filter: expected a JSON object, got {type(filter_dict).__name__}.')
    _validate_tree(filter_dict, ())


def _validate_tree(tree: dict, path: Tuple[str, ...]) -> None:
    for name, sub in tree.items():
        here = path + (name,)
        if not isinstance(name, str) or not name:
            raise _fault(f'Invalid object filter: property names must be non-empty strings (under {_dotted(path)!r}).')
        if not isinstance(sub, dict) or not sub:
            raise _fault(f"Invalid object filter at '{_dotted(here)}': expected an object holding 'operation' or nested properties.")
        if _is_leaf(sub):
            _validate_leaf(sub, here)
        else:
            _validate_tree(sub, here)


def _is_leaf(sub: dict) -> bool:
    return 'operation' in sub or 'options' in sub


def _validate_leaf(leaf: dict, path: Tuple[str, ...]) -> None:
    where = _dotted(path)
    unexpected = sorted(set(leaf) - {'operation', 'options'})
    if 'operation' not in leaf or unexpected:
        raise _fault(f"Invalid object filter at '{where}': a condition holds only 'operation' and 'options'.")
    operation = leaf['operation']
    if isinstance(operation, bool) or not isinstance(operation, (str, int, float)):
        raise _fault(f"Invalid object filter at '{where}': 'operation' must be a string or a number.")
    options = leaf.get('options')
    if options is None:
        return
    if not isinstance(options, list) or not all(isinstance(option, dict) and 'name' in option for option in options):
        raise _fault(f"Invalid object filter at '{where}': 'options' must be a list of objects with 'name' and 'value'.")


# --------------------------------------------------------------------------- values


def _is_node(value: object) -> bool:
    return callable(getattr(value, 'local', None)) and hasattr(value, 'type_name')


def _as_number(value) -> Optional[float]:
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            try:
                return float(value.strip())
            except ValueError:
                return None
    return None


def _as_text(value) -> str:
    if isinstance(value, bool):
        return '1' if value else '0'
    return str(value)


def _parse_date(text) -> Optional[Tuple[datetime, bool]]:
    """Parse a filter or property date; returns (aware datetime, whether a time of day was given)."""
    if not isinstance(text, str):
        return None
    text = text.strip()
    match = _US_DATE_RE.match(text)
    if match:
        month, day, year, hour, minute, second = (int(part) if part else 0 for part in match.groups())
        if len(match.group(3)) == 2:
            year += 2000
        try:
            return datetime(year, month, day, hour, minute, second, tzinfo=_READING_ZONE.get()), match.group(4) is not None
        except ValueError:
            return None
    try:
        parsed = datetime.fromisoformat(text[:-1] + '+00:00' if text.endswith('Z') else text)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=_READING_ZONE.get())
    return parsed, len(text) > 10


def _property_instant(value) -> Optional[datetime]:
    parsed = _parse_date(value)
    return parsed[0] if parsed else None


def _order(prop, operand) -> Optional[int]:
    """Three-way compare a property value with an operand: numerically, as instants, or as strings."""
    if isinstance(prop, (int, float)):
        number = _as_number(operand)
        if number is not None:
            return (prop > number) - (prop < number)
    instant, wanted = _property_instant(prop), _parse_date(operand)
    if instant is not None and wanted is not None:
        return (instant > wanted[0]) - (instant < wanted[0])
    text, operand_text = _as_text(prop), _as_text(operand)
    return (text > operand_text) - (text < operand_text)


def _equals(prop, operand) -> bool:
    if isinstance(prop, (int, float)):
        number = _as_number(operand)
        if number is not None:
            return prop == number
    return _as_text(prop) == _as_text(operand)


def _not_null(test: Predicate) -> Predicate:
    """Wrap a test so that it is false on null values, as SQL comparisons are."""
    return lambda value: value is not None and test(value)


# --------------------------------------------------------------------------- operations


_NULL_TESTS: Dict[str, Predicate] = {
    'is null': lambda value: value is None,
    'not null': lambda value: value is not None,
}
# Case-insensitive text operators, applied to the lower-cased property text and operand.
_TEXT_TESTS: Dict[str, Callable[[str, str], bool]] = {
    '^=': lambda text, operand: text.startswith(operand),
    '!^=': lambda text, operand: not text.startswith(operand),
    '$=': lambda text, operand: text.endswith(operand),
    '!$=': lambda text, operand: not text.endswith(operand),
    '*=': lambda text, operand: operand in text,
    '!*=': lambda text, operand: operand not in text,
    '_=': lambda text, operand: text == operand,
}


def _compile_literal(operation, now: datetime) -> Optional[Predicate]:
    """Compile a literal operation string (or bare number); None means it is ignored as malformed."""
    if not isinstance(operation, str):
        return _not_null(lambda value: _equals(value, operation))
    text = operation.strip()
    if text.lower() in _NULL_TESTS:
        return _NULL_TESTS[text.lower()]
    prefix = next((candidate for candidate in _LITERAL_PREFIXES if text.startswith(candidate)), '')
    operand = text[len(prefix):].lstrip()
    if prefix in _COMPARISONS:
        return _compile_comparison(_COMPARISONS[prefix], operand, now)
    if prefix in ('~', '!~'):
        return _compile_regex(operand, negate=prefix == '!~')
    if prefix in _TEXT_TESTS:
        test, folded = _TEXT_TESTS[prefix], operand.lower()
        return _not_null(lambda value: test(_as_text(value).lower(), folded))
    negate = prefix == '!='
    return _not_null(lambda value: _equals(value, operand) != negate)


def _compile_comparison(accept: Callable[[int], bool], operand: str, now: datetime) -> Predicate:
    """``>``-style comparisons, including the relative ``sysdate - N`` / ``currentDate - N`` (days) forms."""
    relative = _RELATIVE_DATE_RE.match(operand)
    if relative is None:
        return _not_null(lambda value: accept(_order(value, operand)))
    sign, days = relative.groups()
    moment = now + timedelta(days=float(days or 0)) * (-1 if sign == '-' else 1)
    return _date_test(lambda instant: accept((instant > moment) - (instant < moment)))


def _compile_regex(operand: str, negate: bool) -> Optional[Predicate]:
    try:
        pattern = re.compile(operand)
    except re.error:
        return None
    return _not_null(lambda value: (pattern.search(_as_text(value)) is None) == negate)


def _date_test(test: Callable[[datetime], bool]) -> Predicate:
    def matches(value) -> bool:
        instant = _property_instant(value)
        return instant is not None and test(instant)
    return matches


def _option_values(options: List[dict], name: str) -> Optional[list]:
    for option in options:
        if option.get('name') == name:
            values = option.get('value')
            return values if isinstance(values, list) else [values]
    return None


def _option_date(options: List[dict], name: str) -> Optional[Tuple[datetime, bool]]:
    values = _option_values(options, name)
    return _parse_date(values[0]) if values else None


def _compile_in(options: List[dict], negate: bool) -> Optional[Predicate]:
    values = _option_values(options, 'data')
    if not values:
        return None
    return _not_null(lambda value: any(_equals(value, wanted) for wanted in values) != negate)


def _compile_combination(options: List[dict], combine: Callable, now: datetime) -> Optional[Predicate]:
    """``or``/``and``: each data value is itself a literal operation."""
    values = _option_values(options, 'data')
    if not values or any(isinstance(item, bool) or not isinstance(item, (str, int, float)) for item in values):
        return None
    tests = [_compile_literal(item, now) for item in values]
    if any(test is None for test in tests):
        return None
    return lambda value: combine(test(value) for test in tests)


def _compile_is_date(options: List[dict]) -> Optional[Predicate]:
    wanted = _option_date(options, 'date')
    if wanted is None:
        return None
    moment, has_time = wanted
    if has_time:
        return _date_test(lambda instant: instant.replace(microsecond=0) == moment)
    day = moment.date()
    zone = _READING_ZONE.get()
    return _date_test(lambda instant: instant.astimezone(zone).date() == day)


def _compile_date_bound(options: List[dict], accept: Callable[[int], bool]) -> Optional[Predicate]:
    wanted = _option_date(options, 'date')
    if wanted is None:
        return None
    moment = wanted[0]
    return _date_test(lambda instant: accept((instant > moment) - (instant < moment)))


def _compile_between(options: List[dict]) -> Optional[Predicate]:
    start, end = _option_date(options, 'startDate'), _option_date(options, 'endDate')
    if start is None or end is None:
        return None
    return _date_test(lambda instant: start[0] <= instant <= end[0])


_NAMED_OPERATIONS: Dict[str, Callable[[List[dict], datetime], Optional[Predicate]]] = {
    'in': lambda options, now: _compile_in(options, negate=False),
    'not in': lambda options, now: _compile_in(options, negate=True),
    'or': lambda options, now: _compile_combination(options, any, now),
    'and': lambda options, now: _compile_combination(options, all, now),
    'isDate': lambda options, now: _compile_is_date(options),
    'lessThanDate': lambda options, now: _compile_date_bound(options, lambda order: order < 0),
    'greaterThanDate': lambda options, now: _compile_date_bound(options, lambda order: order > 0),
    'betweenDate': lambda options, now: _compile_between(options),
}


def _is_literal(operation) -> bool:
    """True for a bare number, a null test or a string that starts with a literal operator."""
    if not isinstance(operation, str):
        return True
    text = operation.strip()
    return text.lower() in _NULL_TESTS or text.startswith(_LITERAL_PREFIXES)


def _match_all(_value) -> bool:
    return True


def _compile_sort(options: List[dict], path: Tuple[str, ...], position: int) -> Optional[_SortKey]:
    direction = _option_values(options, 'sort') or ['ASC']
    order = _option_values(options, 'sortOrder')
    if not isinstance(direction[0], str) or direction[0].upper() not in ('ASC', 'DESC'):
        return None
    if order is not None and (not order or isinstance(order[0], bool) or _as_number(order[0]) is None):
        return None
    priority = (order is None, int(_as_number(order[0])) if order else 0, position)
    return _SortKey(path, direction[0].upper() == 'DESC', priority)


def _compile_leaf(leaf: dict, path: Tuple[str, ...], now: datetime, sorts: List[_SortKey]) -> Predicate:
    """Compile one condition. orderBy only registers a sort key; ignored and sort leaves match everything
    but stay in the tree, so that their property path is still checked against each node's type."""
    operation = leaf['operation']
    options = leaf.get('options') or []
    if operation == 'orderBy':
        sort = _compile_sort(options, path, len(sorts))
        if sort is not None:
            sorts.append(sort)
        return _match_all
    name = operation.strip() if isinstance(operation, str) else None
    if name in _NAMED_OPERATIONS:
        predicate = _NAMED_OPERATIONS[name](options, now)
    elif options and not _is_literal(operation):
        predicate = None
    else:
        predicate = _compile_literal(operation, now)
    if predicate is not None and any(option.get('name') in _SORT_OPTIONS for option in options):
        raise _fault(f'Unable to both sort and search on the same property: {_dotted(path)}')
    return predicate or _match_all


def _compile_tree(tree: dict, path: Tuple[str, ...], now: datetime, sorts: List[_SortKey],
                  dropped: frozenset = frozenset()) -> Dict[str, object]:
    """Turn the filter tree into the same shape with predicates at the leaves, collecting orderBy keys.

    Conditions on ``dropped`` properties are left out, and so is a relation left with no condition.
    """
    compiled: Dict[str, object] = {}
    for name, sub in tree.items():
        here = path + (name,)
        if name in dropped:
            continue
        if _is_leaf(sub):
            compiled[name] = _compile_leaf(sub, here, now, sorts)
        else:
            branch = _compile_tree(sub, here, now, sorts, dropped)
            if branch:
                compiled[name] = branch
    return compiled


# --------------------------------------------------------------------------- matching


def _lookup(node, name: str):
    if node.has_local(name):
        return node.local().get(name)
    try:
        return node.relational(name)
    except KeyError:
        raise _invalid_property(name, node.type_name) from None


def _node_matches(node, tree: Dict[str, object]) -> bool:
    return all(_property_matches(node, name, sub) for name, sub in tree.items())


def _null_matches(tree: Dict[str, object]) -> bool:
    """Evaluate a subtree against a missing relation, whose columns all read as null."""
    return all(sub(None) if callable(sub) else _null_matches(sub) for sub in tree.values())


def _property_matches(node, name: str, sub) -> bool:
    owner = f'{node.type_name}::{name}'
    if callable(sub):
        value = _lookup(node, name)
        if _is_node(value) or isinstance(value, (list, tuple)):
            raise _fault(f"Property '{owner}' is relational: filter on one of its properties instead.")
        return sub(value)
    if node.has_local(name):
        raise _invalid_property(next(iter(sub)), owner)
    value = _lookup(node, name)
    if isinstance(value, (list, tuple)):
        return any(_node_matches(item, sub) for item in value) if value else _null_matches(sub)
    if value is None:
        return _null_matches(sub)
    if not _is_node(value):
        raise _invalid_property(next(iter(sub)), owner)
    return _node_matches(value, sub)


# --------------------------------------------------------------------------- ordering


def _sort_value(node, path: Tuple[str, ...]):
    value = node
    for index, name in enumerate(path):
        if isinstance(value, (list, tuple)):
            value = value[0] if value else None
        if value is None:
            return None
        if not _is_node(value):
            raise _invalid_property(name, f'{node.type_name}::{_dotted(path[:index])}')
        value = _lookup(value, name)
    return value


def _sort_rank(value) -> tuple:
    """Rank values so that one property's values order naturally: nulls, numbers, instants, then text."""
    if value is None:
        return (0,)
    if isinstance(value, (int, float)):
        return (1, value)
    instant = _property_instant(value) if isinstance(value, str) and len(value) >= 10 and value[4:5] == '-' else None
    if instant is not None:
        return (2, instant)
    return (3, _as_text(value))


def apply_filter(nodes, filter_tree: Optional[dict], now: Optional[datetime] = None, zone=API_TIMEZONE,
                 computed: str = 'drop') -> list:
    """Return the nodes that match ``filter_tree`` (rooted at the element type), ordered by its orderBy keys.

    ``now`` fixes the instant that ``sysdate``/``currentDate`` mean, so that tests and a fake clock agree;
    ``zone`` (a tzinfo) is the zone filter dates without an offset, and a naive ``now``, are read in.
    ``computed`` is ``drop`` (conditions on COMPUTED_PROPERTIES are ignored, as the real API ignores them)
    or ``apply``.
    """
    if computed not in COMPUTED_FILTER_MODES:
        raise ValueError('computed must be one of {}, got {!r}'.format(', '.join(COMPUTED_FILTER_MODES), computed))
    nodes = list(nodes)
    if filter_tree is None:
        return nodes
    validate_filter(filter_tree)
    if now is None:
        now = datetime.now(timezone.utc)
    elif now.tzinfo is None:
        now = now.replace(tzinfo=zone)
    token = _READING_ZONE.set(zone)
    try:
        sorts: List[_SortKey] = []
        compiled = _compile_tree(filter_tree, (), now, sorts, COMPUTED_PROPERTIES if computed == 'drop' else frozenset())
        matched = [node for node in nodes if _node_matches(node, compiled)]
    finally:
        _READING_ZONE.reset(token)
    for sort in sorted(sorts, key=lambda key: key.priority, reverse=True):
        matched.sort(key=lambda node, path=sort.path: _sort_rank(_sort_value(node, path)), reverse=sort.descending)
    return matched


# --------------------------------------------------------------------------- paging


def paginate(items, limit: Optional[int] = None, offset: Optional[int] = 0) -> list:
    """Apply a resultLimit: skip ``offset`` items, then keep at most ``limit`` (None keeps the rest)."""
    offset = offset or 0
    if offset < 0 or (limit is not None and limit < 0):
        raise _fault('Invalid resultLimit: limit and offset must not be negative.')
    items = list(items)
    return items[offset:] if limit is None else items[offset:offset + limit]
