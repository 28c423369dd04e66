# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which of several twins is kept: records (tickets, cases) that concurrent runs opened at once for one identity.

The rule of both backstops for several controllers (sl_ticket/backstop.py, ibm_cases/backstop.py), pure:
the oldest twin is kept, by creation time, then by its serial number (ids and case numbers grow).

Why the oldest: every run agrees on it without talking to the others. The oldest was opened before
any other run's twin, so every run's second look, which comes after its own opening, finds it.
(The newest would differ from run to run.)
"""

from __future__ import annotations


class OpeningOrder:
    """The order in which records were opened, read by ``created(record)`` (a comparable, or None) and ``serial(record)``."""

    def __init__(self, created, serial):
        self.created = created
        self.serial = serial

    def opened_before(self, record, other):
        """True when ``record`` was opened before ``other``: by creation time, then by serial (when a time is missing or equal)."""
        first, second = self.created(record), self.created(other)
        if first is None or second is None or first == second:
            return self.serial(record) < self.serial(other)
        return first < second

    def oldest(self, records):
        """The record opened first, or None for no records."""
        return _first(records, self.opened_before)

    def newest(self, records):
        """The record opened last, or None for no records."""
        return _first(records, lambda later, earlier: self.opened_before(earlier, later))

    def oldest_twin(self, own, candidates):
        """The oldest candidate opened before ``own`` (the twin this run hands over to), or None when ``own`` is kept."""
        return self.oldest(record for record in candidates
                           if self.serial(record) != self.serial(own) and self.opened_before(record, own))


def _first(records, comes_before):
    """The record that ``comes_before`` every other one, or None for no records."""
    first = None
    for record in records:
        if first is None or comes_before(record, first):
            first = record
    return first
