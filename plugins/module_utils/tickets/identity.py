# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pure decisions of sl_ticket: which ticket is "this" one, and what is already on it.

Nothing here talks to the API or to Ansible, so every rule is unit-tested directly:

* the identity marker kept in a created ticket's first update, and where it goes in the body;
* the object filters of the two searches (exact title, marker), which only narrow what is
  read: every ticket found is checked again against the filter (``result_check``) and here;
* which of the found tickets is meant (narrowing by subject and devices, the newest wins);
* whether an update text is already on the ticket across the server's 3900-character split;
* whether a wanted device is already attached; which e-mail addresses change.
"""

from __future__ import annotations

import hashlib

from ansible_collections.softlayer.support.plugins.module_utils.api.dates import api_date_order
from ansible_collections.softlayer.support.plugins.module_utils.tickets.devices import matches_any, parse
from ansible_collections.softlayer.support.plugins.module_utils.tickets.fields import UPDATE_CHUNK_SIZE, created_at
from ansible_collections.softlayer.support.plugins.module_utils.tickets.references import is_id
from ansible_collections.softlayer.support.plugins.module_utils.tickets.statuses import open_status_condition
from ansible_collections.softlayer.support.plugins.module_utils.tickets.titles import title_filter_operation, title_matches

# The identity searches list Account::getTickets under this filter root.
SEARCH_ROOT = 'tickets'

MARKER_PREFIX = 'sl-ticket-'
MARKER_LABEL = 'Ansible softlayer.support.sl_ticket reference:'


# -- identity marker ---------------------------------------------------------------------------

def identity_marker(title):
    """The marker of the tickets this module opens with ``title``: ``sl-ticket-`` and 16 hex digits.

    Only lower-case letters, digits and hyphens, so a contains-filter matches it
    literally (no SQL wildcard characters).
    """
    digest = hashlib.sha256(title.strip().encode('utf-8')).hexdigest()
    return MARKER_PREFIX + digest[:16]


def creation_token(marker, nonce):
    """The marker plus one creation's random nonce: finds exactly that ticket after a lost response."""
    return '%s.%s' % (marker, nonce)


def marker_line(token):
    return '%s %s' % (MARKER_LABEL, token)


def body_with_marker(body, token, chunk_size=UPDATE_CHUNK_SIZE):
    """The first update as sent: the body, then a blank line and the marker line.

    The marker must land in the first stored update, which holds at most
    ``chunk_size`` characters, so a body too long for that gets the marker as its
    first line instead.
    """
    body = body.rstrip()
    line = marker_line(token)
    tail = '\n\n' + line
    if len(body) + len(tail) <= chunk_size:
        return body + tail
    return line + '\n\n' + body


# -- searches ----------------------------------------------------------------------------------

def _open_filter(conditions, subject=None):
    """An Account::getTickets filter: ``conditions`` plus the open statuses (``statuses.STILL_OPEN``), optionally one subject.

    A ticket a technician has picked up (Assigned) must still be found, not duplicated.
    """
    branch = dict(conditions)
    branch.update(open_status_condition())
    if subject is not None:
        text = str(subject).strip()
        if is_id(text):
            branch['subjectId'] = {'operation': int(text)}
        else:
            branch['subject'] = {'name': {'operation': '_= %s' % text}}
    return {SEARCH_ROOT: branch}


def title_filter(title, subject=None):
    """Open tickets whose title ends with ``title``: stored as given or as ``'<subject name> - <title>'``.

    The explicit ``$=`` operator comes first, so no operator characters at the
    start of the title (``!=``, ``~``, ``*=`` ...) can turn it into another
    operation. is_candidate re-checks the title exactly.
    """
    return _open_filter({'title': title_filter_operation(title)}, subject)


def marker_filter(token, subject=None):
    """Open tickets whose first update carries ``token`` (a marker or a creation token)."""
    return _open_filter({'firstUpdate': {'entry': {'operation': '*= %s' % token}}}, subject)


# -- choosing the ticket -----------------------------------------------------------------------

def first_update(raw):
    """The ticket's first update, from its ``updates`` (the searches' mask reads them, not ``firstUpdate``)."""
    updates = raw.get('updates') or []
    if not updates:
        return None
    return min(updates, key=lambda u: (api_date_order(u.get('createDate')), u.get('id') or 0))


# What result_check works out from a searched ticket for the marker filter's ``firstUpdate.entry``.
DERIVED = {'firstUpdate': first_update}


def first_entry(raw):
    return (first_update(raw) or {}).get('entry') or ''


def carries_token(raw, token):
    """True when the ticket's first update contains ``token`` (checked locally, case-sensitively)."""
    return token in first_entry(raw)


def has_title(raw, title):
    return title_matches(raw, title)


def subject_matches(raw, subject):
    """``subject`` is a name (any case) or a numeric id."""
    text = str(subject).strip()
    if is_id(text):
        return raw.get('subjectId', (raw.get('subject') or {}).get('id')) == int(text)
    return ((raw.get('subject') or {}).get('name') or '').casefold() == text.casefold()


def is_attached(wanted, attached):
    """True when the device reference ``wanted`` means one of the ``attached`` (normalised) devices.

    Recognised locally by id, hostname or FQDN (``devices.parse``'s rules), so a re-run
    needs no device lookup.
    """
    reference = parse(wanted)
    return any(reference.matches(device) for device in attached)


def _created(raw):
    return (created_at(raw) or 0.0, raw.get('id') or 0)


def choose_ticket(candidates):
    """The newest candidate and the others (newest first). ``(None, [])`` when there are none."""
    unique = {}
    for raw in candidates:
        unique.setdefault(raw.get('id'), raw)
    ordered = sorted(unique.values(), key=_created, reverse=True)
    if not ordered:
        return None, []
    return ordered[0], ordered[1:]


def is_candidate(raw, title, marker, subject=None, devices=None, attached_of=None):
    """Whether an open ticket found by a search is "this" ticket.

    The server filtered already; this re-checks exactly (the server's text
    comparisons may ignore case) and applies the device narrowing, which one
    filter cannot express across hardware and virtual guests. ``devices`` is a
    list of references; at least one must be attached (``attached_of(raw)``
    gives the normalised attached devices).
    """
    if not (has_title(raw, title) or carries_token(raw, marker)):
        return False
    if subject is not None and not subject_matches(raw, subject):
        return False
    if devices:
        if not any(matches_any(devices, device) for device in attached_of(raw)):
            return False
    return True


# -- updates -----------------------------------------------------------------------------------

def _squash(text):
    return ''.join((text or '').split())


def update_posted(text, entries):
    """True when ``text`` is already on the ticket.

    The server stores a long text as consecutive updates of at most 3900
    characters, so this looks for a run of consecutive entries whose
    concatenation is the text. Whitespace and line endings are ignored: the
    server may trim pieces or turn CRLF into LF.
    """
    target = _squash(text)
    if not target:
        return True
    pieces = [_squash(entry) for entry in entries]
    for start, piece in enumerate(pieces):
        if not piece or not target.startswith(piece):
            continue
        joined = ''
        for following in pieces[start:]:
            joined += following
            if joined == target:
                return True
            if not target.startswith(joined):
                break
    return False


def new_lines(text, entries):
    """The lines of ``text`` that are not yet on the ticket, joined again; '' when there are none.

    For evidence that grows between runs (a report read afresh each time): only
    what is new gets posted. A line counts as present when a line of some entry,
    or of the entries joined (a long text stored in 3900-character pieces), is
    the same once whitespace is ignored. Blank lines are dropped.
    """
    present = set()
    for joined in ('\n'.join(entries), ''.join(entries)):
        present.update(_squash(line) for line in joined.splitlines())
    fresh = [line for line in (text or '').splitlines() if _squash(line) and _squash(line) not in present]
    return '\n'.join(fresh)


def split_update(text, chunk_size=UPDATE_CHUNK_SIZE):
    """The pieces the server will store ``text`` as (for an exact check-mode prediction)."""
    return [text[start:start + chunk_size] for start in range(0, len(text), chunk_size)] or ['']


# -- additional e-mails ------------------------------------------------------------------------

def unique_emails(emails):
    """Stripped, de-duplicated (case-insensitively), first spelling kept, order kept."""
    seen = {}
    for email in emails:
        text = email.strip()
        if text:
            seen.setdefault(text.lower(), text)
    return list(seen.values())


def email_changes(current, wanted):
    """(added, removed) to turn ``current`` into exactly ``wanted``, case-insensitively."""
    current_keys = {email.lower() for email in current}
    wanted_keys = {email.lower() for email in wanted}
    added = [email for email in wanted if email.lower() not in current_keys]
    removed = sorted(email for email in current if email.lower() not in wanted_keys)
    return added, removed
