# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One device reference, two modules: sl_ticket and sl_ticket_info accept the same entries, or refuse them alike.

Both modules run whole (Ansible's argument handling included) over the emulated account, whose
object filters compare names exactly (case-sensitive ``in``), as the real API's do.
"""

from __future__ import annotations

import pytest

from ansible_collections.softlayer.support.plugins.modules import sl_ticket, sl_ticket_info
from ansible_collections.softlayer.support.tests.unit.plugins.emulated_api import SERVER_FILTERS, serve_filters

WEB01 = 1500101
ACCEPTED = [WEB01, str(WEB01), ' %d ' % WEB01, 'web01', 'WEB01', ' web01 ', 'web01.', 'web01.example.com',
            'Web01.Example.COM', 'web01.example.com.', ' WEB01.EXAMPLE.COM. ']
REFUSED = ['', '   ', '.']


@pytest.fixture(params=SERVER_FILTERS)
def account(request, emulated_api, monkeypatch):
    """The seeded account, plus one open ticket on web01 and one on web02, whatever the server does with filters."""
    serve_filters(emulated_api, monkeypatch, request.param)
    emulated_api.on_web01 = emulated_api.add_ticket('Fan noise on web01', hardware=['web01'])
    emulated_api.add_ticket('Fan noise on web02', hardware=['web02'])
    return emulated_api


def attach_with_sl_ticket(run_module, api, reference):
    """sl_ticket in check mode: finds, looks up and resolves the device, writes nothing."""
    return run_module(sl_ticket, {'title': 'Disk failure', 'subject': 'Hardware Issue', 'body': 'Disk 0 failed.',
                                  'hardware': [reference], '_ansible_check_mode': True}, sdk=api.sdk)


def filter_with_sl_ticket_info(run_module, api, reference):
    return run_module(sl_ticket_info, {'hardware': [reference]}, sdk=api.sdk)


@pytest.mark.parametrize('reference', ACCEPTED)
def test_both_modules_accept_the_same_reference_for_the_same_device(run_module, account, reference):
    attached = attach_with_sl_ticket(run_module, account, reference)
    assert not attached.failed, attached.result.get('msg')
    assert [d['id'] for d in attached.result['devices_attached']] == [WEB01]
    assert account.writes() == []

    found = filter_with_sl_ticket_info(run_module, account, reference)
    assert not found.failed, found.result.get('msg')
    assert [t['id'] for t in found.result['tickets']] == [account.on_web01]


@pytest.mark.parametrize('reference', REFUSED)
def test_both_modules_refuse_the_same_reference_with_the_same_message(run_module, account, reference):
    attached = attach_with_sl_ticket(run_module, account, reference)
    found = filter_with_sl_ticket_info(run_module, account, reference)
    assert attached.failed and found.failed
    assert attached.result['msg'] == found.result['msg'] == 'hardware: empty device reference'
    assert attached.result['option'] == found.result['option'] == 'hardware'


@pytest.mark.parametrize('reference', [None, {'id': 11}, ['web01']])
def test_both_modules_refuse_an_entry_that_is_no_reference_with_the_same_message(run_module, account, reference):
    attached = attach_with_sl_ticket(run_module, account, reference)
    found = filter_with_sl_ticket_info(run_module, account, reference)
    assert attached.failed and found.failed
    assert attached.result['msg'] == found.result['msg']
    assert attached.result['msg'].startswith('hardware entries must be device ids, hostnames or FQDNs, got ')
    assert attached.result['option'] == found.result['option'] == 'hardware'
