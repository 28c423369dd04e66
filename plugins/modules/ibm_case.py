#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: ibm_case
short_description: Open an IBM Cloud Support Center case, or add to the one already open, idempotently
version_added: 0.2.0
description:
  - Opens a case through IBM Cloud's Case Management API (IBM's SDK C(ibm-platform-services)), or finds the
    case this module opened before with the same O(subject) and adds only what it lacks (comment, resources,
    watchers, files).
  - The API has no idempotency key, so a case opened here carries a reference line at the end of its
    description; a run finds the open case carrying the subject's reference (the oldest, if concurrent runs opened
    several; with none open, for the status changes, the newest resolved one). A create whose answer is lost is
    looked for by its own reference before it is sent again, so one run opens at most one case.
  - "B(Concurrency): runs for the same O(subject) on one controller (forks, several C(ansible-playbook) processes),
    or on controllers that share O(lock_dir), take turns, so they open one case. Controllers that share no
    O(lock_dir) may each open one at the same moment; see the notes for how they end with one case in use."
  - O(state=resolved), O(state=unresolved) and O(state=accepted) change the status of the case found.
  - A re-run that changes nothing makes one Case Management call (the search), plus the IAM token request.
author:
  - softlayer.support contributors (@softlayer-support)
extends_documentation_fragment:
  - softlayer.support.ibm_connection
  - softlayer.support.connection
  - softlayer.support.run_lock
options:
  subject:
    description:
      - The case's subject; also what identifies the case on later runs.
    type: str
    required: true
  description:
    description:
      - The case's description, used when the case is opened.
      - Required when a case is opened.
    type: str
  type:
    description:
      - The case type, used when the case is opened.
    type: str
    choices: [technical, account_and_access, billing_and_invoice, sales]
    default: technical
  offering:
    description:
      - The offering of a technical case, by name (V(Cloud Object Storage)) or key (V(cloud-object-storage)),
        any case; an unknown one fails with the closest names. Required to open a technical case.
    type: str
  severity:
    description:
      - The severity of a new case, 1 (most severe) to 4. If not set, the API's default.
    type: int
    choices: [1, 2, 3, 4]
  crns:
    description:
      - Resources by Cloud Resource Name (C(crn:v1:...)), attached when not on the case yet.
    type: list
    elements: str
    default: []
  hardware:
    description:
      - Classic bare metal servers by id, hostname or FQDN, attached when not on the case yet.
      - Looked up on the SoftLayer account with the SoftLayer connection options (see O(username)); when
        O(username) and O(api_key) are both unset, the IBM Cloud API key logs in as C(apikey).
    type: list
    elements: raw
    default: []
  virtual_guests:
    description:
      - Classic virtual guests by id, hostname or FQDN, attached when not on the case yet (see O(hardware)).
    type: list
    elements: raw
    default: []
  watchlist:
    description:
      - Users (IBMid e-mail addresses, members of the account) who follow the case; added when not watching yet.
    type: list
    elements: str
    default: []
  files:
    description:
      - Local files attached to the case (8 MB at most each); a file whose name is on the case already is not sent again.
    type: list
    elements: path
    default: []
  comment:
    description:
      - A comment, added when no comment on the case has the same text.
      - With a status change it goes with it (O(state=unresolved) requires one).
    type: str
  state:
    description:
      - V(open) opens the case or adds to the open one.
      - V(resolved) resolves it with O(resolution_code); V(unresolved) reopens a resolved case (with O(comment));
        V(accepted) accepts the resolution IBM support provided. These never open a case.
    type: str
    choices: [open, resolved, unresolved, accepted]
    default: open
  resolution_code:
    description:
      - Why the case is resolved, 1 (client error) to 8 (solution provided by IBM support engineer). Required
        with O(state=resolved).
    type: int
    choices: [1, 2, 3, 4, 5, 6, 7, 8]
attributes:
  check_mode:
    support: full
    description: Reads as for real and predicts the case the real run returns, writing nothing.
  diff_mode:
    support: full
    description: Status, comments, resources, watchlist and file names before and after.
notes:
  - "API calls: a re-run with nothing to do makes one Case Management call (the search). Opening a case makes
    the search, the offerings list, the create, then one more search for a twin opened at the same moment by
    another controller, then one call per file and for the comment."
  - "B(Several controllers) without a shared O(lock_dir): right after opening its case, a run looks for other open
    cases with the same reference. If an older one exists, the run comments on its own case that it duplicates the
    older one, resolves it (resolution code 6, solution no longer required), adds what it had to report to the
    older case, and returns that case with a warning, naming its own in RV(duplicate_case_number). Every run
    ends on the oldest case; later runs never choose a case carrying that comment. Not covered: two runs adding
    the same O(comment) to the oldest case at the same moment may both add it, and a run killed between its
    create and its look leaves its case open beside the older one (later runs use the older one)."
'''

EXAMPLES = r'''
- name: Open a case for a failing disk on a classic server, or add to the one already open
  softlayer.support.ibm_case:
    subject: Disk failure on web01
    description: Our monitoring reports SMART errors on the second disk.
    offering: Bare Metal Servers for Classic
    severity: 3
    hardware:
      - web01.example.com
    watchlist:
      - ops-analyst@example.com
    comment: The disk failed again at 03:10 UTC.
  register: disk_case

- name: Resolve it (in check mode, a case that would be opened has no number and nothing to resolve)
  softlayer.support.ibm_case:
    subject: Disk failure on web01
    state: resolved
    resolution_code: 8
    comment: Disk replaced by IBM; the array rebuilt.
  when: disk_case.case.number is not none
'''

RETURN = r'''
case:
  description:
    - The case after the run, as the Case Management API returns it (in check mode, as predicted; values only the
      server makes, such as a new case's number and dates, are V(null)).
  returned: success
  type: dict
  contains:
    number:
      description: The case number.
      type: str
      sample: CS2400001
    short_description:
      description: The subject.
      type: str
      sample: Disk failure on web01
    status:
      description: V(new), V(in_progress), V(waiting_on_client), V(resolution_provided), V(resolved) or V(closed).
      type: str
      sample: new
    comments:
      description: The comments (C(value), C(added_at), C(added_by)).
      type: list
      elements: dict
      sample: []
    resources:
      description: The resources (C(crn), C(name), C(type), C(url), C(note)).
      type: list
      elements: dict
      sample: []
    watchlist:
      description: The users watching (C(realm), C(user_id), C(name)).
      type: list
      elements: dict
      sample: []
    attachments:
      description: The files (C(id), C(filename), C(size_in_bytes), C(created_at), C(url)).
      type: list
      elements: dict
      sample: []
duplicate_case_number:
  description:
    - The case this run opened at the same moment as another controller's run opened an older one for the same
      O(subject) (see the notes). It now says it duplicates RV(case.number), which got this run's changes, and is
      resolved.
  returned: when this run handed over to an older twin
  type: str
  sample: CS2400002
created:
  description: Whether this run opened the case it returns (in check mode, would open).
  returned: success
  type: bool
  sample: true
retries:
  description: How many Case Management calls of this run had to be retried.
  returned: always
  type: int
  sample: 0
'''

from ansible_collections.softlayer.support.plugins.module_utils.concurrent_runs.run_lock import lock_dir_argument_spec
from ansible_collections.softlayer.support.plugins.module_utils.ibm_cases import sync
from ansible_collections.softlayer.support.plugins.module_utils.ibm_cases.module import CaseModule
from ansible_collections.softlayer.support.plugins.module_utils.ibm_cases.plan import CaseRequest


def request_of(params):
    return CaseRequest(
        state=params['state'], case_type=params['type'], subject=params['subject'], description=params['description'],
        severity=params['severity'], crns=params['crns'], watchlist=params['watchlist'], files=params['files'],
        comment=params['comment'], resolution_code=params['resolution_code'])


def main():
    module = CaseModule(softlayer=True, argument_spec=dict(lock_dir_argument_spec(), **{
        'subject': {'type': 'str', 'required': True},
        'description': {'type': 'str'},
        'type': {'type': 'str', 'default': 'technical', 'choices': ['technical', 'account_and_access', 'billing_and_invoice', 'sales']},
        'offering': {'type': 'str'},
        'severity': {'type': 'int', 'choices': [1, 2, 3, 4]},
        'crns': {'type': 'list', 'elements': 'str', 'default': []},
        'hardware': {'type': 'list', 'elements': 'raw', 'default': []},
        'virtual_guests': {'type': 'list', 'elements': 'raw', 'default': []},
        'watchlist': {'type': 'list', 'elements': 'str', 'default': []},
        'files': {'type': 'list', 'elements': 'path', 'default': []},
        'comment': {'type': 'str'},
        'state': {'type': 'str', 'default': 'open', 'choices': ['open', 'resolved', 'unresolved', 'accepted']},
        'resolution_code': {'type': 'int', 'choices': list(range(1, 9))},
    }), required_if=[('state', 'open', ('description',)), ('state', 'resolved', ('resolution_code',)),
                     ('state', 'unresolved', ('comment',))])
    params = module.params

    def work(client):
        result, diff = sync.run(
            client, request_of(params), offering=params['offering'],
            devices={'hardware': params['hardware'], 'virtual_guests': params['virtual_guests']},
            softlayer_client=module.softlayer_client, check_mode=module.check_mode, warn=module.warn,
            lock_dir=params['lock_dir'])
        if module._diff:  # pylint: disable=protected-access
            result['diff'] = diff
        return result
    module.run(work)


if __name__ == '__main__':
    main()
