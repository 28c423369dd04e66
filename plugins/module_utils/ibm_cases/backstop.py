# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ibm_case's backstop for several controllers: one case in use when concurrent runs opened one each.

Runs on one machine take turns (concurrent_runs/run_lock.py), but runs on machines that share no
``lock_dir`` can all find no case and all open one. Right after opening its case, a run looks again
for open cases carrying its identity marker, and the oldest one is kept everywhere
(concurrent_runs/twins.py says why the oldest):

* the run that opened the oldest carries on with it;
* every other run comments on its own new case that it duplicates the oldest and resolves it
  (``plan.plan_duplicate``, through the run's writer), adds to the oldest what it lacks (resources,
  watchers, files, the comment), and returns the oldest.

Not covered: two runs adding the very same comment to the oldest within the same moment (each may
read the case before the other's comment lands), and a run that dies between its create and its
look (its case stays open; a later run uses the oldest open one, which is the kept one).
"""

from __future__ import annotations

from ansible_collections.softlayer.support.plugins.module_utils.ibm_cases.identity import CASE_ORDER


def older_twin(own, search):
    """The older case that this run's new case ``own`` duplicates, or None when the run keeps ``own``.

    ``search()`` answers the open cases carrying this identity's marker that are not marked as duplicates;
    it is called at most once.
    """
    if own.get('number') is None:
        # Not opened on the server (check mode's prediction): nothing was opened before it. The search is saved.
        return None
    return CASE_ORDER.oldest_twin(own, search())


def handed_over(older, own):
    """The warning of a run that handed over from its own case to an older twin."""
    return ('another run opened case %s for the same subject at the same time as this run opened case %s; '
            'case %s now says it duplicates %s and is resolved, and this run added its changes to %s. To avoid '
            'this, point the lock_dir option (SL_LOCK_DIR) of every controller at shared storage.'
            % (older, own, own, older, older))


def not_resolved(own, older, error):
    """The warning of a run whose duplicate case ``own`` carries the note but could not be resolved."""
    return ('case %s says it duplicates case %s, but resolving it failed (%s): resolve it in the Support Center; '
            'no later run uses it' % (own, older, error))
