# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Connection options shared by every module (documented in doc_fragments/connection.py)."""

from __future__ import annotations

import copy

from ansible.module_utils.basic import env_fallback

DEFAULT_TIMEOUT = 60

# Options left unset fall back to the environment named here, then to the SDK's
# config file (/etc/softlayer.conf, ~/.softlayer), exactly as slcli resolves them.
CONNECTION_ARGUMENT_SPEC = {
    'username': {'type': 'str', 'fallback': (env_fallback, ['SL_USERNAME'])},
    'api_key': {'type': 'str', 'no_log': True, 'fallback': (env_fallback, ['SL_API_KEY'])},
    'endpoint_url': {'type': 'str', 'fallback': (env_fallback, ['SL_ENDPOINT_URL'])},
    'timeout': {'type': 'int'},
    # A proxy URL may carry a password.
    'proxy': {'type': 'str', 'no_log': True},
    'validate_certs': {'type': 'bool'},
    'ca_bundle': {'type': 'path', 'fallback': (env_fallback, ['SL_CA_BUNDLE'])},
    'config_file': {'type': 'path'},
}


def connection_argument_spec(**module_options):
    """Return a fresh argument spec: the connection options plus the module's own."""
    spec = copy.deepcopy(CONNECTION_ARGUMENT_SPEC)
    spec.update(module_options)
    return spec
