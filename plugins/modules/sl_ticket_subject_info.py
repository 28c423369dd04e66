#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: sl_ticket_subject_info
short_description: List the SoftLayer ticket subjects a ticket can be opened with
version_added: 0.1.0
description:
  - Returns the SoftLayer (IBM Cloud classic infrastructure) ticket subjects with their categories,
    all of them or those matching O(id), O(name) or O(name_contains) (all criteria given must match).
  - Standard tickets need a subject; M(softlayer.support.sl_ticket) and M(softlayer.support.sl_ticket_info)
    accept a subject's name or id.
  - Reads the subjects with one API call. Only reads; never reports a change.
author:
  - softlayer.support contributors (@softlayer-support)
extends_documentation_fragment:
  - softlayer.support.connection
  - softlayer.support.attributes.info_module
options:
  id:
    description:
      - Only the subject with this id.
    type: int
  name:
    description:
      - Only the subject with exactly this name, ignoring case.
    type: str
  name_contains:
    description:
      - Only subjects whose name contains this text, ignoring case.
    type: str
notes:
  - Criteria that match no subject return an empty RV(subjects); the task does not fail.
seealso:
  - module: softlayer.support.sl_ticket
  - module: softlayer.support.sl_ticket_info
'''

EXAMPLES = r'''
- name: All ticket subjects
  softlayer.support.sl_ticket_subject_info:
  register: all_subjects

- name: Show them as "id name (category)"
  ansible.builtin.debug:
    msg: "{{ item.id }} {{ item.name }} ({{ item.category }})"
  loop: "{{ all_subjects.subjects }}"

- name: Subjects about networks
  softlayer.support.sl_ticket_subject_info:
    name_contains: network
  register: network_subjects

- name: Check that a subject exists before a play relies on it
  softlayer.support.sl_ticket_subject_info:
    name: hardware issue
  register: hardware_subject
  failed_when: hardware_subject.subjects | length != 1
'''

RETURN = r'''
subjects:
  description: The matching subjects, sorted by id.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: The subject id.
      type: int
      sample: 1021
    name:
      description: The subject name, which is also the title SoftLayer expects on a standard ticket.
      type: str
      sample: Hardware Issue
    category:
      description: The name of the subject's category.
      type: str
      sample: Technical
    category_id:
      description: The id of the subject's category (1 Sales, 2 Accounting, 3 Technical, as SoftLayer records them).
      type: int
      sample: 3
    parent_id:
      description: The id of the parent subject, or V(null) for a top-level subject.
      type: int
      sample: null
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
from ansible_collections.softlayer.support.plugins.module_utils.tickets.subjects import query_subjects


def main():
    module = SoftLayerModule(argument_spec={
        'id': {'type': 'int'},
        'name': {'type': 'str'},
        'name_contains': {'type': 'str'},
    })
    module.run(lambda client: {
        'changed': False,
        'subjects': query_subjects(client, subject_id=module.params['id'], name=module.params['name'],
                                   name_contains=module.params['name_contains']),
    })


if __name__ == '__main__':
    main()
