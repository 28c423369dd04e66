# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""api_dates: option dates, API dates, and filter date values that hold whichever zone the server reads them in."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from ansible_collections.softlayer.support.plugins.module_utils.api import dates as ad
from ansible_collections.softlayer.support.plugins.module_utils.api.errors import InvalidInputError

try:
    from zoneinfo import ZoneInfo
except ImportError:  # Python < 3.9: the fixed offsets still cover every case but daylight saving
    ZoneInfo = None

SOFTLAYER = timezone(timedelta(hours=-6))


def zone(name):
    if name.startswith(('+', '-')):
        sign = -1 if name[0] == '-' else 1
        return timezone(sign * timedelta(hours=int(name[1:3]), minutes=int(name[4:6])))
    if ZoneInfo is None:
        pytest.skip('no zoneinfo')
    return ZoneInfo(name)


def read_in(value, tz, fold):
    """The instant a server in ``tz`` reads a filter value as (either side of a daylight-saving switch: ``fold``)."""
    return datetime.strptime(value, ad.FILTER_DATE_FORMAT).replace(tzinfo=tz, fold=fold)


# Every whole-hour zone in use, and zones with daylight saving (the user's and SoftLayer's own).
EVERY_ZONE = (['%+03d:00' % hours for hours in range(-12, 15)]
              + ['+05:30', 'America/Chicago', 'America/Los_Angeles', 'Europe/Paris', 'Australia/Sydney'])
MOMENTS = [datetime(2026, 1, 15, 12, 0, 0, tzinfo=timezone.utc), datetime(2026, 7, 15, 3, 30, 5, tzinfo=timezone.utc),
           # the hours around the switches: US 2026-03-08 and 2026-11-01 (2:00 local), EU 2026-10-25 (01:00 UTC)
           datetime(2026, 3, 8, 8, 30, tzinfo=timezone.utc), datetime(2026, 11, 1, 6, 30, tzinfo=timezone.utc),
           datetime(2026, 11, 1, 7, 30, tzinfo=timezone.utc), datetime(2026, 11, 1, 8, 30, tzinfo=timezone.utc),
           datetime(2026, 11, 1, 9, 30, tzinfo=timezone.utc), datetime(2026, 10, 25, 0, 30, tzinfo=timezone.utc),
           datetime(2026, 10, 25, 1, 30, tzinfo=timezone.utc)]


# --------------------------------------------------------------------------- option dates


@pytest.mark.parametrize('text, expected', [
    ('2025-01-31', datetime(2025, 1, 31, tzinfo=SOFTLAYER)),
    ('2025-01-31T14:30', datetime(2025, 1, 31, 14, 30, tzinfo=SOFTLAYER)),
    ('2025-01-31 14:30:05', datetime(2025, 1, 31, 14, 30, 5, tzinfo=SOFTLAYER)),
    ('2025-01-31T14:30:05Z', datetime(2025, 1, 31, 14, 30, 5, tzinfo=timezone.utc)),
    ('2025-01-31t14:30:05.999+01:00', datetime(2025, 1, 31, 14, 30, 5, tzinfo=timezone(timedelta(hours=1)))),
    ('2025-01-31T14:30:05-0530', datetime(2025, 1, 31, 14, 30, 5, tzinfo=timezone(-timedelta(hours=5, minutes=30)))),
])
def test_iso_dates_parse_without_offset_in_softlayer_standard_time(text, expected):
    assert ad.parse_date(text, 'created_after') == expected


@pytest.mark.parametrize('text', ['yesterday', '31/01/2025', '2025-1-31', '2025-02-30', '2025-01-31T25:00',
                                  '2025-01-31T10:00+25:00', '2025-01-31T10:00:00 CET'])
def test_malformed_dates_are_clear_errors_naming_the_option(text):
    with pytest.raises(InvalidInputError) as caught:
        ad.parse_date(text, 'modified_after')
    assert caught.value.option == 'modified_after'
    assert str(caught.value).startswith('modified_after ') and '2025-01-31' in str(caught.value)


def test_upper_bound_with_fraction_rounds_up_to_keep_it_exclusive():
    assert ad.parse_date('2025-01-31T10:00:00.2Z', 'x', round_up=True) == datetime(2025, 1, 31, 10, 0, 1, tzinfo=timezone.utc)
    assert ad.parse_date('2025-01-31T10:00:00.0Z', 'x', round_up=True) == datetime(2025, 1, 31, 10, 0, 0, tzinfo=timezone.utc)


# --------------------------------------------------------------------------- API dates


@pytest.mark.parametrize('text, offset', [
    ('2026-07-15T09:00:00-05:00', timedelta(hours=-5)),
    ('2026-07-15T15:00:00+01:00', timedelta(hours=1)),
    ('2026-07-15T06:00:00-08:00', timedelta(hours=-8)),
])
def test_api_dates_are_instants_whatever_offset_the_user_sees(text, offset):
    assert ad.read_api_date(text) == datetime(2026, 7, 15, 14, 0, tzinfo=timezone.utc)
    assert ad.offset_of(text) == offset


@pytest.mark.parametrize('text', [None, '', 'soon', 42])
def test_absent_or_unreadable_api_dates_are_none(text):
    assert ad.read_api_date(text) is None
    assert ad.offset_of(text) is None


def test_within_is_exclusive_and_rejects_missing_dates():
    after, before = datetime(2026, 7, 15, 14, 0, tzinfo=timezone.utc), datetime(2026, 7, 15, 16, 0, tzinfo=timezone.utc)
    assert ad.within('2026-07-15T09:00:01-05:00', after, before)
    assert not ad.within('2026-07-15T09:00:00-05:00', after, before)
    assert not ad.within('2026-07-15T17:00:00+01:00', after, before)
    assert ad.within('2026-07-15T16:59:59+01:00', after, before)
    assert not ad.within('', after) and not ad.within(None, before=before)
    assert ad.within(None)


# --------------------------------------------------------------------------- filter values


@pytest.mark.parametrize('name', EVERY_ZONE)
@pytest.mark.parametrize('moment', MOMENTS)
def test_without_the_users_offset_no_zone_reads_a_bound_on_the_wrong_side(name, moment):
    tz = zone(name)
    for fold in (0, 1):
        assert read_in(ad.filter_value(moment, 'lower'), tz, fold) <= moment
        assert read_in(ad.filter_value(moment, 'upper'), tz, fold) >= moment


@pytest.mark.parametrize('user', ['-08:00', '-06:00', '+01:00', 'America/Chicago', 'America/Los_Angeles', 'Europe/Paris'])
@pytest.mark.parametrize('moment', MOMENTS)
def test_with_the_users_offset_neither_their_zone_nor_softlayers_nor_utc_reads_a_lower_bound_late(user, moment):
    seen = moment.astimezone(zone(user)).utcoffset()
    value = ad.filter_value(moment, 'lower', seen=[seen])
    for reader in (user, '-06:00', 'America/Chicago', '+00:00'):
        for fold in (0, 1):
            read = read_in(value, zone(reader), fold)
            assert read <= moment, (reader, fold, value)
            # ... and never more than a few hours early: what a poll reads again.
            assert moment - read <= timedelta(hours=9), (reader, fold, value)


def test_the_old_fixed_minus_six_value_is_read_two_hours_late_by_a_utc_minus_8_server():
    """Why: the value on SoftLayer's clock, read on the user's, is a bound two hours after the cursor."""
    moment = datetime(2026, 7, 15, 14, 0, tzinfo=timezone.utc)
    old = moment.astimezone(SOFTLAYER).strftime(ad.FILTER_DATE_FORMAT)
    assert read_in(old, zone('-08:00'), 0) - moment == timedelta(hours=2)
    new = ad.filter_value(moment, 'lower', seen=[timedelta(hours=-8)])
    assert read_in(new, zone('-08:00'), 0) <= moment


def test_api_dates_sort_as_instants_not_as_text():
    # As text the -06:00 date sorts first; as instants (16:00 UTC against 15:00 UTC) it comes second.
    later, earlier = '2025-01-01T10:00:00-06:00', '2025-01-01T15:00:00+00:00'
    assert sorted([later, earlier], key=ad.api_date_order) == [earlier, later]
    assert sorted([later, 'soon', None], key=ad.api_date_order) == [None, later, 'soon']


def test_same_instant_ignores_the_offset_it_was_written_with():
    assert ad.same_instant('2025-01-01T10:00:00-06:00', '2025-01-01T16:00:00+00:00')
    assert not ad.same_instant('2025-01-01T10:00:00-06:00', '2025-01-01T10:00:00+00:00')
    assert not ad.same_instant(None, None)
