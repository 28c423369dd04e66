# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""sl_ticket attaches devices and files the ticket lacks, and refuses bad ones before any write.

The account is the API emulator's seed (tests/emulator/sl_emulator/data/seed.json), in-process;
the fixtures are in conftest.py.
"""

from __future__ import annotations

import pytest

from ansible_collections.softlayer.support.plugins.module_utils.api.errors import InvalidInputError
from ansible_collections.softlayer.support.tests.unit.plugins.module_utils.sl_ticket.sync_harness import CREATE, WEB01, WEB02, CACHE01_FRA02, APP01, methods


def test_attached_device_is_skipped_without_a_lookup(sync, api):
    ticket_id = api.add_ticket('t', hardware=['web01'])
    result = sync(ticket_id=ticket_id, hardware=['web01.example.com', str(WEB01), 'WEB01'])
    assert result['changed'] is False
    assert methods(api.sdk) == ['getObject']


def test_devices_by_hostname_fqdn_and_id_are_attached(sync, api):
    ticket_id = api.add_ticket('t')
    result = sync(ticket_id=ticket_id, hardware=['web02', 'cache01.fra02.example.com', str(WEB01)],
                  virtual_guests=['app01'])
    assert sorted(d['id'] for d in result['devices_attached']) == [WEB01, WEB02, CACHE01_FRA02, APP01]
    # Made at once (one round trip), so in any order; reported in the order given.
    assert sorted(api.writes()) == ['addAttachedHardware'] * 3 + ['addAttachedVirtualGuest']
    assert [d['id'] for d in result['devices_attached']] == [WEB02, CACHE01_FRA02, WEB01, APP01]
    assert sorted(d['id'] for d in result['ticket']['attached_hardware']) == [WEB01, WEB02, CACHE01_FRA02]


def test_ambiguous_hostname_fails_naming_both_fqdns_before_any_write(sync, api):
    with pytest.raises(InvalidInputError) as caught:
        sync(**dict(CREATE, hardware=['cache01']))
    assert 'cache01.dal10.example.com' in str(caught.value) and 'cache01.fra02.example.com' in str(caught.value)
    assert api.writes() == []


def test_unknown_device_fails_with_suggestions_before_any_write(sync, api):
    with pytest.raises(InvalidInputError) as caught:
        sync(**dict(CREATE, hardware=['web1']))
    assert "did you mean 'web01.example.com'" in str(caught.value)
    assert api.writes() == []


def test_file_is_uploaded_once(sync, api, log_file):
    ticket_id = api.add_ticket('t')
    result = sync(ticket_id=ticket_id, attachments=[log_file])
    assert result['files_uploaded'] == ['controller.log']
    upload = [c for c in api.sdk.calls if c['method'] == 'addAttachedFile'][0]
    assert upload['args'][0] == {'filename': 'controller.log', 'data': b'raid log\n'}
    assert result['ticket']['attached_file_count'] == 1
    before = len(api.sdk.calls)
    again = sync(ticket_id=ticket_id, attachments=[log_file])
    assert again['changed'] is False
    assert api.writes() == ['addAttachedFile']
    assert methods(api.sdk, before) == ['getObject']


def test_extension_not_on_the_whitelist_fails_before_any_write(sync, api, tmp_path):
    bad = tmp_path / 'payload.exe'
    bad.write_bytes(b'MZ')
    with pytest.raises(InvalidInputError) as caught:
        sync(update='x', attachments=[str(bad)], **CREATE)
    allowed = ', '.join(sorted(api.emulator.state.extension_whitelist))  # the seed's: 7z, bmp, ... log, ... zip
    assert str(caught.value).startswith('attachments: SoftLayer does not accept payload.exe (allowed extensions: %s)' % allowed)
    assert api.writes() == []


def test_missing_file_fails_before_any_api_call(sync, api, tmp_path):
    with pytest.raises(InvalidInputError, match='does not exist'):
        sync(attachments=[str(tmp_path / 'nope.log')], **CREATE)
    assert api.sdk.calls == []


def test_two_files_with_one_name_fail_before_any_api_call(sync, api, tmp_path, log_file):
    other = tmp_path / 'sub'
    other.mkdir()
    (other / 'controller.log').write_text('x')
    with pytest.raises(InvalidInputError, match='same file name'):
        sync(attachments=[log_file, str(other / 'controller.log')], **CREATE)
    assert api.sdk.calls == []
