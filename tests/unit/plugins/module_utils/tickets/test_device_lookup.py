# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Device references (id, hostname, FQDN) looked up and resolved on the emulated account, with clear errors.

The seed holds servers web01, web02, db01, db02 (example.com) and two cache01 (dal10.example.com and
fra02.example.com), and virtual guests app01, app02, worker01 (example.com) and build01 (dev.example.com).
"""

from __future__ import annotations

import pytest

from ansible_collections.softlayer.support.plugins.module_utils.tickets import device_lookup as dl
from ansible_collections.softlayer.support.plugins.module_utils.tickets.devices import HARDWARE, VIRTUAL_GUEST
from ansible_collections.softlayer.support.plugins.module_utils.api.errors import InvalidInputError

WEB01, WEB02, DB01, CACHE01_DAL10, CACHE01_FRA02 = 1500101, 1500102, 1500103, 1500105, 1500106
APP01, APP02 = 91000001, 91000002


def looked_up(client, kind, references):
    """The ids of the devices the lookup's reads fetch from the account, per read."""
    return [sorted(device['id'] for device in read()) for read in dl.lookup_thunks(client, kind, references)]


def resolved(client, kind, references):
    """The lookup, then the resolution, as sl_ticket does it: the ids of the devices meant."""
    found = [device for read in dl.lookup_thunks(client, kind, references) for device in read()]
    return [d['id'] for d in dl.resolve_devices(kind, references, found, suggestions=lambda: dl.all_devices(client, kind))]


def test_lookup_fetches_only_the_devices_named_by_id_or_hostname(emulated_client):
    # One read by id, one by hostname: an FQDN is looked for by its first label, so both cache01 come back.
    assert looked_up(emulated_client, HARDWARE, ['web01.example.com', str(WEB02), 'Cache01']) == [
        [WEB02], [WEB01, CACHE01_DAL10, CACHE01_FRA02]]


def test_virtual_guests_are_looked_up_under_their_own_root(emulated_client, emulated_api):
    assert looked_up(emulated_client, VIRTUAL_GUEST, ['app01']) == [[APP01]]
    assert [c['method'] for c in emulated_api.sdk.calls] == ['getVirtualGuests']


def test_each_reference_resolves_to_one_device_once(emulated_client):
    assert resolved(emulated_client, HARDWARE, ['web01', 'web01.example.com', str(WEB02)]) == [WEB01, WEB02]
    (device,) = dl.resolve_devices(HARDWARE, ['web01'], dl.lookup_thunks(emulated_client, HARDWARE, ['web01'])[0]())
    assert device == {'id': WEB01, 'hostname': 'web01', 'domain': 'example.com', 'fqdn': 'web01.example.com'}


def test_ambiguous_hostname_names_both_fqdns(emulated_client):
    with pytest.raises(InvalidInputError) as caught:
        resolved(emulated_client, HARDWARE, ['cache01'])
    message = str(caught.value)
    assert "hardware 'cache01' is ambiguous" in message
    assert "'cache01.dal10.example.com' (id %d)" % CACHE01_DAL10 in message
    assert "'cache01.fra02.example.com' (id %d)" % CACHE01_FRA02 in message
    assert caught.value.option == 'hardware'


def test_fqdn_picks_one_of_the_same_hostnames(emulated_client):
    assert resolved(emulated_client, HARDWARE, ['cache01.fra02.example.com']) == [CACHE01_FRA02]


def test_unknown_device_suggests_close_names(emulated_client):
    with pytest.raises(InvalidInputError) as caught:
        resolved(emulated_client, HARDWARE, ['web03'])
    message = str(caught.value)
    assert message.startswith("hardware 'web03' was not found on this account")
    assert "did you mean 'web01.example.com' or 'web02.example.com'?" in message or \
        "did you mean 'web02.example.com' or 'web01.example.com'?" in message


def test_unknown_device_without_close_names_lists_the_known_ones(emulated_client):
    with pytest.raises(InvalidInputError) as caught:
        resolved(emulated_client, VIRTUAL_GUEST, ['zzzz'])
    assert ('known virtual guests: app01.example.com, app02.example.com, build01.dev.example.com, '
            'worker01.example.com') in str(caught.value)
    assert caught.value.option == 'virtual_guests'


def test_unknown_device_on_an_empty_account_says_so(emulated_client, emulated_api):
    emulated_api.emulator.apply(lambda state: state.tables['virtualGuests'].clear())
    with pytest.raises(InvalidInputError) as caught:
        resolved(emulated_client, VIRTUAL_GUEST, ['app01'])
    assert 'the account has no virtual guests' in str(caught.value)


def test_suggestions_are_read_only_when_a_device_is_unknown(emulated_client, emulated_api):
    assert resolved(emulated_client, HARDWARE, ['web02']) == [WEB02]
    assert [c['kwargs'].get('filter') is not None for c in emulated_api.sdk.calls] == [True]


def test_trailing_dot_and_case_resolve_like_the_plain_fqdn(emulated_client):
    # Names are sent as given and in lower case: the server compares them case-sensitively.
    assert looked_up(emulated_client, HARDWARE, ['WEB01.Example.com.']) == [[WEB01]]
    assert resolved(emulated_client, HARDWARE, ['web01.example.com.', 'WEB02.EXAMPLE.COM']) == [WEB01, WEB02]


def test_ids_given_as_numbers_or_digits_are_one_lookup(emulated_client):
    assert looked_up(emulated_client, VIRTUAL_GUEST, [APP02, ' %d ' % APP02, str(APP01)]) == [[APP01, APP02]]


def test_an_unknown_id_fetches_nothing_and_is_named(emulated_client):
    assert looked_up(emulated_client, HARDWARE, [WEB01 + 1000]) == [[]]
    with pytest.raises(InvalidInputError, match="hardware '%d' was not found" % (WEB01 + 1000)):
        resolved(emulated_client, HARDWARE, [WEB01 + 1000])


def test_an_empty_reference_is_refused_before_any_lookup(emulated_client, emulated_api):
    with pytest.raises(InvalidInputError) as caught:
        dl.lookup_thunks(emulated_client, VIRTUAL_GUEST, ['app01', ' . '])
    assert str(caught.value) == 'virtual_guests: empty device reference'
    assert emulated_api.sdk.calls == []


def test_unknown_reference_with_a_trailing_dot_still_gets_suggestions(emulated_client):
    with pytest.raises(InvalidInputError) as caught:
        resolved(emulated_client, HARDWARE, ['web03.example.com.'])
    assert "hardware 'web03.example.com.' was not found" in str(caught.value)
    assert "did you mean 'web0" in str(caught.value)
