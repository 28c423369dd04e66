# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ibm_case's run: find the case, resolve what the request names, plan, and apply through one writer.

Calls: one search (``get_cases`` by the identity marker, open statuses) finds the case with its
comments, resources, watchlist and files; a SoftLayer device lookup only for devices not yet on
it; the offerings list only when a case is opened; then one write per step. Opening a case adds one
search right after the create: the backstop's look for a twin (``backstop.py``).

The run, not the writer, takes turns with other runs on this controller: it holds the identity's
lock (``concurrent_runs/run_lock.py``) from the first search to the last write. Check mode takes none.
"""

from __future__ import annotations

import os
import uuid

from ansible_collections.softlayer.support.plugins.module_utils.api.errors import ApiFaultError, InvalidInputError
from ansible_collections.softlayer.support.plugins.module_utils.concurrent_runs.run_lock import (
    check_lock_dir,
    identity_lock,
    lock_path,
    no_lock,
)
from ansible_collections.softlayer.support.plugins.module_utils.ibm_cases import backstop, plan
from ansible_collections.softlayer.support.plugins.module_utils.ibm_cases.identity import (
    OPEN_STATUSES,
    RESOLVED,
    choose_case,
    creation_token,
    identity_marker,
    marked_cases,
    resource_as_device,
)
from ansible_collections.softlayer.support.plugins.module_utils.ibm_cases.reads import (
    all_cases,
    resolve_offering,
    technical_offerings,
)
from ansible_collections.softlayer.support.plugins.module_utils.ibm_cases.writer import ApiWriter, DryRunWriter
from ansible_collections.softlayer.support.plugins.module_utils.tickets import device_lookup
from ansible_collections.softlayer.support.plugins.module_utils.tickets.devices import KINDS, fqdn_of, parse


# The module whose lock files these are (concurrent_runs/run_lock.py).
LOCK_OWNER = 'ibm_case'


def case_lock_path(client, subject, directory=None):
    """The lock of one case identity: the subject's marker at one Case Management endpoint.

    The account is not part of it (only the IAM token names it): runs of two accounts for one subject
    at one endpoint take turns needlessly, which costs time, never a case.
    """
    return lock_path('case', client.service_url, identity_marker(subject), owner=LOCK_OWNER, directory=directory)


def find_case(client, subject, state):
    """The case ``subject`` names (the newest carrying its marker) in the statuses ``state`` acts on, or None."""
    marker = identity_marker(subject)
    statuses = OPEN_STATUSES if state == 'open' else OPEN_STATUSES + (RESOLVED,)
    cases = all_cases(client, "look for the case '%s'" % subject, search=marker, status=list(statuses))
    return choose_case(cases, marker, statuses)


def device_resources(references, case, softlayer_client):
    """``{type, id, name}`` for each device reference (``{option: [reference]}``).

    A reference already on ``case`` (by hostname or FQDN) costs no lookup; the others are looked up
    on the SoftLayer account (``softlayer_client()`` is called only then) with the tickets' one rule.
    """
    resources = []
    for kind in KINDS:
        on_case = [resource_as_device(r) for r in (case or {}).get('resources') or [] if r.get('type') == kind.name]
        missing = []
        for given in references.get(kind.option) or []:
            reference = parse(given, kind.option)
            known = [device for device in on_case if reference.matches(device)]
            if known:
                resources.append({'type': kind.name, 'id': None, 'name': known[0]['fqdn']})
            else:
                missing.append(given)
        if missing:
            client = softlayer_client()
            found = [device for thunk in device_lookup.lookup_thunks(client, kind, missing) for device in thunk()]
            for device in device_lookup.resolve_devices(kind, missing, found,
                                                        suggestions=lambda kind=kind: device_lookup.all_devices(client, kind)):
                resources.append({'type': kind.name, 'id': device['id'], 'name': fqdn_of(device)})
    return resources


def case_offering(client, request, offering):
    if offering:
        return resolve_offering(offering, technical_offerings(client))
    if request.case_type == 'technical':
        raise InvalidInputError('option offering is required to open a technical case (a name or key of '
                                'the technical offerings, for example cloud-object-storage)', option='offering')
    return None


# The API refuses a larger file (tests/emulator/CASES.md, "8MB in size limit").
MAX_FILE_BYTES = 8 * 1024 * 1024


def check_files(paths):
    """Refuse, before any call, a file that cannot be read or is over the API's limit."""
    for path in paths:
        if not os.path.isfile(path) or not os.access(path, os.R_OK):
            raise InvalidInputError("files: '%s' is not a readable file" % path, option='files')
        if os.path.getsize(path) > MAX_FILE_BYTES:
            raise InvalidInputError("files: '%s' has %d bytes; the Case Management API takes at most 8 MB (%d bytes)" % (
                path, os.path.getsize(path), MAX_FILE_BYTES), option='files')


def run(client, request, offering=None, devices=None, softlayer_client=None, check_mode=False, warn=None, nonce=None,
        sleep=None, lock_dir=None):
    """``(result, diff)`` of bringing the case to ``request``; writes through the API or, in check mode, the dry run."""
    check_files(request.files)
    check_lock_dir(lock_dir)
    writer = DryRunWriter() if check_mode else ApiWriter(client, warn=warn, sleep=sleep)
    lock = no_lock if check_mode else identity_lock
    with lock(case_lock_path(client, request.subject, lock_dir), describe="the case with subject '%s'" % request.subject,
              owner=LOCK_OWNER):
        return CaseSync(client, request, writer, warn=warn).run(offering, devices or {}, softlayer_client, nonce)


class CaseSync:
    """One run, under its lock: find, plan, apply; after opening a case, the backstop's look for an older twin."""

    def __init__(self, client, request, writer, warn=None):
        self.client, self.request, self.writer = client, request, writer
        self.warn = warn or (lambda message: None)

    def run(self, offering, devices, softlayer_client, nonce):
        request = self.request
        case = find_case(self.client, request.subject, request.state)
        resources = device_resources(devices, case, softlayer_client)
        chosen_offering = case_offering(self.client, request, offering) if case is None and request.state == 'open' else None
        token = creation_token(identity_marker(request.subject), nonce or uuid.uuid4().hex[:12])
        steps = plan.plan_case(request, case, resources, token, chosen_offering)
        result = {'changed': bool(steps), 'created': case is None and bool(steps)}
        if case is not None or not steps:
            after = self.apply(case, steps)
        else:
            own = self.apply(None, steps[:1])
            older = backstop.older_twin(own, lambda: self.open_twins(own))
            if older is None:
                after = self.apply(own, steps[1:])
            else:
                case, after = older, self.hand_over(own, older, resources, token)
                result.update(created=False, duplicate_case_number=own['number'])
        result['case'] = after or {}
        return result, {'before': plan.summary(case), 'after': plan.summary(after)}

    def apply(self, case, steps):
        """The case after each step went through the writer, in order."""
        for step in steps:
            case = plan.record(case, step, self.writer.apply(case, step))
        return case

    def open_twins(self, own):
        """The open cases with this run's identity marker, not marked as duplicates (the backstop's one look)."""
        marker = identity_marker(self.request.subject)
        found = all_cases(self.client, 'look for a case opened at the same time as case %s' % own['number'],
                          search=marker, status=list(OPEN_STATUSES))
        return marked_cases(found, marker)

    def hand_over(self, own, older, resources, token):
        """Mark ``own`` as the duplicate of ``older``, resolve it, and add to ``older`` what it lacks; the older case after."""
        note, resolution = plan.plan_duplicate(older)
        own = self.apply(own, [note])
        try:
            self.apply(own, [resolution])
        except ApiFaultError as error:
            # The note keeps every later run off it; failing here would leave this run's changes nowhere.
            self.warn(backstop.not_resolved(own['number'], older['number'], error))
        after = self.apply(older, plan.plan_case(self.request, older, resources, token))
        self.warn(backstop.handed_over(older['number'], own['number']))
        return after
