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
  - "B(What it finds): with O(ticket_id), exactly that ticket; otherwise the open ticket (C(Open) or
    C(Assigned)) titled O(title), as given or as SoftLayer stores it (C(<subject name> - <title>)), or the
    one this module opened for O(title), the newest with a warning when several match. O(match) narrows the
    search or turns it off."
  - "B(What it writes, once): when no ticket matches, it opens one with O(title), O(subject) and O(body),
    assigned to the API user or O(assigned_user); then it adds each device, file, e-mail address and
    O(update) that the ticket does not have yet, and never posts anything twice, not even when an answer
    of the API is lost. Every input is checked before the first write, so a task that fails on bad input
    has written nothing."
  - "B(Check and diff): check mode makes every read and no write, and reports what the real run would
    do; C(--diff) shows a small before and after."
  - "B(Concurrency): runs for the same ticket (forks, several C(ansible-playbook) processes, controllers
    that share O(lock_dir)) take turns, so they open one ticket, not several."
  - The guide R(How identity and idempotency work,ansible_collections.softlayer.support.docsite.identity_and_idempotency)
    explains how the module recognises its tickets (the identity marker it adds to O(body), the forms in
    which SoftLayer stores titles), what it does when an answer is lost, and how concurrent runs and
    several controllers end with one ticket in use (and when they do not).
  - Tickets cannot be closed or reopened through the SoftLayer API, so the module has no C(state).
author:
  - softlayer.support contributors (@softlayer-support)
extends_documentation_fragment:
  - softlayer.support.connection
  - softlayer.support.run_lock
attributes:
  check_mode:
    support: full
    description:
      - Every read happens and no write. Check mode runs the same plan as a real run and only swaps the
        writer, so RV(changed), RV(ticket), the diff and every failure of input or state (a subject, device,
        user or file that is not there, a closed ticket) are what the real run reports. A refusal only a write
        can meet (access denied on attaching a device, an upload refused, a priority SoftLayer keeps) cannot
        be predicted.
      - For a ticket that would be opened, what only SoftLayer assigns is unknown and returned as V(null),
        namely RV(ticket.id), dates, the case number, and the priority and notification flag when not set.
        Its title is the one given, which SoftLayer may store with the subject name in front.
  diff_mode:
    support: full
    description:
      - Returns a small before and after (status, devices, files, e-mails, update count and the updates
        this run adds), not whole tickets.
options:
  ticket_id:
    description:
      - The number of an existing ticket to update.
      - When set, O(title), O(subject), O(body), O(notify_user) and O(match) are ignored, and O(priority) is used
        only with O(update_priority).
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
      - The first message of a new ticket. The module adds its identity marker to it (see the description).
      - Required to open a ticket; not compared or changed on an existing ticket.
    type: str
  priority:
    description:
      - The priority of a new ticket, the severity of the issue as SoftLayer defines it in C(SoftLayer_Ticket_Priority), namely
        V(1) critical impact, service down; V(2) significant business impact; V(3) minor business impact;
        V(4) minimal business impact. SoftLayer shows V(0) (no priority) on tickets opened without one.
      - SoftLayer honours the priority only on accounts with Advanced or Premium support.
      - Used only when a ticket is opened, unless O(update_priority) is set.
    type: int
    choices: [1, 2, 3, 4]
  update_priority:
    description:
      - Whether O(priority) is also set on the existing open ticket found (or named by O(ticket_id)) when its
        priority differs. With V(false) an existing ticket keeps its priority.
      - SoftLayer changes a priority only with C(SoftLayer_Ticket::edit), which takes no change without an
        update, so the change posts one short update (C(Priority changed from 3 to 1.)).
      - When SoftLayer keeps the old priority (accounts without Advanced or Premium support), the task fails
        saying so; check mode cannot know the support plan and predicts the change.
      - A C(Closed) ticket fails the task with nothing written.
    type: bool
    default: false
    version_added: 0.2.0
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
      - What happens to them, and to other attached devices, is set by O(devices_state).
    type: list
    elements: raw
  virtual_guests:
    description:
      - Virtual server instances to attach, given as for O(hardware).
    type: list
    elements: raw
  devices_state:
    description:
      - What O(hardware) and O(virtual_guests) say about the ticket's devices.
      - V(present) attaches the listed devices that are not attached and leaves every other one attached.
      - V(absent) removes the listed devices that are attached (recognised by id, FQDN or hostname, without a
        lookup); a listed device that is not attached is skipped. A new ticket gets none of them.
      - V(exact) attaches the listed devices and removes every other device of each kind whose option is set;
        a kind whose option is not set is left as it is, and V([]) removes all devices of that kind.
      - SoftLayer removes a device with C(removeAttachedHardware) or C(removeAttachedVirtualGuest), by the
        device id, and only on an open ticket.
    type: str
    choices: [present, absent, exact]
    default: present
    version_added: 0.2.0
  final_comments:
    description:
      - Final comments for a closed ticket, added once with C(SoftLayer_Ticket::addFinalComments). Requires
        O(ticket_id). At most 4000 characters.
      - SoftLayer takes final comments only on a C(Closed) ticket, and only once. A ticket that still is open,
        or that already has other final comments, fails the task with nothing written; a ticket with these
        comments already (whitespace aside) is left as it is.
    type: str
    version_added: 0.2.0
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
  cache_dir:
    description:
      - The directory of the look-up cache, where a run keeps what the account rarely changes (the ticket
        subjects, the owner's user id, the ids of the devices named) so that the next run on this controller
        opens a ticket in one round trip less.
      - One file per API user and endpoint, named by a hash of both, readable by its owner only; it holds no
        secret. A file that is not a private regular file of the user running the module is ignored.
      - Nothing from the cache is trusted unconfirmed. The new ticket's own answer confirms the subject and
        the owner (a contradiction is reported as a warning, and forgotten); devices are looked up again in
        the same round trip as the creation, and the ones the references name now are attached.
      - If not set, the E(SL_CACHE_DIR) environment variable is used, then the temporary directory.
      - Check mode reads the cache but never writes it.
    type: path
    version_added: 0.2.0
  cache_lifetime:
    description:
      - How long, in seconds, what a run learnt is used by later runs. V(0) turns the cache off.
    type: int
    default: 86400
    version_added: 0.2.0
notes:
  - "API calls: a run with nothing to do makes 2 calls in 1 round trip (1 call with O(ticket_id)). Opening a
    ticket with a subject name, one device and an update makes 9 calls in 4 round trips: two searches at once;
    the subject list, the device lookup and the owner lookup at once; the creation; then at once the
    attachment, the update and the search for a twin opened at the same time by another controller. When an
    earlier run on the same controller learnt the subject, the owner and the device (see O(cache_dir)), it
    is 7 calls in 3 round trips: the device is looked up again beside the creation instead of before it."
  - "B(Several controllers) without a shared O(lock_dir): a ticket opened twice at the same moment is
    folded into the older one, which this run then returns with a warning, naming its own in
    RV(duplicate_ticket_id). Not with O(match) V(devices) (a twin opened a moment ago has no device yet, so
    it cannot be told from a ticket for another device), nor for two runs posting the same update on the
    older ticket at the same moment: a shared O(lock_dir) covers both."
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
- name: Read the RAID status (in check mode too, so that --check predicts the ticket)
  ansible.builtin.command: /usr/local/bin/raid-status --brief
  register: raid
  changed_when: false
  check_mode: false

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
    ticket_id: 148350002
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

- name: Preview what the hardware ticket task would change, whatever the command line says
  softlayer.support.sl_ticket:
    title: "Disk failure on {{ inventory_hostname }}"
    subject: Hardware Issue
    body: A disk failed.
    hardware:
      - "{{ inventory_hostname }}"
    update: Second disk now degraded too.
  delegate_to: localhost
  check_mode: true
  diff: true
  register: preview

- name: Exactly these servers on the ticket (others attached by mistake are removed)
  softlayer.support.sl_ticket:
    title: Disk failure on web01
    subject: Hardware Issue
    body: A disk failed.
    hardware:
      - web01.example.com
    devices_state: exact

- name: Remove a virtual guest attached by mistake
  softlayer.support.sl_ticket:
    ticket_id: 148350001
    virtual_guests:
      - app01.example.com
    devices_state: absent

- name: Raise an open ticket to priority 1 (Advanced or Premium support only)
  softlayer.support.sl_ticket:
    ticket_id: 148350001
    priority: 1
    update_priority: true

- name: Leave final comments on a ticket SoftLayer has closed (once)
  softlayer.support.sl_ticket:
    ticket_id: 148350006
    final_comments: Resolved by replacing the disk; thanks for the quick help.

# The look-up cache in a directory of its own (kept between runs of this controller, for example in an
# execution environment's persistent volume), each learnt value used for at most an hour.
- name: Open or update the hardware ticket, remembering the look-ups for the next runs
  softlayer.support.sl_ticket:
    title: "Disk failure on {{ inventory_hostname }}"
    subject: Hardware Issue
    body: A disk failed.
    hardware:
      - "{{ inventory_hostname }}"
    cache_dir: /var/cache/softlayer.support
    cache_lifetime: 3600
  delegate_to: localhost
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
    - The same keys as each ticket in RV(softlayer.support.sl_ticket_info#module:tickets) of
      M(softlayer.support.sl_ticket_info), with RV(ticket.updates), RV(ticket.attached_files) and
      RV(ticket.additional_emails) always present.
    - When this run posts an update, RV(ticket.last_update), RV(ticket.update_count),
      RV(ticket.last_edit_type), RV(ticket.last_edit_date), RV(ticket.modify_date) and
      RV(ticket.awaiting_customer) (V(false), as the customer spoke last) are what the API sets, in check
      mode too, where the two dates are V(null) because only the server knows them.
      RV(ticket.modify_date) does not follow devices or files added after the last update.
    - In check mode, the ticket as it would be. What would be opened, posted or uploaded has no id yet,
      so RV(ticket.id) and RV(ticket.status_id) of a ticket that would be opened, and the ids of
      predicted updates and files, are V(null).
  returned: always
  type: dict
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
devices_detached:
  description: The devices this run removed (or would remove), as RV(devices_attached).
  returned: always
  type: list
  elements: dict
  sample: [{type: hardware, id: 1500101, hostname: web01, domain: example.com, fqdn: web01.example.com}]
  version_added: 0.2.0
priority_changed:
  description: The priority before and after, when this run changed it (or would change it); V(null) otherwise.
  returned: always
  type: dict
  sample: {before: 3, after: 1}
  version_added: 0.2.0
final_comments_added:
  description: Whether this run added the final comments (or would add them).
  returned: always
  type: bool
  sample: false
  version_added: 0.2.0
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

from ansible.module_utils.basic import env_fallback

from ansible_collections.softlayer.support.plugins.module_utils.concurrent_runs.run_lock import lock_dir_argument_spec
from ansible_collections.softlayer.support.plugins.module_utils.module import SoftLayerModule
from ansible_collections.softlayer.support.plugins.module_utils.sl_ticket.lookup_cache import DEFAULT_LIFETIME, controller_cache
from ansible_collections.softlayer.support.plugins.module_utils.sl_ticket.request import DEVICES_STATES, MATCH_CHOICES
from ansible_collections.softlayer.support.plugins.module_utils.sl_ticket.sync import sync_ticket


def main():
    module = SoftLayerModule(
        argument_spec=dict(lock_dir_argument_spec(), **{
            'ticket_id': {'type': 'int'},
            'title': {'type': 'str'},
            'subject': {'type': 'str'},
            'body': {'type': 'str'},
            'priority': {'type': 'int', 'choices': [1, 2, 3, 4]},
            'notify_user': {'type': 'bool'},
            'assigned_user': {'type': 'str'},
            'additional_emails': {'type': 'list', 'elements': 'str'},
            'hardware': {'type': 'list', 'elements': 'raw'},
            'virtual_guests': {'type': 'list', 'elements': 'raw'},
            'devices_state': {'type': 'str', 'choices': list(DEVICES_STATES), 'default': 'present'},
            'update_priority': {'type': 'bool', 'default': False},
            'final_comments': {'type': 'str'},
            'update': {'type': 'str'},
            'update_mode': {'type': 'str', 'choices': ['whole', 'new_lines'], 'default': 'whole'},
            'attachments': {'type': 'list', 'elements': 'path'},
            'match': {'type': 'list', 'elements': 'str', 'choices': list(MATCH_CHOICES), 'default': ['title']},
            'cache_dir': {'type': 'path', 'fallback': (env_fallback, ['SL_CACHE_DIR'])},
            'cache_lifetime': {'type': 'int', 'default': DEFAULT_LIFETIME},
        }),
        required_one_of=[('ticket_id', 'title')],
        required_by={'final_comments': 'ticket_id'},
        required_if=[('update_priority', True, ('priority',))],
    )
    params = module.params
    module.run(lambda client: sync_ticket(
        client, params, check_mode=module.check_mode, diff=module._diff, warn=module.warn, lock_dir=params['lock_dir'],
        cache=controller_cache(client, params['cache_dir'], params['cache_lifetime'])))


if __name__ == '__main__':
    main()
