"""A minimal stand-in for the emulator's Node protocol, for the mask and filter engine tests."""


class FakeNode:
    """One API object: local properties, relational ones, and (optionally) declared-but-unset locals."""

    def __init__(self, type_name, local, relations=None, extra_locals=()):
        self.type_name = type_name
        self._local = local
        self._relations = relations or {}
        self._local_names = set(local) | set(extra_locals)

    def local(self):
        return dict(self._local)

    def has_local(self, name):
        return name in self._local_names

    def relational(self, name):
        if name not in self._relations:
            raise KeyError(name)
        return self._relations[name]
