# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One module per scenario; each exposes ``run(scenario, emulator, workdir, settings) -> (series, text)``.

benchmarks/runner.py lists them in SCENARIOS. A scenario imports only benchmarks.harness,
benchmarks.results, benchmarks.accounts and benchmarks.call_log, never the runner or another scenario.
"""
