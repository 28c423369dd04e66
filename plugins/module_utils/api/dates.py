# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Dates and the SoftLayer API: the one reader of user input dates (``parse_date``), the one reader of
API dates (``read_api_date``), and the writer of filter date text (``filter_value``).

The API writes a date with the UTC offset of the caller's own time zone where the user has set
one (-07:00, -05:00, +01:00 and +08:00 are recorded, and a user's offset changes on the US
daylight-saving dates), otherwise with SoftLayer's -06:00 all year. So dates are compared as
instants, never as text or wall clocks.

An object filter's date value (``greaterThanDate``, ``lessThanDate``, ``betweenDate``) is a wall
clock without a zone, ``MM/DD/YYYY HH:MM:SS``, and nothing public says which zone the server
reads it in: SoftLayer's (-06:00, or US Central with its summer time) or the user's own. A bound
is therefore written so that it holds whichever of those reads it: a lower bound on the clock of
the most westerly zone that may read it, an upper bound on the most easterly. The server then
returns a little more than asked, never less, and the caller re-checks every row against the
exact instants (``within``): the server narrows, the code decides. The date operations that carry
this text are written by ``object_filter.date_condition``: the operation is filter vocabulary, the
text is about zones, which only this module knows.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from ansible_collections.softlayer.support.plugins.module_utils.api.errors import InvalidInputError

# A date given without an offset (an option value) is taken as SoftLayer's standard time, the
# zone of the API's dates for users without a zone of their own.
SOFTLAYER_TIMEZONE = timezone(timedelta(hours=-6))
FILTER_DATE_FORMAT = '%m/%d/%Y %H:%M:%S'

# The zones that may read a filter value when nothing is known of the user's: every zone in use.
WESTMOST_OFFSET = timedelta(hours=-12)
EASTMOST_OFFSET = timedelta(hours=14)
# When the user's offset is known (from a date the API wrote for them), the zones that may read a
# value are theirs, SoftLayer's (-06:00, -05:00 in US summer) and UTC.
SOFTLAYER_OFFSETS = (timedelta(hours=-6), timedelta(hours=-5), timedelta(0))
# A zone with daylight saving lives one hour of the night twice (clocks go back between 00:00 and
# 04:00 local time wherever it is observed) and may read a clock time in it as either: such a
# value moves one hour further out.
SWITCH_HOURS = range(0, 4)
SWITCH_SLACK = timedelta(hours=1)

_ISO_DATE_RE = re.compile(
    r'^(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})'
    r'(?:[T ](?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?P<fraction>\.\d+)?)?'
    r'\s*(?P<zone>Z|[+-]\d{2}(?::?\d{2})?)?)?$',
    re.IGNORECASE)
_EXAMPLE_DATES = '2025-01-31, 2025-01-31T14:30:00 or 2025-01-31T14:30:00+01:00'


def parse_date(value, option, round_up=False):
    """An ISO 8601 date or date and time as an aware datetime, whole seconds; None stays None.

    Without a UTC offset the value is in SoftLayer's standard time (UTC-6). A date alone means
    midnight at its start. Fractions of a second are dropped, or rounded up to the next second
    for an upper bound (``round_up``) so that the bound stays exclusive at the API's one-second
    resolution. A bad value raises InvalidInputError naming ``option``.
    """
    if value is None:
        return None
    text = str(value).strip()
    match = _ISO_DATE_RE.match(text)
    if not match:
        raise InvalidInputError('%s %r is not an ISO 8601 date; use for example %s' % (option, text, _EXAMPLE_DATES),
                                option=option)
    parts = match.groupdict()
    try:
        moment = datetime(int(parts['year']), int(parts['month']), int(parts['day']),
                          int(parts['hour'] or 0), int(parts['minute'] or 0), int(parts['second'] or 0),
                          tzinfo=_zone(parts['zone']))
    except ValueError as error:
        raise InvalidInputError('%s %r is not a valid date (%s); use for example %s' % (option, text, error, _EXAMPLE_DATES),
                                option=option) from None
    if round_up and parts['fraction'] and int(parts['fraction'][1:]):
        moment += timedelta(seconds=1)
    return moment


def _zone(text):
    if not text:
        return SOFTLAYER_TIMEZONE
    if text.upper() == 'Z':
        return timezone.utc
    digits = text[1:].replace(':', '')
    hours, minutes = int(digits[:2]), int(digits[2:] or 0)
    if hours > 23 or minutes > 59:
        raise ValueError('UTC offset %s out of range' % text)
    offset = timedelta(hours=hours, minutes=minutes)
    return timezone(-offset if text[0] == '-' else offset)


def read_api_date(text):
    """A date the API wrote (ISO 8601 with its offset) as an aware datetime; None when absent or unreadable."""
    if not text or not isinstance(text, str):
        return None
    try:
        return parse_date(text, 'date')
    except InvalidInputError:
        return None


def api_date_order(text):
    """A sort key that orders API dates as instants (never as text): absent first, unreadable last, as text."""
    if text is None or text == '':
        return (0, 0)
    moment = read_api_date(text)
    return (1, moment) if moment is not None else (2, str(text))


def same_instant(text, other):
    """Whether two API dates name the same instant (whatever offsets they were written with)."""
    moment = read_api_date(text)
    return moment is not None and moment == read_api_date(other)


def offset_of(text):
    """The UTC offset a date the API wrote carries (the user's zone at that moment); None without one."""
    moment = read_api_date(text)
    return moment.utcoffset() if moment is not None and re.search(r'(Z|[+-]\d{2}:?\d{2})$', text.strip(), re.I) else None


def reading_offsets(seen=()):
    """(most westerly, most easterly) UTC offset of a zone that may read a filter value.

    ``seen``: offsets the API wrote for this user; without any, every zone in use may read it.
    """
    seen = [offset for offset in seen if offset is not None]
    if not seen:
        return WESTMOST_OFFSET, EASTMOST_OFFSET
    offsets = list(SOFTLAYER_OFFSETS) + seen
    return min(offsets), max(offsets)


def filter_value(moment, bound, seen=()):
    """``moment`` as an object filter's date value that no zone in ``reading_offsets(seen)`` reads wrongly.

    ``bound`` 'lower': whichever zone reads it, the server's bound is at or before ``moment``
    (the clock of the most westerly zone, seconds dropped); 'upper': at or after it.
    """
    seen = [offset for offset in seen if offset is not None]
    west, east = reading_offsets(seen)
    if bound == 'lower':
        offset, slack = west, -SWITCH_SLACK
    else:
        offset, slack = east, SWITCH_SLACK
        if moment.microsecond:
            moment += timedelta(seconds=1)
    clock = moment.astimezone(timezone(offset))
    if seen and clock.hour in SWITCH_HOURS:
        clock = moment.astimezone(timezone(offset + slack))
    return clock.strftime(FILTER_DATE_FORMAT)


def read_filter_bound(text, bound):
    """A filter date value read back as the widest instant any zone may read it as.

    'lower': the earliest (the most easterly clock, one switch hour more); 'upper': the latest. The
    local re-check of a sent filter uses it, so it never drops a row the server rightly returned.
    """
    clock = datetime.strptime(text, FILTER_DATE_FORMAT)
    if bound == 'lower':
        return clock.replace(tzinfo=timezone(EASTMOST_OFFSET + SWITCH_SLACK))
    return clock.replace(tzinfo=timezone(WESTMOST_OFFSET - SWITCH_SLACK))


def within(text, after=None, before=None):
    """True when the API date ``text`` is strictly after ``after`` and strictly before ``before`` (None: no bound).

    A missing or unreadable date is not within any bound.
    """
    if after is None and before is None:
        return True
    moment = read_api_date(text)
    if moment is None:
        return False
    return (after is None or moment > after) and (before is None or moment < before)
