# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Module attributes shared by the collection's read-only (info) modules."""

from __future__ import annotations


class ModuleDocFragment:

    # Use a named fragment below; this one adds nothing.
    DOCUMENTATION = r'''
options: {}
'''

    INFO_MODULE = r'''
options: {}
attributes:
  check_mode:
    support: full
    description: Reads the same in check mode; nothing is ever changed.
  diff_mode:
    support: none
    description: Nothing is changed, so there is no diff.
'''
