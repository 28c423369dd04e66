# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pure decisions of ibm_case: which case is "this" one, and what is already on it.

The Case Management API has no idempotency key and no custom field, so a case this module opens
carries a marker line at the end of its description: the subject's digest (found again by every
run) and one creation's nonce (finds exactly that case after a lost create answer). The API's
``search`` only narrows what is read; every case found is checked here again.

A case that concurrent runs opened twice is kept once: the oldest twin (concurrent_runs/twins.py); the
others say so in a comment (``duplicate_note``) and are resolved (ibm_cases/backstop.py), and no later
run chooses them.
"""

from __future__ import annotations

import hashlib
import re

from ansible_collections.softlayer.support.plugins.module_utils.api.dates import read_api_date
from ansible_collections.softlayer.support.plugins.module_utils.concurrent_runs.twins import OpeningOrder

MARKER_PREFIX = 'ibm-case-'
MARKER_LABEL = 'Ansible softlayer.support.ibm_case reference:'

# The case statuses (tests/emulator/CASES.md); a case in OPEN_STATUSES is still being worked on.
OPEN_STATUSES = ('new', 'in_progress', 'waiting_on_client', 'resolution_provided')
RESOLVED = 'resolved'
CLOSED = 'closed'
STATUSES = OPEN_STATUSES + (RESOLVED, CLOSED)


def identity_marker(subject):
    """``ibm-case-`` and 16 hex digits of the subject: only letters, digits and hyphens, so search matches it literally."""
    return MARKER_PREFIX + hashlib.sha256(subject.strip().encode('utf-8')).hexdigest()[:16]


def creation_token(marker, nonce):
    return '%s.%s' % (marker, nonce)


def description_with_marker(description, token):
    return '%s\n\n%s %s' % (description.rstrip(), MARKER_LABEL, token)


def carries(case, text):
    """Whether ``case``'s description holds ``text`` (a marker or a creation token) on its marker line."""
    for line in (case.get('description') or '').splitlines():
        if line.startswith(MARKER_LABEL):
            token = line[len(MARKER_LABEL):].strip()
            if token == text or token.split('.', 1)[0] == text:
                return True
    return False


DUPLICATE_LABEL = 'Ansible softlayer.support.ibm_case duplicate of case'
# What the backstop resolves a duplicate with: "6: Solution no longer required" (the SDK's ResolvePayload).
DUPLICATE_RESOLUTION_CODE = 6


def _created(case):
    moment = read_api_date(case.get('created_at'))
    return moment.timestamp() if moment is not None else None


def _serial(case):
    """The digits of the case number (``CS2400017`` -> 2400017): numbers grow as cases are opened."""
    digits = re.sub(r'\D', '', case.get('number') or '')
    return int(digits) if digits else 0


CASE_ORDER = OpeningOrder(created=_created, serial=_serial)


def duplicate_note(older):
    """The comment on a case that duplicates case ``older``; its last line marks it for later runs."""
    return ('This case duplicates case %s, which another Ansible run opened at the same time for the same issue. '
            'Please handle it there: everything this run had to report was added to it.\n\n%s %s'
            % (older['number'], DUPLICATE_LABEL, older['number']))


def is_duplicate(case):
    """True when one of the case's comments is the duplicate note."""
    return any(DUPLICATE_LABEL in (comment.get('value') or '') for comment in case.get('comments') or [])


def marked_cases(cases, marker, statuses=OPEN_STATUSES):
    """The cases carrying ``marker`` in one of ``statuses``, leaving out those marked as a twin's duplicate."""
    return [case for case in cases if carries(case, marker) and case.get('status') in statuses and not is_duplicate(case)]


def choose_case(cases, marker, statuses):
    """The case meant among ``marked_cases``: the oldest open one (several are open only when concurrent runs
    each opened one, and the oldest is kept), else the newest of the others (the last one resolved)."""
    found = marked_cases(cases, marker, statuses)
    still_open = [case for case in found if case.get('status') in OPEN_STATUSES]
    return CASE_ORDER.oldest(still_open) if still_open else CASE_ORDER.newest(found)


def same_text(a, b):
    return (a or '').strip() == (b or '').strip()


def comment_posted(text, case):
    """Whether a comment with ``text`` (surrounding whitespace ignored) is on ``case`` already."""
    return any(same_text(text, comment.get('value')) for comment in case.get('comments') or [])


def resource_present(wanted, case):
    """Whether resource ``wanted`` (``{crn}`` or ``{type, name}`` of a classic device) is on ``case``.

    The API stores a resource again when it is added twice, so the module must look first.
    """
    for resource in case.get('resources') or []:
        if wanted.get('crn'):
            if resource.get('crn') == wanted['crn']:
                return True
        elif resource.get('type') == wanted['type'] and (resource.get('name') or '').casefold() == wanted['name'].casefold():
            return True
    return False


def resource_as_device(resource):
    """A classic device resource as the device model reads one (by name only: the API shows no device id)."""
    name = (resource.get('name') or '').rstrip('.')
    hostname, _dot, domain = name.partition('.')
    return {'id': None, 'hostname': hostname, 'domain': domain or None, 'fqdn': name}


def watcher_present(user_id, case):
    return any((user.get('user_id') or '').casefold() == user_id.casefold() for user in case.get('watchlist') or [])


def file_present(name, case):
    return any(attachment.get('filename') == name for attachment in case.get('attachments') or [])
