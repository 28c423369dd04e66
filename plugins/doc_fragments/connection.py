# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Connection options shared by every softlayer.support module."""

from __future__ import annotations


class ModuleDocFragment:

    DOCUMENTATION = r'''
options:
  username:
    description:
      - The SoftLayer API user name (the portal user name, not the e-mail address).
      - With an IBM Cloud API key (from C(ibmcloud iam api-key-create) or the IBM Cloud console) instead
        of a classic infrastructure key, set V(apikey) here and the IBM Cloud key as O(api_key). The SDK
        then sends the key as HTTP basic authentication, and the API acts as the user that owns the key.
      - If not set, the E(SL_USERNAME) environment variable is used, then C(username) in the
        C([softlayer]) section of the SDK's config file (see O(config_file)).
    type: str
  api_key:
    description:
      - The classic infrastructure API key of O(username), or an IBM Cloud API key when O(username=apikey).
      - If not set, the E(SL_API_KEY) environment variable is used, then C(api_key) in the SDK's config file.
      - Never logged or returned.
    type: str
  endpoint_url:
    description:
      - The SoftLayer API endpoint.
      - An URL containing C(/rest) selects the REST transport, anything else XML-RPC, exactly as the SDK decides.
      - If not set, the E(SL_ENDPOINT_URL) environment variable is used, then C(endpoint_url) in the SDK's
        config file, then the public XML-RPC endpoint C(https://api.softlayer.com/xmlrpc/v3.1/).
    type: str
  timeout:
    description:
      - Seconds to wait for an answer to each send of an API call before giving up on that send.
      - If not set, C(timeout) in the SDK's config file is used, else 60. The SDK itself has no timeout,
        so a hung call would otherwise hang the play.
      - A read that gets no answer is retried (see the notes), so one call to an API that never answers
        fails after at most twice O(timeout) plus 30 seconds (150 seconds with the default O(timeout) of 60),
        that is the first send, retries that start within 30 seconds after it failed, and the last one's O(timeout).
        Computed with the retry policy itself (every send waits its whole O(timeout), each delay the shortest or
        the longest it may draw), such a call ends after 120.5 to 121.0 seconds (2 sends) with the default,
        and after 17.5 to 25.0 seconds (5 sends) with O(timeout=2); the system tests check that bound over XML-RPC and REST.
      - A write that gets no answer is not sent again blindly; the module first looks whether it landed.
      - Must be greater than 0.
    type: int
  proxy:
    description:
      - An HTTP(S) proxy URL for API calls, for example V(http://proxy.example.com:3128).
      - If not set, the E(https_proxy) environment variable is used, then C(proxy) in the SDK's config file.
    type: str
  validate_certs:
    description:
      - Whether to verify the API endpoint's TLS certificate.
      - If not set, C(verify) in the SDK's config file is used, else V(true).
      - Set to V(false) only for a trusted endpoint with a self-signed certificate; to trust a proxy's or
        another private CA, set O(ca_bundle) instead. V(false) turns verification off even when O(ca_bundle) is set.
    type: bool
  ca_bundle:
    description:
      - A PEM file of the CA certificates to verify the API endpoint's TLS certificate with, instead of
        the ones Python trusts by default. Needed behind a proxy that inspects TLS traffic and presents
        certificates of its own CA.
      - If not set, the E(SL_CA_BUNDLE) environment variable is used, then C(verify) in the SDK's config file
        when that holds a path. Without any of them, E(REQUESTS_CA_BUNDLE) applies, as for any use of the SDK.
      - The file must exist.
    type: path
  config_file:
    description:
      - An SDK config file read after C(/etc/softlayer.conf) and C(~/.softlayer), in the format that
        C(slcli config setup) writes.
      - Options and environment variables take precedence over every config file.
    type: path
requirements:
  - SoftLayer >= 6.1.4 (the official SoftLayer Python SDK) on the host that runs the module
notes:
  - Retries transient failures (connection errors, timeouts, HTTP 5xx, SoftLayer's rate limit) of calls that
    are safe to repeat, with a jittered exponential backoff bounded to 4 retries and 30 seconds.
    These are the only resends. The SDK's own retries (a urllib3 retry it mounts for https endpoints,
    which resent REST reads that timed out, uncounted and beyond this budget) are switched off.
    A write is retried only when the API certainly refused it (rate limit); otherwise the module looks
    whether it landed before it writes again, so nothing is ever applied twice.
  - "Retry budget: the delays are 0.5-1, 1-2, 2-4 and 4-8 seconds (half of each fixed, half random, so parallel
    tasks spread apart), and no retry starts once its delay would end more than 30 seconds after the call's
    first attempt failed (counted from the failure, so a read that used its whole O(timeout) is still retried).
    A call still refused after that fails the task, naming the rate limit or the missing answer.
    The module returns how many retries the run needed as C(retries), and warns from 3 on:
    C(forks) and concurrent controllers share the account's 50 requests per second."
  - All modules of the collection belong to the C(softlayer.support.softlayer) action group, so
    connection options can be set once for a play with C(module_defaults).
'''

    # For plugins (the inventory plugin): the same options, read from the environment by Ansible's
    # configuration system too. Use with softlayer.support.connection, never alone.
    PLUGINS = r'''
options:
  username:
    env:
      - name: SL_USERNAME
  api_key:
    env:
      - name: SL_API_KEY
  endpoint_url:
    env:
      - name: SL_ENDPOINT_URL
  ca_bundle:
    env:
      - name: SL_CA_BUNDLE
'''
