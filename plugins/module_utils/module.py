# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What every module of the collection does besides its own work: one AnsibleModule for all of them.

``SoftLayerModule`` adds the connection options to the module's own, fails
clearly when the SDK is missing, and ``run(work)`` builds the client, calls
``work(client)`` and maps SoftLayerSupportError to ``fail_json``. Every result,
failed or not, carries ``retries`` (with a warning past WARN_THRESHOLD).
"""

from __future__ import annotations

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.softlayer.support.plugins.module_utils.api.connection_options import connection_argument_spec
from ansible_collections.softlayer.support.plugins.module_utils.api.client import SoftLayerClient
from ansible_collections.softlayer.support.plugins.module_utils.api.errors import SoftLayerSupportError
from ansible_collections.softlayer.support.plugins.module_utils.api.retries import WARN_THRESHOLD
from ansible_collections.softlayer.support.plugins.module_utils.api.sdk import (
    HAS_SOFTLAYER,
    SOFTLAYER_IMPORT_ERROR,
    missing_sdk_message,
)


class SoftLayerModule(AnsibleModule):
    """An AnsibleModule with the connection options; every softlayer.support module supports check mode.

    ``argument_spec`` holds only the module's own options; the constraints between
    them (``mutually_exclusive``, ``required_if``, ...) go to AnsibleModule unchanged.
    """

    def __init__(self, argument_spec=None, supports_check_mode=True, **kwargs):
        super().__init__(argument_spec=connection_argument_spec(**(argument_spec or {})),
                         supports_check_mode=supports_check_mode, **kwargs)
        if not HAS_SOFTLAYER:
            self.fail_json(msg=missing_sdk_message(), exception=SOFTLAYER_IMPORT_ERROR)

    def run(self, work):
        """Exit with ``work(client)``'s result and ``retries``, or fail with the error's message and details."""
        client = None
        try:
            client = SoftLayerClient.from_params(self.params)
            result = work(client)
        except SoftLayerSupportError as error:
            self.fail_json(msg=str(error), **dict(retry_report(client, self.warn), **error.details()))
        self.exit_json(**dict(result, **retry_report(client, self.warn)))


def retry_report(client, warn):
    """The ``retries`` every module returns; from WARN_THRESHOLD on, also a warning through ``warn``."""
    retries = client.retries if client is not None else 0
    if retries >= WARN_THRESHOLD:
        warn('%d API calls had to be retried (%d after a rate-limit refusal). The API allows 50 requests per '
             'second per user, shared by every fork and controller using the account: if this recurs, run '
             'with fewer forks or spread the runs out.' % (retries, client.rate_limited))
    return {'retries': retries}
