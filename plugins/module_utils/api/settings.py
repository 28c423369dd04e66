# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Connection settings: module options, then SL_USERNAME / SL_API_KEY / SL_ENDPOINT_URL, then the SDK's config file.

``connection_settings`` resolves them and refuses what cannot work before any
client exists; ``secret_forms`` lists what must never appear in an error text.
"""

from __future__ import annotations

import base64
import configparser
import os
from urllib.parse import unquote, urlsplit

from ansible_collections.softlayer.support.plugins.module_utils.api.connection_options import DEFAULT_TIMEOUT, from_environment
from ansible_collections.softlayer.support.plugins.module_utils.api.errors import InvalidInputError, SoftLayerSupportError
from ansible_collections.softlayer.support.plugins.module_utils.api.sdk import sl_config


def connection_settings(params):
    """The resolved settings for a client (see ``resolve_settings``), or an error naming what is wrong.

    ``params`` are the connection options (a module's ``params`` or a plain dict).
    """
    timeout = params.get('timeout')
    if timeout is not None and positive(timeout) is None:
        raise InvalidInputError('timeout must be a positive number of seconds, not %r' % (timeout,),
                                option='timeout')
    config_file = params.get('config_file')
    if config_file and not os.path.isfile(os.path.expanduser(config_file)):
        raise InvalidInputError('config_file %s does not exist or is not a file' % config_file, option='config_file')
    ca_bundle = ca_bundle_of(params)
    if ca_bundle and not os.path.isfile(ca_bundle):
        raise InvalidInputError('ca_bundle %s does not exist or is not a file; give the PEM file of the CA '
                                'certificates to trust' % ca_bundle, option='ca_bundle')
    try:
        settings = resolve_settings(params)
    except (ValueError, configparser.Error) as error:
        raise InvalidInputError('the SoftLayer config file cannot be read: %s' % error, option='config_file') from None
    check_endpoint_url(settings['endpoint_url'])
    if not settings['username'] or not settings['api_key']:
        raise SoftLayerSupportError(
            'no SoftLayer credentials: set the username and api_key options, the SL_USERNAME and SL_API_KEY '
            'environment variables, or the [softlayer] section of ~/.softlayer')
    if positive(settings['timeout']) is None:
        raise InvalidInputError('timeout in the SoftLayer config file must be a positive number of seconds',
                                option='timeout')
    return settings


def resolve_settings(params):
    """Connection settings by the SDK's own precedence: options, then environment, then config file.

    ``endpoint_url`` falls back to SL_ENDPOINT_URL (as the modules' argument spec
    does) before the config file. The SDK has no timeout by default (a hung call
    would hang the play), so 60 s applies unless an option or the config file
    says otherwise. ``verify`` is what the SDK's transports take: False when
    ``validate_certs`` is false, else the ``ca_bundle`` file (option, then
    SL_CA_BUNDLE) when given, else ``validate_certs``, else ``verify`` in the
    config file (true, false or a CA file, as slcli reads it).
    """
    settings = sl_config.get_client_settings(
        username=params.get('username'),
        api_key=params.get('api_key'),
        endpoint_url=params.get('endpoint_url') or from_environment('endpoint_url'),
        timeout=params.get('timeout'),
        proxy=params.get('proxy'),
        config_file=params.get('config_file'),
    )
    verify = params.get('validate_certs')
    ca_bundle = ca_bundle_of(params)
    if ca_bundle and verify is not False:
        verify = ca_bundle
    elif verify is None:
        verify = settings.get('verify', True)
    return {
        'username': settings.get('username'),
        'api_key': settings.get('api_key'),
        'endpoint_url': settings.get('endpoint_url'),
        'timeout': settings.get('timeout') or DEFAULT_TIMEOUT,
        'proxy': settings.get('proxy'),
        'verify': True if verify in (None, '') else verify,
    }


def ca_bundle_of(params):
    """The CA file to trust: the ``ca_bundle`` option, else SL_CA_BUNDLE (for callers without an argument spec)."""
    ca_bundle = params.get('ca_bundle') or from_environment('ca_bundle')
    return os.path.expanduser(ca_bundle) if ca_bundle else None


def check_endpoint_url(url):
    """Refuse an endpoint that cannot be an API URL, naming the option (a typo otherwise fails obscurely)."""
    if not url:
        return
    parts = urlsplit(url)
    if parts.scheme not in ('http', 'https') or not parts.netloc:
        raise InvalidInputError(
            'endpoint_url %r is not an http(s) URL; use for example https://api.softlayer.com/xmlrpc/v3.1/ '
            'or https://api.softlayer.com/rest/v3.1/' % (url,), option='endpoint_url')


def secret_forms(settings):
    """Every form in which the resolved credentials could show up in an error text."""
    forms = []
    api_key = settings.get('api_key')
    if api_key:
        forms.append(api_key)
        credentials = '%s:%s' % (settings.get('username') or '', api_key)
        forms.append(base64.b64encode(credentials.encode('utf-8')).decode('ascii'))
    proxy = settings.get('proxy')
    if proxy:
        try:
            password = urlsplit(proxy).password
        except ValueError:
            password = None
        if password:
            forms.extend([password, unquote(password)])
    return [f for f in forms if f]


def positive(value):
    """``value`` as a number of seconds greater than 0, or None."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None
