# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""sl_ticket's runs take turns on one controller: one ticket opened, nothing posted twice.

The account is the API emulator's seed (tests/emulator/sl_emulator/data/seed.json), in-process;
the fixtures are in conftest.py.
"""

from __future__ import annotations

import contextlib
import threading

from ansible_collections.softlayer.support.plugins.module_utils.concurrent_runs import run_lock
from ansible_collections.softlayer.support.plugins.module_utils.api.client import SoftLayerClient
from ansible_collections.softlayer.support.plugins.module_utils.api.retries import RetryPolicy
from ansible_collections.softlayer.support.plugins.module_utils.sl_ticket.request import TicketRequest, ticket_lock_path
from ansible_collections.softlayer.support.plugins.module_utils.sl_ticket.sync import TicketSync, sync_ticket
from ansible_collections.softlayer.support.plugins.module_utils.sl_ticket.writer import ApiWriter
from ansible_collections.softlayer.support.tests.unit.plugins.module_utils.sl_ticket.sync_harness import API_KEY, CREATE, methods


def test_concurrent_runs_for_one_identity_open_one_ticket(api, tmp_path):
    api.delay('createStandardTicket', 0.2)
    sdk = api.sdk
    results, errors = [], []

    def one_run():
        client = SoftLayerClient(sdk, secrets=[API_KEY], retry_policy=RetryPolicy(retries=0), timeout=5)
        try:
            results.append(sync_ticket(client, dict(CREATE, update='same evidence'), lock_dir=str(tmp_path)))
        except Exception as error:  # pylint: disable=broad-except
            errors.append(error)

    threads = [threading.Thread(target=one_run) for unused in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    assert len(api.new_tickets()) == 1
    assert sum(1 for r in results if r['created']) == 1
    assert api.writes().count('createStandardTicket') == 1
    assert api.writes().count('addUpdate') == 1


def test_ticket_found_by_title_is_read_again_if_a_run_by_id_held_it(sync, api, tmp_path):
    ticket_id = api.add_ticket('Disk failure on web01', hardware=['web01'])
    path = ticket_lock_path(('', ''), ticket_id, str(tmp_path))

    def release_later():
        with run_lock.identity_lock(path):
            started.set()
            # Meanwhile a run by id posts the evidence.
            threading.Event().wait(0.3)
            api.post_by_hand(ticket_id, 'evidence')

    started = threading.Event()
    holder = threading.Thread(target=release_later)
    holder.start()
    started.wait(5)
    result = sync(update='evidence', **CREATE)
    holder.join(5)
    assert result['changed'] is False
    assert methods(api.sdk) == ['getTickets', 'getTickets', 'getObject']
    assert api.writes() == []


def test_the_run_holds_the_identity_lock_from_its_first_read_to_its_last_write(api, emulated_client, tmp_path):
    ticket_id = api.add_ticket(CREATE['title'])
    held = []

    @contextlib.contextmanager
    def recording_lock(path, describe):
        held.append(('take', describe, len(api.sdk.calls)))
        with run_lock.identity_lock(path, describe=describe) as waited:
            yield waited
        held.append(('release', describe, len(api.sdk.calls)))

    request = TicketRequest(dict(CREATE, update='evidence'))
    writer = ApiWriter(emulated_client)
    TicketSync(emulated_client, request, writer, lock=recording_lock, lock_dir=str(tmp_path)).run()
    calls = len(api.sdk.calls)
    assert methods(api.sdk)[-2:] == ['addAttachedHardware', 'addUpdate']
    identity, ticket = request.describe(), 'ticket %s' % ticket_id
    # The ticket found is locked too, for the writes: a run by ticket_id takes that lock as its identity's.
    assert held == [('take', identity, 0), ('take', ticket, 2), ('release', ticket, calls), ('release', identity, calls)]
