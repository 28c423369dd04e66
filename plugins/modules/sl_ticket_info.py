#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: sl_ticket_info
short_description: Read SoftLayer support tickets, optionally grouped by host
version_added: 0.1.0
description:
  - Returns SoftLayer (IBM Cloud classic infrastructure) support tickets of the account, either exactly
    the tickets named by O(ticket_id) or those matching a query.
  - Every query option becomes part of an object filter, so the API sends few tickets beyond the matching
    ones. Every ticket that comes back is checked against the options again, because the API silently
    ignores a filter it cannot apply and then returns every ticket. All query options given must match
    (they are combined with AND).
  - Lists are read in pages (see O(page_size)) sorted by creation date and then ticket id, so no ticket
    is missed or returned twice when pages change under the query; O(limit) stops reading early.
  - With O(group_by_host=true) the tickets are also returned per attached device, so one task run
    once for a play serves every host of an inventory (see the examples).
  - Only reads. Never reports a change.
author:
  - softlayer.support contributors (@softlayer-support)
extends_documentation_fragment:
  - softlayer.support.connection
  - softlayer.support.attributes.info_module
options:
  ticket_id:
    description:
      - Return exactly these tickets (a single number is accepted too).
      - They are read with one filtered list call per O(page_size) ids, not one call per ticket.
      - A ticket that does not exist on the account fails the task with a message naming its id.
      - Cannot be combined with the query options O(status), O(title), O(title_contains), O(subject),
        O(hardware), O(virtual_guests), O(created_after), O(created_before), O(modified_after),
        O(awaiting_customer), O(last_edit_type), O(priority) or O(limit).
      - An empty list returns no tickets and makes no API call.
    type: list
    elements: int
  status:
    description:
      - Which tickets a query reads.
      - V(open) reads the tickets that still accept updates, status C(Open) or C(Assigned), by status
        id (C(Account::getOpenTickets) may leave Assigned tickets out, so it is not used);
        V(closed) the closed ones, V(all) both.
      - If not set, V(open).
    type: str
    choices: [open, closed, all]
  title:
    description:
      - Only tickets titled exactly this, as given or in the form SoftLayer stores standard tickets in,
        C(<subject name> - <title>). V(Dead Drive) finds C(Dead Drive) and C(Hardware Issue - Dead Drive),
        not C(Old Dead Drive).
      - Tickets whose stored title is only the subject name cannot be found by the title they were opened
        with; M(softlayer.support.sl_ticket) finds its own by their identity marker.
      - Mutually exclusive with O(title_contains).
    type: str
  title_contains:
    description:
      - Only tickets whose title contains this text, ignoring case.
      - Mutually exclusive with O(title).
    type: str
  subject:
    description:
      - Only tickets with this subject, by name (case-insensitive) or id.
      - Costs one extra call to read the subjects. A name or id that is not a subject fails the task,
        suggesting the closest subject names. M(softlayer.support.sl_ticket_subject_info) lists them.
    type: str
  hardware:
    description:
      - Only tickets attached to any of these bare metal servers.
      - Each entry is a device id (a number), a fully qualified domain name (a name with a dot, for example
        V(web01.example.com)) or a short hostname (for example V(web01)). A short hostname matches every
        server with that hostname, in any domain.
      - Names match in any case; surrounding spaces and a trailing dot (V(web01.example.com.)) are ignored.
        M(softlayer.support.sl_ticket) reads the same references the same way.
      - When both O(hardware) and O(virtual_guests) are given, a ticket attached to any of the devices of
        either list matches.
      - A device that does not exist, or has no tickets, matches nothing. An empty list matches nothing.
    type: list
    elements: raw
  virtual_guests:
    description:
      - Only tickets attached to any of these virtual server instances, given as for O(hardware).
    type: list
    elements: raw
  created_after:
    description:
      - Only tickets created after this moment (exclusive).
      - An ISO 8601 date or date and time, for example V(2025-01-31), V(2025-01-31T14:30:00) or
        V(2025-01-31T14:30:00+01:00). A date alone means the start of that day. Without a UTC offset
        the time is in SoftLayer's standard time, UTC-6; give the offset to be exact.
      - The dates the API returns carry the offset of the user's own time zone where one is set, and the
        zone the API reads a filter date in is not documented, so the API is asked for a range wide
        enough for any zone and every ticket is then checked against the exact moment; the bounds hold
        whatever the user's time zone.
      - Must be earlier than O(created_before). Quote the value in YAML.
    type: str
  created_before:
    description:
      - Only tickets created before this moment (exclusive), written as for O(created_after).
    type: str
  modified_after:
    description:
      - Only tickets modified after this moment (exclusive), written as for O(created_after).
    type: str
  awaiting_customer:
    description:
      - V(true) keeps only tickets waiting on the customer (SoftLayer staff spoke last on an open ticket,
        SoftLayer's C(awaitingUserResponseFlag)), V(false) only the others.
      - The flag is computed by SoftLayer, and the API ignores a filter on it; with V(true) the API is asked
        for tickets last edited by staff (C(lastEditType) V(EMPLOYEE), unless O(last_edit_type) is given) and
        the flag is checked on each ticket returned.
    type: bool
    version_added: 0.2.0
  last_edit_type:
    description:
      - Only tickets last edited by one of these kinds of editor.
      - V(USER) is the customer, V(EMPLOYEE) SoftLayer staff, V(AUTO) an automated process.
      - Applied by the API as an object filter, and checked again on each ticket returned.
    type: list
    elements: str
    choices: [USER, EMPLOYEE, AUTO]
    version_added: 0.2.0
  priority:
    description:
      - Only tickets with one of these priorities, the severity SoftLayer records (C(SoftLayer_Ticket_Priority)), namely
        V(1) critical impact, service down; V(2) significant business impact; V(3) minor business impact;
        V(4) minimal business impact; V(0) no priority (tickets opened without one, and on accounts whose
        support plan does not take priorities).
      - Applied by the API as an object filter, and checked again on each ticket returned.
    type: list
    elements: int
    choices: [0, 1, 2, 3, 4]
    version_added: 0.2.0
  summary:
    description:
      - Return RV(summary) instead of tickets; RV(tickets) is then an empty list.
      - Counts the account's tickets by status and the open ones waiting on the customer from the API's own
        counts, in 3 calls made at once, however many tickets the account has.
      - Cannot be combined with O(ticket_id), the query options, O(include_updates), O(include_attachments)
        or O(group_by_host).
    type: bool
    version_added: 0.2.0
    default: false
  sort:
    description:
      - The order of RV(tickets), by creation date with ties broken by ticket id.
      - Together with O(limit), decides which tickets are returned (the newest or the oldest).
      - SoftLayer cannot sort and filter one property, so a query that filters on the creation date
        (O(created_after), O(created_before)) is read in ticket id order and then sorted by creation
        date; with O(limit) it keeps the tickets with the highest (V(newest)) or lowest (V(oldest)) ids,
        which SoftLayer gives out in creation order.
    type: str
    choices: [newest, oldest]
    default: newest
  limit:
    description:
      - Return at most this many tickets, in the O(sort) order; reading stops as soon as they are read.
      - If not set, every matching ticket is returned.
    type: int
  page_size:
    description:
      - How many tickets each API call reads, between 1 and 1000.
      - The default of 100 is the page size of the SoftLayer SDK and CLI. Larger pages mean fewer calls,
        but very large results (especially with O(include_updates=true)) can make the API fail with an
        C(Internal Error).
    type: int
    default: 100
  include_updates:
    description:
      - Also return each ticket's updates (the conversation), read in the same call as the ticket.
    type: bool
    default: false
  include_attachments:
    description:
      - Also return each ticket's attached files (names and sizes, not contents) and additional e-mail
        addresses, read in the same call as the ticket.
    type: bool
    default: false
  group_by_host:
    description:
      - Also return RV(tickets_by_host), the tickets per attached device.
      - Costs no extra API call.
    type: bool
    default: false
notes:
  - Reading every open ticket of an account with O(group_by_host=true) takes one call per O(page_size)
    open tickets, however many hosts the play has; one task per host would take at least one call per host.
  - A query with both short hostnames and FQDNs (or ids), or with both O(hardware) and O(virtual_guests),
    runs one filtered list per kind of value, because one object filter cannot match either of two
    properties; tickets found by several are returned once.
  - SoftLayer computes a device's C(fullyQualifiedDomainName) and ignores a filter on it, so an FQDN is
    searched by its hostname and domain, and each ticket returned is kept only when an attached device has
    that FQDN. Likewise the creation and modification dates, the status, title and subject are checked on
    every ticket returned.
  - With O(limit), tickets are read in pages of O(limit) tickets until that many pass the checks (one page
    when the API applied every filter).
seealso:
  - module: softlayer.support.sl_ticket
  - module: softlayer.support.sl_ticket_subject_info
'''

EXAMPLES = r'''
- name: Every open ticket of the account, newest first
  softlayer.support.sl_ticket_info:
  register: open_tickets

- name: Two tickets by number, with their conversation
  softlayer.support.sl_ticket_info:
    ticket_id: [148350001, 148350002]
    include_updates: true
  register: two_tickets

- name: Open hardware tickets about disks attached to two servers
  softlayer.support.sl_ticket_info:
    subject: Hardware Issue
    title_contains: disk
    hardware:
      - web01.example.com
      - db01
  register: disk_tickets

- name: Open tickets of critical or significant business impact (priority 1 or 2)
  softlayer.support.sl_ticket_info:
    priority: [1, 2]
  register: urgent_tickets

- name: The 10 most recent closed tickets created in January 2025 (UTC)
  softlayer.support.sl_ticket_info:
    status: closed
    created_after: "2024-12-31T23:59:59Z"
    created_before: "2025-02-01T00:00:00Z"
    limit: 10

- name: Open tickets where SoftLayer staff wrote last and wait for our answer
  softlayer.support.sl_ticket_info:
    awaiting_customer: true
    last_edit_type: [EMPLOYEE]
  register: waiting_on_us

- name: How many tickets are open, assigned, closed, and waiting on us (3 calls)
  softlayer.support.sl_ticket_info:
    summary: true
  register: ticket_counts

- name: Tickets touched in the last day, of any status
  softlayer.support.sl_ticket_info:
    status: all
    modified_after: "{{ '%Y-%m-%dT%H:%M:%S+00:00' | strftime(now(utc=true).timestamp() - 86400, utc=true) }}"

# The inventory pattern, in a play over your hosts: one API query for the whole play, then each host reads
# its own entry. tickets_by_host holds each device's hostname and its FQDN, so inventory_hostname may be either.
- name: Read the open tickets of the account once, grouped by host
  softlayer.support.sl_ticket_info:
    status: open
    group_by_host: true
  delegate_to: localhost
  run_once: true
  register: open_tickets

- name: Each host picks its own tickets
  ansible.builtin.set_fact:
    my_open_tickets: "{{ open_tickets.tickets_by_host[inventory_hostname] | default([]) }}"
'''

RETURN = r'''
tickets:
  description:
    - The tickets, in the O(sort) order, at most O(limit).
    - Each has the same shape as the RV(softlayer.support.sl_ticket#module:ticket) that
      M(softlayer.support.sl_ticket) returns.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: The ticket number.
      type: int
      sample: 123456
    title:
      description:
        - The title as SoftLayer stores it, usually C(<subject name> - <title>); the subject name alone
          or the title as given on some accounts.
      type: str
      sample: Hardware Issue - Disk failure on web01
    status:
      description: The status name, V(Open), V(Assigned) or V(Closed).
      type: str
      sample: Open
    status_id:
      description: The status id.
      type: int
      sample: 1001
    subject:
      description: The subject name.
      type: str
      sample: Hardware Issue
    subject_id:
      description: The subject id.
      type: int
      sample: 1021
    priority:
      description: The priority, 0 (none) or 1 (critical) to 4 (minimal impact).
      type: int
      sample: 2
    case_number:
      description: The ticket's IBM Cloud Support Center case number (C(serviceProviderResourceId), C(Case_Number) in C(slcli)).
      type: str
      sample: CS1234567
    service_provider_resource_id:
      description: The same as C(case_number), under SoftLayer's property name (kept from 0.1.0).
      type: str
      sample: CS1234567
    create_date:
      description: When the ticket was created, ISO 8601 with the offset the API writes (the user's own time zone where one is set, else UTC-6).
      type: str
      sample: "2025-01-07T09:37:30-06:00"
    modify_date:
      description: When the ticket was last modified.
      type: str
      sample: "2025-01-08T10:00:00-06:00"
    last_edit_date:
      description: When the ticket was last edited.
      type: str
      sample: "2025-01-08T10:00:00-06:00"
    last_edit_type:
      description: Who edited last, V(USER), V(EMPLOYEE) or V(AUTO).
      type: str
      sample: EMPLOYEE
    awaiting_customer:
      description:
        - Whether the ticket waits on the customer (SoftLayer staff spoke last on an open ticket),
          SoftLayer's C(awaitingUserResponseFlag).
        - V(null) when the API does not say.
      type: bool
      sample: true
    last_update:
      description:
        - The most recent update, or V(null) for a ticket without updates.
      type: dict
      contains:
        id:
          description: The update id.
          type: int
        create_date:
          description: When the update was posted.
          type: str
        editor_type:
          description: Who posted it, V(USER), V(EMPLOYEE) or V(AUTO).
          type: str
        entry:
          description: The text.
          type: str
    assigned_user:
      description: The portal user the ticket is assigned to, or V(null).
      type: dict
      contains:
        id:
          description: The user id.
          type: int
        username:
          description: The user name.
          type: str
        first_name:
          description: The first name.
          type: str
        last_name:
          description: The last name.
          type: str
    notify_user:
      description: Whether SoftLayer e-mails the ticket's user (and its additional e-mail addresses) on updates.
      type: bool
      sample: true
    update_count:
      description: How many updates the ticket has.
      type: int
      sample: 2
    attached_file_count:
      description: How many files are attached.
      type: int
      sample: 1
    final_comments:
      description: What the customer wrote when the ticket was closed (set once), or V(null).
      type: str
      sample: null
    attached_hardware:
      description: The attached bare metal servers.
      type: list
      elements: dict
      contains:
        id:
          description: The device id.
          type: int
          sample: 1500101
        hostname:
          description: The short hostname.
          type: str
          sample: web01
        domain:
          description: The domain.
          type: str
          sample: example.com
        fqdn:
          description: The fully qualified domain name.
          type: str
          sample: web01.example.com
    attached_virtual_guests:
      description: The attached virtual server instances.
      type: list
      elements: dict
      contains:
        id:
          description: The device id.
          type: int
          sample: 91000001
        hostname:
          description: The short hostname.
          type: str
          sample: app01
        domain:
          description: The domain.
          type: str
          sample: example.com
        fqdn:
          description: The fully qualified domain name.
          type: str
          sample: app01.example.com
    updates:
      description:
        - The updates, oldest first. On a ticket M(softlayer.support.sl_ticket) opened, the first is the
          body with its identity marker.
      returned: when O(include_updates=true)
      type: list
      elements: dict
      contains:
        id:
          description: The update id.
          type: int
        create_date:
          description: When the update was posted.
          type: str
        editor_type:
          description: Who posted it, V(USER), V(EMPLOYEE) or V(AUTO).
          type: str
        entry:
          description: The text.
          type: str
    attached_files:
      description: The attached files (not their contents).
      returned: when O(include_attachments=true)
      type: list
      elements: dict
      contains:
        id:
          description: The attachment id.
          type: int
        file_name:
          description: The file name.
          type: str
        file_size:
          description: The size in bytes.
          type: int
        create_date:
          description: When it was attached.
          type: str
    additional_emails:
      description: The additional e-mail addresses notified of updates, sorted.
      returned: when O(include_attachments=true)
      type: list
      elements: str
summary:
  description:
    - The account's ticket counts, taken from the API's counts (not by listing the tickets).
  returned: when O(summary=true)
  type: dict
  contains:
    open:
      description: Tickets with status C(Open).
      type: int
      sample: 4
    assigned:
      description: Tickets with status C(Assigned).
      type: int
      sample: 2
    closed:
      description: Closed tickets.
      type: int
      sample: 130
    total:
      description: All tickets of the account.
      type: int
      sample: 136
    open_awaiting_customer:
      description:
        - Open tickets waiting on the customer (SoftLayer staff spoke last), as SoftLayer counts them
          (the account's C(openTicketsWaitingOnCustomerCount)).
        - V(open) and V(assigned) are counted by an explicit status filter each; V(closed) and V(total) are
          the account's C(closedTicketCount) and C(ticketCount).
      type: int
      sample: 1
tickets_by_host:
  description:
    - For every device attached to one of RV(tickets), its short hostname and its FQDN, each mapped to
      that device's tickets (same shape and order as RV(tickets)).
    - A short hostname shared by devices in several domains collects the tickets of all of them;
      use the FQDN keys when hostnames repeat.
    - With O(hardware) or O(virtual_guests), holds only the devices asked for, and every hostname and FQDN
      asked for has a key, an empty list when it has no matching ticket.
    - Without those options, a host with no ticket has no key; read it with C(| default([])).
  returned: when O(group_by_host=true)
  type: dict
  sample:
    web01:
      - id: 123456
        title: Disk failure on web01
    web01.example.com:
      - id: 123456
        title: Disk failure on web01
retries:
  description:
    - How many API calls of this run had to be retried (after a rate-limit refusal, a lost connection,
      a time-out or an HTTP 5xx). V(0) on a run that met no trouble.
    - From 3 on, the run also warns, naming how many followed a rate-limit refusal.
  returned: always
  type: int
  sample: 0
'''

from ansible_collections.softlayer.support.plugins.module_utils.module import SoftLayerModule
from ansible_collections.softlayer.support.plugins.module_utils.api.client import DEFAULT_PAGE_SIZE
from ansible_collections.softlayer.support.plugins.module_utils.sl_ticket_info.query import QUERY_OPTIONS, run
from ansible_collections.softlayer.support.plugins.module_utils.tickets.fields import EDIT_TYPES


def main():
    module = SoftLayerModule(
        argument_spec={
            'ticket_id': {'type': 'list', 'elements': 'int'},
            'status': {'type': 'str', 'choices': ['open', 'closed', 'all']},
            'title': {'type': 'str'},
            'title_contains': {'type': 'str'},
            'subject': {'type': 'str'},
            'hardware': {'type': 'list', 'elements': 'raw'},
            'virtual_guests': {'type': 'list', 'elements': 'raw'},
            'created_after': {'type': 'str'},
            'created_before': {'type': 'str'},
            'modified_after': {'type': 'str'},
            'sort': {'type': 'str', 'choices': ['newest', 'oldest'], 'default': 'newest'},
            'limit': {'type': 'int'},
            'page_size': {'type': 'int', 'default': DEFAULT_PAGE_SIZE},
            'include_updates': {'type': 'bool', 'default': False},
            'include_attachments': {'type': 'bool', 'default': False},
            'group_by_host': {'type': 'bool', 'default': False},
            'awaiting_customer': {'type': 'bool'},
            'last_edit_type': {'type': 'list', 'elements': 'str', 'choices': list(EDIT_TYPES)},
            'priority': {'type': 'list', 'elements': 'int', 'choices': [0, 1, 2, 3, 4]},
            'summary': {'type': 'bool', 'default': False},
        },
        # ticket_id names the tickets; the query options select tickets by content.
        mutually_exclusive=[('ticket_id', option) for option in QUERY_OPTIONS] + [('title', 'title_contains')],
    )
    module.run(lambda client: dict(run(client, module.params), changed=False))


if __name__ == '__main__':
    main()
