# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The rules of the backstop for several controllers: which twin is the oldest, and the note that marks the others.

The flow (sl_ticket/backstop.py) is tested in sl_ticket/test_sync_backstop.py.
"""

from __future__ import annotations

from ansible_collections.softlayer.support.plugins.module_utils.tickets.duplicates import (
    DUPLICATE_LABEL,
    duplicate_note,
    is_duplicate,
    oldest_twin,
    opened_before,
    without_duplicates,
)


def test_opened_before_compares_creation_time_then_id():
    early = {'id': 9, 'createDate': '2026-01-01T10:00:00-06:00'}
    late = {'id': 3, 'createDate': '2026-01-01T10:00:01-06:00'}
    assert opened_before(early, late) and not opened_before(late, early)
    same_second = {'id': 10, 'createDate': early['createDate']}
    assert opened_before(early, same_second) and not opened_before(same_second, early)
    # Another offset, same moment: the id decides.
    utc = {'id': 8, 'createDate': '2026-01-01T16:00:00+00:00'}
    assert opened_before(utc, early)
    assert opened_before({'id': 1}, {'id': 2, 'createDate': 'garbage'})


def test_oldest_twin_is_the_oldest_other_ticket_opened_before_own():
    own = {'id': 12, 'createDate': '2026-01-01T10:00:05-06:00'}
    older = {'id': 11, 'createDate': '2026-01-01T10:00:03-06:00'}
    oldest = {'id': 10, 'createDate': '2026-01-01T10:00:01-06:00'}
    newer = {'id': 13, 'createDate': '2026-01-01T10:00:09-06:00'}
    assert oldest_twin(own, [own, older, newer, oldest])['id'] == 10
    assert oldest_twin(own, [own, newer]) is None
    assert oldest_twin(oldest, [own, older, oldest, newer]) is None


def test_the_note_marks_a_ticket_and_names_the_older_one():
    note = duplicate_note({'id': 500, 'serviceProviderResourceId': 'CS0000500'})
    assert note.startswith('This ticket duplicates ticket 500 (CS0000500),')
    assert note.endswith('%s 500' % DUPLICATE_LABEL)
    marked = {'id': 501, 'updates': [{'entry': 'body'}, {'entry': note}]}
    plain = {'id': 502, 'updates': [{'entry': 'body'}, {'entry': 'duplicates ticket 500 by hand'}]}
    assert is_duplicate(marked) and not is_duplicate(plain)
    assert without_duplicates([marked, plain]) == [plain]
