#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: sl_ticket_download
short_description: Download the files attached to a SoftLayer support ticket into a folder, idempotently
version_added: 0.2.0
description:
  - Writes the files attached to a SoftLayer (IBM Cloud classic infrastructure) support ticket, all of them or
    those O(names) selects, into the folder O(dest) on the host that runs the module, creating O(dest) when missing.
  - "B(What it fetches): it lists the ticket's files with one API call (C(SoftLayer_Ticket::getAttachedFiles)) and
    fetches a file (C(SoftLayer_Ticket::getAttachedFile), one call each) only when it is missing in O(dest), differs
    from what is there, or has to be compared. A re-run over unchanged files makes the listing call only."
  - "B(What unchanged means): SoftLayer has no call that changes or removes an attached file, so an attachment
    always has the same content. A local file is unchanged when it is a regular file of the listed size whose
    SHA-256 is the one this module recorded when it last wrote or compared that attachment. The record is the file
    C(.sl_ticket_download.json) in O(dest); without an entry there (a file put in place some other way, the record
    deleted), a file of the listed size is fetched once, compared, and rewritten only when it differs. A local
    file that was changed keeping its size is therefore found (its hash no longer matches) and written again."
  - "B(Safe names): a file name comes from whoever attached the file, so it is never used as a path. The module
    keeps its last part after any C(/) or C(\\) (C(../../etc/passwd) is written as C(passwd)), replaces control
    characters (NUL included) with C(_), drops leading dots and surrounding blanks (no hidden files, no C(.) or
    C(..)), and cuts names to 200 bytes keeping the extension. A name left empty becomes C(attachment-<id>).
    When two files would get the same name (also when compared ignoring case), the file attached first (lower
    attachment id) keeps it and the other gets its attachment id added (C(x.txt) and C(x-901.txt)). The mapping
    depends only on the ticket's listing, so it is the same on every run. RV(files[].path) gives each local path."
  - "B(Writes): each file is written to a temporary file in O(dest) and renamed over its name, so a reader never
    sees half a file. A symbolic link at a file's name is replaced by the file, never followed."
author:
  - softlayer.support contributors (@softlayer-support)
extends_documentation_fragment:
  - softlayer.support.connection
  - ansible.builtin.files
attributes:
  check_mode:
    support: full
    description:
      - Makes the listing call and writes nothing. C(changed), RV(files) and the diff say exactly which files
        the real run would add or replace.
      - Fetches only the files it has to compare (a file of the listed size without a record entry), so the
        prediction is exact; a missing or different file is reported without fetching it.
  diff_mode:
    support: full
    description:
      - Returns the local names that would be added or replaced, with their sizes before and after.
options:
  ticket_id:
    description:
      - The number of the ticket whose files to download. Closed tickets work too.
      - A ticket that is not on the account fails the task.
    type: int
    required: true
  dest:
    description:
      - The folder to write the files into, on the host that runs the module. Created (with missing parents)
        when it does not exist.
      - Use one folder per ticket, for example C(files/{{ ticket_id }}); the files of several tickets in one
        folder would take each other's names.
    type: path
    required: true
  names:
    description:
      - Only the files with these names, as the ticket lists them. Without O(names), every file of the ticket.
      - Each entry is an exact file name or a shell-style pattern (C(*), C(?), C([...])), for example
        V(*.log); case matters.
      - An entry without wildcards that names no file of the ticket fails the task and lists the ticket's files;
        a pattern that matches nothing selects nothing.
    type: list
    elements: str
notes:
  - Why a module of its own and not an option of M(softlayer.support.sl_ticket_info) - an info module must never
    change anything, and writing files does; and M(softlayer.support.sl_ticket) manages the ticket in SoftLayer,
    not files on a host. This module changes only O(dest), so it has check mode, C(--diff) and file attributes.
  - Size - SoftLayer documents no size limit for attachments (the C(ibmcloud sl) sources hint at 5 MB for uploads).
    C(getAttachedFile) sends a whole file in one answer, which the module holds in memory. A file whose content
    does not have the size the listing gives fails the task, and nothing is written for it.
  - Files written before a failure stay, each complete; a re-run writes only what is still missing.
  - O(mode), O(owner) and the other file attributes apply to every selected file, also an unchanged one;
    the folder O(dest) gets the default permissions when it is created.
seealso:
  - module: softlayer.support.sl_ticket
    description: Uploads files to a ticket (O(softlayer.support.sl_ticket#module:attachments)).
  - module: softlayer.support.sl_ticket_info
    description: Lists a ticket's files with O(softlayer.support.sl_ticket_info#module:include_attachments=true).
'''

EXAMPLES = r'''
- name: Download every file of ticket 148350007
  softlayer.support.sl_ticket_download:
    ticket_id: 148350007
    dest: "{{ playbook_dir }}/tickets/148350007"
  delegate_to: localhost

- name: Only the logs, readable by their owner only
  softlayer.support.sl_ticket_download:
    ticket_id: 148350007
    dest: /var/tmp/tickets/148350007
    names:
      - "*.log"
      - dmesg-app02.txt
    mode: "0600"
  register: downloaded

- name: Show where each file went
  ansible.builtin.debug:
    msg: "{{ item.name }} -> {{ item.path }} ({{ item.action }})"
  loop: "{{ downloaded.files }}"
'''

RETURN = r'''
files:
  description: The selected files, in the order they were attached (by attachment id).
  returned: always
  type: list
  elements: dict
  contains:
    attachment_id:
      description: The attachment's id (C(SoftLayer_Ticket_Attachment_File) id).
      type: int
      sample: 9001
    name:
      description: The file name as the ticket lists it (untrusted; RV(files[].path) is where it was written).
      type: str
      sample: dmesg-app02.txt
    path:
      description: The absolute local path of the file, always inside O(dest).
      type: str
      sample: /var/tmp/tickets/148350007/dmesg-app02.txt
    size:
      description: The size in bytes, as the listing gives it.
      type: int
      sample: 4096
    action:
      description:
        - V(added) when no file was there, V(replaced) when a different file (or a symbolic link) was,
          V(unchanged) when the same content was there already.
        - In check mode, what the real run would do.
      type: str
      choices: [added, replaced, unchanged]
      sample: added
    changed:
      description: Whether the file was (or in check mode would be) written, or its attributes changed.
      type: bool
      sample: true
    fetched:
      description: Whether this run downloaded the file's content (an API call).
      type: bool
      sample: true
dest:
  description: The absolute path of O(dest).
  returned: always
  type: str
  sample: /var/tmp/tickets/148350007
ticket_id:
  description: The ticket whose files were read.
  returned: always
  type: int
  sample: 148350007
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
from ansible_collections.softlayer.support.plugins.module_utils.sl_ticket_download.download import check_request, download
from ansible_collections.softlayer.support.plugins.module_utils.sl_ticket_download.folder import DryRunWriter, Folder, FolderWriter


def main():
    module = SoftLayerModule(argument_spec={
        'ticket_id': {'type': 'int', 'required': True},
        'dest': {'type': 'path', 'required': True},
        'names': {'type': 'list', 'elements': 'str'},
    }, add_file_common_args=True)

    def set_attributes(path):
        return module.set_fs_attributes_if_different(module.load_file_common_arguments(module.params, path=path), False)

    def move(temp, path):
        module.atomic_move(temp, path, unsafe_writes=module.params['unsafe_writes'])

    def work(client):
        check_request(module.params['ticket_id'], module.params['dest'])
        folder = Folder(module.params['dest'])
        writer = DryRunWriter(folder, set_attributes) if module.check_mode else FolderWriter(folder, move, set_attributes)
        result = download(client, module.params['ticket_id'], module.params['names'], folder, writer)
        diff = result.pop('diff')
        return dict(result, diff=diff) if module._diff else result

    module.run(work)


if __name__ == '__main__':
    main()
