# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What ibm_case's run tests (test_sync.py, test_backstop.py) share besides their fixtures (conftest.py): the request."""

from __future__ import annotations

from ansible_collections.softlayer.support.plugins.module_utils.ibm_cases.plan import CaseRequest

MEMBER = 'ops-analyst@example.com'
SUBJECT = 'Disk failure on web01'


def request(**changes):
    """The request of a run that opens (or finds) the case ``SUBJECT``, with ``changes``."""
    return CaseRequest(**dict(dict(
        state='open', case_type='technical', subject=SUBJECT, description='The second disk fails.',
        severity=3, crns=[], watchlist=[], files=[], comment=None, resolution_code=None), **changes))
