# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A process's own cost before it reaches the API: CPU seconds at its first connection.

Usage: ``python benchmarks/first_call.py OUT.json module NAME ARG...`` (runs ``python -m NAME ARG...``)
or ``python benchmarks/first_call.py OUT.json script PATH ARG...`` (runs a script such as ``slcli``).

An audit hook (PEP 578) sees the first ``socket.connect``; at that moment it writes the process's
CPU seconds so far (interpreter start, imports, argument parsing, client set-up), then the program
runs on unchanged. The hook imports nothing and patches nothing, so the measured program loads
exactly what it loads on its own. A program that never connects writes ``null``.

Run as a file, never imported by the benchmark package: it must stay free of the package's imports.
"""

import json
import os
import runpy
import sys
import time


def main(argv):
    out, kind, target = argv[1], argv[2], argv[3]
    state = {'written': False}

    def on_event(event, _args):
        if event == 'socket.connect' and not state['written']:
            state['written'] = True
            seconds = time.process_time()
            with open(out, 'w', encoding='utf-8') as handle:
                json.dump({'cpu_s': seconds}, handle)

    sys.addaudithook(on_event)
    sys.argv = [target] + argv[4:]
    # What ``python -m NAME`` or ``python PATH`` would have first on sys.path, not this file's folder.
    sys.path[0] = '' if kind == 'module' else os.path.dirname(os.path.abspath(target))
    try:
        if kind == 'module':
            runpy.run_module(target, run_name='__main__', alter_sys=True)
        else:
            runpy.run_path(target, run_name='__main__')
    finally:
        if not state['written']:
            with open(out, 'w', encoding='utf-8') as handle:
                json.dump({'cpu_s': None}, handle)


if __name__ == '__main__':
    main(sys.argv)
