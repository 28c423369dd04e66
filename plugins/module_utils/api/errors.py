# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one error family of the collection.

Modules catch only SoftLayerSupportError; every SDK exception is turned into one
of these by the client wrapper, so a task fails with a sentence, never a traceback.
"""

from __future__ import annotations


class SoftLayerSupportError(Exception):
    """Base class: ``str(error)`` is the message shown to the user."""

    def __init__(self, message, fault_code=None, operation=None):
        super().__init__(message)
        self.fault_code = fault_code
        self.operation = operation

    def details(self):
        """Extra keys for ``fail_json`` so playbooks can branch on the fault."""
        return {'fault_code': self.fault_code, 'operation': self.operation}


class InvalidInputError(SoftLayerSupportError):
    """Bad module input, found before anything was written."""

    def __init__(self, message, option=None):
        super().__init__(message)
        self.option = option

    def details(self):
        return {'option': self.option}


class ApiFaultError(SoftLayerSupportError):
    """The API answered with a fault (or the transport failed) and nothing was applied."""


class OutcomeUnknownError(ApiFaultError):
    """A write may or may not have been applied: its response was lost.

    Raised instead of retrying blindly; the caller must look whether the write
    landed before it tries again.
    """
