"""Faults raised by the SoftLayer API emulator.

An ``ApiFault`` carries what the real service reports: the exception class name (the XML-RPC
``faultCode`` and the REST ``code``), the message, and the HTTP status used by REST. XML-RPC
always answers faults with HTTP 200 and a ``<fault>`` body, as the SDK expects.
"""

PUBLIC = 'SoftLayer_Exception_Public'
EXCEPTION = 'SoftLayer_Exception'
OBJECT_NOT_FOUND = 'SoftLayer_Exception_ObjectNotFound'
INVALID_TOKEN = 'SoftLayer_Exception_InvalidLegacyToken'
RATE_LIMIT = 'SoftLayer_Exception_WebService_RateLimitExceeded'
BAD_REQUEST = 'SoftLayer_Exception_WebService_BadRequest'
INVALID_VALUE = 'SoftLayer_Exception_InvalidValue'
# A mask naming a property the type does not have (softlayer-python #1088, softlayer-api-php-client #14).
OBJECT_MASK = 'SoftLayer_Exception_WebService_ObjectMask'
# A mask the API cannot parse (softlayer-python PR #345, 2014: the only recording).
MASK_PARSER = 'SoftLayer_Exception_Common_Parser'

# XML-RPC protocol-level codes (sent as strings, which is what the SDK's error mapping keys on).
NOT_WELL_FORMED = '-32700'
METHOD_NOT_FOUND = '-32601'
INVALID_PARAMETERS = '-32602'


class ApiFault(Exception):
    """An API error as the real service reports it: exception class name, message and HTTP status."""

    def __init__(self, code, message, http_status=500):
        super().__init__(message)
        self.code = code
        self.message = message
        self.http_status = http_status
        # REST has no numeric protocol codes; protocol faults name a SoftLayer exception there.
        self.rest_code = PUBLIC if code.startswith('-') else code


def public(message):
    """The generic customer-facing fault that most ticket validation errors use."""
    return ApiFault(PUBLIC, message)


def exception(message):
    """The plain ``SoftLayer_Exception`` class that the service pages document for create, attach and file errors."""
    return ApiFault(EXCEPTION, message)


def object_not_found(object_id):
    return ApiFault(OBJECT_NOT_FOUND, "Unable to find object with id of '{}'.".format(object_id), 404)


def invalid_token():
    return ApiFault(INVALID_TOKEN, 'Invalid API token.', 401)


def rest_access_denied():
    """REST's answer to bad or missing credentials: HTTP 401 with this body (trailing space included)."""
    return ApiFault(PUBLIC, 'Access Denied. ', 401)


def rate_limited(limit):
    return ApiFault(RATE_LIMIT, 'Rate limit of {} requests for every 1 second(s) exceeded.'.format(limit))


def method_not_found(method):
    return ApiFault(METHOD_NOT_FOUND, 'Function ("{}") is not a valid method for this service.'.format(method))


def service_not_found(service):
    return ApiFault(METHOD_NOT_FOUND, 'Service "{}" does not exist.'.format(service))


def invalid_parameters(detail):
    return ApiFault(INVALID_PARAMETERS, 'Invalid method parameters: {}'.format(detail))


def not_well_formed(detail):
    return ApiFault(NOT_WELL_FORMED, 'Parse error. Not well formed: {}'.format(detail))


def internal_error():
    """What the API answers when it fails unexpectedly (ISS #1034)."""
    return ApiFault('SOAP-ENV:Server', 'Internal Error')


def invalid_property(name, type_name):
    """Unknown key in a template object (ISS #1147 wording)."""
    return ApiFault(PUBLIC, "The property '{}' is not valid for '{}'.".format(name, type_name))
