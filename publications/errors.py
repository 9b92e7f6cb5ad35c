"""Typed errors for publications; each message is shown to the person as it is."""


class PublicationError(Exception):
    """Base class: the message is a sentence a person can act on."""


class NotAllowedToManageFiles(PublicationError):
    pass


class PublicationFileRejected(PublicationError):
    pass
