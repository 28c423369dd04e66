# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one device-reference model (parse, match) and the one table of device kinds."""

from __future__ import annotations

import pytest

from ansible_collections.softlayer.support.plugins.module_utils.tickets import device_lookup
from ansible_collections.softlayer.support.plugins.module_utils.tickets import devices
from ansible_collections.softlayer.support.plugins.plugin_utils import inventory_source
from ansible_collections.softlayer.support.plugins.module_utils.tickets import fields as tickets
from ansible_collections.softlayer.support.plugins.module_utils.api.errors import InvalidInputError

WEB01 = {'id': 11, 'hostname': 'web01', 'domain': 'example.com', 'fqdn': 'web01.example.com'}
CACHE_DAL = {'id': 15, 'hostname': 'cache01', 'domain': 'dal10.example.com', 'fqdn': 'cache01.dal10.example.com'}
CACHE_FRA = {'id': 16, 'hostname': 'cache01', 'domain': 'fra02.example.com', 'fqdn': 'cache01.fra02.example.com'}


# -- parse -------------------------------------------------------------------------------------

@pytest.mark.parametrize('value, key, parsed', [
    (11, 'id', 11),
    ('11', 'id', 11),
    (' 11\n', 'id', 11),
    ('0011', 'id', 11),
    ('web01', 'hostname', 'web01'),
    ('  web01  ', 'hostname', 'web01'),
    ('WEB01', 'hostname', 'WEB01'),
    ('web01.', 'hostname', 'web01'),
    ('web01.example.com', 'fqdn', 'web01.example.com'),
    ('web01.example.com.', 'fqdn', 'web01.example.com'),
    (' Web01.Example.COM. ', 'fqdn', 'Web01.Example.COM'),
    ('web01.example.com..', 'fqdn', 'web01.example.com'),
    ('-5', 'hostname', '-5'),
    (-5, 'hostname', '-5'),
])
def test_parse_reads_ids_hostnames_and_fqdns(value, key, parsed):
    reference = devices.parse(value, 'hardware')
    assert (reference.key, reference.value) == (key, parsed)


def test_parse_keeps_the_entry_as_given_for_messages():
    assert str(devices.parse(' web01.example.com. ')) == 'web01.example.com.'
    assert str(devices.parse(11)) == '11'


def test_a_number_and_its_digits_are_the_same_reference():
    assert devices.parse(11) == devices.parse(' 11 ')
    assert devices.parse('web01.example.com.') == devices.parse('web01.example.com')
    assert devices.parse('web01') != devices.parse('web01.example.com')
    assert devices.parse('11') != devices.parse('web01')


def test_non_ascii_digits_are_a_name_not_an_id():
    # '²'.isdigit() is true, but int('²') fails: only ASCII digits are an id.
    assert devices.parse('²').key == 'hostname'


@pytest.mark.parametrize('value', ['', '   ', '.', ' .. '])
def test_an_empty_entry_is_refused_naming_the_option(value):
    with pytest.raises(InvalidInputError) as caught:
        devices.parse(value, 'virtual_guests')
    assert str(caught.value) == 'virtual_guests: empty device reference'
    assert caught.value.option == 'virtual_guests'


@pytest.mark.parametrize('value', [None, True, False, 1.5, {'name': 'web01'}, ['web01']])
def test_an_entry_that_is_neither_number_nor_text_is_refused(value):
    with pytest.raises(InvalidInputError) as caught:
        devices.parse(value, 'hardware')
    assert str(caught.value) == 'hardware entries must be device ids, hostnames or FQDNs, got %r' % (value,)
    assert caught.value.option == 'hardware'


def test_parse_without_an_option_says_device():
    with pytest.raises(InvalidInputError) as caught:
        devices.parse('')
    assert str(caught.value) == 'device: empty device reference'


def test_parse_returns_a_reference_as_it_is():
    reference = devices.parse('web01')
    assert devices.parse(reference) is reference


def test_parse_references_keeps_order_and_drops_repeats():
    references = devices.parse_references(['web01', 11, 'web01.', ' 11 ', 'WEB01', 'db01.example.com'], 'hardware')
    assert [(r.key, r.value) for r in references] == [
        ('hostname', 'web01'), ('id', 11), ('hostname', 'WEB01'), ('fqdn', 'db01.example.com')]
    assert devices.parse_references(None) == []


def test_parse_references_names_the_option_of_a_bad_entry():
    with pytest.raises(InvalidInputError) as caught:
        devices.parse_references(['web01', ' '], 'virtual_guests')
    assert caught.value.option == 'virtual_guests'


def test_a_reference_knows_its_short_hostname_and_search_spellings():
    fqdn = devices.parse('Web01.Example.com.')
    assert fqdn.hostname == 'Web01'
    assert fqdn.spellings() == ['Web01.Example.com', 'web01.example.com']
    assert devices.parse('web01').spellings() == ['web01']
    assert devices.parse(' 7 ').hostname is None
    assert devices.parse(' 7 ').spellings() == [7]


def test_a_reference_is_searched_by_stored_properties_only():
    # fullyQualifiedDomainName is computed: the API drops a filter on it, so an FQDN goes as hostname and domain.
    assert devices.parse('Web01.Example.com.').stored_values() == {
        'hostname': ['Web01', 'web01'], 'domain': ['Example.com', 'example.com']}
    assert devices.parse('db01.dal10.example.com').stored_values() == {
        'hostname': ['db01'], 'domain': ['dal10.example.com']}
    assert devices.parse('web01').stored_values() == {'hostname': ['web01']}
    assert devices.parse(' 7 ').stored_values() == {'id': [7]}


def test_an_fqdn_matches_a_device_whose_fqdn_was_not_read_by_hostname_and_domain():
    device = {'id': 1, 'hostname': 'web01', 'domain': 'example.com', 'fqdn': None}
    assert devices.parse('WEB01.example.com').matches(device)
    assert not devices.parse('web01.example.org').matches(device)


# -- matches -----------------------------------------------------------------------------------

@pytest.mark.parametrize('value, expected', [
    (11, True), ('11', True), (' 11 ', True),
    ('web01', True), ('WEB01', True), ('Web01 ', True), ('web01.', True),
    ('web01.example.com', True), ('WEB01.EXAMPLE.COM', True), ('web01.example.com.', True),
    (12, False), ('web02', False), ('web01.example.org', False), ('example.com', False), ('web', False),
])
def test_matches_by_id_hostname_or_fqdn_in_any_case(value, expected):
    assert devices.parse(value).matches(WEB01) is expected


def test_a_short_hostname_means_every_domain_an_fqdn_one():
    short, fra = devices.parse('cache01'), devices.parse('cache01.fra02.example.com.')
    assert [short.matches(d) for d in (CACHE_DAL, CACHE_FRA)] == [True, True]
    assert [fra.matches(d) for d in (CACHE_DAL, CACHE_FRA)] == [False, True]


def test_matches_a_device_without_names():
    bare = {'id': 11, 'hostname': None, 'domain': None, 'fqdn': None}
    assert devices.parse('11').matches(bare)
    assert not devices.parse('web01').matches(bare)
    assert not devices.parse('web01.example.com').matches(bare)


def test_matches_any_takes_references_or_entries():
    assert devices.matches_any(['db01', devices.parse('WEB01.example.com.')], WEB01)
    assert not devices.matches_any(['db01', 12], WEB01)
    assert not devices.matches_any([], WEB01)


def test_ambiguous_hostname_is_refused_by_the_lookup_naming_both():
    raw = [{'id': d['id'], 'hostname': d['hostname'], 'domain': d['domain'], 'fullyQualifiedDomainName': d['fqdn']}
           for d in (CACHE_DAL, CACHE_FRA)]
    with pytest.raises(InvalidInputError) as caught:
        device_lookup.resolve_devices(devices.HARDWARE, ['CACHE01.'], raw)
    assert "hardware 'CACHE01.' is ambiguous" in str(caught.value)
    assert [d['id'] for d in device_lookup.resolve_devices(devices.HARDWARE, ['Cache01.Fra02.Example.com.'], raw)] == [16]


# -- records -----------------------------------------------------------------------------------

def test_normalise_device_and_describe():
    raw = {'id': 11, 'hostname': 'web01', 'domain': 'example.com', 'fullyQualifiedDomainName': 'web01.example.com'}
    assert devices.normalise_device(raw) == WEB01
    assert devices.describe(WEB01) == 'web01.example.com'
    assert devices.describe({'id': 3, 'hostname': 'db01', 'fqdn': None}) == 'db01'
    assert devices.describe({'id': 3, 'hostname': None, 'fqdn': None}) == '3'


@pytest.mark.parametrize('device, fqdn, name', [
    (WEB01, 'web01.example.com', 'web01.example.com'),
    ({'id': 3, 'hostname': 'db01', 'domain': 'example.com', 'fqdn': None}, 'db01.example.com', 'db01.example.com'),
    ({'id': 3, 'hostname': 'db01', 'domain': None, 'fqdn': None}, None, 'db01'),
    ({'id': 3, 'hostname': None, 'domain': 'example.com', 'fqdn': None}, None, None),
])
def test_one_rule_forms_a_devices_full_and_display_name(device, fqdn, name):
    assert devices.fqdn_of(device) == fqdn
    assert devices.display_name(device) == name
    # A reference by FQDN finds the device by the same rule.
    assert devices.parse('DB01.example.com').matches(device) is (fqdn == 'db01.example.com')


# -- the kind table ----------------------------------------------------------------------------

def test_the_kinds_are_hardware_then_virtual_guests():
    assert devices.KINDS == (devices.HARDWARE, devices.VIRTUAL_GUEST)
    assert [k.name for k in devices.KINDS] == ['hardware', 'virtual_guest']
    assert [k.option for k in devices.KINDS] == ['hardware', 'virtual_guests']
    assert list(devices.KINDS_BY_OPTION) == ['hardware', 'virtual_guests']
    assert list(devices.KINDS_BY_NAME) == ['hardware', 'virtual_guest']


@pytest.mark.parametrize('kind, row', [
    (devices.HARDWARE, {
        'label': 'hardware', 'plural': 'hardware', 'account_method': 'getHardware', 'account_root': 'hardware',
        'relation': 'attachedHardware', 'attach_method': 'addAttachedHardware', 'ticket_field': 'attached_hardware',
        'mask_type': 'SoftLayer_Hardware_Server', 'status_mask': 'hardwareStatus[status]',
        'inventory_group': 'sl_hardware'}),
    (devices.VIRTUAL_GUEST, {
        'label': 'virtual guest', 'plural': 'virtual guests', 'account_method': 'getVirtualGuests',
        'account_root': 'virtualGuests', 'relation': 'attachedVirtualGuests', 'attach_method': 'addAttachedVirtualGuest',
        'ticket_field': 'attached_virtual_guests', 'mask_type': 'SoftLayer_Virtual_Guest',
        'status_mask': 'status[keyName]', 'inventory_group': 'sl_virtual_guests'}),
])
def test_each_kind_carries_every_fact_about_it(kind, row):
    assert {name: getattr(kind, name) for name in row} == row


def test_the_normalised_ticket_and_the_masks_follow_the_table():
    # Every device read names DEVICE_FIELDS, once per kind in a ticket, and normalise_device reads each of them.
    mask = tickets.ticket_mask()
    ticket = tickets.normalise_ticket({'attachedHardware': [], 'attachedVirtualGuests': []})
    for kind in devices.KINDS:
        assert '%s[%s]' % (kind.relation, devices.DEVICE_FIELDS) in mask
        assert ticket[kind.ticket_field] == []
    assert mask.count('[%s]' % devices.DEVICE_FIELDS) == len(devices.KINDS)
    assert device_lookup.DEVICE_MASK == 'mask[%s]' % devices.DEVICE_FIELDS
    assert sorted(devices.normalise_device({})) == ['domain', 'fqdn', 'hostname', 'id']
    assert len(devices.DEVICE_FIELDS.split(',')) == len(devices.normalise_device({}))


def test_every_user_reads_the_one_table():
    # The inventory's kinds are the same rows.
    assert list(inventory_source.DEVICE_KINDS.values()) == list(devices.KINDS)
