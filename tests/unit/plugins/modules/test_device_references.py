# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One device reference, two modules: sl_ticket and sl_ticket_info accept the same entries, or refuse them alike.

Both modules run whole (Ansible's argument handling included) over a fake SDK that
compares names exactly, as the emulator's ``in`` filter does.
"""

from __future__ import annotations

import pytest

from ansible_collections.softlayer.support.plugins.module_utils.sl_ticket import run_lock
from ansible_collections.softlayer.support.plugins.modules import sl_ticket, sl_ticket_info

WEB01 = {'id': 11, 'hostname': 'web01', 'domain': 'example.com', 'fullyQualifiedDomainName': 'web01.example.com'}
WEB02 = {'id': 12, 'hostname': 'web02', 'domain': 'example.com', 'fullyQualifiedDomainName': 'web02.example.com'}
HARDWARE = [WEB01, WEB02]
SUBJECT = {'id': 1021, 'name': 'Hardware Issue'}
USER = {'id': 7001, 'username': 'ansible-demo', 'firstName': 'Ansible', 'lastName': 'Demo'}
# One open ticket per server.
TICKETS = [
    {'id': 100 + d['id'], 'title': 'Disk failure on %s' % d['hostname'], 'subjectId': 1021, 'subject': SUBJECT,
     'statusId': 1001, 'status': {'id': 1001, 'name': 'Open'}, 'createDate': '2025-01-01T10:00:00-06:00',
     'attachedHardware': [d], 'attachedVirtualGuests': []}
    for d in HARDWARE
]

ACCEPTED = [11, '11', ' 11 ', 'web01', 'WEB01', ' web01 ', 'web01.', 'web01.example.com', 'Web01.Example.COM',
            'web01.example.com.', ' WEB01.EXAMPLE.COM. ']
REFUSED = ['', '   ', '.']


@pytest.fixture(autouse=True)
def private_lock_dir(monkeypatch, tmp_path):
    monkeypatch.setattr(run_lock.tempfile, 'gettempdir', lambda: str(tmp_path))


def _in(leaf, value):
    """An exact "in" leaf, as the emulator applies it (case-sensitive)."""
    return value in leaf['options'][0]['value']


def _devices(**kwargs):
    branch = (kwargs.get('filter') or {}).get('hardware', {})
    return [dict(d) for d in HARDWARE
            if all(_in(leaf, d[key]) for key, leaf in branch.items() if leaf.get('operation') == 'in')]


def _tickets(**kwargs):
    relation = (kwargs.get('filter') or {}).get('tickets', {}).get('attachedHardware')
    if relation is None:
        # sl_ticket's identity searches: no ticket of that title is open yet.
        return []
    # One attached device must satisfy every condition (an FQDN is sent as hostname and domain).
    return [dict(t) for t in TICKETS
            if any(all(_in(leaf, d[key]) for key, leaf in relation.items()) for d in t['attachedHardware'])]


@pytest.fixture
def account(fake_sdk):
    fake_sdk.responses.update({
        ('SoftLayer_Account', 'getTickets'): _tickets,
        ('SoftLayer_Account', 'getHardware'): _devices,
        ('SoftLayer_Account', 'getCurrentUser'): lambda **kw: dict(USER),
        ('SoftLayer_Ticket_Subject', 'getAllObjects'): lambda **kw: [dict(SUBJECT)],
    })
    return fake_sdk


def attach_with_sl_ticket(run_module, sdk, reference):
    """sl_ticket in check mode: finds, looks up and resolves the device, writes nothing."""
    return run_module(sl_ticket, {'title': 'Disk failure', 'subject': 'Hardware Issue', 'body': 'Disk 0 failed.',
                                  'hardware': [reference], '_ansible_check_mode': True}, sdk=sdk)


def filter_with_sl_ticket_info(run_module, sdk, reference):
    return run_module(sl_ticket_info, {'hardware': [reference]}, sdk=sdk)


@pytest.mark.parametrize('reference', ACCEPTED)
def test_both_modules_accept_the_same_reference_for_the_same_device(run_module, account, reference):
    attached = attach_with_sl_ticket(run_module, account, reference)
    assert not attached.failed, attached.result.get('msg')
    assert [d['id'] for d in attached.result['devices_attached']] == [11]

    found = filter_with_sl_ticket_info(run_module, account, reference)
    assert not found.failed, found.result.get('msg')
    assert [t['id'] for t in found.result['tickets']] == [111]


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
