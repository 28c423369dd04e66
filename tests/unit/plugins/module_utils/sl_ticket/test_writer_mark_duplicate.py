# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The backstop's write through either writer: the API writer posts the note once, the dry run answers it.

The account is the API emulator's seed (tests/emulator/sl_emulator/data/seed.json), in-process.
"""

from __future__ import annotations

import pytest

from ansible_collections.softlayer.support.plugins.module_utils.sl_ticket.plan import MarkDuplicate, Outcome
from ansible_collections.softlayer.support.plugins.module_utils.sl_ticket.reads import read_ticket
from ansible_collections.softlayer.support.plugins.module_utils.sl_ticket.writer import ApiWriter, DryRunWriter
from ansible_collections.softlayer.support.plugins.module_utils.tickets.duplicates import duplicate_note, is_duplicate
from ansible_collections.softlayer.support.plugins.module_utils.tickets.fields import normalise_ticket


@pytest.fixture
def twins(emulated_api, emulated_client):
    """(own ticket as read, older ticket as read): two open tickets, the newer one this run's."""
    older = emulated_api.add_ticket('Disk failure on web01', create_date='2026-01-01T09:59:59-06:00')
    own = emulated_api.add_ticket('Disk failure on web01')
    return read_ticket(emulated_client, own), read_ticket(emulated_client, older)


def test_the_api_writer_posts_the_note_once_and_answers_the_update_stored(emulated_api, emulated_client, twins):
    own, older = twins
    note = duplicate_note(older)
    stored = ApiWriter(emulated_client).mark_duplicate(own, older['id'], note)
    assert [u['entry'] for u in stored] == [note] and stored[0]['id'] is not None
    assert emulated_api.writes() == ['addUpdate']
    assert is_duplicate(emulated_api.ticket(own['id']))


def test_a_lost_note_that_landed_is_found_not_posted_again(emulated_api, emulated_client, twins):
    own, older = twins
    warnings = []
    emulated_api.lose('addUpdate')
    stored = ApiWriter(emulated_client, warn=warnings.append).mark_duplicate(own, older['id'], duplicate_note(older))
    assert [u['entry'] for u in stored] == [duplicate_note(older)]
    assert emulated_api.writes() == ['addUpdate'] and len(warnings) == 1
    assert emulated_api.entries(own['id']).count(duplicate_note(older)) == 1


def test_the_dry_run_writes_nothing_and_answers_the_note_as_the_api_stores_it(emulated_api, twins):
    own, older = twins
    stored = DryRunWriter().mark_duplicate(own, older['id'], duplicate_note(older))
    assert stored == [{'id': None, 'createDate': None, 'editorType': 'USER', 'entry': duplicate_note(older)}]
    assert emulated_api.writes() == []


def test_the_step_records_the_same_under_both_writers(emulated_client, twins):
    own, older = twins
    results = []
    for writer in (DryRunWriter(), ApiWriter(emulated_client)):
        outcome = Outcome()
        outcome.raw, outcome.created = dict(own, updates=list(own['updates'])), True
        MarkDuplicate(older).apply(writer, outcome)
        ticket = normalise_ticket(outcome.raw)
        results.append((outcome.created, outcome.duplicate_ticket_id, ticket['update_count'],
                        ticket['last_update']['entry'], ticket['last_edit_type'], ticket['awaiting_customer']))
    assert results[0] == results[1] == (False, own['id'], 2, duplicate_note(older), 'USER', False)
