# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What every case module shares: the IBM Cloud connection options, the SDK check, the client, one error mapping.

With ``softlayer=True`` the module also takes the SoftLayer connection options, for the device lookups;
when ``username`` and ``api_key`` are both unset, the IBM Cloud API key logs in to SoftLayer as ``apikey``.
"""

from __future__ import annotations

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.softlayer.support.plugins.module_utils.api.client import SoftLayerClient
from ansible_collections.softlayer.support.plugins.module_utils.api.connection_options import connection_argument_spec
from ansible_collections.softlayer.support.plugins.module_utils.api.errors import SoftLayerSupportError
from ansible_collections.softlayer.support.plugins.module_utils.ibm_cases.client import (
    HAS_IBM_SDK,
    IBM_SDK_IMPORT_ERROR,
    CaseClient,
    missing_ibm_sdk_message,
)
from ansible_collections.softlayer.support.plugins.module_utils.ibm_cases.connection import ibm_argument_spec

# The user name under which an IBM Cloud API key logs in to the SoftLayer API.
IBM_KEY_USERNAME = 'apikey'


class CaseModule(AnsibleModule):
    """An AnsibleModule with the IBM Cloud connection options (and optionally SoftLayer's); check mode supported."""

    def __init__(self, argument_spec=None, softlayer=False, **kwargs):
        spec = ibm_argument_spec(**(argument_spec or {}))
        if softlayer:
            spec = connection_argument_spec(**spec)
        super().__init__(argument_spec=spec, supports_check_mode=True, **kwargs)
        if not HAS_IBM_SDK:
            self.fail_json(msg=missing_ibm_sdk_message(), exception=IBM_SDK_IMPORT_ERROR)

    def softlayer_client(self):
        params = dict(self.params)
        if not params.get('username') and not params.get('api_key'):
            params.update(username=IBM_KEY_USERNAME, api_key=params.get('ibmcloud_api_key'))
        return SoftLayerClient.from_params(params)

    def run(self, work):
        """Exit with ``work(client)``'s result (and ``retries``), or fail with the error's message and details."""
        client = None
        try:
            client = CaseClient.from_params(self.params)
            result = work(client)
        except SoftLayerSupportError as error:
            self.fail_json(msg=str(error), retries=client.retries if client else 0, **error.details())
        self.exit_json(retries=client.retries, **result)
