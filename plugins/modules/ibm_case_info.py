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
    (C(serviceProviderResourceId), RV(softlayer.support.sl_ticket_info#module:tickets[].case_number) of
    M(softlayer.support.sl_ticket_info)); such a case has C(contact_type) V(IMS Console).
  - The other way round, a case names no ticket (the Case Management API has no such field). With
    O(include_softlayer_tickets=true) the module looks the tickets up on the SoftLayer account by the cases'
    numbers and returns each case's RV(cases[].softlayer_ticket).
  - The Case Management API returns no case type, so cases cannot be filtered by type; O(offering) narrows a search instead.
author:
  - softlayer.support contributors (@softlayer-support)
extends_documentation_fragment:
  - softlayer.support.ibm_connection
  - softlayer.support.connection
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
  group_by_host:
    description:
      - Also return RV(cases_by_host), the cases per server, guest or cloud resource they name.
    type: bool
    default: false
  include_softlayer_tickets:
    description:
      - Also return each case's SoftLayer ticket (RV(cases[].softlayer_ticket)), looked up on the SoftLayer account by
        the cases' numbers (one more call per 100 cases), with the SoftLayer connection options (without
        O(username) and O(api_key), the IBM Cloud API key logs in as V(apikey)).
    type: bool
    default: false
notes:
  - The SoftLayer connection options (O(username), O(api_key), O(endpoint_url), ...) are used only with
    O(include_softlayer_tickets=true).
'''

EXAMPLES = r'''
- name: Every open case of the account, grouped by the servers and resources each one names
  softlayer.support.ibm_case_info:
    status: [new, in_progress, waiting_on_client, resolution_provided]
    group_by_host: true
  register: open_cases

- name: The open cases of this host (its short hostname or its FQDN)
  ansible.builtin.debug:
    msg: "{{ open_cases.cases_by_host[inventory_hostname] | default([]) | map(attribute='number') | list }}"

- name: One case, with its comments, resources and files
  softlayer.support.ibm_case_info:
    number: CS2300101

- name: A SoftLayer ticket read as its Support Center case
  softlayer.support.ibm_case_info:
    number: "{{ disk_ticket.ticket.case_number }}"

- name: Cases with the SoftLayer ticket of each (the IBM Cloud API key also logs in to SoftLayer)
  softlayer.support.ibm_case_info:
    search: Disk failure
    include_softlayer_tickets: true
  register: disk_cases
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
    softlayer_ticket:
      description:
        - The SoftLayer ticket carrying this case number (C(id), C(title), C(status), C(case_number)); null when
          no ticket of the account carries it (a case opened in the Support Center may have none).
      returned: when O(include_softlayer_tickets=true)
      type: dict
      sample: {id: 148350001, title: Disk failure on web01, status: Open, case_number: CS2300101}
cases_by_host:
  description:
    - The cases naming each resource, as RV(cases) returns them; a classic server or guest under its FQDN and its
      short hostname (either may be an inventory_hostname), any other resource under its name and its CRN.
  returned: when O(group_by_host=true)
  type: dict
  sample: {web01.example.com: [{number: CS2400001}], web01: [{number: CS2400001}]}
retries:
  description: How many Case Management calls of this run had to be retried.
  returned: always
  type: int
  sample: 0
'''

from ansible_collections.softlayer.support.plugins.module_utils.ibm_cases.identity import STATUSES
from ansible_collections.softlayer.support.plugins.module_utils.ibm_cases.module import CaseModule
from ansible_collections.softlayer.support.plugins.module_utils.ibm_cases.query import run


def main():
    module = CaseModule(argument_spec={
        'number': {'type': 'str'},
        'search': {'type': 'str'},
        'status': {'type': 'list', 'elements': 'str', 'choices': list(STATUSES)},
        'offering': {'type': 'str'},
        'group_by_host': {'type': 'bool', 'default': False},
        'include_softlayer_tickets': {'type': 'bool', 'default': False},
    }, softlayer=True)
    module.run(lambda client: run(client, module.params, module.softlayer_client))


if __name__ == '__main__':
    main()
