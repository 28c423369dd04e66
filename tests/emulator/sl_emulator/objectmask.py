"""Object-mask parsing and projection for the SoftLayer API emulator.

A mask says which properties of the returned objects the API renders
(see docs: SoftLayer API reference, section 4.1). The parser accepts every
form the SDK sends or a user writes by hand:

* ``mask[id,title,status[name]]`` and ``filteredMask[...]``
* the old dotted form ``mask.status.name`` and dotted items ``mask[status.name]``
* ``[id,title]`` and bare ``id,title,status.name``
* type hints ``mask(SoftLayer_Hardware_Server)[id]`` and ``attachedHardware(SoftLayer_Hardware)[id]``
  (recorded in ``Mask.type_hint``; projection casts an object to the hinted subtype, so
  ``Account::getHardware``'s SoftLayer_Hardware items show SoftLayer_Hardware_Server properties)

Whitespace is allowed between any two tokens, and a property named twice is
merged (``mask[status[id],status[name]]`` equals ``mask[status[id,name]]``).

Projection follows the API: without a mask an object renders its local
properties; naming any local property at a level trims that level to the
named locals; relational and count properties appear only when named.
Null values stay (the transport sends them as the real API does). A property the type does not
have is a SoftLayer_Exception_WebService_ObjectMask fault; text that does not parse a
SoftLayer_Exception_Common_Parser fault.
"""

import re
from typing import Dict, List, Optional, Tuple

from .faults import MASK_PARSER, OBJECT_MASK, ApiFault

_PARSE_ERROR = 'Unable to parse object mask. '

_TOKEN_RE = re.compile(r'[A-Za-z_][A-Za-z0-9_]*|[\[\](),.]')
_ROOT_KEYWORDS = ('mask', 'filteredMask')


class Mask:
    """One level of a parsed mask: the named children and flags of that level."""

    def __init__(self, filtered: bool = False, type_hint: Optional[str] = None):
        self.children: Dict[str, 'Mask'] = {}
        self.filtered = filtered
        self.type_hint = type_hint

    def merge(self, other: 'Mask') -> None:
        """Fold ``other`` into this level, so a property named twice keeps all its sub-properties."""
        self.filtered = self.filtered or other.filtered
        self.type_hint = self.type_hint or other.type_hint
        for name, child in other.children.items():
            self.add_child(name, child)

    def add_child(self, name: str, child: 'Mask') -> None:
        """Add or merge the child ``name``."""
        if name in self.children:
            self.children[name].merge(child)
        else:
            self.children[name] = child

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Mask):
            return NotImplemented
        return (self.children, self.filtered, self.type_hint) == (other.children, other.filtered, other.type_hint)

    def __repr__(self) -> str:
        return f'Mask(children={self.children!r}, filtered={self.filtered!r}, type_hint={self.type_hint!r})'


def _tokenize(text: str) -> List[Tuple[str, int]]:
    """Split ``text`` into (token, position) pairs; any other character is a parse error."""
    tokens = []
    position = 0
    while True:
        while position < len(text) and text[position].isspace():
            position += 1
        if position == len(text):
            return tokens
        match = _TOKEN_RE.match(text, position)
        if match is None:
            raise _parse_fault(f'Unexpected character {text[position]!r} at position {position}.')
        tokens.append((match.group(), position))
        position = match.end()


def _parse_fault(detail: str) -> ApiFault:
    return ApiFault(MASK_PARSER, _PARSE_ERROR + detail, 500)


class _Parser:
    """Recursive-descent parser over the token list; one instance per mask string."""

    def __init__(self, text: str):
        self.tokens = _tokenize(text)
        self.index = 0

    def peek(self, ahead: int = 0) -> Optional[str]:
        """The token ``ahead`` places from the current one, or None past the end."""
        index = self.index + ahead
        return self.tokens[index][0] if index < len(self.tokens) else None

    def found(self) -> str:
        """Describe the current token and its position, for error messages."""
        if self.index >= len(self.tokens):
            return 'end of mask'
        token, position = self.tokens[self.index]
        return f'{token!r} at position {position}'

    def expect(self, wanted: str) -> None:
        """Consume the punctuation ``wanted`` or fail with what was found instead."""
        if self.peek() != wanted:
            raise _parse_fault(f'Expected {wanted!r} but found {self.found()}.')
        self.index += 1

    def expect_name(self, what: str) -> str:
        """Consume a property or type name; ``what`` names it in the error."""
        token = self.peek()
        if token is None or not (token[0].isalpha() or token[0] == '_'):
            raise _parse_fault(f'Expected a {what} but found {self.found()}.')
        self.index += 1
        return token

    def parse(self) -> Mask:
        """Parse the whole text; trailing tokens are an error."""
        root = self.parse_root()
        if self.peek() is not None:
            raise _parse_fault(f'Unexpected {self.found()}.')
        return root

    def parse_root(self) -> Mask:
        """Parse ``mask``/``filteredMask`` prefixed forms, ``[...]`` or a bare property list."""
        first = self.peek()
        if first in _ROOT_KEYWORDS:
            self.index += 1
            root = Mask(filtered=first == 'filteredMask', type_hint=self.parse_hint())
            if self.peek() == '.':
                self.index += 1
                self.parse_item(root)
            else:
                self.parse_bracketed(root)
            return root
        root = Mask()
        if first == '[':
            self.parse_bracketed(root)
        else:
            self.parse_list(root)
        return root

    def parse_hint(self) -> Optional[str]:
        """Parse an optional ``(TypeName)`` hint."""
        if self.peek() != '(':
            return None
        self.index += 1
        hint = self.expect_name('type name')
        self.expect(')')
        return hint

    def parse_bracketed(self, parent: Mask) -> None:
        """Parse ``[list]`` into ``parent``."""
        self.expect('[')
        self.parse_list(parent)
        self.expect(']')

    def parse_list(self, parent: Mask) -> None:
        """Parse comma-separated items into ``parent``."""
        self.parse_item(parent)
        while self.peek() == ',':
            self.index += 1
            self.parse_item(parent)

    def parse_item(self, parent: Mask) -> None:
        """Parse ``name(hint)?`` followed by nothing, ``.item`` or ``[list]``, and add it to ``parent``."""
        name = self.expect_name('property name')
        child = Mask(type_hint=self.parse_hint())
        if self.peek() == '.':
            self.index += 1
            self.parse_item(child)
        elif self.peek() == '[':
            self.parse_bracketed(child)
        parent.add_child(name, child)


def parse_mask(text: Optional[str]) -> Optional[Mask]:
    """Parse an object-mask string; ``None`` or blank text means "no mask"."""
    if text is None or not text.strip():
        return None
    return _Parser(text).parse()


def _is_node(value: object) -> bool:
    return callable(getattr(value, 'local', None)) and hasattr(value, 'type_name')


def _invalid_property(name: str, type_name: str) -> ApiFault:
    return ApiFault(OBJECT_MASK, f"Property '{name}' not valid for '{type_name}'.", 500)


def project(node_or_list, mask: Optional[Mask]):
    """Render a node (or a list of nodes) as plain JSON-able data, as trimmed by ``mask``."""
    if isinstance(node_or_list, (list, tuple)):
        return [project(item, mask) for item in node_or_list]
    return _project_node(node_or_list, mask)


def _project_node(node, mask: Optional[Mask]) -> dict:
    if mask is not None and mask.type_hint:
        node = node.cast(mask.type_hint)
    local = node.local()
    children = mask.children if mask is not None else {}
    named_locals = [name for name in children if node.has_local(name)]
    relational = {}
    for name, child in children.items():
        if node.has_local(name):
            if child.children:
                raise _invalid_property(next(iter(child.children)), f'{node.type_name}::{name}')
            continue
        try:
            value = node.relational(name)
        except KeyError:
            raise _invalid_property(name, node.type_name) from None
        relational[name] = _project_value(value, child, f'{node.type_name}::{name}')

    # Without named local properties every local property is rendered, nulls included, as the recorded real
    # responses show them (softlayer-cli plugin/testfixtures/SoftLayer_Account/getTickets.json).
    selected = named_locals if named_locals else list(local) + [n for n in getattr(node, 'LOCALS', ()) if n not in local]
    # Null properties stay: the transport sends them as the real API does ('' over XML-RPC, null over REST).
    result = {name: local.get(name) for name in selected}
    result.update(relational)
    return result


def _project_value(value, mask: Mask, owner: str):
    """Render a relational value: a node, a list of nodes, or a scalar such as a count."""
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        return [_project_value(item, mask, owner) for item in value]
    if _is_node(value):
        return _project_node(value, mask)
    if mask.children:
        raise _invalid_property(next(iter(mask.children)), owner)
    return value
