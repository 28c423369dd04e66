# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""sl_ticket_events: SoftLayer support ticket events for Event-Driven Ansible (documented in DOCUMENTATION below)."""

from __future__ import annotations

import os
import sys

# The documentation form of Event-Driven Ansible collections (ansible.eda): DOCUMENTATION and EXAMPLES as YAML
# strings in the event source itself. antsibull-docs does not render event sources, so docs/sphinx/event_sources.py
# renders this into the docs site; tests/unit/extensions/test_sl_ticket_events_docs.py keeps it equal to the code.
DOCUMENTATION = r'''
name: sl_ticket_events
short_description: SoftLayer support ticket events (new tickets, staff updates, status changes) for Event-Driven Ansible
version_added: 0.2.0
description:
  - An event source for C(ansible-rulebook) (Event-Driven Ansible). It polls the SoftLayer (IBM Cloud classic
    infrastructure) account and puts one event on the queue for each change of a ticket.
  - "Event types: V(new_ticket), a ticket was opened; V(staff_update), SoftLayer staff (editor type C(EMPLOYEE))
    added an update; V(customer_update), the customer added an update; V(auto_update), one of SoftLayer's automated
    processes (editor type C(AUTO)) added an update; V(status_change), the ticket's status changed (C(Open),
    C(Assigned), C(Closed)). O(event_types) chooses which are reported."
  - "Every event has C(type); C(ticket), the ticket with the same keys as each of
    RV(softlayer.support.sl_ticket_info#module:tickets) of M(softlayer.support.sl_ticket_info); C(update) (C(id),
    C(create_date), C(editor_type), C(entry)) for update events; C(previous_status) and C(status) for status changes;
    C(meta.uuid), a name of the change that is the same in every run of the source; and C(meta.hosts), the fully
    qualified domain names of the devices attached to the ticket, comma separated (absent when none is attached), so
    that C(run_playbook) runs on exactly the ticket's hosts."
  - Tickets that M(softlayer.support.sl_ticket) marked as duplicates of an older ticket (its note for twins opened at
    the same moment by several controllers) are never reported, nor anything that happens to them later. A new
    ticket is therefore held back O(new_ticket_hold) seconds before it is reported.
  - A poll asks for the tickets modified since the last one. A poll that finds nothing new costs one API call; a poll
    with changes one call per O(page_size) changed tickets.
  - API faults are retried with the collection's retry policy, then at the next poll, from the same place. Bad
    arguments, bad credentials or an endpoint that is not the SoftLayer API stop the source with one line that
    never holds the API key.
  - The guide R(React to SoftLayer support,ansible_collections.softlayer.support.docsite.react_to_support) shows the
    example rulebook, what a poll costs and the delivery across crashes in detail.
author:
  - softlayer.support contributors (@softlayer-support)
requirements:
  - ansible-rulebook, which runs the source; V(feedback=true) needs ansible-rulebook 1.3 or later
  - Java 17 or later for ansible-rulebook's rule engine (Debian and Ubuntu, C(openjdk-17-jre-headless))
extends_documentation_fragment:
  - softlayer.support.connection
options:
  interval:
    description:
      - Seconds between polls.
    type: float
    default: 60
  event_types:
    description:
      - Which events to report. Changes of the other types are noted in the state but not reported.
    type: list
    elements: str
    choices: [new_ticket, staff_update, customer_update, auto_update, status_change]
    default: [new_ticket, staff_update, status_change]
  status:
    description:
      - Which tickets to report on.
      - V(open) reports on open tickets (C(Open) and C(Assigned)), including the change that closes one;
        V(closed) only on closed tickets; V(all) on every ticket.
    type: str
    choices: [open, closed, all]
    default: open
  state_file:
    description:
      - Where the source keeps what it reported (the newest modification date seen and, per ticket, the last update and
        the status), written atomically after each event is handed over.
      - With it, a restarted source reports every change made while it was down. Without it (or with an empty value),
        the first poll takes the account as it is and only later changes are reported.
      - A file that is not a state file of this source stops the source; it is never reset silently.
    type: path
  page_size:
    description:
      - Tickets per API call, between 1 and 1000.
    type: int
    default: 100
  new_ticket_hold:
    description:
      - Seconds a new ticket is held back before it is reported, so that a duplicate twin is recognised first.
        V(0) reports new tickets at once.
      - A held ticket costs one more API call per poll until it is reported.
    type: float
    default: 90
  feedback:
    description:
      - V(true) saves the state only once ansible-rulebook gives the event back on its feedback queue (its rule engine
        took it), instead of as soon as the event is on the queue.
      - Needs ansible-rulebook 1.3 or later, run with C(--persistence-id) and a persistence database (the
        C(drools_db_*) variables; for an H2 file, add C(;WRITE_DELAY=0) to C(drools_db_file_path)). See the notes.
      - A rulebook event filter that drops events leaves the source waiting for their feedback.
    type: bool
    default: false
notes:
  - "B(Delivery across crashes) (C(kill -9) of ansible-rulebook), with O(state_file): without O(feedback), an event
    on ansible-rulebook's queue that its rule engine has not taken yet is lost, and a crash between queueing an
    event and saving the state hands that event over again after the restart (the same C(meta.uuid))."
  - "With O(feedback=true) and ansible-rulebook's persistence, C(tests/eda/test_delivery.py) (run by the collection's
    CI against ansible-rulebook 1.3) kills ansible-rulebook, its rule engine, the source and any running playbook at
    several points of a stream of staff updates, from just after an update to just after its playbook ended, and
    starts it again. What it shows: no change is ever lost; a change whose playbook had not started at the kill runs
    exactly once; a playbook the kill interrupted runs again after the restart (at least once), so playbooks must be
    safe to repeat."
  - "What it does not show: a kill between the moment ansible-rulebook gives an event back and the moment the
    source saves its state. The restarted source then hands that event over again, with the same C(meta.uuid);
    ansible-rulebook's rule engine is expected to drop such a repeat (it remembers the C(meta.uuid) of the last
    events it took), but the test aims no kill at that window."
  - C(--persistence-id) without a database persists nothing, so an event the rule engine took whose playbook had
    not finished is lost in a crash.
seealso:
  - module: softlayer.support.sl_ticket_info
  - module: softlayer.support.sl_ticket
'''

EXAMPLES = r'''
# The source entry of a rulebook's "sources:". Credentials come from SL_USERNAME / SL_API_KEY or ~/.softlayer.
- softlayer.support.sl_ticket_events:
    interval: 60

# Staff updates and status changes of every ticket, remembered across restarts.
- softlayer.support.sl_ticket_events:
    event_types: [staff_update, status_change]
    status: all
    state_file: /var/lib/eda/sl_ticket_events.json

# Nothing lost across crashes: run ansible-rulebook 1.3 or later with --persistence-id 1 --vars vars.yml,
# where vars.yml holds  drools_db_file_path: "/var/lib/eda/sl-events;WRITE_DELAY=0"
- name: softlayer
  softlayer.support.sl_ticket_events:
    state_file: /var/lib/eda/sl_ticket_events.json
    feedback: true
'''

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
