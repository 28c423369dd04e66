# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""sl_ticket_events: SoftLayer support ticket events for Event-Driven Ansible.

Polls the SoftLayer account and puts one event on the queue for each:

- ``new_ticket``: a ticket was opened;
- ``staff_update``: SoftLayer staff (editor type EMPLOYEE) added an update;
- ``customer_update``: the customer added an update (not reported unless asked for);
- ``auto_update``: a SoftLayer automated process (editor type AUTO) added an update
  (not reported unless asked for);
- ``status_change``: the ticket's status changed (Open, Assigned, Closed).

Every event has ``type``, ``ticket`` (the ticket with the same keys as
softlayer.support.sl_ticket_info returns), ``update`` for update events,
``previous_status`` and ``status`` for status changes, ``meta.uuid`` (the same
for the same change in every run) and ``meta.hosts``: the FQDNs of the ticket's
attached devices, comma separated (absent when none), so ``run_playbook`` runs
on exactly the affected hosts.

Tickets that softlayer.support.sl_ticket marked as duplicates of an older ticket
(its note for twins opened at once by several controllers) are never reported,
nor anything after; a new ticket is therefore held back ``new_ticket_hold``
seconds. A twin marked later than that is reported as new_ticket (its later
updates are not).

Arguments:
    username, api_key, endpoint_url, timeout, proxy, validate_certs, ca_bundle, config_file:
        as the collection's modules, with the same fallbacks (SL_USERNAME,
        SL_API_KEY, SL_ENDPOINT_URL, SL_CA_BUNDLE, then the SDK's config file ~/.softlayer).
    interval: seconds between polls (default 60). A poll that finds nothing
        new costs one API call; one with changes one call per 100 changed tickets.
    event_types: which events to report (default new_ticket, staff_update,
        status_change).
    status: which tickets to report on: open (default: open ones, and the
        closing of an open one), closed or all.
    state_file: where to keep what was reported. With it a restarted source
        reports every change made while it was down; without it the first poll
        takes the account as it is and reports only later changes.
    page_size: tickets per API call (default 100).
    new_ticket_hold: seconds a new ticket is held back, so that a duplicate twin
        is recognised first (default 90; 0 reports at once). A held ticket costs
        one more call per poll.
    feedback: true to save the state only once ansible-rulebook's feedback queue
        gives the event back (ansible-rulebook 1.3+, with --persistence-id and a
        database: drools_db_file_path, H2, with ";WRITE_DELAY=0", or PostgreSQL).

Delivery across crashes (kill -9), with state_file:
    without feedback, an event queued but not yet taken by the rule engine when
    ansible-rulebook dies is lost, and one queued just before a crash may come
    again (same meta.uuid). With feedback and persistence no change is lost; an
    event handed over again is dropped by the rule engine by its meta.uuid; a
    playbook the crash interrupted runs again (at least once). --persistence-id
    without a database persists nothing: a taken event whose playbook had not
    finished is lost. With feedback, a rulebook event filter that drops events
    leaves the source waiting.

API faults are retried with the collection's retry policy, then at the next
poll; bad arguments or credentials stop the source with one line.

Example:
    - name: React to SoftLayer support
      hosts: all
      sources:
        - softlayer.support.sl_ticket_events:
            interval: 60
            state_file: /var/lib/eda/sl_ticket_events.json
            feedback: true   # with --persistence-id and drools_db_* variables
      rules:
        - name: Staff asked something about a server
          condition: event.type == "staff_update" and event.meta.hosts is defined
          action:
            run_playbook:
              name: answer_softlayer.yml
"""

from __future__ import annotations

import os
import sys

try:
    from ansible_collections.softlayer.support.plugins.plugin_utils.ticket_events import run
except ImportError:
    # ansible-rulebook runs this file by path: make its collection tree importable.
    sys.path.insert(0, os.path.abspath(os.path.join(os.path.dirname(__file__), *(['..'] * 7))))
    from ansible_collections.softlayer.support.plugins.plugin_utils.ticket_events import run


class SourceStoppedError(Exception):
    """The source cannot go on (bad arguments or credentials); the message is one line without the key."""


async def main(queue, args):
    """The event source entry point ansible-rulebook awaits."""
    stopped = await run(queue, dict(args or {}))
    if stopped:
        raise SourceStoppedError(stopped)


if __name__ == '__main__':
    import asyncio

    class _PrintQueue:
        async def put(self, event):
            print(event)  # noqa: T201

    asyncio.run(main(_PrintQueue(), {'interval': 5}))
