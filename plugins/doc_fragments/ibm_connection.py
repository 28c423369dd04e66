# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The IBM Cloud connection options of the case modules (module_utils/ibm_cases/connection.py)."""

from __future__ import annotations


class ModuleDocFragment:

    DOCUMENTATION = r'''
options:
  ibmcloud_api_key:
    description:
      - The IBM Cloud API key; it is exchanged for an IAM token, which authenticates every Case Management call.
      - If not set, the environment variable E(IC_API_KEY) is used (as by the IBM Cloud collection and Terraform
        provider), then E(IBMCLOUD_API_KEY) (as by the C(ibmcloud) CLI).
      - The key needs a Support Center role on the account (Editor to open and change cases, Viewer to read them).
    type: str
  case_management_url:
    description:
      - The Case Management API's base URL, for a private endpoint or a test emulator.
      - If not set, the environment variable E(IBMCLOUD_CASE_MANAGEMENT_URL) is used.
    type: str
    default: https://support-center.cloud.ibm.com/case-management/v1
  iam_url:
    description:
      - The IAM service's base URL (the token is requested at C(/identity/token) below it).
      - If not set, the environment variable E(IBMCLOUD_IAM_URL) is used.
    type: str
    default: https://iam.cloud.ibm.com
  ibm_timeout:
    description:
      - Seconds to wait for each answer of the Case Management API.
    type: int
    default: 60
  ibm_validate_certs:
    description:
      - Whether the TLS certificates of IAM and the Case Management API are verified.
    type: bool
    default: true
notes:
  - Reads are retried on HTTP 429, 5xx and lost answers under the collection's retry policy. A write is
    sent once; when its answer is lost the module looks whether it landed before sending it again
    (the SDK's own C(enable_retries) would resend a create and open a second case). A refused API key
    is never retried.
  - Proxies are taken from the environment (E(https_proxy), E(no_proxy)), as by the SDK's C(requests) session.
requirements:
  - ibm-platform-services >= 0.77.1
  - ibm-cloud-sdk-core >= 3.28.0
'''
