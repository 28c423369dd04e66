# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which twin is kept: the rule tickets (tickets/duplicates.py) and cases (ibm_cases/identity.py) share."""

from __future__ import annotations

from ansible_collections.softlayer.support.plugins.module_utils.concurrent_runs.twins import OpeningOrder

ORDER = OpeningOrder(created=lambda record: record.get('at'), serial=lambda record: record['n'])


def test_creation_time_decides_and_the_serial_only_breaks_ties_or_fills_gaps():
    assert ORDER.opened_before({'n': 9, 'at': 1}, {'n': 3, 'at': 2})
    assert not ORDER.opened_before({'n': 3, 'at': 2}, {'n': 9, 'at': 1})
    assert ORDER.opened_before({'n': 3, 'at': 1}, {'n': 4, 'at': 1})
    assert ORDER.opened_before({'n': 3}, {'n': 4, 'at': 0})


def test_the_oldest_and_the_newest_of_several():
    records = [{'n': 2, 'at': 5}, {'n': 1, 'at': 7}, {'n': 3, 'at': 5}]
    assert ORDER.oldest(records)['n'] == 2 and ORDER.newest(records)['n'] == 1
    assert ORDER.oldest([]) is None and ORDER.newest([]) is None


def test_every_run_hands_over_to_the_same_oldest_twin_and_its_opener_keeps_it():
    twins = [{'n': 12, 'at': 5}, {'n': 11, 'at': 3}, {'n': 10, 'at': 1}, {'n': 13, 'at': 9}]
    kept = [ORDER.oldest_twin(own, twins) for own in twins]
    assert [twin and twin['n'] for twin in kept] == [10, 10, None, 10]
