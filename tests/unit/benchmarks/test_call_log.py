# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The benchmarks' round trips (benchmarks/call_log.py), on a call log recorded by ``scripts/bench --scenarios 7``.

call_log_sample.json is ``round_trips.operations[*].log`` of .build/bench/results.json from one run at
100 ms: the emulator's entries as the watcher stamped them.
"""

from __future__ import annotations

import json
import pathlib

import pytest

from ansible_collections.softlayer.support.benchmarks.call_log import round_trips, trip_methods, unsure

SAMPLE = json.loads((pathlib.Path(__file__).parent / 'call_log_sample.json').read_text())
OVERLAP_MS = SAMPLE['overlap_ms']
SEARCH = ['getTickets', 'getTickets']
LOOKUPS = ['getAllObjects', 'getCurrentUser', 'getHardware']
# What sl_ticket's flow makes (plugins/module_utils/sl_ticket/sync.py): two searches at once, the
# look-ups at once, the creation, the backstop's marker search, then one write after another.
EXPECTED = {
    'open: subject by name, one device': [SEARCH, LOOKUPS, ['createStandardTicket'], ['getTickets'],
                                          ['addAttachedHardware']],
    'open with evidence (an update)': [SEARCH, LOOKUPS, ['createStandardTicket'], ['getTickets'],
                                       ['addAttachedHardware'], ['addUpdate']],
    're-run with nothing to do': [SEARCH],
    'add evidence to the open ticket': [SEARCH, ['addUpdate']],
}


def call(seq, method, ended_ms, duration_ms=100.0, loose_ms=3.0):
    return {'seq': seq, 'method': method, 'duration_ms': duration_ms, 'seen_ms': ended_ms,
            'seen_after_ms': ended_ms - loose_ms}


@pytest.mark.parametrize('operation', sorted(EXPECTED))
def test_recorded_log_groups_into_the_round_trips_the_module_made(operation):
    log = SAMPLE['operations'][operation]
    trips = round_trips(log, OVERLAP_MS)
    assert trip_methods(trips) == EXPECTED[operation]
    assert sum(len(trip) for trip in trips) == len(log)
    assert unsure(log, OVERLAP_MS) == []


def test_the_recorded_open_is_eight_calls_in_five_round_trips_and_the_rerun_two_in_one():
    counts = {name: (len(log), len(round_trips(log, OVERLAP_MS))) for name, log in SAMPLE['operations'].items()}
    assert counts['open: subject by name, one device'] == (8, 5)
    assert counts['open with evidence (an update)'] == (9, 6)
    assert counts['re-run with nothing to do'] == (2, 1)


def test_a_call_made_right_after_another_ended_is_a_round_trip_of_its_own():
    # seen within 2 ms of each other's end, but the second started when the first had ended
    log = [call(1, 'createStandardTicket', 100.0), call(2, 'getTickets', 202.0)]
    assert trip_methods(round_trips(log, OVERLAP_MS)) == [['createStandardTicket'], ['getTickets']]


def test_calls_made_at_once_are_one_round_trip_whatever_order_they_ended_in():
    log = [call(3, 'getHardware', 104.0, duration_ms=101.0), call(1, 'getAllObjects', 101.0),
           call(2, 'getCurrentUser', 103.0, duration_ms=99.0)]
    assert trip_methods(round_trips(log, OVERLAP_MS)) == [LOOKUPS]


def test_calls_first_seen_after_a_stalled_poll_are_unsure():
    # the watcher did not poll for 150 ms: two calls in a row look as if made at once
    log = [call(1, 'createStandardTicket', 250.0, loose_ms=150.0), call(2, 'getTickets', 250.0, loose_ms=150.0)]
    assert [entry['seq'] for entry in unsure(log, OVERLAP_MS)] == [1, 2]
