# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What ibm_case writes, decided without any API call: the steps, and how each answer lands on the case.

``plan_case`` compares the request with the case found (or none) and returns only what is missing;
``record`` folds a step's answer (the API's, or the dry run's prediction) into the case, so the API
writer and check mode's dry-run writer report the same case and the same diff.
"""

from __future__ import annotations

import collections
import os

from ansible_collections.softlayer.support.plugins.module_utils.api.errors import InvalidInputError
from ansible_collections.softlayer.support.plugins.module_utils.ibm_cases.identity import (
    CLOSED,
    DUPLICATE_RESOLUTION_CODE,
    RESOLVED,
    comment_posted,
    description_with_marker,
    duplicate_note,
    file_present,
    resource_present,
    watcher_present,
)

# The realm of a watchlist user given by e-mail address or IBMid.
WATCH_REALM = 'IBMid'

CaseRequest = collections.namedtuple('CaseRequest', (
    'state', 'case_type', 'subject', 'description', 'severity', 'crns', 'watchlist', 'files', 'comment',
    'resolution_code'))

# ``resources``: what a classic device resource is named (the API answers its name, not its id).
Create = collections.namedtuple('Create', ('body', 'token', 'resources'))
Comment = collections.namedtuple('Comment', ('text',))
Resource = collections.namedtuple('Resource', ('payload', 'wanted'))
Watch = collections.namedtuple('Watch', ('users',))
Upload = collections.namedtuple('Upload', ('path', 'name'))
Status = collections.namedtuple('Status', ('payload',))


def wanted_resources(request, devices):
    """Every resource asked for: ``{crn}`` per CRN, ``{type, id, name}`` per resolved classic device."""
    return [{'crn': crn} for crn in request.crns] + list(devices)


def plan_case(request, case, devices, token, offering=None):
    """The steps that bring ``case`` (None: not opened yet) to ``request``; ``devices`` are resolved device resources."""
    if case is None:
        if request.state != 'open':
            raise InvalidInputError("no open case with subject '%s' was found, so there is none to set %s" % (
                request.subject, request.state), option='state')
        return [_create(request, devices, token, offering)] + _uploads(request, {}) + (
            [Comment(request.comment)] if request.comment else [])
    missing = [resource for resource in wanted_resources(request, devices) if not resource_present(resource, case)]
    steps = [Resource(_payload(resource), resource) for resource in missing]
    watchers = [user for user in request.watchlist if not watcher_present(user, case)]
    if watchers:
        steps.append(Watch([{'realm': WATCH_REALM, 'user_id': user} for user in watchers]))
    steps.extend(_uploads(request, case))
    status = _status_step(request, case)
    if status is not None:
        steps.append(status)
    elif request.comment and not comment_posted(request.comment, case):
        steps.append(Comment(request.comment))
    return steps


def _create(request, devices, token, offering):
    body = {'type': request.case_type, 'subject': request.subject,
            'description': description_with_marker(request.description, token), 'severity': request.severity,
            'offering': offering}
    resources = wanted_resources(request, devices)
    if resources:
        body['resources'] = [_payload(resource) for resource in resources]
    if request.watchlist:
        body['watchlist'] = [{'realm': WATCH_REALM, 'user_id': user} for user in request.watchlist]
    return Create(dict((key, value) for key, value in body.items() if value is not None), token, resources)


def _payload(resource):
    return {'crn': resource['crn']} if resource.get('crn') else {'type': resource['type'], 'id': resource['id']}


def _uploads(request, case):
    steps = []
    for path in request.files:
        name = os.path.basename(path)
        if not file_present(name, case):
            steps.append(Upload(path, name))
    return steps


def _status_step(request, case):
    status, comment = case.get('status'), request.comment
    payload = None
    if request.state == 'resolved' and status not in (RESOLVED, CLOSED):
        payload = {'action': 'resolve', 'resolution_code': request.resolution_code}
    elif request.state == 'unresolved' and status in (RESOLVED, 'resolution_provided'):
        payload = {'action': 'unresolve'}
    elif request.state == 'accepted' and status == 'resolution_provided':
        payload = {'action': 'accept'}
    elif request.state == 'accepted' and status not in (RESOLVED, CLOSED):
        raise InvalidInputError("case %s is %s: only a case IBM has provided a resolution for (resolution_provided) "
                                "can be accepted" % (case.get('number'), status), option='state')
    if payload is None:
        return None
    if comment and not comment_posted(comment, case):
        payload['comment'] = comment
    return Status(payload)


def plan_duplicate(older):
    """The backstop's steps on this run's new case, a twin of ``older`` (ibm_cases/backstop.py): a comment naming
    ``older``, then the resolution. The comment comes first: once it is on the case no run chooses the case, even
    if the resolution is refused."""
    return [Comment(duplicate_note(older)), Status({'action': 'resolve', 'resolution_code': DUPLICATE_RESOLUTION_CODE})]


def record(case, step, answer):
    """The case after ``step`` answered ``answer`` (a new dict; ``case`` is left as it was)."""
    if isinstance(step, (Create, Status)):
        return dict(answer)
    case = dict(case)
    if isinstance(step, Comment):
        case['comments'] = list(case.get('comments') or []) + [answer]
    elif isinstance(step, Resource):
        case['resources'] = list(case.get('resources') or []) + [answer]
    elif isinstance(step, Watch):
        case['watchlist'] = list(case.get('watchlist') or []) + list(answer.get('added') or [])
    elif isinstance(step, Upload):
        case['attachments'] = list(case.get('attachments') or []) + [answer]
    return case


def summary(case):
    """The small before/after of ``--diff``: what this module changes on a case."""
    if not case:
        return {}
    return {
        'number': case.get('number'),
        'status': case.get('status'),
        'comments': [comment.get('value') for comment in case.get('comments') or []],
        'resources': sorted(resource.get('crn') or '%s %s' % (resource.get('type'), resource.get('name'))
                            for resource in case.get('resources') or []),
        'watchlist': sorted(user.get('user_id') for user in case.get('watchlist') or []),
        'attachments': sorted(attachment.get('filename') for attachment in case.get('attachments') or []),
    }
