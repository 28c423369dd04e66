# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The unit tests' IBM Cloud account: the emulator's IAM and Case Management API on loopback, beside its SoftLayer side.

``EmulatedCloud()`` wraps one ``EmulatedAPI`` (the SoftLayer side, in-process) and serves the same emulator
over HTTP on 127.0.0.1, because IBM's SDK builds its own ``requests`` session: the SDK runs unchanged.
"""

from __future__ import annotations

import threading

from ansible_collections.softlayer.support.tests.unit.plugins.emulated_api import EmulatedAPI, server, sl_emulator

from ansible_collections.softlayer.support.plugins.module_utils.api.client import SoftLayerClient
from ansible_collections.softlayer.support.plugins.module_utils.api.retries import RetryPolicy
from ansible_collections.softlayer.support.plugins.module_utils.ibm_cases.client import CaseClient

IBM_CLOUD_API_KEY = next(user['ibm_cloud_api_key'] for user in sl_emulator.seed_credentials() if user['ibm_cloud_api_key'])
COS = 'Cloud Object Storage'
CRN = 'crn:v1:bluemix:public:cloud-object-storage:global:a/284101:61848e72-6ba6-415e-84e2-91f3915e194d::'


class EmulatedCloud:
    """A fresh seeded account; ``client()`` is a CaseClient on it, ``softlayer_client()`` its SoftLayer side."""

    def __init__(self):
        self.api = EmulatedAPI()
        self.emulator = self.api.emulator
        self.http = server.EmulatorHTTPServer(self.emulator)
        self.thread = threading.Thread(target=self.http.serve_forever, kwargs={'poll_interval': 0.05}, daemon=True)
        self.thread.start()
        self.url = self.http.url

    def close(self):
        self.http.shutdown()
        self.http.server_close()

    def params(self, **extra):
        return dict({'ibmcloud_api_key': IBM_CLOUD_API_KEY, 'case_management_url': self.url + '/case-management/v1',
                     'iam_url': self.url, 'ibm_timeout': 10, 'ibm_validate_certs': True}, **extra)

    def client(self, retries=2):
        return CaseClient.from_params(self.params(), retry_policy=RetryPolicy(retries=retries, sleep=lambda seconds: None))

    def softlayer_client(self):
        return SoftLayerClient(self.api.sdk, secrets=[self.api.user['apiKey']], retry_policy=RetryPolicy(retries=0), timeout=5)

    def cases(self):
        """The cases stored (not the ticket-mirrored ones), by number."""
        return {case['number']: case for case in self.emulator.state.tables['cases'].values()}

    def rows(self, table, number):
        return [row for row in self.emulator.state.tables[table].values() if row.get('caseNumber') == number]

    def case_calls(self):
        return [call['method'] for call in self.emulator.calls_since(0) if call['service'] == 'case_management']

    def forget_calls(self):
        self.emulator.calls.clear()

    def fault(self, method, kind='lost_response', times=1, **rule):
        self.emulator.add_fault_rules([dict(rule, service='case_management', method=method, kind=kind, times=times)])
