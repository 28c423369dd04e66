# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ibm_case's run: find the case, resolve what the request names, plan, and apply through one writer.

Calls: one search (``get_cases`` by the identity marker, open statuses) finds the case with its
comments, resources, watchlist and files; a SoftLayer device lookup only for devices not yet on
it; the offerings list only when a case is opened; then one write per step.
"""

from __future__ import annotations

import os
import uuid

from ansible_collections.softlayer.support.plugins.module_utils.api.errors import InvalidInputError
from ansible_collections.softlayer.support.plugins.module_utils.ibm_cases import plan
from ansible_collections.softlayer.support.plugins.module_utils.ibm_cases.identity import (
    OPEN_STATUSES,
    RESOLVED,
    choose_case,
    creation_token,
    identity_marker,
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
        sleep=None):
    """``(result, diff)`` of bringing the case to ``request``; writes through the API or, in check mode, the dry run."""
    check_files(request.files)
    case = find_case(client, request.subject, request.state)
    resources = device_resources(devices or {}, case, softlayer_client)
    chosen_offering = case_offering(client, request, offering) if case is None and request.state == 'open' else None
    token = creation_token(identity_marker(request.subject), nonce or uuid.uuid4().hex[:12])
    steps = plan.plan_case(request, case, resources, token, chosen_offering)
    writer = DryRunWriter() if check_mode else ApiWriter(client, warn=warn, sleep=sleep)
    after = case
    for step in steps:
        after = plan.record(after, step, writer.apply(after, step))
    result = {'changed': bool(steps), 'created': case is None and bool(steps), 'case': after or {}}
    return result, {'before': plan.summary(case), 'after': plan.summary(after)}
