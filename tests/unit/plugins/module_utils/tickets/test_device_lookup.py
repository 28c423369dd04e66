# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Device references (id, hostname, FQDN) resolved on the account, with clear errors."""

from __future__ import annotations

import pytest

from ansible_collections.softlayer.support.plugins.module_utils.tickets import device_lookup as dl
from ansible_collections.softlayer.support.plugins.module_utils.tickets.devices import HARDWARE, VIRTUAL_GUEST
from ansible_collections.softlayer.support.plugins.module_utils.api.errors import InvalidInputError


def raw(device_id, hostname, domain):
    return {'id': device_id, 'hostname': hostname, 'domain': domain,
            'fullyQualifiedDomainName': '%s.%s' % (hostname, domain)}


FLEET = [raw(11, 'web01', 'example.com'), raw(12, 'web02', 'example.com'),
         raw(15, 'cache01', 'dal10.example.com'), raw(16, 'cache01', 'fra02.example.com')]


def normalised(devices):
    return [{'id': d['id'], 'hostname': d['hostname'], 'domain': d['domain'], 'fqdn': d['fullyQualifiedDomainName']}
            for d in devices]


def test_lookup_asks_only_for_the_ids_and_hostnames_named():
    filters = dl.lookup_filters(HARDWARE, ['web01.example.com', '12', 'Cache01'])
    assert filters == [
        {'hardware': {'id': {'operation': 'in', 'options': [{'name': 'data', 'value': [12]}]}}},
        {'hardware': {'hostname': {'operation': 'in', 'options': [
            {'name': 'data', 'value': ['Cache01', 'cache01', 'web01']}]}}},
    ]


def test_virtual_guests_are_looked_up_under_their_own_root():
    assert dl.lookup_filters(VIRTUAL_GUEST, ['app01']) == [
        {'virtualGuests': {'hostname': {'operation': 'in', 'options': [{'name': 'data', 'value': ['app01']}]}}}]


def test_each_reference_resolves_to_one_device_once():
    devices = dl.resolve_devices(HARDWARE, ['web01', 'web01.example.com', '12'], FLEET)
    assert [d['id'] for d in devices] == [11, 12]
    assert devices[0] == {'id': 11, 'hostname': 'web01', 'domain': 'example.com', 'fqdn': 'web01.example.com'}


def test_ambiguous_hostname_names_both_fqdns():
    with pytest.raises(InvalidInputError) as caught:
        dl.resolve_devices(HARDWARE, ['cache01'], FLEET)
    message = str(caught.value)
    assert "hardware 'cache01' is ambiguous" in message
    assert "'cache01.dal10.example.com' (id 15)" in message and "'cache01.fra02.example.com' (id 16)" in message
    assert caught.value.option == 'hardware'


def test_fqdn_picks_one_of_the_same_hostnames():
    assert [d['id'] for d in dl.resolve_devices(HARDWARE, ['cache01.fra02.example.com'], FLEET)] == [16]


def test_unknown_device_suggests_close_names():
    with pytest.raises(InvalidInputError) as caught:
        dl.resolve_devices(HARDWARE, ['web03'], [], suggestions=lambda: normalised(FLEET))
    message = str(caught.value)
    assert message.startswith("hardware 'web03' was not found on this account")
    assert "did you mean 'web01.example.com' or 'web02.example.com'?" in message or \
        "did you mean 'web02.example.com' or 'web01.example.com'?" in message


def test_unknown_device_without_close_names_lists_the_known_ones():
    with pytest.raises(InvalidInputError) as caught:
        dl.resolve_devices(VIRTUAL_GUEST, ['zzzz'], [], suggestions=lambda: normalised(FLEET[:2]))
    assert 'known virtual guests: web01.example.com, web02.example.com' in str(caught.value)
    assert caught.value.option == 'virtual_guests'


def test_unknown_device_on_an_empty_account_says_so():
    with pytest.raises(InvalidInputError) as caught:
        dl.resolve_devices(VIRTUAL_GUEST, ['app01'], [], suggestions=lambda: [])
    assert 'the account has no virtual guests' in str(caught.value)


def test_suggestions_are_read_only_when_a_device_is_unknown():
    def boom():
        raise AssertionError('suggestions must not be read')
    dl.resolve_devices(HARDWARE, ['web02'], FLEET, suggestions=boom)


def test_trailing_dot_and_case_resolve_like_the_plain_fqdn():
    filters = dl.lookup_filters(HARDWARE, ['WEB01.Example.com.'])
    assert filters == [{'hardware': {'hostname': {'operation': 'in', 'options': [
        {'name': 'data', 'value': ['WEB01', 'web01']}]}}}]
    assert [d['id'] for d in dl.resolve_devices(HARDWARE, ['web01.example.com.', 'WEB02.EXAMPLE.COM'], FLEET)] == [11, 12]


def test_ids_given_as_numbers_or_digits_are_one_lookup():
    assert dl.lookup_filters(VIRTUAL_GUEST, [12, ' 12 ', '7']) == [
        {'virtualGuests': {'id': {'operation': 'in', 'options': [{'name': 'data', 'value': [7, 12]}]}}}]


def test_an_empty_reference_is_refused_before_any_lookup():
    with pytest.raises(InvalidInputError) as caught:
        dl.lookup_filters(VIRTUAL_GUEST, ['app01', ' . '])
    assert str(caught.value) == 'virtual_guests: empty device reference'


def test_unknown_reference_with_a_trailing_dot_still_gets_suggestions():
    with pytest.raises(InvalidInputError) as caught:
        dl.resolve_devices(HARDWARE, ['web03.example.com.'], [], suggestions=lambda: normalised(FLEET))
    assert "hardware 'web03.example.com.' was not found" in str(caught.value)
    assert "did you mean 'web0" in str(caught.value)
