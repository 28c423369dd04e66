# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The object-filter vocabulary: how the collection asks the API to narrow a list.

The server only narrows: it may drop a condition it cannot apply, so every result is re-checked locally
(result_check) and a filter only saves bytes.
"""

from __future__ import annotations


def in_filter(values):
    """Exact match against any of ``values``; safe for text that starts like an operator (``> x``, ``*= y``)."""
    return {'operation': 'in', 'options': [{'name': 'data', 'value': list(values)}]}
