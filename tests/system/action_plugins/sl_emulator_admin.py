# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Call the emulator's admin API from a play, on the controller, without starting a module process.

Used by the system tests to inject faults between two tasks of one play (``uri``
would work too, but costs a Python process per call). Options: ``url`` (the
emulator's base URL), ``path`` (under ``/_emulator/``), ``method``, ``body`` and, for an
emulator serving https, ``ca_file`` (the CA it wrote at start).
Returns ``json``, the decoded answer.
"""

from __future__ import annotations

import json
import ssl
import urllib.error
import urllib.request

from ansible.plugins.action import ActionBase


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _VALID_ARGS = frozenset(('url', 'path', 'method', 'body', 'ca_file'))

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        args = self._task.args
        body = args.get('body')
        data = None if body is None else json.dumps(body).encode('utf-8')
        method = args.get('method') or ('POST' if data is not None else 'GET')
        request = urllib.request.Request('%s/_emulator/%s' % (args['url'].rstrip('/'), args['path']), data=data,
                                         method=method, headers={'Content-Type': 'application/json'})
        context = ssl.create_default_context(cafile=args['ca_file']) if args.get('ca_file') else None
        try:
            with urllib.request.urlopen(request, timeout=30, context=context) as response:
                text = response.read()
        except (urllib.error.URLError, OSError) as error:
            result.update(failed=True, msg='emulator admin call %s %s failed: %s' % (method, args['path'], error))
            return result
        result.update(changed=method != 'GET', json=json.loads(text) if text else None)
        return result
