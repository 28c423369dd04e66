# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The lock_dir option of the modules whose concurrent runs take turns (module_utils/concurrent_runs/run_lock.py)."""

from __future__ import annotations


class ModuleDocFragment:

    DOCUMENTATION = r'''
options:
  lock_dir:
    description:
      - The directory of the lock files that make concurrent runs for one identity (the same ticket, or the same
        case) take turns.
      - If not set, the E(SL_LOCK_DIR) environment variable is used, then the temporary directory
        (E(TMPDIR), usually C(/tmp)), which only runs on the same machine share.
      - Point it at storage that every controller mounts (NFS, a shared volume of the AWX / Automation
        Platform execution nodes) when runs for the same identity can start on different machines, for
        example with job slicing. The file system must support C(flock) across machines (NFSv4 does).
      - Without shared locks, a ticket or case opened twice at the same moment is still folded into the older one
        (except by M(softlayer.support.sl_ticket) with C(match=devices)); see the notes.
      - Check mode takes no lock and writes no lock file.
    type: path
    version_added: 0.2.0
'''
