# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""sl_ticket's backstop for several controllers: one ticket in use when concurrent runs opened one each.

Runs on machines that share no lock directory can all find no ticket and all open one.
Right after opening its ticket (before adding anything to it), a run looks again for open
tickets with its identity, through the very search that finds the ticket
(``TicketSync.candidates()``), and the oldest one wins everywhere:

* the run that opened the oldest carries on with it;
* every other run posts one update on its own new ticket saying that it duplicates the
  oldest, puts its devices, files, e-mails and update on the oldest, and returns that one.

Why the oldest: every run agrees on it without talking to the others. The oldest was opened
before any other run's ticket, so every run's second look, which comes after its own
opening, finds it. (The newest would differ from run to run.)

Why the note takes the newer ticket out: customers cannot close or retitle a ticket through
the API, so the duplicate stays open with the same title and marker. A ticket carrying the
note is no longer a candidate (``without_duplicates``), so later runs, which use the newest
candidate, see only the oldest.

Not covered: ``match: devices`` (a fresh twin has no device attached yet, so it cannot be
told from a sibling ticket opened for another device: only a shared ``lock_dir`` helps), and
two runs posting the very same update text on the oldest within the same moment (each may
read the ticket before the other's update lands).
"""

from __future__ import annotations

from ansible_collections.softlayer.support.plugins.module_utils.tickets.fields import UPDATES_MASK, created_at

DUPLICATE_LABEL = 'Ansible softlayer.support.sl_ticket duplicate of ticket'


def duplicate_note(older):
    """The one update posted on a ticket that duplicates ``older``; its last line marks it for later runs."""
    case = older.get('serviceProviderResourceId')
    return ('This ticket duplicates ticket %s%s, which another Ansible run opened at the same time for the '
            'same issue. Please handle it there: everything this run had to report was added to it.\n\n%s %s'
            % (older['id'], ' (%s)' % case if case else '', DUPLICATE_LABEL, older['id']))


def is_duplicate(raw):
    """True when one of the ticket's updates is the duplicate note."""
    return any(DUPLICATE_LABEL in (update.get('entry') or '') for update in raw.get('updates') or [])


def without_duplicates(candidates):
    """The candidates that are not marked as duplicates of another ticket."""
    return [raw for raw in candidates if not is_duplicate(raw)]


def opened_before(raw, own):
    """True when ``raw`` was opened before ``own``: by creation time, then by id (ids grow)."""
    first, second = created_at(raw), created_at(own)
    if first is None or second is None or first == second:
        return (raw.get('id') or 0) < (own.get('id') or 0)
    return first < second


def oldest(tickets):
    """The ticket opened first, or None for no tickets."""
    first = None
    for raw in tickets:
        if first is None or opened_before(raw, first):
            first = raw
    return first


def oldest_twin(own, candidates):
    """The oldest candidate opened before ``own``, or None when ``own`` is the oldest."""
    return oldest(raw for raw in candidates if raw.get('id') != own.get('id') and opened_before(raw, own))


def settle(sync):
    """After ``sync`` (a TicketSync) opened its ticket: hand over to an older twin if there is one.

    Returns True when this run's ticket was marked as a duplicate and the run went on with
    the older ticket (``sync.outcome.raw`` is then that ticket, with this run's changes added).
    """
    request = sync.request
    if request.always_create or request.match_devices or request.ticket_id is not None:
        return False
    outcome = sync.outcome
    own = outcome.raw
    # Twins opened by concurrent runs carry this identity's marker: the marker search alone finds them.
    older = oldest_twin(own, sync.candidates(by_title=False))
    if older is None:
        return False
    note = duplicate_note(older)

    def landed():
        fresh = sync.read_ticket(own['id'], operation='look whether ticket %s was marked' % own['id'])
        return True if is_duplicate(fresh) else None
    sync.writer.write_once('mark ticket %s as a duplicate' % own['id'], lambda: sync.client.write(
        'SoftLayer_Ticket', 'addUpdate', {'entry': note}, id=own['id'], mask=UPDATES_MASK,
        operation='mark ticket %s as a duplicate of ticket %s' % (own['id'], older['id'])), landed)
    outcome.created = False
    outcome.duplicate_ticket_id = own['id']
    with sync.lock_ticket(older['id']):
        # Read again: the run that opened it may have added to it since the search.
        sync.update_ticket(sync.read_ticket(older['id']))
    sync.warn('another run opened ticket %s for the same identity at the same time as this run opened ticket %s; '
              'ticket %s now says it duplicates %s, and this run added its changes to %s. To avoid this, point the '
              'lock_dir option (SL_LOCK_DIR) of every controller at shared storage.'
              % (older['id'], own['id'], own['id'], older['id'], older['id']))
    return True
