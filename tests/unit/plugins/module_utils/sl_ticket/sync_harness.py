# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the test_sync_*.py files share besides their fixtures (conftest.py): the request and the seed's devices."""

from __future__ import annotations

API_KEY = 'f' * 64
CREATE = {'title': 'Disk failure on web01', 'subject': 'Hardware Issue', 'body': 'Disk 0 failed.', 'hardware': ['web01']}
# Devices of the seeded account.
WEB01, WEB02, CACHE01_FRA02, APP01 = 1500101, 1500102, 1500106, 91000001


def methods(sdk, since=0):
    """The API methods called, in order, from call number ``since`` on."""
    return [c['method'] for c in sdk.calls[since:]]
