# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The IBM Cloud connection options of the case modules (documented in doc_fragments/ibm_connection.py).

One table: each option's spec and its environment variables. The API key falls back to ``IC_API_KEY``
(the IBM Cloud Ansible collection and Terraform provider) and then ``IBMCLOUD_API_KEY`` (the ``ibmcloud`` CLI).
"""

from __future__ import annotations

import copy

from ansible.module_utils.basic import env_fallback

CASE_MANAGEMENT_URL = 'https://support-center.cloud.ibm.com/case-management/v1'
IAM_URL = 'https://iam.cloud.ibm.com'
DEFAULT_TIMEOUT = 60

ENVIRONMENT = {
    'ibmcloud_api_key': ('IC_API_KEY', 'IBMCLOUD_API_KEY'),
    'case_management_url': ('IBMCLOUD_CASE_MANAGEMENT_URL',),
    'iam_url': ('IBMCLOUD_IAM_URL',),
}

_OPTIONS = {
    'ibmcloud_api_key': {'type': 'str', 'no_log': True},
    'case_management_url': {'type': 'str', 'default': CASE_MANAGEMENT_URL},
    'iam_url': {'type': 'str', 'default': IAM_URL},
    'ibm_timeout': {'type': 'int', 'default': DEFAULT_TIMEOUT},
    'ibm_validate_certs': {'type': 'bool', 'default': True},
}

IBM_ARGUMENT_SPEC = dict(
    (name, dict(spec, fallback=(env_fallback, list(ENVIRONMENT[name]))) if name in ENVIRONMENT else spec)
    for name, spec in _OPTIONS.items())


def ibm_argument_spec(**module_options):
    """A fresh argument spec: the IBM Cloud connection options plus the module's own."""
    spec = copy.deepcopy(IBM_ARGUMENT_SPEC)
    spec.update(module_options)
    return spec
