# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The official SoftLayer SDK: the version the collection needs, whether it is there, and its import.

SDK_PIP_REQUIREMENT is the one place that states the SDK floor; requirements.txt
(read by ansible-builder through meta/execution-environment.yml) and the docs repeat
it, and tests/unit/plugins/module_utils/test_sdk.py fails when a copy disagrees.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
import traceback
import types

from ansible.module_utils.basic import missing_required_lib

SDK_PIP_REQUIREMENT = 'SoftLayer>=6.1.4'
SDK_URL = 'https://pypi.org/project/SoftLayer/'

# Start-up cost: the SDK imports rich at its top level (for slcli's console output), which no module run
# uses and which is about a fifth of a module process's start-up. While the SDK is imported, rich.console and
# rich.theme are stand-ins whose Console and Theme import the real rich on first use; then they leave
# sys.modules again, so any later import of rich gets the real one. Skipped when the SDK or rich is loaded
# already (a controller process); any failure imports the SDK the plain way.
_DEFERRED_SDK_IMPORTS = {'rich.console': ('Console',), 'rich.theme': ('Theme',)}
# Likewise SoftLayer.utils imports SoftLayer.CLI.exceptions, whose package __init__ loads slcli's helpers and
# click (about a tenth of the start-up). While the SDK is imported, SoftLayer.CLI is a bare package over the
# same folder, so its plain submodules load without the __init__; afterwards the real package imports as usual.
_BARE_PACKAGES = ('SoftLayer.CLI',)


def _deferred(module_name, attribute):
    def build(*args, **kwargs):
        return getattr(importlib.import_module(module_name), attribute)(*args, **kwargs)
    build.__name__ = attribute
    return build


def _drop(stand_ins):
    for name, stand_in in stand_ins.items():
        if sys.modules.get(name) is stand_in:
            del sys.modules[name]


def _bare_package(name):
    """A package module for ``name`` over its folder, without running its ``__init__``; None if not found."""
    parent, leaf = name.rsplit('.', 1)
    spec = importlib.util.find_spec(parent)
    if spec is None or not spec.submodule_search_locations:
        return None
    package = types.ModuleType(name)
    package.__path__ = [os.path.join(location, leaf) for location in spec.submodule_search_locations]
    package.__package__ = name
    return package


def _import_sdk_without_console():
    stand_ins = {}
    if 'SoftLayer' not in sys.modules:
        for name, attributes in _DEFERRED_SDK_IMPORTS.items():
            if name not in sys.modules:
                stand_in = types.ModuleType(name)
                for attribute in attributes:
                    setattr(stand_in, attribute, _deferred(name, attribute))
                stand_ins[name] = sys.modules[name] = stand_in
        for name in _BARE_PACKAGES:
            package = _bare_package(name) if name not in sys.modules else None
            if package is not None:
                stand_ins[name] = sys.modules[name] = package
    try:
        return importlib.import_module('SoftLayer')
    except Exception:  # pylint: disable=broad-except
        if not stand_ins:
            raise
        # Perhaps the SDK now uses rich differently: forget the partial import and import it the plain way.
        _drop(stand_ins)
        for name in [name for name in sys.modules if name == 'SoftLayer' or name.startswith('SoftLayer.')]:
            del sys.modules[name]
        return importlib.import_module('SoftLayer')
    finally:
        _drop(stand_ins)


try:
    SoftLayer = _import_sdk_without_console()
    # For settings.py (the config file reader) and faults.py (the exception classes).
    from SoftLayer import config as sl_config  # pylint: disable=unused-import
    from SoftLayer import exceptions as sl_exceptions  # pylint: disable=unused-import
    # The SDK's HTTP library (a dependency of the SDK), for client.py to replace the SDK's retrying adapter.
    from requests.adapters import HTTPAdapter  # pylint: disable=unused-import
    # For connections.py: a request like the SDK's, to find the connection pool the SDK's calls use.
    from requests import Request as HTTPRequest  # pylint: disable=unused-import
except ImportError:
    SoftLayer = sl_config = sl_exceptions = HTTPAdapter = HTTPRequest = None
    HAS_SOFTLAYER = False
    SOFTLAYER_IMPORT_ERROR = traceback.format_exc()
else:
    HAS_SOFTLAYER = True
    SOFTLAYER_IMPORT_ERROR = None


def missing_sdk_message():
    """Ansible's missing-library message for the SDK, with the pip command that fixes it."""
    return '%s Install it with: pip install "%s"' % (missing_required_lib('SoftLayer', url=SDK_URL), SDK_PIP_REQUIREMENT)
