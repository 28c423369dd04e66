#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: sl_ticket
short_description: Open SoftLayer support tickets and add updates, devices, files and e-mails idempotently
version_added: 0.1.0
description:
  - Makes sure a SoftLayer (IBM Cloud classic infrastructure) support ticket exists and carries the given
    update, devices, files and additional e-mail addresses, writing only what is missing.
  - "The ticket is found like this: with O(ticket_id), exactly that ticket. Without it, an open ticket
    (status C(Open) or C(Assigned), asked for by status id, so a ticket a technician has picked up is
    still found) titled O(title), or one this module opened for that O(title) (see the identity marker
    below). O(match) narrows the search or turns it off."
  - "B(Titles as SoftLayer stores them): SoftLayer stores a standard ticket's title as
    C(<subject name> - <title>) (for example C(Hardware Issue - Disk failure on web01)), and may store
    only the subject name or keep the title as given. A ticket titled O(title) or
    C(<its subject name> - )O(title) matches; one stored with the subject name alone is found by its
    identity marker. RV(ticket.title) is the title as stored."
  - When several open tickets match, the newest is used and a warning names the others.
  - When none matches, a standard ticket is opened with O(title), O(subject) and O(body), and then the
    devices, e-mails, files and update are added to it.
  - "B(Identity marker): a ticket this module opens carries, in its first update (the body), a last line
    C(Ansible softlayer.support.sl_ticket reference: sl-ticket-<16 hex digits>.<12 hex digits>).
    The first 16 digits are derived from the title (the first 16 hex digits of the SHA-256 of O(title)),
    the other 12 are random per creation. SoftLayer may store the title of a standard ticket as the name
    of its subject; the marker lets later runs find the ticket anyway. A body longer than a
    SoftLayer update holds gets the marker as its first line instead. Do not remove it from the body."
  - Nothing is ever posted twice. O(update) is skipped when the same text is already on the ticket,
    compared across the pieces of 3900 characters that SoftLayer cuts long text into, ignoring whitespace.
    Devices already attached and files already attached by name are skipped.
  - Every check (subject, devices, files and their extensions, e-mail addresses, a closed ticket) happens
    before the first write, so a task that fails on bad input has written nothing.
  - If the response to a write is lost (time-out or dropped connection after the API committed it),
    the module looks on the ticket whether the write landed before it writes again, so no ticket,
    update, device or file is ever doubled.
  - Runs for the same ticket (forks, several C(ansible-playbook) processes, C(delegate_to)) take turns on a
    lock file in the temporary directory, or in O(lock_dir) shared by several controllers, so they open one
    ticket, not several.
  - "B(Owner): every ticket the module opens is assigned to a portal user, the API user unless
    O(assigned_user) says otherwise, as SoftLayer's API guide asks of every new ticket. So a ticket
    opened by this module can take O(additional_emails) on any later run."
  - Tickets cannot be closed or reopened through the SoftLayer API, so the module has no C(state).
author:
  - softlayer.support contributors (@softlayer-support)
extends_documentation_fragment:
  - softlayer.support.connection
attributes:
  check_mode:
    support: full
    description:
      - Every read happens and no write. RV(changed) is what a real run would report, and RV(ticket)
        shows the ticket as it would be (with RV(ticket.id) V(null) when it would be opened).
  diff_mode:
    support: full
    description:
      - Returns a small before and after (status, devices, files, e-mails, update count and the updates
        this run adds), not whole tickets.
options:
  ticket_id:
    description:
      - The number of an existing ticket to update.
      - When set, O(title), O(subject), O(body), O(priority), O(notify_user) and O(match) are ignored.
      - A ticket that does not exist on the account fails the task.
      - A C(Closed) ticket fails the task with nothing written when anything would have to be changed,
        because SoftLayer accepts no changes on closed tickets and only SoftLayer staff can reopen them.
    type: int
  title:
    description:
      - The ticket title, and the identity of the ticket when O(ticket_id) is not set.
      - Required unless O(ticket_id) is set.
    type: str
  subject:
    description:
      - The subject of a new ticket, by name (any case) or numeric id, for example V(Hardware Issue) or V(1021).
      - Required to open a ticket. A value that is not a subject fails the task with the closest subject
        names; M(softlayer.support.sl_ticket_subject_info) lists them.
      - Used only when a ticket is opened, and to narrow the search when O(match) contains V(subject).
    type: str
  body:
    description:
      - The first message of a new ticket. The identity marker is added to it (see the description).
      - Required to open a ticket; not compared or changed on an existing ticket.
    type: str
  priority:
    description:
      - The priority of a new ticket, from V(1) (critical impact, service down) to V(4) (minimal impact).
      - SoftLayer honours the priority only on accounts with Advanced or Premium support.
      - Used only when a ticket is opened.
    type: int
    choices: [1, 2, 3, 4]
  assigned_user:
    description:
      - The portal user a new ticket is assigned to, by username (any case) or numeric user id.
      - If not set, the API user (C(SoftLayer_Account::getCurrentUser)), the usual owner of API-opened tickets.
      - A user that is not on the account fails the task before anything is written, naming close usernames.
      - Used only when a ticket is opened; the owner of an existing ticket is left as it is.
    type: str
    version_added: 0.2.0
  notify_user:
    description:
      - Whether SoftLayer e-mails the ticket's user (and its additional e-mail addresses) on updates.
      - Used only when a ticket is opened. If not set, the SoftLayer default applies.
    type: bool
  additional_emails:
    description:
      - The e-mail addresses notified of updates besides the ticket's user. Declarative, the ticket ends
        with exactly these (compared ignoring case); V([]) removes all of them.
      - If not set, the addresses on the ticket are left as they are.
      - SoftLayer attaches additional e-mails only to tickets with an assigned user. Every ticket this
        module opens has one (see O(assigned_user)); an existing ticket without an assigned user (one
        opened elsewhere) fails the task with nothing written.
    type: list
    elements: str
  hardware:
    description:
      - Bare metal servers to attach, each as a device id, a fully qualified domain name
        (for example V(web01.example.com)) or a short hostname (for example V(web01)).
      - Names match in any case; surrounding spaces and a trailing dot (V(web01.example.com.)) are ignored.
        M(softlayer.support.sl_ticket_info) reads the same references the same way.
      - A device already attached (recognised by id, FQDN or hostname) is skipped without a lookup.
      - Other devices are looked up on the account. One that does not exist fails the task naming close
        names; a hostname shared by several devices fails the task naming their FQDNs.
      - Devices are attached after the ticket is opened, so no root password is needed.
      - Devices are only ever added, never removed.
    type: list
    elements: raw
  virtual_guests:
    description:
      - Virtual server instances to attach, given as for O(hardware).
    type: list
    elements: raw
  update:
    description:
      - An update (reply) to add to the ticket, unless the same text is already on it.
      - SoftLayer stores a text longer than 3900 characters as several updates; the module still
        recognises it as one on later runs.
      - See O(update_mode) for evidence that grows from run to run.
    type: str
  update_mode:
    description:
      - How O(update) is compared with what the ticket already has.
      - V(whole) posts the whole text unless exactly that text (whitespace aside) is already on the ticket.
      - V(new_lines) posts only the lines of O(update) that are on no update of the ticket yet (the body
        included), and nothing when every line is there. Use it for a report that is read afresh on every
        run, so that each run adds only the new evidence.
      - Blank lines never count as new.
    type: str
    choices: [whole, new_lines]
    default: whole
  attachments:
    description:
      - Paths of files to upload to the ticket, on the host that runs the module.
      - A file whose name is already attached to the ticket is skipped (SoftLayer needs unique names).
      - A file that does not exist, or whose extension is not on SoftLayer's whitelist
        (C(SoftLayer_Ticket_Attachment_File::getExtensionWhitelist)), fails the task before anything is written.
    type: list
    elements: path
  match:
    description:
      - How an existing open ticket is recognised when O(ticket_id) is not set.
      - V(title) (always implied) matches an open ticket with exactly the O(title) given, or one this module
        opened for that title (its identity marker).
      - V(subject) also requires the ticket's subject to be O(subject).
      - V(devices) also requires at least one of the O(hardware) or O(virtual_guests) to be attached to it,
        for example to keep one ticket per failed server under one title.
      - V(none) never looks and always opens a new ticket. It cannot be combined with other values.
    type: list
    elements: str
    choices: [title, subject, devices, none]
    default: [title]
  lock_dir:
    description:
      - The directory of the lock files that make concurrent runs for one ticket identity take turns.
      - If not set, the E(SL_LOCK_DIR) environment variable is used, then the temporary directory
        (E(TMPDIR), usually C(/tmp)), which only runs on the same machine share.
      - Point it at storage that every controller mounts (NFS, a shared volume of the AWX / Automation
        Platform execution nodes) when runs for the same ticket can start on different machines, for
        example with job slicing. The file system must support C(flock) across machines (NFSv4 does).
      - Without shared locks, the module still ends with one ticket in use; see the notes.
    type: path
    version_added: 0.2.0
notes:
  - "API calls: a run with nothing to do makes 2 calls (1 with O(ticket_id)). Opening a ticket with a
    subject name and one device makes 8 in 5 round trips: two searches at once; the subject list, the
    device lookup and the owner lookup at once; the creation; the search by identity marker again (see the
    next note); the attachment."
  - "B(Several controllers): right after opening a ticket, the module searches again for open tickets with
    the same identity. If another run (on a machine that does not share O(lock_dir)) opened one earlier at the
    same time, this run posts one update on its own new ticket saying that it duplicates the older one, puts
    its devices, files, e-mails and update on the older ticket, returns the older ticket with a warning and
    its own in RV(duplicate_ticket_id). Tickets carrying that note never match again, so later runs use the
    older ticket only. Two such runs posting the very same update text within the same second can still both
    post it; a shared O(lock_dir) rules that out."
  - The lock files are named C(softlayer.support-sl_ticket-<hash>.lock) in O(lock_dir). They are empty and
    kept, one per ticket identity.
seealso:
  - module: softlayer.support.sl_ticket_info
  - module: softlayer.support.sl_ticket_subject_info
'''

EXAMPLES = r'''
# The headline use, in a play over bare metal servers: a hardware check finds a failed disk and
# reports it. Run it as often as you like: the first run opens the ticket with the server attached,
# later runs add only new evidence. Set the credentials once for the play with
#   module_defaults:
#     group/softlayer.support.softlayer: {username: "{{ sl_username }}", api_key: "{{ sl_api_key }}"}
- name: Read the RAID status
  ansible.builtin.command: /usr/local/bin/raid-status --brief
  register: raid
  changed_when: false

- name: Open or update the hardware ticket for this server
  softlayer.support.sl_ticket:
    title: "Disk failure on {{ inventory_hostname }}"
    subject: Hardware Issue
    body: |
      The RAID controller of {{ inventory_hostname }} reports a failed disk.
      Please replace it; the server can be taken down at any time.
    hardware:
      - "{{ inventory_hostname }}"
    update: "{{ raid.stdout }}"
    priority: 2
  delegate_to: localhost
  when: "'FAILED' in raid.stdout"
  register: disk_ticket

- name: Show the case number
  ansible.builtin.debug:
    msg: "Ticket {{ disk_ticket.ticket.id }} ({{ disk_ticket.ticket.service_provider_resource_id }})"
  when: disk_ticket is not skipped

- name: Add a log file and notify the team on an existing ticket
  softlayer.support.sl_ticket:
    ticket_id: 123456
    update: The controller log of last night is attached.
    attachments:
      - /var/log/raid/controller.log
    additional_emails:
      - oncall@example.com
      - storage-team@example.com

- name: One ticket per server under a shared title
  softlayer.support.sl_ticket:
    title: Kernel panic after OS reload
    subject: OS Reload Question
    body: The server panics at boot since its OS reload.
    virtual_guests:
      - "{{ item }}"
    match: [title, devices]
  loop:
    - app01.example.com
    - app02.example.com

- name: Always open a new ticket, even if one with this title is open
  softlayer.support.sl_ticket:
    title: Monthly access review
    subject: Security Issue
    body: Please confirm the list of portal users with API access.
    match: none

- name: Preview what would change
  softlayer.support.sl_ticket:
    title: "Disk failure on web01"
    update: Second disk now degraded too.
  check_mode: true
  diff: true
  register: preview
'''

RETURN = r'''
changed:
  description: Whether the ticket was opened or anything was added to it (in check mode, whether it would be).
  returned: always
  type: bool
  sample: true
created:
  description: Whether a new ticket was opened (in check mode, would be opened).
  returned: always
  type: bool
  sample: false
ticket:
  description:
    - The ticket after the run, as SoftLayer returned it and with this run's changes applied.
    - In check mode, the ticket as it would be; RV(ticket.id) is V(null) when it would be opened.
  returned: always
  type: dict
  contains:
    id:
      description: The ticket number; V(null) in check mode when it would be opened.
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
      description: The status id (V(null) in check mode for a ticket that would be opened).
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
    service_provider_resource_id:
      description: The case number at the service provider (for example C(CS1234567)).
      type: str
      sample: CS1234567
    create_date:
      description: When the ticket was created, ISO 8601 in the API's time zone.
      type: str
      sample: "2025-01-07T09:37:30-06:00"
    modify_date:
      description: When the ticket was last modified, as read before this run's writes.
      type: str
      sample: "2025-01-08T10:00:00-06:00"
    last_edit_date:
      description: When the ticket was last edited, as read before this run's writes.
      type: str
      sample: "2025-01-08T10:00:00-06:00"
    last_edit_type:
      description: Who edited last, V(USER), V(EMPLOYEE) or V(AUTO).
      type: str
      sample: USER
    awaiting_customer:
      description:
        - Whether the ticket waits on the customer (SoftLayer staff spoke last on an open ticket),
          SoftLayer's C(awaitingUserResponseFlag), as read before this run's writes.
        - V(null) when the API does not say.
      type: bool
      sample: false
    last_update:
      description:
        - The most recent update as read before this run's writes, or V(null) for a ticket without updates.
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
      description: Whether the user is notified of updates.
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
      description: The attached virtual server instances, with the same keys as RV(ticket.attached_hardware).
      type: list
      elements: dict
    updates:
      description: The updates, oldest first (the first is the body with the identity marker).
      type: list
      elements: dict
      contains:
        id:
          description: The update id (V(null) for an update only predicted in check mode).
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
      type: list
      elements: dict
      contains:
        id:
          description: The attachment id (V(null) for a file only predicted in check mode).
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
      type: list
      elements: str
updates_added:
  description:
    - The update text this run posted (or would post, in check mode); otherwise empty.
    - With O(update_mode=new_lines) this is only the new lines of O(update).
    - SoftLayer may store one text as several updates; this lists the text once.
  returned: always
  type: list
  elements: str
  sample: ["Second disk now degraded too."]
devices_attached:
  description: The devices this run attached (or would attach).
  returned: always
  type: list
  elements: dict
  contains:
    type:
      description: V(hardware) or V(virtual_guest).
      type: str
      sample: hardware
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
files_uploaded:
  description: The names of the files this run uploaded (or would upload).
  returned: always
  type: list
  elements: str
  sample: [controller.log]
emails:
  description: How this run changed the additional e-mail addresses (or would change them).
  returned: always
  type: dict
  contains:
    added:
      description: The addresses added.
      type: list
      elements: str
      sample: [oncall@example.com]
    removed:
      description: The addresses removed.
      type: list
      elements: str
      sample: []
diff:
  description:
    - Before and after, each with C(id), C(title), C(status), C(hardware) and C(virtual_guests) (FQDNs),
      C(files), C(additional_emails), C(update_count) and C(updates_added) (this run's update texts,
      shortened to 200 characters). RV(diff.before) is empty when the ticket is opened.
  returned: "when the task runs with C(--diff) or C(diff: true)"
  type: dict
  contains:
    before:
      description: The ticket before the run; empty when it is opened by this run.
      type: dict
      sample: {id: 123456, status: Open, hardware: [], update_count: 1, updates_added: []}
    after:
      description: The ticket after the run (in check mode, as it would be).
      type: dict
      sample: {id: 123456, status: Open, hardware: [web01.example.com], update_count: 2,
               updates_added: [Second disk now degraded too.]}
duplicate_ticket_id:
  description:
    - The ticket this run opened at the same time as another run opened RV(ticket.id) for the same identity.
      It carries one update saying it duplicates RV(ticket.id), which got this run's devices, files and update.
  returned: when another controller's run opened the same ticket at the same time
  type: int
  sample: 148350012
retries:
  description:
    - How many API calls of this run had to be retried (after a rate-limit refusal, a lost connection,
      a time-out or an HTTP 5xx). V(0) on a run that met no trouble.
    - From 3 on, the run also warns, naming how many followed a rate-limit refusal.
  returned: always
  type: int
  sample: 0
'''

from ansible.module_utils.basic import AnsibleModule, env_fallback

from ansible_collections.softlayer.support.plugins.module_utils.arguments import connection_argument_spec
from ansible_collections.softlayer.support.plugins.module_utils.client import run_module
from ansible_collections.softlayer.support.plugins.module_utils.ticket_sync import MATCH_CHOICES, sync_ticket


def main():
    module = AnsibleModule(
        argument_spec=connection_argument_spec(
            ticket_id={'type': 'int'},
            title={'type': 'str'},
            subject={'type': 'str'},
            body={'type': 'str'},
            priority={'type': 'int', 'choices': [1, 2, 3, 4]},
            notify_user={'type': 'bool'},
            assigned_user={'type': 'str'},
            additional_emails={'type': 'list', 'elements': 'str'},
            hardware={'type': 'list', 'elements': 'raw'},
            virtual_guests={'type': 'list', 'elements': 'raw'},
            update={'type': 'str'},
            update_mode={'type': 'str', 'choices': ['whole', 'new_lines'], 'default': 'whole'},
            attachments={'type': 'list', 'elements': 'path'},
            match={'type': 'list', 'elements': 'str', 'choices': list(MATCH_CHOICES), 'default': ['title']},
            lock_dir={'type': 'path', 'fallback': (env_fallback, ['SL_LOCK_DIR'])},
        ),
        required_one_of=[('ticket_id', 'title')],
        supports_check_mode=True,
    )
    run_module(module, lambda client: sync_ticket(client, module.params, check_mode=module.check_mode,
                                                  diff=module._diff, warn=module.warn,
                                                  lock_dir=module.params['lock_dir']))


if __name__ == '__main__':
    main()
