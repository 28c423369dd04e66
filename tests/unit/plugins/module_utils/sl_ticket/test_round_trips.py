# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The round trips of each sl_ticket operation, pinned: a change that adds one fails here."""

from __future__ import annotations

import pytest

from ansible_collections.softlayer.support.plugins.module_utils.sl_ticket.sync import sync_ticket
from ansible_collections.softlayer.support.tests.unit.plugins.round_trips import RoundTrips

OPEN = {'title': 'Disk failure on web01', 'subject': 'Hardware Issue', 'body': 'Disk 0 failed.', 'hardware': ['web01']}


@pytest.fixture
def trips(monkeypatch, emulated_api):
    return RoundTrips(monkeypatch, emulated_api.sdk)


@pytest.fixture
def run(emulated_client, tmp_path):
    def runner(**params):
        return sync_ticket(emulated_client, params, warn=lambda message: None, lock_dir=str(tmp_path))
    return runner


def test_opening_with_a_subject_name_and_one_device(run, trips):
    run(**OPEN)
    assert trips.batches() == [
        ['getTickets', 'getTickets'],
        ['getAllObjects', 'getCurrentUser', 'getHardware'],
        ['createStandardTicket'],
        ['getTickets'],
        ['addAttachedHardware'],
    ]


def test_a_re_run_with_nothing_to_do_is_two_calls_in_one_round_trip(run, trips):
    run(**OPEN)
    since = trips.mark()
    run(**OPEN)
    assert trips.count(since) == (2, 1)
