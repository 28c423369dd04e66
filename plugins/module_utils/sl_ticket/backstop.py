# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""sl_ticket's backstop for several controllers: one ticket in use when concurrent runs opened one each.

Runs on machines that share no lock directory can all find no ticket and all open one.
Right after opening its ticket, in the round trip that adds the rest (devices, files, e-mails,
the update) to it, a run looks again for open tickets with its identity, through the very search
that finds the ticket, and the oldest one wins everywhere (tickets/duplicates.py holds the rules
and says why the oldest):

* the run that opened the oldest carries on with it;
* every other run posts one update on its own new ticket saying that it duplicates the
  oldest (the ``MarkDuplicate`` step, through the run's writer), puts on the oldest what it
  lacks of its devices, files, e-mails and update (they also went to its own ticket, written in
  the same round trip as the search), and returns the oldest.

Not covered: ``match: devices`` (a fresh twin has no device attached yet, so it cannot be
told from a sibling ticket opened for another device: only a shared ``lock_dir`` helps), and
two runs posting the very same update text on the oldest within the same moment (each may
read the ticket before the other's update lands).
"""

from __future__ import annotations

from ansible_collections.softlayer.support.plugins.module_utils.tickets.duplicates import oldest_twin


def older_twin(request, own, search):
    """The older ticket that this run's new ticket ``own`` duplicates, or None when the run keeps ``own``.

    ``search()`` answers the open tickets carrying this identity's marker (every ticket a concurrent
    run of this module opened carries it); it is called at most once.
    """
    if request.always_create or request.match_devices or request.ticket_id is not None:
        return None
    if own.get('id') is None:
        # Not opened on the server (check mode's prediction): no ticket was opened before it, so
        # oldest_twin would answer None whatever the search found. The search is saved, not its answer.
        return None
    return oldest_twin(own, search())


def handed_over(older_id, own_id):
    """The warning of a run that handed over from its own ticket to an older twin."""
    return ('another run opened ticket %s for the same identity at the same time as this run opened ticket %s; '
            'ticket %s now says it duplicates %s, and this run added its changes to %s. To avoid this, point the '
            'lock_dir option (SL_LOCK_DIR) of every controller at shared storage.'
            % (older_id, own_id, own_id, older_id, older_id))
