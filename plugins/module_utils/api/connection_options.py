# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Connection options shared by every module (documented in doc_fragments/connection.py)."""

from __future__ import annotations

import copy
import os

from ansible.module_utils.basic import env_fallback

DEFAULT_TIMEOUT = 60

# The one table of environment variables: an option left unset falls back to its variable here, then
# to the SDK's config file (/etc/softlayer.conf, ~/.softlayer), exactly as slcli resolves them
# (the SDK itself reads SL_USERNAME, SL_API_KEY and https_proxy the same way).
ENVIRONMENT = {
    'username': 'SL_USERNAME',
    'api_key': 'SL_API_KEY',
    'endpoint_url': 'SL_ENDPOINT_URL',
    'proxy': 'https_proxy',
    'ca_bundle': 'SL_CA_BUNDLE',
}

_OPTIONS = {
    'username': {'type': 'str'},
    'api_key': {'type': 'str', 'no_log': True},
    'endpoint_url': {'type': 'str'},
    'timeout': {'type': 'int'},
    # A proxy URL may carry a password.
    'proxy': {'type': 'str', 'no_log': True},
    'validate_certs': {'type': 'bool'},
    'ca_bundle': {'type': 'path'},
    'config_file': {'type': 'path'},
}
CONNECTION_ARGUMENT_SPEC = dict(
    (name, dict(spec, fallback=(env_fallback, [ENVIRONMENT[name]])) if name in ENVIRONMENT else spec)
    for name, spec in _OPTIONS.items())


def from_environment(name):
    """The value of option ``name``'s environment variable (ENVIRONMENT); None when unset or empty."""
    variable = ENVIRONMENT.get(name)
    return (os.environ.get(variable) or None) if variable else None


def with_environment(params):
    """A copy of connection options ``params`` with each unset option taken from its environment variable.

    For callers without an argument spec (the event source); modules get the same from ``env_fallback``.
    """
    return dict((name, from_environment(name) if value is None else value) for name, value in params.items())


def connection_argument_spec(**module_options):
    """Return a fresh argument spec: the connection options plus the module's own."""
    spec = copy.deepcopy(CONNECTION_ARGUMENT_SPEC)
    spec.update(module_options)
    return spec
