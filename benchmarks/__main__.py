# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""``python -m benchmarks`` (what scripts/bench runs): see benchmarks/__init__.py."""

import sys

from benchmarks.runner import main

sys.exit(main())
