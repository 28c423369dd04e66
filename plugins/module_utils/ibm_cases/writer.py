# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The two writers of ibm_case's steps (``plan.py``): the Case Management API, and check mode's dry run.

Both answer every step with the shape the API stores, so ``plan.record`` builds the same case from
either. The API writer sends each write at most once more: when an answer is lost
(OutcomeUnknownError) it reads the case (or, for a create, searches for the creation token) and
sends again only when the write is not there.
"""

from __future__ import annotations

import os
import time

from ansible_collections.softlayer.support.plugins.module_utils.api.errors import (
    ApiFaultError,
    OutcomeUnknownError,
    SoftLayerSupportError,
)
from ansible_collections.softlayer.support.plugins.module_utils.ibm_cases import plan
from ansible_collections.softlayer.support.plugins.module_utils.ibm_cases.identity import (
    carries,
    comment_posted,
    file_present,
    resource_present,
    watcher_present,
)

# Seconds to wait before looking again, after a write got no answer at all (the server may still commit it).
LANDING_GRACE_SECONDS = (1, 2)
STATUS_AFTER = {'resolve': 'resolved', 'unresolve': 'in_progress', 'accept': 'resolved'}


class ApiWriter:
    """Writes through a CaseClient, each write at most once."""

    def __init__(self, client, warn=None, sleep=None):
        self.client = client
        self.warn = warn or (lambda message: None)
        self.sleep = sleep or time.sleep

    def apply(self, case, step):
        """The API's answer to ``step`` on ``case`` (None before a Create)."""
        if isinstance(step, plan.Create):
            return self._once('open the case', lambda s: s.create_case(**step.body),
                              lambda: find_by_token(self.client, step.token))
        number = case['number']
        if isinstance(step, plan.Comment):
            return self._once('add a comment to case %s' % number, lambda s: s.add_comment(number, step.text),
                              self._landed(number, lambda c: _last_comment(c, step.text)))
        if isinstance(step, plan.Resource):
            return self._once('add a resource to case %s' % number, lambda s: s.add_resource(number, **step.payload),
                              self._landed(number, lambda c: _resource_on(c, step.wanted)))
        if isinstance(step, plan.Watch):
            answer = self._once('add watchers to case %s' % number, lambda s: s.add_watchlist(number, watchlist=step.users),
                                self._landed(number, lambda c: _watchers_on(c, step.users)))
            if answer.get('failed'):
                raise ApiFaultError('case %s: the API refused to add %s to the watchlist (not members of this account)' % (
                    number, ', '.join(user['user_id'] for user in answer['failed'])), operation='add watchers')
            return answer
        if isinstance(step, plan.Upload):
            with open(step.path, 'rb') as handle:
                data = handle.read()
            return self._once('upload %s to case %s' % (step.name, number), lambda s: s.upload_file(
                number, [{'data': data, 'filename': step.name}]),
                self._landed(number, lambda c: _attachment_on(c, step.name)))
        want = STATUS_AFTER[step.payload['action']]
        return self._once('set case %s %s' % (number, want), lambda s: s.update_case_status(number, step.payload),
                          self._landed(number, lambda c: c if c.get('status') == want else None))

    def _landed(self, number, check):
        return lambda: check(self.client.read('look whether the change reached case %s' % number,
                                              lambda s: s.get_case(number)))

    def _once(self, what, call, landed):
        for attempt in (1, 2):
            try:
                return self.client.write(what, call)
            except OutcomeUnknownError as error:
                found = self._look(landed, error)
                if found is not None:
                    self.warn('the answer to "%s" was lost, but the change is on the case: it was not made again' % what)
                    return found
                if attempt == 2:
                    raise
        return None  # pragma: no cover

    def _look(self, landed, error):
        for wait in (0,) + (LANDING_GRACE_SECONDS if error.fault_code == 0 else ()):
            self.sleep(wait)
            try:
                found = landed()
            except SoftLayerSupportError as look_error:
                raise OutcomeUnknownError('%s; looking whether it landed failed too (%s): check the case before running '
                                          'the task again' % (error, look_error), fault_code=error.fault_code,
                                          operation=error.operation) from None
            if found is not None:
                return found
        return None


def find_by_token(client, token):
    """The case whose marker line carries creation ``token``, or None."""
    answer = client.read('look for the case just opened', lambda s: s.get_cases(search=token, limit=100))
    return next((case for case in answer.get('cases') or [] if carries(case, token)), None)


def _last_comment(case, text):
    return next((c for c in reversed(case.get('comments') or []) if comment_posted(text, {'comments': [c]})), None)


def _resource_on(case, wanted):
    # Only missing resources are added, so one that is there now is the one this write added.
    return next((r for r in case.get('resources') or [] if resource_present(wanted, {'resources': [r]})), None)


def _watchers_on(case, users):
    if all(watcher_present(user['user_id'], case) for user in users):
        return {'added': [u for u in case.get('watchlist') or [] if any(
            watcher_present(user['user_id'], {'watchlist': [u]}) for user in users)], 'failed': []}
    return None


def _attachment_on(case, name):
    return next((a for a in case.get('attachments') or [] if file_present(name, {'attachments': [a]})), None)


class DryRunWriter:
    """Check mode: writes nothing and answers what the API would store (server-made values unknown: None)."""

    def apply(self, case, step):
        if isinstance(step, plan.Create):
            return self._predicted_case(step)
        if isinstance(step, plan.Comment):
            return {'value': step.text, 'added_at': None, 'added_by': None}
        if isinstance(step, plan.Resource):
            return _predicted_resource(step.wanted)
        if isinstance(step, plan.Watch):
            return {'added': [dict(user) for user in step.users], 'failed': []}
        if isinstance(step, plan.Upload):
            return {'id': None, 'filename': step.name, 'size_in_bytes': os.path.getsize(step.path), 'created_at': None,
                    'url': None}
        changed = dict(case, status=STATUS_AFTER[step.payload['action']], updated_at=None)
        if step.payload.get('comment'):
            changed['comments'] = list(case.get('comments') or []) + [
                {'value': step.payload['comment'], 'added_at': None, 'added_by': None}]
        return changed

    @staticmethod
    def _predicted_case(step):
        body = step.body
        return {'number': None, 'short_description': body['subject'], 'description': body['description'],
                'status': 'new', 'severity': body.get('severity'), 'offering': body.get('offering'),
                'created_at': None, 'updated_at': None, 'comments': [], 'attachments': [],
                'resources': [_predicted_resource(wanted) for wanted in step.resources],
                'watchlist': [dict(user) for user in body.get('watchlist') or []]}


def _predicted_resource(wanted):
    """The resource the API stores for ``wanted`` (``{crn}`` or a classic device ``{type, id, name}``)."""
    if wanted.get('crn'):
        parts = wanted['crn'].split(':')
        return {'crn': wanted['crn'], 'name': parts[-3] or wanted['crn'], 'type': parts[4], 'url': None, 'note': None}
    return {'crn': None, 'name': wanted['name'], 'type': wanted['type'], 'url': None, 'note': None}
