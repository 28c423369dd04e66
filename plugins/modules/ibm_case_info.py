#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: ibm_case_info
short_description: Read IBM Cloud Support Center cases, with their comments, resources, watchers and files
version_added: 0.2.0
description:
  - Reads cases through IBM Cloud's Case Management API (IBM's SDK C(ibm-platform-services)), one case by
    O(number) or every case a search selects, all pages.
  - A SoftLayer ticket is also a case, under the number SoftLayer shows as its case number
    (C(serviceProviderResourceId)); such a case has C(contact_type) V(IMS Console).
  - The Case Management API returns no case type, so cases cannot be filtered by type; O(offering) narrows a search instead.
author:
  - softlayer.support contributors (@softlayer-support)
extends_documentation_fragment:
  - softlayer.support.ibm_connection
  - softlayer.support.attributes.info_module
options:
  number:
    description:
      - Only this case (for example V(CS2400001)); the other filters still apply.
    type: str
  search:
    description:
      - Only cases whose number, subject or description contain this text (the API's search).
    type: str
  status:
    description:
      - Only cases in these statuses.
    type: list
    elements: str
    choices: [new, in_progress, waiting_on_client, resolution_provided, resolved, closed]
  offering:
    description:
      - Only cases of this offering, by name or key, any case.
    type: str
'''

EXAMPLES = r'''
- name: Every open case of the account, with the servers each one names
  softlayer.support.ibm_case_info:
    status: [new, in_progress, waiting_on_client, resolution_provided]
  register: open_cases

- name: One case, with its comments and files
  softlayer.support.ibm_case_info:
    number: CS2300101
'''

RETURN = r'''
cases:
  description: The cases, newest update first, as the Case Management API returns them.
  returned: success
  type: list
  elements: dict
  contains:
    number:
      description: The case number; a SoftLayer ticket's case has the number its ticket shows as case number.
      type: str
      sample: CS2300101
    short_description:
      description: The subject (a SoftLayer ticket's title).
      type: str
      sample: Intermittent packet loss on private VLAN 1180
    status:
      description: The status; V(waiting_on_client) when IBM support answered last.
      type: str
      sample: in_progress
    comments:
      description: The comments after the description, oldest first (C(value), C(added_at), C(added_by)).
      type: list
      elements: dict
      sample: []
    contact_type:
      description: V(Cloud Support Center), or V(IMS Console) for a SoftLayer ticket's case.
      type: str
      sample: Cloud Support Center
    resources:
      description: The resources named on the case (C(crn), C(name), C(type), C(url), C(note)).
      type: list
      elements: dict
      sample: []
    severity:
      description: The severity, 1 (most severe) to 4.
      type: int
      sample: 3
    attachments:
      description: The files attached (C(id), C(filename), C(size_in_bytes), C(created_at), C(url)).
      type: list
      elements: dict
      sample: []
hosts:
  description: The numbers of the cases naming each resource, by the resource's name (a device's FQDN) or CRN.
  returned: success
  type: dict
  sample: {web01.example.com: [CS2400001]}
retries:
  description: How many Case Management calls of this run had to be retried.
  returned: always
  type: int
  sample: 0
'''

from ansible_collections.softlayer.support.plugins.module_utils.ibm_cases.identity import STATUSES
from ansible_collections.softlayer.support.plugins.module_utils.ibm_cases.module import CaseModule
from ansible_collections.softlayer.support.plugins.module_utils.ibm_cases.query import cases_by_host, query_cases


def main():
    module = CaseModule(argument_spec={
        'number': {'type': 'str'},
        'search': {'type': 'str'},
        'status': {'type': 'list', 'elements': 'str', 'choices': list(STATUSES)},
        'offering': {'type': 'str'},
    })
    params = module.params

    def work(client):
        cases = query_cases(client, number=params['number'], search=params['search'], statuses=params['status'],
                            offering=params['offering'])
        return {'changed': False, 'cases': cases, 'hosts': cases_by_host(cases)}
    module.run(work)


if __name__ == '__main__':
    main()
