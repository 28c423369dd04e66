# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The calls and round trips of each ibm_case operation, run as a user runs it (main()), pinned.

A run is a new process, so it asks IAM for a token first (``get_token``). The case modules make their
calls one at a time: each call is a round trip (tests/unit/plugins/round_trips.py). A change that
adds a call fails here; docs/docsite/rst/support_center_cases.rst quotes these figures.
"""

from __future__ import annotations

import pytest

from ansible_collections.softlayer.support.plugins.modules import ibm_case, ibm_case_info
from ansible_collections.softlayer.support.tests.unit.plugins.emulated_cloud import CRN
from ansible_collections.softlayer.support.tests.unit.plugins.round_trips import RoundTrips

OPEN = {'subject': 'Disk failure on web01', 'description': 'The second disk fails.', 'offering': 'cloud-object-storage',
        'severity': 3, 'hardware': ['web01'], 'crns': [CRN], 'watchlist': ['ops-analyst@example.com']}


@pytest.fixture
def trips(monkeypatch, cloud):
    return RoundTrips(monkeypatch, cloud.api.sdk, cloud.emulator)


@pytest.fixture
def play(run_module, cloud):
    """Run a case module with the emulator's IBM Cloud options; fail the test if the module failed."""
    def run(module, **args):
        params = cloud.params()
        params.pop('ibm_timeout')
        outcome = run_module(module, dict(params, **args), sdk=cloud.api.sdk, softlayer_defaults=False)
        assert not outcome.failed, outcome.result
        return outcome.result
    return run


SEARCH = ['get_token'], ['get_cases']  # every run: a token, then the one search for the case by its marker


def test_opening_is_six_calls_one_at_a_time(play, trips):
    result = play(ibm_case, **OPEN)
    assert result['created']
    # The server by hostname, the offering by key; CRN, server and watcher go in the create itself; then the
    # backstop's search for a twin another controller opened at the same moment.
    assert trips.batches() == [*SEARCH, ['getHardware'], ['get_technical_offerings'], ['create_case'], ['get_cases']]
    trips.assert_recorded('case_open')


def test_check_mode_reads_what_the_real_run_reads_and_writes_nothing(play, trips):
    play(ibm_case, _ansible_check_mode=True, **OPEN)
    assert trips.batches() == [*SEARCH, ['getHardware'], ['get_technical_offerings']]


def test_a_re_run_with_nothing_to_do_is_a_token_and_one_search(play, trips):
    play(ibm_case, **OPEN)
    since = trips.mark()
    result = play(ibm_case, **OPEN)
    assert not result['changed']
    # The server is already on the case (by its FQDN): no SoftLayer look-up, no offerings list.
    assert trips.batches(since) == [*SEARCH]
    assert trips.count(since) == (2, 2)
    trips.assert_recorded('case_rerun', since)


def test_adding_a_comment_is_the_search_and_the_comment(play, trips):
    play(ibm_case, **OPEN)
    since = trips.mark()
    result = play(ibm_case, comment='It failed again at 03:10.', **OPEN)
    assert result['changed'] and not result['created']
    assert trips.batches(since) == [*SEARCH, ['add_comment']]
    trips.assert_recorded('case_comment', since)


def test_reading_a_case_with_its_ticket_is_three_calls(play, trips):
    number = play(ibm_case, **OPEN)['case']['number']
    since = trips.mark()
    play(ibm_case_info, number=number, include_softlayer_tickets=True, group_by_host=True)
    assert trips.batches(since) == [['get_token'], ['get_case'], ['getTickets']]
    trips.assert_recorded('case_info', since)
